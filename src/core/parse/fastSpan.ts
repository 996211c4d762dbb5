import type { Span } from '../finding';
import { contentEndOf, indentOf } from './lines';
import type { PathSegment, SpanMode } from './span';

/**
 * Spans of paths read from a document's text, without building its `yaml`
 * tree: what lets a record read on the fast path report findings at exact
 * places without a second, precise parse (docs/performance.md).
 *
 * It reads plain block YAML: maps whose keys are plain words, block lists,
 * plain and quoted scalars on one line, and flow lists and maps of those on
 * one line (`[a, b]`, `{by: x, at: y}`). On anything else on the way to the
 * path (nested flow collections, block scalars, scalars over several lines, keys that
 * are quoted or could be read as another type, a comment where a value might
 * continue, a byte order mark) it answers `undefined`, and the caller asks the
 * precise parser. When it answers, it answers what `spanAtPath` says on the
 * `yaml` tree of the same text (a property test holds the two together).
 */

/** A node as far as the walk needs it: a map or list by where its first entry sits, or a scalar's span. */
type Node =
  | { t: 'map'; line: number; col: number }
  | { t: 'seq'; line: number; col: number }
  | { t: 'scalar'; start: number; end: number }
  | { t: 'flowSeq'; start: number; end: number; items: Span[] }
  | { t: 'flowMap'; start: number; end: number; entries: { name: string; key: Span; value: Span }[] };

interface Step {
  /** undefined: an empty value (`key:` and nothing), which `yaml` reads as an empty null scalar. */
  node: Node | undefined;
  key?: Span;
}

/** Gave up: the precise parser decides. */
class Unsure extends Error {}
const UNSURE = new Unsure();

