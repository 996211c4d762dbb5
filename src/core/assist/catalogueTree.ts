import type { Span } from '../finding';
import { referencesTo } from '../backstage/bridge';
import { componentIndexName } from '../backstage/impact';
import { entityRefOf, isEntity } from '../backstage/model';
import { ownersOfFile } from '../index/ownership';
import { specFieldsOf, specOf, titleOf } from '../index/references';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { RecordDoc } from '../parse/parseFile';
import { CHANGE_STATUSES, CLOSED_STATUSES, PHASES, type Kind } from '../schema/records';

/**
 * The content of the Services view as plain data: groups of services, and
 * under each service its dependencies, dependents, changes by status,
 * releases and knowledge. Nodes are computed from the index on demand (a
 * node holds what identifies it, never its children), so a node kept by the
 * editor can always be asked for fresh children.
 *
 * Every node has an `id` unique within one index's tree (record nodes carry
 * their file and document position, so duplicate names never collide).
 */

export type GroupBy = 'phase' | 'owner';

/** A group of services: a phase, or an owning team. `key` is undefined for "no phase"/"no owner". */
export interface GroupNode {
  type: 'group';
  id: string;
  groupBy: GroupBy;
  key: string | undefined;
  label: string;
  description: string;
  count: number;
  /** owner groups: the Team record, when the team exists */
  record?: RecordDoc;
}

/** Where a service node sits: in a group (expandable), or listed under another service (a leaf). */
export type ServiceRole = 'catalogue' | 'dependency' | 'dependent';

export interface ServiceNode {
  type: 'service';
  id: string;
  name: string;
  label: string;
  description: string;
  role: ServiceRole;
  /** the first definition; undefined when the name is not defined (an unknown `dependsOn`) */
  record?: RecordDoc;
  title?: string;
  tier?: number;
  phase?: string;
  serviceType?: string;
  owner?: string;
  /** catalogue nodes: whether there is anything to list under the service */
  expandable: boolean;
  /** dependents: reached through another service, not by a `dependsOn` of its own */
  indirect?: boolean;
}

export type SectionKind = 'dependsOn' | 'dependents' | 'changes' | 'releases' | 'knowledge';

/** One of the five headings under a service; only sections with something in them exist. */
export interface SectionNode {
  type: 'section';
  id: string;
  section: SectionKind;
  service: string;
  label: string;
  description: string;
  count: number;
}

/** The changes of one service in one status. `status` is undefined for a missing or invalid status. */
export interface StatusNode {
  type: 'status';
  id: string;
  service: string;
  status: string | undefined;
  /** not closed, rejected or failed (docs/cli.md) */
  open: boolean;
  label: string;
  description: string;
  count: number;
}

export interface RecordNode {
  type: 'record';
  id: string;
  kind: Extract<Kind, 'Change' | 'Release' | 'Knowledge'>;
  name: string;
  label: string;
  description: string;
  record: RecordDoc;
  /** Change and Release: `spec.status` as written, when it is a string */
  status?: string;
  /** Knowledge: `spec.type` as written, when it is a string */
  knowledgeType?: string;
  knownError: boolean;
}

export type CatalogueNode = GroupNode | ServiceNode | SectionNode | StatusNode | RecordNode;

/** A record's place to reveal: its file and the span of its name (the whole document when the name cannot be read). */
export interface RecordPlace {
  file: string;
  span: Span;
}

export function recordPlace(record: RecordDoc): RecordPlace {
  return { file: record.file, span: record.nameSpan ?? record.span };
}

/** The top level of the tree: non-empty groups, phases in lifecycle order or teams by label, the ungrouped last. */
export function catalogueRoots(index: WorkspaceIndex, groupBy: GroupBy): GroupNode[] {
  const byKey = new Map<string | undefined, number>();
  for (const record of catalogueServices(index)) {
    const key = groupKey(record, groupBy);
    byKey.set(key, (byKey.get(key) ?? 0) + 1);
  }
  const groups = [...byKey].map(([key, count]) => groupNode(index, groupBy, key, count));
  if (groupBy === 'phase') {
    const rank = (g: GroupNode) => (g.key === undefined ? PHASES.length : (PHASES as readonly string[]).indexOf(g.key));
    return groups.sort((a, b) => rank(a) - rank(b));
  }
  return groups.sort(
    (a, b) =>
      (a.key === undefined ? 1 : 0) - (b.key === undefined ? 1 : 0) ||
      a.label.localeCompare(b.label) ||
      compare(a.key, b.key),
  );
}

