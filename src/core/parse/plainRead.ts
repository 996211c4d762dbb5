import { plainScalarValue } from './coreSchema';
import { contentEndOf } from './lines';

/**
 * The value of one YAML document read straight from its text, for the fast
 * path's plainest documents: what js-yaml would give, without js-yaml's
 * per-document state, its copied segments and its checks run a second time
 * (docs/performance.md).
 *
 * It reads what `TextLocator` (fastSpan.ts) reads: a top-level block map whose
 * keys are plain words, block maps and lists, plain and quoted scalars on one
 * line, and one-line flow lists and maps of such scalars. On anything else (a
 * scalar that may go on over lines, an escape in double quotes, a tab, a key
 * written twice, indentation YAML would refuse, a character js-yaml refuses or
 * an indicator it does not read here) it answers `undefined`, and the caller
 * asks js-yaml. When it answers, it answers what js-yaml's `loadCore` gives (a
 * property test holds the two together).
 *
 * `start` to `end`: one document of a file's text, read in place (V8 reads
 * the characters of the file's own string faster than those of a slice of
 * it); no scan goes past `end`, whatever follows it.
 */
export function readPlain(text: string, start = 0, end = text.length): Record<string, unknown> | undefined {
  const lines = linesOf(text, start, end);
  if (!lines) return undefined;
  try {
    return new PlainReader(text, lines, end).document();
  } catch (error) {
    if (error === UNSURE) return undefined;
    throw error;
  }
}

/** Gave up: js-yaml decides. */
const UNSURE = new Error('not plain');

/**
 * Where each line from `start` starts, and `end`; undefined unless
 * every character is one the reader takes as it is: printable, no tab
 * (indentation and separation rules differ around it), no byte order mark, no
 * line breaks other than `\n` and `\r\n`, no surrogates (kept simple).
 */
function linesOf(text: string, start: number, end: number): number[] | undefined {
  const lines = [start];
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 32) {
      if (c === 10) lines.push(i + 1);
      else if (c !== 13 || i + 1 >= end || text.charCodeAt(i + 1) !== 10) return undefined;
      continue;
    }
    if (c < 127) continue;
    if (c <= 0x9f || (c >= 0xd800 && c <= 0xdfff) || c === 0xfeff || c >= 0xfffe || c === 0x2028 || c === 0x2029)
      return undefined;
  }
  if (lines[lines.length - 1] !== end) lines.push(end);
  return lines;
}

/**
 * Where the key that starts at `at` ends (`limit` at the latest), or -1 when none does. Keys read as text are plain words
 * that YAML's core schema reads as strings (`[A-Za-z_][A-Za-z0-9_./-]*`: the dots and slashes are
 * those of Backstage's annotation keys, `backstage.io/techdocs-ref`); none of them is a number.
 */
