import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CONFIG_FILE, parseConfig } from '../core/config';
import { decodeRecordBytes } from '../core/parse/decode';
import { dependsOnOf, referenceFields, referencesOf, seedReferences } from '../core/index/references';
import { cyclesOf, definedKey, indexKey, type WorkspaceOutline } from '../core/index/workspaceIndex';
import { activeWindow } from '../core/rules/windowConflict';
import { API_VERSION } from '../core/schema/vocabulary';
import {
  formatOf,
  keptFile,
  keptRecordOf,
  type KeptHead,
  parseBytes,
  storedFile,
  type KeptRecord,
  type ParsedFile,
} from '../core/parse/parseFile';
import type { Diagnostic } from '../cli/format';
import { crypto, zlib } from './builtins';
import { reason } from './discover';
import { startLoading, type LoadedWorkspace, type LoadOptions } from './loadWorkspace';
import { findRoot } from './workspaceRoot';
import { readRecordBytes } from './readFile';

/**
 * `svcm validate --cache` (docs/cli.md): what a run keeps for the next one.
 * Keyed by content: each file's SHA-1, and for the run as a whole svcm's
 * version, `svcm.config.yaml`'s text, the day (rules read today's date), the
 * folder and the PATHs. A file whose size and modification time are those kept
 * is taken as unchanged without being read (as git does), unless that time is
 * within a second of when the cache was written (`Cache.racyFrom`); any other is
 * read and compared by its hash.
 *
 * Two files. The cache file proper is columns, not one JSON value (`Table`): per
 * file its path, size, time, hash, flags and where its entry is in the values
 * file; per record what the cross-file rules read of it (`RecordFacts`: the name
 * it defines and the names it names, a service's `dependsOn`, an active change's
 * window), as ids into one string table; and the reported files' diagnostics, as
 * JSON of the files that have any. Reading it makes a few typed arrays and one
 * string per distinct name, no object per file; a checksum over it means a
 * damaged file is never read as another valid one. Beside it, `<cache>.values`
 * holds each file's records in one region per file: each record's value as
 * JSON, then a head (where each record is, its kind, name and the reference
 * fields of its `spec`) with offsets inside the region, the region's CRC-32 in
 * the cache file. A run appends the regions of the files that changed; the
 * values file is written whole again (the regions copied as they are) only
 * when most of it is no longer used. A run on an unchanged tree writes nothing.
 *
 * When files changed, the facts say which files' findings the change can move
 * (`planPartial`, rule by rule) and which files the rules on those read; the
 * index holds only these (restored from the heads, a value read when a rule
 * asks for it), with the whole workspace's names and service graph as its
 * outline. The rules run on the affected files; the others' diagnostics are
 * the kept ones. So the output is that of a full run. A workspace with
 * Backstage entities (whose rules read files and globs) builds the whole index
 * instead and lets `WorkspaceIndex.upsert` say what changed. A cache that does
 * not hold together (a checksum that does not match) is dropped for a full run.
 */

/** The first line of a cache file (the byte order of its columns: they are written as the machine holds them). */
const SIGNATURE = `svcm-validate-cache 5 ${os.endianness()}\n`;
/** What every version of the cache file starts with (an older one is replaced, not read); a file that starts otherwise is never overwritten. */
const ANY_SIGNATURE = ['{"svcmValidateCache":', 'svcm-validate-cache '];
/** The values file starts with this and the id the cache file names. */
const VALUES_SIGNATURE = 'svcm-validate-values 5 ';

/** File flags: holds Backstage entities (their findings can depend on files existing, so they are checked on every run). */
const ENTITIES = 1;
/** File flags: its diagnostics are kept (it was reported and checked). */
const KNOWN = 2;
/** Record flags: a service, with a `dependsOn` list (empty or not). */
const DEPENDS = 1;
/** Record flags: an active change, with a window. */
const WINDOW = 2;

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

/**
 * The cache in memory: columns of files (`n` rows) and of their records (`m`,
 * file `f`'s are `factStart[f]` to `factStart[f + 1]`), strings as ids into
 * `strings`. Two tables of one run (the one read, the one to write) share
 * `strings`: the new one only adds to it, so ids read stay valid.
 */
interface Table {
  strings: string[];
  /** The UTF-8 bytes of `strings[0 .. blobStrings)` as read, written out again as they are. */
  blob: Buffer;
  blobStrings: number;
  n: number;
  m: number;
  path: Int32Array;
  size: Float64Array;
  mtime: Float64Array;
  /** SHA-1 of each file's bytes, 20 bytes a file. */
  hash: Buffer;
  /** Per file: `[start, bytes, head bytes]` of its region in the values file; start -1: none (parsed every time). */
  region: Float64Array;
  /** CRC-32 of each file's region. */
  crc: Uint32Array;
  flags: Uint8Array;
  factStart: Int32Array;
  kind: Int32Array;
  defines: Int32Array;
  recordFlags: Uint8Array;
  window: Float64Array;
  /** Per record three lists in `ids`: names `[lists[3r], lists[3r+1])`, services, then dependsOn up to `lists[3r+3]`. */
  lists: Int32Array;
  ids: Int32Array;
  /** The non-empty diagnostics of the files flagged KNOWN, by path. */
  diagnostics: Map<string, Diagnostic[]>;
  /**
   * The service cycles of the whole table (`cyclesOf` of its service graph), when a run worked them out: a next run
   * whose changes touch no service takes them as they are.
   */
  cycles?: Map<string, string[]>;
}

/** The cache file's second line: what the columns after it hold. */
interface Header {
  key: string;
  /** The values file's id (its first line), the bytes this cache file uses of it, and of those the ones still in use. */
  values: { id: string; bytes: number; used: number };
  n: number;
  m: number;
  ids: number;
  strings: number;
  stringBytes: number;
  diagnosticBytes: number;
  cycleBytes: number;
  /** CRC-32 of everything after the header line. */
  crc: number;
}

interface Cache {
  header: Header;
  table: Table;
  /**
   * Kept times at or after this (the cache file's own time, less `RACY_MS`) do not
   * say a file is unchanged: it may have been edited again in the same tick of the
   * file system's clock, after it was read (git's "racily clean" entries).
   */
  racyFrom: number;
}

