/**
 * Caret markers for editor tests: `caret('owner: te|am-a')` is the text without
 * the `|` and the offset where it stood. The last `|` is the caret, so a YAML
 * block scalar indicator (`notes: |`) can come before it.
 */
export function caret(marked: string): { text: string; offset: number } {
  const offset = marked.lastIndexOf('|');
  if (offset < 0) throw new Error(`no caret '|' in ${JSON.stringify(marked)}`);
  return { text: marked.slice(0, offset) + marked.slice(offset + 1), offset };
}

/** The text a span covers: for asserting where a result points without counting offsets. */
export function covered(text: string, span: { start: number; end: number }): string {
  return text.slice(span.start, span.end);
}