/** Keys the walk can compare as text: plain words that YAML's core schema reads as strings. */
const PLAIN_KEY = /[A-Za-z_][A-Za-z0-9_-]*/y;
const NOT_STRINGS = new Set(['null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'False', 'FALSE']);

export class TextLocator {
  /** Where each line of the document starts (offsets into `text`), and one past the end. */
  private readonly lines: number[] = [];

  /** `text` holds the document at [start, end) (a file of several documents is not cut up). */
  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
  ) {
    for (let at = start; at < end;) {
      this.lines.push(at);
      const nl = text.indexOf('\n', at);
      at = nl < 0 || nl >= end ? end : nl + 1;
    }
    this.lines.push(end);
  }

  /** `spanAtPath` for this document, or undefined when the text is not plain enough to be sure. */
  spanAt(path: readonly PathSegment[], mode: SpanMode = 'value'): Span | undefined {
    try {
      return this.walk(path, mode);
    } catch (error) {
      if (error instanceof Unsure) return undefined;
      throw error;
    }
  }

  /** The span of the scalar at `path` (as `yaml`'s `getIn(path, true)` on a scalar); undefined when unsure or not a scalar. */
  scalarAt(path: readonly PathSegment[]): Span | undefined {
    try {
      const steps = this.steps(path);
      if (steps.length !== path.length + 1) return undefined;
      const node = steps[steps.length - 1].node;
      return node?.t === 'scalar' ? { start: node.start, end: node.end } : undefined;
    } catch (error) {
      if (error instanceof Unsure) return undefined;
      throw error;
    }
  }

  private walk(path: readonly PathSegment[], mode: SpanMode): Span {
    const steps = this.steps(path);
    const found = steps.length === path.length + 1;
    const last = steps[steps.length - 1];
    if (found && mode === 'key' && last.key) return last.key;
    if (found && mode !== 'missing') return valueSpan(last);
    if (last.key) return last.key;
    if (steps.length === 1) return this.rootAnchor(steps[0].node!);
    return valueSpan(last);
  }

  private steps(path: readonly PathSegment[]): Step[] {
    const root = this.root();
    const steps: Step[] = [{ node: root }];
    let node: Node | undefined = root;
    for (const segment of path) {
      let next: Step | undefined;
      if (node?.t === 'map') next = this.entry(node, String(segment));
      else if (node?.t === 'seq' && typeof segment === 'number') next = this.item(node, segment);
      else if (node?.t === 'flowSeq' && typeof segment === 'number') {
        const item = node.items[segment];
        if (item) next = { node: { t: 'scalar', ...item } };
      } else if (node?.t === 'flowMap') {
        const entry = node.entries.find((e) => e.name === String(segment));
        if (entry) next = { key: entry.key, node: { t: 'scalar', ...entry.value } };
      }
      if (!next) break;
      steps.push(next);
      node = next.node;
    }
    return steps;
  }

  /** The document's top-level map (the fast path reads only documents that are maps). */
  private root(): Node {
    let line = 0;
    const first = this.lines[0];
    if (this.text.charCodeAt(first) === 0xfeff) throw UNSURE;
    if (this.text.startsWith('---', first)) {
      // `---` and nothing but a comment after it on its line.
      const rest = this.contentCol(0, first + 3);
      if (rest >= 0 && this.text.charCodeAt(rest) !== 35) throw UNSURE;
      line = 1;
    }
    line = this.nextContent(line);
    if (line < 0) throw UNSURE;
    const col = this.indent(line);
    const node = this.nodeAt(line, this.lines[line] + col, -1);
    if (node.t !== 'map') throw UNSURE;
    return node;
  }

  /** The `kind` key, or the first key: where a missing top-level field is reported. */
  private rootAnchor(root: Node): Span {
    if (root.t !== 'map') throw UNSURE;
    let firstKey: Span | undefined;
    for (const key of this.keys(root)) {
      firstKey ??= key.span;
      if (key.name === 'kind') return key.span;
    }
    if (!firstKey) throw UNSURE;
    return firstKey;
  }

  /** The pair of `map` whose key is `name`: its key's span and its value. */
  private entry(map: Node & { t: 'map' }, name: string): Step | undefined {
    for (const key of this.keys(map)) {
      if (key.name !== name) continue;
      return { key: key.span, node: this.valueAfter(key.line, key.span.end + 1, map.col) };
    }
    return undefined;
  }

  /** Every key of a block map, in order. Throws Unsure on a line at the map's column that is not a plain key. */
  private *keys(map: { line: number; col: number }): Generator<{ name: string; span: Span; line: number }> {
    for (let line = map.line; line >= 0 && line < this.lines.length - 1; line = this.nextContent(line + 1)) {
      const indent = this.indent(line);
      const at = line === map.line ? this.lines[line] + map.col : this.lines[line] + indent;
      if (line !== map.line) {
        if (indent < map.col) return;
        if (indent > map.col) continue;
        // A list written at its key's column belongs to the key before it.
        if (this.isDash(at)) continue;
      }
      PLAIN_KEY.lastIndex = at;
      if (!PLAIN_KEY.test(this.text)) throw UNSURE;
      const keyEnd = PLAIN_KEY.lastIndex;
      if (this.text.charCodeAt(keyEnd) !== 58 || !this.isBreakOrSpace(keyEnd + 1)) throw UNSURE;
      const name = this.text.slice(at, keyEnd);
      if (NOT_STRINGS.has(name)) throw UNSURE;
      yield { name, span: { start: at, end: keyEnd }, line };
    }
  }

  /** Item `index` of a block list. */
  private item(seq: Node & { t: 'seq' }, index: number): Step | undefined {
    let n = 0;
    for (let line = seq.line; line >= 0 && line < this.lines.length - 1; line = this.nextContent(line + 1)) {
      const indent = this.indent(line);
      const at = line === seq.line ? this.lines[line] + seq.col : this.lines[line] + indent;
      if (line !== seq.line) {
        if (indent < seq.col) return undefined;
        if (indent > seq.col) continue;
        if (!this.isDash(at)) return undefined;
      }
      if (n++ < index) continue;
      const node = this.valueAfter(line, at + 1, seq.col);
      // An empty item: `yaml` gives it an empty span of its own; not worth imitating.
      if (!node) throw UNSURE;
      return { node };
    }
    return undefined;
  }

  /**
   * The value that starts after an indicator (`:` of a key, `-` of an item) at
   * `from` on `line`, in a collection at column `col`: on the same line, or on
   * the lines below; undefined when there is none.
   */
  private valueAfter(line: number, from: number, col: number): Node | undefined {
    const content = this.contentCol(line, from);
    if (content >= 0 && this.text.charCodeAt(content) !== 35) {
      const node = this.nodeAt(line, content, col);
      // `key: a: b` and `key: - a` are not YAML; a list item may hold a map or a list on its line.
      if ((node.t === 'map' || node.t === 'seq') && this.text.charCodeAt(from - 1) === 58) throw UNSURE;
      return node;
    }
    const next = this.nextContent(line + 1);
    if (next < 0) return undefined;
    const indent = this.indent(next);
    const at = this.lines[next] + indent;
    if (indent > col) return this.nodeAt(next, at, col);
    // A list at its key's column is the key's value.
    if (indent === col && this.text.charCodeAt(from - 1) === 58 && this.isDash(at))
      return { t: 'seq', line: next, col };
    return undefined;
  }

  /** The node whose text starts at `at` on `line`; `parent` is the column of the collection that holds it. */
  private nodeAt(line: number, at: number, parent: number): Node {
    const col = at - this.lines[line];
    const c = this.text.charCodeAt(at);
    if (this.isDash(at)) return { t: 'seq', line, col };
    const lineEnd = this.contentEnd(line);
    let end: number;
    let flow: (Node & { t: 'flowSeq' | 'flowMap' }) | undefined;
    if (c === 91 || c === 123) {
      const read = this.flow(at, lineEnd);
      flow = read;
      end = read.end;
      const after = this.contentCol(line, end);
      if (after >= 0 && this.text.charCodeAt(after) !== 35) throw UNSURE;
    } else if (c === 34 || c === 39) {
      end = this.quotedEnd(at, lineEnd);
      const after = this.contentCol(line, end);
      if (after >= 0 && this.text.charCodeAt(after) !== 35) throw UNSURE;
    } else {
      // Indicators that start something other than a plain scalar.
      if ('[]{}|>&*!%@`?,#'.includes(this.text[at])) throw UNSURE;
      end = at;
      for (let i = at; i < lineEnd; i++) {
        const d = this.text.charCodeAt(i);
        if (d === 35 && (this.text.charCodeAt(i - 1) === 32 || this.text.charCodeAt(i - 1) === 9)) break;
        if (d === 58 && this.isBreakOrSpace(i + 1)) {
          if (i === at) throw UNSURE;
          return { t: 'map', line, col };
        }
        if (d !== 32 && d !== 9) end = i + 1;
      }
    }
    // A scalar may go on over the lines below that are indented more than its collection: not read here.
    const next = this.nextLine(line + 1);
    if (next >= 0 && this.indent(next) > parent) throw UNSURE;
    return flow ?? { t: 'scalar', start: at, end };
  }

  /** A flow list or map of scalars that opens at `at` and closes on its line. */
  private flow(at: number, lineEnd: number): Node & { t: 'flowSeq' | 'flowMap' } {
    const isMap = this.text.charCodeAt(at) === 123;
    const close = isMap ? 125 : 93;
    const items: Span[] = [];
    const entries: { name: string; key: Span; value: Span }[] = [];
    let i = this.skipSpaces(at + 1, lineEnd);
    while (this.text.charCodeAt(i) !== close) {
      if (isMap) {
        PLAIN_KEY.lastIndex = i;
        if (!PLAIN_KEY.test(this.text)) throw UNSURE;
        const keyEnd = PLAIN_KEY.lastIndex;
        const name = this.text.slice(i, keyEnd);
        if (this.text.charCodeAt(keyEnd) !== 58 || this.text.charCodeAt(keyEnd + 1) !== 32 || NOT_STRINGS.has(name))
          throw UNSURE;
        const value = this.flowScalar(this.skipSpaces(keyEnd + 1, lineEnd), lineEnd, close);
        entries.push({ name, key: { start: i, end: keyEnd }, value });
        i = value.end;
      } else {
        const item = this.flowScalar(i, lineEnd, close);
        items.push(item);
        i = item.end;
      }
      i = this.skipSpaces(i, lineEnd);
      const c = this.text.charCodeAt(i);
      if (c === 44) i = this.skipSpaces(i + 1, lineEnd);
      else if (c !== close) throw UNSURE;
    }
    const end = i + 1;
    return isMap ? { t: 'flowMap', start: at, end, entries } : { t: 'flowSeq', start: at, end, items };
  }

  /** A quoted or plain scalar inside a flow collection, ending before `,` or the closing bracket. */
  private flowScalar(at: number, lineEnd: number, close: number): Span {
    const c = this.text.charCodeAt(at);
    if (at >= lineEnd) throw UNSURE;
    if (c === 34 || c === 39) return { start: at, end: this.quotedEnd(at, lineEnd) };
    if ('[]{},#&*!|>%@`?-:'.includes(this.text[at])) throw UNSURE;
    let end = at;
    for (let i = at; i < lineEnd; i++) {
      const d = this.text.charCodeAt(i);
      if (d === 44 || d === close) return { start: at, end };
      // Another bracket, a comment, or `a: b` (a map inside a list): not read here.
      if (d === 91 || d === 93 || d === 123 || d === 125) throw UNSURE;
      if (d === 35 && (this.text.charCodeAt(i - 1) === 32 || this.text.charCodeAt(i - 1) === 9)) throw UNSURE;
      if (d === 58) {
        const e = this.text.charCodeAt(i + 1);
        if (e === 32 || e === 9 || e === 44 || e === close) throw UNSURE;
      }
      if (d !== 32 && d !== 9) end = i + 1;
    }
    throw UNSURE;
  }

  private skipSpaces(at: number, lineEnd: number): number {
    while (at < lineEnd && (this.text.charCodeAt(at) === 32 || this.text.charCodeAt(at) === 9)) at++;
    return at;
  }

  /** One past the closing quote of the scalar that opens at `at`, on its line. */
  private quotedEnd(at: number, lineEnd: number): number {
    const q = this.text.charCodeAt(at);
    for (let i = at + 1; i < lineEnd; i++) {
      const d = this.text.charCodeAt(i);
      if (q === 34 && d === 92) i++;
      else if (d === q) {
        if (q === 39 && this.text.charCodeAt(i + 1) === 39) i++;
        else return i + 1;
      }
    }
    throw UNSURE;
  }

  /** `-` followed by a space or the end of its line: a block list item. */
  private isDash(at: number): boolean {
    return this.text.charCodeAt(at) === 45 && this.isBreakOrSpace(at + 1);
  }

  private isBreakOrSpace(at: number): boolean {
    if (at >= this.end) return true;
    const c = this.text.charCodeAt(at);
    return c === 32 || c === 10 || c === 13 || c === 9;
  }

  private indent(line: number): number {
    return indentOf(this.text, this.lines, line);
  }

  private contentEnd(line: number): number {
    return contentEndOf(this.text, this.lines, line);
  }

  /** The first character that is not a space or tab at or after `from` on `line`, or -1. */
  private contentCol(line: number, from: number): number {
    const end = this.contentEnd(line);
    for (let i = from; i < end; i++) {
      const c = this.text.charCodeAt(i);
      if (c !== 32 && c !== 9) return i;
    }
    return -1;
  }

  /** The first line at or after `line` that is neither blank nor only a comment, or -1. */
  private nextContent(line: number): number {
    for (; line < this.lines.length - 1; line++) {
      const at = this.contentCol(line, this.lines[line]);
      if (at >= 0 && this.text.charCodeAt(at) !== 35) return line;
    }
    return -1;
  }

  /** The first line at or after `line` that is not blank (a comment counts), or -1. */
  private nextLine(line: number): number {
    for (; line < this.lines.length - 1; line++) if (this.contentCol(line, this.lines[line]) >= 0) return line;
    return -1;
  }
}

/** `spanAtPath`'s span of a value: an empty value points at its key. */
function valueSpan(step: Step): Span {
  const node = step.node;
  if (!node) {
    if (!step.key) throw UNSURE;
    return step.key;
  }
  // The span of a whole block map or list (its end is `yaml`'s to say) is left to the precise parser.
  if (node.t === 'map' || node.t === 'seq') throw UNSURE;
  return { start: node.start, end: node.end };
}
