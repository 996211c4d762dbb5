import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE, parseConfig } from '../core/config';
import { decodeRecordBytes } from '../core/parse/decode';
import { dependsOnOf, referenceFields, referencesOf, seedReferences } from '../core/index/references';
import { cyclesOf, definedKey, indexKey, type WorkspaceOutline } from '../core/index/workspaceIndex';
import { activeWindow } from '../core/rules/windowConflict';
import { API_VERSION } from '../core/schema/vocabulary';
import { formatOf, keptFile, parseBytes, storedFile, type KeptRecord, type ParsedFile } from '../core/parse/parseFile';
import type { Diagnostic } from '../cli/format';
import { reason } from './discover';
import { findRoot, startLoading, type LoadedWorkspace, type LoadOptions } from './loadWorkspace';
import { readRecordBytes } from './readFile';

/**
 * `svcm validate --cache` (docs/cli.md): what a run keeps for the next one.
 * Keyed by content: each file's SHA-1, and for the run as a whole svcm's
 * version, `svcm.config.yaml`'s text, the day (rules read today's date), the
 * folder and the PATHs. A file whose size and modification time are those kept
 * is taken as unchanged without being read (as git does); any other is read and
 * compared by its hash.
 *
 * Two files. The cache file proper (JSON) holds, for each file, its size, time,
 * hash, record count, diagnostics, and what the cross-file rules read of its
 * records (`RecordFacts`: the names it defines and names, a service's
 * `dependsOn`, an active change's window). Beside it, `<cache>.values` holds
 * each file's records: a head per file (where each record is, its kind, name
 * and the reference fields of its `spec`) and each record's value, as JSON at
 * byte offsets the cache file gives. A run appends the entries of the files
 * that changed and rewrites only the cache file proper; the values file is
 * written whole again only when most of it is no longer used.
 *
 * When files changed, the facts say which files' findings the change can move
 * (`planPartial`, rule by rule) and which files the rules on those read; the
 * index holds only these (restored from the heads, a value read when a rule
 * asks for it), with the whole workspace's names and service graph as its
 * outline. The rules run on the affected files; the others' diagnostics are
 * the kept ones. So the output is that of a full run. A workspace with
 * Backstage entities (whose rules read files and globs) builds the whole index
 * instead and lets `WorkspaceIndex.upsert` say what changed. A cache that does
 * not hold together is dropped for a full run.
 */

/** The first bytes of a cache file: a file without them is never overwritten. */
const SIGNATURE = '{"svcmValidateCache":3,';
/** What every version of the cache file starts with (an older one is replaced, not read). */
const ANY_SIGNATURE = '{"svcmValidateCache":';
/** The values file starts with this and the id the cache file names. */
const VALUES_SIGNATURE = 'svcm-validate-values ';

interface Entry {
  size: number;
  mtime: number;
  hash: string;
  /**
   * Where the file's head is in the values file, and what the file takes of
   * it with its values (`[offset, bytes, all bytes]`); null: parsed every time (storedFile).
   */
  head: [number, number, number] | null;
  /** How many records the file holds. */
  records: number;
  /**
   * Whether it holds Backstage entities: their findings can depend on files
   * existing (`location-target`), not only on records, so they are checked on
   * every run.
   */
  entities: boolean;
  /** What the cross-file rules read of each of its records (`factsOf`). */
  facts: RecordFacts[];
  /** The file's diagnostics, when it was reported. */
  diagnostics?: Diagnostic[];
}

/**
 * What the cross-file rules (src/core/rules) read of one record, enough to tell
 * without an index which files a change touches and which files their rules
 * then look at: `[kind, defined index key, index keys named, services named in
 * spec.services, dependsOn (services), active window (svcm/v1 changes)]`.
 */
type RecordFacts = [
  kind: string | null,
  defines: string | null,
  names: string[],
  services: string[],
  dependsOn: string[] | null,
  window: [number, number] | null,
];

/** A file's head in the values file: `[sourceEnd, records]`. */
type Head = [number, HeadRecord[]];
/**
 * `[docIndex, start, end, apiVersion, kind, name, referenceFields, valueOffset, valueBytes]`
 * (kind and name null when absent; reference fields null for an entity, whose value is read at once).
 */
type HeadRecord = [...HeadFields, number, number];
type HeadFields = [number, number, number, string, string | null, string | null, Record<string, unknown> | null];

