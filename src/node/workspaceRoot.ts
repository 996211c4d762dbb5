import * as fs from 'node:fs';
import * as path from 'node:path';
import { CONFIG_FILE } from '../core/configFile';

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
  for (let dir = common; ;) {
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

export function isWithin(folder: string, abs: string): boolean {
  const rel = path.relative(folder, abs);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

export function isFile(abs: string): boolean {
  try {
    return fs.statSync(abs).isFile();
  } catch {
    return false;
  }
}
