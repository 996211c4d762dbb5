// Real git repositories in temporary folders, for the tests of src/node/git.ts and `svcm affected`.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { writeTree } from '../cliSupport';

/**
 * The environment git runs in during these tests: no user or system config (so a
 * developer's `init.defaultBranch`, hooks or signing cannot change the results), a
 * fixed identity and fixed dates.
 */
export const GIT_ENV: NodeJS.ProcessEnv = {
  ...process.env,
  GIT_CONFIG_GLOBAL: os.devNull,
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_AUTHOR_NAME: 'A U Thor',
  GIT_AUTHOR_EMAIL: 'author@example.com',
  GIT_COMMITTER_NAME: 'C O Mitter',
  GIT_COMMITTER_EMAIL: 'committer@example.com',
  GIT_AUTHOR_DATE: '2026-11-26T10:00:00+01:00',
  GIT_COMMITTER_DATE: '2026-11-26T10:00:00+01:00',
  GIT_TERMINAL_PROMPT: '0',
};

/** Runs git in `cwd` (argument array, no shell) and returns its stdout. */
export function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: GIT_ENV, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** `git rev-parse REF`, trimmed. */
export function sha(cwd: string, ref = 'HEAD'): string {
  return git(cwd, 'rev-parse', ref).trim();
}

/** A new repository at `dir` on branch `main`, without commits. */
export function initRepo(dir: string): string {
  fs.mkdirSync(dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  return dir;
}

/** Writes the files, stages everything and commits; returns the new commit's sha. */
export function commit(dir: string, message: string, files: Record<string, string> = {}): string {
  writeTree(dir, files);
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '--allow-empty', '-m', message);
  return sha(dir);
}

/** Removes files from the work tree (not from the index). */
export function remove(dir: string, ...files: string[]): void {
  for (const file of files) fs.rmSync(path.join(dir, ...file.split('/')));
}
