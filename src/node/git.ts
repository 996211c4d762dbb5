// GitPort over the git executable. Shared by the CLI and the editor (the extension host is Node):
// nothing here knows about either. git runs through execFile with an argument array, never a shell.
import * as fs from 'node:fs';
import { childProcess } from './builtins';
import * as path from 'node:path';
import {
  isSafeRevision,
  LOG_FORMAT,
  parseBoolean,
  parseCurrentBranch,
  parseLine,
  parseLog,
  parseNameStatus,
  parseSha,
  parseShowPrefix,
  parseStatus,
  parseSymbolicRef,
  relativeToPrefix,
  touchedPaths,
  type Commit,
  type NameStatusEntry,
  type StatusEntry,
} from '../core/git/parse';
import { GitError, type ChangedFiles, type GitPort } from '../core/git/port';

export interface NodeGitOptions {
  /** The branch to compare against instead of detecting one (the editor's `svcm.git.defaultBranch`); blank: detect. */
  defaultBranch?: string;
  /** The git executable: a name looked up on PATH, or a path. Default `git`. */
  gitPath?: string;
  /** The environment git runs in (default: this process's); the variables below are always set over it. */
  env?: NodeJS.ProcessEnv;
  /** Most bytes of output a git command may print. Default 256 MiB. */
  maxBuffer?: number;
  /** Kill a git command after this many milliseconds; 0 (the default) waits. */
  timeoutMs?: number;
}

/** Default candidates for the default branch, after `origin/HEAD`, in order. */
const DEFAULT_BRANCH_CANDIDATES = ['main', 'origin/main', 'master', 'origin/master'];
const SHALLOW_HINT =
  'this is a shallow clone: fetch the full history (in GitHub Actions, actions/checkout with fetch-depth: 0)';

interface Output {
  stdout: string;
  stderr: string;
  /** The exit status. */
  status: number;
}

/**
 * GitPort for one workspace folder, which may be the top of a work tree or a
 * folder inside one: paths given out are relative to that folder, with `/`, and
 * files outside it are left out. Make one per workspace folder (several folders,
 * even of one repository, each get their own). Nothing is cached: every call asks
 * git, so a `git checkout` or `git init` made meanwhile is seen.
 */
export class NodeGit implements GitPort {
  private readonly gitPath: string;
  private readonly env: NodeJS.ProcessEnv;

  constructor(
    /** Absolute path of the workspace folder. */
    readonly folder: string,
    private readonly options: NodeGitOptions = {},
  ) {
    this.gitPath = options.gitPath || 'git';
    this.env = {
      ...(options.env ?? process.env),
      // Never wait on a credential prompt nobody can see.
      GIT_TERMINAL_PROMPT: '0',
      // Messages in English, so that "not a git repository" can be recognised.
      LC_ALL: 'C',
      // `git status` refreshes the index under a lock by default: that would race with the user's own git commands.
      GIT_OPTIONAL_LOCKS: '0',
    };
  }

  async isRepository(): Promise<boolean> {
    const out = await this.exec(['rev-parse', '--is-inside-work-tree']);
    return out.status === 0 && parseBoolean(out.stdout) === true;
  }

  async root(): Promise<string> {
    return path.resolve(parseLine((await this.run(['rev-parse', '--show-toplevel'])).stdout));
  }

  async currentBranch(): Promise<string | undefined> {
    await this.ensureRepository();
    return parseCurrentBranch((await this.run(['branch', '--show-current'])).stdout);
  }

  async head(): Promise<string | undefined> {
    await this.ensureRepository();
    return this.resolve('HEAD');
  }

  async defaultBranch(): Promise<string | undefined> {
    await this.ensureRepository();
    return this.findDefaultBranch();
  }

  private async findDefaultBranch(): Promise<string | undefined> {
    const configured = this.options.defaultBranch?.trim();
    if (configured) return configured;
    const origin = await this.exec(['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD']);
    const target = origin.status === 0 ? parseSymbolicRef(origin.stdout) : undefined;
    if (target) return target.short;
    for (const candidate of DEFAULT_BRANCH_CANDIDATES) {
      const ref = candidate.startsWith('origin/') ? `refs/remotes/${candidate}` : `refs/heads/${candidate}`;
      if (await this.resolve(ref)) return candidate;
    }
    return undefined;
  }

