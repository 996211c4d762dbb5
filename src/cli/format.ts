import type { Finding, Severity } from '../core/finding';
import { LineIndex, type Position } from '../core/parse/lines';
import { RULE_CODES, RULE_TABLE, type RuleCode } from '../core/rules/codes';

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

/** Zero-based, as in LSP: what the JSON output carries and every other format derives from. */
export interface Range {
  start: Position;
  end: Position;
}

export interface Diagnostic {
  /** Relative to the current folder, with `/`. */
  file: string;
  range: Range;
  severity: Severity;
  code: RuleCode;
  message: string;
  related?: { file: string; range: Range; message: string }[];
}

export interface Summary {
  /** Files under the PATHs that hold at least one record. */
  files: number;
  records: number;
  errors: number;
  warnings: number;
  infos: number;
}

export interface Report {
  summary: Summary;
  /** Sorted by file, then position. */
  diagnostics: Diagnostic[];
}

/**
 * Turns one file's findings (UTF-16 offsets into `text`) into diagnostics with
 * zero-based ranges. `textOf` gives the text of other files, for related places;
 * a related place in a file it does not know is dropped.
 */
export function toDiagnostics(
  file: string,
  text: string,
  findings: readonly Finding[],
  textOf: (file: string) => string | undefined,
): Diagnostic[] {
  const lines = new LineIndex(text);
  const others = new Map<string, LineIndex | undefined>();
  const lineIndexOf = (other: string) => {
    if (other === file) return lines;
    if (!others.has(other)) {
      const t = textOf(other);
      others.set(other, t === undefined ? undefined : new LineIndex(t));
    }
    return others.get(other);
  };
  return findings.map((f) => {
    const d: Diagnostic = {
      file,
      range: rangeOf(lines, f.span),
      severity: f.severity,
      code: f.code,
      message: f.message,
    };
    const related = (f.related ?? []).flatMap((r) => {
      const index = lineIndexOf(r.file);
      return index ? [{ file: r.file, range: rangeOf(index, r.span), message: r.message }] : [];
    });
    if (related.length > 0) d.related = related;
    return d;
  });
}

function rangeOf(lines: LineIndex, span: { start: number; end: number }): Range {
  return { start: lines.positionAt(span.start), end: lines.positionAt(Math.max(span.start, span.end)) };
}

/** Counts the diagnostics by severity into a summary. */
export function summarize(files: number, records: number, diagnostics: readonly Diagnostic[]): Summary {
  const summary: Summary = { files, records, errors: 0, warnings: 0, infos: 0 };
  for (const d of diagnostics) {
    if (d.severity === 'error') summary.errors++;
    else if (d.severity === 'warning') summary.warnings++;
    else summary.infos++;
  }
  return summary;
}

/** Messages are one line in every format that is read line by line. */
function oneLine(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ');
}

/** `file:line:col severity code message`, one-based, one line per diagnostic, as compilers print them. */
export function formatText(report: Report): string {
  return report.diagnostics
    .map(
      (d) =>
        `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${oneLine(d.message)}\n`,
    )
    .join('');
}

/** The closing line of the text and github formats (written to stderr, so stdout stays one diagnostic per line). */
export function formatSummary(summary: Summary): string {
  const n = (count: number, word: string) => `${count} ${word}${count === 1 ? '' : 's'}`;
  const where = `${n(summary.records, 'record')} in ${n(summary.files, 'file')}`;
  const problems = summary.errors + summary.warnings + summary.infos;
  if (problems === 0) return `svcm: no problems (${where})\n`;
  return `svcm: ${n(summary.errors, 'error')}, ${n(summary.warnings, 'warning')}, ${n(summary.infos, 'info')} (${where})\n`;
}

/** The JSON of docs/cli.md: `version: 1`, the summary, and diagnostics with zero-based ranges. */
export function formatJson(report: Report): string {
  const out = {
    version: 1,
    summary: { ...report.summary },
    diagnostics: report.diagnostics.map((d) => ({
      file: d.file,
      range: { start: { ...d.range.start }, end: { ...d.range.end } },
      severity: d.severity,
      code: d.code,
      message: d.message,
    })),
  };
  return `${JSON.stringify(out, null, 2)}\n`;
}

const SARIF_LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  info: 'note',
};

/** A relative path as a URI reference: each segment percent-encoded, `/` kept. */
function fileUri(file: string): string {
  return file
    .split('/')
    .map((segment) => encodeURIComponent(segment))
    .join('/');
}

/** SARIF's regions are one-based, `endColumn` being the column just after the region. */
function sarifRegion(range: Range) {
  return {
    startLine: range.start.line + 1,
    startColumn: range.start.character + 1,
    endLine: range.end.line + 1,
    endColumn: range.end.character + 1,
  };
}

/**
 * SARIF 2.1.0 for code-scanning upload: one run, the driver listing every rule
 * of RULE_TABLE, one result per diagnostic. Columns count UTF-16 code units.
 */
export function formatSarif(report: Report, version: string): string {
  const ruleIndex = new Map(RULE_CODES.map((code, i) => [code, i]));
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'svcm',
            version,
            semanticVersion: version,
            rules: RULE_CODES.map((code) => ({
              id: code,
              name: code,
              shortDescription: { text: RULE_TABLE[code].summary.replace(/`/g, '') },
              defaultConfiguration: { level: SARIF_LEVEL[RULE_TABLE[code].severity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: report.diagnostics.map((d) => {
          const result: Record<string, unknown> = {
            ruleId: d.code,
            ruleIndex: ruleIndex.get(d.code),
            level: SARIF_LEVEL[d.severity],
            message: { text: d.message },
            locations: [
              { physicalLocation: { artifactLocation: { uri: fileUri(d.file) }, region: sarifRegion(d.range) } },
            ],
          };
          if (d.related) {
            result.relatedLocations = d.related.map((r, id) => ({
              id,
              physicalLocation: { artifactLocation: { uri: fileUri(r.file) }, region: sarifRegion(r.range) },
              message: { text: r.message },
            }));
          }
          return result;
        }),
      },
    ],
  };
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

const GITHUB_COMMAND: Record<Severity, string> = { error: 'error', warning: 'warning', info: 'notice' };

/** Escapes a workflow command's message (`%`, CR, LF), as @actions/core does. */
export function escapeGithubData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Escapes a workflow command's property value: the message escapes plus `:` and `,`. */
export function escapeGithubProperty(text: string): string {
  return escapeGithubData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/** GitHub Actions workflow commands (`::error file=…,line=…::message`), which become annotations. */
export function formatGithub(report: Report): string {
  return report.diagnostics
    .map((d) => {
      const props = [
        `file=${escapeGithubProperty(d.file)}`,
        `line=${d.range.start.line + 1}`,
        `col=${d.range.start.character + 1}`,
        `endLine=${d.range.end.line + 1}`,
        `endColumn=${d.range.end.character + 1}`,
        `title=${escapeGithubProperty(d.code)}`,
      ];
      return `::${GITHUB_COMMAND[d.severity]} ${props.join(',')}::${escapeGithubData(d.message)}\n`;
    })
    .join('');
}