interface CacheData {
  svcmValidateCache: 3;
  key: string;
  /** The values file's id (its first line) and the bytes this cache file uses of it. */
  values: { id: string; bytes: number; used: number };
  files: Record<string, Entry>;
}

export interface CachedLoad {
  ws: LoadedWorkspace;
  /** The reported files whose diagnostics must be worked out; for the others, `kept` has them. */
  affected: Set<string>;
  kept: Map<string, Diagnostic[]>;
  /** Records per reported file (the index is left empty when nothing changed). */
  records: Map<string, number>;
  /** Writes the cache for the next run with this run's diagnostics of the reported files; returns a warning when it cannot. */
  save(diagnostics: Map<string, Diagnostic[]>): string | undefined;
}

/** Where the cache goes: `location` (a file, or a folder that exists or ends in a slash), else node_modules/.cache/svcm under the root. */
export function cacheFile(root: string, cwd: string, location?: string): string {
  if (location === undefined) return path.join(root, 'node_modules', '.cache', 'svcm', 'validate.json');
  const abs = path.resolve(cwd, location);
  const folder = /[\\/]$/.test(location) || isDirectory(abs);
  return folder ? path.join(abs, 'svcm-validate-cache.json') : abs;
}

/** A changed or new file's entry for the values file, written by `save`. */
interface Fresh {
  rel: string;
  sourceEnd: number;
  records: { head: HeadFields; value: string }[];
}

export function loadWithCache(
  options: LoadOptions & { version: string; today: string; location?: string },
): CachedLoad {
  const root = findRoot(options.cwd, options.paths);
  const file = cacheFile(root, options.cwd, options.location);
  const valuesFile = `${file}.values`;
  const config = readOrEmpty(path.join(root, CONFIG_FILE));
  const key = JSON.stringify([options.version, hashOf(config), options.today, options.cwd, root, options.paths]);
  // Entities read from `backstage.entities` can change with no file of the tree changing: then every run is a full one.
  const external = (parseConfig(Buffer.from(config).toString('utf8')).config.backstageEntities?.length ?? 0) > 0;
  const old = external ? undefined : readCache(file, valuesFile, key);
  if (old) {
    try {
      return loadFrom(options, file, valuesFile, key, old);
    } catch {
      // A cache that does not hold together (a values file written over, a bit flipped): a full run, which writes a new one.
    }
  }
  return loadFrom(options, file, valuesFile, key, undefined);
}

