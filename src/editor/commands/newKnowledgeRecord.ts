import * as vscode from 'vscode';
import { aYearAfter, knowledgeFileName, knowledgeRecordText, type KnowledgeType } from '../../core/assist/newRecords';
import { KNOWLEDGE_TYPES } from '../../core/schema/vocabulary';
import { todayUtc } from '../../core/today';
import {
  NEW_KNOWLEDGE_REQUEST,
  NEXT_ID_REQUEST,
  type NewKnowledgeParams,
  type NewKnowledgeResult,
  type NextIdParams,
  type NextIdResult,
} from '../../server/protocol';
import { readConfig } from '../config';
import { assertTrusted, createFirstFree, folderInside, openAt, WriteRefused } from '../write';
import {
  argsOf,
  createCommand,
  chooseFolder,
  listed,
  oneOf,
  pickMany,
  pickOne,
  stringArg,
  stringsArg,
  type CommandFolder,
  type IndexRequests,
  type ValueItem,
} from './support';

const NEW_KNOWLEDGE_RECORD = 'svcm.newKnowledgeRecord';

/** The arguments of `svcm.newKnowledgeRecord` (docs/commands.md): each one given is not asked. */
export interface NewKnowledgeArgs {
  type?: KnowledgeType;
  title?: string;
  services?: string[];
}

const TYPE_ITEMS: ValueItem<KnowledgeType>[] = [
  { label: 'runbook', value: 'runbook', description: 'the steps of a routine operation' },
  { label: 'known-error', value: 'known-error', description: 'a problem with a known cause and a workaround' },
  { label: 'how-to', value: 'how-to', description: 'how to get something done' },
  { label: 'post-incident-review', value: 'post-incident-review', description: 'what happened, why, and what changes' },
  { label: 'faq', value: 'faq', description: 'a question that keeps being asked, answered' },
];

/**
 * `svcm.newKnowledgeRecord { type, title, services }`: writes the next free
 * `KB-NNNN` as `<svcm.knowledgeFolder>/KB-NNNN-<slug of the title>.md`, front
 * matter and a Markdown skeleton for its type, and opens it. Returns the
 * file's URI; undefined when cancelled or refused.
 */
export function registerNewKnowledgeRecord(server: IndexRequests, log: vscode.LogOutputChannel): vscode.Disposable {
  return createCommand(NEW_KNOWLEDGE_RECORD, log, 'cannot create the knowledge record', (arg?: unknown) => {
    const args = argsOf(arg);
    return newKnowledgeRecord(server, log, {
      type: oneOf(args, 'type', KNOWLEDGE_TYPES),
      title: stringArg(args, 'title'),
      services: stringsArg(args, 'services'),
    });
  });
}

async function newKnowledgeRecord(
  server: IndexRequests,
  log: vscode.LogOutputChannel,
  args: NewKnowledgeArgs,
): Promise<vscode.Uri | undefined> {
  assertTrusted();
  const folder = await chooseFolder(server, {
    prefer: args.services ? { defines: { kind: 'Service', names: args.services } } : undefined,
  });
  if (!folder) return undefined;
  const dir = await folderInside(folder.folder, 'svcm.knowledgeFolder', readConfig(folder.folder.uri).knowledgeFolder);

  const type =
    args.type ??
    (await pickOne(TYPE_ITEMS, {
      title: 'New Knowledge Record (1/3): type',
      placeHolder: 'What kind of article is it?',
    }));
  if (!type) return undefined;
  const title =
    args.title ??
    (await vscode.window.showInputBox({
      title: `New Knowledge Record (2/3): title of the ${type}`,
      prompt: 'Also names the file: KB-NNNN-<title in lowercase words>.md',
      ignoreFocusOut: true,
      validateInput: (value) => (value.trim() ? undefined : 'A title, like "Restart the ledger"'),
    }));
  if (title === undefined) return undefined;
  if (!title.trim()) throw new WriteRefused('the title is empty');

  const services = args.services ?? (await chooseServices(server, folder));
  if (!services) return undefined;
  // The team that owns the first service owns the article, until someone says otherwise (core knowledgeOwner).
  const { owner, unknown } = await knowledgeFacts(server, folder, { services });
  if (unknown.length > 0)
    log.warn(`[newKnowledgeRecord] ${listed(unknown)}: no such service in '${folder.folder.name}'`);

  const today = todayUtc();
  const reviewBy = aYearAfter(today);
  const written = await createFirstFree(dir, async (taken) => {
    const { id } = await server.sendRequest<NextIdResult>(NEXT_ID_REQUEST, {
      folder: folder.key,
      kind: 'Knowledge',
      today,
      taken: [...taken],
    } satisfies NextIdParams);
    const record = knowledgeRecordText({ id, type, title, services, owner, reviewBy });
    return { fileName: knowledgeFileName(id, title), ...record };
  });
  if (!written) return undefined;
  log.info(`[newKnowledgeRecord] ${folder.folder.name}: wrote ${folder.relative(written.uri)}`);
  await openAt(written.uri, written.proposal.cursor);
  return written.uri;
}

function knowledgeFacts(
  server: IndexRequests,
  folder: CommandFolder,
  params: Omit<NewKnowledgeParams, 'folder'>,
): Promise<NewKnowledgeResult> {
  return server.sendRequest<NewKnowledgeResult>(NEW_KNOWLEDGE_REQUEST, { ...params, folder: folder.key });
}

/** Services to pick, the one owning the active file picked at the start; none is allowed. */
async function chooseServices(server: IndexRequests, folder: CommandFolder): Promise<string[] | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const path = active && folder.relative(active);
  const { services, owning } = await knowledgeFacts(server, folder, path === undefined ? {} : { path });
  const items = services.map((s) => ({
    label: s.name,
    value: s.name,
    description: [s.title, s.phase].filter(Boolean).join(' · '),
  }));
  if (items.length === 0) return [];
  return pickMany(items, {
    title: 'New Knowledge Record (3/3): services',
    placeholder: 'The services the article is about',
    picked: (item) => owning.includes(item.value),
    allowNone: true,
  });
}