/** How far before the cache was written a file's time is too close to trust (a second: the coarsest common clock but FAT's). */
const RACY_MS = 1000;

export interface CachedLoad {
  ws: LoadedWorkspace;
  /** The reported files whose diagnostics must be worked out; for the others, `kept` has them. */
  affected: Set<string>;
  /** The kept diagnostics of a reported file that is not affected. */
  kept(rel: string): readonly Diagnostic[];
  /** Files under the PATHs holding records, and their records, for the summary. */
  counts: { files: number; records: number };
  /** Writes the cache for the next run with this run's diagnostics of the affected files; returns a warning when it cannot. */
  save(diagnostics: Map<string, Diagnostic[]>): string | undefined;
}

/** Where the cache goes: `location` (a file, or a folder that exists or ends in a slash), else node_modules/.cache/svcm under the root. */
export function cacheFile(root: string, cwd: string, location?: string): string {
  if (location === undefined) return path.join(root, 'node_modules', '.cache', 'svcm', 'validate.json');
  const abs = path.resolve(cwd, location);
  const folder = /[\\/]$/.test(location) || isDirectory(abs);
  return folder ? path.join(abs, 'svcm-validate-cache.json') : abs;
}

/** A changed or new file, whose region `save` writes (when `storedFile` keeps its records). */
interface Fresh {
  /** Its row in the table written. */
  row: number;
  parsed: ParsedFile;
}

/** A file's head in its region: `[sourceEnd, records]`. */
type Head = [number, HeadRecord[]];
/**
 * `[docIndex, start, end, apiVersion, kind, name, referenceFields, valueOffset, valueBytes]`, the value's offset
 * inside the region (kind and name null when absent; reference fields null for an entity, whose value is read at once).
 */
type HeadRecord = [...KeptHead, Record<string, unknown> | null, number, number];

/** A cache that does not hold together: the run is a full one. */
class Damaged extends Error {}

type CacheOptions = LoadOptions & { version: string; today: string; location?: string };

/** The cache file, its key, and whether the run may use a cache at all (not with `backstage.entities`). */
function cacheOf(options: CacheOptions): { file: string; key: string; usable: boolean } {
  const root = findRoot(options.cwd, options.paths);
  const file = cacheFile(root, options.cwd, options.location);
  const config = readOrEmpty(path.join(root, CONFIG_FILE));
  const key = JSON.stringify([
    options.version,
    hashOf(config).toString('base64'),
    options.today,
    options.cwd,
    root,
    options.paths,
  ]);
  // Entities read from `backstage.entities` can change with no file of the tree changing: then every run is a full one.
  const external = (parseConfig(Buffer.from(config).toString('utf8')).config.backstageEntities?.length ?? 0) > 0;
  return { file, key, usable: !external };
}

/**
 * Whether a run with these options would find a cache of its key (its first
 * two lines only are read): a run that reads and parses only what changed, not
 * a full one.
 */
