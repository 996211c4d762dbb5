import * as fs from 'node:fs';
import { CONFIG_FILE } from '../core/config';
import type { Logger } from '../core/logger';
import { parseBytes, parseFile, type ParsedFile } from '../core/parse/parseFile';
import { mentionsSvcm } from '../core/parse/decode';
import { discover } from '../node/discover';
import { readRecordBytes } from '../node/readFile';
import { FolderState, fsPathOf, uriOf } from './folders';
import { loadConfig, scanFolder } from './scanning';

/** A batch of files whose findings may have changed, in one folder. */
export interface WorkspaceChange {
  folder: FolderState;
  files: Set<string>;
  /** the change came from typing in this file: validate it first */
  edited?: string;
  /** everything in the folder may have changed (a scan, a config change) */
  all?: boolean;
}

/** What a disk event says about a path. */
export type DiskEvent = 'created' | 'changed' | 'deleted';

/** The texts of the documents open in the client, by absolute path. */
export interface OpenTexts {
  textOf(abs: string): string | undefined;
  paths(): string[];
  /** Applies now the edits still waiting for their debounce at `abs` or below it. */
  flushUnder(abs: string): void;
}

export interface WorkspaceHooks {
  log: Logger;
  openTexts: OpenTexts;
  readerScript?: string;
  /** Wraps a scan in progress reporting (`$/progress`). */
  withProgress<T>(
    title: string,
    work: (report: (message: string, percentage: number) => void) => Promise<T>,
  ): Promise<T>;
}

/**
 * The workspace as the server sees it: one index per workspace folder, read
 * from disk by a scan, kept current by disk events and by the documents open in
 * the client (whose text wins over the disk). It parses and indexes; listeners
 * (diagnostics) validate what it says changed.
 */
export class Workspace {
  private readonly folders = new Map<string, FolderState>();
  /** Scans under way, by folder URI, with the disk events that arrived meanwhile (replayed when the scan is in). */
  private readonly scanning = new Map<string, { event: DiskEvent; abs: string }[]>();
  private readonly scans = new Map<string, Promise<void>>();
  private readonly listeners: ((change: WorkspaceChange) => void)[] = [];
  private readonly removedListeners: ((folder: FolderState) => void)[] = [];

  constructor(private readonly hooks: WorkspaceHooks) {}

  onDidChange(listener: (change: WorkspaceChange) => void): void {
    this.listeners.push(listener);
  }

  onDidRemoveFolder(listener: (folder: FolderState) => void): void {
    this.removedListeners.push(listener);
  }

  allFolders(): FolderState[] {
    return [...this.folders.values()];
  }

  /** Until `initialized` has named the folders, the scans to come count as under way. */
  private startup?: Promise<void>;

  /** Marks the time between `initialize` and the first scans' start; call the returned function when they have started. */
  beginStartup(): () => void {
    let done!: () => void;
    this.startup = new Promise<void>((resolve) => (done = resolve)).then(() => {
      this.startup = undefined;
    });
    return done;
  }

  /** Resolves when every scan under way (or about to start) has finished. */
  async ready(): Promise<void> {
    if (this.startup) await this.startup;
    while (this.scans.size > 0) await Promise.all(this.scans.values());
  }

  get scanningNow(): boolean {
    return this.startup !== undefined || this.scans.size > 0;
  }

  /** The folder and folder-relative path of a URI (the innermost folder holding it). */
  locate(uri: string): { folder: FolderState; path: string; abs: string } | undefined {
    const abs = fsPathOf(uri);
    return abs === undefined ? undefined : this.locatePath(abs);
  }

  locatePath(abs: string): { folder: FolderState; path: string; abs: string } | undefined {
    let best: { folder: FolderState; path: string; abs: string } | undefined;
    for (const folder of this.folders.values()) {
      const path = folder.relative(abs);
      if (path !== undefined && (!best || folder.root.length > best.folder.root.length)) best = { folder, path, abs };
    }
    return best;
  }

  /** The URI of a folder-relative path: the open document's own when the client has it open. */
  uriOf(folder: FolderState, path: string): string {
    return uriOf(folder.absolute(path));
  }

  /** Adds a workspace folder and scans it; a folder added again is scanned again. */
  addFolder(uri: string, name: string): Promise<void> {
    const root = fsPathOf(uri);
    if (root === undefined) {
      this.hooks.log.warn(`[workspace] ${uri} is not a local folder: svcm reads only local files`);
      return Promise.resolve();
    }
    return this.scan(new FolderState(uri, root, name));
  }

