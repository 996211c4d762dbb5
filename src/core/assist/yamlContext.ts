import type { Span } from '../finding';
import type { PathSegment } from '../parse/span';

/**
 * Where the cursor is in a YAML text that may be half-typed (and so not parse):
 * read from indentation, the way a person reads it. Block style only; inside a
 * flow list (`[a, b|`) the list's key is found on the same line.
 */
export interface YamlContext {
  /** `key`: typing a map key; `value`: typing the value of `path` (a list item's path ends with -1) */
  role: 'key' | 'value';
  /** for `key`, the path of the map; for `value`, the path of the value */
  path: PathSegment[];
  /** the word being typed, and where it is (what a completion replaces) */
  prefix: string;
  replace: Span;
  /** the keys already present in the map being typed into (for `key`) */
  siblings: string[];
  /** the `kind:` of the document around the cursor, when written */
  kind?: string;
}

interface Line {
  start: number;
  text: string;
}

const KEY_LINE = /^(\s*)((?:-\s+)*)([A-Za-z_][\w-]*|"[^"]*"|'[^']*')\s*:(?:\s|$)/;

function lineAt(text: string, offset: number): Line {
  // `lastIndexOf` clamps a negative position to 0, so offset 0 of a text starting with `\n` would find that `\n`.
  const start = offset === 0 ? 0 : text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  return { start, text: text.slice(start, nl < 0 ? text.length : nl).replace(/\r$/, '') };
}

function previousLine(text: string, line: Line): Line | undefined {
  if (line.start === 0) return undefined;
  return lineAt(text, line.start - 1);
}

/** Where the line after `line` starts (past its `\n`, not past `text`: a CRLF line's `\r` is not in `line.text`), or the text's length. */
function nextLineStart(text: string, line: Line): number {
  const nl = text.indexOf('\n', line.start);
  return nl < 0 ? text.length : nl + 1;
}

/** Column where a line's content starts after indentation and `- ` indicators, and the column of its first dash. */
function columns(lineText: string): { content: number; dash: number } {
  const m = /^(\s*)((?:-\s+)*)/.exec(lineText)!;
  return { content: m[0].length, dash: m[2] ? m[1].length : -1 };
}

function unquote(key: string): string {
  return /^["']/.test(key) ? key.slice(1, -1) : key;
}

/** The completion context at `offset`, or undefined inside comments and block scalars we cannot read. */
export function yamlContextAt(text: string, offset: number): YamlContext | undefined {
  const line = lineAt(text, offset);
  const before = line.text.slice(0, offset - line.start);
  if (/(^|\s)#/.test(before)) return undefined;
  const word = /[\w./:-]*$/.exec(before)![0];
  const replaceEnd = offset + (/^[\w./:-]*/.exec(line.text.slice(offset - line.start))?.[0].length ?? 0);
  const replace = { start: offset - word.length, end: replaceEnd };

  let role: 'key' | 'value';
  let own: PathSegment[] = [];
  let limit: number;
  // Comments are ruled out above: a `#` left here is part of the value (`org/repo#12`).
  const valueMatch = /^(\s*)((?:-\s+)*)([A-Za-z_][\w-]*|"[^"]*"|'[^']*')\s*:\s+(.*)$/.exec(before);
  const flow = /^(\s*)((?:-\s+)*)([\w-]+)\s*:\s*\[[^\]]*$/.exec(before);
  const cols = columns(line.text);
  // On `- key: …` the key belongs to a new list item.
  const item: PathSegment[] = cols.dash >= 0 ? [-1] : [];
  if (flow) {
    role = 'value';
    own = [...item, flow[3], -1];
  } else if (valueMatch) {
    role = 'value';
    own = [...item, unquote(valueMatch[3])];
  } else if (/^\s*(-\s+)+[\w-]*$/.test(before) || /^\s*-$/.test(before)) {
    // `  - |`: a list item; a value unless the list holds maps (the caller asks the schema)
    role = 'value';
    own = [-1];
  } else if (/^\s*[\w-]*$/.test(before)) {
    role = 'key';
  } else {
    return undefined;
  }
  limit = cols.dash >= 0 ? cols.dash : role === 'key' ? before.length - word.length : cols.content;
  // `limit` is the column of a list item's dash: a key level with it owns the list (`key:\n- item`).
  let inList = cols.dash >= 0;
  // Walk up: each line with content left of `limit` is a parent.
  const parents: PathSegment[] = [];
  const siblings: string[] = [];
  let kind: string | undefined;
  let cur: Line | undefined = line;
  let sameLevel = true;
  while ((cur = previousLine(text, cur))) {
    if (/^(---|\.\.\.)(\s|$)/.test(cur.text)) break;
    if (/^\s*(#.*)?$/.test(cur.text)) continue;
    const c = columns(cur.text);
    const m = KEY_LINE.exec(cur.text);
    const kindLine = /^kind\s*:\s*["']?([\w-]+)/.exec(cur.text);
    if (!kind && kindLine) kind = kindLine[1];
    if (c.content > limit) continue;
    if (c.content === limit && !(inList && m && c.dash < 0)) {
      if (sameLevel && m) siblings.push(unquote(m[3]));
      if (c.dash >= 0 && c.dash < limit) {
        // `- key: v` whose content is level with us: we are inside that list item.
        parents.unshift(-1);
        limit = c.dash;
        sameLevel = false;
        inList = true;
      }
      continue;
    }
    if (!m) {
      if (c.dash >= 0) {
        parents.unshift(-1);
        limit = c.dash;
        sameLevel = false;
        inList = true;
      }
      continue;
    }
    parents.unshift(unquote(m[3]));
    sameLevel = false;
    limit = c.dash >= 0 ? c.dash : c.content;
    inList = c.dash >= 0;
    if (c.dash >= 0) parents.unshift(-1);
    if (limit === 0) break;
  }
  // Keep reading up for `kind:` when the walk stopped early.
  if (!kind) {
    let scan: Line | undefined = line;
    while ((scan = previousLine(text, scan)) && !/^(---|\.\.\.)(\s|$)/.test(scan.text)) {
      const m = /^kind\s*:\s*["']?([\w-]+)/.exec(scan.text);
      if (m) kind = m[1];
    }
  }
  if (!kind) {
    // `kind:` may come after the cursor in the same document.
    const rest = text.slice(offset);
    const end = rest.search(/^(---|\.\.\.)(\s|$)/m);
    const m = /^kind\s*:\s*["']?([\w-]+)/m.exec(end < 0 ? rest : rest.slice(0, end));
    if (m) kind = m[1];
  }
  // Siblings after the cursor, at the same level.
  if (role === 'key') {
    let after = nextLineStart(text, line);
    while (after < text.length) {
      const l = lineAt(text, after);
      after = nextLineStart(text, l);
      if (/^(---|\.\.\.)(\s|$)/.test(l.text)) break;
      if (/^\s*(#.*)?$/.test(l.text)) continue;
      const c = columns(l.text);
      // A line left of us, or the next item of the list we are in, ends our map.
      if (c.content < limitOf(line, before, word) || (c.dash >= 0 && c.dash < limitOf(line, before, word))) break;
      const m = KEY_LINE.exec(l.text);
      if (c.content === limitOf(line, before, word) && m && c.dash < 0) siblings.push(unquote(m[3]));
    }
  }
  return { role, path: [...parents, ...own], prefix: word, replace, siblings, kind };
}

function limitOf(_line: Line, before: string, word: string): number {
  return before.length - word.length;
}