  async mergeBase(a: string, b: string): Promise<string | undefined> {
    await this.ensureRepository();
    const [shaA, shaB] = [await this.resolveOrThrow(a), await this.resolveOrThrow(b)];
    return this.mergeBaseOf(shaA, shaB);
  }

  async isShallow(): Promise<boolean> {
    return parseBoolean((await this.run(['rev-parse', '--is-shallow-repository'])).stdout) === true;
  }

  async changedFiles(base?: string): Promise<ChangedFiles> {
    await this.ensureRepository();
    const prefix = parseShowPrefix((await this.run(['rev-parse', '--show-prefix'])).stdout);
    const notes: string[] = [];
    const head = await this.resolve('HEAD');
    const result: ChangedFiles = { base: undefined, baseRef: base, baseKind: 'none', files: [], notes };

    let tip: string | undefined;
    if (base !== undefined) {
      tip = await this.resolveOrThrow(base);
    } else {
      result.baseRef = await this.findDefaultBranch();
      if (head === undefined) {
        // Said once, below: with no commit there is nothing to compare, whatever the default branch.
      } else if (result.baseRef === undefined) {
        notes.push(
          `no default branch found (origin/HEAD, main or master): only uncommitted changes are listed${(await this.isShallow()) ? `; ${SHALLOW_HINT}` : ''}`,
        );
      } else {
        tip = await this.resolve(result.baseRef);
        if (tip === undefined)
          notes.push(
            `the default branch '${result.baseRef}' does not name a commit here: only uncommitted changes are listed`,
          );
      }
    }

    if (head === undefined) {
      notes.push('HEAD has no commits yet: only uncommitted changes are listed');
    } else if (tip !== undefined) {
      const mergeBase = await this.mergeBaseOf(tip, head);
      if (mergeBase !== undefined) {
        result.base = mergeBase;
        result.baseKind = 'merge-base';
      } else {
        // No common ancestor: a shallow history that stops short of it, or unrelated histories. The tip
        // is the nearest stand-in; files changed on that branch since the fork are listed too.
        result.base = tip;
        result.baseKind = 'tip';
        const shallow = await this.isShallow();
        const why = shallow
          ? `the shallow history does not reach the merge base of HEAD and '${result.baseRef}'`
          : `HEAD and '${result.baseRef}' have no common history`;
        notes.push(
          `${why}: compared with the tip of '${result.baseRef}' instead, which also lists the files changed there${shallow ? `; ${SHALLOW_HINT}` : ''}`,
        );
      }
    }

    const entries: (StatusEntry | NameStatusEntry)[] = [];
    if (result.base !== undefined && head !== undefined && result.base !== head) {
      // Plumbing, so that user config (diff.relative, external diff tools, colour) cannot change the output.
      entries.push(
        ...parseNameStatus(
          (await this.run(['diff-tree', '-r', '-z', '--name-status', '-M', result.base, head])).stdout,
        ),
      );
    }
    entries.push(...parseStatus((await this.run(['status', '--porcelain=v1', '-z', '--untracked-files=all'])).stdout));
    result.files = relativeToPrefix(touchedPaths(entries), prefix);
    return result;
  }

  async commits(range: string): Promise<Commit[]> {
    await this.ensureRepository();
    if (!isSafeRevision(range)) throw unknownRef(range);
    const out = await this.exec(['log', '-z', `--format=${LOG_FORMAT}`, range, '--']);
    if (out.status === 0) return parseLog(out.stdout);
    // Before the first commit, HEAD (`HEAD`, `main..`, `..HEAD`) has no commits rather than being unknown.
    if ((/\bHEAD\b/.test(range) || /(^\.\.)|(\.\.\.?$)/.test(range)) && (await this.resolve('HEAD')) === undefined)
      return [];
    if (/unknown revision|bad revision|ambiguous argument|invalid symmetric difference|bad object/i.test(out.stderr))
      throw unknownRef(range, out.stderr);
    throw failure(['log'], out);
  }

