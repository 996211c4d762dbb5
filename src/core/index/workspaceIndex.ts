import type { ParsedFile, RecordDoc } from '../parse/parseFile';
import { isKind, type Kind } from '../schema/records';
import { referencesOf, specOf, type Reference } from './references';

interface Entry {
  parsed: ParsedFile;
  /** `kind\0name` of every record the file defines */
  defines: string[];
  references: Reference[];
}

const key = (kind: string, name: string) => `${kind}\u0000${name}`;

/**
 * The records of a workspace, by file, by kind and name, and by what they name.
 * Incremental: `upsert` and `remove` touch one file's entries and return the
 * files whose findings may change because of it, so that an editor revalidates
 * one keystroke's worth, not the workspace.
 */
export class WorkspaceIndex {
  private readonly entries = new Map<string, Entry>();
  private readonly defs = new Map<string, RecordDoc[]>();
  private readonly refs = new Map<string, Reference[]>();
  /** Records by kind, so that "every service" does not walk every file. */
  private readonly byKind = new Map<string, Set<RecordDoc>>();
  /** Bumped on every change; derived data (the service graph) is cached against it. */
  private generation = 0;
  private graphCache?: { generation: number; cycles: Map<string, string[]> };

  /**
   * Adds or replaces a file. Returns the files whose findings may change (the
   * file itself included). A bulk load passes `track: false` and validates
   * everything afterwards: working out neighbours file by file would cost more.
   */
  upsert(parsed: ParsedFile, track = true): Set<string> {
    const before = this.entries.get(parsed.path);
    const affected = before && track ? this.neighbourhood(before) : new Set<string>();
    if (before) this.unlink(before);
    const entry: Entry = { parsed, defines: [], references: [] };
    for (const record of parsed.records) {
      if (record.kind !== undefined) {
        let set = this.byKind.get(record.kind);
        if (!set) this.byKind.set(record.kind, (set = new Set()));
        set.add(record);
      }
      if (isKind(record.kind) && record.name !== undefined) {
        const k = key(record.kind, record.name);
        entry.defines.push(k);
        push(this.defs, k, record);
        // Duplicates in file order, whatever the order of loading: `lookup` must not depend on it.
        const list = this.defs.get(k)!;
        if (list.length > 1) list.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.docIndex - b.docIndex));
      }
      for (const ref of referencesOf(record)) {
        entry.references.push(ref);
        push(this.refs, key(ref.kind, ref.name), ref);
      }
    }
    this.entries.set(parsed.path, entry);
    this.generation++;
    if (track) for (const file of this.neighbourhood(entry)) affected.add(file);
    affected.add(parsed.path);
    return affected;
  }

  /** Removes a file. Returns the files whose findings may change (not including the removed file). */
  remove(path: string): Set<string> {
    const before = this.entries.get(path);
    if (!before) return new Set();
    const affected = this.neighbourhood(before);
    this.unlink(before);
    this.entries.delete(path);
    this.generation++;
    for (const file of this.neighbourhood(before)) affected.add(file);
    affected.delete(path);
    return affected;
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
  records(kind?: Kind): RecordDoc[] {
    if (kind) return [...(this.byKind.get(kind) ?? [])];
    const out: RecordDoc[] = [];
    for (const entry of this.entries.values()) out.push(...entry.parsed.records);
    return out;
  }

  /** The records of `kind` named `name`: empty when none, more than one for duplicates (sorted by file). */
  definitions(kind: Kind, name: string): readonly RecordDoc[] {
    return this.defs.get(key(kind, name)) ?? [];
  }

  /** The first definition, for look-ups that need one record. */
  lookup(kind: Kind, name: string): RecordDoc | undefined {
    return this.definitions(kind, name)[0];
  }

  /** Every defined name of a kind (deduplicated). */
  names(kind: Kind): string[] {
    const prefix = `${kind}\u0000`;
    const out: string[] = [];
    for (const k of this.defs.keys()) if (k.startsWith(prefix)) out.push(k.slice(prefix.length));
    return out;
  }

  /** Every place that names the record `kind`/`name`. */
  references(kind: Kind, name: string): readonly Reference[] {
    return this.refs.get(key(kind, name)) ?? [];
  }

  /** The references made by the records of one file. */
  referencesFrom(path: string): readonly Reference[] {
    return this.entries.get(path)?.references ?? [];
  }

  /** Files that refer to what `path` defines, or define what it refers to. */
  dependantsOf(path: string): Set<string> {
    const entry = this.entries.get(path);
    const out = entry ? this.neighbourhood(entry) : new Set<string>();
    out.delete(path);
    return out;
  }

  /**
   * For each service on a `dependsOn` cycle, the cycle through it (names in order,
   * starting with the service). Computed once per index generation.
   */
  serviceCycles(): Map<string, string[]> {
    if (this.graphCache?.generation === this.generation) return this.graphCache.cycles;
    const cycles = findCycles(this);
    this.graphCache = { generation: this.generation, cycles };
    return cycles;
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

  private unlink(entry: Entry): void {
    for (const record of entry.parsed.records) if (record.kind !== undefined) this.byKind.get(record.kind)?.delete(record);
    for (const k of entry.defines) removeWhere(this.defs, k, (r) => r.file === entry.parsed.path);
    for (const ref of entry.references) removeWhere(this.refs, key(ref.kind, ref.name), (r) => r === ref);
  }

  /**
   * The files whose findings can depend on this entry: those naming what it
   * defines, those defining what it names or the same names (duplicates), the
   * changes on the same services (window conflicts), and the services on a
   * dependency cycle through its services.
   */
  private neighbourhood(entry: Entry): Set<string> {
    const out = new Set<string>();
    for (const k of entry.defines) {
      for (const ref of this.refs.get(k) ?? []) out.add(ref.from.file);
      for (const def of this.defs.get(k) ?? []) out.add(def.file);
    }
    for (const ref of entry.references) {
      for (const def of this.defs.get(key(ref.kind, ref.name)) ?? []) out.add(def.file);
      if (ref.kind === 'Service' && ref.from.kind === 'Change') {
        for (const other of this.refs.get(key('Service', ref.name)) ?? []) if (other.from.kind === 'Change') out.add(other.from.file);
      }
    }
    if (!entry.parsed.records.some((r) => r.kind === 'Service')) return out;
    const cycles = this.serviceCycles();
    for (const record of entry.parsed.records) {
      if (record.kind !== 'Service' || record.name === undefined) continue;
      for (const name of cycles.get(record.name) ?? []) for (const def of this.definitions('Service', name)) out.add(def.file);
    }
    return out;
  }
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

/** Tarjan's strongly connected components over `dependsOn`, iteratively (no recursion limit). */
function findCycles(index: WorkspaceIndex): Map<string, string[]> {
  const edges = new Map<string, string[]>();
  for (const name of index.names('Service').sort()) {
    // With duplicates, the first by file decides: the same whatever order files were loaded in.
    const deps = specOf(index.lookup('Service', name)!)?.dependsOn;
    edges.set(name, Array.isArray(deps) ? deps.filter((d): d is string => typeof d === 'string') : []);
  }
  const order = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const result = new Map<string, string[]>();
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
          for (const start of component) result.set(start, cycleThrough(start, members, edges));
        }
      }
    }
  }
  return result;
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