  removeFolder(uri: string): void {
    const root = fsPathOf(uri);
    for (const [key, folder] of this.folders) {
      if (key === uri || folder.root === root) {
        this.folders.delete(key);
        this.scanning.delete(key);
        for (const listener of this.removedListeners) listener(folder);
      }
    }
  }

  /** Reads every folder again from scratch (a `.gitignore` changed, or the client asked). */
  rescanAll(): Promise<void> {
    return this.rescan(new Set(this.folders.keys()));
  }

  /** Reads these folders (by URI) again from scratch. */
  async rescan(uris: ReadonlySet<string>): Promise<void> {
    const folders = [...this.folders.values()].filter((f) => uris.has(f.uri));
    await Promise.all(folders.map((f) => this.scan(new FolderState(f.uri, f.root, f.name))));
  }

  private scan(folder: FolderState): Promise<void> {
    const key = folder.uri;
    const missed: { event: DiskEvent; abs: string }[] = [];
    this.scanning.set(key, missed);
    const started = Date.now();
    const stale = () => this.scanning.get(key) !== missed;
    const openTexts = new Map<string, string>();
    for (const abs of this.hooks.openTexts.paths()) {
      const rel = folder.relative(abs);
      const text = this.hooks.openTexts.textOf(abs);
      // An open link to a file outside the folder shows the file; svcm does not read it (docs/security.md).
      if (
        rel !== undefined &&
        text !== undefined &&
        folder.isCandidate(rel) &&
        folder.boundary.escapes(abs) === undefined
      )
        openTexts.set(rel, text);
    }
    const work = this.hooks
      .withProgress(`svcm: indexing ${folder.name}`, (report) =>
        scanFolder(folder, {
          readerScript: this.hooks.readerScript,
          openTexts,
          log: this.hooks.log,
          stale,
          progress: (done, total) =>
            report(`${done}/${total} files`, total === 0 ? 100 : Math.round((100 * done) / total)),
        }),
      )
      .then((candidates) => {
        // A newer scan of this folder started, or the folder was removed: that decides.
        if (stale()) return;
        this.scanning.delete(key);
        this.folders.set(key, folder);
        this.hooks.log.info(
          `[scan] ${folder.name}: ${candidates} candidate files, ${folder.index.records().length} records in ${Date.now() - started} ms`,
        );
        this.emit({ folder, files: new Set(folder.index.files().map((f) => f.path)), all: true });
        for (const { event, abs } of missed) this.diskEvent(event, abs);
        // Documents edited while the files were read: their text now wins. One whose file is gone
        // from the disk (VS Code keeps a deleted file's document open) is not brought back.
        for (const abs of this.hooks.openTexts.paths()) {
          const text = this.hooks.openTexts.textOf(abs);
          if (text !== undefined && folder.relative(abs) !== undefined && fs.existsSync(abs))
            this.setText(uriOf(abs), text, false);
        }
      })
      .catch((error: unknown) => {
        this.hooks.log.error(`[scan] ${folder.name} failed: ${(error as Error).stack ?? String(error)}`);
        if (!stale()) this.scanning.delete(key);
      });
    const tracked = work.finally(() => {
      if (this.scans.get(key) === tracked) this.scans.delete(key);
    });
    this.scans.set(key, tracked);
    return tracked;
  }

  /**
   * The parsed file for an open document, up to date with `text` (so a request
   * never sees stale offsets). Outside every folder, or not a record file:
   * undefined.
   */
  parsedFor(uri: string, text: string): { folder: FolderState; path: string; parsed: ParsedFile } | undefined {
    const where = this.locate(uri);
    if (!where || !where.folder.isCandidate(where.path)) return undefined;
    let parsed = where.folder.index.file(where.path);
    if (!parsed || parsed.text !== text) parsed = this.setText(uri, text) ?? parseFile(where.path, text);
    return { folder: where.folder, path: where.path, parsed };
  }

  /** An open document's text: parsed (its unchanged documents taken over) and indexed. */
  setText(uri: string, text: string, edited = true): ParsedFile | undefined {
    const where = this.locate(uri);
    if (!where) return undefined;
    if (where.path === CONFIG_FILE) {
      loadConfig(where.folder, text, this.hooks.log);
      this.emitAll(where.folder);
    }
    if (!where.folder.isCandidate(where.path)) return undefined;
    // An open link to a file outside the folder shows the file; svcm does not index or check it (docs/security.md).
    if (where.folder.boundary.escapes(where.abs) !== undefined) return undefined;
    const previous = where.folder.index.file(where.path);
    if (previous?.text === text) return previous;
    // A document that is not indexed and names no svcm apiVersion changes nothing.
    if (!previous && !mentionsSvcm(text)) return undefined;
    const parsed = parseFile(where.path, text, undefined, { previous });
    const files = where.folder.index.upsert(parsed);
    this.emit({ folder: where.folder, files, edited: edited ? where.path : undefined });
    return parsed;
  }

