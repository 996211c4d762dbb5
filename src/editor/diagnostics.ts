import * as vscode from 'vscode';
import { applySeverities, CONFIG_FILE } from '../core/config';
import type { Finding } from '../core/finding';
import type { Logger } from '../core/logger';
import { LineIndex } from '../core/parse/lines';
import { validateFileUpdatingIndex } from '../core/validate';
import { linesOf, toDiagnostic, toLocation } from './convert';
import type { FolderModel, ModelChange, WorkspaceModel } from './workspaceModel';

/** Files validated between two yields to the event loop when many files changed. */
const CHUNK_MS = 30;

/**
 * Keeps the Problems panel in step with the model: on every change it
 * validates the edited file at once, then the files that depend on it in
 * small slices (a newer change cancels the older slices), and publishes.
 */
export class DiagnosticsManager implements vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection('svcm');
  private readonly findings = new Map<string, Finding[]>();
  private readonly queues = new Map<FolderModel, Set<string>>();
  private running = false;
  private readonly subscription: vscode.Disposable;
  private readonly doneEmitter = new vscode.EventEmitter<void>();
  /** Fires when every queued file has been validated and published. */
  readonly onDidSettle = this.doneEmitter.event;

  constructor(
    private readonly model: WorkspaceModel,
    private readonly log: Logger,
  ) {
    this.subscription = model.onDidChange((change) => this.onChange(change));
  }

  /** The last findings published for a file (for code actions), by URI string. */
  findingsFor(uri: vscode.Uri): readonly Finding[] {
    return this.findings.get(uri.toString()) ?? [];
  }

  /** Totals over everything published. */
  totals(): { errors: number; warnings: number; infos: number } {
    const totals = { errors: 0, warnings: 0, infos: 0 };
    for (const list of this.findings.values()) {
      for (const f of list) {
        if (f.severity === 'error') totals.errors++;
        else if (f.severity === 'warning') totals.warnings++;
        else totals.infos++;
      }
    }
    return totals;
  }

  /** Resolves when no validation work is queued or running. */
  whenSettled(): Promise<void> {
    if (!this.busy) return Promise.resolve();
    return new Promise((resolve) => {
      const subscription = this.onDidSettle(() => {
        subscription.dispose();
        resolve();
      });
    });
  }

  /** Whether validation work is queued or running. */
  get busy(): boolean {
    return this.running || [...this.queues.values()].some((q) => q.size > 0);
  }

  private onChange(change: ModelChange): void {
    const { folder } = change;
    if (change.edited && change.files.has(change.edited)) {
      // The file being typed in first, synchronously: that is the one the user looks at.
      this.publish(folder, change.edited);
      change.files.delete(change.edited);
    }
    let queue = this.queues.get(folder);
    if (!queue) this.queues.set(folder, (queue = new Set()));
    for (const file of change.files) queue.add(file);
    if (change.all) {
      // A rescan replaced the folder's model: what the old one still had queued is validated against the new one.
      for (const [other, pending] of this.queues) {
        if (other === folder || other.folder.uri.toString() !== folder.folder.uri.toString()) continue;
        for (const file of pending) queue.add(file);
        this.queues.delete(other);
      }
      this.publishConfig(folder);
      // A rescan lists what is indexed now: a file it dropped (ignored since, or gone) must lose its diagnostics too.
      for (const key of this.findings.keys()) {
        const path = folder.relative(vscode.Uri.parse(key));
        if (path !== undefined && path !== CONFIG_FILE && !folder.index.has(path)) queue.add(path);
      }
    }
    void this.drain();
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
    this.doneEmitter.fire();
  }

  private publish(folder: FolderModel, path: string): void {
    // A scan indexes svcm.config.yaml like any YAML file; its diagnostics are its settings' own.
    if (path === CONFIG_FILE) return this.publishConfig(folder);
    const uri = folder.uri(path);
    const parsed = folder.index.file(path);
    let findings: Finding[] = [];
    try {
      findings = parsed ? validateFileUpdatingIndex(folder.index, path, { config: folder.config }) : [];
    } catch (error) {
      this.log.error(`[diagnostics] validating ${path} failed: ${(error as Error).stack ?? error}`);
    }
    if (findings.length === 0 || !parsed) {
      this.findings.delete(uri.toString());
      this.collection.delete(uri);
      return;
    }
    this.findings.set(uri.toString(), findings);
    const lines = linesOf(parsed);
    this.collection.set(
      uri,
      findings.map((f) => toDiagnostic(f, lines, (file, span) => toLocation(folder, file, span))),
    );
  }

  private publishConfig(folder: FolderModel): void {
    const uri = folder.uri(CONFIG_FILE);
    // As the CLI does: the config's own findings follow its severities too.
    const findings = applySeverities(folder.configFindings, folder.config);
    if (findings.length === 0) {
      this.findings.delete(uri.toString());
      this.collection.delete(uri);
      return;
    }
    this.findings.set(uri.toString(), findings);
    const lines = new LineIndex(folder.configText);
    this.collection.set(
      uri,
      findings.map((f) => toDiagnostic(f, lines, () => undefined)),
    );
  }

  dispose(): void {
    this.subscription.dispose();
    this.collection.dispose();
    this.doneEmitter.dispose();
  }
}