export function cacheReady(options: CacheOptions): boolean {
  const { file, key, usable } = cacheOf(options);
  if (!usable) return false;
  try {
    const fd = fs.openSync(file, 'r');
    try {
      // `encode` writes the key first in the header line.
      const want = Buffer.from(`${SIGNATURE}{"key":${JSON.stringify(key)},`);
      const head = Buffer.alloc(want.length);
      return fs.readSync(fd, head, 0, head.length, 0) === want.length && head.equals(want);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    return false;
  }
}

export function loadWithCache(options: CacheOptions): CachedLoad {
  const { file, key, usable } = cacheOf(options);
  const valuesFile = `${file}.values`;
  const old = usable ? readCache(file, valuesFile, key) : undefined;
  if (old) {
    try {
      return loadFrom(options, file, valuesFile, key, old);
    } catch (error) {
      // A cache that does not hold together (a region whose checksum does not match): a full run, which writes a new one.
      if (!(error instanceof Damaged)) throw error;
    }
  }
  return loadFrom(options, file, valuesFile, key, undefined);
}

/** Per found file (by its place in `found.files`): not in the table (it could not be read). */
const NO_ROW = -2;
/** Per found file: read and parsed this run (new, or not as kept). */
const FRESH = -1;

/** A file read and parsed this run: new, or not as kept. */
interface Read {
  size: number;
  mtime: number;
  hash: Buffer;
  facts: RecordFacts[];
  entities: boolean;
  parsed: ParsedFile;
}

/** `loadWithCache` with the cache read (or none: a full run); throws `Damaged` when the cache does not hold together. */
function loadFrom(
  options: LoadOptions,
  file: string,
  valuesFile: string,
  key: string,
  cache: Cache | undefined,
): CachedLoad {
  const loading = startLoading(options);
  const found = loading.found.files;
  const old = cache?.table;
  const S = old ? old.strings : [];
  const regions = old ? new RegionReader(valuesFile, old) : undefined;
  let dirty = !old;

  // Rows of the table read by path: found in the same order as they were kept, so looked up only when that breaks.
  let byPath: Map<string, number> | undefined;
  let next = 0;
  const rowOf = (rel: string): number => {
    if (!old) return -1;
    if (next < old.n && S[old.path[next]] === rel) return next++;
    if (!byPath) {
      byPath = new Map();
      for (let j = 0; j < old.n; j++) byPath.set(S[old.path[j]], j);
    }
    const j = byPath.get(rel);
    if (j === undefined) return -1;
    next = j + 1;
    return j;
  };

  /** Per found file: its row in the table read (kept as it was), FRESH, or NO_ROW. */
  const source = new Int32Array(found.length).fill(NO_ROW);
  /** Per found file: its row in the table read, kept or not (`source` says which). */
  const oldRow = new Int32Array(found.length).fill(-1);
  const reads = new Map<number, Read>();
  /** Found files whose content is the one kept, with a new size or time. */
  const restat = new Map<number, { size: number; mtime: number }>();
  /** Of those, the ones parsed every time (no region), as parsed now. */
  const parsedNow = new Map<number, ParsedFile>();
  const matched = old ? new Uint8Array(old.n) : undefined;
  for (let i = 0; i < found.length; i++) {
    const { abs, rel } = found[i];
    const j = rowOf(rel);
    oldRow[i] = j;
    if (j >= 0) matched![j] = 1;
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(abs, { throwIfNoEntry: false });
    } catch {
      // Reported by the read below.
    }
    const statKept = j >= 0 && stat !== undefined && stat.size === old!.size[j] && stat.mtimeMs === old!.mtime[j];
    if (statKept && stat!.mtimeMs < cache!.racyFrom) {
      source[i] = j;
      continue;
    }
    let read;
    try {
      read = readRecordBytes(abs);
    } catch (error) {
      dirty = true;
      loading.warn(`cannot read '${rel}': ${reason(error)}`);
      continue;
    }
    if (!read) {
      dirty = true;
      continue;
    }
    const hash = hashOf(read.bytes);
    const mtime = stat?.mtimeMs ?? -1;
    if (j >= 0 && hash.equals(old!.hash.subarray(20 * j, 20 * j + 20))) {
      // As kept: at most its size or time is new (a time too recent to trust, read again, may be the same).
      source[i] = j;
      if (!statKept) {
        dirty = true;
        restat.set(i, { size: read.size, mtime });
      }
      if (old!.region[3 * j] < 0) parsedNow.set(i, parseBytes(rel, read.bytes, read.size));
      continue;
    }
    dirty = true;
    const parsed = parseBytes(rel, read.bytes, read.size);
    source[i] = FRESH;
    reads.set(i, {
      size: read.size,
      mtime,
      hash,
      facts: factsOf(parsed),
      entities: parsed.records.some((r) => !r.apiVersion.startsWith('svcm/')),
      parsed,
    });
  }

  const built = buildTable(found, source, reads, restat, old, S, loading.found.reported);
  const T = built.table;
  const rowCandidate = built.candidate;
  const relOf = (row: number) => S[T.path[row]];
  const goneRows: number[] = [];
  if (old) for (let j = 0; j < old.n; j++) if (!matched![j]) goneRows.push(j);
  if (goneRows.length > 0) dirty = true;
  let rowOfCandidate: Int32Array | undefined;
  const rowFor = (i: number) => {
    if (!rowOfCandidate) {
      rowOfCandidate = new Int32Array(found.length).fill(-1);
      for (let r = 0; r < T.n; r++) rowOfCandidate[rowCandidate[r]] = r;
    }
    return rowOfCandidate[i];
  };

  /** A kept file as the index takes it: restored from its region, its text read only when asked for. */
  const restore = (j: number, rel: string, text: () => string): ParsedFile => {
    const { sourceEnd, kept, fields } = regions!.read(j);
    const parsed = keptFile(rel, formatOf(rel) ?? 'yaml', sourceEnd, kept, text);
    parsed.records.forEach((record, k) => {
      const f = fields[k];
      if (f) seedReferences(record, f);
      // An entity's references are made from its value: read it now, as a parse would have.
      else void record.value;
    });
    return parsed;
  };
  /** The file of found file `i` as this run has it. */
  const parsedOf = (i: number): ParsedFile => {
    const { abs, rel } = found[i];
    const j = source[i];
    if (j < 0) return reads.get(i)!.parsed;
    if (old!.region[3 * j] >= 0) return restore(j, rel, () => readText(abs));
    return parsedNow.get(i) ?? readParsed(rel, abs, loading.warn);
  };

  // Backstage entities: their rules read more of the index (files, globs, closed kinds), so the whole index is built.
  let entities = false;
  for (let r = 0; r < T.n && !entities; r++) entities = (T.flags[r] & ENTITIES) !== 0;
  for (const j of goneRows) entities ||= (old!.flags[j] & ENTITIES) !== 0;
  const changes: Change[] = [];
  for (const i of reads.keys()) changes.push({ after: rowFor(i), before: oldRow[i] });
  for (const j of goneRows) changes.push({ after: -1, before: j });
  const reportedRows = built.reported;
  const plan = !old || entities ? undefined : planPartial(T, old, changes, reportedRows);

  const affected = new Set<string>();
  let checkAll = !old;
  /** Files to put in with tracking once the rest is in (the whole index is built): changed ones and new ones. */
  const tracked: ParsedFile[] = [];
  for (let i = 0; i < found.length; i++) {
    if (source[i] === NO_ROW) continue;
    if (plan) {
      if (plan.load.has(rowFor(i))) loading.add(i, { parsed: parsedOf(i) });
      else loading.keep(i);
      continue;
    }
    const read = reads.get(i);
    if (!read || !old) loading.add(i, { parsed: parsedOf(i) });
    else {
      // In as it was (or as an empty file when it is new), then replaced with tracking.
      const j = oldRow[i];
      const before = j >= 0 && old.region[3 * j] >= 0;
      if (j >= 0 && !before) checkAll = true;
      loading.add(i, { parsed: before ? restore(j, found[i].rel, () => '') : empty(found[i].rel) });
      tracked.push(read.parsed);
    }
  }
  const ws = loading.finish();
  if (plan) {
    ws.index.useOutline(plan.outline);
    for (const row of plan.affected) affected.add(relOf(row));
  } else if (old) {
    // Files that are gone: in as they were, then removed with tracking.
    for (const j of goneRows) {
      if (old.region[3 * j] >= 0)
        ws.index.upsert(
          restore(j, S[old.path[j]], () => ''),
          false,
        );
      else checkAll = true;
    }
    for (const parsed of tracked) for (const f of ws.index.upsert(parsed)) affected.add(f);
    for (const j of goneRows) for (const f of ws.index.remove(S[old.path[j]])) affected.add(f);
  }
  regions?.close();

  const counts = { files: 0, records: 0 };
  for (const row of reportedRows) {
    const records = T.factStart[row + 1] - T.factStart[row];
    if (records > 0) {
      counts.files++;
      counts.records += records;
    }
    const rel = relOf(row);
    if (checkAll || (T.flags[row] & (KNOWN | ENTITIES)) !== KNOWN) affected.add(rel);
  }
  const none: readonly Diagnostic[] = [];
  return {
    ws,
    affected,
    kept: (rel) => T.diagnostics.get(rel) ?? none,
    counts,
    save(diagnostics) {
      if (!dirty && affected.size === 0) return undefined;
      const rows = new Map<string, number>();
      for (const row of reportedRows) rows.set(relOf(row), row);
      for (const rel of affected) {
        const row = rows.get(rel);
        if (row === undefined) continue;
        T.flags[row] |= KNOWN;
        const found = diagnostics.get(rel) ?? [];
        if (found.length > 0) T.diagnostics.set(rel, found);
        else T.diagnostics.delete(rel);
      }
      const fresh: Fresh[] = [];
      for (const [i, read] of reads) fresh.push({ row: rowFor(i), parsed: read.parsed });
      return writeCache(file, valuesFile, key, cache?.header.values, T, fresh);
    },
  };
}

