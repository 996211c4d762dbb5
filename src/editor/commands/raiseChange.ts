import * as vscode from 'vscode';
import { changeRecordText, type ChangeType } from '../../core/assist/newRecords';
import { branchWork, defaultSummary, isDefaultBranch, type BranchWork } from '../../core/git/branch';
import { CHANGE_TYPES } from '../../core/schema/vocabulary';
import { todayUtc } from '../../core/today';
import {
  ASSESS_CHANGE_REQUEST,
  NEXT_ID_REQUEST,
  RAISE_CHANGE_REQUEST,
  type AssessChangeParams,
  type ChangeAssessment,
  type NextIdParams,
  type NextIdResult,
  type RaiseChangeParams,
  type RaiseChangeResult,
  type TemplateChoiceData,
} from '../../server/protocol';
import { readConfig } from '../config';
import { describeGitError, type GitPorts } from '../git';
import { SHOW_SERVICE_MAP } from './showServiceMap';
import { assertTrusted, createFirstFree, folderInside, openAt, WriteRefused } from '../write';
import {
  argsOf,
  CommandFolder,
  createCommand,
  chooseFolder,
  listed,
  oneOf,
  pickMany,
  pickOne,
  stringArg,
  stringsArg,
  type IndexRequests,
  type ValueItem,
} from './support';

const RAISE_CHANGE = 'svcm.raiseChange';
const RAISE_CHANGE_FOR_SERVICE = 'svcm.raiseChangeForService';

/** The arguments of `svcm.raiseChange` (docs/commands.md): each one given is not asked. */
export interface RaiseChangeArgs {
  type?: ChangeType;
  template?: string;
  services?: string[];
  summary?: string;
  /** take what would be pre-selected without asking: services from git, type normal, the suggested risk, the summary from the branch */
  acceptDefaults?: boolean;
}

const TYPE_ITEMS: ValueItem<ChangeType>[] = [
  {
    label: 'normal',
    value: 'normal',
    description: 'assessed and approved before it is made',
    detail: 'Needs an implementation, backout and test plan, and an approval.',
  },
  {
    label: 'standard',
    value: 'standard',
    description: 'pre-approved, low risk, follows a template',
    detail: 'Uses a standard change template (StandardChange) that covers the services.',
  },
  {
    label: 'emergency',
    value: 'emergency',
    description: 'must be made as soon as possible',
    detail: 'Approved by the emergency CAB; reviewed after it is made.',
  },
];

/**
 * `svcm.raiseChange { type, template, services, summary, acceptDefaults }` and
 * `svcm.raiseChangeForService` (a Services view node): writes the next free
 * `CHG-YYYY-NNNN` under `svcm.changesFolder`, services pre-selected from the
 * files changed on the branch, its commits and branch filled in, and opens it
 * at the first field to fill in. Returns the file's URI; undefined when cancelled or refused.
 */
export function registerRaiseChange(
  server: IndexRequests,
  gits: GitPorts,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  return vscode.Disposable.from(
    createCommand(RAISE_CHANGE, log, 'cannot raise the change', (arg?: unknown) =>
      raiseChange(server, gits, log, readArgs(argsOf(arg))),
    ),
    createCommand(RAISE_CHANGE_FOR_SERVICE, log, 'cannot raise the change', async (node?: unknown) => {
      const { service, folder } = serviceOf(node);
      if (!service) throw new WriteRefused('choose a service in the Services view');
      return raiseChange(server, gits, log, { services: [service] }, folder);
    }),
  );
}

function readArgs(args: Record<string, unknown>): RaiseChangeArgs {
  return {
    type: oneOf(args, 'type', CHANGE_TYPES),
    template: stringArg(args, 'template'),
    services: stringsArg(args, 'services'),
    summary: stringArg(args, 'summary'),
    acceptDefaults: args.acceptDefaults === true,
  };
}

/**
 * The service a Services view node stands for (a service node: `{ folder, node: { type: 'service', name } }`,
 * `folder` the workspace folder's URI), or a name.
 */
function serviceOf(node: unknown): { service?: string; folder?: vscode.WorkspaceFolder } {
  if (typeof node === 'string') return { service: node };
  if (!node || typeof node !== 'object') return {};
  const { folder, node: inner } = node as {
    folder?: unknown;
    node?: { type?: unknown; name?: unknown; service?: unknown };
  };
  const name =
    inner?.type === 'service'
      ? inner.name
      : inner?.type === 'section' || inner?.type === 'status'
        ? inner.service
        : undefined;
  return { service: typeof name === 'string' ? name : undefined, folder: workspaceFolderOf(folder) };
}

