import { Document, isMap, isScalar, parseAllDocuments, visit, type Node, type YAMLError } from 'yaml';
import type { Finding, Span } from '../finding';
import { isEntityDocument } from '../backstage/model';
import { loadCore } from './coreSchema';
import { decodeRecordBytes, mentionsSvcm } from './decode';
import { TextLocator } from './fastSpan';
import { readPlain } from './plainRead';
import type { PathSegment, SpanMode } from './span';

/**
 * One YAML document that declares `apiVersion: svcm/...` (a record), or a
 * Backstage entity (`apiVersion: backstage.io/v1alpha1` or `v1beta1` with one of
 * the built-in kinds: docs/backstage.md), or what is left of one.
 */
export interface RecordDoc {
  /** Workspace-relative path with `/`, the file's identity everywhere in the core. */
  file: string;
  /** Position among all YAML documents of the file (0-based). */
  docIndex: number;
  doc: Document.Parsed;
  /** The document's own text span (without the `---` separator before it). */
  span: Span;
  /** `yaml-syntax` findings; when there are any, nothing else is checked (docs/rules.md). */
  syntax: Finding[];
  apiVersion: string;
  /** `kind` and `metadata.name` as written, where they can be read (also after syntax errors). */
  kind?: string;
  kindSpan?: Span;
  name?: string;
  nameSpan?: Span;
  /** The plain JS value, or `undefined` when the document has syntax errors. */
  value: unknown;
  /** Nodes carrying tags outside the YAML core schema: never resolved, reported by the schema rule. */
  foreignTags: { tag: string; span: Span }[];
  /**
   * Records read on the fast path: the span of a path worked out from the text
   * (`spanAtPath` without the `yaml` tree), or undefined when only the tree can
   * tell. Use `spanIn` (span.ts), which falls back to the tree.
   */
  locate?(path: readonly PathSegment[], mode?: SpanMode): Span | undefined;
}

export type FileFormat = 'yaml' | 'markdown';

/** A file's text and the svcm records in it. Files without records have `records: []`. */
export interface ParsedFile {
  path: string;
  text: string;
  format: FileFormat;
  records: RecordDoc[];
  /** Problems of the file as a whole (unreadable, too large, nesting too deep). */
  fileFindings: Finding[];
  /** Knowledge records only: where the Markdown body starts (after the front matter). */
  bodyStart?: number;
  /**
   * Whether the records came from `yaml` itself (exact syntax errors and spans).
   * Otherwise they came from the fast path: values from js-yaml, spans read
   * from the text where it is plain (fastSpan.ts), else from a `yaml` tree
   * parsed on first use.
   */
  precise: boolean;
  /**
   * A multi-document file read on the fast path: each document's text and
   * value, which a parse with `ParseOptions.previous` set to this file takes over.
   */
  chunks?: readonly Chunk[];
  /**
   * Entities known from `backstage.entities` in `svcm.config.yaml`: they
   * define names that references resolve to, and are never validated.
   */
  external?: boolean;
}

export interface ParseOptions {
  /** Parse with `yaml` at once (an edit about to be applied needs every span). */
  precise?: boolean;
  /**
   * The same file as parsed before an edit: the values of its documents whose
   * text has not changed are taken over instead of parsed again, so an edit in
   * a file of thousands of documents costs one document.
   */
  previous?: ParsedFile;
}

/** Aliases are expanded at most this often per document: enough for real files, too few for a billion laughs. */
const MAX_ALIAS_COUNT = 100;
/** Lines whose indentation and block indicators run longer than this are refused before `yaml` sees them. */
const MAX_INDENT_PREFIX = 2000;
/**
 * Flow collections nested deeper than this are refused before `yaml` sees them: its
 * composer recurses, and a stack overflow would be reported at whatever depth the
 * stack ran out (so at a different place in the editor and the CLI).
 */
const MAX_FLOW_DEPTH = 500;
/** At most this many syntax findings per document; the first ones are the useful ones. */
const MAX_SYNTAX_FINDINGS = 20;

export function formatOf(path: string): FileFormat | undefined {
  const lower = path.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml';
  if (lower.endsWith('.md') || lower.endsWith('.markdown')) return 'markdown';
  return undefined;
}

/** A `yaml-syntax` finding, an error (docs/rules.md; a test holds this to the rule table); `svcm.config.yaml` severities apply later. */
export function syntaxFinding(message: string, span: Span): Finding {
  return { code: 'yaml-syntax', severity: 'error', message, span };
}

