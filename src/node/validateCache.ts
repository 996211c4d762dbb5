import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE } from '../core/config';
import { decodeRecordBytes } from '../core/parse/decode';
import { referenceFields, seedReferences } from '../core/index/references';
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
 * hash, record count and diagnostics: all a run on an unchanged tree reads.
 * Beside it, `<cache>.values` holds each file's records: a head per file (where
 * each record is, its kind, name and the reference fields of its `spec`) and
 * each record's value, as JSON at byte offsets the cache file gives. A run
 * appends the entries of the files that changed and rewrites only the small
 * cache file; the values file is written whole again only when most of it is
 * no longer used.
 *
 * When files changed, the next run rebuilds the index from the heads (no YAML
 * is parsed, and a value is read only when a rule asks for it), puts the
 * changed files in with the index's own tracking (`WorkspaceIndex.upsert`, as
 * the editor does on an edit), and runs the rules only on the files whose
 * findings that may change; the others' diagnostics are the kept ones. So its
 * output is the output of a full run.
 */

/** The first bytes of a cache file: a file without them is never overwritten. */
const SIGNATURE = '{"svcmValidateCache":2,';
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
  /** The file's diagnostics, when it was reported. */
  diagnostics?: Diagnostic[];
}

/** A file's head in the values file: `[sourceEnd, records]`. */
type Head = [number, HeadRecord[]];
/**
 * `[docIndex, start, end, apiVersion, kind, name, referenceFields, valueOffset, valueBytes]`
 * (kind and name null when absent; reference fields null for an entity, whose value is read at once).
 */
type HeadRecord = [...HeadFields, number, number];
type HeadFields = [number, number, number, string, string | null, string | null, Record<string, unknown> | null];

interface CacheData {
  svcmValidateCache: 2;
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
  const key = JSON.stringify([
    options.version,
    hashOf(readOrEmpty(path.join(root, CONFIG_FILE))),
    options.today,
    options.cwd,
    root,
    options.paths,
  ]);
  const old = readCache(file, valuesFile, key);
  const loading = startLoading(options);
  const next: Record<string, Entry> = {};
  const fresh = new Map<string, Fresh>();
  const affected = new Set<string>();
  /** Files to put in with tracking once the rest is in: changed ones (their old form is in already) and new ones. */
  const tracked: ParsedFile[] = [];
  // A changed file whose old records were not kept: what its neighbours see cannot be told apart, so all is checked.
  let checkAll = !old;

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

  /** What goes into the index, in the order of the files, once it is known whether an index is needed. */
  const pending: { i: number; parsed: () => ParsedFile; records: number }[] = [];
  const empty = (rel: string): ParsedFile => ({
    path: rel,
    text: '',
    format: formatOf(rel) ?? 'yaml',
    records: [],
    fileFindings: [],
    precise: true,
  });

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
      pending.push({
        i,
        // A file with no kept value (parsed every time) is read and parsed only when the index is needed.
        parsed: head ? () => restore(rel, head, () => readText(abs)) : () => readParsed(rel, abs, loading.warn),
        records: was.records,
      });
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
      pending.push({ i, parsed: () => restore(rel, head, () => text), records: was.records });
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
    next[rel] = {
      size: read.size,
      mtime: stat?.mtimeMs ?? -1,
      hash,
      head: null,
      records: parsed.records.length,
      entities: parsed.records.some((r) => !r.apiVersion.startsWith('svcm/')),
      diagnostics: same ? was.diagnostics : undefined,
    };
    const now = { i, parsed: () => parsed, records: parsed.records.length };
    if (same || checkAll) return pending.push(now);
    if (was && !was.head) {
      checkAll = true;
      return pending.push(now);
    }
    // In as it was (or as an empty file when it is new), then replaced with tracking.
    const before = was?.head;
    pending.push({ ...now, parsed: () => (before ? restore(rel, before, () => '') : empty(rel)) });
    tracked.push(parsed);
  });
  const gone = Object.keys(old?.files ?? {}).filter((rel) => !(rel in next));
  if (gone.length > 0) dirty = true;
  if (gone.some((rel) => !old!.files[rel].head)) checkAll = true;
  const unknown = loading.found.files.some(
    ({ rel }) => loading.found.reported.has(rel) && next[rel] && (!next[rel].diagnostics || next[rel].entities),
  );
  const needIndex = checkAll || unknown || tracked.length > 0 || gone.length > 0;
  const records = new Map<string, number>();
  for (const { i, parsed, records: n } of pending) {
    const rel = loading.found.files[i].rel;
    records.set(rel, n);
    loading.add(i, { parsed: needIndex ? parsed() : empty(rel) });
  }
  const ws = loading.finish();
  // Files that are gone: in as they were, then removed with tracking.
  for (const rel of gone) {
    const head = old!.files[rel].head;
    if (head)
      ws.index.upsert(
        restore(rel, head, () => ''),
        false,
      );
  }
  for (const parsed of tracked) for (const f of ws.index.upsert(parsed)) affected.add(f);
  for (const rel of gone) for (const f of ws.index.remove(rel)) affected.add(f);

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
      for (const rel of ws.reported)
        if (next[rel]) next[rel] = { ...next[rel], diagnostics: diagnostics.get(rel) ?? [] };
      return writeCache(file, valuesFile, key, old?.values, next, fresh, valuesRead);
    },
  };
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
    const data: CacheData = { svcmValidateCache: 2, key, values, files };
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
