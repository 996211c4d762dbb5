import * as fs from 'node:fs';
import * as nodeModule from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vm from 'node:vm';

/*
 * The commands' bundle (dist/commands.js) loaded with V8's compiled code kept
 * between runs: compiling the 1.1 MB bundle, and the functions it compiles lazily
 * as a run goes, is about 30 ms of the single large file's 340 ms under Node 20,
 * and 15 ms of 265 under Node 24 (docs/performance.md). Node's own compile cache
 * (`module.enableCompileCache`, Node 22.1 and later) is made before the run, so
 * it holds less, and it keeps its folder where every user of the machine can write.
 *
 * The code cache is made after the first run, so that it holds the functions
 * compiled lazily too, and kept in a folder of the user's own under the system's
 * temporary folder: made with mode 0700, and used only while it is a folder (not a
 * link), owned by this user and closed to others, so that nobody else can put
 * code there for svcm to run. Its files are named by the bundle and its path, the
 * Node version, and the bundle's size and time, so that each install and each Node
 * has its own, and an update replaces it; V8 refuses a cache made by another V8 or
 * with other flags, and a refused one is made again. `NODE_DISABLE_COMPILE_CACHE=1`
 * turns it off, as it does Node's. The language server keeps none: it starts once
 * per editor session, and in an untrusted workspace it only reads
 * (docs/language-server.md).
 */

/** What `loadWithCodeCache` gives: the bundle's exports, and `keep`, to call once the run is done. */
export interface CachedBundle {
  exports: unknown;
  /** Writes the code cache when there was none or V8 refused it (never throws). */
  keep(): void;
}

/**
 * Loads `file`, a CommonJS bundle, as `require` would, with its code cache (above).
 * `flags`: the V8 flags the run set (cli.ts, a short run), which name its cache:
 * V8 refuses a cache made under other flags, so each set keeps its own, and runs
 * of both kinds in turn do not make each other's again.
 */
export function loadWithCodeCache(file: string, flags?: string): CachedBundle {
  const source = fs.readFileSync(file, 'utf8');
  const folder = process.env.NODE_DISABLE_COMPILE_CACHE ? undefined : cacheFolder();
  const stat = fs.statSync(file);
  // One install (a bundle's path) under one Node: its caches share the prefix, and a new one replaces the old.
  const flagsTag = flags ? `-${flags.replace(/[^\w]+/g, '-').replace(/^-+|-+$/g, '')}` : '';
  const prefix = `${path.basename(file)}-${hashOf(file)}${flagsTag}-${process.version}-${process.arch}-`;
  const name = `${prefix}${stat.size}-${Math.trunc(stat.mtimeMs)}.v8`;
  const cacheFile = folder && path.join(folder, name);
  const cachedData = cacheFile ? readOwnFile(cacheFile) : undefined;
  const script = new vm.Script(nodeModule.wrap(source), { filename: file, cachedData });
  const module = { exports: {} as unknown };
  const run = script.runInThisContext() as (...args: unknown[]) => void;
  run.call(module.exports, module.exports, nodeModule.createRequire(file), module, file, path.dirname(file));
  const stale = cacheFile !== undefined && (cachedData === undefined || script.cachedDataRejected === true);
  return {
    exports: module.exports,
    keep() {
      if (!stale || !folder || !cacheFile) return;
      try {
        const data = script.createCachedData();
        const temporary = `${cacheFile}.${process.pid}.tmp`;
        fs.writeFileSync(temporary, data, { mode: 0o600, flag: 'wx' });
        fs.renameSync(temporary, cacheFile);
        // The caches of this install's earlier bundles, under this Node, are no longer of use.
        // (Not another run's file still being written: only caches, named `.v8`.)
        for (const other of fs.readdirSync(folder))
          if (other.startsWith(prefix) && other.endsWith('.v8') && other !== name)
            fs.rmSync(path.join(folder, other), { force: true });
      } catch {
        // A cache that cannot be written only costs the compiling it would have saved.
      }
    },
  };
}

/** FNV-1a of `text`, in hex: a short name for a path (no `crypto` to load for it). */
function hashOf(text: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
  return (hash >>> 0).toString(16);
}

/** The user's own cache folder, made when missing; undefined when it is not safe to use (above) or cannot be made. */
function cacheFolder(): string | undefined {
  const uid = process.getuid?.();
  const folder = path.join(os.tmpdir(), uid === undefined ? 'svcm-code-cache' : `svcm-code-cache-${uid}`);
  try {
    fs.mkdirSync(folder, { mode: 0o700 });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
  }
  try {
    const stat = fs.lstatSync(folder);
    if (!stat.isDirectory()) return undefined;
    // Windows has no owners here; its temporary folder is the user's own.
    if (uid !== undefined && (stat.uid !== uid || (stat.mode & 0o077) !== 0)) return undefined;
    return folder;
  } catch {
    return undefined;
  }
}

/** The bytes of `file` when it is a regular file of this user's, else undefined. */
function readOwnFile(file: string): Buffer | undefined {
  try {
    const stat = fs.lstatSync(file);
    const uid = process.getuid?.();
    if (!stat.isFile() || (uid !== undefined && stat.uid !== uid)) return undefined;
    return fs.readFileSync(file);
  } catch {
    return undefined;
  }
}
