import { contentIdentity, type ParsedFile, type RecordDoc } from '../parse/parseFile';
import { isKind } from '../schema/vocabulary';
import { entityIndexName, entityNamespace, isEntity, isEntityKind } from '../backstage/model';
import { dependsOnOf, moveReference, referencesOf, specOf, type RefKind, type Reference } from './references';
import type { KeptFindings } from '../validate';

/** What one record puts in the index. */
interface Linked {
  /** `kind\0name`, when the record defines a name */
  defines?: string;
  /** `referencesOf(record)`: the same array, never changed. */
  references: readonly Reference[];
}

interface Entry {
  parsed: ParsedFile;
  linked: Map<RecordDoc, Linked>;
}

/** The `linked` of every file without records: never written to (only records are linked). */
const NO_LINKS: Map<RecordDoc, Linked> = new Map();

const key = (kind: string, name: string) => `${kind}\u0000${name}`;

/** The index key a record defines: `kind\0name` for svcm records, `Kind\0namespace/name` (lower case) for entities. */
export function definedKey(record: RecordDoc): string | undefined {
  if (record.name === undefined) return undefined;
  if (isEntity(record)) {
    return isEntityKind(record.kind)
      ? key(record.kind, entityIndexName(entityNamespace(record), record.name))
      : undefined;
  }
  return isKind(record.kind) ? key(record.kind, record.name) : undefined;
}

/** The index key of a kind and name (`kind\0name`): what `definedKey` gives and references name. */
export const indexKey = key;

/**
 * What an index that holds only some of a workspace's files answers for the
 * whole workspace (`svcm validate --cache`, docs/performance.md): every defined
 * name of each kind, and the service graph (each service's `dependsOn`, from its
 * first definition by file). Those are all the rules read beyond the records
 * that they look up, so the records a run checks see what a full index would give.
 */
export interface WorkspaceOutline {
  /** The defined names of a kind (the same array each time it is asked, never changed). */
  names(kind: string): readonly string[];
  /** Each defined service's `dependsOn` strings, by name. */
  serviceEdges(): Map<string, string[]>;
  /** `cyclesOf(serviceEdges())`, when the outline has worked it out already (never changed). */
  serviceCycles?(): Map<string, string[]>;
}

/** The svcm kind whose bare references fall back to an entity of this kind in the default namespace, and back. */
const BRIDGE: Record<string, string> = { Component: 'Service', Group: 'Team', Service: 'Component', Team: 'Group' };

/**
 * The records of a workspace, by file, by kind and name, and by what they name.
 * Incremental: `upsert` and `remove` touch one file's entries and return the
 * files whose findings may change because of it, so that an editor revalidates
 * one keystroke's worth, not the workspace. Within a file of many documents,
 * only the documents whose text changed are linked again, and only the records
 * near them are marked touched (`touchedAt`), so that the others' findings can
 * be kept (see validate.ts).
 */