/** `loadWithCache` with the cache read (or none: a full run); throws when the cache does not hold together. */
function loadFrom(
  options: LoadOptions,
  file: string,
  valuesFile: string,
  key: string,
  old: CacheData | undefined,
): CachedLoad {
  const loading = startLoading(options);
  const next: Record<string, Entry> = {};
  const fresh = new Map<string, Fresh>();

  /** The values file as it was, read when a kept file first goes into the index. */
  let values: Buffer | undefined;
  const valuesRead = () => (values ??= fs.readFileSync(valuesFile));
  const slice = (at: number, bytes: number) => valuesRead().toString('utf8', at, at + bytes);
  const restore = (rel: string, head: readonly number[], text: () => string) => {
    const [sourceEnd, heads] = JSON.parse(slice(head[0], head[1])) as Head;
    const kept: KeptRecord[] = heads.map(([docIndex, start, end, apiVersion, kind, name, , at, bytes]) => ({
      docIndex,
      start,
      end,
      apiVersion,
      kind: kind ?? undefined,
      name: name ?? undefined,
      value: () => JSON.parse(slice(at, bytes)) as Record<string, unknown>,
    }));
    const parsed = keptFile(rel, formatOf(rel) ?? 'yaml', sourceEnd, kept, text);
    parsed.records.forEach((record, i) => {
      const fields = heads[i][6];
      if (fields) seedReferences(record, fields);
      // An entity's references are made from its value: read it now, as a parse would have.
      else void record.value;
    });
    return parsed;
  };
  let dirty = !old;

  /** Each file read, in the order of the files; `change` when its content is not the one kept. */
  const slots: Slot[] = [];
  loading.found.files.forEach((candidate, i) => {
    const { abs, rel } = candidate;
    const was = old?.files[rel];
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(abs);
    } catch {
      // Reported by the read below.
    }
    const statSame = was !== undefined && stat !== undefined && stat.size === was.size && stat.mtimeMs === was.mtime;
    if (was && statSame) {
      next[rel] = was;
      const head = was.head;
      // A file with no kept value (parsed every time) is read and parsed only when the index needs it.
      const parsed = head ? () => restore(rel, head, () => readText(abs)) : () => readParsed(rel, abs, loading.warn);
      slots.push({ i, rel, parsed, records: was.records, facts: was.facts });
      return;
    }
    let read;
    try {
      read = readRecordBytes(abs);
    } catch (error) {
      dirty = true;
      return loading.add(i, { warning: `cannot read '${rel}': ${reason(error)}` });
    }
    if (!read) {
      dirty = true;
      return loading.add(i, {});
    }
    const hash = hashOf(read.bytes);
    const same = was !== undefined && hash === was.hash;
    // A file parsed every time (no kept value) that has not changed does not make the cache need writing.
    if (!(same && statSame)) dirty = true;
    if (same && was.head) {
      next[rel] = { ...was, size: read.size, mtime: stat?.mtimeMs ?? -1 };
      const decoded = decodeRecordBytes(read.bytes, read.size);
      const text = decoded?.ok ? decoded.text : '';
      const head = was.head;
      slots.push({ i, rel, parsed: () => restore(rel, head, () => text), records: was.records, facts: was.facts });
      return;
    }
    const parsed = parseBytes(rel, read.bytes, read.size);
    const stored = storedFile(parsed);
    if (stored) {
      fresh.set(rel, {
        rel,
        sourceEnd: stored.sourceEnd,
        records: stored.records.map((r, k) => {
          const record = parsed.records[k];
          return {
            head: [
              r.docIndex,
              r.start,
              r.end,
              r.apiVersion,
              record.kind ?? null,
              record.name ?? null,
              referenceFields(record) ?? null,
            ],
            value: JSON.stringify(r.value),
          };
        }),
      });
    }
    const facts = same ? was.facts : factsOf(parsed);
    next[rel] = {
      size: read.size,
      mtime: stat?.mtimeMs ?? -1,
      hash,
      head: null,
      records: parsed.records.length,
      entities: parsed.records.some((r) => !r.apiVersion.startsWith('svcm/')),
      facts,
      diagnostics: same ? was.diagnostics : undefined,
    };
    slots.push({ i, rel, parsed: () => parsed, records: parsed.records.length, facts, changed: !same, was });
  });
  const gone = Object.keys(old?.files ?? {}).filter((rel) => !(rel in next));
  if (gone.length > 0) dirty = true;

  const reported = loading.found.reported;
  const records = new Map<string, number>();
  for (const slot of slots) if (reported.has(slot.rel)) records.set(slot.rel, slot.records);
  // Backstage entities: their rules read more of the index (files, globs, closed kinds), so the whole index is built.
  const entities = slots.some((s) => next[s.rel].entities) || gone.some((rel) => old!.files[rel].entities);
  const plan = !old
    ? undefined
    : entities
      ? undefined
      : planPartial(
          slots,
          [
            ...slots.filter((s) => s.changed).map((s) => ({ rel: s.rel, before: s.was?.facts ?? [], after: s.facts })),
            ...gone.map((rel) => ({ rel, before: old.files[rel].facts, after: [] })),
          ],
          slots.filter((s) => reported.has(s.rel)).map((s) => s.rel),
          (rel) => old.files[rel]?.diagnostics,
        );

  const affected = new Set<string>();
  let checkAll = !old;
  /** Files to put in with tracking once the rest is in (the whole index is built): changed ones and new ones. */
  const tracked: ParsedFile[] = [];
  for (const slot of slots) {
    if (plan) {
      if (plan.load.has(slot.rel)) loading.add(slot.i, { parsed: slot.parsed() });
      else loading.keep(slot.i);
    } else if (!slot.changed || !old) loading.add(slot.i, { parsed: slot.parsed() });
    else {
      // In as it was (or as an empty file when it is new), then replaced with tracking.
      const before = slot.was?.head;
      if (slot.was && !before) checkAll = true;
      loading.add(slot.i, { parsed: before ? restore(slot.rel, before, () => '') : empty(slot.rel) });
      tracked.push(slot.parsed());
    }
  }
  const ws = loading.finish();
  // Every kept value the rules may read is read now: one that does not parse means the cache is damaged (thrown above).
  for (const parsed of ws.index.files()) for (const record of parsed.records) void record.value;
  if (plan) {
    ws.index.useOutline(plan.outline);
    for (const rel of plan.affected) affected.add(rel);
  } else if (old) {
    // Files that are gone: in as they were, then removed with tracking.
    for (const rel of gone) {
      const head = old.files[rel].head;
      if (head)
        ws.index.upsert(
          restore(rel, head, () => ''),
          false,
        );
      else checkAll = true;
    }
    for (const parsed of tracked) for (const f of ws.index.upsert(parsed)) affected.add(f);
    for (const rel of gone) for (const f of ws.index.remove(rel)) affected.add(f);
  }

  const kept = new Map<string, Diagnostic[]>();
  for (const rel of ws.reported) {
    const diagnostics = next[rel]?.diagnostics;
    if (!checkAll && diagnostics && !next[rel].entities && !affected.has(rel)) kept.set(rel, diagnostics);
    else affected.add(rel);
  }
  return {
    ws,
    affected,
    kept,
    records,
    save(diagnostics) {
      if (!dirty && affected.size === 0) return undefined;
      // The others keep the diagnostics they were kept with.
      for (const rel of affected)
        if (next[rel] && reported.has(rel)) next[rel] = { ...next[rel], diagnostics: diagnostics.get(rel) ?? [] };
      return writeCache(file, valuesFile, key, old?.values, next, fresh, valuesRead);
    },
  };
}

