import * as fs from 'node:fs';
import * as path from 'node:path';
import { DidChangeWatchedFilesNotification, FileChangeType, WatchKind, type Connection } from 'vscode-languageserver';
import type { Logger } from '../core/logger';
import { fsPathOf } from './folders';
import type { DiskEvent, Workspace } from './workspace';

/** What the server asks the client to watch: record files (the config included), ignore files, and created or deleted folders. */
export const WATCHERS = [
  { globPattern: '**/*.{yaml,yml,md,markdown}' },
  { globPattern: '**/svcm.config.yaml' },
  { globPattern: '**/.gitignore' },
  // A folder moved, checked out or deleted is reported as the folder alone.
  { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete },
];

/** How long the server's own watcher gathers events before handing them on. */
const COALESCE_MS = 50;

/**
 * Disk events for the workspace: through `workspace/didChangeWatchedFiles`,
 * registered dynamically when the client allows it, else from the server's own
 * recursive watcher on each workspace folder.
 */
export class Watching {
  private readonly own = new Map<string, fs.FSWatcher>();
  private readonly queued = new Map<string, DiskEvent>();
  private timer?: ReturnType<typeof setTimeout>;

  constructor(
    private readonly connection: Connection,
    private readonly workspace: Workspace,
    private readonly clientWatches: boolean,
    private readonly log: Logger,
  ) {
    connection.onDidChangeWatchedFiles(({ changes }) => {
      for (const change of changes) {
        const abs = fsPathOf(change.uri);
        if (abs === undefined) continue;
        const event: DiskEvent =
          change.type === FileChangeType.Deleted
            ? 'deleted'
            : change.type === FileChangeType.Created
              ? 'created'
              : 'changed';
        this.workspace.diskEvent(event, abs);
      }
    });
  }

  /** After `initialized`: asks the client to watch, or starts watching the folders here. */
  async start(roots: string[]): Promise<void> {
    if (this.clientWatches) {
      try {
        await this.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: WATCHERS });
        return;
      } catch (error) {
        this.log.warn(`[watch] the client refused to watch files (${(error as Error).message}): watching here`);
      }
    }
    for (const root of roots) this.watch(root);
  }

  /** A folder added at run time (own watching only). */
  folderAdded(root: string): void {
    if (!this.clientWatches) this.watch(root);
  }

  folderRemoved(root: string): void {
    this.own.get(root)?.close();
    this.own.delete(root);
  }

  private watch(root: string): void {
    if (this.own.has(root)) return;
    try {
      const watcher = fs.watch(root, { recursive: true }, (_type, name) => {
        if (name) this.queue(path.join(root, name.toString()));
      });
      watcher.on('error', (error) => this.log.warn(`[watch] ${root}: ${error.message}`));
      this.own.set(root, watcher);
      this.log.info(`[watch] the client does not watch files: watching ${root}`);
    } catch (error) {
      this.log.warn(`[watch] cannot watch ${root}: ${(error as Error).message}`);
    }
  }

  private queue(abs: string): void {
    const parts = abs.split(path.sep);
    if (parts.includes('.git') || parts.includes('node_modules')) return;
    this.queued.set(abs, 'changed');
    this.timer ??= setTimeout(() => this.flush(), COALESCE_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const events = [...this.queued.keys()];
    this.queued.clear();
    for (const abs of events) this.workspace.diskEvent(fs.existsSync(abs) ? 'changed' : 'deleted', abs);
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const watcher of this.own.values()) watcher.close();
    this.own.clear();
  }
}
