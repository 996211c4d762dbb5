import type { Diagnostic, Location, PublishDiagnosticsParams } from 'vscode-languageserver';
import { applySeverities, CONFIG_FILE } from '../core/config';
import type { Finding } from '../core/finding';
import type { Logger } from '../core/logger';
import { LineIndex } from '../core/parse/lines';
import { validateFileUpdatingIndex } from '../core/validate';
import type { FolderState } from './folders';
import { linesOf, toDiagnostic, toRange } from './positions';
import type { Workspace, WorkspaceChange } from './workspace';

/** Files validated between two turns of the event loop when many files changed. */
const CHUNK_MS = 30;

interface Published {
  folder: FolderState;
  path: string;
  findings: Finding[];
}

/**
 * Pushes diagnostics (`textDocument/publishDiagnostics`) for every file with
 * findings, opened or not: on each change the edited file at once, then the
 * files that may depend on it in short slices, so edits and requests are
 * answered in between. A file whose findings are gone gets an empty list once.
 */
export class DiagnosticsPublisher {
  private readonly published = new Map<string, Published>();
  private readonly queues = new Map<FolderState, Set<string>>();
  private running = false;
  private settledWaiters: (() => void)[] = [];

  constructor(
    private readonly workspace: Workspace,
    private readonly send: (params: PublishDiagnosticsParams) => void,
    private readonly log: Logger,
  ) {
    workspace.onDidChange((change) => this.onChange(change));
    workspace.onDidRemoveFolder((folder) => this.clearFolder(folder));
  }

  /** The findings last published for a URI (for code actions). */
  findingsFor(uri: string): readonly Finding[] {
    return this.published.get(uri)?.findings ?? [];
  }

  totals(): { errors: number; warnings: number; infos: number; files: number } {
    const totals = { errors: 0, warnings: 0, infos: 0, files: 0 };
    for (const { findings } of this.published.values()) {
      totals.files++;
      for (const f of findings) {
        if (f.severity === 'error') totals.errors++;
        else if (f.severity === 'warning') totals.warnings++;
        else totals.infos++;
      }
    }
    return totals;
  }

  get busy(): boolean {
    return this.running || [...this.queues.values()].some((q) => q.size > 0);
  }

  /** Resolves when nothing is queued or running. */
  whenSettled(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => this.settledWaiters.push(resolve));
  }

  private onChange(change: WorkspaceChange): void {
    const { folder } = change;
    if (change.edited && change.files.has(change.edited)) {
      this.publish(folder, change.edited);
      change.files.delete(change.edited);
    }
    let queue = this.queues.get(folder);
    if (!queue) this.queues.set(folder, (queue = new Set()));
    for (const file of change.files) queue.add(file);
    if (change.all) {
      // A scan replaced the folder's state: what the old one had queued is validated against the new one.
      for (const [other, pending] of this.queues) {
        if (other === folder || other.uri !== folder.uri) continue;
        for (const file of pending) queue.add(file);
        this.queues.delete(other);
      }
      this.publishConfig(folder);
      // A file no longer indexed (ignored since, or gone) loses its diagnostics too.
      for (const [uri, p] of this.published) {
        if (p.folder.uri !== folder.uri || p.path === CONFIG_FILE) continue;
        if (!folder.index.has(p.path)) {
          this.published.delete(uri);
          this.send({ uri, diagnostics: [] });
        } else p.folder = folder;
      }
    }
    void this.drain();
  }

  private clearFolder(folder: FolderState): void {
    this.queues.delete(folder);
    for (const [uri, p] of this.published) {
      if (p.folder.uri !== folder.uri) continue;
      this.published.delete(uri);
      this.send({ uri, diagnostics: [] });
    }
  }

  private async drain(): Promise<void> {
    if (this.running) return;
    this.running = true;
    try {
      for (;;) {
        const next = [...this.queues.entries()].find(([, q]) => q.size > 0);
        if (!next) break;
        const [folder, queue] = next;
        const started = Date.now();
        for (const file of queue) {
          queue.delete(file);
          this.publish(folder, file);
          if (Date.now() - started > CHUNK_MS) break;
        }
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.running = false;
    }
    for (const resolve of this.settledWaiters.splice(0)) resolve();
  }

  private publish(folder: FolderState, path: string): void {
    // A folder removed while its files were queued: nothing of it is shown any more.
    if (!this.workspace.allFolders().includes(folder)) return;
    if (path === CONFIG_FILE) return this.publishConfig(folder);
    const uri = this.workspace.uriOf(folder, path);
    const parsed = folder.index.file(path);
    let findings: Finding[] = [];
    try {
      // Targets svcm does not index (`$text: ./api.graphql`) are looked for on disk, as the CLI does.
      findings = parsed
        ? validateFileUpdatingIndex(folder.index, path, { config: folder.config, fileExists: folder.fileExists })
        : [];
    } catch (error) {
      this.log.error(`[diagnostics] validating ${path} failed: ${(error as Error).stack ?? String(error)}`);
    }
    // validateFileUpdatingIndex may have replaced the file by its precise parse: convert against the text it holds now.
    const current = folder.index.file(path);
    if (findings.length === 0 || !current) return this.clear(uri);
    this.published.set(uri, { folder, path, findings });
    const lines = linesOf(current);
    this.send({
      uri,
      diagnostics: findings.map((f) => toDiagnostic(f, lines, (file, span) => this.location(folder, file, span))),
    });
  }

  private publishConfig(folder: FolderState): void {
    const uri = this.workspace.uriOf(folder, CONFIG_FILE);
    const findings = applySeverities(folder.configFindings, folder.config);
    if (findings.length === 0) return this.clear(uri);
    this.published.set(uri, { folder, path: CONFIG_FILE, findings });
    const lines = new LineIndex(folder.configText);
    const diagnostics: Diagnostic[] = findings.map((f) => toDiagnostic(f, lines, () => undefined));
    this.send({ uri, diagnostics });
  }

  private clear(uri: string): void {
    if (!this.published.delete(uri)) return;
    this.send({ uri, diagnostics: [] });
  }

  private location(folder: FolderState, file: string, span: { start: number; end: number }): Location | undefined {
    const parsed = folder.index.file(file);
    return parsed ? { uri: this.workspace.uriOf(folder, file), range: toRange(linesOf(parsed), span) } : undefined;
  }
}