/** A file read by `loadWithCache`. */
interface Slot {
  /** Its place in the files found. */
  i: number;
  rel: string;
  parsed: () => ParsedFile;
  records: number;
  facts: RecordFacts[];
  /** Its content is not the one kept (or it is new). */
  changed?: boolean;
  /** Its entry in the cache read, when it had one. */
  was?: Entry;
}

function empty(rel: string): ParsedFile {
  return { path: rel, text: '', format: formatOf(rel) ?? 'yaml', records: [], fileFindings: [], precise: true };
}

/** What `factsOf` keeps of each record of a file. */
function factsOf(parsed: ParsedFile): RecordFacts[] {
  return parsed.records.map((record) => {
    const refs = referencesOf(record);
    const window = record.apiVersion === API_VERSION && record.syntax.length === 0 ? activeWindow(record) : undefined;
    return [
      record.kind ?? null,
      definedKey(record) ?? null,
      refs.map((r) => indexKey(r.kind, r.name)),
      refs.filter((r) => r.kind === 'Service' && r.field === 'spec.services').map((r) => r.name),
      record.kind === 'Service' ? dependsOnOf(record) : null,
      window ? [window.start, window.end] : null,
    ];
  });
}

const SERVICE = indexKey('Service', '');

/**
 * Which files a change can give other findings (`affected`, the changed files
 * included), which files the rules on those then read (`load`: the index holds
 * only these), and the names and service graph of the whole workspace (the
 * index's outline), worked out from each file's facts (`RecordFacts`) as the
 * rules in src/core/rules read the index:
 *
 * - a name a changed record defines (before or after): the files that define it
 *   (`duplicate-name`) and name it (`unknown-reference`, `retired-service`,
 *   `release-mismatch`, the templates' rules); a name it names: the files that define it;
 * - a kind whose names come or go: the references to names of that kind that no
 *   record defines ("did you mean");
 * - an approved or scheduled change: the changes on the same services whose
 *   windows overlap its own (`window-conflict`); a standard change template: the
 *   changes on its services (`template-required`'s hint);
 * - a service: each service whose cycle (`dependency-cycle`) differs, or runs
 *   through a service a changed file defines;
 * - files whose kept diagnostics point into a changed file (related places move
 *   with its text), and reported files with no kept diagnostics.
 */
