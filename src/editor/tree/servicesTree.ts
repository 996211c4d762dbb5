import * as vscode from 'vscode';
import {
  catalogueChildren,
  catalogueRoots,
  refreshService,
  serviceCount,
  type CatalogueNode,
  type GroupBy,
  type SectionKind,
} from '../../core/assist/catalogueTree';
import { recordSummary } from '../../core/assist/summary';
import type { Logger } from '../../core/logger';
import type { ParsedFile } from '../../core/parse/parseFile';
import { OPEN_RECORD, targetOf, type RecordTarget } from '../commands/openRecord';
import { readConfig } from '../config';
import type { FolderModel, ModelChange, WorkspaceModel } from '../workspaceModel';

export const SERVICES_VIEW = 'svcm.services';

/** Changes arriving within this time are shown in one refresh. */
const REFRESH_MS = 300;

/** A workspace folder: the top level of the view when the workspace has several. */
export interface FolderTreeNode {
  type: 'folder';
  id: string;
  folder: FolderModel;
}

/** A node of the catalogue (core data) in one folder. `node` is replaced in place when the node is refreshed. */
export interface CatalogueTreeNode {
  type: 'catalogue';
  id: string;
  folder: FolderModel;
  node: CatalogueNode;
  parent?: ServicesTreeNode;
  /** the record that Open Record opens for this node (for sections: their service's) */
  target?: RecordTarget;
}

export type ServicesTreeNode = FolderTreeNode | CatalogueTreeNode;

/**
 * The Services view: the catalogue of each folder, grouped by phase or owner
 * (core/assist/catalogueTree). It follows the model by itself: a burst of
 * changes becomes one refresh, of the services they touch when the catalogue's
 * shape (services and teams) is unchanged, else of everything.
 *
 * Create it after `model.start()`: it waits for `model.ready` before listing.
 */
