import * as vscode from 'vscode';
import { escapeMarkdown } from '../core/assist/markdown';
import type { Logger } from '../core/logger';
import { FILE_OWNERS_REQUEST, type FileOwnersResult } from '../server/protocol';
import { ownerIcon, SHOW_SERVICE_FOR_FILE } from './commands/showServiceForFile';
import { SHOW_SERVICE_MAP } from './commands/showServiceMap';
import { readConfig } from './config';
import type { ServerLink } from './serverLink';

/** Index changes arriving within this time cause one update. */
const UPDATE_MS = 150;

/**
 * The status bar item naming the service that owns the active file, with its
 * open changes and known errors; a click lists them (Show Service for File).
 * The language server answers who owns the file (`svcm/fileOwners`); the item
 * asks again when the active editor changes and when records of its folder
 * change (`svcm/indexChanged`).
 */
export class ServiceStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('svcm.service', vscode.StatusBarAlignment.Left, 50);
  private readonly updatedEmitter = new vscode.EventEmitter<void>();
  /** Fires after every update of the item (for tests). */
  readonly onDidUpdate = this.updatedEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.item, this.updatedEmitter];
  private enabled = readConfig().statusBar;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private current: FileOwnersResult | undefined;
  /** Updates asked for, in order: only the answer to the last one is shown. */
  private generation = 0;

  constructor(
    private readonly server: ServerLink,
    private readonly log: Logger,
  ) {
    this.item.name = 'svcm: Service for File';
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor(() => void this.update()),
      server.onDidChangeIndex((change) => this.onIndexChange(change.folders)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (!e.affectsConfiguration('svcm.statusBar.enabled')) return;
        this.enabled = readConfig().statusBar;
        void this.update();
      }),
    );
    void server.ready.then(
      () => this.update(),
      () => undefined,
    );
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

  /** Asks again for the active editor's file; resolves when the item shows the answer (or a newer one is asked for). */
  async update(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    const generation = ++this.generation;
    const document = vscode.window.activeTextEditor?.document;
    let found: FileOwnersResult | undefined;
    try {
      if (this.enabled && document) {
        const answer = await this.server.sendRequest<FileOwnersResult | null>(FILE_OWNERS_REQUEST, {
          uri: document.uri.toString(),
        });
        if (answer && answer.services.length > 0) found = answer;
      }
    } catch (error) {
      this.log.error(`[statusBar] update failed: ${(error as Error).stack ?? error}`);
    }
    // A newer update is under way: it decides.
    if (generation !== this.generation) return;
    this.render(found, document?.uri);
    this.updatedEmitter.fire();
  }

  private onIndexChange(folders: string[]): void {
    if (!this.enabled) return;
    const active = vscode.window.activeTextEditor?.document.uri;
    if (!active) return;
    // Only the active file's folder matters.
    const folder = vscode.workspace.getWorkspaceFolder(active)?.uri.toString();
    if (folder !== undefined && !folders.some((f) => sameFolder(f, folder))) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.update(), UPDATE_MS);
  }

  private render(found: FileOwnersResult | undefined, uri: vscode.Uri | undefined): void {
    this.current = found;
    if (!found || !uri) {
      this.current = undefined;
      this.item.hide();
      return;
    }
    const [first, ...others] = found.services;
    const counts = [
      found.changes.length > 0 ? plural(found.changes.length, 'change') : undefined,
      found.knownErrors.length > 0 ? plural(found.knownErrors.length, 'known error') : undefined,
    ].filter((s): s is string => s !== undefined);
    this.item.text = [
      `$(${ownerIcon(first)}) ${first.name}${others.length > 0 ? ` +${others.length}` : ''}`,
      ...counts,
    ].join(' · ');
    this.item.backgroundColor =
      found.knownErrors.length > 0 ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    const tooltip = new vscode.MarkdownString(tooltipOf(found), true);
    // The one command its links may run: the service map centred on the service.
    tooltip.isTrusted = { enabledCommands: [SHOW_SERVICE_MAP] };
    this.item.tooltip = tooltip;
    this.item.accessibilityInformation = {
      label: [found.services.map((s) => `${s.kind} ${s.name}`).join(', '), ...counts].join(', '),
    };
    this.item.command = { command: SHOW_SERVICE_FOR_FILE, title: 'Show Service for File', arguments: [uri] };
    this.item.show();
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

/** Folder URIs as the server and VS Code spell them may differ in escaping: compare them parsed. */
function sameFolder(a: string, b: string): boolean {
  return a === b || vscode.Uri.parse(a).toString() === vscode.Uri.parse(b).toString();
}

function tooltipOf(found: FileOwnersResult): string {
  const parts = found.services.map((service) => service.summary);
  if (found.changes.length > 0) {
    parts.push(
      '**Open changes**\n\n' +
        found.changes
          .map((c) => `- \`${c.name}\` ${escapeMarkdown(c.status ?? '')}: ${escapeMarkdown(c.text ?? '')}`)
          .join('\n'),
    );
  }
  if (found.knownErrors.length > 0) {
    parts.push(
      '**Known errors**\n\n' +
        found.knownErrors
          .map(
            (k) =>
              `- \`${k.name}\` ${escapeMarkdown(k.title ?? '')}${k.workaround ? ` (workaround: ${escapeMarkdown(k.workaround)})` : ''}`,
          )
          .join('\n'),
    );
  }
  const links = found.services.map(
    (s) =>
      `[$(type-hierarchy) Show ${escapeMarkdown(s.name)} on Service Map](command:${SHOW_SERVICE_MAP}?${encodeURIComponent(JSON.stringify([{ focus: s.ref ?? s.name }]))})`,
  );
  if (links.length > 0) parts.push(links.join(' · '));
  return parts.join('\n\n---\n\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
