import { canonicalTarget, referencesTo } from '../backstage/bridge';
import { entityDependents } from '../backstage/impact';
import { entityIndexName, entityNamespace, entityRefOf, isEntity, type EntityKind } from '../backstage/model';
import { resolveEntityRef } from '../backstage/ref';
import { blastRadius } from '../catalogue/impact';
import { specOf, type Reference } from '../index/references';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { RecordDoc } from '../parse/parseFile';
import { GRAPH_DIRECTIONS, GraphInputError } from './graphTypes';
import type {
  GraphDirection,
  GraphEdge,
  GraphHighlight,
  GraphNode,
  GraphRelation,
  NodeDetail,
  ServiceGraph,
} from './graphTypes';

/**
 * The service map's graph (docs/service-map.md): one function gives what the
 * `svcm.showServiceMap` command returns, what the map panel draws and what
 * `svcm graph` prints, so the three never disagree.
 */

export type { GraphDirection, GraphEdge, GraphHighlight, GraphNode, GraphRelation, NodeDetail, ServiceGraph };

export interface GraphOptions {
  /** a service name or entity reference; absent: the whole catalogue */
  focus?: string;
  /** hops shown from the focus (default 2); a non-negative integer */
  depth?: number;
  /** default `both`: the union of the two walks, each up to `depth` */
  direction?: GraphDirection;
  /** a Change name: its services are `changed`, what depends on them transitively `blast-radius` */
  change?: string;
}

export const DEFAULT_DEPTH = 2;

/** One relation out of or into a node. */
interface Link {
  other: string;
  relation: GraphRelation;
}

/**
 * The catalogue as nodes and relations, read from the index on demand (never
 * the whole catalogue unless asked), so a focused graph of a large workspace
 * costs what it shows.
 */
interface Catalogue {
  /** the id of a focus written as a name or a reference; undefined when it names nothing */
  resolve(focus: string): string | undefined;
  node(id: string): GraphNode | undefined;
  record(id: string): RecordDoc | undefined;
  /** the relations drawn from a node (every edge is one of these) */
  outgoing(id: string): Link[];
  /** one step of the `dependencies` walk */
  dependencies(id: string): Link[];
  /** one step of the `dependents` walk */
  incoming(id: string): Link[];
  ids(): string[];
}

const SERVICE_PREFIX = 'service:';

/** svcm Services: `service:<name>`, related by `dependsOn`. Duplicates: the first definition by file, as everywhere. */
function svcmCatalogue(index: WorkspaceIndex): Catalogue {
  const nameOf = (id: string) => (id.startsWith(SERVICE_PREFIX) ? id.slice(SERVICE_PREFIX.length) : undefined);
  const record = (id: string) => {
    const name = nameOf(id);
    return name === undefined ? undefined : index.lookup('Service', name);
  };
  return {
    resolve(focus) {
      const trimmed = focus.trim();
      const name = trimmed.toLowerCase().startsWith(SERVICE_PREFIX) ? trimmed.slice(SERVICE_PREFIX.length) : trimmed;
      return index.lookup('Service', name) ? SERVICE_PREFIX + name : undefined;
    },
    record,
    node(id) {
      const found = record(id);
      if (!found) return undefined;
      const spec = specOf(found) ?? {};
      const node: GraphNode = { id, kind: 'service', name: found.name! };
      const title = titleOf(found);
      if (title !== undefined) node.title = title;
      if (typeof spec.owner === 'string' && spec.owner.length > 0) node.owner = spec.owner;
      return node;
    },
    outgoing(id) {
      const found = record(id);
      return found
        ? dependsOnOf(found)
            .filter((dep) => index.lookup('Service', dep))
            .map((dep) => ({ other: SERVICE_PREFIX + dep, relation: 'dependsOn' as const }))
        : [];
    },
    dependencies(id) {
      return this.outgoing(id);
    },
    incoming(id) {
      const name = nameOf(id);
      if (name === undefined) return [];
      const out = new Map<string, Link>();
      for (const ref of index.references('Service', name)) {
        const from = ref.from;
        if (from.kind !== 'Service' || ref.field !== 'spec.dependsOn' || from.name === undefined) continue;
        // Only the definition that counts (the first) speaks for a duplicated name.
        if (index.lookup('Service', from.name) !== from) continue;
        out.set(from.name, { other: SERVICE_PREFIX + from.name, relation: 'dependsOn' });
      }
      return [...out.values()];
    },
    ids() {
      return index.names('Service').map((name) => SERVICE_PREFIX + name);
    },
  };
}