export class ServicesTree implements vscode.TreeDataProvider<ServicesTreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<ServicesTreeNode | undefined>();
  readonly onDidChangeTreeData = this.changeEmitter.event;
  readonly view: vscode.TreeView<ServicesTreeNode>;
  private readonly disposables: vscode.Disposable[] = [];
  private currentGroupBy: GroupBy;
  private ready = false;
  private readonly folderNodes = new Map<FolderModel, FolderTreeNode>();
  /**
   * Expandable service nodes handed out since the folder was last redrawn, per
   * folder and name: what a partial refresh fires (the view knows its nodes by
   * object, so every copy handed out is kept until the next redraw).
   */
  private readonly rendered = new Map<FolderModel, Map<string, Set<CatalogueTreeNode>>>();
  /** The files that defined services or teams when the folder was last redrawn, as parsed then. */
  private readonly shapers = new Map<FolderModel, Map<string, ParsedFile>>();
  private readonly pending = new Map<FolderModel, { files: Set<string>; all: boolean }>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastHasServices: boolean | undefined;

  constructor(
    private readonly model: WorkspaceModel,
    private readonly log: Logger,
  ) {
    this.currentGroupBy = readConfig().treeGroupBy;
    this.view = vscode.window.createTreeView(SERVICES_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changeEmitter,
      model.onDidChange((change) => this.onModelChange(change)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('svcm.servicesView.groupBy')) this.setGroupBy(readConfig().treeGroupBy);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.refresh()),
    );
    void setContext('svcm.groupBy', this.currentGroupBy);
    void model.ready.then(
      () => {
        this.ready = true;
        void setContext('svcm.ready', true);
        this.refresh();
      },
      (error) => this.log.error(`[tree] the first scan failed: ${(error as Error).stack ?? error}`),
    );
  }

  get groupBy(): GroupBy {
    return this.currentGroupBy;
  }

  /** Regroups the view (the setting is written by the toggle commands; this shows it at once). */
  setGroupBy(groupBy: GroupBy): void {
    if (groupBy === this.currentGroupBy) return;
    this.currentGroupBy = groupBy;
    void setContext('svcm.groupBy', groupBy);
    this.refresh();
  }

  /** Redraws everything now. */
  refresh(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.pending.clear();
    this.redrawn();
    this.updateState();
    this.changeEmitter.fire(undefined);
  }

  getTreeItem(element: ServicesTreeNode): vscode.TreeItem {
    if (element.type === 'folder') {
      const item = new vscode.TreeItem(element.folder.folder.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = element.id;
      const count = serviceCount(element.folder.index);
      item.description = count > 0 ? plural(count, 'service') : 'no services';
      item.iconPath = new vscode.ThemeIcon('root-folder');
      item.contextValue = 'svcm:folder';
      item.tooltip = element.folder.folder.uri.fsPath || element.folder.folder.uri.toString();
      return item;
    }
    const node = element.node;
    const item = new vscode.TreeItem(node.label, collapsibleState(node));
    item.id = element.id;
    item.description = node.description || undefined;
    item.iconPath = iconOf(node);
    item.contextValue = contextValueOf(node);
    const record = recordOf(node);
    if (record) {
      item.tooltip = new vscode.MarkdownString(recordSummary(record));
      // A team's group opens its record from the context menu only: a click on a group folds it.
      if (node.type !== 'group' && element.target) {
        // The record's file: the view shows its Problems decorations (errors in red).
        item.resourceUri = element.folder.uri(record.file);
        item.command = { command: OPEN_RECORD, title: 'Open Record', arguments: [element.target] };
      }
    } else if (node.type === 'service') {
      item.tooltip = `No service named '${node.name}' is defined in this folder.`;
    }
    item.accessibilityInformation = { label: node.description ? `${node.label}, ${node.description}` : node.label };
    return item;
  }

  getChildren(element?: ServicesTreeNode): ServicesTreeNode[] {
    try {
      if (!this.ready) return [];
      if (!element) {
        const folders = this.model.allFolders();
        if (folders.length === 1) return this.folderChildren(folders[0]);
        // The same object per folder every time: the view knows its nodes by object.
        for (const folder of this.folderNodes.keys()) if (!folders.includes(folder)) this.folderNodes.delete(folder);
        return folders.map((folder) => {
          let node = this.folderNodes.get(folder);
          if (!node)
            this.folderNodes.set(
              folder,
              (node = { type: 'folder', id: `folder:${folder.folder.uri.toString()}`, folder }),
            );
          return node;
        });
      }
      if (element.type === 'folder') return this.folderChildren(element.folder, element);
      return catalogueChildren(element.folder.index, element.node).map((node) =>
        this.wrap(element.folder, node, element),
      );
    } catch (error) {
      // A tree that throws shows an error box instead of the services: log and show nothing.
      this.log.error(`[tree] listing ${element?.id ?? 'the root'} failed: ${(error as Error).stack ?? error}`);
      return [];
    }
  }

  getParent(element: ServicesTreeNode): ServicesTreeNode | undefined {
    return element.type === 'folder' ? undefined : element.parent;
  }

  private folderChildren(folder: FolderModel, parent?: FolderTreeNode): ServicesTreeNode[] {
    return catalogueRoots(folder.index, this.currentGroupBy).map((node) => this.wrap(folder, node, parent));
  }

  private wrap(folder: FolderModel, node: CatalogueNode, parent?: ServicesTreeNode): CatalogueTreeNode {
    const record = recordOf(node);
    const inherited =
      parent?.type === 'catalogue' && (node.type === 'section' || node.type === 'status') ? parent.target : undefined;
    const wrapped: CatalogueTreeNode = {
      type: 'catalogue',
      id: `${folder.folder.uri.toString()}|${node.id}`,
      folder,
      node,
      parent,
      target: record ? targetOf(folder, record) : inherited,
    };
    if (node.type === 'service' && node.role === 'catalogue') {
      let byName = this.rendered.get(folder);
      if (!byName) this.rendered.set(folder, (byName = new Map()));
      let copies = byName.get(node.name);
      if (!copies) byName.set(node.name, (copies = new Set()));
      copies.add(wrapped);
    }
    return wrapped;
  }

  private onModelChange(change: ModelChange): void {
    if (!this.ready) return;
    const entry = this.pending.get(change.folder) ?? { files: new Set<string>(), all: false };
    entry.all ||= change.all === true;
    for (const file of change.files) entry.files.add(file);
    this.pending.set(change.folder, entry);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), REFRESH_MS);
  }

  private flush(): void {
    this.timer = undefined;
    const folders = this.model.allFolders();
    const parts = new Set<ServicesTreeNode>();
    let everything = false;
    for (const [folder, { files, all }] of this.pending) {
      if (!folders.includes(folder)) {
        everything = true;
      } else if (all || this.reshapes(folder, files)) {
        const top = this.folderNodes.get(folder);
        if (folders.length > 1 && top) parts.add(top);
        else everything = true;
      } else {
        // The shape is the same: only the services whose files are among the changed ones
        // (the index includes the definitions of the services a changed record names).
        const rendered = this.rendered.get(folder);
        for (const path of files) {
          for (const record of folder.index.file(path)?.records ?? []) {
            if (record.kind !== 'Service' || record.name === undefined) continue;
            for (const element of rendered?.get(record.name) ?? []) {
              if (element.node.type === 'service') element.node = refreshService(folder.index, element.node);
              parts.add(element);
            }
          }
        }
      }
    }
    this.pending.clear();
    this.updateState();
    if (everything) {
      this.redrawn();
      this.changeEmitter.fire(undefined);
      return;
    }
    for (const part of parts) {
      if (part.type === 'folder') this.redrawn(part.folder);
      this.changeEmitter.fire(part);
    }
  }

  /**
   * Forgets the nodes handed out (the view lists the folder, or all, afresh)
   * and remembers the shape it will list: the files defining services and teams.
   */
  private redrawn(only?: FolderModel): void {
    if (!only) {
      this.rendered.clear();
      this.shapers.clear();
    }
    for (const folder of only ? [only] : this.model.allFolders()) {
      this.rendered.delete(folder);
      const shapers = new Map<string, ParsedFile>();
      for (const file of folder.index.files()) if (file.records.some(isShaper)) shapers.set(file.path, file);
      this.shapers.set(folder, shapers);
    }
  }

  /** Whether a change touched a file that defines (or defined, when last listed) services or teams. */
  private reshapes(folder: FolderModel, files: Set<string>): boolean {
    const known = this.shapers.get(folder);
    if (!known) return true;
    for (const path of files) {
      const now = folder.index.file(path);
      const before = known.get(path);
      if (now === before) continue;
      if (before || now?.records.some(isShaper)) return true;
    }
    return false;
  }

  private updateState(): void {
    if (!this.ready) return;
    const count = this.model.allFolders().reduce((sum, folder) => sum + serviceCount(folder.index), 0);
    this.view.description = count > 0 ? plural(count, 'service') : undefined;
    const hasServices = count > 0;
    if (hasServices !== this.lastHasServices) {
      this.lastHasServices = hasServices;
      void setContext('svcm.hasServices', hasServices);
    }
  }

  dispose(): void {
    clearTimeout(this.timer);
    for (const d of this.disposables) d.dispose();
  }
}