  /** The commit a ref names, or undefined when it names none (or is not a safe argument). */
  private async resolve(ref: string): Promise<string | undefined> {
    if (!isSafeRevision(ref)) return undefined;
    const out = await this.exec(['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]);
    return out.status === 0 ? parseSha(out.stdout) : undefined;
  }

  private async resolveOrThrow(ref: string): Promise<string> {
    const sha = await this.resolve(ref);
    if (sha !== undefined) return sha;
    throw unknownRef(ref, '', await this.isShallow().catch(() => false));
  }

  private async mergeBaseOf(a: string, b: string): Promise<string | undefined> {
    const out = await this.exec(['merge-base', a, b]);
    // Exit status 1 with no output: no common ancestor.
    if (out.status === 1 && out.stdout.trim() === '') return undefined;
    if (out.status !== 0) throw failure(['merge-base'], out);
    return parseSha(out.stdout);
  }

  private async ensureRepository(): Promise<void> {
    if (!(await this.isRepository())) {
      throw new GitError(
        'not-a-repository',
        `'${this.folder}' is not in a git work tree: run 'git init', or open a folder of a git repository`,
      );
    }
  }

  /** Runs git and fails on a non-zero exit status. */
  private async run(args: string[]): Promise<Output> {
    const out = await this.exec(args);
    if (out.status !== 0) throw failure(args, out, this.folder);
    return out;
  }

  /** Runs git; resolves with any exit status, rejects only when git cannot be run or its output is too large. */
  private exec(args: string[]): Promise<Output> {
    const maxBuffer = this.options.maxBuffer ?? 256 * 1024 * 1024;
    const { execFile } = childProcess();
    return new Promise((resolve, reject) => {
      execFile(
        this.gitPath,
        args,
        {
          cwd: this.folder,
          env: this.env,
          maxBuffer,
          encoding: 'utf8',
          windowsHide: true,
          timeout: this.options.timeoutMs ?? 0,
        },
        (error, stdout, stderr) => {
          if (!error) return resolve({ stdout, stderr, status: 0 });
          const code = (error as NodeJS.ErrnoException).code as unknown;
          if (typeof code === 'number') return resolve({ stdout, stderr, status: code });
          reject(this.spawnError(error, code, args));
        },
      );
    });
  }

  private spawnError(error: Error, code: unknown, args: string[]): GitError {
    if (code === 'ENOENT' || code === 'EACCES') {
      // spawn says ENOENT for a missing working folder too: tell the two apart.
      if (!isDirectory(this.folder))
        return new GitError('failed', `cannot run git in '${this.folder}': the folder does not exist`);
      const which =
        this.gitPath === 'git' ? 'git is not installed or not on PATH' : `git ('${this.gitPath}') cannot be run`;
      return new GitError('not-installed', `${which}: install git (https://git-scm.com) and try again`);
    }
    if (code === 'ERR_CHILD_PROCESS_STDIO_MAXBUFFER')
      return new GitError(
        'failed',
        `git ${args[0]} printed more than ${this.options.maxBuffer ?? 256 * 1024 * 1024} bytes`,
      );
    if ((error as { killed?: boolean }).killed)
      return new GitError('failed', `git ${args[0]} did not finish in ${this.options.timeoutMs} ms`);
    return new GitError('failed', `git ${args[0]} failed: ${error.message}`);
  }
}

function unknownRef(ref: string, stderr = '', shallow = false): GitError {
  return new GitError(
    'unknown-ref',
    `unknown git ref '${ref}': it names no commit here${shallow ? `; ${SHALLOW_HINT}` : ''}`,
    stderr,
  );
}

function failure(args: string[], out: Output, folder?: string): GitError {
  const said = out.stderr.trim().split('\n')[0] ?? '';
  if (/not a git repository/i.test(said) && folder)
    return new GitError('not-a-repository', `'${folder}' is not in a git work tree`, out.stderr);
  return new GitError(
    'failed',
    `git ${args[0]} failed (exit status ${out.status})${said ? `: ${said.replace(/^(fatal|error): /, '')}` : ''}`,
    out.stderr,
  );
}

function isDirectory(abs: string): boolean {
  try {
    return fs.statSync(abs).isDirectory();
  } catch {
    return false;
  }
}
