import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import {
  catalogueChildren,
  catalogueRoots,
  componentChildren,
  componentCount,
  componentRoots,
  refreshService,
  serviceCount,
  type CatalogueNode,
  type ComponentGroupBy,
  type ComponentSectionKind,
  type ComponentTreeNode,
  type GroupBy,
  type RecordPlace as CorePlace,
  type SectionKind,
} from '../../core/assist/catalogueTree';
import { escapeMarkdown } from '../../core/assist/markdown';
import { recordSummary } from '../../core/assist/summary';
import type { Logger } from '../../core/logger';
import type { RecordDoc } from '../../core/parse/parseFile';
import type { FolderState } from '../folders';
import { TREE_REQUEST, type TreeNodeData, type TreeParams, type TreeResult } from '../protocol';
import type { Workspace } from '../workspace';
import { folderOf, placeAt, placeOf } from './places';

/**
 * `svcm/tree` (docs/language-server.md): the Services view's nodes over
 * core/assist/catalogueTree.ts. The core computes nodes and children; this
 * turns them into plain data a view shows as it is (label, icon, menus, the
 * record to open), and back: a node the client returns is the core node with
 * its records looked up again in the index now, so the server keeps nothing
 * per client and any node type or grouping the core has passes through.
 */
export function registerTreeRequest(connection: Connection, workspace: Workspace, log: Logger): void {
  connection.onRequest(TREE_REQUEST, async (params: TreeParams | null): Promise<TreeResult> => {
    await workspace.ready();
    const folders = workspace.allFolders();
    const result: TreeResult = {
      folders: folders.map((f) => ({ uri: f.uri, name: f.name, services: serviceCount(f.index) })),
      nodes: [],
    };
    if (!params || typeof params.groupBy !== 'string')
      throw new ResponseError(ErrorCodes.InvalidParams, 'svcm/tree needs { groupBy, folder?, parent? }');
    const folder =
      params.folder === undefined
        ? folders.length === 1
          ? folders[0]
          : undefined
        : folderOf(workspace, params.folder);
    // A folder removed meanwhile: nothing to list (the view asks again when it hears of the change).
    if (!folder) return result;
    result.folder = folder.uri;
    const groupBy = params.groupBy as GroupBy;
    let parent: AnyNode | undefined;
    if (params.parent !== undefined) {
      parent = revive(folder, params.parent);
      if (!parent) throw new ResponseError(ErrorCodes.InvalidParams, 'svcm/tree: `parent` is not a node of the tree');
    }
    const componentsBy = COMPONENT_GROUPS.includes(params.componentGroupBy as ComponentGroupBy)
      ? (params.componentGroupBy as ComponentGroupBy)
      : 'system';
    let children: AnyNode[];
    try {
      children = childrenOf(folder, parent, groupBy, componentsBy);
    } catch (error) {
      log.error(`[tree] listing ${parent?.id ?? 'the top level'}: ${(error as Error).stack ?? String(error)}`);
      throw new ResponseError(ErrorCodes.InternalError, `svcm/tree: listing failed: ${(error as Error).message}`);
    }
    // A node type the core does not list children for answers nothing, not a crash.
    if (!Array.isArray(children))
      throw new ResponseError(ErrorCodes.InvalidParams, 'svcm/tree: `parent` is not a node of the tree');
    result.nodes = children.map((node) => toData(folder, node));
    return result;
  });
}

const COMPONENT_GROUPS: readonly string[] = ['system', 'owner', 'lifecycle'] satisfies ComponentGroupBy[];

/** The heading of a folder's Backstage Components, after its svcm groups (only when it defines Components). */
interface ComponentsNode {
  type: 'components';
  id: string;
  label: string;
  description: string;
}

type AnyNode = CatalogueNode | ComponentTreeNode | ComponentsNode;

const COMPONENT_TYPES: readonly string[] = ['componentGroup', 'entity', 'componentSection', 'namingRecord'];

/** The children of a node (the top level without one): svcm nodes from catalogueRoots/Children, Components from componentRoots/Children. */
function childrenOf(
  folder: FolderState,
  parent: AnyNode | undefined,
  groupBy: GroupBy,
  componentsBy: ComponentGroupBy,
): AnyNode[] {
  const index = folder.index;
  if (!parent) {
    const roots: AnyNode[] = catalogueRoots(index, groupBy);
    const components = componentCount(index);
    if (components > 0)
      roots.push({
        type: 'components',
        id: 'components',
        label: 'Backstage Components',
        description: `${components} component${components === 1 ? '' : 's'}`,
      });
    return roots;
  }
  if (parent.type === 'components') return componentRoots(index, componentsBy);
  if (COMPONENT_TYPES.includes(parent.type)) return componentChildren(index, parent as ComponentTreeNode);
  return catalogueChildren(index, parent as CatalogueNode);
}