/** The Backstage kinds the map shows (docs/service-map.md). */
const GRAPH_KINDS: readonly EntityKind[] = ['Component', 'Resource', 'API'];
/** The kinds a bare focus name is tried as, in order, after svcm Services. */
const BARE_FOCUS_KINDS: readonly EntityKind[] = ['Component', 'Resource', 'API'];

/**
 * Backstage Components, Resources and APIs (docs/backstage.md): `kind:namespace/name`
 * in lower case, related by `dependsOn` (and the reverse of `dependencyOf`),
 * `providesApi` and `consumesApi`; svcm Services whose `dependsOn` names a
 * Component (the bridge) depend on it. Duplicates: the first definition.
 */
function entityCatalogue(index: WorkspaceIndex): Catalogue {
  const parse = (id: string): { kind: EntityKind; name: string } | undefined => {
    const colon = id.indexOf(':');
    if (colon === -1) return undefined;
    const kind = GRAPH_KINDS.find((k) => k.toLowerCase() === id.slice(0, colon));
    return kind ? { kind, name: id.slice(colon + 1) } : undefined;
  };
  const record = (id: string) => {
    const key = parse(id);
    const found = key ? index.lookup(key.kind, key.name) : undefined;
    return found && isEntity(found) ? found : undefined;
  };
  const idOf = (kind: string, name: string) => `${kind.toLowerCase()}:${name}`;
  /** whether a reference is made by the definition that counts of its record */
  const counts = (ref: Reference) => {
    const from = ref.from;
    if (from.name === undefined || from.kind === undefined) return false;
    if (!isEntity(from)) return from.kind === 'Service' && index.lookup('Service', from.name) === from;
    if (!GRAPH_KINDS.includes(from.kind as EntityKind)) return false;
    return index.lookup(from.kind as EntityKind, entityIndexName(entityNamespace(from), from.name)) === from;
  };
  const fromId = (ref: Reference) => (isEntity(ref.from) ? entityRefOf(ref.from) : SERVICE_PREFIX + ref.from.name!);
  const own = (id: string): Reference[] => {
    const found = record(id);
    return found ? index.referencesFrom(found.file).filter((r) => r.from === found) : [];
  };
  const shown = (kind: string, name: string) =>
    GRAPH_KINDS.includes(kind as EntityKind) && record(idOf(kind, name)) !== undefined;
  /** what depends on an entity: `dependsOn` naming it (entities, and svcm Services through the bridge), and its own `dependencyOf` */
  const dependers = (id: string): Link[] => {
    const key = parse(id);
    if (!key || key.kind === 'API') return [];
    const out: Link[] = [];
    for (const ref of referencesTo(index, key.kind, key.name))
      if (ref.field === 'spec.dependsOn' && counts(ref)) {
        const from = fromId(ref);
        if (from) out.push({ other: from, relation: 'dependsOn' });
      }
    for (const ref of own(id))
      if (ref.field === 'spec.dependencyOf' && shown(ref.kind, ref.name))
        out.push({ other: idOf(ref.kind, ref.name), relation: 'dependsOn' });
    return out;
  };
  /** the components that provide or consume an API */
  const apiUsers = (id: string, field: 'spec.providesApis' | 'spec.consumesApis'): string[] => {
    const key = parse(id);
    if (key?.kind !== 'API') return [];
    const out: string[] = [];
    for (const ref of index.references('API', key.name))
      if (ref.field === field && ref.from.kind === 'Component' && isEntity(ref.from) && counts(ref)) {
        const from = entityRefOf(ref.from);
        if (from) out.push(from);
      }
    return out;
  };
  return {
    resolve(focus) {
      const trimmed = focus.trim();
      const parsed = resolveEntityRef(trimmed, {});
      if (!parsed) return undefined;
      const kinds = parsed.kind ? [parsed.kind] : parsed.kindText ? [] : BARE_FOCUS_KINDS;
      for (const kind of kinds) {
        const id = idOf(kind, entityIndexName(parsed.namespace, parsed.name));
        if (record(id)) return id;
      }
      return undefined;
    },
    record,
    node(id) {
      const found = record(id);
      if (!found) return undefined;
      const spec = specOf(found) ?? {};
      const node: GraphNode = { id, kind: found.kind!.toLowerCase(), name: found.name! };
      const title = titleOf(found);
      if (title !== undefined) node.title = title;
      if (typeof spec.owner === 'string' && spec.owner.length > 0) node.owner = spec.owner;
      if (typeof spec.system === 'string' && spec.system.length > 0) node.group = spec.system;
      return node;
    },
    outgoing(id) {
      if (id.startsWith(SERVICE_PREFIX)) {
        // The bridge: an svcm Service's dependsOn naming a Component.
        const found = index.lookup('Service', id.slice(SERVICE_PREFIX.length));
        if (!found) return [];
        const out: Link[] = [];
        for (const ref of index.referencesFrom(found.file)) {
          if (ref.from !== found || ref.field !== 'spec.dependsOn') continue;
          const target = canonicalTarget(index, ref.kind, ref.name);
          if (target.kind === 'Component' && shown(target.kind, target.name))
            out.push({ other: idOf(target.kind, target.name), relation: 'dependsOn' });
        }
        return out;
      }
      const out: Link[] = [];
      for (const ref of own(id)) {
        if (!shown(ref.kind, ref.name)) continue;
        const other = idOf(ref.kind, ref.name);
        if (ref.field === 'spec.dependsOn' && (ref.kind === 'Component' || ref.kind === 'Resource'))
          out.push({ other, relation: 'dependsOn' });
        else if (ref.field === 'spec.providesApis' && ref.kind === 'API') out.push({ other, relation: 'providesApi' });
        else if (ref.field === 'spec.consumesApis' && ref.kind === 'API') out.push({ other, relation: 'consumesApi' });
      }
      // The reverse of dependencyOf: an entity naming this one in its dependencyOf is depended on by it.
      const key = parse(id);
      if (key && key.kind !== 'API')
        for (const ref of index.references(key.kind, key.name))
          if (ref.field === 'spec.dependencyOf' && isEntity(ref.from) && counts(ref)) {
            const from = entityRefOf(ref.from);
            if (from && from !== id) out.push({ other: from, relation: 'dependsOn' });
          }
      return out;
    },
    dependencies(id) {
      if (parse(id)?.kind === 'API')
        return apiUsers(id, 'spec.providesApis').map((other) => ({ other, relation: 'providesApi' }));
      return this.outgoing(id).filter((link) => link.relation !== 'providesApi');
    },
    incoming(id) {
      const key = parse(id);
      if (!key) return [];
      if (key.kind === 'API')
        return apiUsers(id, 'spec.consumesApis').map((other) => ({ other, relation: 'consumesApi' }));
      const out = dependers(id);
      // What consumes an API this provides depends on it too (the API is shown on the way).
      for (const link of this.outgoing(id))
        if (link.relation === 'providesApi') {
          out.push(link);
          for (const other of apiUsers(link.other, 'spec.consumesApis')) out.push({ other, relation: 'consumesApi' });
        }
      return out;
    },
    ids() {
      const out: string[] = [];
      for (const kind of GRAPH_KINDS)
        for (const name of index.names(kind)) if (record(idOf(kind, name))) out.push(idOf(kind, name));
      return out;
    },
  };
}

