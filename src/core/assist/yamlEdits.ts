import { isMap, isScalar, isSeq, type Node } from 'yaml';
import type { ParsedFile, RecordDoc } from '../parse/parseFile';
import type { PathSegment } from '../parse/span';
import { addFieldEdit, eol as eolOf, lineStart, nodeAtPath } from './fixes';
import type { TextEdit } from './navigation';

/**
 * Minimal text edits to a record, so that the comments, order and formatting of
 * everything else stay as the person wrote them (never a re-serialisation).
 */

/** A scalar as YAML: plain when it cannot be read as anything else, double-quoted otherwise. */
export function yamlScalar(value: string): string {
  const plain = /^[A-Za-z_][\w./-]*$/.test(value) && !/^(true|false|null|yes|no|on|off|y|n|~)$/i.test(value);
  return plain ? value : JSON.stringify(value);
}

/** Sets the scalar at `path` (replacing the value, or adding the field to its map). */
export function setScalarEdit(
  parsed: ParsedFile,
  record: RecordDoc,
  path: readonly PathSegment[],
  value: string,
): TextEdit | undefined {
  const node = nodeAtPath(record, path);
  if (node && isScalar(node) && node.range && node.range[1] > node.range[0]) {
    return { file: parsed.path, span: { start: node.range[0], end: node.range[1] }, newText: yamlScalar(value) };
  }
  const field = path[path.length - 1];
  if (typeof field !== 'string') return undefined;
  return addFieldEdit(parsed, record, path.slice(0, -1) as PathSegment[], field, yamlScalar(value));
}

/**
 * Appends scalars to the list at `path`, skipping those already in it: new
 * `- item` lines under a block list, `, item` inside a flow list, or the field
 * added as a block list when it is missing or empty. Undefined when there is
 * nothing to add or the value there is not a list.
 */
export function appendToListEdit(
  parsed: ParsedFile,
  record: RecordDoc,
  path: readonly PathSegment[],
  items: readonly string[],
  quote = false,
): TextEdit | undefined {
  const text = parsed.text;
  const eol = eolOf(text);
  const format = (item: string) => (quote ? JSON.stringify(item) : yamlScalar(item));
  const node = nodeAtPath(record, path);
  if (isSeq(node)) {
    const present = new Set(node.items.map((i) => (isScalar(i) ? String(i.value) : '')));
    const fresh = items.filter((i) => !present.has(i));
    if (fresh.length === 0) return undefined;
    if (node.flow) {
      const last = node.items[node.items.length - 1] as Node | undefined;
      const at = last?.range ? last.range[1] : node.range![1] - 1;
      return {
        file: parsed.path,
        span: { start: at, end: at },
        newText: `${last ? ', ' : ''}${fresh.map(format).join(', ')}`,
      };
    }
    const first = node.items[0] as Node;
    const firstLine = lineStart(text, first.range![0]);
    const dash = text.slice(firstLine, first.range![0]).replace(/-\s*$/, '');
    const last = node.items[node.items.length - 1] as Node;
    const nl = text.indexOf('\n', last.range![1] - 1);
    const at = nl < 0 ? text.length : nl + 1;
    const before = at === text.length && !text.endsWith('\n') ? eol : '';
    return {
      file: parsed.path,
      span: { start: at, end: at },
      newText: before + fresh.map((i) => `${dash}- ${format(i)}${eol}`).join(''),
    };
  }
  const empty = node === undefined || node === null || (isScalar(node) && node.value === null);
  if (!empty) return undefined;
  const fresh = [...new Set(items)];
  if (fresh.length === 0) return undefined;
  const field = path[path.length - 1];
  if (typeof field !== 'string') return undefined;
  const parentPath = path.slice(0, -1) as PathSegment[];
  const parent = nodeAtPath(record, parentPath);
  let indent = 2;
  if (isMap(parent) && parent.items.length > 0 && !parent.flow) {
    const key = parent.items[0].key as Node;
    indent = key.range![0] - lineStart(text, key.range![0]) + 2;
  }
  if (isScalar(node) && node.value === null) {
    // `commits:` with nothing after it: the items go on the lines below the key.
    const keyPair = isMap(parent) ? parent.items.find((p) => isScalar(p.key) && p.key.value === field) : undefined;
    const keyNode = keyPair?.key as Node | undefined;
    if (!keyNode?.range) return undefined;
    const keyIndent = keyNode.range[0] - lineStart(text, keyNode.range[0]) + 2;
    const nl = text.indexOf('\n', keyNode.range[1]);
    const at = nl < 0 ? text.length : nl + 1;
    const before = at === text.length && !text.endsWith('\n') ? eol : '';
    return {
      file: parsed.path,
      span: { start: at, end: at },
      newText: before + fresh.map((i) => `${' '.repeat(keyIndent)}- ${format(i)}${eol}`).join(''),
    };
  }
  const lines = fresh.map((i) => `${eol}${' '.repeat(indent)}- ${format(i)}`).join('');
  return addFieldEdit(parsed, record, parentPath, field, lines);
}
