import * as vscode from 'vscode';
import type { ComponentGroupBy, GroupBy } from '../../core/assist/catalogueTree';
import type { Logger } from '../../core/logger';
import { TREE_REQUEST, type TreeNodeData, type TreeParams, type TreeResult } from '../../server/protocol';
import { OPEN_RECORD, placeTarget, type RecordTarget } from '../commands/openRecord';
import { readConfig } from '../config';
import type { ServerLink } from '../serverLink';

export const SERVICES_VIEW = 'svcm.services';

/** Index changes arriving within this time are shown in one refresh. */
const REFRESH_MS = 150;

/** A workspace folder: the top level of the view when the workspace has several. */
export interface FolderTreeNode {
  type: 'folder';
  id: string;
  folder: vscode.Uri;
  name: string;
  services: number;
}

/**
 * The catalogue node as plain data (core/assist/catalogueTree.ts, records
 * left out): what commands run from the view's menus read (`type`, `name`,
 * `service`, `kind`).
 */
export interface PlainCatalogueNode {
  type: string;
  id: string;
  name?: string;
  service?: string;
  kind?: string;
  [field: string]: unknown;
}

/** A node of a folder's catalogue, as the language server describes it (svcm/tree). */
export interface CatalogueTreeNode {
  type: 'catalogue';
  id: string;
  /** the workspace folder's URI */
  folder: vscode.Uri;
  node: PlainCatalogueNode;
  /** how the view shows it */
  data: TreeNodeData;
  parent?: ServicesTreeNode;
  /** the record that Open Record opens for this node (for sections: their service's) */
  target?: RecordTarget;
}

export type ServicesTreeNode = FolderTreeNode | CatalogueTreeNode;

/**
 * The Services view: the catalogue of each folder, grouped by phase or owner,
 * then its Backstage Components grouped by System, owner or lifecycle,
 * as the language server lists it (`svcm/tree`, docs/language-server.md). It
 * holds no index: each node's children are asked for when the view opens it,
 * and a burst of `svcm/indexChanged` becomes one redraw (nodes keep their ids,
 * so what was expanded stays expanded).
 */
export class ServicesTree implements vscode.TreeDataProvider<ServicesTreeNode>, vscode.Disposable {
  private readonly changeEmitter = new vscode.EventEmitter<ServicesTreeNode | undefined>();
  /** Fires after the view's description and contexts are current, so a listener reads them up to date. */
  readonly onDidChangeTreeData = this.changeEmitter.event;
  readonly view: vscode.TreeView<ServicesTreeNode>;
  private readonly disposables: vscode.Disposable[] = [];
  private currentGroupBy: GroupBy;
  private currentComponentGroupBy: ComponentGroupBy;
  private readonly folderNodes = new Map<string, FolderTreeNode>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastHasServices: boolean | undefined;
  /** Redraws under way, in order: the last one decides what the view says. */
  private generation = 0;
  private lastRefresh: Promise<void> = Promise.resolve();