/** A changed file: its row in the table written (-1: gone) and in the table read (-1: new). */
interface Change {
  after: number;
  before: number;
}

/**
 * The table this run writes: the kept files' rows copied from the one read, the
 * files read this run from what they hold. Rows in the order of the files found.
 */
function buildTable(
  found: readonly { rel: string }[],
  source: Int32Array,
  reads: Map<number, Read>,
  restat: Map<number, { size: number; mtime: number }>,
  old: Table | undefined,
  strings: string[],
  reported: Set<string>,
): { table: Table; candidate: Int32Array; reported: number[] } {
  let n = 0;
  let m = 0;
  let k = 0;
  for (let i = 0; i < found.length; i++) {
    const j = source[i];
    if (j === NO_ROW) continue;
    n++;
    if (j >= 0) {
      m += old!.factStart[j + 1] - old!.factStart[j];
      k += old!.lists[3 * old!.factStart[j + 1]] - old!.lists[3 * old!.factStart[j]];
    } else {
      const facts = reads.get(i)!.facts;
      m += facts.length;
      for (const f of facts) k += f[2].length + f[3].length + (f[4]?.length ?? 0);
    }
  }
  const fresh = new Map<string, number>();
  // The first table dedupes every string; later ones add the changed files' strings only (compared by value, never by id).
  const intern = (s: string): number => {
    let id = fresh.get(s);
    if (id === undefined) fresh.set(s, (id = strings.push(s) - 1));
    return id;
  };
  const t: Table = {
    strings,
    blob: old?.blob ?? Buffer.alloc(0),
    blobStrings: old?.blobStrings ?? 0,
    n,
    m,
    path: new Int32Array(n),
    size: new Float64Array(n),
    mtime: new Float64Array(n),
    hash: Buffer.alloc(20 * n),
    region: new Float64Array(3 * n),
    crc: new Uint32Array(n),
    flags: new Uint8Array(n),
    factStart: new Int32Array(n + 1),
    kind: new Int32Array(m),
    defines: new Int32Array(m),
    recordFlags: new Uint8Array(m),
    window: new Float64Array(2 * m),
    lists: new Int32Array(3 * m + 1),
    ids: new Int32Array(k),
    diagnostics: new Map(),
  };
  const candidate = new Int32Array(n);
  const reportedRows: number[] = [];
  let row = 0;
  let r = 0;
  let id = 0;
  /** Copies rows `[j0, j1)` of the table read to `row` on, and their records and lists (ids stay: strings are shared). */
  const copyRows = (o: Table, j0: number, j1: number) => {
    t.path.set(o.path.subarray(j0, j1), row);
    t.size.set(o.size.subarray(j0, j1), row);
    t.mtime.set(o.mtime.subarray(j0, j1), row);
    o.hash.copy(t.hash, 20 * row, 20 * j0, 20 * j1);
    t.region.set(o.region.subarray(3 * j0, 3 * j1), 3 * row);
    t.crc.set(o.crc.subarray(j0, j1), row);
    t.flags.set(o.flags.subarray(j0, j1), row);
    const q0 = o.factStart[j0];
    const q1 = o.factStart[j1];
    for (let x = j0; x < j1; x++) t.factStart[row + x - j0] = o.factStart[x] - q0 + r;
    t.kind.set(o.kind.subarray(q0, q1), r);
    t.defines.set(o.defines.subarray(q0, q1), r);
    t.recordFlags.set(o.recordFlags.subarray(q0, q1), r);
    t.window.set(o.window.subarray(2 * q0, 2 * q1), 2 * r);
    const x0 = o.lists[3 * q0];
    const x1 = o.lists[3 * q1];
    for (let x = 3 * q0; x < 3 * q1; x++) t.lists[3 * r + x - 3 * q0] = o.lists[x] - x0 + id;
    t.ids.set(o.ids.subarray(x0, x1), id);
    r += q1 - q0;
    id += x1 - x0;
  };
  for (let i = 0; i < found.length;) {
    const j = source[i];
    if (j === NO_ROW) {
      i++;
      continue;
    }
    if (j >= 0) {
      // Kept rows come in runs, in the order they were kept: copied a run at a time.
      let end = i + 1;
      while (end < found.length && source[end] === j + end - i) end++;
      copyRows(old!, j, j + end - i);
      for (; i < end; i++, row++) {
        candidate[row] = i;
        const rel = found[i].rel;
        if (reported.has(rel)) reportedRows.push(row);
        const stat = restat.get(i);
        if (stat) {
          t.size[row] = stat.size;
          t.mtime[row] = stat.mtime;
        }
        const diagnostics = old!.diagnostics.get(rel);
        if (diagnostics) t.diagnostics.set(rel, diagnostics);
      }
      continue;
    }
    candidate[row] = i;
    const rel = found[i].rel;
    if (reported.has(rel)) reportedRows.push(row);
    t.factStart[row] = r;
    const read = reads.get(i)!;
    t.path[row] = intern(rel);
    t.size[row] = read.size;
    t.mtime[row] = read.mtime;
    read.hash.copy(t.hash, 20 * row);
    t.region[3 * row] = -1;
    t.flags[row] = read.entities ? ENTITIES : 0;
    for (const f of read.facts) {
      t.kind[r] = f[0] === null ? -1 : intern(f[0]);
      t.defines[r] = f[1] === null ? -1 : intern(f[1]);
      t.recordFlags[r] = (f[4] ? DEPENDS : 0) | (f[5] ? WINDOW : 0);
      t.window[2 * r] = f[5]?.[0] ?? 0;
      t.window[2 * r + 1] = f[5]?.[1] ?? 0;
      t.lists[3 * r] = id;
      for (const s of f[2]) t.ids[id++] = intern(s);
      t.lists[3 * r + 1] = id;
      for (const s of f[3]) t.ids[id++] = intern(s);
      t.lists[3 * r + 2] = id;
      for (const s of f[4] ?? []) t.ids[id++] = intern(s);
      r++;
    }
    row++;
    i++;
  }
  t.factStart[n] = r;
  t.lists[3 * m] = id;
  return { table: t, candidate, reported: reportedRows };
}

