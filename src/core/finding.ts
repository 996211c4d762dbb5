import type { RuleCode } from './rules/codes';

export type Severity = 'error' | 'warning' | 'info';

/** A half-open span of UTF-16 offsets into a file's text (what `yaml` ranges and `TextDocument.offsetAt` use). */
export interface Span {
  start: number;
  end: number;
}

/** Another place that explains a finding (the other duplicate, the other end of a link). */
export interface RelatedPlace {
  file: string;
  span: Span;
  message: string;
}

/** What a quick fix needs to mend a finding; plain data, read by code actions. */
export type FixData =
  | { fix: 'replace'; with: string }
  /** one quick fix per choice, none preferred (e.g. `component:x` or `resource:x`) */
  | { fix: 'replaceOneOf'; with: string[] }
  | { fix: 'addField'; field: string; parentPath: (string | number)[]; placeholder: string }
  | { fix: 'renameFile'; name: string }
  | { fix: 'linkCommits'; change: string };

/**
 * One problem found in one file. Findings are plain data: the CLI formats them,
 * the editor converts them to diagnostics, and nothing else interprets them.
 */
export interface Finding {
  code: RuleCode;
  severity: Severity;
  message: string;
  span: Span;
  related?: RelatedPlace[];
  data?: FixData;
}
