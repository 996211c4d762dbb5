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
 * Events that make a storm (a checkout, a build, an unzip). The watchers lose events under a storm:
 * the system's queue overflows (Linux's inotify holds 16,384 events) and both VS Code's watcher and
 * Node's drop what overflows without a word. After a storm the folders it touched are read again.
 */
const STORM_EVENTS = 500;
/** How long the disk must stay quiet before a storm counts as over. */
const STORM_QUIET_MS = 1000;

/** Folders the server's own watcher never enters (discovery skips them too). */
const SKIPPED_FOLDERS = new Set(['.git', 'node_modules']);

/**
 * Where Node's recursive `fs.watch` is the system's own (FSEvents, ReadDirectoryChangesW). On Linux
 * Node emulates it: it polls every file with `fs.watchFile` and walks folders again, synchronously,
 * on every event, which under a storm of changes (a checkout, a build) never lets the server answer.
 * There the server watches each folder on its own (one inotify watch per folder).
 */
const NATIVE_RECURSIVE = process.platform === 'darwin' || process.platform === 'win32';

/**
 * Whether the client's watcher is used when the client offers one. Not by default on Linux: VS
 * Code's watcher there (parcel, on inotify) does not watch the subfolders of a folder that appears
 * whole at run time (moved in, cloned, unzipped), so later changes inside it are never reported;
 * the server's own watcher watches a new folder before it reads it.
 */
export function watchesThroughClient(choice: 'client' | 'server' | undefined): boolean {
  return choice === undefined ? process.platform !== 'linux' : choice === 'client';
}

/**
 * Disk events for the workspace: through `workspace/didChangeWatchedFiles`,
 * registered dynamically when the client allows it, else from the server's own
 * watcher on each workspace folder.
 */
export class Watching {
  /** The server's own watchers, by folder watched (every folder of the tree where recursion is not native). */
  private readonly own = new Map<string, fs.FSWatcher>();
  private readonly roots = new Set<string>();
  private readonly queued = new Set<string>();
  private timer?: ReturnType<typeof setTimeout>;
  /** The storm under way: how many events so far, in which workspace folders (by URI). */
  private storm = {
    events: 0,
    folders: new Set<string>(),
    timer: undefined as ReturnType<typeof setTimeout> | undefined,
  };

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
        this.handOn(event, abs);
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
    for (const root of roots) this.watchRoot(root);
  }

  /** A folder added at run time (own watching only). */
  folderAdded(root: string): void {
    if (!this.clientWatches) this.watchRoot(root);
  }

  folderRemoved(root: string): void {
    this.roots.delete(root);
    this.unwatch(root);
  }

  private watchRoot(root: string): void {
    if (this.roots.has(root)) return;
    this.roots.add(root);
    this.log.info(`[watch] watching ${root} here`);
    if (NATIVE_RECURSIVE) this.watch(root, true);
    else this.watchTree(root);
  }

  /** Watches a folder and every folder below it (not through links, not into skipped folders). */
  private watchTree(dir: string): void {
    const pending = [dir];
    while (pending.length > 0) {
      const current = pending.pop()!;
      if (this.own.has(current) || !this.watch(current, false)) continue;
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(current, { withFileTypes: true });
      } catch {
        continue; // gone meanwhile: its parent reports it
      }
      for (const entry of entries)
        if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) pending.push(path.join(current, entry.name));
    }
  }

  private watch(dir: string, recursive: boolean): boolean {
    try {
      const watcher = fs.watch(dir, { recursive }, (_type, name) => {
        // Without a name (some platforms), the folder itself is read again.
        this.queue(name ? path.join(dir, name.toString()) : dir);
      });
      watcher.on('error', (error) => {
        // A watched folder that is deleted ends its watcher; its parent reports the deletion.
        this.forget(dir, watcher);
        if ((error as NodeJS.ErrnoException).code !== 'EPERM') this.log.debug(`[watch] ${dir}: ${error.message}`);
      });
      this.own.set(dir, watcher);
      return true;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR')
        this.log.warn(`[watch] cannot watch ${dir}: ${(error as Error).message}`);
      return false;
    }
  }

  private forget(dir: string, watcher: fs.FSWatcher): void {
    watcher.close();
    if (this.own.get(dir) === watcher) this.own.delete(dir);
  }

  /** Stops watching a folder and everything below it. */
  private unwatch(dir: string): void {
    const prefix = `${dir}${path.sep}`;
    for (const [watched, watcher] of [...this.own])
      if (watched === dir || watched.startsWith(prefix)) this.forget(watched, watcher);
  }

  private queue(abs: string): void {
    const parts = abs.split(path.sep);
    if (parts.some((part) => SKIPPED_FOLDERS.has(part))) return;
    this.queued.add(abs);
    this.timer ??= setTimeout(() => this.flush(), COALESCE_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const events = [...this.queued];
    this.queued.clear();
    for (const abs of events) {
      let stat: fs.Stats | undefined;
      try {
        stat = fs.lstatSync(abs);
      } catch {
        stat = undefined;
      }
      if (!stat) {
        if (!NATIVE_RECURSIVE && !this.roots.has(abs)) this.unwatch(abs);
        this.handOn('deleted', abs);
        continue;
      }
      // A folder made or moved in: watched from now on; the workspace reads what it already holds.
      if (!NATIVE_RECURSIVE) {
        if (!stat.isDirectory()) this.unwatch(abs);
        else if (!this.own.has(abs)) this.watchTree(abs);
      }
      this.handOn('changed', abs);
    }
  }

  /** Hands an event to the workspace, and counts it towards a storm. */
  private handOn(event: DiskEvent, abs: string): void {
    this.workspace.diskEvent(event, abs);
    const folder = this.workspace.locatePath(abs)?.folder;
    if (!folder) return;
    this.storm.events++;
    this.storm.folders.add(folder.uri);
    clearTimeout(this.storm.timer);
    this.storm.timer = setTimeout(() => this.stormOver(), STORM_QUIET_MS);
  }

  private stormOver(): void {
    const { events, folders } = this.storm;
    this.storm = { events: 0, folders: new Set(), timer: undefined };
    if (events < STORM_EVENTS) return;
    this.log.info(
      `[watch] ${events} disk events at once: reading ${folders.size} folder(s) again, as events may have been lost`,
    );
    void this.workspace.rescan(folders);
  }

  dispose(): void {
    clearTimeout(this.timer);
    clearTimeout(this.storm.timer);
    for (const watcher of this.own.values()) watcher.close();
    this.own.clear();
    this.roots.clear();
  }
}