export class WorkspaceIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly defs = new Map<string, RecordDoc[]>();
  private readonly refs = new Map<string, Reference[]>();
  /** Records by kind, so that "every service" does not walk every file. */
  private readonly byKind = new Map<string, Set<RecordDoc>>();
  /** Defined names by kind, made on first use after a change of that kind's names. */
  private readonly namesCache = new Map<string, string[]>();
  /** Bumped on every change; derived data is cached against it. */
  private generation = 0;
  /** Bumped by kind when a record of that kind is added, removed or replaced: `kindVersion`. */
  private readonly kindGenerations = new Map<string, number>();
  /** Bumped when a service's name or `dependsOn` changes: the service graph is cached against it. */
  private graphGeneration = 0;
  private graphCache?: { generation: number; graph: CycleGraph };
  private entityGraphCache?: { generation: number; graph: CycleGraph };
  /** The generation at which a record's findings last may have changed, by `contentIdentity`. */
  private readonly touched = new WeakMap<object, number>();
  /** The last untracked change (a bulk load): it may have changed any record's findings. */
  private untracked = 0;
  /**
   * Each record's findings as last worked out against this index, by
   * `contentIdentity` (written and read by core/validate.ts only). They live
   * as long as this index, and are used while `touchedAt` says nothing near
   * the record changed.
   */
  readonly keptFindings = new WeakMap<object, KeptFindings>();
  /** Set when the index holds only some files: names and the service graph come from it (`useOutline`). */
  private outline?: WorkspaceOutline;

  /**
   * Answers `names`, `namesView` and `serviceCycles` from `outline` from now on,
   * for an index loaded with only the files a run needs (the others' names and
   * service edges are in the outline). Not for an index that is edited afterwards.
   */
  useOutline(outline: WorkspaceOutline): void {
    this.outline = outline;
    this.namesCache.clear();
    this.graphCache = undefined;
  }

  /**
   * Adds or replaces a file. Returns the files whose findings may change (the
   * file itself included). A bulk load passes `track: false` and validates
   * everything afterwards: working out neighbours file by file would cost more.
   */
  upsert(parsed: ParsedFile, track = true): Set<string> {
    const before = this.entries.get(parsed.path);
    // Documents whose text did not change keep what they put in the index (their value is the same object).
    const kept = new Map<RecordDoc, RecordDoc>();
    if (before && before.parsed.records.length === parsed.records.length) {
      const old = new Map<object, RecordDoc>();
      for (const record of before.parsed.records) {
        const id = contentIdentity(record);
        if (id) old.set(id, record);
      }
      for (const record of parsed.records) {
        const id = contentIdentity(record);
        const match = id && old.get(id);
        if (match) {
          kept.set(record, match);
          old.delete(id);
        }
      }
    }
    const keptOld = new Set(kept.values());
    const removed = before ? [...before.linked].filter(([r]) => !keptOld.has(r)) : [];
    const near = new Set<RecordDoc>();
    if (track) this.neighbourhood(removed, near);
    for (const [record, linked] of removed) this.unlink(record, linked);
    // A file without records (most files of a repository that are not ours) shares one empty map.
    const entry: Entry = { parsed, linked: parsed.records.length > 0 ? new Map() : NO_LINKS };
    const added: [RecordDoc, Linked][] = [];
    for (const record of parsed.records) {
      const was = kept.get(record);
      if (was) entry.linked.set(record, this.move(was, record, before!.linked.get(was)!));
      else {
        const linked = this.link(record);
        entry.linked.set(record, linked);
        added.push([record, linked]);
      }
    }
    this.entries.set(parsed.path, entry);
    this.generation++;
    // A bulk load does not compare (that reads every service's value): the graph is worked out again when asked for.
    if (track ? graphChanged(removed, added) : onGraph(removed) || onGraph(added)) this.graphGeneration++;
    if (!track) {
      if (removed.length > 0 || added.length > 0) this.untracked = this.generation;
      return new Set([parsed.path]);
    }
    this.neighbourhood(added, near);
    this.danglingNear(removed, added, near);
    // A new file may be what a Location's target or glob was missing.
    if (!before) for (const location of this.byKind.get('Location') ?? []) near.add(location);
    for (const [record] of added) near.add(record);
    // A change in the number of documents changes what file-level rules say of every one of them.
    if (!before || before.parsed.records.length !== parsed.records.length)
      for (const record of parsed.records) near.add(record);
    const affected = new Set<string>([parsed.path]);
    for (const record of near) {
      affected.add(record.file);
      const id = contentIdentity(record);
      if (id) this.touched.set(id, this.generation);
    }
    return affected;
  }

  /** Removes a file. Returns the files whose findings may change (not including the removed file). */
  remove(path: string): Set<string> {
    const before = this.entries.get(path);
    if (!before) return new Set();
    const linked = [...before.linked];
    const near = new Set<RecordDoc>();
    this.neighbourhood(linked, near);
    for (const [record, l] of linked) this.unlink(record, l);
    this.entries.delete(path);
    this.generation++;
    if (graphChanged(linked, [])) this.graphGeneration++;
    this.neighbourhood(linked, near);
    this.danglingNear(linked, [], near);
    for (const location of this.byKind.get('Location') ?? []) near.add(location);
    const affected = new Set<string>();
    for (const record of near) {
      if (record.file === path) continue;
      affected.add(record.file);
      const id = contentIdentity(record);
      if (id) this.touched.set(id, this.generation);
    }
    return affected;
  }

  /**
   * A number that changes whenever a record of `kind` is added, removed or
   * replaced (even by one with the same content, whose offsets may differ), and
   * only then: what is worked out from one kind's records alone can be kept
   * against it.
   */
  kindVersion(kind: string): number {
    return this.kindGenerations.get(kind) ?? 0;
  }

  private kindChanged(kind: string | undefined): void {
    if (kind !== undefined) this.kindGenerations.set(kind, this.kindVersion(kind) + 1);
  }

  /** The index's generation: bumped by every `upsert` and `remove`. */
  get version(): number {
    return this.generation;
  }

  /**
   * The generation at which the findings of a record with this content last may
   * have changed (its own edit, or one near it); 0 when never since it was added.
   */
  touchedAt(record: RecordDoc): number {
    const id = contentIdentity(record);
    return id ? Math.max(this.touched.get(id) ?? 0, this.untracked) : this.generation;
  }

  has(path: string): boolean {
    return this.entries.has(path);
  }

  file(path: string): ParsedFile | undefined {
    return this.entries.get(path)?.parsed;
  }

  /** Every indexed file, records or not, in insertion order. */
  files(): ParsedFile[] {
    return [...this.entries.values()].map((e) => e.parsed);
  }

  /** Every record, or every record of one kind (with a readable name or not). */
  records(kind?: RefKind): RecordDoc[] {
    if (kind) return [...(this.byKind.get(kind) ?? [])];
    const out: RecordDoc[] = [];
    for (const entry of this.entries.values()) out.push(...entry.parsed.records);
    return out;
  }

  /** The records of `kind` named `name`: empty when none, more than one for duplicates (sorted by file). */
  definitions(kind: RefKind, name: string): readonly RecordDoc[] {
    return this.defs.get(key(kind, name)) ?? [];
  }

  /** The first definition, for look-ups that need one record. */
  lookup(kind: RefKind, name: string): RecordDoc | undefined {
    return this.definitions(kind, name)[0];
  }

  /** Every defined name of a kind (deduplicated). */
  names(kind: RefKind): string[] {
    return [...this.namesView(kind)];
  }

  /**
   * `names`, without the copy: the same array until a name of the kind comes
   * or goes (then a new one), never changed. For look-ups that run once per
   * reference, such as "did you mean" (`closestName`).
   */
  namesView(kind: RefKind): readonly string[] {
    if (this.outline) return this.outline.names(kind);
    let names = this.namesCache.get(kind);
    if (!names) {
      const prefix = `${kind}\u0000`;
      names = [];
      for (const k of this.defs.keys()) if (k.startsWith(prefix)) names.push(k.slice(prefix.length));
      this.namesCache.set(kind, names);
    }
    return names;
  }

  /** Every place that names the record `kind`/`name`. */
  references(kind: RefKind, name: string): readonly Reference[] {
    return this.refs.get(key(kind, name)) ?? [];
  }

  /** The references made by the records of one file. */
  referencesFrom(path: string): readonly Reference[] {
    const entry = this.entries.get(path);
    return entry ? [...entry.linked.values()].flatMap((l) => l.references) : [];
  }

  /**
   * For each service on a `dependsOn` cycle, the cycle through it (names in order,
   * starting with the service). Computed once per index generation.
   */
  serviceCycles(): Map<string, string[]> {
    return this.serviceGraph().cycles;
  }

  /**
   * For each entity (by index key) on a cycle of `dependsOn`/`dependencyOf`
   * (Components and Resources) or of `parent`/`children` (Groups), the cycle
   * through it as index keys, starting with the entity.
   */
  entityCycles(): Map<string, string[]> {
    return this.entityGraph().cycles;
  }

  private serviceGraph(): CycleGraph {
    if (this.graphCache?.generation === this.graphGeneration) return this.graphCache.graph;
    const saved = this.outline?.serviceCycles?.();
    // An outline's saved cycles come without their components: an index with an outline is not edited (useOutline).
    const graph = saved
      ? { cycles: saved, components: new Map<string, readonly string[]>() }
      : cycleGraphOf(this.outline ? this.outline.serviceEdges() : serviceEdges(this));
    this.graphCache = { generation: this.graphGeneration, graph };
    return graph;
  }

  private entityGraph(): CycleGraph {
    if (this.entityGraphCache?.generation === this.graphGeneration) return this.entityGraphCache.graph;
    const graph = cycleGraphOf(entityEdges(this));
    this.entityGraphCache = { generation: this.graphGeneration, graph };
    return graph;
  }

  /** Services that depend on `service`, directly or not (the blast radius), sorted. */
  dependentsOf(service: string): string[] {
    const seen = new Set<string>();
    const queue = [service];
    while (queue.length > 0) {
      const current = queue.pop()!;
      for (const ref of this.references('Service', current)) {
        const from = ref.from;
        if (from.kind !== 'Service' || ref.field !== 'spec.dependsOn' || from.name === undefined) continue;
        if (from.name !== service && !seen.has(from.name)) {
          seen.add(from.name);
          queue.push(from.name);
        }
      }
    }
    return [...seen].sort();
  }

  private link(record: RecordDoc): Linked {
    const linked: Linked = { references: referencesOf(record) };
    this.kindChanged(record.kind);
    if (record.kind !== undefined) {
      let set = this.byKind.get(record.kind);
      if (!set) this.byKind.set(record.kind, (set = new Set()));
      set.add(record);
    }
    const k = definedKey(record);
    if (k !== undefined) {
      linked.defines = k;
      push(this.defs, k, record);
      this.namesCache.delete(record.kind!);
      // Duplicates in file order, whatever the order of loading: `lookup` must not depend on it.
      sortDefinitions(this.defs.get(k)!);
    }
    for (const ref of linked.references) push(this.refs, key(ref.kind, ref.name), ref);
    return linked;
  }

  private unlink(record: RecordDoc, linked: Linked): void {
    this.kindChanged(record.kind);
    if (record.kind !== undefined) this.byKind.get(record.kind)?.delete(record);
    if (linked.defines) {
      removeWhere(this.defs, linked.defines, (r) => r === record);
      this.namesCache.delete(record.kind!);
    }
    for (const ref of linked.references) removeWhere(this.refs, key(ref.kind, ref.name), (r) => r === ref);
  }

  /** Puts `next` where `was` is: the same content at another place (or read again precisely). */
  private move(was: RecordDoc, next: RecordDoc, linked: Linked): Linked {
    this.kindChanged(was.kind);
    if (was.kind !== undefined) {
      const set = this.byKind.get(was.kind)!;
      set.delete(was);
      set.add(next);
    }
    if (linked.defines) {
      const list = this.defs.get(linked.defines)!;
      list[list.indexOf(was)] = next;
      sortDefinitions(list);
    }
    for (const ref of linked.references) moveReference(ref, next);
    return linked;
  }

  /**
   * When names of a kind come or go, the references to names of that kind that
   * no record defines: their "did you mean" may change.
   */
  private danglingNear(
    removed: readonly [RecordDoc, Linked][],
    added: readonly [RecordDoc, Linked][],
    out: Set<RecordDoc>,
  ): void {
    const count = new Map<string, number>();
    for (const [, l] of removed) if (l.defines) count.set(l.defines, (count.get(l.defines) ?? 0) - 1);
    for (const [, l] of added) if (l.defines) count.set(l.defines, (count.get(l.defines) ?? 0) + 1);
    const kinds = new Set([...count].filter(([, n]) => n !== 0).map(([k]) => k.slice(0, k.indexOf('\u0000') + 1)));
    if (kinds.size === 0) return;
    // Bare svcm names fall back to Components and Groups: their hints draw on both.
    for (const k of [...kinds]) {
      const other = BRIDGE[k.slice(0, -1)];
      if (other) kinds.add(`${other}\u0000`);
    }
    for (const [k, refs] of this.refs) {
      if (this.defs.has(k) || !kinds.has(k.slice(0, k.indexOf('\u0000') + 1))) continue;
      for (const ref of refs) out.add(ref.from);
    }
  }

  /**
   * Adds to `out` the records whose findings can depend on these: those naming
   * what they define, those defining what they name or the same names
   * (duplicates), the changes on the same services (window conflicts, the
   * templates that cover them), and the services or entities of the dependency
   * cycle's component they are in.
   */
  private neighbourhood(records: readonly [RecordDoc, Linked][], out: Set<RecordDoc>): void {
    let services: CycleGraph | undefined;
    for (const [record, linked] of records) {
      if (linked.defines) {
        for (const ref of this.refs.get(linked.defines) ?? []) out.add(ref.from);
        for (const def of this.defs.get(linked.defines) ?? []) out.add(def);
        for (const k of bridgedKeys(linked.defines)) {
          for (const ref of this.refs.get(k) ?? []) out.add(ref.from);
          for (const def of this.defs.get(k) ?? []) out.add(def);
        }
      }
      for (const ref of linked.references) {
        for (const def of this.defs.get(key(ref.kind, ref.name)) ?? []) out.add(def);
        for (const k of bridgedKeys(key(ref.kind, ref.name))) for (const def of this.defs.get(k) ?? []) out.add(def);
        // Changes on the same service: window conflicts, and the templates that cover it (template-required's hint).
        if (ref.kind === 'Service' && (record.kind === 'Change' || record.kind === 'StandardChange')) {
          for (const other of this.refs.get(key('Service', ref.name)) ?? [])
            if (other.from.kind === 'Change') out.add(other.from);
        }
      }
      // Every node of a cycle's strongly connected component: a cycle reported through one of them may pass
      // through this record without this record's own cycle passing through it.
      if (isEntity(record)) {
        if (linked.defines)
          for (const k of this.entityGraph().components.get(linked.defines) ?? [])
            for (const def of this.defs.get(k) ?? []) out.add(def);
        continue;
      }
      if (record.kind !== 'Service' || record.name === undefined) continue;
      services ??= this.serviceGraph();
      for (const name of services.components.get(record.name) ?? [])
        for (const def of this.definitions('Service', name)) out.add(def);
    }
  }
}

