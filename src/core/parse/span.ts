import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import type { Span } from '../finding';
import { spanOf, type RecordDoc } from './parseFile';

export type PathSegment = string | number;

/** Which part of the node at a path a span should cover. */
export type SpanMode =
  /** the value node (a bad value) */
  | 'value'
  /** the key of the pair (an unknown key) */
  | 'key'
  /** the path does not exist (a missing field): the key of the map that should hold it */
  | 'missing';

/**
 * `spanAtPath` in a record's document: from its text when it was read on the
 * fast path and the text is plain enough (fastSpan.ts), else from its `yaml`
 * tree (built on first use). What rules call.
 */
export function spanIn(record: RecordDoc, path: readonly PathSegment[], mode: SpanMode = 'value'): Span {
  return record.locate?.(path, mode) ?? spanAtPath(record.doc, path, mode);
}

interface Step {
  node: Node;
  pair?: Pair;
}

/**
 * The source span of `path` in a parsed document. When the path does not exist
 * in full, returns the span of the deepest part that does (the key of the map
 * that should hold a missing field), so a finding always has a place. Offsets are
 * UTF-16 offsets into the text the document was parsed from.
 */
export function spanAtPath(doc: Document.Parsed, path: readonly PathSegment[], mode: SpanMode = 'value'): Span {
  const steps: Step[] = [];
  let node = doc.contents as Node | null;
  if (!node) return { start: doc.range[0], end: doc.range[0] };
  steps.push({ node });
  for (const segment of path) {
    let next: Step | undefined;
    if (isMap(node)) {
      const pair: Pair | undefined = node.items.find(
        (p) => isScalar(p.key) && String(p.key.value) === String(segment),
      ) as Pair | undefined;
      if (pair) next = { node: (pair.value as Node | null) ?? (pair.key as Node), pair };
    } else if (isSeq(node) && typeof segment === 'number') {
      const item = node.items[segment] as Node | undefined;
      if (item) next = isPair(item) ? { node: item.value as Node, pair: item } : { node: item };
    }
    if (!next) break;
    steps.push(next);
    node = next.node;
  }
  const found = steps.length === path.length + 1;
  const last = steps[steps.length - 1];
  if (found && mode === 'key' && last.pair) return spanOf(last.pair.key as Node);
  if (found && mode !== 'missing') return valueSpan(last);
  // Missing, or only partly there: point at the key that owns the deepest map we reached.
  const owner = last;
  if (owner.pair) return spanOf(owner.pair.key as Node);
  if (steps.length === 1) return rootAnchor(doc);
  return valueSpan(owner);
}

function valueSpan(step: Step): Span {
  const span = spanOf(step.node);
  if (span.end > span.start) return span;
  // An empty value (`owner:`): point at its key instead of at nothing.
  return step.pair ? spanOf(step.pair.key as Node) : span;
}

/** A missing top-level field is reported on `kind` (or the first key): the line that says what the record is. */
function rootAnchor(doc: Document.Parsed): Span {
  const contents = doc.contents;
  if (isMap(contents) && contents.items.length > 0) {
    const kind = contents.items.find((p) => isScalar(p.key) && p.key.value === 'kind') ?? contents.items[0];
    return spanOf(kind.key as Node);
  }
  return contents ? spanOf(contents) : { start: doc.range[0], end: doc.range[0] };
}
