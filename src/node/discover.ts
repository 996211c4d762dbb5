import * as fs from 'node:fs';
import * as path from 'node:path';
import ignore, { type Ignore } from 'ignore';
import { ReadBoundary } from './boundary';
import { reason } from './readBytes';
import { SKIPPED_NAMES } from './smallWorkspace';

export { reason } from './readBytes';

/** A problem with what the user asked for (a bad option, a PATH that cannot be read): exit status 2. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** A file that may hold records, found on disk. */
export interface Candidate {
  /** Absolute path, as found (through links, if any). */
  abs: string;
  /** The path shown to the user and used as the file's identity in the core: relative to `cwd`, with `/`. */
  rel: string;
  /** The file's real path, so that a file reached twice (through a link) is read once. */
  real: string;
  /** Reached through a symbolic link (to it or to a folder above it). */
  viaLink: boolean;
}

export interface Discovered {
  /** Every candidate under the workspace root and under the PATHs, each real file once; the PATHs' first. */
  files: Candidate[];
  /** The `rel` paths of the candidates under the PATHs: the files whose findings are reported. */
  reported: Set<string>;
  /** Things inside the tree that could not be read (permission denied, ...): worth a warning, not a failure. */
  warnings: string[];
  /**
   * The `rel` paths of symbolic links whose target lies outside the folders being
   * validated (the root and the PATHs): not followed, not read (docs/security.md).
   */
  skippedLinks: string[];
}

/** Record files are found by extension; their content decides whether they are ours. */
const RECORD_EXTENSIONS = ['.yaml', '.yml', '.md', '.markdown'];

export function isRecordFileName(name: string): boolean {
  const lower = name.toLowerCase();
  return RECORD_EXTENSIONS.some((ext) => lower.endsWith(ext));
}

/**
 * Finds the record files for `svcm validate`. The workspace root is walked in full
 * (its records are the definitions that references resolve against), and so is
 * each PATH; only the files under the PATHs are `reported`.
 *
 * Walks skip `node_modules`, `.git` and what `.gitignore` files ignore (each applies
 * to its own folder and below, a deeper file's `!pattern` winning; those of the
 * folders above the walk's start apply too, up to the git work tree's top or the
 * workspace root). They never follow a link to a folder they have already entered or
 * to a folder above their start (so link loops end), and skip without a word FIFOs,
 * sockets, devices and dangling links: only `.gitignore` files are read here, and
 * only when they are regular files.
 *
 * A link (to a file or a folder) whose target resolves outside the folders being
 * validated (the root and the PATHs) is not followed: it is listed in
 * `skippedLinks` (docs/security.md). Links that stay inside keep working.
 *
 * A PATH is taken as asked: a named file is checked even when it is ignored or not
 * a `.yaml`/`.md` file, and a named folder is walked even when it is ignored.
 *
 * @param root absolute path of the workspace root
 * @param cwd absolute path that `rel` paths are relative to
 * @param args the PATH arguments as typed (relative to `cwd`, or absolute); `[]` means the root
 * @throws UsageError when a PATH does not exist, cannot be read, or is not a file or folder
 */
export function discover(root: string, cwd: string, args: readonly string[]): Discovered {
  const warnings: string[] = [];
  const skippedLinks: string[] = [];
  const starts = (args.length > 0 ? args : [root]).map((arg) => checkPath(arg, cwd));
  // A PATH is taken as asked, so the folders named are inside the boundary (and a file named is read as it is).
  const boundary = new ReadBoundary([root, ...starts.filter((s) => s.kind === 'dir').map((s) => s.abs)]);
  const links = { seen: false };
  const walkOf = (start: string) => walk(start, root, cwd, { warnings, boundary, skippedLinks, links });
  /** real path -> the candidate that stands for it, and whether a PATH reached it */
  const byReal = new Map<string, { candidate: Candidate; report: boolean }>();
  const add = (candidate: Candidate, report: boolean) => {
    const known = byReal.get(candidate.real);
    if (!known) byReal.set(candidate.real, { candidate, report });
    else {
      // A file reached twice is read once, under the name that does not go through a link (else the first).
      if (known.candidate.viaLink && !candidate.viaLink) known.candidate = candidate;
      known.report ||= report;
    }
  };

  const rootReal = realpathOr(root);
  if (starts.length === 1 && starts[0].kind === 'dir' && starts[0].real === rootReal) {
    // One walk of the root that met no link: each file was reached once, under its own name (no map of real paths).
    const only = walkOf(starts[0].abs);
    if (!links.seen) return { files: only, reported: new Set(only.map((c) => c.rel)), warnings, skippedLinks };
    for (const c of only) add(c, true);
    return finish();
  }
  for (const start of starts) {
    if (start.kind === 'file')
      add({ abs: start.abs, rel: relativeTo(cwd, start.abs), real: start.real, viaLink: false }, true);
    else for (const c of walkOf(start.abs)) add(c, true);
  }
  if (!starts.some((s) => s.kind === 'dir' && s.real === rootReal)) for (const c of walkOf(root)) add(c, false);
  return finish();

  function finish(): Discovered {
    const files = [...byReal.values()].map((v) => v.candidate);
    const reported = new Set([...byReal.values()].filter((v) => v.report).map((v) => v.candidate.rel));
    return { files, reported, warnings, skippedLinks: [...new Set(skippedLinks)] };
  }
}