/** Reads files' regions from the values file, each checked against its CRC-32. */
class RegionReader {
  private fd: number | undefined;
  constructor(
    private readonly file: string,
    private readonly table: Table,
  ) {}

  /** Row `j`'s records; throws `Damaged` when its region is not the one written. */
  read(j: number): { sourceEnd: number; kept: KeptRecord[]; fields: (Record<string, unknown> | null)[] } {
    const t = this.table;
    const start = t.region[3 * j];
    const bytes = t.region[3 * j + 1];
    const headBytes = t.region[3 * j + 2];
    const buffer = Buffer.allocUnsafe(bytes);
    try {
      this.fd ??= fs.openSync(this.file, 'r');
      let filled = 0;
      while (filled < bytes) {
        const got = fs.readSync(this.fd, buffer, filled, bytes - filled, start + filled);
        if (got === 0) break;
        filled += got;
      }
      if (filled !== bytes) throw new Damaged('cut short');
    } catch (error) {
      throw error instanceof Damaged ? error : new Damaged(reason(error));
    }
    if (checksum(buffer) !== t.crc[j]) throw new Damaged('checksum');
    const [sourceEnd, heads] = JSON.parse(buffer.toString('utf8', bytes - headBytes, bytes)) as Head;
    const kept: KeptRecord[] = heads.map((head) =>
      keptRecordOf(
        head,
        () => JSON.parse(buffer.toString('utf8', head[7], head[7] + head[8])) as Record<string, unknown>,
      ),
    );
    return { sourceEnd, kept, fields: heads.map((h) => h[6]) };
  }

