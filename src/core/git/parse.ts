// Pure parsers of git's output. Nothing here runs git: src/node/git.ts does, and hands the text over.
// Every format read here is the machine one (`-z`, `--porcelain`, explicit `--format`), so paths
// arrive verbatim (no C-quoting) and the output does not depend on the user's locale or config.

/** One entry of `git status --porcelain=v1 -z`. */
export interface StatusEntry {
  /** The index (staged) status letter: ' ', M, T, A, D, R, C, U, '?' or '!'. */
  index: string;
  /** The work-tree (unstaged) status letter, same alphabet. */
  workTree: string;
  /** Repository-relative path with `/` (for a rename or copy: the new path). */
  path: string;
  /** For a rename or copy: the path it came from. */
  origPath?: string;
}

/** One entry of `git diff --name-status -z`. */
export interface NameStatusEntry {
  /** The status letter: A, C, D, M, R, T, U or X. */
  status: string;
  /** The similarity percentage of a rename or copy (`R100` -> 100). */
  score?: number;
  /** Repository-relative path with `/` (for a rename or copy: the new path). */
  path: string;
  /** For a rename or copy: the path it came from. */
  origPath?: string;
}

/** One commit, as `commits()` returns it. */
export interface Commit {
  /** Full object name (40 hex digits, or 64 in a SHA-256 repository). */
  sha: string;
  /** Abbreviated object name, as git abbreviates it in this repository. */
  shortSha: string;
  /** Parent shas, first parent first; empty for a root commit, two or more for a merge. */
  parents: string[];
  author: string;
  authorEmail: string;
  /** Author date, strict ISO 8601 with offset (`2026-11-26T18:00:00+01:00`). */
  date: string;
  /** The first paragraph of the message, on one line. */
  subject: string;
  /** The rest of the message, with `\n` line ends and no trailing newline; '' when there is none. */
  body: string;
}

/**
 * The `git log` format `LogParser` reads; pass it with `-z` (`git log -z --format=...`).
 * Fields are NUL-separated and `-z` ends each commit with a NUL. A commit message
 * cannot hold a NUL (git refuses one), so every commit is exactly LOG_FIELDS fields
 * whatever its message says, record separators and CRLF included.
 */
export const LOG_FORMAT = '%H%x00%h%x00%P%x00%an%x00%ae%x00%aI%x00%s%x00%b';
const LOG_FIELDS = 8;

const SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** True for a full object name (SHA-1 or SHA-256, lowercase hex). */
export function isSha(value: string): boolean {
  return SHA.test(value);
}

/** Splits NUL-terminated output into its fields. A trailing NUL ends the last field; no trailing NUL still yields it. */
export function splitNul(text: string): string[] {
  if (text === '') return [];
  const fields = text.split('\0');
  if (fields[fields.length - 1] === '') fields.pop();
  return fields;
}

/**
 * Parses `git status --porcelain=v1 -z` (with or without `--untracked-files=all`).
 * Each entry is `XY PATH\0`; when X or Y is R or C, the original path follows as the
 * next field (`R  new\0old\0`). Paths are repository-relative whatever the current
 * folder. Unreadable fields are skipped, never thrown on.
 */
export function parseStatus(text: string): StatusEntry[] {
  const fields = splitNul(text);
  const entries: StatusEntry[] = [];
  for (let i = 0; i < fields.length; i++) {
    const field = fields[i];
    // `XY ` then at least one character of path.
    if (field.length < 4 || field[2] !== ' ') continue;
    const entry: StatusEntry = { index: field[0], workTree: field[1], path: field.slice(3) };
    if ('RC'.includes(entry.index) || 'RC'.includes(entry.workTree)) {
      const orig = fields[++i];
      if (orig !== undefined && orig !== '') entry.origPath = orig;
    }
    entries.push(entry);
  }
  return entries;
}

/**
 * Parses `git diff --name-status -z` (also `git diff-tree -r --name-status -z`):
 * `M\0path\0`, and for renames and copies `R100\0old\0new\0`.
 */
export function parseNameStatus(text: string): NameStatusEntry[] {
  const fields = splitNul(text);
  const entries: NameStatusEntry[] = [];
  for (let i = 0; i < fields.length; i++) {
    const match = /^([A-Z])(\d{1,3})?$/.exec(fields[i]);
    if (!match) continue;
    const status = match[1];
    if (status === 'R' || status === 'C') {
      const origPath = fields[i + 1];
      const path = fields[i + 2];
      i += 2;
      if (!origPath || !path) continue;
      const entry: NameStatusEntry = { status, path, origPath };
      if (match[2] !== undefined) entry.score = Number(match[2]);
      entries.push(entry);
    } else {
      const path = fields[++i];
      if (path) entries.push({ status, path });
    }
  }
  return entries;
}

/** Parses `git diff --name-only -z`: one repository-relative path per field. */
export function parseNameOnly(text: string): string[] {
  return splitNul(text).filter((p) => p !== '');
}

/**
 * The paths a change touches, for "which files changed": the path of every entry,
 * and the original path of a rename (the file left that place, which is a change
 * there too). The source of a copy is unchanged and is not listed. Ignored files
 * (`!!`) are not changes. Sorted, without duplicates.
 */
export function touchedPaths(entries: readonly (StatusEntry | NameStatusEntry)[]): string[] {
  const out = new Set<string>();
  for (const entry of entries) {
    if ('index' in entry && entry.index === '!' && entry.workTree === '!') continue;
    out.add(entry.path);
    if (entry.origPath !== undefined && isRename(entry)) out.add(entry.origPath);
  }
  return [...out].sort(compareStrings);
}

function isRename(entry: StatusEntry | NameStatusEntry): boolean {
  return 'status' in entry ? entry.status === 'R' : entry.index === 'R' || entry.workTree === 'R';
}

