import * as vscode from 'vscode';
import { isGitError, type GitPort } from '../core/git/port';
import { NodeGit } from '../node/git';

/** What a git feature gets: a port for the folder's repository, or why there is none, in words a person can act on. */
export type GitAccess = { git: GitPort; reason?: undefined } | { git?: undefined; reason: string };

/**
 * One GitPort per workspace folder (NodeGit, run in the folder with the
 * `svcm.git.defaultBranch` setting), made only in a trusted workspace: in an
 * untrusted one svcm never runs git. Ports are made on first use and dropped
 * when trust is granted, the setting or the folders change.
 */
export class GitPorts implements vscode.Disposable {
  private readonly ports = new Map<string, GitPort>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(private readonly log: vscode.LogOutputChannel) {
    this.disposables.push(
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        this.ports.clear();
        this.log.info('[git] the workspace is trusted now: git features are on');
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('svcm.git')) this.ports.clear();
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.ports.clear()),
    );
  }

  /** The port of a folder, without asking git anything; undefined in an untrusted workspace or a folder that is not on disk. */
  port(folder: vscode.WorkspaceFolder): GitPort | undefined {
    if (!vscode.workspace.isTrusted || folder.uri.scheme !== 'file') return undefined;
    const key = folder.uri.toString();
    let port = this.ports.get(key);
    if (!port) {
      const defaultBranch = vscode.workspace.getConfiguration('svcm.git', folder).get<string>('defaultBranch', '');
      port = new NodeGit(folder.uri.fsPath, { defaultBranch, timeoutMs: 30000 });
      this.ports.set(key, port);
    }
    return port;
  }

  /**
   * The port of a folder when git can be used there: the workspace is trusted,
   * the folder is on disk, git runs and the folder is in a work tree. Never rejects.
   */
  async access(folder: vscode.WorkspaceFolder): Promise<GitAccess> {
    if (!vscode.workspace.isTrusted) return { reason: 'this workspace is not trusted, so svcm does not run git' };
    const git = this.port(folder);
    if (!git)
      return { reason: `'${folder.name}' is not a folder on this machine's disk, so svcm cannot run git in it` };
    try {
      if (await git.isRepository()) return { git };
      return { reason: `'${folder.name}' is not in a git repository` };
    } catch (error) {
      this.log.warn(`[git] ${folder.name}: ${describeGitError(error)}`);
      return { reason: describeGitError(error) };
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
    this.ports.clear();
  }
}

/** A git failure in words: a GitError's message (it says what to do), else the error's. */
export function describeGitError(error: unknown): string {
  if (isGitError(error)) return error.message;
  return error instanceof Error ? error.message : String(error);
}
