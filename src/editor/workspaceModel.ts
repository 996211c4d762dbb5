import * as vscode from 'vscode';
import { mentionsSvcm } from '../core/parse/decode';
import { CONFIG_FILE, DEFAULT_CONFIG, parseConfig, type SvcmConfig } from '../core/config';
import type { Finding } from '../core/finding';
import { GitignoreRules } from '../core/index/gitignore';
import { WorkspaceIndex } from '../core/index/workspaceIndex';
import type { Logger } from '../core/logger';
import { formatOf, parseBytes, parseFile, type ParsedFile } from '../core/parse/parseFile';
import { escapesFolder, realFolder, skippedLinksNote } from '../node/boundary';
import { readRecordBytesAsync } from '../node/readBytes';

export const RECORD_GLOB = '**/*.{yaml,yml,md,markdown}';

/** What a file watcher reports: a file created or changed, a path deleted, a path created that may be a folder. */
type DiskEvent = 'change' | 'delete' | 'folder';
const EXCLUDE_GLOB = '**/{node_modules,.git}/**';

/** The records of one workspace folder: its index, its `svcm.config.yaml` and its ignore rules. */
export class FolderModel {
  readonly index = new WorkspaceIndex();
  config: SvcmConfig = DEFAULT_CONFIG;
  configFindings: Finding[] = [];
  configText = '';
  gitignore = new GitignoreRules();
  /** The `.gitignore` files the rules were read from (workspace-relative). */
  readonly ignoreFiles = new Set<string>();
  /** The folder's real path on disk (links resolved), for the read boundary; undefined off the local disk. */
  realRoot?: string;
  /** Paths that are symbolic links leading outside the folder: not read, not indexed (docs/security.md). */
  readonly linksOutside = new Set<string>();

  constructor(readonly folder: vscode.WorkspaceFolder) {}

  /** The workspace-relative path (with `/`) of a URI inside this folder, else undefined. */
  relative(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== this.folder.uri.scheme || uri.authority !== this.folder.uri.authority) return undefined;
    const root = this.folder.uri.path.replace(/\/+$/, '');
    if (!uri.path.startsWith(`${root}/`)) return undefined;
    return uri.path.slice(root.length + 1);
  }

  uri(path: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder.uri, ...path.split('/'));
  }

  /** Whether a relative path can hold records svcm should read (extension, not ignored). */
  isCandidate(path: string): boolean {
    return formatOf(path) !== undefined && !this.gitignore.ignores(path);
  }

  /** A candidate that is not a link leading outside the folder (as last seen on disk). */
  isReadable(path: string): boolean {
    return this.isCandidate(path) && !this.linksOutside.has(path);
  }
}

/** A batch of files whose findings may have changed, per folder. */
export interface ModelChange {
  folder: FolderModel;
  files: Set<string>;
  /** the change came from typing (validate the edited file first, quickly) */
  edited?: string;
  /** everything changed (initial scan, config change): recompute all */
  all?: boolean;
}

/**
 * The workspace as svcm sees it: one index per folder, fed from disk (a scan,
 * then a file watcher, so `git checkout` is seen) and from open documents
 * (their unsaved text wins over disk). It parses and indexes; it does not
 * validate: listeners (diagnostics, the tree, the status bar) react to changes.
 */
export class WorkspaceModel implements vscode.Disposable {
  private readonly folders = new Map<string, FolderModel>();
  /** Files being read after a disk event, by URI, with a ticket: a newer event for the file voids the read. */
  private readonly reading = new Map<string, number>();
  private lastTicket = 0;
  /** Disk events that arrived while a folder was being (re)scanned, by folder: replayed on its new model. */
  private readonly scanning = new Map<string, { event: DiskEvent; uri: vscode.Uri }[]>();
  private readonly disposables: vscode.Disposable[] = [];
  private readonly pending = new Map<string, { timer: ReturnType<typeof setTimeout>; document: vscode.TextDocument }>();
  private readonly changeEmitter = new vscode.EventEmitter<ModelChange>();
  readonly onDidChange = this.changeEmitter.event;
  private readyPromise: Promise<void> = Promise.resolve();