/** The workspace folder a node names: by its URI (or, as nodes had it before, by a folder object carrying one). */
function workspaceFolderOf(value: unknown): vscode.WorkspaceFolder | undefined {
  const uri =
    value instanceof vscode.Uri
      ? value
      : typeof value === 'string'
        ? vscode.Uri.parse(value)
        : value && typeof value === 'object'
          ? ((value as { uri?: unknown }).uri ?? (value as { folder?: { uri?: unknown } }).folder?.uri)
          : undefined;
  if (!(uri instanceof vscode.Uri)) return undefined;
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.toString() === uri.toString());
}

async function raiseChange(
  server: IndexRequests,
  gits: GitPorts,
  log: vscode.LogOutputChannel,
  args: RaiseChangeArgs,
  given?: vscode.WorkspaceFolder,
): Promise<vscode.Uri | undefined> {
  assertTrusted();
  const folder = await chooseFolder(server, {
    given,
    acceptDefaults: args.acceptDefaults,
    prefer: args.services ? { defines: { kind: 'Service', names: args.services } } : undefined,
  });
  if (!folder) return undefined;
  const dir = await folderInside(folder.folder, 'svcm.changesFolder', readConfig(folder.folder.uri).changesFolder);

  const work = await gitWork(gits, folder, log);
  // What the index says of the branch's files (owners, templates, services): the language server's answer.
  const offer = await server.sendRequest<RaiseChangeResult>(RAISE_CHANGE_REQUEST, {
    folder: folder.key,
    changedFiles: work.facts?.files ?? [],
    services: args.services,
  } satisfies RaiseChangeParams);
  const touched = new Map(offer.touched.map((t) => [t.name, t.files]));
  const preselected = offer.touched.map((t) => t.name);
  if (work.unavailable && !args.services) {
    if (args.acceptDefaults)
      throw new WriteRefused(
        `no services were given, and git cannot tell which files changed (${work.unavailable}): pass the services`,
      );
    void vscode.window.showInformationMessage(
      `svcm: git is not available (${work.unavailable}): choose the services yourself.`,
    );
  }

  const type =
    args.type ??
    (args.acceptDefaults
      ? 'normal'
      : await pickOne(TYPE_ITEMS, { title: 'Raise Change (1/4): type', placeHolder: 'What kind of change is it?' }));
  if (!type) return undefined;

  let template: string | undefined;
  if (type === 'standard') {
    template =
      args.template ??
      (await chooseTemplate(offer.templates, args.services ?? preselected, args.acceptDefaults === true));
    if (!template) return undefined;
  }

  const services =
    args.services ??
    (args.acceptDefaults ? preselected : await chooseServices(server, folder, offer, touched, preselected, template));
  if (!services) return undefined;
  if (services.length === 0)
    throw new WriteRefused(
      "git shows no changed file that a service's `code` globs match: pass the services, or choose them",
    );

  const { risk, tier, blastRadius: blast } = await assess(server, folder, services);
  const fromGit = defaultSummary(work.facts);
  let summary = args.summary ?? (args.acceptDefaults ? fromGit : undefined);
  if (summary === undefined) {
    summary = await vscode.window.showInputBox({
      title: `Raise ${type} change: summary`,
      prompt: `What changes, and why. Suggested risk ${risk}${tier ? ` (${tier.service} is tier ${tier.tier})` : ''}; blast radius: ${listed(blast)}.`,
      value: fromGit,
      ignoreFocusOut: true,
    });
    if (summary === undefined) return undefined;
  }

  const today = todayUtc();
  const written = await createFirstFree(dir, async (taken) => {
    const { id } = await server.sendRequest<NextIdResult>(NEXT_ID_REQUEST, {
      folder: folder.key,
      kind: 'Change',
      today,
      taken: [...taken],
    } satisfies NextIdParams);
    const record = changeRecordText({
      id,
      type,
      template,
      services,
      summary,
      risk,
      riskNote: tier
        ? `suggested: ${tier.service} is tier ${tier.tier}`
        : 'suggested: no tier 1 or 2 service is touched',
      impactNote: blast.length > 0 ? `blast radius: ${blast.join(', ')}` : undefined,
      branch: work.facts?.branch && !isDefaultBranch(work.facts) ? work.facts.branch : undefined,
      commits: work.facts?.commits.map((c) => c.sha),
    });
    return { fileName: `${id}.yaml`, text: record.text, id, cursor: record.cursor };
  });
  if (!written) return undefined;
  log.info(
    `[raiseChange] ${folder.folder.name}: wrote ${folder.relative(written.uri) ?? written.uri.toString(true)} (${type}, ${services.join(', ')}, risk ${risk})`,
  );
  await openAt(written.uri, written.proposal.cursor);
  offerServiceMap(written.proposal.id, blast);
  return written.uri;
}