/** Whether swapping `removed` for `added` changes a dependency graph: a service's or entity's name or edges. */
function graphChanged(removed: readonly [RecordDoc, Linked][], added: readonly [RecordDoc, Linked][]): boolean {
  const edges = (list: readonly [RecordDoc, Linked][]) =>
    list
      .filter(([r]) => r.kind === 'Service' || (isEntity(r) && GRAPH_KINDS.has(r.kind!)))
      .map(([r, l]) => {
        const spec = specOf(r);
        return JSON.stringify([l.defines ?? r.name, spec?.dependsOn, spec?.dependencyOf, spec?.parent, spec?.children]);
      })
      .sort()
      .join('\n');
  return edges(removed) !== edges(added);
}

const GRAPH_KINDS = new Set(['Component', 'Resource', 'Group']);

/** Whether any of these records is a node of a dependency graph. */
function onGraph(list: readonly [RecordDoc, Linked][]): boolean {
  return list.some(([r]) => r.kind === 'Service' || (isEntity(r) && GRAPH_KINDS.has(r.kind!)));
}

/** The keys a bare svcm name and an entity in the default namespace share (`Service\0x` and `Component\0default/x`). */
function bridgedKeys(k: string): string[] {
  const at = k.indexOf('\u0000');
  const kind = k.slice(0, at);
  const name = k.slice(at + 1);
  const other = BRIDGE[kind];
  if (!other) return [];
  if (kind === 'Component' || kind === 'Group')
    return name.startsWith('default/') ? [key(other, name.slice('default/'.length))] : [];
  return [key(other, `default/${name.toLowerCase()}`)];
}