/**
 * svcm Services and Backstage entities together: a bare focus is an svcm Service first.
 * A workspace without Components, Resources or APIs asks the svcm catalogue alone, and
 * the relations of a node are read once per graph (the walks and the edges both ask).
 */
function graphCatalogue(index: WorkspaceIndex): Catalogue {
  const svcm = svcmCatalogue(index);
  if (GRAPH_KINDS.every((kind) => index.namesView(kind).length === 0)) return remembered(svcm);
  const entities = entityCatalogue(index);
  const isService = (id: string) => id.startsWith(SERVICE_PREFIX);
  return remembered({
    resolve: (focus) => svcm.resolve(focus) ?? entities.resolve(focus),
    record: (id) => (isService(id) ? svcm.record(id) : entities.record(id)),
    node: (id) => (isService(id) ? svcm.node(id) : entities.node(id)),
    outgoing: (id) => (isService(id) ? [...svcm.outgoing(id), ...entities.outgoing(id)] : entities.outgoing(id)),
    dependencies: (id) =>
      isService(id) ? [...svcm.dependencies(id), ...entities.outgoing(id)] : entities.dependencies(id),
    incoming: (id) => (isService(id) ? svcm.incoming(id) : entities.incoming(id)),
    ids: () => [...svcm.ids(), ...entities.ids()],
  });
}