  close(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
  }
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
 * index's outline), worked out from each record's facts (`RecordFacts`) as the
 * rules in src/core/rules read the index. Files are rows of `t` (the table this
 * run writes); a change's facts before are those of its row in `old`:
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
  t: Table,
  old: Table,
  changes: readonly Change[],
  reported: readonly number[],
): { affected: Set<number>; load: Set<number>; outline: WorkspaceOutline } {
  const S = t.strings;
  const kindOf = (u: Table, q: number) => (u.kind[q] < 0 ? null : S[u.kind[q]]);
  const definesOf = (u: Table, q: number) => (u.defines[q] < 0 ? null : S[u.defines[q]]);
  const windowOf = (u: Table, q: number): [number, number] | null =>
    u.recordFlags[q] & WINDOW ? [u.window[2 * q], u.window[2 * q + 1]] : null;
  /** Calls `visit` with each id of record `q`'s list `l` (0 names, 1 services, 2 dependsOn). */
  const each = (u: Table, q: number, l: number, visit: (s: string) => void) => {
    for (let x = u.lists[3 * q + l]; x < u.lists[3 * q + l + 1]; x++) visit(S[u.ids[x]]);
  };
  const listOf = (u: Table, q: number, l: number) => {
    const out: string[] = [];
    each(u, q, l, (s) => out.push(s));
    return out;
  };
  /** One pass over every record of `t`, with the few names asked about in sets: no table of all. */
  const scan = (visit: (row: number, q: number) => void) => {
    for (let row = 0; row < t.n; row++) for (let q = t.factStart[row]; q < t.factStart[row + 1]; q++) visit(row, q);
  };
  /** A change's records, before (in `old`) and after (in `t`). */
  const recordsOf = (c: Change, visit: (u: Table, q: number, after: boolean) => void) => {
    if (c.before >= 0) for (let q = old.factStart[c.before]; q < old.factStart[c.before + 1]; q++) visit(old, q, false);
    if (c.after >= 0) for (let q = t.factStart[c.after]; q < t.factStart[c.after + 1]; q++) visit(t, q, true);
  };
  const changedRel = new Set<string>();
  const changedRow = new Set<number>();
  for (const c of changes) {
    changedRel.add(c.after >= 0 ? S[t.path[c.after]] : S[old.path[c.before]]);
    if (c.after >= 0) changedRow.add(c.after);
  }
  const affected = new Set<number>();
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
    if (c.after >= 0) affected.add(c.after);
    recordsOf(c, (u, q) => {
      const kind = kindOf(u, q);
      const defines = definesOf(u, q);
      if (defines !== null) {
        defined.add(defines);
        if (kind === 'Service' && defines.startsWith(SERVICE)) services.add(defines.slice(SERVICE.length));
      }
      each(u, q, 0, (k) => named.add(k));
      const window = windowOf(u, q);
      each(u, q, 1, (s) => {
        if (window) addWindow(windowsOn, s, window);
        if (kind === 'StandardChange' && defines !== null) templatesOn.add(s);
      });
    });
  }
  const count = new Map<string, number>();
  if (changes.length > 0)
    scan((row, q) => {
      const defines = definesOf(t, q);
      if (defines !== null) {
        if (defined.has(defines)) {
          affected.add(row);
          count.set(defines, (count.get(defines) ?? 0) + 1);
        }
        if (named.has(defines)) affected.add(row);
      }
      for (let x = t.lists[3 * q]; x < t.lists[3 * q + 1]; x++) if (defined.has(S[t.ids[x]])) affected.add(row);
      if (t.lists[3 * q + 1] === t.lists[3 * q + 2]) return;
      const window = windowOf(t, q);
      const isChange = t.kind[q] >= 0 && S[t.kind[q]] === 'Change';
      each(t, q, 1, (s) => {
        const windows = window && windowsOn.get(s);
        if (windows && windows.some((w) => overlaps(w, window))) affected.add(row);
        if (isChange && templatesOn.has(s)) affected.add(row);
      });
    });
  // Names of a kind that came or went: every reference to a name of that kind that nothing defines.
  const kinds = new Set<string>();
  for (const k of defined) {
    const after = count.get(k) ?? 0;
    let before = after;
    for (const c of changes)
      recordsOf(c, (u, q, isAfter) => {
        if (definesOf(u, q) === k) before += isAfter ? -1 : 1;
      });
    if (before > 0 !== after > 0) kinds.add(k.slice(0, k.indexOf('\u0000') + 1));
  }
  if (kinds.size > 0) {
    const all = new Set<string>();
    scan((_, q) => {
      const defines = definesOf(t, q);
      if (defines !== null) all.add(defines);
    });
    scan((row, q) =>
      each(t, q, 0, (k) => {
        if (!all.has(k) && kinds.has(k.slice(0, k.indexOf('\u0000') + 1))) affected.add(row);
      }),
    );
  }
  // Service cycles: compared before and after when a changed file defines a service.
  /** The service graph as a full index makes it: each name's `dependsOn` from its first definition by file, then by place in it. */
  const serviceEdges = (rows: Iterable<[Table, number]>): Map<string, string[]> => {
    const first = new Map<string, { rel: string; deps: string[] }>();
    for (const [u, row] of rows) {
      for (let q = u.factStart[row]; q < u.factStart[row + 1]; q++) {
        if (u.kind[q] < 0 || u.defines[q] < 0 || S[u.kind[q]] !== 'Service') continue;
        const defines = S[u.defines[q]];
        if (!defines.startsWith(SERVICE)) continue;
        const name = defines.slice(SERVICE.length);
        const rel = S[u.path[row]];
        const was = first.get(name);
        if (!was || rel < was.rel) first.set(name, { rel, deps: u.recordFlags[q] & DEPENDS ? listOf(u, q, 2) : [] });
      }
    }
    return new Map([...first.keys()].sort().map((name) => [name, first.get(name)!.deps]));
  };
  /** The rows of `u` but those in `skip`. */
  function* rowsOf(u: Table, skip?: Set<number>): Generator<[Table, number]> {
    const pair: [Table, number] = [u, 0];
    for (let row = 0; row < u.n; row++)
      if (!skip?.has(row)) {
        pair[1] = row;
        yield pair;
      }
  }
  let edgesAfter: Map<string, string[]> | undefined;
  let cyclesAfter: Map<string, string[]> | undefined;
  const edges = () => (edgesAfter ??= serviceEdges(rowsOf(t)));
  // No change touches a service: the graph, and so its cycles, are those of the table read. Kept for the next run.
  t.cycles = services.size === 0 ? old.cycles : undefined;
  const cycles = () => (cyclesAfter ??= t.cycles ??= cyclesOf(edges()));
  const defining = (names: Set<string>, to: Set<number>) => {
    if (names.size === 0) return;
    scan((row, q) => {
      const defines = definesOf(t, q);
      if (defines !== null && kindOf(t, q) === 'Service' && names.has(defines.slice(SERVICE.length))) to.add(row);
    });
  };
  if (services.size > 0) {
    const before =
      old.cycles ??
      cyclesOf(
        serviceEdges(
          (function* () {
            yield* rowsOf(t, changedRow);
            for (const c of changes) if (c.before >= 0) yield [old, c.before] as [Table, number];
          })(),
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
  for (const row of reported) {
    if (!(t.flags[row] & KNOWN)) affected.add(row);
    const diagnostics = t.diagnostics.get(S[t.path[row]]);
    if (diagnostics?.some((d) => d.related?.some((r) => changedRel.has(r.file)))) affected.add(row);
  }

  // What the rules on the affected files read.
  const load = new Set(affected);
  if (affected.size > 0) {
    const wanted = new Set<string>();
    const windowsNear = new Map<string, [number, number][]>();
    const changesOn = new Set<string>();
    const onCycles = new Set<string>();
    for (const row of affected) {
      for (let q = t.factStart[row]; q < t.factStart[row + 1]; q++) {
        const kind = kindOf(t, q);
        const defines = definesOf(t, q);
        if (defines !== null) wanted.add(defines);
        each(t, q, 0, (k) => wanted.add(k));
        const window = windowOf(t, q);
        each(t, q, 1, (s) => {
          if (window) addWindow(windowsNear, s, window);
          if (kind === 'Change') changesOn.add(s);
        });
        if (kind === 'Service' && defines !== null && defines.startsWith(SERVICE))
          for (const name of cycles().get(defines.slice(SERVICE.length)) ?? []) onCycles.add(name);
      }
    }
    scan((row, q) => {
      const defines = definesOf(t, q);
      if (defines !== null && wanted.has(defines)) load.add(row);
      if (t.lists[3 * q + 1] === t.lists[3 * q + 2]) return;
      const window = windowOf(t, q);
      const isTemplate = t.kind[q] >= 0 && S[t.kind[q]] === 'StandardChange';
      each(t, q, 1, (s) => {
        const windows = window && windowsNear.get(s);
        if (windows && windows.some((w) => overlaps(w, window))) load.add(row);
        if (isTemplate && changesOn.has(s)) load.add(row);
      });
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
          scan((_, q) => {
            const defines = definesOf(t, q);
            if (defines !== null && defines.startsWith(prefix)) found.add(defines.slice(prefix.length));
          });
          names.set(kind, (list = [...found]));
        }
        return list;
      },
      serviceEdges: edges,
      serviceCycles: cycles,
    },
  };
}

/** The columns of a table, in the order they are written: `[name, count, bytes per item]` given n, m, ids, strings. */
function columns(h: Pick<Header, 'n' | 'm' | 'ids' | 'strings'>): [keyof Table | 'lengths', number, 1 | 4 | 8][] {
  return [
    ['size', h.n, 8],
    ['mtime', h.n, 8],
    ['region', 3 * h.n, 8],
    ['window', 2 * h.m, 8],
    ['path', h.n, 4],
    ['crc', h.n, 4],
    ['factStart', h.n + 1, 4],
    ['kind', h.m, 4],
    ['defines', h.m, 4],
    ['lists', 3 * h.m + 1, 4],
    ['ids', h.ids, 4],
    ['lengths', h.strings, 4],
    ['flags', h.n, 1],
    ['recordFlags', h.m, 1],
    ['hash', 20 * h.n, 1],
  ];
}

function readCache(file: string, valuesFile: string, key: string): Cache | undefined {
  try {
    const written = fs.statSync(file).mtimeMs;
    const bytes = fs.readFileSync(file);
    if (bytes.toString('latin1', 0, SIGNATURE.length) !== SIGNATURE) return undefined;
    const lineEnd = bytes.indexOf(0x0a, SIGNATURE.length);
    if (lineEnd < 0) return undefined;
    const header = JSON.parse(bytes.toString('utf8', SIGNATURE.length, lineEnd)) as Header;
    if (header.key !== key) return undefined;
    const body = bytes.subarray(lineEnd + 1);
    if (checksum(body) !== header.crc) return undefined;
    // The values file must be the one this cache file was written with, whole.
    const values = `${VALUES_SIGNATURE}${header.values.id}\n`;
    const fd = fs.openSync(valuesFile, 'r');
    try {
      const head = Buffer.alloc(values.length);
      fs.readSync(fd, head, 0, head.length, 0);
      if (head.toString('utf8') !== values || fs.fstatSync(fd).size < header.values.bytes) return undefined;
    } finally {
      fs.closeSync(fd);
    }
    const arrays: Record<string, Float64Array | Int32Array | Uint32Array | Uint8Array | Buffer> = {};
    let at = 0;
    for (const [name, count, size] of columns(header)) {
      const length = count * size;
      if (at + length > body.length) return undefined;
      // Viewed where it was read when it starts on a multiple of its item size (the writer pads for that), else copied.
      const offset = body.byteOffset + at;
      const aligned = offset % size === 0;
      const buffer = aligned ? body.buffer : body.buffer.slice(offset, offset + length);
      const from = aligned ? offset : 0;
      arrays[name] =
        name === 'hash'
          ? Buffer.from(buffer, from, length)
          : size === 8
            ? new Float64Array(buffer, from, count)
            : name === 'crc'
              ? new Uint32Array(buffer, from, count)
              : size === 4
                ? new Int32Array(buffer, from, count)
                : new Uint8Array(buffer, from, count);
      at += length;
    }
    if (at + header.stringBytes + header.diagnosticBytes + header.cycleBytes !== body.length) return undefined;
    const blob = body.subarray(at, at + header.stringBytes);
    const all = blob.toString('utf8');
    const strings: string[] = new Array<string>(header.strings);
    const lengths = arrays.lengths as Int32Array;
    for (let s = 0, from = 0; s < header.strings; s++) strings[s] = all.slice(from, (from += lengths[s]));
    at += header.stringBytes;
    const diagnostics = new Map(
      JSON.parse(body.toString('utf8', at, at + header.diagnosticBytes)) as [string, Diagnostic[]][],
    );
    at += header.diagnosticBytes;
    const cycles = JSON.parse(body.toString('utf8', at, at + header.cycleBytes)) as [string, string[]][] | null;
    const table = {
      ...(arrays as unknown as Table),
      strings,
      blob,
      blobStrings: header.strings,
      n: header.n,
      m: header.m,
      diagnostics,
      cycles: cycles ? new Map(cycles) : undefined,
    };
    return { header, table, racyFrom: written - RACY_MS };
  } catch {
    // No cache yet, or one that cannot be read: a full run writes a new one.
    return undefined;
  }
}

/**
 * Writes the cache file, after appending the changed files' regions to the
 * values file (or writing that file whole again: the first time, and when less
 * than half of it is still used).
 */
function writeCache(
  file: string,
  valuesFile: string,
  key: string,
  oldValues: Header['values'] | undefined,
  t: Table,
  fresh: readonly Fresh[],
): string | undefined {
  try {
    // Never overwrite a file that is not an svcm cache (a mistyped --cache-location).
    if (fs.existsSync(file)) {
      const fd = fs.openSync(file, 'r');
      const head = Buffer.alloc(Math.max(...ANY_SIGNATURE.map((s) => s.length)));
      const got = fs.readSync(fd, head, 0, head.length, 0);
      fs.closeSync(fd);
      const start = head.toString('latin1', 0, got);
      if (!ANY_SIGNATURE.some((s) => start.startsWith(s)))
        return `the cache was not written: '${file}' exists and is not an svcm cache file`;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const freshRows = new Set(fresh.map((f) => f.row));
    let used = 0;
    for (let row = 0; row < t.n; row++)
      if (t.region[3 * row] >= 0 && !freshRows.has(row)) used += t.region[3 * row + 1];
    // Less than half of it still used by the files kept: written whole again (their regions copied as they are).
    const whole = !oldValues || oldValues.bytes > 2 * used + (1 << 20);
    let values: Header['values'];
    if (whole) {
      const id = `${process.pid}-${Date.now().toString(36)}`;
      const temp = `${valuesFile}.${process.pid}.tmp`;
      const before = oldValues ? fs.readFileSync(valuesFile) : undefined;
      // Written region by region, not gathered first: the first run's peak is the index's, not this file's.
      const fd = fs.openSync(temp, 'w');
      try {
        const signature = Buffer.from(`${VALUES_SIGNATURE}${id}\n`);
        writeAll(fd, signature);
        let offset = signature.length;
        for (let row = 0; row < t.n; row++) {
          const start = t.region[3 * row];
          if (start < 0 || freshRows.has(row) || !before) continue;
          writeAll(fd, before.subarray(start, start + t.region[3 * row + 1]));
          t.region[3 * row] = offset;
          offset += t.region[3 * row + 1];
        }
        offset = appendFresh(fd, offset, t, fresh);
        values = { id, bytes: offset, used: offset };
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(temp, valuesFile);
    } else {
      // Appended: a run that stops half-way leaves bytes no cache file names, never a cache file naming bytes not there.
      const fd = fs.openSync(valuesFile, 'a');
      try {
        const start = fs.fstatSync(fd).size;
        const end = appendFresh(fd, start, t, fresh);
        values = { id: oldValues.id, bytes: end, used: used + end - start };
      } finally {
        fs.closeSync(fd);
      }
    }
    const temp = `${file}.${process.pid}.tmp`;
    const fd = fs.openSync(temp, 'w');
    try {
      for (const part of encode(t, key, values)) writeAll(fd, part);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, file);
    return undefined;
  } catch (error) {
    return `the cache was not written to '${file}': ${reason(error)}`;
  }
}

/** The cache file's bytes for table `t`, in parts: the strings no row uses any more left out once they are most of them. */
function encode(t: Table, key: string, values: Header['values']): Buffer[] {
  let strings = t.strings;
  let blob = t.blob;
  let blobStrings = t.blobStrings;
  const used = new Uint8Array(strings.length);
  let count = 0;
  const use = (id: number) => {
    if (id >= 0 && !used[id]) {
      used[id] = 1;
      count++;
    }
  };
  for (let row = 0; row < t.n; row++) use(t.path[row]);
  for (let q = 0; q < t.m; q++) {
    use(t.kind[q]);
    use(t.defines[q]);
  }
  for (let x = 0; x < t.lists[3 * t.m]; x++) use(t.ids[x]);
  if (strings.length > 2 * count + 1000) {
    const to = new Int32Array(strings.length).fill(-1);
    const kept: string[] = [];
    for (let s = 0; s < strings.length; s++) if (used[s]) to[s] = kept.push(strings[s]) - 1;
    const map = (a: Int32Array, length = a.length) => {
      for (let x = 0; x < length; x++) if (a[x] >= 0) a[x] = to[a[x]];
    };
    map(t.path);
    map(t.kind);
    map(t.defines);
    map(t.ids, t.lists[3 * t.m]);
    strings = kept;
    blob = Buffer.alloc(0);
    blobStrings = 0;
  }
  const lengths = new Int32Array(strings.length);
  for (let s = 0; s < strings.length; s++) lengths[s] = strings[s].length;
  const stringBytes = Buffer.concat([blob, Buffer.from(strings.slice(blobStrings).join(''))]);
  const diagnosticBytes = Buffer.from(JSON.stringify([...t.diagnostics]));
  const sizes = { n: t.n, m: t.m, ids: t.lists[3 * t.m], strings: strings.length };
  const parts: Buffer[] = [];
  for (const [name, count, size] of columns(sizes)) {
    const column = name === 'lengths' ? lengths : (t[name] as Float64Array | Int32Array | Uint32Array | Uint8Array);
    parts.push(Buffer.from(column.buffer, column.byteOffset, count * size));
  }
  const cycleBytes = Buffer.from(JSON.stringify(t.cycles ? [...t.cycles] : null));
  parts.push(stringBytes, diagnosticBytes, cycleBytes);
  const header: Header = {
    key,
    values,
    ...sizes,
    stringBytes: stringBytes.length,
    diagnosticBytes: diagnosticBytes.length,
    cycleBytes: cycleBytes.length,
    crc: checksum(...parts),
  };
  // Padded so that the columns start at a multiple of 8 bytes: the reader then views them where they are read.
  const line = `${SIGNATURE}${JSON.stringify(header)}`;
  const width = Buffer.byteLength(line) + 1;
  return [Buffer.from(`${line}${' '.repeat((8 - (width % 8)) % 8)}\n`), ...parts];
}

/** Writes the changed files' regions (values, then the head) to `fd`, the first at `offset`; points their rows at them. Returns the end. */
function appendFresh(fd: number, offset: number, t: Table, fresh: readonly Fresh[]): number {
  for (const { row, parsed } of fresh) {
    t.region[3 * row] = -1;
    const stored = storedFile(parsed);
    if (!stored) continue;
    const heads: HeadRecord[] = [];
    const parts: Buffer[] = [];
    let at = 0;
    stored.records.forEach((r, k) => {
      const record = parsed.records[k];
      const value = Buffer.from(JSON.stringify(r.value));
      parts.push(value);
      const fields = referenceFields(record) ?? null;
      heads.push([
        r.docIndex,
        r.start,
        r.end,
        r.apiVersion,
        record.kind ?? null,
        record.name ?? null,
        fields,
        at,
        value.length,
      ]);
      at += value.length;
    });
    const head = Buffer.from(JSON.stringify([stored.sourceEnd, heads]));
    parts.push(head);
    const region = Buffer.concat(parts);
    writeAll(fd, region);
    t.region[3 * row] = offset;
    t.region[3 * row + 1] = region.length;
    t.region[3 * row + 2] = head.length;
    t.crc[row] = checksum(region);
    offset += region.length;
  }
  return offset;
}

function writeAll(fd: number, bytes: Uint8Array): void {
  for (let at = 0; at < bytes.length;) at += fs.writeSync(fd, bytes, at, bytes.length - at);
}

function readParsed(rel: string, abs: string, warn: (message: string) => void): ParsedFile {
  try {
    const read = readRecordBytes(abs);
    if (read) return parseBytes(rel, read.bytes, read.size);
  } catch (error) {
    warn(`cannot read '${rel}': ${reason(error)}`);
  }
  return empty(rel);
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

function hashOf(bytes: Uint8Array): Buffer {
  return crypto().createHash('sha1').update(bytes).digest();
}

/** CRC-32 (zlib's, Node 20.15 and later; before that the first four bytes of a SHA-1: a cache written by the other is then damaged, and the run a full one). */
function checksum(...parts: Uint8Array[]): number {
  const crc32 = (zlib() as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;
  if (crc32) return parts.reduce((crc, part) => crc32(part, crc), 0) >>> 0;
  const hash = crypto().createHash('sha1');
  for (const part of parts) hash.update(part);
  return hash.digest().readUInt32LE(0);
}

function isDirectory(abs: string): boolean {
  try {
    return fs.statSync(abs).isDirectory();
  } catch {
    return false;
  }
}