/** The change's blast radius, said once more, with the map that shows it a click away. */
function offerServiceMap(id: string, blast: readonly string[]): void {
  const show = 'Show on Service Map';
  void vscode.window
    .showInformationMessage(`svcm: raised ${id}; blast radius: ${listed(blast)}.`, show)
    .then((choice) => (choice === show ? vscode.commands.executeCommand(SHOW_SERVICE_MAP, { change: id }) : undefined))
    .then(undefined, () => undefined);
}

/** Git's view of the branch, or why there is none (said once, by the caller). */
async function gitWork(
  gits: GitPorts,
  folder: CommandFolder,
  log: vscode.LogOutputChannel,
): Promise<{ facts?: BranchWork; unavailable?: string }> {
  const access = await gits.access(folder.folder);
  if (!access.git) return { unavailable: access.reason };
  try {
    const facts = await branchWork(access.git);
    for (const note of facts.notes) log.info(`[raiseChange] git: ${note}`);
    return { facts };
  } catch (error) {
    log.warn(`[raiseChange] git: ${describeGitError(error)}`);
    return { unavailable: describeGitError(error) };
  }
}

/** The suggested risk, the highest tier and the blast radius of the services (core/catalogue/impact, on the server). */
function assess(server: IndexRequests, folder: CommandFolder, services: readonly string[]): Promise<ChangeAssessment> {
  return server.sendRequest<ChangeAssessment>(ASSESS_CHANGE_REQUEST, {
    folder: folder.key,
    services: [...services],
  } satisfies AssessChangeParams);
}

async function chooseTemplate(
  templates: TemplateChoiceData[],
  services: readonly string[],
  acceptDefaults: boolean,
): Promise<string | undefined> {
  if (templates.length === 0)
    throw new WriteRefused(
      'there is no standard change template (StandardChange record) in this workspace: raise a normal change, or write a template first',
    );
  const covering = templates.filter((t) => t.covers);
  if (acceptDefaults) {
    if (covering.length === 0)
      throw new WriteRefused(
        `no standard change template covers ${listed([...services])}: pass a template, or raise a normal change`,
      );
    return covering[0].name;
  }
  const item = (t: (typeof templates)[number]): ValueItem<string> => ({
    label: t.name,
    value: t.name,
    description: [t.title, t.maxRisk ? `max risk ${t.maxRisk}` : undefined].filter(Boolean).join(' · '),
    detail: t.covers
      ? `for ${listed(t.services)}`
      : `does not cover ${listed(services.filter((s) => !t.services.includes(s)))}`,
  });
  const others = templates.filter((t) => !t.covers);
  const items: vscode.QuickPickItem[] = [
    ...covering.map(item),
    ...(covering.length > 0 && others.length > 0
      ? [{ label: 'other templates', kind: vscode.QuickPickItemKind.Separator }]
      : []),
    ...others.map(item),
  ];
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Raise Change (2/4): standard change template',
    placeHolder:
      covering.length > 0
        ? 'The pre-approved template the change follows'
        : `No template covers ${listed([...services])}: any you choose will be reported (template-scope)`,
    ignoreFocusOut: true,
    matchOnDescription: true,
  });
  return (picked as ValueItem<string> | undefined)?.value;
}

async function chooseServices(
  server: IndexRequests,
  folder: CommandFolder,
  offer: RaiseChangeResult,
  touched: Map<string, number>,
  preselected: readonly string[],
  template: string | undefined,
): Promise<string[] | undefined> {
  const covered = template ? offer.templates.find((t) => t.name === template)?.services : undefined;
  const all = [...offer.services];
  // The services git saw changed first, then the rest by name.
  all.sort((a, b) => Number(touched.has(b.name)) - Number(touched.has(a.name)) || (a.name < b.name ? -1 : 1));
  const items: ValueItem<string>[] = all.map((s) => {
    const files = touched.get(s.name) ?? 0;
    const facts = [s.title, s.tier !== undefined ? `tier ${s.tier}` : undefined, s.phase].filter(Boolean).join(' · ');
    const changed = files > 0 ? `${files} changed file${files === 1 ? '' : 's'}` : undefined;
    const scope = covered && !covered.includes(s.name) ? `not covered by ${template}` : undefined;
    return { label: s.name, value: s.name, description: [changed, facts].filter(Boolean).join(' · '), detail: scope };
  });
  if (items.length === 0)
    throw new WriteRefused('there is no service in this workspace folder: add one with New Service first');
  return pickMany(items, {
    title: 'Raise Change (3/4): services',
    placeholder:
      preselected.length > 0
        ? 'Pre-selected: the services whose files changed on this branch'
        : 'The services the change touches',
    picked: (item) => preselected.includes(item.value),
    describe: async (selected) => {
      if (selected.length === 0) return 'no service chosen';
      const { risk, tier, blastRadius: blast } = await assess(server, folder, selected);
      return `risk ${risk}${tier ? ` (${tier.service} is tier ${tier.tier})` : ''} · blast radius: ${listed(blast)}`;
    },
  });
}
