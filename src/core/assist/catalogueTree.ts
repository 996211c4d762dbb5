import type { Span } from '../finding';
import { referencesTo } from '../backstage/bridge';
import { componentIndexName, entityDependents } from '../backstage/impact';
import { ENTITY_KINDS, entityNamespace, entityRefOf, isEntity, type EntityKind } from '../backstage/model';
import { resolveEntityRef } from '../backstage/ref';
import { ownersOfFile } from '../index/ownership';
import { specFieldsOf, specOf, titleOf } from '../index/references';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { RecordDoc } from '../parse/parseFile';
import { CHANGE_STATUSES, CLOSED_STATUSES, PHASES, type Kind } from '../schema/vocabulary';

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

/**
 * The groups of the top level, per index, while the Service and Team records
 * are those they were worked out from (`WorkspaceIndex.kindVersion`). The
 * Services view asks for the top level after every index change, most of them
 * edits to changes that cannot move a group; counting 5,000 services each
 * time was 24-26 ms of the language server's (docs/performance.md).
 */
const rootsKept = new WeakMap<WorkspaceIndex, Map<GroupBy, { versions: string; groups: readonly GroupNode[] }>>();

/**
 * The top level of the tree: non-empty groups, phases in lifecycle order or
 * teams by label, the ungrouped last. A new array each call; its nodes may be
 * the ones an earlier call returned, and are not to be changed.
 */
export function catalogueRoots(index: WorkspaceIndex, groupBy: GroupBy): GroupNode[] {
  const versions = `${index.kindVersion('Service')}/${index.kindVersion('Team')}`;
  let kept = rootsKept.get(index);
  if (!kept) rootsKept.set(index, (kept = new Map()));
  const hit = kept.get(groupBy);
  if (hit?.versions === versions) return [...hit.groups];
  const groups = countRoots(index, groupBy);
  kept.set(groupBy, { versions, groups });
  return [...groups];
}

function countRoots(index: WorkspaceIndex, groupBy: GroupBy): GroupNode[] {
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
  return groups.sort(byLabelUnknownLast);
}