/** The children of a node, computed from the index now. Records and dependency services are leaves. */
export function catalogueChildren(index: WorkspaceIndex, node: CatalogueNode): CatalogueNode[] {
  switch (node.type) {
    case 'group':
      return catalogueServices(index)
        .filter((record) => groupKey(record, node.groupBy) === node.key)
        .map((record) => serviceNode(index, record.name!, `${node.id}/service:${record.name}`, 'catalogue'));
    case 'service':
      return node.role === 'catalogue' ? sections(index, node) : [];
    case 'section':
      return sectionChildren(index, node);
    case 'status':
      return changesOf(index, node.service)
        .filter((record) => statusKey(record) === node.status)
        .sort(byNameDescending)
        .map((record) => recordNode(record, node.id));
    case 'record':
      return [];
  }
}

/**
 * A service node recomputed from the index now (same id, role and place in
 * the tree): for an editor that keeps the node object and refreshes it.
 */
export function refreshService(index: WorkspaceIndex, node: ServiceNode): ServiceNode {
  return serviceNode(index, node.name, node.id, node.role, node.indirect);
}

/** The number of distinct service names defined in the index. */
export function serviceCount(index: WorkspaceIndex): number {
  return index.names('Service').length;
}

/**
 * What a person editing the service's code should know about: its open
 * changes (status not closed, rejected or failed; a missing status counts as
 * open) and its `known-error` knowledge records, each sorted by name.
 * Both empty for an unknown service.
 */
export function openItemsForService(
  index: WorkspaceIndex,
  name: string,
): { changes: RecordDoc[]; knownErrors: RecordDoc[] } {
  // A Backstage Component, by its full reference (docs/backstage.md): the records naming it in any written form.
  if (name.startsWith('component:')) {
    const named = (kind: Kind) => {
      const out = new Set<RecordDoc>();
      for (const ref of referencesTo(index, 'Component', componentIndexName(name)))
        if (ref.from.kind === kind && ref.field === 'spec.services' && !isEntity(ref.from)) out.add(ref.from);
      return [...out];
    };
    return {
      changes: named('Change').filter(isOpen).sort(byName),
      knownErrors: named('Knowledge').filter(isKnownError).sort(byName),
    };
  }
  return {
    changes: changesOf(index, name).filter(isOpen).sort(byName),
    knownErrors: namingService(index, name, 'Knowledge').filter(isKnownError).sort(byName),
  };
}

/** The services owning a file and what is open on them, each record once. */
export interface OpenItemsForFile {
  /** sorted by name */
  services: RecordDoc[];
  changes: RecordDoc[];
  knownErrors: RecordDoc[];
}

/**
 * The owners of a workspace-relative path (with `/`; `ownersOfFile`: the
 * services whose `code` globs match it, else the Backstage Components of the
 * nearest catalogue folder), with their open changes and known errors (as
 * `openItemsForService`; a record naming two of them is listed once).
 * Undefined when nothing owns the path.
 */
export function openItemsForFile(index: WorkspaceIndex, path: string): OpenItemsForFile | undefined {
  const owners = ownersOfFile(index, path);
  return owners.length > 0
    ? openItemsForServices(
        index,
        owners.map((o) => o.record),
      )
    : undefined;
}

/**
 * `openItemsForFile` for owners already known: svcm Service records or
 * Backstage Component records (matching globs is the costly part: a caller
 * may keep the owners of a path until a service changes).
 */
export function openItemsForServices(index: WorkspaceIndex, services: RecordDoc[]): OpenItemsForFile {
  const changes = new Set<RecordDoc>();
  const knownErrors = new Set<RecordDoc>();
  for (const service of services) {
    const name = isEntity(service) ? entityRefOf(service) : service.name;
    if (name === undefined) continue;
    const items = openItemsForService(index, name);
    for (const record of items.changes) changes.add(record);
    for (const record of items.knownErrors) knownErrors.add(record);
  }
  return { services, changes: [...changes].sort(byName), knownErrors: [...knownErrors].sort(byName) };
}

/** One service record per defined name (the first definition), sorted by name. */
function catalogueServices(index: WorkspaceIndex): RecordDoc[] {
  return index
    .names('Service')
    .sort()
    .map((name) => index.lookup('Service', name)!);
}

function groupKey(record: RecordDoc, groupBy: GroupBy): string | undefined {
  const spec = specOf(record);
  if (groupBy === 'phase') {
    const phase = spec?.phase;
    return typeof phase === 'string' && (PHASES as readonly string[]).includes(phase) ? phase : undefined;
  }
  return typeof spec?.owner === 'string' && spec.owner.length > 0 ? spec.owner : undefined;
}