/** A record inside a node's plain data: where to find it in the index again. */
interface RecordRef {
  $record: { file: string; docIndex: number };
}

function isRecordDoc(value: unknown): value is RecordDoc {
  if (!value || typeof value !== 'object') return false;
  const v = value as Partial<RecordDoc>;
  return typeof v.file === 'string' && typeof v.docIndex === 'number' && typeof v.span === 'object';
}

function isRecordRef(value: unknown): value is RecordRef {
  if (!value || typeof value !== 'object' || !('$record' in value)) return false;
  const ref = (value as RecordRef).$record;
  return !!ref && typeof ref.file === 'string' && typeof ref.docIndex === 'number';
}

/** The core node as plain JSON: every record it holds becomes a reference to its file and document. */
function plain(node: AnyNode): unknown {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node))
    out[key] = isRecordDoc(value) ? { $record: { file: value.file, docIndex: value.docIndex } } : value;
  return out;
}

/** A node sent back by the client, with its records looked up in the index now; undefined when it is not a node. */
function revive(folder: FolderState, data: unknown): AnyNode | undefined {
  if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
  const raw = data as Record<string, unknown>;
  if (typeof raw.type !== 'string' || typeof raw.id !== 'string') return undefined;
  const node: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (!isRecordRef(value)) {
      node[key] = value;
      continue;
    }
    const { file, docIndex } = value.$record;
    const record = folder.index.file(file)?.records.find((r) => r.docIndex === docIndex);
    if (record) node[key] = record;
  }
  // A service's facts (and whether it is defined at all) are read afresh.
  if (node.type === 'service') {
    if (typeof node.name !== 'string' || typeof node.role !== 'string') return undefined;
    return refreshService(folder.index, node as unknown as Parameters<typeof refreshService>[1]);
  }
  return node as unknown as AnyNode;
}

function toData(folder: FolderState, node: AnyNode): TreeNodeData {
  if (node.type === 'components' || COMPONENT_TYPES.includes(node.type))
    return componentData(folder, node as ComponentTreeNode | ComponentsNode);
  return catalogueData(folder, node as CatalogueNode);
}

function catalogueData(folder: FolderState, node: CatalogueNode): TreeNodeData {
  const own = recordOf(node);
  // Sections and status groups open their service's record (from the context menu).
  const service =
    !own && (node.type === 'section' || node.type === 'status')
      ? folder.index.lookup('Service', node.service)
      : undefined;
  const record = own ?? service;
  const data: TreeNodeData = {
    id: node.id,
    label: node.label,
    description: node.description,
    contextValue: contextValueOf(node),
    collapsible: collapsibleOf(node),
    icon: iconOf(node),
    // A team's group opens its record from the context menu only: a click on a group folds it.
    openOnClick: own !== undefined && node.type !== 'group',
    node: plain(node),
  };
  const place = record ? placeOf(folder, record) : undefined;
  if (place) data.record = place;
  if (own) data.tooltip = recordSummary(own);
  else if (node.type === 'service')
    data.tooltip = `No service named '${escapeMarkdown(node.name)}' is defined in this folder.`;
  return data;
}

function recordOf(node: CatalogueNode): RecordDoc | undefined {
  const record = (node as { record?: unknown }).record;
  return isRecordDoc(record) ? record : undefined;
}

