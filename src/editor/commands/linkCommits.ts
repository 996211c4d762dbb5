import * as vscode from 'vscode';
import type { Commit } from '../../core/git/port';
import type { Logger } from '../../core/logger';
import { NAME_PATTERNS } from '../../core/schema/vocabulary';
import { branchWork } from '../../core/git/branch';
import {
  CHANGES_AT_REQUEST,
  CHANGES_REQUEST,
  type ChangeData,
  type ChangesAtParams,
  type ChangesParams,
  type ChangesResult,
} from '../../server/protocol';
import { describeGitError, type GitPorts } from '../git';
import { RECORD_SELECTOR } from '../providers/shared';
import { assertTrusted, editRecordFile, openAt, WriteRefused } from '../write';
import {
  argsOf,
  createCommand,
  chooseFolder,
  pickMany,
  stringArg,
  stringsArg,
  type CommandFolder,
  type IndexRequests,
  type ValueItem,
} from './support';

const LINK_COMMITS = 'svcm.linkCommits';

const SHA = /^[0-9a-fA-F]{7,40}$/;

/** The arguments of `svcm.linkCommits` (docs/commands.md): each one given is not asked. */
export interface LinkCommitsArgs {
  change?: string;
  /** SHAs, 7–40 hex digits */
  commits?: string[];
}

/**
 * `svcm.linkCommits { change, commits }`: appends commits (picked from the
 * branch since it left the default branch) to a change's `spec.commits`,
 * through the editor, comments and formatting kept. Returns the change file's
 * URI; undefined when cancelled, refused or when every commit was linked already.
 * Also a quick fix on an implemented change that lists no commits.
 */
export function registerLinkCommits(
  server: IndexRequests,
  gits: GitPorts,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  return vscode.Disposable.from(
    createCommand(LINK_COMMITS, log, 'cannot link the commits', (arg?: unknown) => {
      const args = argsOf(arg);
      return linkCommits(server, gits, log, {
        change: stringArg(args, 'change'),
        commits: stringsArg(args, 'commits'),
      });
    }),
    registerLinkCommitsAction(server, log),
  );
}

async function linkCommits(
  server: IndexRequests,
  gits: GitPorts,
  log: vscode.LogOutputChannel,
  args: LinkCommitsArgs,
): Promise<vscode.Uri | undefined> {
  assertTrusted();
  if (args.change !== undefined && !NAME_PATTERNS.Change.test(args.change))
    throw new WriteRefused(`'${args.change}' is not a change id like CHG-2026-0042`);
  const bad = args.commits?.filter((c) => !SHA.test(c)) ?? [];
  if (bad.length > 0)
    throw new WriteRefused(
      `${bad.map((c) => `'${c}'`).join(', ')} ${bad.length === 1 ? 'is not a commit SHA' : 'are not commit SHAs'} (7 to 40 hex digits)`,
    );

  const folder = await chooseFolder(server, {
    prefer: args.change ? { defines: { kind: 'Change', names: [args.change] } } : undefined,
  });
  if (!folder) return undefined;
  const change = args.change
    ? (await changesOf(server, folder, { names: [args.change] }))[0]
    : await chooseChange(server, folder, gits);
  if (!change) {
    if (args.change) throw new WriteRefused(`no change named ${args.change} in '${folder.folder.name}'`);
    return undefined;
  }
  const name = change.name;

  const commits = args.commits ?? (await chooseCommits(folder, gits, change));
  if (!commits || commits.length === 0) return undefined;

  const uri = folder.uri(change.file);
  const edited = await editRecordFile(server, uri, { kind: 'linkCommits', change: name, commits });
  if (!edited) {
    void vscode.window.showInformationMessage(
      `svcm: ${name} already lists ${commits.length === 1 ? 'that commit' : 'those commits'}.`,
    );
    return undefined;
  }
  log.info(`[linkCommits] ${name}: linked ${commits.length} commit(s) in ${change.file}`);
  const document = await vscode.workspace.openTextDocument(uri);
  const at = document.getText().indexOf('commits:');
  await openAt(uri, Math.max(0, at));
  return uri;
}

/** The changes of a folder, as the language server has them (unsaved edits included). */
async function changesOf(
  server: IndexRequests,
  folder: CommandFolder,
  params: Omit<ChangesParams, 'folder'> = {},
): Promise<ChangeData[]> {
  return (await server.sendRequest<ChangesResult>(CHANGES_REQUEST, { ...params, folder: folder.key })).changes;
}

