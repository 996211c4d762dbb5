// What the core and the editor need from git, as an interface: src/node/git.ts implements it over
// child_process; tests and the editor can substitute their own. No child_process here.
import type { Commit } from './parse';

export type { Commit } from './parse';

/** The files a branch changes, for `svcm affected` and Raise Change. */
export interface ChangedFiles {
  /**
   * The commit the committed changes are measured from: the merge base of HEAD
   * and the base ref, or (when there is none, e.g. in a shallow clone) the base
   * ref's tip. Undefined when only uncommitted changes could be listed.
   */
  base: string | undefined;
  /** The ref the base came from (`origin/main`, or the `base` argument as given); undefined when none was found. */
  baseRef: string | undefined;
  /** How `base` was chosen: the merge base, the ref's tip (fallback), or none (uncommitted changes only). */
  baseKind: 'merge-base' | 'tip' | 'none';
  /**
   * Workspace-relative paths with `/`, sorted, each once: the files changed by the
   * commits from `base` to HEAD, plus staged, unstaged and untracked (not ignored)
   * files. Both sides of a rename are listed. Files outside the workspace folder are not.
   */
  files: string[];
  /** Why the result may be less than asked for (a fallback taken), in words a person can act on. */
  notes: string[];
}

/**
 * Git for one workspace folder (the folder the port was made for, which may be a
 * subfolder of the repository). Paths in and out are relative to that folder.
 * Every method but `isRepository` rejects with a GitError when git is missing,
 * the folder is not in a work tree, or git fails.
 */
export interface GitPort {
  /** Whether the folder is inside a git work tree (false inside `.git` or a bare repository). Rejects with `not-installed` when git cannot be run: that is not a "no". */
  isRepository(): Promise<boolean>;
  /** Absolute path of the top of the work tree. */
  root(): Promise<string>;
  /** The checked-out branch's short name; undefined in a detached HEAD. */
  currentBranch(): Promise<string | undefined>;
  /** The sha of HEAD; undefined before the first commit. */
  head(): Promise<string | undefined>;
  /**
   * The branch work is compared against: the configured one when set; else where
   * `origin/HEAD` points; else the first of `main`, `origin/main`, `master`,
   * `origin/master` that exists; else undefined. A ref name (`origin/main`), not a sha.
   */
  defaultBranch(): Promise<string | undefined>;
  /** The best common ancestor of two refs; undefined when they share no history (or the shallow history does not reach it). Rejects with `unknown-ref` for a ref that does not resolve. */
  mergeBase(a: string, b: string): Promise<string | undefined>;
  /**
   * The files changed since `base` (a ref; default: the default branch): committed
   * since the merge base of HEAD and that ref, plus staged, unstaged and untracked.
   * Rejects with `unknown-ref` when an explicit `base` does not resolve to a commit.
   */
  changedFiles(base?: string): Promise<ChangedFiles>;
  /** The commits of a revision range (`base..HEAD`, a sha, a branch), newest first, as `git log` lists them. */
  commits(range: string): Promise<Commit[]>;
  /** Whether the repository is a shallow clone (its history cut off). */
  isShallow(): Promise<boolean>;
}

export type GitErrorCode =
  /** git could not be run: not installed, or not on PATH. */
  | 'not-installed'
  /** The folder is not inside a git work tree. */
  | 'not-a-repository'
  /** A ref or range does not name a commit here. */
  | 'unknown-ref'
  /** git ran and failed (or its output was too large). */
  | 'failed';

/** A git problem the user can act on; `message` says what and how. */
export class GitError extends Error {
  override readonly name = 'GitError';

  constructor(
    readonly code: GitErrorCode,
    message: string,
    /** git's own words (its stderr), when it said something. */
    readonly stderr = '',
  ) {
    super(message);
  }
}

/** True for a GitError (also across bundles, where `instanceof` may not hold). */
export function isGitError(error: unknown): error is GitError {
  return (
    error instanceof GitError ||
    (error instanceof Error && error.name === 'GitError' && typeof (error as GitError).code === 'string')
  );
}