  constructor(
    private readonly log: Logger,
    private debounceMs: () => number,
  ) {
    this.disposables.push(this.changeEmitter);
  }

  /** Resolves when the first scan of every folder has finished. */
  get ready(): Promise<void> {
    return this.readyPromise;
  }

  allFolders(): FolderModel[] {
    return [...this.folders.values()];
  }

  /** The folder model and relative path of a URI, when it lies in a workspace folder. */
  locate(uri: vscode.Uri): { folder: FolderModel; path: string } | undefined {
    const wf = vscode.workspace.getWorkspaceFolder(uri);
    const folder = wf && this.folders.get(wf.uri.toString());
    const path = folder?.relative(uri);
    return folder && path !== undefined ? { folder, path } : undefined;
  }

  /** Starts scanning and watching. Returns at once; `ready` tells when the scan is done. */
  start(): void {
    const watcher = vscode.workspace.createFileSystemWatcher(RECORD_GLOB);
    // Deleting, moving or renaming a folder reports only the folder: watch every path for those.
    const folders = vscode.workspace.createFileSystemWatcher('**/*', false, true, false);
    // What is ignored decides what is indexed: any change to an ignore file means reading the folder again.
    const ignoreFiles = vscode.workspace.createFileSystemWatcher('**/.gitignore');
    this.disposables.push(
      watcher,
      folders,
      ignoreFiles,
      ignoreFiles.onDidCreate(() => void this.rescan()),
      ignoreFiles.onDidChange(() => void this.rescan()),
      ignoreFiles.onDidDelete(() => void this.rescan()),
      watcher.onDidCreate((uri) => this.onDisk('change', uri)),
      watcher.onDidChange((uri) => this.onDisk('change', uri)),
      folders.onDidCreate((uri) => this.onDisk('folder', uri)),
      folders.onDidDelete((uri) => this.onDisk('delete', uri)),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.contentChanges.length > 0) this.schedule(e.document);
      }),
      vscode.workspace.onDidOpenTextDocument((document) => this.syncOpened(document)),
      vscode.workspace.onDidCloseTextDocument((document) => this.onClosed(document)),
      vscode.workspace.onDidChangeWorkspaceFolders((e) => {
        for (const removed of e.removed) {
          this.folders.delete(removed.uri.toString());
          this.scanning.delete(removed.uri.toString());
        }
        this.readyPromise = Promise.all(e.added.map((f) => this.scanFolder(f))).then(() => undefined);
      }),
    );
    this.readyPromise = Promise.all((vscode.workspace.workspaceFolders ?? []).map((f) => this.scanFolder(f))).then(
      () => undefined,
    );
  }

  /** Re-reads every folder from scratch (the Validate Workspace command, a changed .gitignore). */
  rescan(): Promise<void> {
    this.readyPromise = Promise.all((vscode.workspace.workspaceFolders ?? []).map((f) => this.scanFolder(f))).then(
      () => undefined,
    );
    return this.readyPromise;
  }

  /**
   * The parsed file for an open document, up to date with its text (a pending
   * debounced update is applied now, so providers never see stale offsets).
   */
  parsedFor(document: vscode.TextDocument): { folder: FolderModel; path: string; parsed: ParsedFile } | undefined {
    const where = this.locate(document.uri);
    if (!where || !where.folder.isReadable(where.path)) return undefined;
    let parsed = where.folder.index.file(where.path);
    const text = document.getText();
    if (!parsed && !document.isDirty) {
      // Not indexed and not edited: its file is gone from disk (the editor keeps it open) or not read yet.
      // Answer from its text, but leave indexing to the scan and the watcher, which know what is on disk.
      return { ...where, parsed: parseFile(where.path, text) };
    }
    if (!parsed || parsed.text !== text) {
      this.cancelPending(document.uri);
      parsed = parseFile(where.path, text, undefined, { previous: parsed });
      this.apply(where.folder, parsed, where.path);
    }
    return { ...where, parsed };
  }

  private async scanFolder(wf: vscode.WorkspaceFolder): Promise<void> {
    const key = wf.uri.toString();
    // The model in place (if any) stays in place until this one is complete: a rescan never shows an empty catalogue.
    const missed: { event: DiskEvent; uri: vscode.Uri }[] = [];
    this.scanning.set(key, missed);
    const folder = new FolderModel(wf);
    const started = Date.now();
    if (wf.uri.scheme === 'file') folder.realRoot = await realFolder(wf.uri.fsPath);
    await this.loadConfig(folder);
    for (const uri of await vscode.workspace.findFiles(new vscode.RelativePattern(wf, '**/.gitignore'), EXCLUDE_GLOB)) {
      const path = folder.relative(uri);
      if (path === undefined) continue;
      folder.ignoreFiles.add(path);
      folder.gitignore.add(path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '', await readText(uri));
    }
    const uris = (await vscode.workspace.findFiles(new vscode.RelativePattern(wf, RECORD_GLOB), EXCLUDE_GLOB)).filter(
      (uri) => {
        const path = folder.relative(uri);
        return path !== undefined && folder.isCandidate(path);
      },
    );
    const open = new Map(vscode.workspace.textDocuments.map((d) => [d.uri.toString(), d]));
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: 'svcm: indexing records' },
      async (progress) => {
        let done = 0;
        let lastYield = Date.now();
        const batch = 64;
        for (let i = 0; i < uris.length; i += batch) {
          const slice = uris.slice(i, i + batch);
          const parsed = await Promise.all(slice.map((uri) => this.readParsed(folder, uri, open.get(uri.toString()))));
          for (const p of parsed) if (p) folder.index.upsert(p, false);
          done += slice.length;
          if (Date.now() - lastYield > 50) {
            progress.report({ message: `${done}/${uris.length}` });
            await new Promise((resolve) => setImmediate(resolve));
            lastYield = Date.now();
          }
        }
      },
    );
    // A newer scan of this folder has started: it will put its own model in place.
    if (this.scanning.get(key) !== missed) return;
    this.scanning.delete(key);
    this.folders.set(key, folder);
    this.log.info(
      `[model] ${wf.name}: ${uris.length} candidate files, ${folder.index.records().length} records indexed in ${Date.now() - started} ms`,
    );
    if (folder.linksOutside.size > 0)
      this.log.info(`[model] ${wf.name}: ${skippedLinksNote([...folder.linksOutside].sort(), 'the workspace folder')}`);
    this.emit({ folder, files: new Set(folder.index.files().map((f) => f.path)), all: true });
    // What changed on disk or in the editor while the files were being read, the listing may have missed.
    for (const { event, uri } of missed) this.dispatch(event, uri);
    // Unsaved text wins over disk; a saved document was read from disk (or its file is gone, and so is it).
    for (const document of vscode.workspace.textDocuments) if (document.isDirty) this.syncOpened(document);
  }

  /** A file watcher event: handled now, and noted for the scan of its folder when one is under way. */
  private onDisk(event: DiskEvent, uri: vscode.Uri): void {
    const wf = vscode.workspace.getWorkspaceFolder(uri);
    if (wf) this.scanning.get(wf.uri.toString())?.push({ event, uri });
    this.dispatch(event, uri);
  }

  private dispatch(event: DiskEvent, uri: vscode.Uri): void {
    if (event === 'change') void this.onDiskChange(uri);
    else if (event === 'folder') void this.onFolderCreated(uri);
    else this.onDiskDelete(uri);
  }

  private async readParsed(
    folder: FolderModel,
    uri: vscode.Uri,
    document?: vscode.TextDocument,
  ): Promise<ParsedFile | undefined> {
    const path = folder.relative(uri)!;
    try {
      if (uri.scheme === 'file' && folder.realRoot !== undefined) {
        // The read boundary: a link leading outside the folder is not read, open or not (docs/security.md).
        if (await escapesFolder(folder.realRoot, path, uri.fsPath)) {
          if (!folder.linksOutside.has(path) && this.folders.get(folder.folder.uri.toString()) === folder)
            this.log.info(`[model] ${folder.folder.name}: ${skippedLinksNote([path], 'the workspace folder')}`);
          folder.linksOutside.add(path);
          return undefined;
        }
        folder.linksOutside.delete(path);
      }
      if (document) return parseFile(path, document.getText());
      if (uri.scheme === 'file') {
        // The extension host runs in Node: reading the disk directly is many times faster than
        // a round trip per file through workspace.fs, and only regular files are read (a FIFO would block).
        const read = await readRecordBytesAsync(uri.fsPath);
        return read && parseBytes(path, read.bytes, read.size);
      }
      const stat = await vscode.workspace.fs.stat(uri);
      if (stat.type & vscode.FileType.Directory) return undefined;
      return parseBytes(path, await vscode.workspace.fs.readFile(uri), stat.size);
    } catch (error) {
      // Gone between listing and reading, or unreadable: nothing to index.
      this.log.debug(`[model] cannot read ${path}: ${(error as Error).message}`);
      return undefined;
    }
  }

  private async loadConfig(folder: FolderModel): Promise<void> {
    const uri = folder.uri(CONFIG_FILE);
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    // A config linked from outside the folder is not read (its text would be quoted in its findings).
    const outside = folder.realRoot !== undefined && (await escapesFolder(folder.realRoot, CONFIG_FILE, uri.fsPath));
    const text = outside ? '' : open ? open.getText() : await readText(uri);
    const { config, findings } = parseConfig(text);
    folder.config = config;
    folder.configFindings = findings;
    folder.configText = text;
  }

  private schedule(document: vscode.TextDocument): void {
    const where = this.locate(document.uri);
    if (!where) return;
    const key = document.uri.toString();
    if (where.path === CONFIG_FILE) {
      clearTimeout(this.pending.get(key)?.timer);
      this.pending.set(key, {
        document,
        timer: setTimeout(() => this.reloadConfig(where.folder, document.getText()), this.debounceMs()),
      });
      return;
    }
    if (!where.folder.isReadable(where.path)) return;
    clearTimeout(this.pending.get(key)?.timer);
    const timer = setTimeout(() => {
      this.pending.delete(key);
      if (document.isClosed) return;
      // The file as indexed before the edit: its unchanged documents are taken over, not parsed again.
      const previous = where.folder.index.file(where.path);
      this.apply(where.folder, parseFile(where.path, document.getText(), undefined, { previous }), where.path);
    }, this.debounceMs());
    this.pending.set(key, { document, timer });
  }

  private cancelPending(uri: vscode.Uri): void {
    const pending = this.pending.get(uri.toString());
    if (pending) {
      clearTimeout(pending.timer);
      this.pending.delete(uri.toString());
    }
  }

  private apply(folder: FolderModel, parsed: ParsedFile, edited?: string): void {
    const files = folder.index.upsert(parsed);
    this.emit({ folder, files, edited });
  }

  private reloadConfig(folder: FolderModel, text: string): void {
    const { config, findings } = parseConfig(text);
    folder.config = config;
    folder.configFindings = findings;
    folder.configText = text;
    this.emit({ folder, files: new Set(folder.index.files().map((f) => f.path)), all: true });
  }

  private syncOpened(document: vscode.TextDocument): void {
    const where = this.locate(document.uri);
    if (!where || !where.folder.isReadable(where.path)) return;
    const indexed = where.folder.index.file(where.path);
    // A document opened with the text we indexed from disk changes nothing.
    if (indexed && indexed.text === document.getText()) return;
    if (!indexed && !mentionsSvcm(document.getText())) return;
    this.apply(where.folder, parseFile(where.path, document.getText(), undefined, { previous: indexed }), where.path);
  }

  private onClosed(document: vscode.TextDocument): void {
    this.cancelPending(document.uri);
    // Unsaved edits are gone with the document: the file on disk is the truth again.
    if (document.uri.scheme === 'file' || document.uri.scheme === 'vscode-remote') void this.onDiskChange(document.uri);
  }

  private async onDiskChange(uri: vscode.Uri): Promise<void> {
    const where = this.locate(uri);
    if (!where) return;
    if (where.path === CONFIG_FILE) {
      await this.loadConfig(where.folder);
      this.emit({ folder: where.folder, files: new Set(where.folder.index.files().map((f) => f.path)), all: true });
      return;
    }
    if (!where.folder.isCandidate(where.path)) return;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    // An open document's text wins over disk: its unsaved edits are what the user sees.
    if (open && open.isDirty) return;
    const key = uri.toString();
    const ticket = ++this.lastTicket;
    this.reading.set(key, ticket);
    const parsed = await this.readParsed(where.folder, uri, open);
    // A newer event for the file (deleted, written again) came while it was read: that one decides.
    if (this.reading.get(key) !== ticket) return;
    this.reading.delete(key);
    if (parsed) this.apply(where.folder, parsed);
    else this.onDiskDelete(uri);
  }

  /** A folder moved or renamed into place (a checkout, `mv`) arrives as one event: read the records inside it. */
  private async onFolderCreated(uri: vscode.Uri): Promise<void> {
    const where = this.locate(uri);
    // Record files come through the other watcher; only a path that could be a folder is worth a stat.
    if (!where || formatOf(where.path) !== undefined || where.folder.gitignore.ignores(where.path)) return;
    let files: vscode.Uri[];
    let ignoreFiles: vscode.Uri[];
    try {
      if (!((await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory)) return;
      [files, ignoreFiles] = await Promise.all([
        vscode.workspace.findFiles(new vscode.RelativePattern(uri, RECORD_GLOB), EXCLUDE_GLOB),
        vscode.workspace.findFiles(new vscode.RelativePattern(uri, '**/.gitignore'), EXCLUDE_GLOB),
      ]);
    } catch (error) {
      // Gone again (the search cannot start in a folder that no longer exists): its delete event follows.
      this.log.debug(`[model] cannot list ${where.path}: ${(error as Error).message}`);
      return;
    }
    // The watcher reports a folder written quickly as the folder alone, .gitignore files inside included: new rules, read all again.
    if (ignoreFiles.length > 0) {
      await this.rescan();
      return;
    }
    for (const file of files) await this.onDiskChange(file);
  }

  private onDiskDelete(uri: vscode.Uri): void {
    const key = uri.toString();
    for (const file of this.reading.keys()) if (file === key || file.startsWith(`${key}/`)) this.reading.delete(file);
    const where = this.locate(uri);
    if (!where) return;
    if (where.path === CONFIG_FILE) {
      void this.reloadConfig(where.folder, '');
      return;
    }
    const prefix = `${where.path}/`;
    // Rules that went with the folder (its .gitignore files are not reported one by one) must stop applying.
    if ([...where.folder.ignoreFiles].some((file) => file.startsWith(prefix))) {
      void this.rescan();
      return;
    }
    const gone = where.folder.index.files().filter((f) => f.path === where.path || f.path.startsWith(prefix));
    for (const file of gone) {
      const open = vscode.workspace.textDocuments.find(
        (d) => d.uri.toString() === where.folder.uri(file.path).toString(),
      );
      if (open && open.isDirty) continue;
      const files = where.folder.index.remove(file.path);
      files.add(file.path);
      this.emit({ folder: where.folder, files });
    }
  }

  /**
   * Tells the listeners, unless the folder model has been replaced by a rescan since the work
   * began (a file read that finished late): the new model has that file, or the rescan replays it.
   */
  private emit(change: ModelChange): void {
    if (this.folders.get(change.folder.folder.uri.toString()) === change.folder) this.changeEmitter.fire(change);
  }

  dispose(): void {
    for (const { timer } of this.pending.values()) clearTimeout(timer);
    this.pending.clear();
    for (const d of this.disposables) d.dispose();
  }
}

async function readText(uri: vscode.Uri): Promise<string> {
  try {
    return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    return '';
  }
}
