import { affected, type AffectedReport } from '../core/git/affected';
import type { ChangedFiles, GitPort } from '../core/git/port';
import { isGitError } from '../core/git/port';
import { UsageError } from '../node/discover';
import { NodeGit } from '../node/git';
import { loadWorkspace } from '../node/loadWorkspace';
import { findRoot } from '../node/workspaceRoot';
import type { CommandResult } from './validate';

export const AFFECTED_FORMATS = ['text', 'json'] as const;
export type AffectedFormat = (typeof AFFECTED_FORMATS)[number];

export interface AffectedOptions {
  cwd: string;
  /** `--base REF`; undefined: the default branch. */
  base?: string;
  format: AffectedFormat;
  /** `--require-change`: exit 1 when a touched service has no open change naming it. */
  requireChange: boolean;
  /** Git for the workspace root (tests substitute one); default NodeGit. */
  gitFor?: (root: string) => GitPort;
}

/**
 * `svcm affected`: the services whose `code` globs match the files changed since
 * the base (docs/cli.md). The workspace root is found as for `svcm validate`; files are
 * relative to it (the root the globs are relative to), and changed files outside
 * it are not listed. Exit status 1 with `--require-change` when a touched service
 * has no open change; 2 when git is missing, the root is not in a git work tree,
 * or `--base` names no commit; else 0.
 */
export async function runAffected(options: AffectedOptions): Promise<CommandResult> {
  if (options.base !== undefined && options.base.trim() === '')
    throw new UsageError('--base needs a git ref (a branch, tag or commit)');
  // Git first: a folder that is not a repository fails fast, before the workspace is read.
  const root = findRoot(options.cwd, []);
  const git = (options.gitFor ?? ((folder) => new NodeGit(folder)))(root);
  let changed: ChangedFiles;
  try {
    if (!(await git.isRepository())) {
      return {
        stdout: '',
        stderr: `svcm: '${root}' is not in a git work tree: svcm affected lists the services that git changes touch\n`,
        exitCode: 2,
      };
    }
    changed = await git.changedFiles(options.base);
  } catch (error) {
    if (isGitError(error)) return { stdout: '', stderr: `svcm: ${error.message}\n`, exitCode: 2 };
    throw error;
  }
  const ws = loadWorkspace({ cwd: options.cwd, paths: [] });
  const warnings = [
    ...ws.notes.map((n) => `svcm: note: ${n}\n`),
    ...[...ws.warnings, ...changed.notes].map((w) => `svcm: warning: ${w}\n`),
  ];

  const report = affected(ws.index, changed);
  const uncovered = report.services.filter((s) => s.openChanges.length === 0).map((s) => s.name);
  let exitCode = 0;
  if (options.requireChange && uncovered.length > 0) {
    exitCode = 1;
    const list = uncovered.join(', ');
    warnings.push(
      `svcm: no open change record names ${uncovered.length === 1 ? 'the service' : 'the services'} ${list}: raise a change for ${uncovered.length === 1 ? 'it' : 'them'}, or add ${uncovered.length === 1 ? 'it' : 'them'} to an open change's spec.services\n`,
    );
  }
  const stdout =
    options.format === 'json' ? `${JSON.stringify(report, null, 2)}\n` : formatAffectedText(report, changed);
  return { stdout, stderr: warnings.join(''), exitCode };
}

/**
 * The text of `svcm affected`: what was compared, then each touched service with
 * its files, open changes (or "no open change") and dependents, then the files no
 * service owns.
 */
export function formatAffectedText(
  report: AffectedReport,
  changed: Pick<ChangedFiles, 'baseRef' | 'baseKind'>,
): string {
  const out: string[] = [];
  const short = report.base?.slice(0, 12);
  if (report.base === null) out.push('Uncommitted changes (no base commit to compare with):');
  else if (changed.baseKind === 'tip')
    out.push(`Changes since ${short} (the tip of ${changed.baseRef}), plus uncommitted changes:`);
  else out.push(`Changes since ${short} (the merge base of HEAD and ${changed.baseRef}), plus uncommitted changes:`);

  const fileCount = new Set([...report.services.flatMap((s) => s.files), ...report.unowned]).size;
  if (fileCount === 0) {
    out.push('', 'No changed files.');
    return `${out.join('\n')}\n`;
  }
  if (report.services.length === 0) out.push('', "No service's code is touched.");
  for (const service of report.services) {
    out.push('', `${service.name} (${plural(service.files.length, 'file')})`);
    for (const file of service.files) out.push(`  ${file}`);
    out.push(service.openChanges.length > 0 ? `  open changes: ${service.openChanges.join(', ')}` : '  no open change');
    out.push(`  dependents: ${service.dependents.length > 0 ? service.dependents.join(', ') : 'none'}`);
  }
  if (report.unowned.length > 0) {
    out.push('', `Unowned files (${report.unowned.length}), matched by no service's code globs:`);
    for (const file of report.unowned) out.push(`  ${file}`);
  }
  return `${out.join('\n')}\n`;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