function planPartial(
  files: readonly { rel: string; facts: RecordFacts[] }[],
  changes: readonly { rel: string; before: RecordFacts[]; after: RecordFacts[] }[],
  reported: readonly string[],
  keptDiagnostics: (rel: string) => Diagnostic[] | undefined,
): { affected: Set<string>; load: Set<string>; outline: WorkspaceOutline } {
  // One pass over every record's facts per question, with the few names asked about in sets: no table of all.
  const scan = (visit: (rel: string, f: RecordFacts) => void) => {
    for (const { rel, facts } of files) for (const f of facts) visit(rel, f);
  };
  const changed = new Set(changes.map((c) => c.rel));
  const present = new Set(files.map((f) => f.rel));
  const affected = new Set<string>();
  const overlaps = (a: [number, number], b: [number, number]) => a[0] < b[1] && b[0] < a[1];
  const addWindow = (map: Map<string, [number, number][]>, service: string, window: [number, number]) => {
    const list = map.get(service);
    if (list) list.push(window);
    else map.set(service, [window]);
  };

  const defined = new Set<string>();
  const named = new Set<string>();
  const services = new Set<string>();
  const windowsOn = new Map<string, [number, number][]>();
  const templatesOn = new Set<string>();
  for (const c of changes) {
    if (present.has(c.rel)) affected.add(c.rel);
    for (const f of [...c.before, ...c.after]) {
      if (f[1] !== null) {
        defined.add(f[1]);
        if (f[0] === 'Service' && f[1].startsWith(SERVICE)) services.add(f[1].slice(SERVICE.length));
      }
      for (const k of f[2]) named.add(k);
      for (const s of f[3]) {
        if (f[5]) addWindow(windowsOn, s, f[5]);
        if (f[0] === 'StandardChange' && f[1] !== null) templatesOn.add(s);
      }
    }
  }
  const count = new Map<string, number>();
  if (changes.length > 0)
    scan((rel, f) => {
      if (f[1] !== null) {
        if (defined.has(f[1])) {
          affected.add(rel);
          count.set(f[1], (count.get(f[1]) ?? 0) + 1);
        }
        if (named.has(f[1])) affected.add(rel);
      }
      for (const k of f[2]) if (defined.has(k)) affected.add(rel);
      for (const s of f[3]) {
        const windows = f[5] && windowsOn.get(s);
        if (windows && windows.some((w) => overlaps(w, f[5]!))) affected.add(rel);
        if (f[0] === 'Change' && templatesOn.has(s)) affected.add(rel);
      }
    });
  // Names of a kind that came or went: every reference to a name of that kind that nothing defines.
  const kinds = new Set<string>();
  for (const k of defined) {
    const after = count.get(k) ?? 0;
    let before = after;
    for (const c of changes) {
      for (const f of c.after) if (f[1] === k) before--;
      for (const f of c.before) if (f[1] === k) before++;
    }
    if (before > 0 !== after > 0) kinds.add(k.slice(0, k.indexOf('\u0000') + 1));
  }
  if (kinds.size > 0) {
    const all = new Set<string>();
    scan((_, f) => {
      if (f[1] !== null) all.add(f[1]);
    });
    scan((rel, f) => {
      for (const k of f[2]) if (!all.has(k) && kinds.has(k.slice(0, k.indexOf('\u0000') + 1))) affected.add(rel);
    });
  }
  // Service cycles: compared before and after when a changed file defines a service.
  let edgesAfter: Map<string, string[]> | undefined;
  let cyclesAfter: Map<string, string[]> | undefined;
  const edges = () => (edgesAfter ??= serviceEdges(files, []));
  const cycles = () => (cyclesAfter ??= cyclesOf(edges()));
  const defining = (names: Set<string>, to: Set<string>) => {
    if (names.size === 0) return;
    scan((rel, f) => {
      if (f[1] !== null && f[0] === 'Service' && names.has(f[1].slice(SERVICE.length))) to.add(rel);
    });
  };
  if (services.size > 0) {
    const before = cyclesOf(
      serviceEdges(
        files.filter((f) => !changed.has(f.rel)),
        changes.map((c) => ({ rel: c.rel, facts: c.before })),
      ),
    );
    const through = (cycle: string[] | undefined) => cycle?.some((name) => services.has(name)) ?? false;
    const moved = new Set<string>();
    for (const name of new Set([...before.keys(), ...cycles().keys()])) {
      const b = before.get(name);
      const a = cycles().get(name);
      if (JSON.stringify(b) !== JSON.stringify(a) || through(b) || through(a)) moved.add(name);
    }
    defining(moved, affected);
  }
  for (const rel of reported) {
    const diagnostics = keptDiagnostics(rel);
    if (!diagnostics || diagnostics.some((d) => d.related?.some((r) => changed.has(r.file)))) affected.add(rel);
  }

  // What the rules on the affected files read.
  const load = new Set(affected);
  if (affected.size > 0) {
    const wanted = new Set<string>();
    const windowsNear = new Map<string, [number, number][]>();
    const changesOn = new Set<string>();
    const onCycles = new Set<string>();
    for (const { rel, facts } of files) {
      if (!affected.has(rel)) continue;
      for (const f of facts) {
        if (f[1] !== null) wanted.add(f[1]);
        for (const k of f[2]) wanted.add(k);
        for (const s of f[3]) {
          if (f[5]) addWindow(windowsNear, s, f[5]);
          if (f[0] === 'Change') changesOn.add(s);
        }
        if (f[0] === 'Service' && f[1] !== null && f[1].startsWith(SERVICE))
          for (const name of cycles().get(f[1].slice(SERVICE.length)) ?? []) onCycles.add(name);
      }
    }
    scan((rel, f) => {
      if (f[1] !== null && wanted.has(f[1])) load.add(rel);
      for (const s of f[3]) {
        const windows = f[5] && windowsNear.get(s);
        if (windows && windows.some((w) => overlaps(w, f[5]!))) load.add(rel);
        if (f[0] === 'StandardChange' && changesOn.has(s)) load.add(rel);
      }
    });
    defining(onCycles, load);
  }
  const names = new Map<string, string[]>();
  return {
    affected,
    load,
    outline: {
      names(kind) {
        let list = names.get(kind);
        if (!list) {
          const prefix = indexKey(kind, '');
          const found = new Set<string>();
          scan((_, f) => {
            if (f[1] !== null && f[1].startsWith(prefix)) found.add(f[1].slice(prefix.length));
          });
          names.set(kind, (list = [...found]));
        }
        return list;
      },
      serviceEdges: edges,
    },
  };
}

