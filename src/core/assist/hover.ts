import type { Span } from '../finding';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { entryForField, entryForValue, findTermAt, hoverMarkdown } from '../glossary/lookup';
import type { ParsedFile } from '../parse/parseFile';
import { isKind } from '../schema/vocabulary';
import { definitionsOf } from '../backstage/bridge';
import { nodeAt, recordAt } from './locate';
import { symbolAt } from './navigation';
import { recordSummary } from './summary';

export interface HoverInfo {
  markdown: string;
  span: Span;
}

/**
 * What to show on hover at `offset`: the record an id names (a reference, or an
 * id in any text), else the ITIL glossary entry for a field name, an enum value,
 * or a term in the body of a Markdown knowledge record (other prose gets none:
 * "service" in a Kubernetes file is not ours to explain).
 */
export function hoverAt(
  index: WorkspaceIndex,
  parsed: ParsedFile | undefined,
  text: string,
  offset: number,
): HoverInfo | undefined {
  const target = symbolAt(parsed, text, offset);
  if (target) {
    const record = definitionsOf(index, target.kind, target.name)[0];
    const markdown = record ? recordSummary(record) : `No ${target.kind} named \`${target.name}\` in this workspace.`;
    // On a record's own name, the glossary says more than its own summary.
    if (!(record && target.span.start === record.nameSpan?.start && record.file === parsed?.path))
      return { markdown, span: target.span };
  }
  const record = parsed && recordAt(parsed, offset);
  if (record && isKind(record.kind)) {
    const hit = nodeAt(record, offset);
    if (hit) {
      const entry = hit.onKey
        ? entryForField(record.kind, hit.path)
        : typeof hit.value === 'string'
          ? (entryForValue(record.kind, hit.path, hit.value) ?? entryForField(record.kind, hit.path))
          : entryForField(record.kind, hit.path);
      if (entry) return { markdown: hoverMarkdown(entry), span: hit.span };
    }
    return undefined;
  }
  // The body of a Markdown knowledge record: glossary terms in the prose.
  if (
    !parsed ||
    parsed.format !== 'markdown' ||
    parsed.records.length === 0 ||
    parsed.bodyStart === undefined ||
    offset < parsed.bodyStart
  )
    return undefined;
  const term = findTermAt(text, offset);
  return term ? { markdown: hoverMarkdown(term.entry), span: { start: term.start, end: term.end } } : undefined;
}
