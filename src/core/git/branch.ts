import { summaryFromBranch } from '../assist/newRecords';
import type { Commit, GitPort } from './port';

/** What git says about the work on the checked-out branch. */
export interface BranchWork {
  /** the checked-out branch; undefined in a detached HEAD */
  branch: string | undefined;
  /** the branch compared against (a ref name), when one was found */
  baseRef: string | undefined;
  /** the commit compared against (the merge base), when there is one */
  base: string | undefined;
  /** files changed since `base`, committed or not (relative to the folder, with `/`) */
  files: string[];
  /** the commits from `base` to HEAD, newest first; [] without a base */
  commits: Commit[];
  /** why the answer may be partial (GitPort notes) */
  notes: string[];
}

/** The files and commits of the branch since it left the default branch. Rejects with a GitError. */
export async function branchWork(git: GitPort): Promise<BranchWork> {
  const changed = await git.changedFiles();
  const branch = await git.currentBranch();
  const commits = changed.base !== undefined ? await git.commits(`${changed.base}..HEAD`) : [];
  return { branch, baseRef: changed.baseRef, base: changed.base, files: changed.files, commits, notes: changed.notes };
}

/** Whether the checked-out branch is the branch compared against (work on `main` itself). */
export function isDefaultBranch(facts: Pick<BranchWork, 'branch' | 'baseRef'>): boolean {
  const base = facts.baseRef?.replace(/^origin\//, '');
  return facts.branch !== undefined && facts.branch === base;
}

/**
 * The summary Raise Change suggests: the subject of the branch's only commit;
 * else the branch name in words (not for the default branch); else the
 * subject of the newest commit; else ''.
 */
export function defaultSummary(
  facts: (Pick<BranchWork, 'branch' | 'baseRef'> & { commits: readonly { subject: string }[] }) | undefined,
): string {
  if (!facts) return '';
  if (facts.commits.length === 1) return facts.commits[0].subject;
  const fromBranch = isDefaultBranch(facts) ? '' : summaryFromBranch(facts.branch);
  return fromBranch || facts.commits[0]?.subject || '';
}