/**
 * Parses a YAML or Markdown file's text into its svcm records. Never throws:
 * malformed input becomes `yaml-syntax` findings. Documents that do not declare
 * `apiVersion: svcm/...` are dropped, so foreign YAML yields no records.
 */
export function parseFile(
  path: string,
  text: string,
  format: FileFormat = formatOf(path) ?? 'yaml',
  options: ParseOptions = {},
): ParsedFile {
  const parsed: ParsedFile = { path, text, format, records: [], fileFindings: [], precise: true };
  const known = !options.precise && format === 'yaml' && options.previous ? options.previous.chunks : undefined;
  if (known) {
    // An edit in a file of many documents: the checks below run on the documents that changed, not on all.
    const fast = fastRecords(path, text, format, known, true);
    if (fast) return withFastRecords(parsed, fast);
  }
  if (!mentionsSvcm(text)) return parsed;
  let source = text;
  if (format === 'markdown') {
    const fm = frontMatterEnd(text);
    if (fm === undefined) return parsed;
    if (fm.end < 0) {
      if (mentionsSvcm(text.slice(0, 4096)))
        parsed.fileFindings.push(
          syntaxFinding("front matter is not closed: add a line '---' after it", { start: 0, end: 3 }),
        );
      return parsed;
    }
    // Parsing the prefix keeps every offset as it is in the whole file: the leading `---` is a YAML document marker.
    source = text.slice(0, fm.end);
    parsed.bodyStart = fm.bodyStart;
  }
  const deep = tooDeep(source);
  if (deep) {
    parsed.fileFindings.push(
      syntaxFinding(
        `nesting too deep: more than ${MAX_INDENT_PREFIX} columns of indentation and block indicators`,
        deep,
      ),
    );
    return parsed;
  }
  const deepFlow = tooDeepFlow(source);
  if (deepFlow) {
    parsed.fileFindings.push(
      syntaxFinding(`nesting too deep: more than ${MAX_FLOW_DEPTH} levels of '[' and '{'`, deepFlow),
    );
    return parsed;
  }
  if (!options.precise) {
    const fast = fastRecords(path, source, format);
    if (fast) return withFastRecords(parsed, fast);
  }
  let docs: Document.Parsed[];
  try {
    // logLevel 'error': `yaml` would print its warnings (a map used as a key) to the process's stderr.
    docs = parseAllDocuments(source, YAML_OPTIONS) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [docs];
  } catch (error) {
    // `yaml` reports resource exhaustion as errors; this is only a last guard.
    parsed.fileFindings.push(
      syntaxFinding(`the YAML cannot be parsed: ${(error as Error).message}`, {
        start: 0,
        end: Math.min(1, text.length),
      }),
    );
    return parsed;
  }
  if (format === 'markdown') docs = docs.slice(0, 1);
  docs.forEach((doc, docIndex) => {
    const record = toRecordDoc(path, source, doc, docIndex, format);
    if (record) parsed.records.push(record);
  });
  return parsed;
}

function frontMatterEnd(text: string): { end: number; bodyStart: number } | undefined {
  const first = /^---[ \t]*\r?\n/.exec(text);
  if (!first) return undefined;
  const close = /^(---|\.\.\.)[ \t]*(\r?\n|$)/m;
  close.lastIndex = 0;
  const rest = text.slice(first[0].length);
  const m = close.exec(rest);
  if (!m) return { end: -1, bodyStart: -1 };
  const end = first[0].length + m.index;
  return { end, bodyStart: end + m[0].length };
}

/**
 * The line whose run of indentation and block indicators (space, tab, `-`, `?`,
 * `:`) is longer than MAX_INDENT_PREFIX, from the line's start to the run's end.
 * Lines start after `\n` only. Found by regular expressions, for the reason
 * `tooDeepFlow` gives.
 */
function tooDeep(text: string): Span | undefined {
  const first = LONG_PREFIX_FIRST.exec(text);
  if (first) return { start: 0, end: first[0].length };
  LONG_PREFIX_LATER.lastIndex = 0;
  const later = LONG_PREFIX_LATER.exec(text);
  return later ? { start: later.index + 1, end: later.index + later[0].length } : undefined;
}
const LONG_PREFIX_FIRST = new RegExp(`^[ \\t?:-]{${MAX_INDENT_PREFIX + 1},}`);
const LONG_PREFIX_LATER = new RegExp(`\\n[ \\t?:-]{${MAX_INDENT_PREFIX + 1},}`, 'g');

