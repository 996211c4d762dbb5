import * as vscode from 'vscode';
import { serviceChoices } from '../../core/assist/changeCandidates';
import {
  aYearAfter,
  knowledgeFileName,
  knowledgeRecordText,
  nextKnowledgeId,
  type KnowledgeType,
} from '../../core/assist/newRecords';
import { specOf } from '../../core/index/references';
import { servicesOwning } from '../../core/index/ownership';
import { KNOWLEDGE_TYPES } from '../../core/schema/records';
import { todayUtc } from '../../core/validate';
import { readConfig } from '../config';
import type { FolderModel, WorkspaceModel } from '../workspaceModel';
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
export function registerNewKnowledgeRecord(model: WorkspaceModel, log: vscode.LogOutputChannel): vscode.Disposable {
  return createCommand(NEW_KNOWLEDGE_RECORD, log, 'cannot create the knowledge record', (arg?: unknown) => {
    const args = argsOf(arg);
    return newKnowledgeRecord(model, log, {
      type: oneOf(args, 'type', KNOWLEDGE_TYPES),
      title: stringArg(args, 'title'),
      services: stringsArg(args, 'services'),
    });
  });
}

async function newKnowledgeRecord(
  model: WorkspaceModel,
  log: vscode.LogOutputChannel,
  args: NewKnowledgeArgs,
): Promise<vscode.Uri | undefined> {
  assertTrusted();
  const folder = await chooseFolder(model, {
    prefer: args.services
      ? (f) => args.services!.every((s) => f.index.definitions('Service', s).length > 0)
      : undefined,
  });
  if (!folder) return undefined;
  const index = folder.index;
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

  const services = args.services ?? (await chooseServices(folder));
  if (!services) return undefined;
  const unknown = services.filter((s) => index.definitions('Service', s).length === 0);
  if (unknown.length > 0)
    log.warn(`[newKnowledgeRecord] ${listed(unknown)}: no such service in '${folder.folder.name}'`);

  // The team that owns the first service owns the article, until someone says otherwise.
  const firstService = services.map((s) => index.definitions('Service', s)[0]).find(Boolean);
  const owner = firstService ? specOf(firstService, 'Service')?.owner : undefined;
  const reviewBy = aYearAfter(todayUtc());
  const written = await createFirstFree(dir, (taken) => {
    const id = nextKnowledgeId(index, taken);
    const record = knowledgeRecordText({
      id,
      type,
      title,
      services,
      owner: typeof owner === 'string' && index.definitions('Team', owner).length > 0 ? owner : undefined,
      reviewBy,
    });
    return { fileName: knowledgeFileName(id, title), ...record };
  });
  if (!written) return undefined;
  log.info(`[newKnowledgeRecord] ${folder.folder.name}: wrote ${folder.relative(written.uri)}`);
  await openAt(written.uri, written.proposal.cursor);
  return written.uri;
}

/** Services to pick, the one owning the active file picked at the start; none is allowed. */
function chooseServices(folder: FolderModel): Promise<string[] | undefined> {
  const active = vscode.window.activeTextEditor?.document.uri;
  const path = active && folder.relative(active);
  const owning = path !== undefined ? servicesOwning(folder.index, path).map((r) => r.name!) : [];
  const items = serviceChoices(folder.index).map((s) => ({
    label: s.name,
    value: s.name,
    description: [s.title, s.phase].filter(Boolean).join(' · '),
  }));
  if (items.length === 0) return Promise.resolve([]);
  return pickMany(items, {
    title: 'New Knowledge Record (3/3): services',
    placeholder: 'The services the article is about',
    picked: (item) => owning.includes(item.value),
    allowNone: true,
  });
}
