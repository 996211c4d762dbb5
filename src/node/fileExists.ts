import * as fs from 'node:fs';
import * as path from 'node:path';
import picomatch from 'picomatch';

/** At most this many folder entries are looked at for one glob (a glob over a huge tree answers "yes" then). */
const MAX_GLOB_VISITS = 50_000;
const SKIPPED = new Set(['node_modules', '.git']);

/**
 * The core's `fileExists` port over the file system, for targets svcm does
 * not index (`$text: ./api.graphql`, a Location glob over JSON files). Paths
 * are relative to `cwd` and already kept inside the workspace by the core. A
 * glob is looked for from its fixed leading folders down, without following
 * links, skipping `node_modules` and `.git`, stopping at the first match.
 */
export function nodeFileExists(cwd: string): (rel: string, glob: boolean) => boolean {
  return (rel, glob) => {
    if (glob) return globMatchesAFile(cwd, rel);
    try {
      return fs.statSync(path.resolve(cwd, rel)).isFile();
    } catch {
      return false;
    }
  };
}

function globMatchesAFile(cwd: string, glob: string): boolean {
  let match: (p: string) => boolean;
  let base: string;
  try {
    match = picomatch(glob, { dot: true });
    base = picomatch.scan(glob).base;
  } catch {
    return false;
  }
  let visits = 0;
  const stack = [base];
  while (stack.length > 0) {
    const dir = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.resolve(cwd, dir), { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      // Too much to look through: say yes rather than report a target that may well exist.
      if (++visits > MAX_GLOB_VISITS) return true;
      const rel = dir === '' ? entry.name : `${dir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (!SKIPPED.has(entry.name)) stack.push(rel);
      } else if (entry.isFile() && match(rel)) return true;
    }
  }
  return false;
}