/**
 * The run of `[`/`{` that nests deeper than MAX_FLOW_DEPTH, from its outermost opener.
 * Brackets are counted everywhere, quoted or not: only absurd text holds hundreds of
 * unclosed ones, and a document marker starts the count again. Searched for with
 * regular expressions (`test`, which makes no match object), not a loop over every
 * character: it runs once per file, before the loop would be optimized, and the text
 * between brackets is most of a file (docs/performance.md).
 */
function tooDeepFlow(text: string): Span | undefined {
  let depth = 0;
  let outermost = 0;
  let at = 0;
  for (;;) {
    if (depth === 0) {
      // Outside brackets only an opener matters.
      FLOW_OPENER.lastIndex = at;
      if (!FLOW_OPENER.test(text)) return undefined;
      at = FLOW_OPENER.lastIndex;
      outermost = at - 1;
      depth = 1;
      continue;
    }
    FLOW_MARK.lastIndex = at;
    if (!FLOW_MARK.test(text)) return undefined;
    at = FLOW_MARK.lastIndex;
    const c = text.charCodeAt(at - 1);
    if (c === 91 || c === 123) {
      if (++depth > MAX_FLOW_DEPTH) return { start: outermost, end: at };
    } else if (c === 93 || c === 125) depth--;
    else depth = 0;
  }
}
const FLOW_OPENER = /[[{]/g;
/** A bracket, or a line that starts with a document marker (`---`, `...`); what matched ends with the bracket or the marker. */
const FLOW_MARK = /[[\]{}]|\n(?:---|\.\.\.)/g;

/**
 * What sends a document to the precise path at once: directives, `...`, tab
 * indentation, anchors, aliases, tags, a lone `\r` (the two parsers break
 * lines on it differently), keys that are collections (`? ` explicit keys,
 * `[a]: b`, `{a: 1}: b`: js-yaml and `yaml` write them out as different
 * strings), an empty key in a flow map (`{: }`: js-yaml reads it as the key
 * `null`, `yaml` as the empty string), and what `flowRunsOn` finds.
 */
const DIRECTIVE = /^%/m;
const NOT_FAST =
  /^%|^\.\.\.(?:[ \t\r]|$)|^[ ]*\t|(?:^|[\s[\]{},])[&*!]|\r(?!\n)|(?:^|[\s[{,])\?(?:[ \t\r]|$)|[\]}]:(?:[ \t\r]|$)|[{,][ \t]*:(?:[ \t\r,}]|$)/m;

function notFast(text: string): boolean {
  return NOT_FAST.test(text) || flowRunsOn(text);
}

/**
 * Whether a quoted scalar or a flow collection (`[...]`, `{...}`) starts in
 * `text` (after indentation, `- `, `: `, `? `, `[`, `{` or `,`) and does not
 * end on its line, or has a `#` right after it: js-yaml is laxer than `yaml`
 * about how the lines after the first are indented. A quote or bracket
 * anywhere else (in a plain scalar, a comment, a block scalar) is passed over;
 * when unsure, true.
 */
function flowRunsOn(text: string): boolean {
  let i = 0;
  for (;;) {
    const at = nextOpener(text, i);
    if (at < 0) return false;
    if (!opensScalar(text, at)) {
      i = at + 1;
      continue;
    }
    const end = flowEnd(text, at);
    // Past its line, or a comment right after it.
    if (end < 0 || text.charCodeAt(end + 1) === 35) return true;
    i = end + 1;
  }
}

/** The first of `"`, `'`, `[`, `{` at or after `from`, or -1. */
function nextOpener(text: string, from: number): number {
  let at = -1;
  for (const c of OPENERS) {
    const k = text.indexOf(c, from);
    if (k >= 0 && (at < 0 || k < at)) at = k;
  }
  return at;
}

const OPENERS = ['"', "'", '[', '{'];

/** Where the quoted scalar or flow collection opened at `at` closes on its line; -1 when it does not. */
function flowEnd(text: string, at: number): number {
  let depth = 0;
  for (let j = at; j < text.length; j++) {
    const c = text.charCodeAt(j);
    if (c === 10 || c === 13) return -1;
    if (c === 34 || c === 39) {
      // a quoted scalar: to its closing quote ('' in single quotes, \x in double quotes are escapes)
      for (j++; ; j++) {
        if (j >= text.length) return -1;
        const d = text.charCodeAt(j);
        if (d === 10 || d === 13) return -1;
        if (c === 34 && d === 92) j++;
        else if (d === c) {
          if (c === 39 && text.charCodeAt(j + 1) === 39) j++;
          else break;
        }
      }
    } else if (c === 91 || c === 123) depth++;
    else if (c === 93 || c === 125) depth--;
    // A comment inside a collection ends the line with the collection open.
    else if (c === 35 && depth > 0 && (text.charCodeAt(j - 1) === 32 || text.charCodeAt(j - 1) === 9)) return -1;
    if (depth <= 0) return j;
  }
  return -1;
}

/** Whether the quote at `at` may start a scalar: only indentation and spaces before it on its line, or an indicator. */
function opensScalar(text: string, at: number): boolean {
  let k = at - 1;
  while (k >= 0 && (text.charCodeAt(k) === 32 || text.charCodeAt(k) === 9)) k--;
  if (k < 0) return true;
  const c = text.charCodeAt(k);
  // '\n', '[', '{', ',', '-', ':', '?' (with or without a space: `{"a":"b"}` is flow YAML)
  return c === 10 || c === 91 || c === 123 || c === 44 || c === 45 || c === 58 || c === 63;
}
const DOC_START = /^---(?=[ \t\r\n]|$)/gm;
const YAML_OPTIONS = {
  schema: 'core',
  prettyErrors: false,
  uniqueKeys: true,
  strict: true,
  logLevel: 'error',
} as const;

/**
 * An object that stands for a record's content: records with the same one were
 * read from the same document text (taken over by `ParseOptions.previous`), so
 * what they define, name and are found to break is the same. Undefined for a
 * record without a value (syntax errors).
 */
export function contentIdentity(record: RecordDoc): object | undefined {
  const value = record.value;
  return value !== null && typeof value === 'object' ? value : undefined;
}

/** Where a record's document starts: findings kept across edits move with it. */
export function contentAnchor(record: RecordDoc): number {
  return record.span.start;
}

/** A fast-parsed document's value, as read from its text. */
interface ChunkValue {
  apiVersion: string;
  value: Record<string, unknown>;
}

/** A document of a multi-document file, in order: its text, and its value when it is a fast-path record. */
export interface Chunk {
  text: string;
  read?: ChunkValue;
}

function withFastRecords(parsed: ParsedFile, fast: { records: RecordDoc[]; chunks?: Chunk[] }): ParsedFile {
  parsed.records = fast.records;
  parsed.precise = false;
  if (fast.chunks) parsed.chunks = fast.chunks;
  return parsed;
}

/**
 * The fast path: each document's value from js-yaml (several times faster than
 * `yaml`), with the `yaml` tree built only when a span is asked for. Returns
 * undefined, for the precise path, on anything js-yaml refuses or that the two
 * parsers might read differently. Both parse YAML 1.2's core schema.
 *
 * With `known` (the documents of the file before an edit), documents whose text
 * is unchanged take their value from there; with `checkNew`, the checks that
 * `parseFile` runs on a whole file are run on each changed document instead
 * (they look at lines and at `---`-separated documents, so they agree).
 */
function fastRecords(
  file: string,
  source: string,
  format: FileFormat,
  known?: readonly Chunk[],
  checkNew = false,
): { records: RecordDoc[]; chunks?: Chunk[] } | undefined {
  // A directive belongs to the document after it, in another chunk: such files are read whole.
  if (DIRECTIVE.test(source)) return undefined;
  const starts = [0];
  for (const m of source.matchAll(DOC_START)) if (m.index! > 0) starts.push(m.index!);
  if (format === 'markdown') starts.length = 1;
  const lazy = new LazyYaml(source);
  const records: RecordDoc[] = [];
  const chunks: Chunk[] | undefined = starts.length > 1 ? [] : undefined;
  // An edit changes a run of documents: those before it are found at the same index, those after it counting from the end.
  const shift = known ? known.length - starts.length : 0;
  for (let i = 0; i < starts.length; i++) {
    const span = { start: starts[i], end: i + 1 < starts.length ? starts[i + 1] : source.length };
    const text = source.slice(span.start, span.end);
    const was = !known
      ? undefined
      : known[i]?.text === text
        ? known[i]
        : known[i + shift]?.text === text
          ? known[i + shift]
          : undefined;
    if (was?.read) {
      chunks?.push(was);
      records.push(new FastRecord(file, i, span, was.read, lazy));
      continue;
    }
    if (checkNew && (tooDeep(text) || tooDeepFlow(text))) return undefined;
    let value: unknown;
    try {
      // The plainest documents are read without js-yaml (plainRead.ts): none of what `notFast` looks for is
      // in them (a `&`, `*` or `!` inside a scalar is text to both parsers). js-yaml reads the rest.
      value = readPlain(source, span.start, span.end);
      if (value === undefined) {
        if (notFast(text)) throw new Error('for the precise path');
        value = loadCore(text);
      }
    } catch {
      // This document alone is read by `yaml` (a file of thousands is not read whole for one bad one).
      const doc = starts.length > 1 ? parseChunk(source, span) : undefined;
      if (!doc) return undefined;
      const record = toRecordDoc(file, source, doc, i, format);
      if (record) records.push(record);
      chunks?.push({ text });
      continue;
    }
    const apiVersion =
      value && typeof value === 'object' && !Array.isArray(value)
        ? (value as Record<string, unknown>).apiVersion
        : undefined;
    if (typeof apiVersion !== 'string' || !recognised(apiVersion, (value as Record<string, unknown>).kind, format)) {
      chunks?.push({ text });
      continue;
    }
    const read: ChunkValue = { apiVersion, value: value as Record<string, unknown> };
    chunks?.push({ text, read });
    records.push(new FastRecord(file, i, span, read, lazy));
  }
  return { records, chunks };
}

/**
 * The `yaml` tree of each document, parsed on first use, one document at a
 * time: the fast path splits at the same `---` lines `yaml` does, and a
 * document's nodes cannot refer to another's (anchors and directives, which
 * could, never take the fast path).
 */
class LazyYaml {
  private readonly docs = new Map<number, Document.Parsed>();
  private all?: Document.Parsed[];
  private text?: string;
  /** `source`: the text, or how to get it (a file restored from `svcm validate --cache` reads it when a span is asked for). */
  constructor(private readonly load: string | (() => string)) {}

  get source(): string {
    return (this.text ??= typeof this.load === 'string' ? this.load : this.load());
  }

  /** The document of the fast path's chunk `span`, its ranges those of the whole file. */
  docIn(span: Span): Document.Parsed {
    let doc = this.docs.get(span.start);
    if (!doc) {
      doc = parseChunk(this.source, span) ?? this.wholeFileDocAt(span.start);
      this.docs.set(span.start, doc);
    }
    return doc;
  }

  /** The document that starts at or after `offset`, from a parse of the whole file: the fallback. */
  private wholeFileDocAt(offset: number): Document.Parsed {
    this.all ??= parseAllDocuments(this.source, YAML_OPTIONS) as Document.Parsed[];
    const docs = Array.isArray(this.all) ? this.all : [this.all as unknown as Document.Parsed];
    return (
      docs.find((d) => d.range[2] > offset && d.range[0] >= offset) ??
      docs.find((d) => d.range[2] > offset) ??
      docs[docs.length - 1]
    );
  }
}

/** One chunk parsed by `yaml` on its own, every range moved by the chunk's offset; undefined unless it is one document. */
function parseChunk(source: string, span: Span): Document.Parsed | undefined {
  // The next document's `---` is kept: `yaml` ends a broken document at it, not at the end of the text.
  const next = span.end < source.length;
  const docs = parseAllDocuments(source.slice(span.start, next ? span.end + 3 : span.end), YAML_OPTIONS);
  if (!Array.isArray(docs) || docs.length !== (next ? 2 : 1)) return undefined;
  const doc = docs[0] as Document.Parsed;
  if (span.start === 0) return doc;
  const by = span.start;
  const move = (r: [number, number, number]) => {
    r[0] += by;
    r[1] += by;
    r[2] += by;
  };
  move(doc.range);
  visit(doc, (_, node) => {
    const range = (node as { range?: [number, number, number] | null } | null)?.range;
    if (range) move(range);
  });
  for (const problem of [...doc.errors, ...doc.warnings]) problem.pos = [problem.pos[0] + by, problem.pos[1] + by];
  return doc;
}

/** A fast record's syntax findings and foreign tags: none, in one frozen list shared by thousands of records. */
const NONE = Object.freeze([]) as unknown as never[];

/** A record read on the fast path: the same shape as a precise one, its `yaml` tree made on demand. */
class FastRecord implements RecordDoc {
  readonly syntax: Finding[] = NONE;
  readonly foreignTags: RecordDoc['foreignTags'] = NONE;
  readonly kind?: string;
  readonly name?: string;
  readonly apiVersion: string;
  private tree?: Document.Parsed;
  private text?: TextLocator;

  /** The length of the text the record was parsed from (a Markdown file's front matter). */
  get sourceLength(): number {
    return this.lazy.source.length;
  }

  constructor(
    readonly file: string,
    readonly docIndex: number,
    readonly span: Span,
    /** The document's value as read from its text, shared with the records that take it over after an edit. */
    readonly read: ChunkValue,
    private readonly lazy: LazyYaml,
    /** The kind and name the value holds, when they are known without reading it (a kept value: `keptFile`). */
    known?: { kind?: string; name?: string },
  ) {
    this.apiVersion = read.apiVersion;
    if (known) {
      this.kind = known.kind;
      this.name = known.name;
      return;
    }
    const value = read.value;
    if (typeof value.kind === 'string') this.kind = value.kind;
    const metadata = value.metadata as Record<string, unknown> | undefined;
    if (metadata && typeof metadata === 'object' && typeof metadata.name === 'string') this.name = metadata.name;
  }

  /** The document's value (a kept one is read on first use: `keptFile`). */
  get value(): Record<string, unknown> {
    return this.read.value;
  }

  get doc(): Document.Parsed {
    return (this.tree ??= this.lazy.docIn(this.span));
  }

  locate(path: readonly PathSegment[], mode?: SpanMode): Span | undefined {
    if (this.tree) return undefined;
    this.text ??= new TextLocator(this.lazy.source, this.span.start, this.span.end);
    return this.text.spanAt(path, mode);
  }

  private scalarAt(path: readonly PathSegment[]): Span | undefined {
    if (this.tree) return undefined;
    this.text ??= new TextLocator(this.lazy.source, this.span.start, this.span.end);
    return this.text.scalarAt(path);
  }

  get kindSpan(): Span | undefined {
    if (this.kind === undefined) return undefined;
    const fast = this.scalarAt(['kind']);
    if (fast) return fast;
    const node = isMap(this.doc.contents) ? this.doc.contents.get('kind', true) : undefined;
    return isScalar(node) ? spanOf(node) : undefined;
  }

  get nameSpan(): Span | undefined {
    if (this.name === undefined) return undefined;
    const fast = this.scalarAt(['metadata', 'name']);
    if (fast) return fast;
    const node = this.doc.getIn(['metadata', 'name'], true) as Node | undefined;
    return isScalar(node) ? spanOf(node) : undefined;
  }
}

const OURS = /^[ \t]*["']?apiVersion["']?[ \t]*:[ \t]*["']?svcm\//m;
const ENTITY = /^[ \t]*["']?apiVersion["']?[ \t]*:[ \t]*["']?backstage\.io\/v1(?:alpha1|beta1)\b/m;

/**
 * Which documents are read (records, and entities in YAML files), by their
 * `apiVersion` and `kind`: one dispatch, so that other catalogue formats fit here.
 */
export function recognised(apiVersion: string, kind: unknown, format: FileFormat = 'yaml'): boolean {
  if (apiVersion.startsWith('svcm/')) return true;
  return format === 'yaml' && isEntityDocument(apiVersion, kind);
}

function toRecordDoc(
  file: string,
  text: string,
  doc: Document.Parsed,
  docIndex: number,
  format: FileFormat = formatOf(file) ?? 'yaml',
): RecordDoc | undefined {
  const [start, , end] = doc.range;
  const contents = doc.contents;
  let apiVersion: string | undefined;
  let kindValue: unknown;
  if (isMap(contents)) {
    const v = contents.get('apiVersion', true);
    if (isScalar(v) && typeof v.value === 'string') apiVersion = v.value;
    const k = contents.get('kind', true);
    if (isScalar(k)) kindValue = k.value;
  }
  if (apiVersion === undefined && doc.errors.length > 0) {
    const own = text.slice(start, end);
    if (OURS.test(own)) apiVersion = 'svcm/';
    else if (format === 'yaml') {
      const m = ENTITY.exec(own);
      // Broken beyond reading its apiVersion: an entity when its kind is a built-in one.
      const kind = /^[ \t]*["']?kind["']?[ \t]*:[ \t]*["']?([A-Za-z]+)/m.exec(own)?.[1];
      if (m && isEntityDocument(m[0].replace(/^.*:[ \t]*["']?/, ''), kind)) {
        apiVersion = m[0].replace(/^.*:[ \t]*["']?/, '');
        kindValue = kind;
      }
    }
  }
  if (apiVersion === undefined || !recognised(apiVersion, kindValue, format)) return undefined;

  const record: RecordDoc = {
    file,
    docIndex,
    doc,
    span: { start, end },
    syntax: [],
    apiVersion,
    value: undefined,
    foreignTags: [],
  };
  if (isMap(contents)) {
    const kind = contents.get('kind', true);
    if (isScalar(kind) && typeof kind.value === 'string') {
      record.kind = kind.value;
      record.kindSpan = spanOf(kind);
    }
    const name = doc.getIn(['metadata', 'name'], true) as Node | undefined;
    if (isScalar(name) && typeof name.value === 'string') {
      record.name = name.value;
      record.nameSpan = spanOf(name);
    }
  }
  for (const error of doc.errors.slice(0, MAX_SYNTAX_FINDINGS)) {
    // `yaml` places a duplicate key on its first character only: widen it to the whole (second) key.
    const span = clampSpan(
      (error.code === 'DUPLICATE_KEY' && keyAt(doc, error.pos[0])) || { start: error.pos[0], end: error.pos[1] },
      text.length,
    );
    const finding = syntaxFinding(describeYamlError(error, text, span), span);
    if (!record.syntax.some((f) => f.message === finding.message && f.span.start === finding.span.start))
      record.syntax.push(finding);
  }
  if (doc.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION'))
    record.syntax = record.syntax.filter((f, i, all) => all.findIndex((g) => g.message === f.message) === i);
  if (doc.warnings.some((w) => w.code === 'TAG_RESOLVE_FAILED')) record.foreignTags = foreignTags(doc);
  if (record.syntax.length > 0) return record;
  try {
    record.value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const alias = firstAlias(doc);
    const message =
      error instanceof ReferenceError && /alias/i.test(error.message)
        ? `too many alias expansions (over ${MAX_ALIAS_COUNT}): aliases that multiply like this are refused`
        : `the YAML cannot be read: ${(error as Error).message}`;
    record.syntax.push(syntaxFinding(message, alias ?? { start, end: Math.min(end, start + 1) }));
  }
  return record;
}

const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => `tag:yaml.org,2002:${t}`));

/** Nodes with tags outside the core schema; each span covers the tag and its value. */
function foreignTags(doc: Document.Parsed): RecordDoc['foreignTags'] {
  const out: RecordDoc['foreignTags'] = [];
  visit(doc, (_, node) => {
    // `node` is null for an empty key or value (`? ` alone, `key:` with nothing after it).
    const tagged = node as { tag?: string; range?: [number, number, number]; srcToken?: unknown } | null;
    if (!tagged?.tag || CORE_TAGS.has(tagged.tag) || !tagged.range) return;
    const tag = tagged.tag.replace('tag:yaml.org,2002:', '!!');
    const warning = doc.warnings.find(
      (w) => w.code === 'TAG_RESOLVE_FAILED' && w.pos[0] <= tagged.range![0] && w.message.endsWith(tagged.tag!),
    );
    out.push({
      tag,
      span: { start: warning ? Math.min(warning.pos[0], tagged.range[0]) : tagged.range[0], end: tagged.range[1] },
    });
  });
  return out;
}

function firstAlias(doc: Document.Parsed): Span | undefined {
  let found: Span | undefined;
  visit(doc, {
    Alias(_, node) {
      if (node.range) found = { start: node.range[0], end: node.range[1] };
      return visit.BREAK;
    },
  });
  return found;
}

/** The span of the map key that starts at `offset`, if there is one. */
function keyAt(doc: Document.Parsed, offset: number): Span | undefined {
  let found: Span | undefined;
  visit(doc, {
    Pair(_, pair) {
      const range = (pair.key as Node | null)?.range;
      if (range && range[0] === offset) {
        found = { start: range[0], end: range[1] };
        return visit.BREAK;
      }
    },
  });
  return found;
}

function describeYamlError(error: YAMLError, text: string, span: Span): string {
  const message = error.message.replace(/\s+at line \d+, column \d+[\s\S]*$/, '');
  switch (error.code) {
    case 'DUPLICATE_KEY':
      return `duplicate key '${text.slice(span.start, span.end).trim()}': each key may appear once in a map`;
    case 'TAB_AS_INDENT':
      return 'tabs are not allowed as indentation in YAML: use spaces';
    case 'RESOURCE_EXHAUSTION':
      return 'nesting too deep to parse';
    default:
      return message.charAt(0).toLowerCase() + message.slice(1);
  }
}

export function spanOf(node: { range?: [number, number, number] | null }): Span {
  const r = node.range;
  return r ? { start: r[0], end: r[1] } : { start: 0, end: 0 };
}

function clampSpan(span: Span, length: number): Span {
  const start = Math.max(0, Math.min(span.start, length));
  return { start, end: Math.max(start, Math.min(span.end, length)) };
}

/**
 * Parses a file from its bytes (what the CLI and the editor read from disk).
 * Bytes that cannot hold records (no `svcm/` in them) give a file with no records;
 * bytes too large, binary or not UTF-8 give a file whose one finding says so,
 * at the place of the problem.
 */
export function parseBytes(path: string, bytes: Uint8Array, size = bytes.length): ParsedFile {
  const format = formatOf(path) ?? 'yaml';
  const decoded = decodeRecordBytes(bytes, size);
  if (!decoded) return { path, text: '', format, records: [], fileFindings: [], precise: true };
  if (decoded.ok) return parseFile(path, decoded.text, format);
  const at = decoded.offset;
  return {
    path,
    text: decoded.prefix,
    format,
    records: [],
    fileFindings: [syntaxFinding(decoded.message, { start: at, end: at })],
    precise: true,
  };
}

/**
 * What `svcm validate --cache` keeps of a file read on the fast path: each
 * record's place and value, and how much of the text was parsed (a Markdown
 * file's front matter). Undefined for a file that must be parsed every time: one
 * with a record read by `yaml` (syntax errors, `notFast`), a problem of the
 * file as a whole, or a value that JSON would not give back as it is.
 */
export interface StoredFile {
  sourceEnd: number;
  records: { docIndex: number; start: number; end: number; apiVersion: string; value: Record<string, unknown> }[];
}

export function storedFile(parsed: ParsedFile): StoredFile | undefined {
  if (parsed.fileFindings.length > 0 || (parsed.precise && parsed.records.length > 0)) return undefined;
  const records: StoredFile['records'] = [];
  let sourceEnd = parsed.text.length;
  for (const record of parsed.records) {
    if (!(record instanceof FastRecord) || !jsonSafe(record.value)) return undefined;
    sourceEnd = record.sourceLength;
    records.push({
      docIndex: record.docIndex,
      start: record.span.start,
      end: record.span.end,
      apiVersion: record.apiVersion,
      value: record.value,
    });
  }
  return { sourceEnd, records };
}

/** A record as `svcm validate --cache` keeps it: what the index reads without the value, and the value on demand. */
export interface KeptRecord {
  docIndex: number;
  start: number;
  end: number;
  apiVersion: string;
  kind?: string;
  name?: string;
  /** The value, read when first asked for (most records of a cached run never are). */
  value: () => Record<string, unknown>;
}

/** `[docIndex, start, end, apiVersion, kind, name]`: how a kept record's row starts. */
export type KeptHead = [number, number, number, string, string | null, string | null];

/**
 * A kept record from the row the reading threads and the `--cache` file carry:
 * `[docIndex, start, end, apiVersion, kind, name, ...]`, kind and name null when absent.
 */
export function keptRecordOf(
  [docIndex, start, end, apiVersion, kind, name]: readonly [...KeptHead, ...unknown[]],
  value: () => Record<string, unknown>,
): KeptRecord {
  return { docIndex, start, end, apiVersion, kind: kind ?? undefined, name: name ?? undefined, value };
}

/** The value of a kept record, read once, on first use; the same object after (it is the record's `contentIdentity`). */
class KeptValue implements ChunkValue {
  private read?: Record<string, unknown>;
  constructor(
    readonly apiVersion: string,
    private readonly load: () => Record<string, unknown>,
  ) {}

  get value(): Record<string, unknown> {
    return (this.read ??= this.load());
  }
}

/**
 * A file as `svcm validate --cache` kept it (`storedFile`), its text read only
 * when a span or the text is asked for and each record's value only when a rule
 * asks for it: the index links the records by their kind, name and references
 * (the caller gives the references: `seedReferences`), so a cached run with one
 * file changed reads the values of the few records its rules look at.
 */
export function keptFile(
  path: string,
  format: FileFormat,
  sourceEnd: number,
  kept: readonly KeptRecord[],
  text: () => string,
): ParsedFile {
  let read: string | undefined;
  const whole = () => (read ??= text());
  const lazy = new LazyYaml(() => whole().slice(0, sourceEnd));
  const records = kept.map(
    (r) =>
      new FastRecord(path, r.docIndex, { start: r.start, end: r.end }, new KeptValue(r.apiVersion, r.value), lazy, {
        kind: r.kind,
        name: r.name,
      }),
  );
  return {
    path,
    format,
    records,
    fileFindings: [],
    precise: records.length === 0,
    get text() {
      return whole();
    },
  };
}

/** Whether JSON gives the value back as it is: no infinities, NaN, -0 or `__proto__` keys. */
function jsonSafe(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value) && !Object.is(value, -0);
  if (value === null || typeof value !== 'object') return true;
  if (Array.isArray(value)) return value.every(jsonSafe);
  for (const key of Object.keys(value)) {
    if (key === '__proto__' || !jsonSafe((value as Record<string, unknown>)[key])) return false;
  }
  return Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null;
}