/** The entity graph: an edge from each Component/Resource to what it depends on, from each Group to its parent. */
function entityEdges(index: WorkspaceIndex): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  const add = (from: string, to: string) => {
    const list = edges.get(from);
    if (list) {
      if (!list.includes(to)) list.push(to);
    } else edges.set(from, [to]);
  };
  for (const kind of ['Component', 'Resource', 'Group'] as const) {
    for (const name of index.names(kind).sort()) {
      const from = key(kind, name);
      if (!edges.has(from)) edges.set(from, []);
      const def = index.lookup(kind, name)!;
      for (const ref of referencesOf(def)) {
        const to = key(ref.kind, ref.name);
        const field = ref.field;
        if (kind === 'Group') {
          if (ref.kind !== 'Group') continue;
          if (field === 'spec.parent') add(from, to);
          else if (field === 'spec.children') add(to, from);
        } else if (ref.kind === 'Component' || ref.kind === 'Resource') {
          if (field === 'spec.dependsOn') add(from, to);
          else if (field === 'spec.dependencyOf') add(to, from);
        }
      }
    }
  }
  return edges;
}

function sortDefinitions(list: RecordDoc[]): void {
  if (list.length > 1) list.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.docIndex - b.docIndex));
}

function push<T>(map: Map<string, T[]>, k: string, value: T): void {
  const list = map.get(k);
  if (list) list.push(value);
  else map.set(k, [value]);
}

