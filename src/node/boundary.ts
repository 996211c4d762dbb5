import * as fs from 'node:fs';
import * as path from 'node:path';

/*
 * The read boundary (docs/security.md): svcm reads only files whose real path
 * lies inside the folders being validated. A symbolic link whose target
 * resolves outside them is not read, so a repository cannot make svcm print a
 * file of the machine it runs on (a CI runner's secrets) into a diagnostic.
 * Shared by `svcm validate`/`svcm affected` (discover.ts), the editor's scan
 * and the language server, so that they skip the same files.
 */

/** The real paths of the folders svcm may read from; a path inside one of them is inside the boundary. */
export class ReadBoundary {
  readonly folders: readonly string[];

  /** @param folders absolute paths (links in them are resolved; a folder that does not exist is taken as given) */
  constructor(folders: readonly string[]) {
    this.folders = [...new Set(folders.map((f) => realpathOr(f)))];
  }

  /** Whether a real (link-free) absolute path is one of the folders or lies inside one. */
  contains(real: string): boolean {
    return this.folders.some((folder) => real === folder || isInside(folder, real));
  }

  /**
   * Where a path leads, when it leads outside the boundary through a link: its
   * real path; else undefined (inside, or gone: the reader reports that).
   */
  escapes(abs: string): string | undefined {
    const real = realpathOr(abs, '');
    return real !== '' && !this.contains(real) ? real : undefined;
  }
}

/** Async `ReadBoundary.escapes` for one folder, for callers that must not block (the editor's extension host). */
export async function escapesFolder(folderReal: string, rel: string, abs: string): Promise<boolean> {
  let real: string;
  try {
    real = await fs.promises.realpath(abs);
  } catch {
    return false;
  }
  // The common case costs one call: no link on the way, the real path is the folder's plus the relative path.
  if (real === path.join(folderReal, ...rel.split('/'))) return false;
  return real !== folderReal && !isInside(folderReal, real);
}

/** The real path of a folder, or the path itself when it cannot be resolved. */
export async function realFolder(abs: string): Promise<string> {
  try {
    return await fs.promises.realpath(abs);
  } catch {
    return abs;
  }
}

/**
 * The one line that says which links were skipped and why (said once per run,
 * at info level): at most `max` paths are named.
 */
export function skippedLinksNote(rels: readonly string[], where: string, max = 10): string {
  const n = rels.length;
  const named = rels.slice(0, max).join(', ') + (n > max ? ` and ${n - max} more` : '');
  return `skipped ${n} symbolic link${n === 1 ? '' : 's'} leading outside ${where} (not read, so that a repository cannot make svcm read other files of this machine; see docs/security.md): ${named}`;
}

function isInside(folder: string, abs: string): boolean {
  const rel = path.relative(folder, abs);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

function realpathOr(abs: string, fallback = abs): string {
  try {
    return fs.realpathSync.native(abs);
  } catch {
    return fallback;
  }
}