/**
 * The service graph as a full index makes it (`WorkspaceIndex.serviceCycles`):
 * each service name's `dependsOn` from its first definition by file, then by
 * place in the file; `files` and `extra` are the files to read it from.
 */
function serviceEdges(
  files: readonly { rel: string; facts: RecordFacts[] }[],
  extra: readonly { rel: string; facts: RecordFacts[] }[],
): Map<string, string[]> {
  const first = new Map<string, { rel: string; deps: string[] }>();
  for (const list of [files, extra])
    for (const { rel, facts } of list)
      for (const f of facts) {
        if (f[0] !== 'Service' || f[1] === null || !f[1].startsWith(SERVICE)) continue;
        const name = f[1].slice(SERVICE.length);
        const was = first.get(name);
        if (!was || rel < was.rel) first.set(name, { rel, deps: f[4] ?? [] });
      }
  return new Map([...first.keys()].sort().map((name) => [name, first.get(name)!.deps]));
}

function readCache(file: string, valuesFile: string, key: string): CacheData | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8');
    if (!text.startsWith(SIGNATURE)) return undefined;
    const data = JSON.parse(text) as CacheData;
    if (data.key !== key || !data.files || typeof data.files !== 'object' || !data.values) return undefined;
    // The values file must be the one this cache file was written with, whole.
    const header = `${VALUES_SIGNATURE}${data.values.id}\n`;
    const fd = fs.openSync(valuesFile, 'r');
    try {
      const head = Buffer.alloc(header.length);
      fs.readSync(fd, head, 0, head.length, 0);
      if (head.toString('utf8') !== header || fs.fstatSync(fd).size < data.values.bytes) return undefined;
    } finally {
      fs.closeSync(fd);
    }
    return data;
  } catch {
    // No cache yet, or one that cannot be read: a full run writes a new one.
    return undefined;
  }
}

/**
 * Writes the cache file, after appending the changed files' heads and values to
 * the values file (or writing that file whole again: the first time, and when
 * less than half of it is still used).
 */