interface Start {
  kind: 'file' | 'dir';
  abs: string;
  real: string;
}

function checkPath(arg: string, cwd: string): Start {
  const abs = path.resolve(cwd, arg);
  let stat: fs.Stats;
  try {
    stat = fs.statSync(abs);
  } catch (error) {
    throw new UsageError(`cannot read '${arg}': ${reason(error)}`);
  }
  if (stat.isDirectory()) {
    try {
      fs.readdirSync(abs);
    } catch (error) {
      throw new UsageError(`cannot read folder '${arg}': ${reason(error)}`);
    }
    return { kind: 'dir', abs, real: realpathOr(abs) };
  }
  if (!stat.isFile()) throw new UsageError(`cannot read '${arg}': not a regular file or folder`);
  try {
    fs.accessSync(abs, fs.constants.R_OK);
  } catch (error) {
    throw new UsageError(`cannot read '${arg}': ${reason(error)}`);
  }
  return { kind: 'file', abs, real: realpathOr(abs) };
}

/** One `.gitignore`: its folder and its patterns. */
interface IgnoreFile {
  base: string;
  ig: Ignore;
}

interface Pending {
  dir: string;
  /** The folder's real path: an entry that is not a link has its folder's real path plus its name. */
  real: string;
  rules: IgnoreFile[];
  viaLink: boolean;
}

/**
 * The candidates under `start`, in a stable order (sorted names, depth first).
 * Iterative, so a deep tree cannot overflow the stack.
 */
function walk(
  start: string,
  root: string,
  cwd: string,
  {
    warnings,
    boundary,
    skippedLinks,
    links,
  }: { warnings: string[]; boundary: ReadBoundary; skippedLinks: string[]; links: { seen: boolean } },
): Candidate[] {
  const out: Candidate[] = [];
  const cwdSlash = cwd.endsWith('/') ? cwd : `${cwd}/`;
  const startReal = realpathOr(start);
  const visited = new Set<string>([startReal]);
  let inherited = ancestorRules(start, root);
  // A folder named as a PATH is walked even when the rules above ignore it; then those rules do not apply inside it.
  if (isIgnored(inherited, start, true)) inherited = [];
  const stack: Pending[] = [{ dir: start, real: startReal, rules: inherited, viaLink: false }];
  while (stack.length > 0) {
    const { dir, real: dirReal, rules: parentRules, viaLink } = stack.pop()!;
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      warnings.push(`cannot read folder '${relativeTo(cwd, dir)}': ${reason(error)}`);
      continue;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const rules = withGitignore(parentRules, dir, entries, boundary);
    const subdirs: Pending[] = [];
    const sameReal = dirReal === dir;
    // A file under `cwd` (the usual case) has `rel` = the rest of `abs`: a slice of it, with no path.relative per file;
    // elsewhere (`svcm validate /other/folder`) the folder's own `rel` and the name: one path.relative per folder.
    const under = path.sep === '/' && (dir === cwd || dir.startsWith(cwdSlash));
    const dirRel = path.sep === '/' && !under ? relativeTo(cwd, dir) : undefined;
    const relPrefix = dirRel === undefined || dirRel === '.' ? '' : `${dirRel}/`;
    // `dir` is already normal (resolved, or made here) and a name holds no separator: no path.join per entry.
    const dirSep = dir.endsWith(path.sep) ? dir : dir + path.sep;
    const realSep = dirReal.endsWith(path.sep) ? dirReal : dirReal + path.sep;
    for (const entry of entries) {
      if (SKIPPED_NAMES.has(entry.name)) continue;
      if (entry.isSymbolicLink()) links.seen = true;
      const abs = dirSep + entry.name;
      const type = entryType(entry, abs);
      if (type === 'dir') {
        if (isIgnored(rules, abs, true)) continue;
        // Only a link needs the file system's answer (one call per link, not per entry).
        const real = entry.isSymbolicLink() ? realpathOr(abs, '') : realSep + entry.name;
        if (real === '') continue;
        if (!boundary.contains(real)) {
          skippedLinks.push(relativeTo(cwd, abs));
          continue;
        }
        // Entered already, or a folder above the start (a link back up): a loop, or a second way to the same files.
        if (visited.has(real) || isInside(real, startReal)) continue;
        visited.add(real);
        subdirs.push({ dir: abs, real, rules, viaLink: viaLink || entry.isSymbolicLink() });
      } else if (type === 'file') {
        if (!isRecordFileName(entry.name) || isIgnored(rules, abs, false)) continue;
        const link = entry.isSymbolicLink();
        const rel = under
          ? abs.slice(cwdSlash.length)
          : dirRel !== undefined
            ? relPrefix + entry.name
            : relativeTo(cwd, abs);
        // Every folder walked lies inside the boundary (links to folders are checked before they are
        // entered), so only a link to a file needs the check; a plain file's real path is one string less.
        if (!link) {
          out.push({ abs, rel, real: sameReal ? abs : realSep + entry.name, viaLink });
          continue;
        }
        const real = realpathOr(abs);
        if (!boundary.contains(real)) {
          skippedLinks.push(rel);
          continue;
        }
        out.push({ abs, rel, real, viaLink: true });
      }
    }
    // Pushed in reverse so that they are walked in name order.
    for (let i = subdirs.length - 1; i >= 0; i--) stack.push(subdirs[i]);
  }
  return out;
}

