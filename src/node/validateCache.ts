import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE } from '../core/config';
import { decodeRecordBytes } from '../core/parse/decode';
import {
  formatOf,
  parseBytes,
  restoredFile,
  storedFile,
  type ParsedFile,
  type StoredFile,
} from '../core/parse/parseFile';
import type { Diagnostic } from '../cli/format';
import { reason } from './discover';
import { findRoot, startLoading, type LoadedWorkspace, type LoadOptions } from './loadWorkspace';
import { readRecordBytes } from './readFile';

/**
 * `svcm validate --cache` (docs/cli.md): what a run keeps for the next one, in
 * one JSON file. Keyed by content: each file's SHA-1, and for the run as a
 * whole svcm's version, `svcm.config.yaml`'s text, the day (rules read today's
 * date), the folder and the PATHs. A file whose size and modification time are
 * those kept is taken as unchanged without being read (as git does); any other
 * is read and compared by its hash.
 *
 * The next run rebuilds the index from the kept values (no YAML is parsed for
 * an unchanged file), puts the changed files in with the index's own tracking
 * (`WorkspaceIndex.upsert`, as the editor does on an edit), and runs the rules
 * only on the files whose findings that may change; the others' diagnostics
 * are the kept ones. So its output is the output of a full run.
 */

/** The first bytes of a cache file: a file without them is never overwritten. */
const SIGNATURE = '{"svcmValidateCache":1,';

interface Entry {
  size: number;
  mtime: number;
  hash: string;
  /** `StoredFile` as JSON (parsed only when the index is needed), or null: parsed every time (storedFile). */
  stored: string | null;
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

interface CacheData {
  svcmValidateCache: 1;
  key: string;
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

export function loadWithCache(
  options: LoadOptions & { version: string; today: string; location?: string },
): CachedLoad {
  const root = findRoot(options.cwd, options.paths);
  const file = cacheFile(root, options.cwd, options.location);
  const key = JSON.stringify([
    options.version,
    hashOf(readOrEmpty(path.join(root, CONFIG_FILE))),
    options.today,
    options.cwd,
    root,
    options.paths,
  ]);
  const old = readCache(file, key);
  const loading = startLoading(options);
  const next: Record<string, Entry> = {};
  const affected = new Set<string>();
  /** Files to put in with tracking once the rest is in: changed ones (their old form is in already) and new ones. */
  const tracked: ParsedFile[] = [];
  // A changed file whose old records were not kept: what its neighbours see cannot be told apart, so all is checked.
  let checkAll = !old;

  /** What goes into the index, in the order of the files, once it is known whether an index is needed. */
  const pending: { i: number; parsed: () => ParsedFile; records: number }[] = [];
  const restore = (rel: string, stored: string, text: () => string) => {
    const value = JSON.parse(stored) as StoredFile;
    return restoredFile(rel, formatOf(rel) ?? 'yaml', value, text);
  };
  let dirty = !old;

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
      const stored = was.stored;
      pending.push({
        i,
        // A file with no kept value (parsed every time) is read and parsed only when the index is needed.
        parsed: stored ? () => restore(rel, stored, () => readText(abs)) : () => readParsed(rel, abs, loading.warn),
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
    if (same && was.stored) {
      next[rel] = { ...was, size: read.size, mtime: stat?.mtimeMs ?? -1 };
      const decoded = decodeRecordBytes(read.bytes, read.size);
      const text = decoded?.ok ? decoded.text : '';
      const stored = was.stored;
      pending.push({ i, parsed: () => restore(rel, stored, () => text), records: was.records });
      return;
    }
    const parsed = parseBytes(rel, read.bytes, read.size);
    const stored = storedFile(parsed);
    next[rel] = {
      size: read.size,
      mtime: stat?.mtimeMs ?? -1,
      hash,
      stored: stored ? JSON.stringify(stored) : null,
      records: parsed.records.length,
      entities: parsed.records.some((r) => !r.apiVersion.startsWith('svcm/')),
      diagnostics: same ? was.diagnostics : undefined,
    };
    const now = { i, parsed: () => parsed, records: parsed.records.length };
    if (same || checkAll) return pending.push(now);
    if (was && !was.stored) {
      checkAll = true;
      return pending.push(now);
    }
    // In as it was (or as an empty file when it is new), then replaced with tracking.
    const before = was?.stored;
    pending.push({
      ...now,
      parsed: () =>
        before
          ? restore(rel, before, () => '')
          : { path: rel, text: '', format: parsed.format, records: [], fileFindings: [], precise: true },
    });
    tracked.push(parsed);
  });
  const gone = Object.keys(old?.files ?? {}).filter((rel) => !(rel in next));
  if (gone.length > 0) dirty = true;
  if (gone.some((rel) => !old!.files[rel].stored)) checkAll = true;
  const unknown = loading.found.files.some(
    ({ rel }) => loading.found.reported.has(rel) && next[rel] && (!next[rel].diagnostics || next[rel].entities),
  );
  const needIndex = checkAll || unknown || tracked.length > 0 || gone.length > 0;
  const records = new Map<string, number>();
  for (const { i, parsed, records: n } of pending) {
    const rel = loading.found.files[i].rel;
    records.set(rel, n);
    loading.add(i, {
      parsed: needIndex
        ? parsed()
        : { path: rel, text: '', format: formatOf(rel) ?? 'yaml', records: [], fileFindings: [], precise: true },
    });
  }
  const ws = loading.finish();
  // Files that are gone: in as they were, then removed with tracking.
  for (const rel of gone) {
    const stored = old!.files[rel].stored;
    if (stored)
      ws.index.upsert(
        restore(rel, stored, () => ''),
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
      return writeCache(file, { svcmValidateCache: 1, key, files: next });
    },
  };
}

function readCache(file: string, key: string): CacheData | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8');
    if (!text.startsWith(SIGNATURE)) return undefined;
    const data = JSON.parse(text) as CacheData;
    return data.key === key && data.files && typeof data.files === 'object' ? data : undefined;
  } catch {
    // No cache yet, or one that cannot be read: a full run writes a new one.
    return undefined;
  }
}

function writeCache(file: string, data: CacheData): string | undefined {
  try {
    // Never overwrite a file that is not an svcm cache (a mistyped --cache-location).
    if (fs.existsSync(file)) {
      const fd = fs.openSync(file, 'r');
      const head = Buffer.alloc(SIGNATURE.length);
      fs.readSync(fd, head, 0, head.length, 0);
      fs.closeSync(fd);
      if (head.toString('utf8') !== SIGNATURE)
        return `the cache was not written: '${file}' exists and is not an svcm cache file`;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.tmp`;
    // `svcmValidateCache` is the first key: the file starts with SIGNATURE.
    fs.writeFileSync(temp, JSON.stringify(data));
    fs.renameSync(temp, file);
    return undefined;
  } catch (error) {
    return `the cache was not written to '${file}': ${reason(error)}`;
  }
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
