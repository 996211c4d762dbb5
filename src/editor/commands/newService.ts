import * as vscode from 'vscode';
import { serviceRecordText, type Phase } from '../../core/assist/newRecords';
import { NAME_PATTERNS, PHASES } from '../../core/schema/vocabulary';
import { NAMES_REQUEST, type NamesParams, type NamesResult } from '../../server/protocol';
import { readConfig } from '../config';
import { assertTrusted, createExclusive, folderInside, openAt, WriteRefused } from '../write';
import {
  argsOf,
  createCommand,
  chooseFolder,
  oneOf,
  pickOne,
  stringArg,
  type CommandFolder,
  type IndexRequests,
  type ValueItem,
} from './support';

const NEW_SERVICE = 'svcm.newService';

/** The arguments of `svcm.newService` (docs/commands.md): each one given is not asked. */
export interface NewServiceArgs {
  name?: string;
  title?: string;
  owner?: string;
  phase?: Phase;
  tier?: number;
}

const PHASE_ITEMS: ValueItem<Phase>[] = [
  { label: 'discovery', value: 'discovery', description: 'finding out what users need' },
  { label: 'alpha', value: 'alpha', description: 'trying out solutions' },
  { label: 'beta', value: 'beta', description: 'in use, still being improved' },
  { label: 'live', value: 'live', description: 'in service: needs a service manager' },
  { label: 'retired', value: 'retired', description: 'no longer in service' },
];

const TIER_ITEMS: ValueItem<number>[] = [
  { label: '1', value: 1, description: 'most critical: an outage stops the business' },
  { label: '2', value: 2, description: 'important: an outage hurts customers' },
  { label: '3', value: 3, description: 'supporting: an outage is an inconvenience' },
  { label: '4', value: 4, description: 'least critical' },
];

/**
 * `svcm.newService { name, title, owner, phase, tier }`: writes
 * `<svcm.servicesFolder>/<name>.yaml` for a name that is valid and not taken,
 * the owner picked from the teams, and opens it. Returns the file's URI;
 * undefined when cancelled or refused.
 */
export function registerNewService(server: IndexRequests, log: vscode.LogOutputChannel): vscode.Disposable {
  return createCommand(NEW_SERVICE, log, 'cannot create the service', (arg?: unknown) => {
    const args = argsOf(arg);
    return newService(server, log, {
      name: stringArg(args, 'name'),
      title: stringArg(args, 'title'),
      owner: stringArg(args, 'owner'),
      phase: oneOf(args, 'phase', PHASES),
      tier: tierArg(args.tier),
    });
  });
}

function tierArg(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  const tier = typeof value === 'string' && /^\d$/.test(value) ? Number(value) : value;
  if (typeof tier !== 'number' || !Number.isInteger(tier) || tier < 1 || tier > 4)
    throw new WriteRefused(`the argument 'tier' must be 1, 2, 3 or 4, not ${JSON.stringify(value)}`);
  return tier;
}

/** Why a name cannot be a new service's (`taken`: the services the folder defines), or undefined when it can. */
function nameProblem(taken: ReadonlySet<string>, name: string): string | undefined {
  if (!NAME_PATTERNS.Service.test(name))
    return 'a service name is lowercase letters, digits and "-", starting with a letter (at most 63 characters)';
  if (taken.has(name)) return `a service named ${name} exists already`;
  return undefined;
}

/** The names (and titles) the folder defines of a kind, as the language server has them. */
async function namesOf(
  server: IndexRequests,
  folder: CommandFolder,
  kind: NamesParams['kind'],
): Promise<NamesResult['names']> {
  return (await server.sendRequest<NamesResult>(NAMES_REQUEST, { folder: folder.key, kind } satisfies NamesParams))
    .names;
}

async function newService(
  server: IndexRequests,
  log: vscode.LogOutputChannel,
  args: NewServiceArgs,
): Promise<vscode.Uri | undefined> {
  assertTrusted();
  const folder = await chooseFolder(server, {
    prefer: args.owner ? { defines: { kind: 'Team', names: [args.owner] } } : undefined,
  });
  if (!folder) return undefined;
  const dir = await folderInside(folder.folder, 'svcm.servicesFolder', readConfig(folder.folder.uri).servicesFolder);

  const taken = new Set((await namesOf(server, folder, 'Service')).map((n) => n.name));
  if (args.name !== undefined) {
    const problem = nameProblem(taken, args.name);
    if (problem) throw new WriteRefused(`'${args.name}': ${problem}`);
  }
  const name =
    args.name ??
    (await vscode.window.showInputBox({
      title: 'New Service (1/5): name',
      prompt: 'The id other records use, like payments-api',
      ignoreFocusOut: true,
      validateInput: (value) => nameProblem(taken, value),
    }));
  if (name === undefined) return undefined;
  const title =
    args.title ??
    (await vscode.window.showInputBox({
      title: `New Service (2/5): title of ${name}`,
      prompt: 'The name people know it by (may be left empty)',
      ignoreFocusOut: true,
    }));
  if (title === undefined) return undefined;

  if (args.owner !== undefined && !NAME_PATTERNS.Team.test(args.owner))
    throw new WriteRefused(`'${args.owner}' is not a team name`);
  const owner = args.owner ?? (await chooseOwner(server, folder));
  if (owner === undefined) return undefined;
  const phase =
    args.phase ??
    (await pickOne(PHASE_ITEMS, {
      title: `New Service (4/5): phase of ${name}`,
      placeHolder: 'Where the service is in its life',
    }));
  if (!phase) return undefined;
  const tier =
    args.tier ??
    (await pickOne(TIER_ITEMS, {
      title: `New Service (5/5): tier of ${name}`,
      placeHolder: 'How critical it is: 1 is the most critical',
    }));
  if (tier === undefined) return undefined;

  const record = serviceRecordText({ name, title, owner, phase, tier });
  const uri = vscode.Uri.joinPath(dir, `${name}.yaml`);
  if (!(await createExclusive(uri, record.text)))
    throw new WriteRefused(`${folder.relative(uri) ?? uri.toString(true)} exists already: nothing was written`);
  log.info(`[newService] ${folder.folder.name}: wrote ${folder.relative(uri)}`);
  await openAt(uri, record.cursor);
  return uri;
}

async function chooseOwner(server: IndexRequests, folder: CommandFolder): Promise<string | undefined> {
  const teams = await namesOf(server, folder, 'Team');
  if (teams.length === 0) {
    return vscode.window.showInputBox({
      title: 'New Service (3/5): owner',
      prompt: 'There is no Team record yet: the team that will own the service (add its record later)',
      ignoreFocusOut: true,
      validateInput: (value) =>
        NAME_PATTERNS.Team.test(value) ? undefined : 'A team name: lowercase letters, digits and "-"',
    });
  }
  const items = teams.map((team) => ({ label: team.name, value: team.name, description: team.title }));
  return pickOne(items, { title: 'New Service (3/5): owner', placeHolder: 'The team that owns the service' });
}
