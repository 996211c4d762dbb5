import { load } from 'js-yaml';
import { Document, isMap, isScalar, parseAllDocuments, visit, type Node, type YAMLError } from 'yaml';
import type { Finding, Span } from '../finding';
import { RULE_TABLE } from '../rules/codes';
import { decodeRecordBytes, mentionsSvcm } from './decode';

/** One YAML document that declares `apiVersion: svcm/...`: a record, or what is left of one. */
export interface RecordDoc {
  /** Workspace-relative path with `/`, the file's identity everywhere in the core. */
  file: string;
  /** Position among all YAML documents of the file (0-based). */
  docIndex: number;
  doc: Document.Parsed;
  /** The document's own text span (without the `---` separator before it). */
  span: Span;
  /** `yaml-syntax` findings; when there are any, nothing else is checked (SPEC §2). */
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
   * Otherwise they came from the fast path: values from js-yaml, spans parsed
   * on first use. `validateFile` re-parses precisely any file with findings.
   */
  precise: boolean;
}

export interface ParseOptions {
  /** Parse with `yaml` at once (an edit about to be applied needs every span). */
  precise?: boolean;
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

export function syntaxFinding(message: string, span: Span): Finding {
  return { code: 'yaml-syntax', severity: RULE_TABLE['yaml-syntax'].severity, message, span };
}

/**
 * Parses a YAML or Markdown file's text into its svcm records. Never throws:
 * malformed input becomes `yaml-syntax` findings. Documents that do not declare
 * `apiVersion: svcm/...` are dropped, so foreign YAML yields no records.
 */
export function parseFile(path: string, text: string, format: FileFormat = formatOf(path) ?? 'yaml', options: ParseOptions = {}): ParsedFile {
  const parsed: ParsedFile = { path, text, format, records: [], fileFindings: [], precise: true };
  if (!mentionsSvcm(text)) return parsed;
  let source = text;
  if (format === 'markdown') {
    const fm = frontMatterEnd(text);
    if (fm === undefined) return parsed;
    if (fm.end < 0) {
      if (mentionsSvcm(text.slice(0, 4096))) parsed.fileFindings.push(syntaxFinding("front matter is not closed: add a line '---' after it", { start: 0, end: 3 }));
      return parsed;
    }
    // Parsing the prefix keeps every offset as it is in the whole file: the leading `---` is a YAML document marker.
    source = text.slice(0, fm.end);
    parsed.bodyStart = fm.bodyStart;
  }
  const deep = tooDeep(source);
  if (deep) {
    parsed.fileFindings.push(syntaxFinding(`nesting too deep: more than ${MAX_INDENT_PREFIX} columns of indentation and block indicators`, deep));
    return parsed;
  }
  const deepFlow = tooDeepFlow(source);
  if (deepFlow) {
    parsed.fileFindings.push(syntaxFinding(`nesting too deep: more than ${MAX_FLOW_DEPTH} levels of '[' and '{'`, deepFlow));
    return parsed;
  }
  if (!options.precise) {
    const fast = fastRecords(path, source, format);
    if (fast) {
      parsed.records = fast;
      parsed.precise = false;
      return parsed;
    }
  }
  let docs: Document.Parsed[];
  try {
    // logLevel 'error': `yaml` would print its warnings (a map used as a key) to the process's stderr.
    docs = parseAllDocuments(source, YAML_OPTIONS) as Document.Parsed[];
    if (!Array.isArray(docs)) docs = [docs];
  } catch (error) {
    // `yaml` reports resource exhaustion as errors; this is only a last guard.
    parsed.fileFindings.push(syntaxFinding(`the YAML cannot be parsed: ${(error as Error).message}`, { start: 0, end: Math.min(1, text.length) }));
    return parsed;
  }
  if (format === 'markdown') docs = docs.slice(0, 1);
  docs.forEach((doc, docIndex) => {
    const record = toRecordDoc(path, source, doc, docIndex);
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

function tooDeep(text: string): Span | undefined {
  let lineStart = 0;
  while (lineStart < text.length) {
    let i = lineStart;
    while (i < text.length) {
      const c = text.charCodeAt(i);
      // space, tab, '-', '?', ':' : what block nesting is made of
      if (c === 32 || c === 9 || c === 45 || c === 63 || c === 58) i++;
      else break;
    }
    if (i - lineStart > MAX_INDENT_PREFIX) return { start: lineStart, end: i };
    const nl = text.indexOf('\n', i);
    if (nl < 0) break;
    lineStart = nl + 1;
  }
  return undefined;
}

/**
 * The run of `[`/`{` that nests deeper than MAX_FLOW_DEPTH, from its outermost opener.
 * Brackets are counted everywhere, quoted or not: only absurd text holds hundreds of
 * unclosed ones, and a document marker starts the count again.
 */
function tooDeepFlow(text: string): Span | undefined {
  let depth = 0;
  let outermost = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 91 || c === 123) {
      if (depth === 0) outermost = i;
      if (++depth > MAX_FLOW_DEPTH) return { start: outermost, end: i + 1 };
    } else if (c === 93 || c === 125) {
      if (depth > 0) depth--;
    } else if (c === 10 && (text.startsWith('---', i + 1) || text.startsWith('...', i + 1))) {
      depth = 0;
    }
  }
  return undefined;
}

/**
 * What sends a file to the precise path at once: directives, `...`, tab
 * indentation, anchors, aliases, tags, and a lone `\r` (the two parsers
 * break lines on it differently).
 */
const NOT_FAST = /^%|^\.\.\.(?:[ \t\r]|$)|^[ ]*\t|(?:^|[\s[\]{},])[&*!]|\r(?!\n)/m;
const DOC_START = /^---(?=[ \t\r\n]|$)/gm;
const YAML_OPTIONS = { schema: 'core', prettyErrors: false, uniqueKeys: true, strict: true, logLevel: 'error' } as const;

/**
 * The fast path: each document's value from js-yaml (several times faster than
 * `yaml`), with the `yaml` tree built only when a span is asked for. Returns
 * undefined, for the precise path, on anything js-yaml refuses or that the two
 * parsers might read differently. Both parse YAML 1.2's core schema.
 */
function fastRecords(file: string, source: string, format: FileFormat): RecordDoc[] | undefined {
  if (NOT_FAST.test(source)) return undefined;
  const starts = [0];
  for (const m of source.matchAll(DOC_START)) if (m.index! > 0) starts.push(m.index!);
  if (format === 'markdown') starts.length = 1;
  const lazy = new LazyYaml(source);
  const records: RecordDoc[] = [];
  for (let i = 0; i < starts.length; i++) {
    const start = starts[i];
    const end = i + 1 < starts.length ? starts[i + 1] : source.length;
    let value: unknown;
    try {
      value = load(source.slice(start, end), { maxAliases: 0, maxDepth: 100 });
    } catch {
      return undefined;
    }
    if (!value || typeof value !== 'object' || Array.isArray(value)) continue;
    const apiVersion = (value as Record<string, unknown>).apiVersion;
    if (typeof apiVersion !== 'string' || !apiVersion.startsWith('svcm/')) continue;
    records.push(new FastRecord(file, i, { start, end }, apiVersion, value as Record<string, unknown>, lazy));
  }
  return records;
}

/** The `yaml` documents of a source, parsed once, on first use. */
class LazyYaml {
  private docs?: Document.Parsed[];
  constructor(private readonly source: string) {}

  /** The document that starts at or after `offset` (the fast path's chunk start). */
  docAt(offset: number): Document.Parsed {
    this.docs ??= parseAllDocuments(this.source, YAML_OPTIONS) as Document.Parsed[];
    const docs = Array.isArray(this.docs) ? this.docs : [this.docs as unknown as Document.Parsed];
    return docs.find((d) => d.range[2] > offset && d.range[0] >= offset) ?? docs.find((d) => d.range[2] > offset) ?? docs[docs.length - 1];
  }
}

/** A record read on the fast path: the same shape as a precise one, its `yaml` tree made on demand. */
class FastRecord implements RecordDoc {
  readonly syntax: Finding[] = [];
  readonly foreignTags: RecordDoc['foreignTags'] = [];
  readonly kind?: string;
  readonly name?: string;
  private tree?: Document.Parsed;

  constructor(
    readonly file: string,
    readonly docIndex: number,
    readonly span: Span,
    readonly apiVersion: string,
    readonly value: Record<string, unknown>,
    private readonly lazy: LazyYaml,
  ) {
    if (typeof value.kind === 'string') this.kind = value.kind;
    const metadata = value.metadata as Record<string, unknown> | undefined;
    if (metadata && typeof metadata === 'object' && typeof metadata.name === 'string') this.name = metadata.name;
  }

  get doc(): Document.Parsed {
    return (this.tree ??= this.lazy.docAt(this.span.start));
  }

  get kindSpan(): Span | undefined {
    if (this.kind === undefined) return undefined;
    const node = isMap(this.doc.contents) ? this.doc.contents.get('kind', true) : undefined;
    return isScalar(node) ? spanOf(node) : undefined;
  }

  get nameSpan(): Span | undefined {
    if (this.name === undefined) return undefined;
    const node = this.doc.getIn(['metadata', 'name'], true) as Node | undefined;
    return isScalar(node) ? spanOf(node) : undefined;
  }
}

const OURS = /^[ \t]*["']?apiVersion["']?[ \t]*:[ \t]*["']?svcm\//m;

function toRecordDoc(file: string, text: string, doc: Document.Parsed, docIndex: number): RecordDoc | undefined {
  const [start, , end] = doc.range;
  const contents = doc.contents;
  let apiVersion: string | undefined;
  if (isMap(contents)) {
    const v = contents.get('apiVersion', true);
    if (isScalar(v) && typeof v.value === 'string') apiVersion = v.value;
  }
  if (apiVersion === undefined && doc.errors.length > 0 && OURS.test(text.slice(start, end))) apiVersion = 'svcm/';
  if (apiVersion === undefined || !apiVersion.startsWith('svcm/')) return undefined;

  const record: RecordDoc = { file, docIndex, doc, span: { start, end }, syntax: [], apiVersion, value: undefined, foreignTags: [] };
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
    const span = clampSpan((error.code === 'DUPLICATE_KEY' && keyAt(doc, error.pos[0])) || { start: error.pos[0], end: error.pos[1] }, text.length);
    const finding = syntaxFinding(describeYamlError(error, text, span), span);
    if (!record.syntax.some((f) => f.message === finding.message && f.span.start === finding.span.start)) record.syntax.push(finding);
  }
  if (doc.errors.some((e) => e.code === 'RESOURCE_EXHAUSTION')) record.syntax = record.syntax.filter((f, i, all) => all.findIndex((g) => g.message === f.message) === i);
  if (doc.warnings.some((w) => w.code === 'TAG_RESOLVE_FAILED')) record.foreignTags = foreignTags(doc);
  if (record.syntax.length > 0) return record;
  try {
    record.value = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
  } catch (error) {
    const alias = firstAlias(doc);
    const message = error instanceof ReferenceError && /alias/i.test(error.message)
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
    const warning = doc.warnings.find((w) => w.code === 'TAG_RESOLVE_FAILED' && w.pos[0] <= tagged.range![0] && w.message.endsWith(tagged.tag!));
    out.push({ tag, span: { start: warning ? Math.min(warning.pos[0], tagged.range[0]) : tagged.range[0], end: tagged.range[1] } });
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
  return { path, text: decoded.prefix, format, records: [], fileFindings: [syntaxFinding(decoded.message, { start: at, end: at })], precise: true };
}