/** What an entry is, following a link; `other` for FIFOs, sockets, devices, dangling links and link loops. */
function entryType(entry: fs.Dirent, abs: string): 'dir' | 'file' | 'other' {
  if (entry.isDirectory()) return 'dir';
  if (entry.isFile()) return 'file';
  if (!entry.isSymbolicLink()) return 'other';
  try {
    const target = fs.statSync(abs);
    return target.isDirectory() ? 'dir' : target.isFile() ? 'file' : 'other';
  } catch {
    return 'other';
  }
}

/** Adds the folder's own `.gitignore` (read only when it is a regular file: a FIFO would block). */
function withGitignore(rules: IgnoreFile[], dir: string, entries: fs.Dirent[], boundary: ReadBoundary): IgnoreFile[] {
  const entry = entries.find((e) => e.name === '.gitignore');
  if (!entry) return rules;
  const file = path.join(dir, '.gitignore');
  if (entryType(entry, file) !== 'file') return rules;
  if (entry.isSymbolicLink() && boundary.escapes(file) !== undefined) return rules;
  const patterns = readSmallText(file);
  return patterns === undefined ? rules : [...rules, { base: dir, ig: ignore().add(patterns) }];
}

/**
 * The `.gitignore` files of the folders above `start` that apply to it, from the top
 * down to `start`'s parent. The top is the work tree's (the nearest folder holding
 * `.git`) or, outside git, the workspace root when `start` is inside it; so a walk of
 * a sub-folder ignores what the walk of the whole root ignores there.
 */
function ancestorRules(start: string, root: string): IgnoreFile[] {
  if (fs.existsSync(path.join(start, '.git'))) return [];
  const chain: string[] = [];
  let top: string | undefined;
  for (let dir = path.dirname(start); ;) {
    chain.unshift(dir);
    if (fs.existsSync(path.join(dir, '.git'))) {
      top = dir;
      break;
    }
    const parent = path.dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  if (top === undefined) {
    if (!isInside(root, start) || root === start) return [];
    chain.splice(0, chain.indexOf(root));
  }
  const rules: IgnoreFile[] = [];
  for (const folder of chain) {
    const file = path.join(folder, '.gitignore');
    let isFile = false;
    try {
      isFile = fs.statSync(file).isFile();
    } catch {
      // no .gitignore here
    }
    const patterns = isFile ? readSmallText(file) : undefined;
    if (patterns !== undefined) rules.push({ base: folder, ig: ignore().add(patterns) });
  }
  return rules;
}

/** Git's precedence: the deepest `.gitignore` that has an opinion (ignore or `!` re-include) decides. */
function isIgnored(rules: readonly IgnoreFile[], abs: string, isDir: boolean): boolean {
  for (let i = rules.length - 1; i >= 0; i--) {
    const rel = path.relative(rules[i].base, abs).split(path.sep).join('/');
    if (rel === '' || rel.startsWith('../') || rel === '..' || path.isAbsolute(rel)) continue;
    const result = rules[i].ig.test(isDir ? `${rel}/` : rel);
    if (result.unignored) return false;
    if (result.ignored) return true;
  }
  return false;
}

function readSmallText(file: string): string | undefined {
  try {
    const text = fs.readFileSync(file, 'utf8');
    return text.length > 1024 * 1024 ? undefined : text;
  } catch {
    return undefined;
  }
}

function isInside(folder: string, abs: string): boolean {
  const rel = path.relative(folder, abs);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/** `to` relative to `from`, with `/`; absolute when there is no relative way (another drive). */
export function relativeTo(from: string, to: string): string {
  const rel = path.relative(from, to);
  if (rel === '') return '.';
  return (path.isAbsolute(rel) ? to : rel).split(path.sep).join('/');
}

function realpathOr(abs: string, fallback = abs): string {
  try {
    return fs.realpathSync.native(abs);
  } catch {
    return fallback;
  }
}