function wordEnd(text: string, at: number, limit: number): number {
  const c = text.charCodeAt(at);
  if (at >= limit || !((c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95)) return -1;
  let i = at + 1;
  for (; i < limit; i++) {
    const d = text.charCodeAt(i);
    if ((d >= 97 && d <= 122) || (d >= 65 && d <= 90) || (d >= 45 && d <= 57) || d === 95) continue;
    return i;
  }
  return i;
}
/**
 * Short texts read before, each handed back as the same string (with what was
 * read from it), one per slot of a table by a hash of its characters. A
 * catalogue repeats its keys and values (`svcm/v1`, `Service`, `live`, a team
 * or a service named by many records): each copy would be a string of its own,
 * kept as long as its record and copied by every collection of the young
 * generation it survives, and a new property name is looked up in V8's table of
 * names at its first use (docs/performance.md, "The single file, fifth pass").
 *
 * A text of up to 12 characters is a copy; a longer one is a slice, which keeps
 * the whole text it came from alive while a table holds it, unless it becomes a
 * property name (V8 then keeps the name alone). So only keys, each made a
 * property name as soon as it is read, are held longer.
 */
class ReadBefore<T> {
  private readonly texts: (string | undefined)[];
  private readonly values: T[];

  constructor(
    slots: number,
    private readonly maxLength: number,
    private readonly read: (text: string) => T,
  ) {
    this.texts = new Array<string | undefined>(slots).fill(undefined);
    this.values = new Array<T>(slots).fill(undefined as T);
  }

  /** What `read` gives for the text from `at` to `end`: the same for the same short text. */
  at(text: string, at: number, end: number): T {
    const length = end - at;
    if (length > this.maxLength || length === 0) return this.read(text.slice(at, end));
    let hash = length;
    for (let i = at; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    const slot = (hash ^ (hash >>> 16)) & (this.texts.length - 1);
    const known = this.texts[slot];
    if (known !== undefined && known.length === length && text.startsWith(known, at)) return this.values[slot];
    const source = text.slice(at, end);
    const value = this.read(source);
    this.texts[slot] = source;
    this.values[slot] = value;
    return value;
  }
}

const KEYS = new ReadBefore<string>(1024, 40, (key) => key);
const SCALARS = new ReadBefore<unknown>(4096, 12, plainScalarValue);

/**
 * `list` copied to its length: a list grown by `push` keeps room for 17
 * entries, and a value lives as long as its record, copied by every collection
 * of the young generation it survives (docs/performance.md, "The single file,
 * fourth pass").
 */
const fitted = <T>(list: T[]): T[] => list.slice();

const NOT_STRINGS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);
/** Characters that start something other than a plain scalar in block context (or one not read here), by code. */
const BLOCK_INDICATOR = indicators('-?:,[]{}#&*!|>\'"%@`');
/** The same in a flow collection (a quote starts a quoted scalar there, read before this is asked). */
const FLOW_INDICATOR = indicators('-?:,[]{}#&*!|>%@`');

function indicators(chars: string): Uint8Array {
  const table = new Uint8Array(128);
  for (const c of chars) table[c.charCodeAt(0)] = 1;
  return table;
}

class PlainReader {
  /** The line being read. */
  private line = 0;
  /** Where the flow collection or scalar read last ends (set by `flow`, `flowScalar`, `quoted`): no object per scalar. */
  private end = 0;

  constructor(
    private readonly text: string,
    /** Start of each line, and one past the end of the document. */
    private readonly lines: readonly number[],
    /** One past the document's last character in `text`. */
    private readonly docEnd: number,
  ) {}

  document(): Record<string, unknown> {
    const text = this.text;
    let line = 0;
    const start = this.lines[0];
    if (text.startsWith('---', start)) {
      // `---` and nothing but a comment after it on its line.
      const rest = this.contentAt(0, start + 3);
      if (rest >= 0 && (text.charCodeAt(rest) !== 35 || rest === start + 3)) throw UNSURE;
      line = 1;
    }
    line = this.nextContent(line);
    if (line < 0) throw UNSURE;
    const col = this.indent(line);
    const at = this.lines[line] + col;
    if (this.keyEnd(at, this.lineEnd(line)) < 0) throw UNSURE;
    this.line = line;
    const map = this.map(col, -1);
    // Nothing may follow the top-level map.
    if (this.line >= 0) throw UNSURE;
    return map;
  }

  /**
   * The block map whose keys sit at column `col`, its first key on `this.line`;
   * leaves `this.line` at the first content line after it (or -1).
   */
  private map(col: number, parent: number, firstAt?: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    let at = firstAt;
    for (;;) {
      const line = this.line;
      const lineEnd = this.lineEnd(line);
      at ??= this.lines[line] + col;
      const keyEnd = this.keyEnd(at, lineEnd);
      if (keyEnd < 0) throw UNSURE;
      const key = KEYS.at(this.text, at, keyEnd);
      if (key.length > 1000 || NOT_STRINGS.has(key) || key === '__proto__' || Object.hasOwn(out, key)) throw UNSURE;
      out[key] = this.valueAfter(line, keyEnd + 1, col, true);
      at = undefined;
      const next = this.line;
      if (next < 0) return out;
      const indent = this.indent(next);
      if (indent === col) {
        // A list at the map's column belongs to the key before it, and was read with it.
        if (this.isDash(this.lines[next] + indent)) throw UNSURE;
        continue;
      }
      if (indent > col || indent > parent) {
        // Deeper than this map, or between it and its parent: YAML refuses, or reads it another way.
        if (indent > col || indent !== parent) throw UNSURE;
      }
      return out;
    }
  }

  /** The block list whose dashes sit at column `col`, its first item on `this.line`. */
  private seq(col: number, parent: number, keyCol: boolean): unknown[] {
    const out: unknown[] = [];
    for (;;) {
      const line = this.line;
      const at = this.lines[line] + col;
      if (!this.isDash(at)) throw UNSURE;
      out.push(this.itemAfter(line, at + 1, col));
      const next = this.line;
      if (next < 0) return fitted(out);
      const indent = this.indent(next);
      if (indent === col && this.isDash(this.lines[next] + indent)) continue;
      // A list at its key's column ends where that map's next key starts.
      if (keyCol && indent === col) return fitted(out);
      if (indent >= col) throw UNSURE;
      if (indent > parent && !keyCol) throw UNSURE;
      return fitted(out);
    }
  }

  /** A list item's value: on the dash's line (a scalar, a flow collection, a map or a list), or below it. */
  private itemAfter(line: number, from: number, col: number): unknown {
    const lineEnd = this.lineEnd(line);
    const content = this.contentAt(line, from);
    if (content < 0 || this.text.charCodeAt(content) === 35) {
      const next = this.nextContent(line + 1);
      // An empty item: not read here.
      if (next < 0 || this.indent(next) <= col) throw UNSURE;
      this.line = next;
      return this.block(next, col);
    }
    if (content === from) throw UNSURE;
    const itemCol = content - this.lines[line];
    if (this.isDash(content)) {
      this.line = line;
      return this.seq(itemCol, col, false);
    }
    if (this.keyEnd(content, lineEnd) >= 0) {
      this.line = line;
      return this.map(itemCol, col, content);
    }
    return this.inlineValue(line, content, col);
  }

  /**
   * The value after a key's `:` at `from` on `line`, in a map at column `col`:
   * on the same line, or the block below; `null` when there is none.
   */
  private valueAfter(line: number, from: number, col: number, ofKey: boolean): unknown {
    const content = this.contentAt(line, from);
    if (content >= 0 && this.text.charCodeAt(content) !== 35) {
      if (content === from) throw UNSURE;
      // `key: - a` is not YAML (nor is `key: a: b`, which `inlineValue` refuses).
      if (this.isDash(content)) throw UNSURE;
      return this.inlineValue(line, content, col);
    }
    const next = this.nextContent(line + 1);
    this.line = next;
    if (next < 0) return null;
    const indent = this.indent(next);
    if (indent > col) return this.block(next, col);
    if (ofKey && indent === col && this.isDash(this.lines[next] + indent)) return this.seq(col, col, true);
    return null;
  }

  /** The block map or list that starts at the first content of `line`, inside a collection at column `parent`. */
  private block(line: number, parent: number): unknown {
    const col = this.indent(line);
    const at = this.lines[line] + col;
    if (this.isDash(at)) return this.seq(col, parent, false);
    if (this.keyEnd(at, this.lineEnd(line)) >= 0) return this.map(col, parent);
    // A scalar on a line of its own: not read here.
    throw UNSURE;
  }

  /** A scalar or flow collection that starts at `at` and ends on its line; moves `this.line` past it. */
  private inlineValue(line: number, at: number, parent: number): unknown {
    const text = this.text;
    const lineEnd = this.lineEnd(line);
    const c = text.charCodeAt(at);
    let value: unknown;
    let end: number;
    if (c === 91 || c === 123) {
      value = this.flow(at, lineEnd);
      end = this.end;
    } else if (c === 34 || c === 39) {
      value = this.quoted(at, lineEnd);
      end = this.end;
    } else {
      // `-1`, `-x`: a plain scalar that starts with `-` (`- x` is a list, read before this is asked).
      if (c < 128 && BLOCK_INDICATOR[c] && !(c === 45 && at + 1 < lineEnd && text.charCodeAt(at + 1) !== 32))
        throw UNSURE;
      end = at;
      for (let i = at; i < lineEnd; i++) {
        const d = text.charCodeAt(i);
        if (d === 35 && text.charCodeAt(i - 1) === 32) break;
        if (d === 58 && (i + 1 === lineEnd || text.charCodeAt(i + 1) === 32)) throw UNSURE;
        if (d !== 32) end = i + 1;
      }
      value = SCALARS.at(text, at, end);
      end = lineEnd;
    }
    const after = this.contentAt(line, end);
    if (after >= 0 && (text.charCodeAt(after) !== 35 || after === end)) throw UNSURE;
    // A scalar may go on over the lines below that are deeper than its collection: not read here.
    const next = this.nextLine(line + 1);
    if (next >= 0 && this.indent(next) > parent) throw UNSURE;
    this.line = this.nextContent(line + 1);
    return value;
  }

  /** A flow list or map of scalars that opens at `at` and closes on its line; `this.end` is one past its close. */
  private flow(at: number, lineEnd: number): unknown[] | Record<string, unknown> {
    const text = this.text;
    const isMap = text.charCodeAt(at) === 123;
    const close = isMap ? 125 : 93;
    const items: unknown[] | undefined = isMap ? undefined : [];
    const entries: Record<string, unknown> | undefined = isMap ? {} : undefined;
    let i = this.skipSpaces(at + 1, lineEnd);
    while (text.charCodeAt(i) !== close) {
      if (entries) {
        const keyEnd = wordEnd(text, i, lineEnd);
        if (keyEnd < 0) throw UNSURE;
        if (keyEnd + 1 >= lineEnd || text.charCodeAt(keyEnd) !== 58 || text.charCodeAt(keyEnd + 1) !== 32) throw UNSURE;
        const key = KEYS.at(text, i, keyEnd);
        if (NOT_STRINGS.has(key) || key === '__proto__' || Object.hasOwn(entries, key)) throw UNSURE;
        entries[key] = this.flowScalar(this.skipSpaces(keyEnd + 1, lineEnd), lineEnd, close);
      } else items!.push(this.flowScalar(i, lineEnd, close));
      i = this.skipSpaces(this.end, lineEnd);
      const c = text.charCodeAt(i);
      if (c === 44) {
        i = this.skipSpaces(i + 1, lineEnd);
        // `[a, ]`: a trailing comma, read the same by both parsers, but not worth the care.
        if (text.charCodeAt(i) === close) throw UNSURE;
      } else if (c !== close) throw UNSURE;
    }
    this.end = i + 1;
    return entries ?? fitted(items!);
  }

  /** A quoted or plain scalar inside a flow collection, ending before `,` or the closing bracket (`this.end`). */
  private flowScalar(at: number, lineEnd: number, close: number): unknown {
    const text = this.text;
    if (at >= lineEnd) throw UNSURE;
    const c = text.charCodeAt(at);
    if (c === 34 || c === 39) return this.quoted(at, lineEnd);
    if (c < 128 && FLOW_INDICATOR[c]) throw UNSURE;
    let end = at;
    for (let i = at; i < lineEnd; i++) {
      const d = text.charCodeAt(i);
      if (d === 44 || d === close) {
        this.end = end;
        return SCALARS.at(text, at, end);
      }
      if (d === 91 || d === 93 || d === 123 || d === 125) throw UNSURE;
      if (d === 35 && text.charCodeAt(i - 1) === 32) throw UNSURE;
      if (d === 58) {
        const e = text.charCodeAt(i + 1);
        if (e === 32 || e === 44 || e === close || i + 1 >= lineEnd) throw UNSURE;
      }
      if (d !== 32) end = i + 1;
    }
    throw UNSURE;
  }

  /** A quoted scalar that closes on its line: its value; `this.end` is one past its closing quote. */
  private quoted(at: number, lineEnd: number): string {
    const text = this.text;
    const q = text.charCodeAt(at);
    let value = '';
    let from = at + 1;
    for (let i = at + 1; i < lineEnd; i++) {
      const d = text.charCodeAt(i);
      // Escapes are js-yaml's and `yaml`'s to read.
      if (q === 34 && d === 92) throw UNSURE;
      if (d !== q) continue;
      if (q === 39 && text.charCodeAt(i + 1) === 39) {
        value += text.slice(from, i + 1);
        from = i + 2;
        i++;
        continue;
      }
      this.end = i + 1;
      return value + text.slice(from, i);
    }
    throw UNSURE;
  }

  /** Where the plain key at `at` ends (at its `:`, followed by a space or the line's end), or -1. */
  private keyEnd(at: number, lineEnd: number): number {
    const end = wordEnd(this.text, at, lineEnd);
    if (end < 0 || end >= lineEnd || this.text.charCodeAt(end) !== 58) return -1;
    return end + 1 === lineEnd || this.text.charCodeAt(end + 1) === 32 ? end : -1;
  }

  private skipSpaces(at: number, lineEnd: number): number {
    while (at < lineEnd && this.text.charCodeAt(at) === 32) at++;
    return at;
  }

  /** `-` followed by a space or the end of its line: a block list item. */
  private isDash(at: number): boolean {
    if (this.text.charCodeAt(at) !== 45) return false;
    const c = this.text.charCodeAt(at + 1);
    return c === 32 || c === 10 || c === 13 || at + 1 >= this.docEnd;
  }

  /** `indentOf`, stopping at the line's end (the next document's text may follow it). */
  private indent(line: number): number {
    const start = this.lines[line];
    const end = this.lines[line + 1];
    let i = start;
    while (i < end && this.text.charCodeAt(i) === 32) i++;
    return i - start;
  }

  private lineEnd(line: number): number {
    return contentEndOf(this.text, this.lines, line);
  }

  /** The first character that is not a space at or after `from` on `line`, or -1. */
  private contentAt(line: number, from: number): number {
    const end = this.lineEnd(line);
    for (let i = from; i < end; i++) if (this.text.charCodeAt(i) !== 32) return i;
    return -1;
  }

  /** The first line at or after `line` that is neither blank nor only a comment, or -1. */
  private nextContent(line: number): number {
    for (; line < this.lines.length - 1; line++) {
      const at = this.contentAt(line, this.lines[line]);
      if (at >= 0 && this.text.charCodeAt(at) !== 35) return line;
    }
    return -1;
  }

  /** The first line at or after `line` that is not blank (a comment counts), or -1. */
  private nextLine(line: number): number {
    for (; line < this.lines.length - 1; line++) if (this.contentAt(line, this.lines[line]) >= 0) return line;
    return -1;
  }
}
