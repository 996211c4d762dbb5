import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE, DEFAULT_CONFIG, parseConfig, type SvcmConfig } from '../core/config';
import type { Finding } from '../core/finding';
import { WorkspaceIndex } from '../core/index/workspaceIndex';
import { MAX_FILE_BYTES, stripBom } from '../core/parse/decode';
import { parseBytes } from '../core/parse/parseFile';
import { discover, reason, relativeTo } from './discover';

/** How much of a file above MAX_FILE_BYTES is read: enough to see `apiVersion: svcm/` and say "too large". */
export const LARGE_FILE_PREFIX = 64 * 1024;

export interface LoadOptions {
  /** Absolute path of the current folder: what shown paths are relative to (and the root when no config says otherwise). */
  cwd: string;
  /** PATH arguments as typed; `[]` for the whole root. */
  paths: readonly string[];
}

export interface ConfigFile {
  /** Relative to `cwd`, with `/` (`svcm.config.yaml`). */
  path: string;
  text: string;
  findings: Finding[];
}

export interface LoadedWorkspace {
  /** Absolute path of the workspace root. */
  root: string;
  /** Every record file of the root and the PATHs, by path relative to `cwd` with `/`. */
  index: WorkspaceIndex;
  /** The indexed paths under the PATHs, sorted: the files to report on. */
  reported: string[];
  config: SvcmConfig;
  /** `svcm.config.yaml` at the root, when there is one. */
  configFile?: ConfigFile;
  /** Files and folders inside the tree that could not be read; they do not change the exit status. */
  warnings: string[];
}

/**
 * The workspace root for the PATHs: the nearest folder holding `svcm.config.yaml`,
 * looking up from the folder that holds all the PATHs (but not above the top of its
 * git work tree); else the current folder, or, when a PATH lies outside it, the
 * folder that holds all the PATHs. PATHs that do not exist are passed over here
 * (`discover` reports them).
 */
export function findRoot(cwd: string, paths: readonly string[]): string {
  const folders: string[] = [];
  for (const arg of paths.length > 0 ? paths : ['.']) {
    const abs = path.resolve(cwd, arg);
    try {
      folders.push(fs.statSync(abs).isDirectory() ? abs : path.dirname(abs));
    } catch {
      // not there: a usage error, reported by discover
    }
  }
  if (folders.length === 0) return cwd;
  const common = folders.reduce(commonFolder);
  for (let dir = common; ; ) {
    if (isFile(path.join(dir, CONFIG_FILE))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir || fs.existsSync(path.join(dir, '.git'))) break;
    dir = parent;
  }
  return folders.every((f) => f === cwd || isWithin(cwd, f)) ? cwd : common;
}

function commonFolder(a: string, b: string): string {
  let dir = a;
  while (dir !== b && !isWithin(dir, b)) {
    const parent = path.dirname(dir);
    if (parent === dir) return dir;
    dir = parent;
  }
  return dir;
}

function isWithin(folder: string, abs: string): boolean {
  const rel = path.relative(folder, abs);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

function isFile(abs: string): boolean {
  try {
    return fs.statSync(abs).isFile();
  } catch {
    return false;
  }
}

/**
 * Loads a workspace for the CLI: finds the root (`findRoot`), reads and indexes
 * every record file under it and under the PATHs (so references resolve against
 * the whole root), reads `svcm.config.yaml` at the root, and lists the files under
 * the PATHs in `reported`. Paths are relative to `cwd`, with `/`.
 *
 * @throws UsageError when a PATH cannot be read
 */
export function loadWorkspace(options: LoadOptions): LoadedWorkspace {
  const root = findRoot(options.cwd, options.paths);
  const found = discover(root, options.cwd, options.paths);
  const warnings = [...found.warnings];
  const index = new WorkspaceIndex();
  const reported: string[] = [];
  for (const file of found.files) {
    let read: FileBytes | undefined;
    try {
      read = readRecordBytes(file.abs);
    } catch (error) {
      warnings.push(`cannot read '${file.rel}': ${reason(error)}`);
      continue;
    }
    // Replaced by something that is not a regular file since it was found: skipped like it.
    if (!read) continue;
    // A bulk load: neighbours are not tracked, everything is validated afterwards.
    index.upsert(parseBytes(file.rel, read.bytes, read.size), false);
    if (found.reported.has(file.rel)) reported.push(file.rel);
  }
  reported.sort(comparePaths);

  let config = DEFAULT_CONFIG;
  let configFile: ConfigFile | undefined;
  const configAbs = path.join(root, CONFIG_FILE);
  try {
    const read = isFile(configAbs) ? readRecordBytes(configAbs, Infinity) : undefined;
    if (read) {
      const text = stripBom(Buffer.from(read.bytes).toString('utf8'));
      const parsed = parseConfig(text);
      config = parsed.config;
      configFile = { path: relativeTo(options.cwd, configAbs), text, findings: parsed.findings };
    }
  } catch (error) {
    warnings.push(`cannot read '${CONFIG_FILE}': ${reason(error)}`);
  }
  return { root, index, reported, config, configFile, warnings };
}

export interface FileBytes {
  /** The whole file, or its first LARGE_FILE_PREFIX bytes when it is larger than `limit`. */
  bytes: Uint8Array;
  /** The file's size on disk. */
  size: number;
}

/**
 * Reads a regular file's bytes; `undefined` when the path is not a regular file.
 * Opens without blocking (a FIFO put in a file's place cannot hang the read) and
 * checks the type on the open descriptor. Files larger than `limit` are read only
 * as far as LARGE_FILE_PREFIX.
 *
 * @throws the file-system error when the file cannot be opened or read
 */
export function readRecordBytes(abs: string, limit = MAX_FILE_BYTES): FileBytes | undefined {
  const fd = fs.openSync(abs, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return undefined;
    const want = stat.size > limit ? Math.min(stat.size, LARGE_FILE_PREFIX) : stat.size;
    const bytes = Buffer.alloc(want);
    let filled = 0;
    while (filled < want) {
      const n = fs.readSync(fd, bytes, filled, want - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    return { bytes: bytes.subarray(0, filled), size: stat.size };
  } finally {
    fs.closeSync(fd);
  }
}

/** Orders paths as a person lists them: by folder, then name (plain code-unit order, the same on every OS). */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
