import * as vscode from 'vscode';
import { openItemsForServices, type OpenItemsForFile } from '../core/assist/catalogueTree';
import { escapeMarkdown, recordSummary } from '../core/assist/summary';
import { servicesOwning } from '../core/index/ownership';
import { specOf, titleOf } from '../core/index/references';
import type { Logger } from '../core/logger';
import type { ParsedFile, RecordDoc } from '../core/parse/parseFile';
import { SHOW_SERVICE_FOR_FILE } from './commands/showServiceForFile';
import { SHOW_SERVICE_MAP } from './commands/showServiceMap';
import { readConfig } from './config';
import type { FolderModel, ModelChange, WorkspaceModel } from './workspaceModel';

/** Model changes arriving within this time cause one update. */
const UPDATE_MS = 300;

/**
 * The status bar item naming the service that owns the active file, with its
 * open changes and known errors; a click lists them (Show Service for File).
 * It recomputes when the active editor changes, and on model changes only when
 * they touch a service definition or what it shows.
 */
export class ServiceStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('svcm.service', vscode.StatusBarAlignment.Left, 50);
  private readonly updatedEmitter = new vscode.EventEmitter<void>();
  /** Fires after every update of the item (for tests). */
  readonly onDidUpdate = this.updatedEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.item, this.updatedEmitter];
  private enabled = readConfig().statusBar;
  private ready = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The folder last shown, the files whose change may change what is shown, and the service files as parsed then. */
  private watched: { folder: FolderModel; files: Set<string>; services: Map<string, ParsedFile> } | undefined;
  private current: (OpenItemsForFile & { folder: FolderModel; path: string }) | undefined;
  /** The owners of the last file shown: matching every service's globs is the costly part, and they change only with a service. */
  private owners: { folder: FolderModel; path: string; services: RecordDoc[] } | undefined;

  constructor(
    private readonly model: WorkspaceModel,
    private readonly log: Logger,
  ) {
    this.item.name = 'svcm: Service for File';
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => this.update()),
      model.onDidChange((change) => this.onModelChange(change)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('svcm.statusBar.enabled')) return;
        this.enabled = readConfig().statusBar;
        this.update();
      }),
    );
    void model.ready.then(() => {
      this.ready = true;
      this.update();
    });
  }

  /** What the item shows now (undefined when hidden): for tests. */
  get shown(): { text: string; tooltip: string | undefined; warning: boolean } | undefined {
    if (!this.current) return undefined;
    const tooltip = this.item.tooltip;
    return {
      text: this.item.text,
      tooltip: typeof tooltip === 'string' ? tooltip : tooltip?.value,
      warning: this.item.backgroundColor !== undefined,
    };
  }

  /** Recomputes for the active editor now. */
  update(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    try {
      this.render(this.compute());
    } catch (error) {
      this.log.error(`[statusBar] update failed: ${(error as Error).stack ?? error}`);
      this.render(undefined);
    }
    this.updatedEmitter.fire();
  }

  private compute(): (OpenItemsForFile & { folder: FolderModel; path: string }) | undefined {
    this.watched = undefined;
    const document = vscode.window.activeTextEditor?.document;
    if (!this.enabled || !this.ready || !document) return undefined;
    const where = this.model.locate(document.uri);
    if (!where) return undefined;
    if (this.owners?.folder !== where.folder || this.owners.path !== where.path) {
      this.owners = {
        folder: where.folder,
        path: where.path,
        services: servicesOwning(where.folder.index, where.path),
      };
    }
    const owners = this.owners.services;
    const found =
      owners.length > 0
        ? { ...openItemsForServices(where.folder.index, owners), folder: where.folder, path: where.path }
        : undefined;
    const services = new Map<string, ParsedFile>();
    for (const record of where.folder.index.records('Service')) {
      const parsed = where.folder.index.file(record.file);
      if (parsed) services.set(record.file, parsed);
    }
    const files = new Set<string>(
      found ? [...found.services, ...found.changes, ...found.knownErrors].map((r) => r.file) : [],
    );
    this.watched = { folder: where.folder, files, services };
    return found;
  }

  private render(found: (OpenItemsForFile & { folder: FolderModel; path: string }) | undefined): void {
    this.current = found;
    if (!found) {
      this.item.hide();
      return;
    }
    const [first, ...others] = found.services;
    const counts = [
      found.changes.length > 0 ? plural(found.changes.length, 'change') : undefined,
      found.knownErrors.length > 0 ? plural(found.knownErrors.length, 'known error') : undefined,
    ].filter((s): s is string => s !== undefined);
    this.item.text = [`$(symbol-class) ${first.name}${others.length > 0 ? ` +${others.length}` : ''}`, ...counts].join(
      ' · ',
    );
    this.item.backgroundColor =
      found.knownErrors.length > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tooltip = new vscode.MarkdownString(tooltipOf(found), true);
    // The one command its links may run: the service map centred on the service.
    tooltip.isTrusted = { enabledCommands: [SHOW_SERVICE_MAP] };
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = {
      label: [`Service ${found.services.map((s) => s.name).join(', ')}`, ...counts].join(', '),
    };
    this.item.command = {
      command: SHOW_SERVICE_FOR_FILE,
      title: 'Show Service for File',
      arguments: [found.folder.uri(found.path)],
    };
    this.item.show();
  }

  private onModelChange(change: ModelChange): void {
    if (!this.ready || !this.enabled) return;
    const active = vscode.window.activeTextEditor?.document.uri;
    // Only the active file's folder matters (a rescanned folder has a new model, so compare with the current one).
    if (!active || this.model.locate(active)?.folder !== change.folder) return;
    const watched = this.watched;
    const touched =
      watched && watched.folder === change.folder && !change.all ? this.touches(watched, change) : 'services';
    if (!touched) return;
    if (touched === 'services') this.owners = undefined;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.update(), UPDATE_MS);
  }

  /**
   * Whether a change can alter what is shown: `services` when a service
   * definition was edited, added or removed (the owners may differ), `items`
   * when only a file shown changed (a change or known error of the owners).
   */
  private touches(
    watched: NonNullable<ServiceStatusBar['watched']>,
    change: ModelChange,
  ): 'services' | 'items' | false {
    let items = false;
    for (const path of change.files) {
      const now = change.folder.index.file(path);
      const before = watched.services.get(path);
      if (now !== before && (before || now?.records.some((r) => r.kind === 'Service'))) return 'services';
      if (watched.files.has(path)) items = true;
    }
    return items ? 'items' : false;
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

function tooltipOf(found: OpenItemsForFile): string {
  const parts = found.services.map((service) => recordSummary(service));
  if (found.changes.length > 0) {
    parts.push(
      '**Open changes**\n\n' +
        found.changes
          .map(
            (c) =>
              `- \`${c.name ?? c.file}\` ${escapeMarkdown(String(specOf(c, 'Change')?.status ?? ''))}: ${escapeMarkdown(oneLine(specOf(c, 'Change')?.summary))}`,
          )
          .join('\n'),
    );
  }
  if (found.knownErrors.length > 0) {
    parts.push(
      '**Known errors**\n\n' +
        found.knownErrors
          .map((k) => {
            const workaround = oneLine(specOf(k, 'Knowledge')?.workaround);
            return `- \`${k.name ?? k.file}\` ${escapeMarkdown(titleOf(k) ?? '')}${workaround ? ` (workaround: ${escapeMarkdown(workaround)})` : ''}`;
          })
          .join('\n'),
    );
  }
  const links = found.services
    .filter((s) => s.name !== undefined)
    .map(
      (s) =>
        `[$(type-hierarchy) Show ${escapeMarkdown(s.name!)} on Service Map](command:${SHOW_SERVICE_MAP}?${encodeURIComponent(JSON.stringify([{ focus: s.name }]))})`,
    );
  if (links.length > 0) parts.push(links.join(' · '));
  return parts.join('\n\n---\n\n');
}

function oneLine(value: unknown): string {
  return typeof value === 'string' ? value.replace(/\s+/g, ' ').trim() : '';
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
