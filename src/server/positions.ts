import type { Diagnostic, DiagnosticSeverity, Location, Position, Range } from 'vscode-languageserver';
import type { Finding, Severity, Span } from '../core/finding';
import { LineIndex } from '../core/parse/lines';
import type { ParsedFile } from '../core/parse/parseFile';

/*
 * The one place where the core's UTF-16 offsets become LSP positions and back.
 * LSP counts characters in UTF-16 code units by default, as the core does, so
 * a position is a line (ended by `\n`) and an offset into it.
 */

// One LineIndex per parsed file: a parsed file is replaced, never mutated, when its text changes.
const lineIndexes = new WeakMap<ParsedFile, LineIndex>();

/** Line look-ups for a parsed file's text. */
export function linesOf(parsed: ParsedFile): LineIndex {
  let lines = lineIndexes.get(parsed);
  if (!lines) {
    lines = new LineIndex(parsed.text);
    lineIndexes.set(parsed, lines);
  }
  return lines;
}

export function toRange(lines: LineIndex, span: Span): Range {
  return { start: lines.positionAt(span.start), end: lines.positionAt(span.end) };
}

export function toOffset(lines: LineIndex, position: Position): number {
  return lines.offsetAt(position);
}

const SEVERITIES: Record<Severity, DiagnosticSeverity> = { error: 1, warning: 2, info: 3 };

/** A finding as an LSP diagnostic (`source: "svcm"`, `code` the rule code); `related` places resolved by `locate`. */
export function toDiagnostic(
  finding: Finding,
  lines: LineIndex,
  locate: (file: string, span: Span) => Location | undefined,
): Diagnostic {
  const diagnostic: Diagnostic = {
    range: toRange(lines, finding.span),
    severity: SEVERITIES[finding.severity],
    source: 'svcm',
    code: finding.code,
    message: finding.message,
  };
  if (finding.related) {
    const related = finding.related
      .map((r) => {
        const location = locate(r.file, r.span);
        return location ? { location, message: r.message } : undefined;
      })
      .filter((r) => r !== undefined);
    if (related.length > 0) diagnostic.relatedInformation = related;
  }
  return diagnostic;
}

export function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
