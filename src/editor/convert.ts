import * as vscode from 'vscode';
import type { Finding, Severity, Span } from '../core/finding';
import { LineIndex } from '../core/parse/lines';
import type { ParsedFile } from '../core/parse/parseFile';
import type { FolderModel } from './workspaceModel';

// One LineIndex per parsed file: a parsed file is replaced, never mutated, when its text changes.
const lineIndexes = new WeakMap<ParsedFile, LineIndex>();

/** Line/column look-ups for a parsed file's text. */
export function linesOf(parsed: ParsedFile): LineIndex {
  let lines = lineIndexes.get(parsed);
  if (!lines) {
    lines = new LineIndex(parsed.text);
    lineIndexes.set(parsed, lines);
  }
  return lines;
}

export function toRange(lines: LineIndex, span: Span): vscode.Range {
  const start = lines.positionAt(span.start);
  const end = lines.positionAt(span.end);
  return new vscode.Range(start.line, start.character, end.line, end.character);
}

const SEVERITIES: Record<Severity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
};

/**
 * A finding as a VS Code diagnostic: the one place where core offsets become
 * editor ranges. `related` places in other files are resolved by `locate`.
 */
export function toDiagnostic(
  finding: Finding,
  lines: LineIndex,
  locate: (file: string, span: Span) => vscode.Location | undefined,
): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toRange(lines, finding.span), finding.message, SEVERITIES[finding.severity]);
  diagnostic.source = 'svcm';
  diagnostic.code = finding.code;
  if (finding.related) {
    diagnostic.relatedInformation = finding.related
      .map((r) => {
        const location = locate(r.file, r.span);
        return location ? new vscode.DiagnosticRelatedInformation(location, r.message) : undefined;
      })
      .filter((r): r is vscode.DiagnosticRelatedInformation => r !== undefined);
  }
  return diagnostic;
}

/** A place in a folder as a VS Code location (undefined when the file is not indexed). */
export function toLocation(folder: FolderModel, file: string, span: Span): vscode.Location | undefined {
  const parsed = folder.index.file(file);
  return parsed ? new vscode.Location(folder.uri(file), toRange(linesOf(parsed), span)) : undefined;
}