/** A catalogue that answers `outgoing`, `dependencies` and `incoming` once per node (one graph's life). */
function remembered(catalogue: Catalogue): Catalogue {
  const memo = <T>(ask: (id: string) => T) => {
    const answers = new Map<string, T>();
    return (id: string) => {
      if (answers.has(id)) return answers.get(id)!;
      const answer = ask(id);
      answers.set(id, answer);
      return answer;
    };
  };
  return {
    resolve: (focus) => catalogue.resolve(focus),
    record: memo((id) => catalogue.record(id)),
    node: (id) => catalogue.node(id),
    outgoing: memo((id) => catalogue.outgoing(id)),
    dependencies: memo((id) => catalogue.dependencies(id)),
    incoming: memo((id) => catalogue.incoming(id)),
    ids: () => catalogue.ids(),
  };
}

/**
 * The graph for a focus, depth, direction and change (docs/service-map.md):
 * - without `focus`, every service; with it, the focus and what the walks
 *   reach within `depth` hops (`dependencies` follows `dependsOn`,
 *   `dependents` follows it backwards, `both` is the union of the two walks);
 * - the edges are every relation between two nodes shown;
 * - with `change`, the change's services are `changed` and the services that
 *   depend on them, transitively, `blast-radius` (on the nodes shown).
 * Nodes are sorted by id, edges by from, to and relation. References to
 * services that do not exist make no node (the `unknown-reference` rule
 * reports them). Throws `GraphInputError` naming an unknown focus or change,
 * or a bad depth or direction.
 */
export function serviceGraph(index: WorkspaceIndex, options: GraphOptions = {}): ServiceGraph {
  const catalogue = graphCatalogue(index);
  const depth = options.depth ?? DEFAULT_DEPTH;
  if (!Number.isInteger(depth) || depth < 0)
    throw new GraphInputError(`depth must be a whole number of hops, 0 or more, not ${String(depth)}`, 'depth');
  const direction = options.direction ?? 'both';
  if (!GRAPH_DIRECTIONS.includes(direction))
    throw new GraphInputError(
      `direction must be one of ${GRAPH_DIRECTIONS.join(', ')}, not '${String(direction)}'`,
      'direction',
    );
  const highlights = options.change !== undefined ? changeHighlights(index, catalogue, options.change) : undefined;

  let shown: Set<string>;
  if (options.focus === undefined) {
    shown = new Set(catalogue.ids());
  } else {
    const focus = catalogue.resolve(options.focus);
    if (!focus) throw new GraphInputError(`no service or entity named '${options.focus}'`, 'focus');
    shown = new Set([focus]);
    if (direction !== 'dependents') walk(focus, depth, (id) => catalogue.dependencies(id), shown);
    if (direction !== 'dependencies') walk(focus, depth, (id) => catalogue.incoming(id), shown);
  }

  const nodes: GraphNode[] = [];
  for (const id of [...shown].sort()) {
    const node = catalogue.node(id);
    if (!node) continue;
    const highlight = highlights?.get(id);
    if (highlight) node.highlight = highlight;
    nodes.push(node);
  }
  const edges: GraphEdge[] = [];
  for (const id of shown)
    for (const link of catalogue.outgoing(id))
      if (shown.has(link.other)) edges.push({ from: id, to: link.other, relation: link.relation });
  edges.sort((a, b) => compare(a.from, b.from) || compare(a.to, b.to) || compare(a.relation, b.relation));
  return { nodes, edges: dedupe(edges) };
}