  /** A disk event for a path (from the client's watcher or the server's own). */
  diskEvent(event: DiskEvent, abs: string): void {
    const where = this.locatePath(abs);
    if (!where) return;
    this.scanning.get(where.folder.uri)?.push({ event, abs });
    const { folder, path } = where;
    if (path === CONFIG_FILE) {
      loadConfig(folder, this.hooks.openTexts.textOf(abs), this.hooks.log);
      this.emitAll(folder);
      return this.fileEvent(event, folder, path, abs);
    }
    if (path === '.gitignore' || path.endsWith('/.gitignore')) {
      // What is ignored decides what is read: read the folders again.
      void this.rescanAll();
      return;
    }
    // Deleted on disk: gone, even when the client still holds the document (VS Code keeps a
    // deleted file's document open, orphaned); typing in it again indexes it again.
    if (event === 'deleted') {
      // An edit made before the deletion but still waiting for its debounce is not typing after it:
      // applied first, it cannot bring the file back.
      this.hooks.openTexts.flushUnder(abs);
      return this.deleted(folder, path, true);
    }
    if (folder.ignores(path)) return;
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch {
      return this.deleted(folder, path);
    }
    if (stat.isDirectory()) return this.folderCreated(folder, abs);
    this.fileEvent(event, folder, path, abs);
  }

  /** Unsaved text is gone with a closed document: the disk is the truth again. */
  closed(uri: string): void {
    const where = this.locate(uri);
    if (!where) return;
    if (where.path === CONFIG_FILE) {
      loadConfig(where.folder, undefined, this.hooks.log);
      this.emitAll(where.folder);
    }
    this.fileEvent('changed', where.folder, where.path, where.abs, true);
  }

  private fileEvent(_event: DiskEvent, folder: FolderState, path: string, abs: string, closing = false): void {
    if (!folder.isCandidate(path)) return;
    // An open document's text wins over the disk; one deleted on disk and written again is indexed again.
    const open = closing ? undefined : this.hooks.openTexts.textOf(abs);
    if (open !== undefined) {
      if (!folder.index.has(path)) this.setText(uriOf(abs), open, false);
      return;
    }
    let parsed: ParsedFile | undefined;
    // A link to a file outside the folder is not read (docs/security.md), as the scan skips it.
    if (folder.boundary.escapes(abs) !== undefined) {
      this.hooks.log.warn(`[workspace] ${path}: a symbolic link to a file outside ${folder.name}, not read`);
      return this.deleted(folder, path, closing);
    }
    try {
      const read = readRecordBytes(abs);
      if (read) parsed = parseBytes(path, read.bytes, read.size);
    } catch {
      // gone or unreadable: as deleted
    }
    if (!parsed) return this.deleted(folder, path, closing);
    const files = folder.index.upsert(parsed);
    this.emit({ folder, files });
  }

  private folderCreated(folder: FolderState, abs: string): void {
    let found;
    try {
      // The new folder alone is walked, with the rules of the .gitignore files above it; paths stay folder-relative.
      found = discover(abs, folder.root, []);
    } catch {
      return;
    }
    for (const file of found.files) this.fileEvent('created', folder, file.rel, file.abs);
  }

  /** Removes a path (a file, or a folder's files); open documents stay unless `evenIfOpen`. */
  private deleted(folder: FolderState, path: string, evenIfOpen = false): void {
    const prefix = `${path}/`;
    for (const file of folder.index.files()) {
      if (file.path !== path && !file.path.startsWith(prefix)) continue;
      if (!evenIfOpen && this.hooks.openTexts.textOf(folder.absolute(file.path)) !== undefined) continue;
      const files = folder.index.remove(file.path);
      files.add(file.path);
      this.emit({ folder, files });
    }
  }

  private emitAll(folder: FolderState): void {
    this.emit({ folder, files: new Set(folder.index.files().map((f) => f.path)), all: true });
  }

  /** Tells the listeners, unless the folder has been replaced by a newer scan (which has the change, or replays it). */
  private emit(change: WorkspaceChange): void {
    if (this.folders.get(change.folder.uri) !== change.folder) return;
    for (const listener of this.listeners) listener(change);
  }
}