async function chooseChange(
  server: IndexRequests,
  folder: CommandFolder,
  gits: GitPorts,
): Promise<ChangeData | undefined> {
  const changes = await changesOf(server, folder);
  if (changes.length === 0) throw new WriteRefused(`there is no change in '${folder.folder.name}': raise one first`);
  // The change raised for the checked-out branch goes first (a quiet look-up: no message when git is not there).
  const git = (await gits.access(folder.folder)).git;
  const branch = git ? await git.currentBranch().catch(() => undefined) : undefined;
  const ordered = [
    ...changes.filter((c) => branch && c.branch === branch),
    ...changes.filter((c) => !(branch && c.branch === branch)),
  ];
  const items: (ValueItem<ChangeData> | vscode.QuickPickItem)[] = [];
  let section: string | undefined;
  for (const c of ordered) {
    const heading =
      branch && c.branch === branch
        ? `this branch (${branch})`
        : c.open
          ? 'open changes'
          : 'closed, rejected or failed';
    if (heading !== section) {
      items.push({ label: heading, kind: vscode.QuickPickItemKind.Separator });
      section = heading;
    }
    items.push({
      label: c.name,
      value: c,
      description: [c.status, c.services.join(', ')].filter(Boolean).join(' · '),
      detail: c.summary,
    } as ValueItem<ChangeData>);
  }
  const picked = await vscode.window.showQuickPick(items, {
    title: 'Link Commits (1/2): change',
    placeHolder: 'The change the commits implement',
    ignoreFocusOut: true,
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return (picked as ValueItem<ChangeData> | undefined)?.value;
}

async function chooseCommits(folder: CommandFolder, gits: GitPorts, change: ChangeData): Promise<string[] | undefined> {
  const access = await gits.access(folder.folder);
  if (!access.git) throw new WriteRefused(`git is not available (${access.reason}): pass the commits`);
  let commits: Commit[];
  let baseRef: string | undefined;
  try {
    const work = await branchWork(access.git);
    commits = work.commits;
    baseRef = work.baseRef;
    if (work.base === undefined)
      throw new WriteRefused(
        `there is no branch to compare with (${work.notes.join('; ') || 'no default branch'}): set svcm.git.defaultBranch, or pass the commits`,
      );
  } catch (error) {
    if (error instanceof WriteRefused) throw error;
    throw new WriteRefused(`git cannot list the commits: ${describeGitError(error)}`);
  }
  const linked = (sha: string) => change.commits.some((c) => sha.toLowerCase().startsWith(c.toLowerCase()));
  const fresh = commits.filter((c) => !linked(c.sha));
  if (fresh.length === 0) {
    void vscode.window.showInformationMessage(
      commits.length === 0
        ? `svcm: no commits on this branch since ${baseRef ?? 'the default branch'}.`
        : `svcm: ${change.name} already lists every commit of this branch.`,
    );
    return undefined;
  }
  const items: ValueItem<string>[] = fresh.map((c) => ({
    label: `${c.shortSha} ${c.subject}`,
    value: c.sha,
    description: c.author,
    detail: c.date.slice(0, 16).replace('T', ' '),
  }));
  return pickMany(items, {
    title: `Link Commits (2/2): commits for ${change.name}`,
    placeholder: `The commits on this branch since ${baseRef ?? 'the default branch'}`,
    picked: () => true,
  });
}

/** "Link commits to CHG-…" on an implemented change that lists no commits (the record under the cursor, as the server has it). */
function registerLinkCommitsAction(server: IndexRequests, log: Logger): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(
    RECORD_SELECTOR,
    {
      async provideCodeActions(document, range, _context, token) {
        if (document.languageId !== 'yaml') return undefined;
        let found: ChangesResult;
        try {
          found = await server.sendRequest<ChangesResult>(
            CHANGES_AT_REQUEST,
            {
              textDocument: { uri: document.uri.toString() },
              position: { line: range.start.line, character: range.start.character },
            } satisfies ChangesAtParams,
            token,
          );
        } catch (error) {
          // A request cancelled or overtaken by an edit asks nothing of the person; anything else is logged.
          if (!token.isCancellationRequested) log.warn(`[linkCommitsAction] ${(error as Error).message}`);
          return undefined;
        }
        const actions: vscode.CodeAction[] = [];
        for (const change of found.changes) {
          if (change.status !== 'implemented' || change.commits.length > 0) continue;
          const title = `Link commits to ${change.name}`;
          const action = new vscode.CodeAction(title, vscode.CodeActionKind.QuickFix);
          action.command = { command: LINK_COMMITS, title, arguments: [{ change: change.name }] };
          if (!vscode.workspace.isTrusted)
            action.disabled = { reason: 'svcm does not run git or write files in an untrusted workspace' };
          actions.push(action);
        }
        return actions;
      },
    },
    { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
  );
}