function setContext(key: string, value: unknown): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}

function isShaper(record: { kind?: string }): boolean {
  return record.kind === 'Service' || record.kind === 'Team';
}

function recordOf(node: CatalogueNode) {
  switch (node.type) {
    case 'group':
    case 'service':
    case 'record':
      return node.record;
    default:
      return undefined;
  }
}

function collapsibleState(node: CatalogueNode): vscode.TreeItemCollapsibleState {
  const { None, Collapsed, Expanded } = vscode.TreeItemCollapsibleState;
  switch (node.type) {
    case 'group':
      return Expanded;
    case 'service':
      return node.expandable ? Collapsed : None;
    case 'section':
      return Collapsed;
    case 'status':
      return node.open ? Expanded : Collapsed;
    case 'record':
      return None;
  }
}

const SECTION_ICONS: Record<SectionKind, string> = {
  dependsOn: 'type-hierarchy-sub',
  dependents: 'type-hierarchy-super',
  changes: 'git-pull-request',
  releases: 'package',
  knowledge: 'book',
};

const STATUS_ICONS: Record<string, string> = {
  draft: 'circle-large-outline',
  submitted: 'arrow-circle-right',
  approved: 'check',
  scheduled: 'calendar',
  implemented: 'rocket',
  closed: 'pass-filled',
  rejected: 'circle-slash',
  failed: 'error',
};

function iconOf(node: CatalogueNode): vscode.ThemeIcon {
  const warning = new vscode.ThemeColor('list.warningForeground');
  switch (node.type) {
    case 'group':
      return new vscode.ThemeIcon(node.groupBy === 'owner' ? 'organization' : 'layers');
    case 'service':
      if (!node.record) return new vscode.ThemeIcon('warning', warning);
      return new vscode.ThemeIcon(node.phase === 'retired' ? 'archive' : 'symbol-class');
    case 'section':
      return new vscode.ThemeIcon(SECTION_ICONS[node.section]);
    case 'status':
      return new vscode.ThemeIcon((node.status && STATUS_ICONS[node.status]) || 'question');
    case 'record':
      if (node.kind === 'Change') return new vscode.ThemeIcon('git-pull-request');
      if (node.kind === 'Release') return new vscode.ThemeIcon('package');
      return node.knownError ? new vscode.ThemeIcon('bug', warning) : new vscode.ThemeIcon('book');
  }
}

/** `svcm:<kind>[:<state>]`: the manifest's menus match on these. */
function contextValueOf(node: CatalogueNode): string {
  switch (node.type) {
    case 'group':
      return 'svcm:group';
    case 'service':
      return node.record ? `svcm:service:${node.phase ?? 'unknown'}` : 'svcm:unknownService';
    case 'section':
      return `svcm:section:${node.section}`;
    case 'status':
      return `svcm:status:${node.status ?? 'unknown'}`;
    case 'record':
      if (node.kind === 'Change') return `svcm:change:${node.status ?? 'unknown'}`;
      if (node.kind === 'Release') return 'svcm:release';
      return `svcm:knowledge:${node.knowledgeType ?? 'unknown'}`;
  }
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