function collapsibleOf(node: CatalogueNode): TreeNodeData['collapsible'] {
  switch (node.type) {
    case 'group':
      return 'expanded';
    case 'service':
      return node.expandable ? 'collapsed' : 'none';
    case 'section':
      return 'collapsed';
    case 'status':
      return node.open ? 'expanded' : 'collapsed';
    case 'record':
      return 'none';
    default: {
      // A node type added to the core later: expandable when it says so.
      const other = node as { expandable?: unknown };
      return other.expandable === true ? 'collapsed' : 'none';
    }
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

const WARNING = 'list.warningForeground';

function iconOf(node: CatalogueNode): TreeNodeData['icon'] {
  switch (node.type) {
    case 'group':
      return { id: node.groupBy === 'owner' ? 'organization' : 'layers' };
    case 'service':
      if (!node.record) return { id: 'warning', color: WARNING };
      return { id: node.phase === 'retired' ? 'archive' : 'symbol-class' };
    case 'section':
      return { id: SECTION_ICONS[node.section] ?? 'list-tree' };
    case 'status':
      return { id: (node.status && STATUS_ICONS[node.status]) || 'question' };
    case 'record':
      if (node.kind === 'Change') return { id: 'git-pull-request' };
      if (node.kind === 'Release') return { id: 'package' };
      return node.knownError ? { id: 'bug', color: WARNING } : { id: 'book' };
    default:
      return undefined;
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
    default:
      return `svcm:${(node as { type: string }).type}`;
  }
}

/** A Backstage node as the view shows it: nodes are plain data already, with a `place` (file and span) to open. */
function componentData(folder: FolderState, node: ComponentTreeNode | ComponentsNode): TreeNodeData {
  const place = 'place' in node ? (node.place as CorePlace | undefined) : undefined;
  const data: TreeNodeData = {
    id: node.id,
    label: node.label,
    description: node.description,
    contextValue: componentContextValue(node),
    collapsible: componentCollapsible(node),
    icon: componentIcon(node),
    // A group opens its System or owner from the context menu only: a click folds it.
    openOnClick: place !== undefined && node.type !== 'componentGroup',
    node: plain(node),
  };
  const where = place ? placeAt(folder, place.file, place.span) : undefined;
  if (where) data.record = where;
  const record = place ? recordAt(folder, place) : undefined;
  if (record) data.tooltip = recordSummary(record);
  else if (node.type === 'entity')
    data.tooltip = `No ${escapeMarkdown(node.kind)} named '${escapeMarkdown(node.ref)}' is defined in this folder.`;
  return data;
}

/** The record whose document holds a place. */
function recordAt(folder: FolderState, place: CorePlace): RecordDoc | undefined {
  return folder.index
    .file(place.file)
    ?.records.find((r) => r.span.start <= place.span.start && place.span.start <= r.span.end);
}

function componentCollapsible(node: ComponentTreeNode | ComponentsNode): TreeNodeData['collapsible'] {
  switch (node.type) {
    case 'components':
      return 'expanded';
    case 'componentGroup':
      return 'collapsed';
    case 'entity':
      return node.expandable ? 'collapsed' : 'none';
    case 'componentSection':
      return 'collapsed';
    case 'namingRecord':
      return 'none';
  }
}

const COMPONENT_SECTION_ICONS: Record<ComponentSectionKind, string> = {
  dependsOn: 'type-hierarchy-sub',
  dependents: 'type-hierarchy-super',
  providesApis: 'plug',
  consumesApis: 'plug',
  changes: 'git-pull-request',
  knowledge: 'book',
};

const ENTITY_ICONS: Record<string, string> = {
  Component: 'symbol-module',
  API: 'plug',
  Resource: 'database',
  System: 'server-environment',
  Service: 'symbol-class',
};

function componentIcon(node: ComponentTreeNode | ComponentsNode): TreeNodeData['icon'] {
  switch (node.type) {
    case 'components':
      return { id: 'library' };
    case 'componentGroup':
      return {
        id: node.groupBy === 'owner' ? 'organization' : node.groupBy === 'system' ? 'server-environment' : 'layers',
      };
    case 'entity':
      if (!node.place) return { id: 'warning', color: WARNING };
      return { id: ENTITY_ICONS[node.kind] ?? 'symbol-misc' };
    case 'componentSection':
      return { id: COMPONENT_SECTION_ICONS[node.section] ?? 'list-tree' };
    case 'namingRecord':
      if (node.kind === 'Change') return { id: 'git-pull-request' };
      return node.knownError ? { id: 'bug', color: WARNING } : { id: 'book' };
  }
}

/** `svcm:<kind>[:<state>]`; a Change or Knowledge record under a Component has the same menus as under a Service. */
function componentContextValue(node: ComponentTreeNode | ComponentsNode): string {
  switch (node.type) {
    case 'components':
      return 'svcm:components';
    case 'componentGroup':
      return 'svcm:componentGroup';
    case 'entity':
      return node.place ? `svcm:entity:${node.kind.toLowerCase()}` : 'svcm:unknownEntity';
    case 'componentSection':
      return `svcm:componentSection:${node.section}`;
    case 'namingRecord':
      return node.kind === 'Change'
        ? `svcm:change:${node.status ?? 'unknown'}`
        : `svcm:knowledge:${node.knownError ? 'known-error' : 'unknown'}`;
  }
}
