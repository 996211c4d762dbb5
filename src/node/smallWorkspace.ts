import * as fs from 'node:fs';
import * as path from 'node:path';
import { findRoot, isWithin } from './workspaceRoot';

/**
 * Below this many files, a thread costs more than it saves: `svcm validate`'s
 * worker (src/cli.ts) and the reading thread (readerThread.ts).
 */
export const THREAD_THRESHOLD = 1500;

/** Below this many bytes of files, `svcm validate` runs on the first thread; above, the worker's smaller young generation keeps the peak lower (youngGeneration.ts). */
export const FIRST_THREAD_BYTES = 8 * 1024 * 1024;

/** Never walked into, wherever they are (unless named as a PATH): by `discover` and here. */
export const SKIPPED_NAMES = new Set(['node_modules', '.git']);

/**
 * Whether `svcm validate` of `paths` (as typed, relative to `cwd`) has a
 * workspace small enough to check on the first thread, with no worker to start
 * (src/cli.ts): fewer than `THREAD_THRESHOLD` entries and `FIRST_THREAD_BYTES`
 * of files under its root (`findRoot`) and the PATHs outside it. A look at the
 * folders alone, before the commands are loaded, which stops as soon as the
 * answer is no: it counts every file, not only record files, and skips only
 * `SKIPPED_NAMES` (not what `.gitignore` ignores), so it errs towards the worker.
 */
export function isSmallWorkspace(cwd: string, paths: readonly string[]): boolean {
  const root = findRoot(cwd, paths);
  const outside = paths.map((p) => path.resolve(cwd, p)).filter((abs) => abs !== root && !isWithin(root, abs));
  const pending = [root, ...outside];
  let entries = 0;
  let bytes = 0;
  while (pending.length > 0) {
    const at = pending.pop()!;
    let dir: fs.Dir;
    try {
      dir = fs.opendirSync(at);
    } catch {
      // A file named as a PATH, or a folder that cannot be read (the run says so).
      bytes += sizeOf(at);
      if (++entries >= THREAD_THRESHOLD || bytes >= FIRST_THREAD_BYTES) return false;
      continue;
    }
    try {
      for (let entry = dir.readSync(); entry; entry = dir.readSync()) {
        if (SKIPPED_NAMES.has(entry.name)) continue;
        if (entry.isDirectory()) pending.push(path.join(at, entry.name));
        else if (entry.isFile()) bytes += sizeOf(path.join(at, entry.name));
        if (++entries >= THREAD_THRESHOLD || bytes >= FIRST_THREAD_BYTES) return false;
      }
    } finally {
      dir.closeSync();
    }
  }
  return true;
}

function sizeOf(abs: string): number {
  try {
    return fs.statSync(abs).size;
  } catch {
    return 0;
  }
}