function writeCache(
  file: string,
  valuesFile: string,
  key: string,
  oldValues: CacheData['values'] | undefined,
  files: Record<string, Entry>,
  fresh: Map<string, Fresh>,
  oldBytes: () => Buffer,
): string | undefined {
  try {
    // Never overwrite a file that is not an svcm cache (a mistyped --cache-location).
    if (fs.existsSync(file)) {
      const fd = fs.openSync(file, 'r');
      const head = Buffer.alloc(ANY_SIGNATURE.length);
      fs.readSync(fd, head, 0, head.length, 0);
      fs.closeSync(fd);
      if (head.toString('utf8') !== ANY_SIGNATURE)
        return `the cache was not written: '${file}' exists and is not an svcm cache file`;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    let used = 0;
    for (const [rel, entry] of Object.entries(files)) if (entry.head && !fresh.has(rel)) used += entry.head[2];
    for (const f of fresh.values()) for (const r of f.records) used += r.value.length;
    // Less than half of it still used: written whole again (the kept entries copied).
    const whole = !oldValues || oldValues.bytes > 2 * used + (1 << 20);
    let values: CacheData['values'];
    if (whole) {
      // Written whole: the kept files' entries copied, the changed ones added.
      const id = `${process.pid}-${Date.now().toString(36)}`;
      const chunks: Buffer[] = [Buffer.from(`${VALUES_SIGNATURE}${id}\n`)];
      let offset = chunks[0].length;
      const before = oldValues ? oldBytes() : undefined;
      for (const [rel, entry] of Object.entries(files)) {
        if (!entry.head || !before) continue;
        const at = entry.head[0];
        const [sourceEnd, heads] = JSON.parse(before.toString('utf8', at, at + entry.head[1])) as Head;
        const moved: HeadRecord[] = [];
        const start = offset;
        for (const h of heads) {
          chunks.push(before.subarray(h[7], h[7] + h[8]));
          moved.push([h[0], h[1], h[2], h[3], h[4], h[5], h[6], offset, h[8]]);
          offset += h[8];
        }
        const head = Buffer.from(JSON.stringify([sourceEnd, moved]));
        chunks.push(head);
        files[rel] = { ...entry, head: [offset, head.length, offset + head.length - start] };
        offset += head.length;
      }
      offset = appendFresh(chunks, offset, files, fresh);
      const temp = `${valuesFile}.${process.pid}.tmp`;
      fs.writeFileSync(temp, Buffer.concat(chunks));
      fs.renameSync(temp, valuesFile);
      values = { id, bytes: offset, used: offset };
    } else {
      // Appended: a run that stops half-way leaves bytes no cache file names, never a cache file naming bytes not there.
      const fd = fs.openSync(valuesFile, 'a');
      try {
        const start = fs.fstatSync(fd).size;
        const chunks: Buffer[] = [];
        const end = appendFresh(chunks, start, files, fresh);
        fs.writeSync(fd, Buffer.concat(chunks));
        values = { id: oldValues!.id, bytes: end, used };
      } finally {
        fs.closeSync(fd);
      }
    }
    const temp = `${file}.${process.pid}.tmp`;
    // `svcmValidateCache` is the first key: the file starts with SIGNATURE.
    const data: CacheData = { svcmValidateCache: 3, key, values, files };
    fs.writeFileSync(temp, JSON.stringify(data));
    fs.renameSync(temp, file);
    return undefined;
  } catch (error) {
    return `the cache was not written to '${file}': ${reason(error)}`;
  }
}

/** Adds the changed files' values and heads at `offset` on; points their entries at them. Returns the end. */
function appendFresh(
  chunks: Buffer[],
  offset: number,
  files: Record<string, Entry>,
  fresh: Map<string, Fresh>,
): number {
  for (const f of fresh.values()) {
    if (!files[f.rel]) continue;
    const heads: HeadRecord[] = [];
    const start = offset;
    for (const r of f.records) {
      const value = Buffer.from(r.value);
      chunks.push(value);
      heads.push([...r.head, offset, value.length]);
      offset += value.length;
    }
    const head = Buffer.from(JSON.stringify([f.sourceEnd, heads]));
    chunks.push(head);
    files[f.rel] = { ...files[f.rel], head: [offset, head.length, offset + head.length - start] };
    offset += head.length;
  }
  return offset;
}

function readParsed(rel: string, abs: string, warn: (message: string) => void): ParsedFile {
  try {
    const read = readRecordBytes(abs);
    if (read) return parseBytes(rel, read.bytes, read.size);
  } catch (error) {
    warn(`cannot read '${rel}': ${reason(error)}`);
  }
  return { path: rel, text: '', format: formatOf(rel) ?? 'yaml', records: [], fileFindings: [], precise: true };
}

function readText(abs: string): string {
  try {
    const read = readRecordBytes(abs);
    const decoded = read && decodeRecordBytes(read.bytes, read.size);
    return decoded?.ok ? decoded.text : '';
  } catch {
    return '';
  }
}

function readOrEmpty(abs: string): Uint8Array {
  try {
    return fs.readFileSync(abs);
  } catch {
    return new Uint8Array();
  }
}

function hashOf(bytes: Uint8Array): string {
  return createHash('sha1').update(bytes).digest('base64');
}

function isDirectory(abs: string): boolean {
  try {
    return fs.statSync(abs).isDirectory();
  } catch {
    return false;
  }
}