  constructor(
    private readonly server: ServerLink,
    private readonly log: Logger,
  ) {
    const config = readConfig();
    this.currentGroupBy = config.treeGroupBy;
    this.currentComponentGroupBy = config.treeComponentGroupBy;
    this.view = vscode.window.createTreeView(SERVICES_VIEW, { treeDataProvider: this, showCollapseAll: true });
    this.disposables.push(
      this.view,
      this.changeEmitter,
      server.onDidChangeIndex(() => this.schedule()),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('svcm.servicesView.groupBy')) void this.setGroupBy(readConfig().treeGroupBy);
        if (e.affectsConfiguration('svcm.servicesView.groupComponentsBy'))
          void this.setComponentGroupBy(readConfig().treeComponentGroupBy);
      }),
      vscode.workspace.onDidChangeWorkspaceFolders(() => this.schedule()),
    );
    void setContext('svcm.groupBy', this.currentGroupBy);
    void setContext('svcm.componentGroupBy', this.currentComponentGroupBy);
    void server.ready.then(
      () => {
        void setContext('svcm.ready', true);
        return this.refresh();
      },
      (error) => this.log.error(`[tree] the first scan failed: ${(error as Error).stack ?? error}`),
    );
  }

  get groupBy(): GroupBy {
    return this.currentGroupBy;
  }

  /** Regroups the view (the setting is written by the toggle commands; this shows it at once). */
  setGroupBy(groupBy: GroupBy): Promise<void> {
    // Already regrouped (the setting's listener came first): wait for that redraw.
    if (groupBy === this.currentGroupBy) return this.lastRefresh;
    this.currentGroupBy = groupBy;
    void setContext('svcm.groupBy', groupBy);
    return this.refresh();
  }

  get componentGroupBy(): ComponentGroupBy {
    return this.currentComponentGroupBy;
  }

  /** Regroups the Backstage Components (the setting is written by Group Components By…; this shows it at once). */
  setComponentGroupBy(groupBy: ComponentGroupBy): Promise<void> {
    if (groupBy === this.currentComponentGroupBy) return this.lastRefresh;
    this.currentComponentGroupBy = groupBy;
    void setContext('svcm.componentGroupBy', groupBy);
    return this.refresh();
  }

  /** Redraws everything now: resolves when the view's description is current and the view was told. */
  refresh(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.lastRefresh = this.redraw(++this.generation);
    return this.lastRefresh;
  }

  private async redraw(generation: number): Promise<void> {
    try {
      const top = await this.request({ groupBy: this.currentGroupBy });
      if (generation === this.generation) this.updateState(top.folders);
    } catch (error) {
      this.log.error(`[tree] counting the services failed: ${(error as Error).stack ?? error}`);
    }
    if (generation === this.generation) this.changeEmitter.fire(undefined);
  }

  private schedule(): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.refresh(), REFRESH_MS);
  }

  getTreeItem(element: ServicesTreeNode): vscode.TreeItem {
    if (element.type === 'folder') {
      const item = new vscode.TreeItem(element.name, vscode.TreeItemCollapsibleState.Expanded);
      item.id = element.id;
      item.description = element.services > 0 ? plural(element.services, 'service') : 'no services';
      item.iconPath = new vscode.ThemeIcon('root-folder');
      item.contextValue = 'svcm:folder';
      item.tooltip = element.folder.scheme === 'file' ? element.folder.fsPath : element.folder.toString();
      return item;
    }
    const data = element.data;
    const item = new vscode.TreeItem(data.label, COLLAPSIBLE[data.collapsible] ?? vscode.TreeItemCollapsibleState.None);
    item.id = element.id;
    item.description = data.description || undefined;
    if (data.icon)
      item.iconPath = new vscode.ThemeIcon(
        data.icon.id,
        data.icon.color ? new vscode.ThemeColor(data.icon.color) : undefined,
      );
    item.contextValue = data.contextValue;
    if (data.tooltip !== undefined) item.tooltip = new vscode.MarkdownString(data.tooltip);
    if (data.openOnClick && data.record && element.target) {
      // The record's file: the view shows its Problems decorations (errors in red).
      item.resourceUri = vscode.Uri.parse(data.record.uri);
      item.command = { command: OPEN_RECORD, title: 'Open Record', arguments: [element.target] };
    }
    item.accessibilityInformation = { label: data.description ? `${data.label}, ${data.description}` : data.label };
    return item;
  }

  async getChildren(element?: ServicesTreeNode): Promise<ServicesTreeNode[]> {
    try {
      if (!element) {
        const top = await this.request({ groupBy: this.currentGroupBy });
        if (top.folder !== undefined && top.folders.length === 1)
          return this.wrapAll(vscode.Uri.parse(top.folder), top.nodes);
        return this.folderList(top.folders);
      }
      if (element.type === 'folder') {
        const result = await this.request({ folder: element.folder.toString(), groupBy: this.currentGroupBy });
        return this.wrapAll(element.folder, result.nodes, element);
      }
      const result = await this.request({
        folder: element.folder.toString(),
        groupBy: this.currentGroupBy,
        parent: element.data.node,
      });
      return this.wrapAll(element.folder, result.nodes, element);
    } catch (error) {
      // A tree that throws shows an error box instead of the services: log and show nothing.
      this.log.error(`[tree] listing ${element?.id ?? 'the root'} failed: ${(error as Error).stack ?? error}`);
      return [];
    }
  }

  getParent(element: ServicesTreeNode): ServicesTreeNode | undefined {
    return element.type === 'folder' ? undefined : element.parent;
  }

  private request(params: Omit<TreeParams, 'componentGroupBy'>): Promise<TreeResult> {
    return this.server.sendRequest<TreeResult>(TREE_REQUEST, {
      ...params,
      componentGroupBy: this.currentComponentGroupBy,
    } satisfies TreeParams);
  }

  private folderList(folders: TreeResult['folders']): FolderTreeNode[] {
    const seen = new Set<string>();
    const list = folders.map((f) => {
      seen.add(f.uri);
      // The same object per folder every time: the view knows its nodes by object.
      let node = this.folderNodes.get(f.uri);
      if (!node) {
        node = { type: 'folder', id: `folder:${f.uri}`, folder: vscode.Uri.parse(f.uri), name: f.name, services: 0 };
        this.folderNodes.set(f.uri, node);
      }
      node.name = f.name;
      node.services = f.services;
      return node;
    });
    for (const uri of this.folderNodes.keys()) if (!seen.has(uri)) this.folderNodes.delete(uri);
    return list;
  }

  private wrapAll(folder: vscode.Uri, nodes: TreeNodeData[], parent?: ServicesTreeNode): CatalogueTreeNode[] {
    return nodes.map((data) => ({
      type: 'catalogue',
      id: `${folder.toString()}|${data.id}`,
      folder,
      node: data.node as PlainCatalogueNode,
      data,
      parent,
      target: data.record ? placeTarget(data.record) : undefined,
    }));
  }

  private updateState(folders: TreeResult['folders']): void {
    const count = folders.reduce((sum, folder) => sum + folder.services, 0);
    this.view.description = count > 0 ? plural(count, 'service') : undefined;
    for (const folder of folders) {
      const node = this.folderNodes.get(folder.uri);
      if (node) node.services = folder.services;
    }
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

const COLLAPSIBLE: Record<TreeNodeData['collapsible'], vscode.TreeItemCollapsibleState> = {
  none: vscode.TreeItemCollapsibleState.None,
  collapsed: vscode.TreeItemCollapsibleState.Collapsed,
  expanded: vscode.TreeItemCollapsibleState.Expanded,
};

function setContext(key: string, value: unknown): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
