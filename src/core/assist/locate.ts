import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { Span } from '../finding';
import { referencesOf, type Reference, type RefKind } from '../index/references';
import { entityIndexName, entityNamespace, isEntity, isEntityKind } from '../backstage/model';
import type { ParsedFile, RecordDoc } from '../parse/parseFile';
import type { PathSegment } from '../parse/span';
import { isKind, type Kind } from '../schema/vocabulary';

/** The record whose document covers `offset` (for Markdown, only inside the front matter). */
export function recordAt(parsed: ParsedFile, offset: number): RecordDoc | undefined {
  return parsed.records.find((r) => r.span.start <= offset && offset <= r.span.end);
}

export interface NodeHit {
  record: RecordDoc;
  /** path of the node from the document root */
  path: PathSegment[];
  /** the cursor is on a map key (else on a value) */
  onKey: boolean;
  /** the scalar under the cursor, when it is one */
  value?: unknown;
  span: Span;
}

/** The deepest node of a record under `offset` (a key or a value), with its path. Undefined between nodes. */
export function nodeAt(record: RecordDoc, offset: number): NodeHit | undefined {
  let node = record.doc.contents as Node | null;
  const path: PathSegment[] = [];
  const inside = (n: { range?: [number, number, number] | null } | null | undefined) =>
    !!n?.range && n.range[0] <= offset && offset <= n.range[1];
  for (let depth = 0; node && depth < 64; depth++) {
    if (isMap(node)) {
      let next: Node | null = null;
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        if (key && inside(key) && isScalar(key)) {
          return {
            record,
            path: [...path, String(key.value)],
            onKey: true,
            value: key.value,
            span: { start: key.range![0], end: key.range![1] },
          };
        }
        const value = pair.value as Node | null;
        if (value && inside(value) && isScalar(key)) {
          path.push(String(key.value));
          next = value;
          break;
        }
      }
      node = next;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((item) => inside(item as Node));
      if (i < 0) return undefined;
      path.push(i);
      node = node.items[i] as Node;
    } else if (isScalar(node)) {
      return { record, path, onKey: false, value: node.value, span: { start: node.range![0], end: node.range![1] } };
    } else return undefined;
  }
  return undefined;
}

/** What an id under the cursor names: a record's own name, or a reference to one. */
export interface Target {
  /** For an entity, its kind and `name` the index name (`default/petstore`). */
  kind: RefKind;
  name: string;
  span: Span;
  /** set when the cursor is on a reference */
  reference?: Reference;
}

/** The record id under `offset`: a `metadata.name` value or a reference field's value. */
export function targetAt(parsed: ParsedFile, offset: number): Target | undefined {
  const record = recordAt(parsed, offset);
  const entity = record !== undefined && isEntity(record) && isEntityKind(record.kind);
  if (!record || !(isKind(record.kind) || entity)) return undefined;
  if (
    record.name !== undefined &&
    record.nameSpan &&
    record.nameSpan.start <= offset &&
    offset <= record.nameSpan.end
  ) {
    const name = entity ? entityIndexName(entityNamespace(record), record.name) : record.name;
    return { kind: record.kind as RefKind, name, span: record.nameSpan };
  }
  const reference = referencesOf(record).find((ref) => ref.span.start <= offset && offset <= ref.span.end);
  if (!reference) return undefined;
  return { kind: reference.kind, name: reference.name, span: reference.span, reference };
}

/** `CHG-…`, `REL-…` and `KB-…` ids in free text (commit messages, Markdown, code comments). */
export const ID_PATTERN = /\b(CHG-\d{4}-\d{4,}|REL-[A-Za-z0-9._-]*[A-Za-z0-9]|KB-\d{4,})\b/g;

export interface IdMention {
  kind: Kind;
  name: string;
  span: Span;
}

/** Every id mentioned in a text, with its kind. */
export function idMentions(text: string): IdMention[] {
  const out: IdMention[] = [];
  for (const m of text.matchAll(ID_PATTERN)) {
    const name = m[1];
    const kind: Kind = name.startsWith('CHG-') ? 'Change' : name.startsWith('REL-') ? 'Release' : 'Knowledge';
    out.push({ kind, name, span: { start: m.index!, end: m.index! + name.length } });
  }
  return out;
}

/** The id mention under `offset` in free text. */
export function idMentionAt(text: string, offset: number): IdMention | undefined {
  // Only look at the line around the offset: hover and links run on big files too.
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const nl = text.indexOf('\n', offset);
  const lineEnd = nl < 0 ? text.length : nl;
  return idMentions(text.slice(lineStart, lineEnd))
    .map((m) => ({ ...m, span: { start: m.span.start + lineStart, end: m.span.end + lineStart } }))
    .find((m) => m.span.start <= offset && offset <= m.span.end);
}