function removeWhere<T>(map: Map<string, T[]>, k: string, test: (value: T) => boolean): void {
  const list = map.get(k);
  if (!list) return;
  const kept = list.filter((v) => !test(v));
  if (kept.length > 0) map.set(k, kept);
  else map.delete(k);
}

/** The service graph over `dependsOn`. */
function serviceEdges(index: WorkspaceIndex): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const name of index.names('Service').sort()) {
    // With duplicates, the first by file decides: the same whatever order files were loaded in.
    edges.set(name, dependsOnOf(index.lookup('Service', name)!));
  }
  return edges;
}

/** Each node on a cycle, and a cycle through it (the same whatever the order of `edges`). */
export function cyclesOf(edges: Map<string, string[]>): Map<string, string[]> {
  return cycleGraphOf(edges).cycles;
}

/**
 * A graph's cycles (`cyclesOf`), and for each node on one the nodes of its
 * strongly connected component, itself included: an edit to any of them can
 * give each of the others another cycle, or none, though the cycle reported
 * for a node need not pass through every node of its component.
 */
export interface CycleGraph {
  cycles: Map<string, string[]>;
  components: Map<string, readonly string[]>;
}

/** `cyclesOf` with the components: Tarjan's strongly connected components, iteratively (no recursion limit). */
export function cycleGraphOf(edges: Map<string, string[]>): CycleGraph {
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result = new Map<string, string[]>();
  const components = new Map<string, readonly string[]>();
  let counter = 0;
  for (const root of edges.keys()) {
    if (order.has(root)) continue;
    const work: { node: string; next: number }[] = [{ node: root, next: 0 }];
    order.set(root, counter);
    low.set(root, counter++);
    stack.push(root);
    onStack.add(root);
    while (work.length > 0) {
      const frame = work[work.length - 1];
      const targets = edges.get(frame.node) ?? [];
      if (frame.next < targets.length) {
        const target = targets[frame.next++];
        if (!edges.has(target)) continue;
        if (!order.has(target)) {
          order.set(target, counter);
          low.set(target, counter++);
          stack.push(target);
          onStack.add(target);
          work.push({ node: target, next: 0 });
        } else if (onStack.has(target)) {
          low.set(frame.node, Math.min(low.get(frame.node)!, order.get(target)!));
        }
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === order.get(frame.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== frame.node);
        const selfLoop = component.length === 1 && (edges.get(component[0]) ?? []).includes(component[0]);
        if (component.length > 1 || selfLoop) {
          const members = new Set(component);
          for (const start of component) {
            result.set(start, cycleThrough(start, members, edges));
            components.set(start, component);
          }
        }
      }
    }
  }
  return { cycles: result, components };
}

/** A shortest path from `start` back to itself inside its component, for the message. */
function cycleThrough(start: string, members: Set<string>, edges: Map<string, string[]>): string[] {
  const previous = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const next of edges.get(node) ?? []) {
      if (!members.has(next)) continue;
      if (next === start) {
        const path = [node];
        while (path[0] !== start) path.unshift(previous.get(path[0])!);
        return path;
      }
      if (!previous.has(next)) {
        previous.set(next, node);
        queue.push(next);
      }
    }
  }
  return [start];
}