/**
 * The one line that `git rev-parse`, `git merge-base`, `git branch --show-current`
 * and the like print: the output without its final line end (`\n` or `\r\n`).
 * Only the line end is removed: a path may end in spaces.
 */
export function parseLine(text: string): string {
  const end = text.indexOf('\n');
  const line = end < 0 ? text : text.slice(0, end);
  return line.endsWith('\r') ? line.slice(0, -1) : line;
}

/** `git rev-parse --verify REF^{commit}` or `git merge-base A B`: the sha, or undefined when the output is not one. */
export function parseSha(text: string): string | undefined {
  const line = parseLine(text).trim();
  return isSha(line) ? line : undefined;
}

/**
 * `git rev-parse --is-shallow-repository`, `--is-inside-work-tree` and other
 * boolean queries: `true` / `false`, undefined for anything else (an older git
 * echoes an option it does not know).
 */
export function parseBoolean(text: string): boolean | undefined {
  const line = parseLine(text).trim();
  return line === 'true' ? true : line === 'false' ? false : undefined;
}

/**
 * `git rev-parse --show-prefix`: the current folder relative to the top of the
 * work tree, with `/` and a trailing `/` (`services/api/`), or '' at the top.
 */
export function parseShowPrefix(text: string): string {
  const prefix = parseLine(text).replace(/\\/g, '/');
  if (prefix === '') return '';
  return prefix.endsWith('/') ? prefix : `${prefix}/`;
}

/** `git branch --show-current`: the branch name, or undefined in a detached HEAD (git prints nothing). */
export function parseCurrentBranch(text: string): string | undefined {
  const line = parseLine(text).trim();
  return line === '' ? undefined : line;
}

/**
 * `git symbolic-ref refs/remotes/origin/HEAD`: the ref it points at
 * (`refs/remotes/origin/main`) and its short name (`origin/main`); undefined when
 * the output is empty or not a ref.
 */
export function parseSymbolicRef(text: string): { ref: string; short: string } | undefined {
  const ref = parseLine(text).trim();
  if (!ref.startsWith('refs/')) return undefined;
  for (const prefix of ['refs/remotes/', 'refs/heads/', 'refs/tags/']) {
    if (ref.startsWith(prefix) && ref.length > prefix.length) return { ref, short: ref.slice(prefix.length) };
  }
  return { ref, short: ref.slice('refs/'.length) };
}

/**
 * Reads `git log -z --format=LOG_FORMAT` output incrementally: `push` each chunk
 * as it arrives (strings, or bytes split anywhere, even inside a UTF-8 sequence)
 * and get the commits completed so far; `end` returns the rest. The same commits
 * come out however the output is cut into chunks.
 */
export class LogParser {
  private readonly decoder = new TextDecoder('utf-8');
  /** The text after the last NUL seen: the start of a field still arriving. */
  private partial = '';
  private fields: string[] = [];

  push(chunk: string | Uint8Array): Commit[] {
    const text = typeof chunk === 'string' ? chunk : this.decoder.decode(chunk, { stream: true });
    const parts = (this.partial + text).split('\0');
    this.partial = parts.pop()!;
    const out: Commit[] = [];
    for (const field of parts) this.take(field, out);
    return out;
  }

  end(): Commit[] {
    const out: Commit[] = [];
    const rest = this.partial + this.decoder.decode();
    this.partial = '';
    // Output without the final NUL (a plain `--format` without `-z`) still ends its last field.
    if (rest !== '' || this.fields.length === LOG_FIELDS - 1) this.take(rest, out);
    this.fields = [];
    return out;
  }

  private take(field: string, out: Commit[]): void {
    // A record starts with a full sha; anything else at that place is not ours (a warning git printed, a
    // truncated record): skip to the next sha rather than shift every later field.
    if (this.fields.length === 0) {
      const start = field.replace(/^[\r\n]+/, '');
      if (!isSha(start)) return;
      field = start;
    }
    this.fields.push(field);
    if (this.fields.length === LOG_FIELDS) {
      out.push(toCommit(this.fields));
      this.fields = [];
    }
  }
}

/** Parses the whole output of `git log -z --format=LOG_FORMAT`. */
export function parseLog(text: string | Uint8Array): Commit[] {
  const parser = new LogParser();
  return [...parser.push(text), ...parser.end()];
}

function toCommit([sha, shortSha, parents, author, authorEmail, date, subject, body]: string[]): Commit {
  return {
    sha,
    shortSha,
    parents: parents.split(' ').filter((p) => p !== ''),
    author,
    authorEmail,
    date,
    subject: normalizeEol(subject).trim(),
    body: normalizeEol(body).replace(/\s+$/, ''),
  };
}

function normalizeEol(text: string): string {
  return text.replace(/\r\n?/g, '\n');
}

/**
 * Converts repository-relative paths (what `git status` and `git diff` print) to
 * paths relative to a folder inside the work tree, given that folder's
 * `--show-prefix`: paths outside the folder are dropped. Sorted, without duplicates.
 */
export function relativeToPrefix(repoPaths: readonly string[], prefix: string): string[] {
  const out = new Set<string>();
  for (const p of repoPaths) {
    if (prefix === '') out.add(p);
    else if (p.startsWith(prefix) && p.length > prefix.length) out.add(p.slice(prefix.length));
  }
  return [...out].sort(compareStrings);
}

/**
 * Whether a string is safe to hand git as a revision argument: not empty, not an
 * option (`-...`), no NUL or line break. It says nothing of whether the ref exists.
 */
export function isSafeRevision(ref: string): boolean {
  return ref !== '' && !ref.startsWith('-') && !/[\0\r\n]/.test(ref);
}

/** Plain code-unit order, the same on every OS (as the CLI sorts paths). */
function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
