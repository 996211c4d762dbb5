import { isMap, isScalar, type Node, type Pair } from 'yaml';
import type { Finding } from '../finding';
import type { ParsedFile, RecordDoc } from '../parse/parseFile';
import type { PathSegment } from '../parse/span';
import type { TextEdit } from './navigation';

export interface QuickFix {
  title: string;
  /** edits in the file of the finding */
  edits: TextEdit[];
  /** a file rename (workspace-relative paths) */
  rename?: { from: string; to: string };
  preferred?: boolean;
}

/**
 * The quick fixes for a finding, from its `data`: replace a value with the
 * suggestion, add a missing field (indented like its siblings), rename the
 * file after its record. Empty when there is nothing safe to do.
 */
export function quickFixes(parsed: ParsedFile, finding: Finding): QuickFix[] {
  const data = finding.data;
  if (!data) return [];
  switch (data.fix) {
    case 'replace': {
      const old = parsed.text.slice(finding.span.start, finding.span.end);
      const quote = /^["']/.test(old) ? old[0] : '';
      return [
        {
          title: `Change to '${data.with}'`,
          edits: [{ file: parsed.path, span: finding.span, newText: `${quote}${data.with}${quote}` }],
          preferred: true,
        },
      ];
    }
    case 'replaceOneOf': {
      const old = parsed.text.slice(finding.span.start, finding.span.end);
      const quote = /^["']/.test(old) ? old[0] : '';
      return data.with.map((choice) => ({
        title: `Change to '${choice}'`,
        edits: [{ file: parsed.path, span: finding.span, newText: `${quote}${choice}${quote}` }],
      }));
    }
    case 'addField': {
      const record = parsed.records.find((r) => r.span.start <= finding.span.start && finding.span.start <= r.span.end);
      const edit = record && addFieldEdit(parsed, record, data.parentPath, data.field, data.placeholder);
      return edit ? [{ title: `Add '${data.field}'`, edits: [edit], preferred: true }] : [];
    }
    case 'renameFile': {
      const slash = parsed.path.lastIndexOf('/');
      const base = parsed.path.slice(slash + 1);
      const ext = base.includes('.') ? base.slice(base.lastIndexOf('.')) : '';
      const to = `${parsed.path.slice(0, slash + 1)}${data.name}${ext}`;
      return [{ title: `Rename file to '${data.name}${ext}'`, edits: [], rename: { from: parsed.path, to } }];
    }
    default:
      return [];
  }
}

/**
 * An edit that adds `field: placeholder` to the map at `parentPath`, on a new
 * line indented like the map's keys (or inside `{…}` for a flow map). The
 * parent map is created under its own parent when it is missing.
 */
export function addFieldEdit(
  parsed: ParsedFile,
  record: RecordDoc,
  parentPath: PathSegment[],
  field: string,
  placeholder: string,
): TextEdit | undefined {
  const text = parsed.text;
  const value = placeholder === '""' ? '' : placeholder;
  const node = nodeAtPath(record, parentPath);
  if (isMap(node) && node.flow) {
    // Right after the last entry (`{a: 1 }` -> `{a: 1, b: 2 }`); into `{}` too, the schema's placeholder for a missing map.
    const last = node.items[node.items.length - 1] as Pair<Node, Node | null> | undefined;
    const at = last ? (last.value?.range?.[1] ?? last.key.range![1]) : node.range![1] - 1;
    return {
      file: parsed.path,
      span: { start: at, end: at },
      newText: `${last ? ', ' : ''}${field}: ${value || '""'}`,
    };
  }
  if (isMap(node) && node.items.length > 0) {
    const first = node.items[0].key as Node;
    const indent = first.range![0] - lineStart(text, first.range![0]);
    const last = node.items[node.items.length - 1] as Pair<Node, Node | null>;
    const end = last.value?.range?.[1] ?? last.key.range![1];
    const at = lineEndAfter(text, Math.max(end - 1, first.range![0]));
    return {
      file: parsed.path,
      span: { start: at, end: at },
      newText: `${eolBefore(text, at)}${' '.repeat(indent)}${entry(field, value)}${eolAfter(text, at)}`,
    };
  }
  if (parentPath.length === 0) return undefined;
  const parent = parentPath.slice(0, -1);
  const key = parentPath[parentPath.length - 1];
  const pair = findPair(record, parent, key);
  if (pair && (pair.value === null || (isScalar(pair.value) && (pair.value as { value: unknown }).value === null))) {
    // `spec:` with nothing under it: the field goes on the next line, indented under the key.
    const keyNode = pair.key as Node;
    const indent = keyNode.range![0] - lineStart(text, keyNode.range![0]) + 2;
    const at = lineEndAfter(text, keyNode.range![1]);
    return {
      file: parsed.path,
      span: { start: at, end: at },
      newText: `${eolBefore(text, at)}${' '.repeat(indent)}${entry(field, value)}${eolAfter(text, at)}`,
    };
  }
  if (!pair && typeof key === 'string' && node === undefined) {
    // No `spec` at all: add it, with the field, to the map that should hold it.
    return addFieldEdit(
      parsed,
      record,
      parent,
      key,
      `${eol(text)}  ${' '.repeat(indentOf(record, parent, text))}${field}: ${value}`,
    );
  }
  return undefined;
}

/** `field: value`, or `field:` and the value's lines when it is a map written below (no trailing space). */
function entry(field: string, value: string): string {
  return /^\r?\n/.test(value) ? `${field}:${value}` : `${field}: ${value}`;
}

/** The node at `path` of a record's tree (the root for `[]`); undefined when it is not there. */
export function nodeAtPath(record: RecordDoc, path: readonly PathSegment[]): Node | null | undefined {
  return (path.length === 0 ? record.doc.contents : record.doc.getIn(path, true)) as Node | null | undefined;
}

function findPair(record: RecordDoc, parent: PathSegment[], key: PathSegment): Pair | undefined {
  const map = nodeAtPath(record, parent);
  if (!isMap(map)) return undefined;
  return map.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key)) as Pair | undefined;
}

/** The column of the keys of the map at `path` (0 when it is not a block map). */
function indentOf(record: RecordDoc, path: PathSegment[], text: string): number {
  const node = nodeAtPath(record, path);
  if (!isMap(node) || node.items.length === 0) return 0;
  const start = (node.items[0].key as Node).range![0];
  return start - lineStart(text, start);
}

/** The offset where the line holding `offset` starts. */
export function lineStart(text: string, offset: number): number {
  return text.lastIndexOf('\n', offset - 1) + 1;
}

/** The offset just after the end of the line holding `offset` (after its `\n`), or the text's end. */
function lineEndAfter(text: string, offset: number): number {
  const nl = text.indexOf('\n', offset);
  return nl < 0 ? text.length : nl + 1;
}

/** The text's line ending, so that inserted lines match it. */
export function eol(text: string): string {
  return text.includes('\r\n') ? '\r\n' : '\n';
}

function eolBefore(text: string, at: number): string {
  return at > 0 && text[at - 1] !== '\n' ? eol(text) : '';
}

function eolAfter(text: string, at: number): string {
  return at > 0 && text[at - 1] !== '\n' ? '' : eol(text);
}