/** The details the map needs to colour a node and open its record, for each node of a graph. */
export function nodeDetails(index: WorkspaceIndex, graph: ServiceGraph): Record<string, NodeDetail> {
  const catalogue = graphCatalogue(index);
  const out: Record<string, NodeDetail> = {};
  for (const node of graph.nodes) {
    const record = catalogue.record(node.id);
    if (!record) continue;
    const spec = specOf(record) ?? {};
    const span = record.nameSpan ?? record.span;
    const detail: NodeDetail = { file: record.file, start: span.start, end: span.end };
    if (typeof spec.tier === 'number') detail.tier = spec.tier;
    if (typeof spec.phase === 'string') detail.phase = spec.phase;
    if (isEntity(record) && typeof spec.lifecycle === 'string') detail.lifecycle = spec.lifecycle;
    out[node.id] = detail;
  }
  return out;
}

/** Breadth-first, up to `depth` hops, adding what it reaches to `seen`. */
function walk(start: string, depth: number, next: (id: string) => Link[], seen: Set<string>): void {
  let frontier = [start];
  const visited = new Set([start]);
  for (let hop = 0; hop < depth && frontier.length > 0; hop++) {
    const following: string[] = [];
    for (const id of frontier)
      for (const link of next(id)) {
        if (visited.has(link.other)) continue;
        visited.add(link.other);
        seen.add(link.other);
        following.push(link.other);
      }
    frontier = following;
  }
}

/**
 * The change's services and Components (`changed`) and everything that
 * depends on one of them, transitively (`blast-radius`), as Raise Change and
 * svcm affected compute it (core/catalogue/impact, core/backstage/impact).
 */
function changeHighlights(index: WorkspaceIndex, catalogue: Catalogue, change: string): Map<string, GraphHighlight> {
  const record = index.lookup('Change', change.trim());
  if (!record) throw new GraphInputError(`no change named '${change}'`, 'change');
  const services = specOf(record)?.services;
  const changed = (Array.isArray(services) ? services : [])
    .filter((s): s is string => typeof s === 'string')
    .map((s) => catalogue.resolve(s))
    .filter((id): id is string => id !== undefined && (id.startsWith(SERVICE_PREFIX) || id.startsWith('component:')));
  const out = new Map<string, GraphHighlight>();
  for (const id of changed) out.set(id, 'changed');
  const names = changed.filter((id) => id.startsWith(SERVICE_PREFIX)).map((id) => id.slice(SERVICE_PREFIX.length));
  const reached = new Set(blastRadius(index, names).map((name) => SERVICE_PREFIX + name));
  for (const id of changed)
    if (id.startsWith('component:'))
      for (const dependent of entityDependents(index, 'Component', id.slice('component:'.length)))
        reached.add(dependent.includes(':') ? dependent : SERVICE_PREFIX + dependent);
  for (const id of [...reached].sort()) if (!out.has(id)) out.set(id, 'blast-radius');
  return out;
}

function dependsOnOf(record: RecordDoc): string[] {
  const deps = specOf(record)?.dependsOn;
  return Array.isArray(deps) ? [...new Set(deps.filter((d): d is string => typeof d === 'string'))] : [];
}

function titleOf(record: RecordDoc): string | undefined {
  const title = (record.value as { metadata?: { title?: unknown } } | undefined)?.metadata?.title;
  return typeof title === 'string' && title.trim().length > 0 ? title : undefined;
}

function dedupe(edges: GraphEdge[]): GraphEdge[] {
  return edges.filter(
    (e, i) =>
      i === 0 || e.from !== edges[i - 1].from || e.to !== edges[i - 1].to || e.relation !== edges[i - 1].relation,
  );
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