/** Groups by label, the group of services or Components without a key ("no owner") last. */
function byLabelUnknownLast(a: { key?: string; label: string }, b: { key?: string; label: string }): number {
  return (
    (a.key === undefined ? 1 : 0) - (b.key === undefined ? 1 : 0) ||
    a.label.localeCompare(b.label) ||
    compare(a.key, b.key)
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

/*
 * Backstage Components in the Services view (docs/backstage.md, "In the
 * editor"): grouped by System, owner or lifecycle, beside the svcm Services.
 * Plain data: nodes hold identities, names and places (file and span), never
 * records, so a server can send them as they are; children are computed from
 * the index on demand, like the svcm nodes above.
 */

export type ComponentGroupBy = 'system' | 'owner' | 'lifecycle';

/** A group of Components: a System or an owner (by full reference, `system:default/shop`), or a lifecycle. `key` absent: none written. */
export interface ComponentGroupNode {
  type: 'componentGroup';
  id: string;
  groupBy: ComponentGroupBy;
  key: string | undefined;
  label: string;
  description: string;
  count: number;
  /** the System or owner entity, when the workspace defines it */
  place?: RecordPlace;
}

/** Where a Component node sits: in a group (expandable), or listed under another Component (a leaf). */
export type ComponentRole = 'catalogue' | 'related';

/** A Backstage entity (a Component, or under one: an API, a Resource) or an svcm Service listed as related. */
export interface EntityNode {
  type: 'entity';
  id: string;
  /** the full reference in lower case (`component:default/petstore`); an svcm Service's bare name */
  ref: string;
  /** `Component`, `API`, `Resource`, … or `Service` for an svcm Service */
  kind: string;
  label: string;
  description: string;
  role: ComponentRole;
  title?: string;
  owner?: string;
  system?: string;
  lifecycle?: string;
  /** `spec.type` */
  entityType?: string;
  /** undefined when the reference names nothing the workspace defines */
  place?: RecordPlace;
  /** catalogue Components: whether there is anything to list under it */
  expandable: boolean;
}

export type ComponentSectionKind =
  'dependsOn' | 'dependents' | 'providesApis' | 'consumesApis' | 'changes' | 'knowledge';

export interface ComponentSectionNode {
  type: 'componentSection';
  id: string;
  section: ComponentSectionKind;
  /** the Component's full reference */
  component: string;
  label: string;
  description: string;
  count: number;
}

/** A Change or Knowledge record naming a Component, as plain data. */
export interface NamingRecordNode {
  type: 'namingRecord';
  id: string;
  kind: 'Change' | 'Knowledge';
  name: string;
  label: string;
  description: string;
  place: RecordPlace;
  status?: string;
  open: boolean;
  knownError: boolean;
}

export type ComponentTreeNode = ComponentGroupNode | EntityNode | ComponentSectionNode | NamingRecordNode;

/** The number of distinct Components the workspace defines (entities from `backstage.entities` not counted). */
export function componentCount(index: WorkspaceIndex): number {
  // Asked with every top level of the view: kept while the Component records are those it was counted from.
  const version = index.kindVersion('Component');
  const kept = componentsCounted.get(index);
  if (kept?.version === version) return kept.count;
  const count = catalogueComponents(index).length;
  componentsCounted.set(index, { version, count });
  return count;
}

const componentsCounted = new WeakMap<WorkspaceIndex, { version: number; count: number }>();

/** The top level: non-empty groups by label, "No system"/"No owner"/"No lifecycle" last. */
export function componentRoots(index: WorkspaceIndex, groupBy: ComponentGroupBy): ComponentGroupNode[] {
  const byKey = new Map<string | undefined, number>();
  for (const c of catalogueComponents(index)) {
    const key = componentGroupKey(c, groupBy);
    byKey.set(key, (byKey.get(key) ?? 0) + 1);
  }
  return [...byKey]
    .map(([key, count]) => withoutUndefined(componentGroupNode(index, groupBy, key, count)))
    .sort(byLabelUnknownLast);
}

/** The children of a node of the Components part of the view, computed from the index now. */
export function componentChildren(index: WorkspaceIndex, node: ComponentTreeNode): ComponentTreeNode[] {
  switch (node.type) {
    case 'componentGroup':
      return catalogueComponents(index)
        .filter((c) => componentGroupKey(c, node.groupBy) === node.key)
        .map((c) => entityNode(index, c.ref, `${node.id}/${c.ref}`, 'catalogue'));
    case 'entity':
      return node.role === 'catalogue' && node.kind === 'Component' ? componentSections(index, node) : [];
    case 'componentSection':
      return componentSectionChildren(index, node);
    case 'namingRecord':
      return [];
  }
}

interface CatalogueComponent {
  ref: string;
  record: RecordDoc;
}

/** One Component per full reference (its first definition), from the workspace's own files, sorted by reference. */
function catalogueComponents(index: WorkspaceIndex): CatalogueComponent[] {
  const out: CatalogueComponent[] = [];
  for (const indexName of index.names('Component').sort()) {
    const record = index.lookup('Component', indexName);
    if (!record || !isEntity(record) || index.file(record.file)?.external) continue;
    out.push({ ref: `component:${indexName}`, record });
  }
  return out;
}

/** A reference field of an entity resolved to its full reference (`group:default/payments`), with the field's default kind. */
function refField(record: RecordDoc, field: string, defaultKind: EntityKind): string | undefined {
  const value = specOf(record)?.[field];
  if (typeof value !== 'string' || value === '') return undefined;
  const ref = resolveEntityRef(value, { kind: defaultKind, namespace: entityNamespace(record) });
  return ref?.kindText ? `${ref.kindText}:${ref.namespace}/${ref.name}`.toLowerCase() : undefined;
}

function refList(record: RecordDoc, field: string, defaultKind: EntityKind | undefined): string[] {
  const value = specOf(record)?.[field];
  const out = new Set<string>();
  for (const item of Array.isArray(value) ? value : []) {
    if (typeof item !== 'string' || item === '') continue;
    const ref = resolveEntityRef(item, { kind: defaultKind, namespace: entityNamespace(record) });
    if (ref?.kindText) out.add(`${ref.kindText}:${ref.namespace}/${ref.name}`.toLowerCase());
  }
  return [...out];
}

function componentGroupKey(c: CatalogueComponent, groupBy: ComponentGroupBy): string | undefined {
  if (groupBy === 'system') return refField(c.record, 'system', 'System');
  if (groupBy === 'owner') return refField(c.record, 'owner', 'Group');
  const lifecycle = specOf(c.record)?.lifecycle;
  return typeof lifecycle === 'string' && lifecycle !== '' ? lifecycle : undefined;
}

/** The entity a full reference names (`kind:namespace/name`), when the index defines it. */
function entityOf(index: WorkspaceIndex, ref: string): RecordDoc | undefined {
  const colon = ref.indexOf(':');
  if (colon < 0) return undefined;
  const kind = ENTITY_KINDS.find((k) => k.toLowerCase() === ref.slice(0, colon));
  return kind ? index.lookup(kind, ref.slice(colon + 1)) : undefined;
}

function componentGroupNode(
  index: WorkspaceIndex,
  groupBy: ComponentGroupBy,
  key: string | undefined,
  count: number,
): ComponentGroupNode {
  const id = `componentGroup:${groupBy}:${key ?? '-'}`;
  const components = plural(count, 'component');
  if (key === undefined) {
    const none = groupBy === 'system' ? 'No system' : groupBy === 'owner' ? 'No owner' : 'No lifecycle';
    return { type: 'componentGroup', id, groupBy, key, label: none, description: components, count };
  }
  if (groupBy === 'lifecycle')
    return { type: 'componentGroup', id, groupBy, key, label: key, description: components, count };
  const record = entityOf(index, key);
  const title = record ? titleOf(record) : undefined;
  const short = shortRef(key);
  return {
    type: 'componentGroup',
    id,
    groupBy,
    key,
    label: title ?? record?.name ?? short,
    description: [title ? short : undefined, record ? undefined : 'not in this workspace', components]
      .filter(Boolean)
      .join(' · '),
    count,
    ...(record ? { place: recordPlace(record) } : {}),
  };
}

/** `group:default/payments` -> `payments`, `user:default/jane` -> `user:jane`; other namespaces are kept (`user:ops/jane`). */
function shortRef(ref: string): string {
  return ref.replace(/^(?:group|system|component):default\//, '').replace(/^(\w+):default\//, '$1:');
}

function entityNode(index: WorkspaceIndex, ref: string, id: string, role: ComponentRole): EntityNode {
  if (!ref.includes(':')) {
    // An svcm Service, listed among a Component's dependents.
    const service = index.lookup('Service', ref);
    return withoutUndefined<EntityNode>({
      type: 'entity',
      id,
      ref,
      kind: 'Service',
      label: ref,
      description: service ? 'svcm service' : 'unknown service',
      role,
      ...(service ? { title: titleOf(service), place: recordPlace(service) } : {}),
      expandable: false,
    });
  }
  const record = entityOf(index, ref);
  const kindText = ref.slice(0, ref.indexOf(':'));
  const kind = ENTITY_KINDS.find((k) => k.toLowerCase() === kindText) ?? kindText;
  if (!record)
    return {
      type: 'entity',
      id,
      ref,
      kind,
      label: ref,
      description: `unknown ${kind}`,
      role,
      expandable: false,
    };
  const spec = specOf(record) ?? {};
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const lifecycle = text(spec.lifecycle);
  const entityType = text(spec.type);
  const node: EntityNode = {
    type: 'entity',
    id,
    ref,
    kind,
    label: record.name ?? ref,
    description: [kind === 'Component' ? undefined : kind, entityType, lifecycle].filter(Boolean).join(' · '),
    role,
    title: titleOf(record),
    owner: text(spec.owner),
    system: text(spec.system),
    lifecycle,
    entityType,
    place: recordPlace(record),
    expandable: false,
  };
  if (role === 'catalogue' && kind === 'Component') node.expandable = componentSections(index, node).length > 0;
  return withoutUndefined(node);
}

/** The node without its undefined fields: plain data that a JSON round trip keeps as it is. */
function withoutUndefined<T extends object>(node: T): T {
  for (const key of Object.keys(node) as (keyof T)[]) if (node[key] === undefined) delete node[key];
  return node;
}

function componentSections(index: WorkspaceIndex, node: EntityNode): ComponentSectionNode[] {
  const out: ComponentSectionNode[] = [];
  const add = (section: ComponentSectionKind, label: string, count: number, description = String(count)) => {
    if (count > 0)
      out.push({
        type: 'componentSection',
        id: `${node.id}/${section}`,
        section,
        component: node.ref,
        label,
        description,
        count,
      });
  };
  const record = entityOf(index, node.ref);
  if (!record) return out;
  add('dependsOn', 'Depends on', refList(record, 'dependsOn', undefined).length);
  add('dependents', 'Dependents', entityDependents(index, 'Component', componentIndexName(node.ref)).length);
  add('providesApis', 'Provides APIs', refList(record, 'providesApis', 'API').length);
  add('consumesApis', 'Consumes APIs', refList(record, 'consumesApis', 'API').length);
  const changes = namingComponent(index, node.ref, 'Change');
  const open = changes.filter(isOpen).length;
  add('changes', 'Changes', changes.length, open > 0 ? `${open} open · ${changes.length}` : String(changes.length));
  const knowledge = namingComponent(index, node.ref, 'Knowledge');
  const knownErrors = knowledge.filter(isKnownError).length;
  add(
    'knowledge',
    'Knowledge',
    knowledge.length,
    knownErrors > 0 ? `${knowledge.length} · ${plural(knownErrors, 'known error')}` : String(knowledge.length),
  );
  return out;
}

function componentSectionChildren(index: WorkspaceIndex, node: ComponentSectionNode): ComponentTreeNode[] {
  const record = entityOf(index, node.component);
  const leaves = (refs: string[]) => refs.map((ref) => entityNode(index, ref, `${node.id}/${ref}`, 'related'));
  switch (node.section) {
    case 'dependsOn':
      return leaves(record ? refList(record, 'dependsOn', undefined) : []);
    case 'dependents':
      return leaves(entityDependents(index, 'Component', componentIndexName(node.component)));
    case 'providesApis':
      return leaves(record ? refList(record, 'providesApis', 'API') : []);
    case 'consumesApis':
      return leaves(record ? refList(record, 'consumesApis', 'API') : []);
    case 'changes':
      return namingComponent(index, node.component, 'Change')
        .sort(byNameDescending)
        .map((r) => namingRecordNode(r, node.id));
    case 'knowledge':
      return namingComponent(index, node.component, 'Knowledge')
        .sort((a, b) => Number(isKnownError(b)) - Number(isKnownError(a)) || byName(a, b))
        .map((r) => namingRecordNode(r, node.id));
  }
}

/** The svcm records of `kind` whose `spec.services` name the Component, in any written form, each once. */
function namingComponent(index: WorkspaceIndex, ref: string, kind: 'Change' | 'Knowledge'): RecordDoc[] {
  const out = new Set<RecordDoc>();
  for (const r of referencesTo(index, 'Component', componentIndexName(ref)))
    if (r.from.kind === kind && r.field === 'spec.services' && !isEntity(r.from)) out.add(r.from);
  return [...out];
}

function namingRecordNode(record: RecordDoc, parentId: string): NamingRecordNode {
  const node = recordNode(record, parentId);
  return {
    type: 'namingRecord',
    id: node.id,
    kind: record.kind as 'Change' | 'Knowledge',
    name: node.name,
    label: node.label,
    description: node.description,
    place: recordPlace(record),
    ...(node.status !== undefined ? { status: node.status } : {}),
    open: record.kind === 'Change' && isOpen(record),
    knownError: node.knownError,
  };
}