function groupNode(index: WorkspaceIndex, groupBy: GroupBy, key: string | undefined, count: number): GroupNode {
  const id = `group:${groupBy}:${key ?? '-'}`;
  const services = plural(count, 'service');
  if (groupBy === 'phase') {
    return {
      type: 'group',
      id,
      groupBy,
      key,
      label: key === undefined ? 'No phase' : capitalise(key),
      description: services,
      count,
    };
  }
  if (key === undefined) return { type: 'group', id, groupBy, key, label: 'No owner', description: services, count };
  const team = index.lookup('Team', key);
  if (!team) return { type: 'group', id, groupBy, key, label: key, description: `unknown team · ${services}`, count };
  const title = titleOf(team);
  return {
    type: 'group',
    id,
    groupBy,
    key,
    label: title ?? key,
    description: title ? `${key} · ${services}` : services,
    count,
    record: team,
  };
}

function serviceNode(
  index: WorkspaceIndex,
  name: string,
  id: string,
  role: ServiceRole,
  indirect?: boolean,
): ServiceNode {
  const record = index.lookup('Service', name);
  if (!record)
    return { type: 'service', id, name, label: name, description: 'unknown service', role, expandable: false };
  const spec = specFieldsOf(record, 'Service');
  const tier = typeof spec.tier === 'number' ? spec.tier : undefined;
  const phase = typeof spec.phase === 'string' ? spec.phase : undefined;
  const facts = [tier !== undefined ? `tier ${tier}` : undefined, phase, indirect ? 'indirect' : undefined].filter(
    Boolean,
  );
  return {
    type: 'service',
    id,
    name,
    label: name,
    description: facts.join(' · '),
    role,
    record,
    title: titleOf(record),
    tier,
    phase,
    serviceType: typeof spec.type === 'string' ? spec.type : undefined,
    owner: typeof spec.owner === 'string' ? spec.owner : undefined,
    expandable: role === 'catalogue' && hasAnything(index, record, name),
    ...(indirect !== undefined ? { indirect } : {}),
  };
}

function hasAnything(index: WorkspaceIndex, record: RecordDoc, name: string): boolean {
  if (dependsOnOf(record).length > 0) return true;
  return index
    .references('Service', name)
    .some((ref) =>
      ref.from.kind === 'Service'
        ? ref.field === 'spec.dependsOn' && ref.from.name !== undefined && ref.from.name !== name
        : ref.field === 'spec.services' &&
          (ref.from.kind === 'Change' || ref.from.kind === 'Release' || ref.from.kind === 'Knowledge'),
    );
}

function sections(index: WorkspaceIndex, service: ServiceNode): SectionNode[] {
  const name = service.name;
  const out: SectionNode[] = [];
  const add = (section: SectionKind, label: string, count: number, description = String(count)) => {
    if (count > 0)
      out.push({ type: 'section', id: `${service.id}/${section}`, section, service: name, label, description, count });
  };
  add('dependsOn', 'Depends on', service.record ? dependsOnOf(service.record).length : 0);
  add('dependents', 'Dependents', index.dependentsOf(name).length);
  const changes = changesOf(index, name);
  const open = changes.filter(isOpen).length;
  add('changes', 'Changes', changes.length, open > 0 ? `${open} open · ${changes.length}` : String(changes.length));
  add('releases', 'Releases', namingService(index, name, 'Release').length);
  const knowledge = namingService(index, name, 'Knowledge');
  const knownErrors = knowledge.filter(isKnownError).length;
  add(
    'knowledge',
    'Knowledge',
    knowledge.length,
    knownErrors > 0 ? `${knowledge.length} · ${plural(knownErrors, 'known error')}` : String(knowledge.length),
  );
  return out;
}

function sectionChildren(index: WorkspaceIndex, node: SectionNode): CatalogueNode[] {
  const name = node.service;
  switch (node.section) {
    case 'dependsOn': {
      const record = index.lookup('Service', name);
      return (record ? dependsOnOf(record) : []).map((dep) =>
        serviceNode(index, dep, `${node.id}/service:${dep}`, 'dependency'),
      );
    }
    case 'dependents': {
      const direct = new Set(
        index
          .references('Service', name)
          .filter((ref) => ref.from.kind === 'Service' && ref.field === 'spec.dependsOn')
          .map((ref) => ref.from.name),
      );
      return index
        .dependentsOf(name)
        .map((dep) => serviceNode(index, dep, `${node.id}/service:${dep}`, 'dependent', !direct.has(dep)));
    }
    case 'changes':
      return statusGroups(index, node);
    case 'releases':
      return namingService(index, name, 'Release')
        .sort(byNameDescending)
        .map((record) => recordNode(record, node.id));
    case 'knowledge':
      // Known errors first: they are what someone changing the service must not miss.
      return namingService(index, name, 'Knowledge')
        .sort((a, b) => Number(isKnownError(b)) - Number(isKnownError(a)) || byName(a, b))
        .map((record) => recordNode(record, node.id));
  }
}

/** Statuses in the order of docs/records.md, which lists the open ones first; a missing or invalid status after the open ones. */
const STATUS_ORDER: (string | undefined)[] = [
  ...CHANGE_STATUSES.filter((s) => !CLOSED_STATUSES.includes(s)),
  undefined,
  ...CLOSED_STATUSES,
];

function statusGroups(index: WorkspaceIndex, node: SectionNode): StatusNode[] {
  const counts = new Map<string | undefined, number>();
  for (const record of changesOf(index, node.service))
    counts.set(statusKey(record), (counts.get(statusKey(record)) ?? 0) + 1);
  return STATUS_ORDER.filter((status) => counts.has(status)).map((status) => ({
    type: 'status',
    id: `${node.id}/${status ?? '-'}`,
    service: node.service,
    status,
    open: status === undefined || !(CLOSED_STATUSES as readonly string[]).includes(status),
    label: status ?? 'no status',
    description: String(counts.get(status)),
    count: counts.get(status)!,
  }));
}

function recordNode(record: RecordDoc, parentId: string): RecordNode {
  const kind = record.kind as RecordNode['kind'];
  const spec = specOf(record) ?? {};
  const name = record.name ?? record.file;
  const title = titleOf(record);
  const status = typeof spec.status === 'string' ? spec.status : undefined;
  const knowledgeType = typeof spec.type === 'string' ? spec.type : undefined;
  let description: string;
  if (kind === 'Change') description = title ?? (typeof spec.summary === 'string' ? oneLine(spec.summary) : '');
  else if (kind === 'Release')
    description = [status, spec.version !== undefined ? String(spec.version) : undefined].filter(Boolean).join(' · ');
  else description = [knowledgeType?.replace(/-/g, ' '), title].filter(Boolean).join(' · ');
  return {
    type: 'record',
    id: `${parentId}/${kind}:${name}@${record.file}#${record.docIndex}`,
    kind,
    name,
    label: name,
    description,
    record,
    ...(status !== undefined && kind !== 'Knowledge' ? { status } : {}),
    ...(knowledgeType !== undefined && kind === 'Knowledge' ? { knowledgeType } : {}),
    knownError: isKnownError(record),
  };
}

/** The change records that list `service` in `spec.services`, each once. */
function changesOf(index: WorkspaceIndex, service: string): RecordDoc[] {
  return namingService(index, service, 'Change');
}

function namingService(index: WorkspaceIndex, service: string, kind: Kind): RecordDoc[] {
  const out = new Set<RecordDoc>();
  for (const ref of index.references('Service', service))
    if (ref.from.kind === kind && ref.field === 'spec.services') out.add(ref.from);
  return [...out];
}

function dependsOnOf(record: RecordDoc): string[] {
  const deps = specOf(record, 'Service')?.dependsOn;
  return Array.isArray(deps) ? [...new Set(deps.filter((d): d is string => typeof d === 'string'))] : [];
}

function statusKey(record: RecordDoc): string | undefined {
  const status = specOf(record)?.status;
  return typeof status === 'string' && (CHANGE_STATUSES as readonly string[]).includes(status) ? status : undefined;
}

function isOpen(record: RecordDoc): boolean {
  const status = statusKey(record);
  return status === undefined || !(CLOSED_STATUSES as readonly string[]).includes(status);
}

function isKnownError(record: RecordDoc): boolean {
  return record.kind === 'Knowledge' && specOf(record, 'Knowledge')?.type === 'known-error';
}

function byName(a: RecordDoc, b: RecordDoc): number {
  return compare(a.name ?? a.file, b.name ?? b.file) || compare(a.file, b.file) || a.docIndex - b.docIndex;
}

function byNameDescending(a: RecordDoc, b: RecordDoc): number {
  return byName(b, a);
}

function compare(a: string | undefined, b: string | undefined): number {
  return a === b ? 0 : a === undefined ? 1 : b === undefined ? -1 : a < b ? -1 : 1;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
