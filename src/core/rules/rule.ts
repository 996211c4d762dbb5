import type { Finding, FixData, RelatedPlace, Span } from '../finding';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { RecordDoc } from '../parse/parseFile';
import type { Kind } from '../schema/vocabulary';
import { RULE_TABLE, type RuleCode } from './codes';

export interface RuleContext {
  index: WorkspaceIndex;
  /** Today as `YYYY-MM-DD`, for `reviewBy` dates; injected so tests are stable. */
  today: string;
  /**
   * Whether a workspace-relative file (or, with `glob`, any file matching the
   * pattern) exists, for files svcm does not index (a Location's or `$text`'s
   * target that is not YAML or Markdown). A port: the node layer answers it;
   * without it such targets are not judged.
   */
  fileExists?: (path: string, glob: boolean) => boolean;
  /**
   * Each record is checked once (the command line): a rule keeps nothing for a
   * later check of the same values, which only an editor's next edit would use
   * (docs/performance.md, "The single file, fourth pass").
   */
  once?: boolean;
}

/**
 * A rule checks one record; rules that look across files read the index from
 * the context. Rules run only on records without syntax errors and with a
 * known kind; they must not throw on values of the wrong type (the schema rule
 * reports those) and return findings at default severity (overrides come later).
 */
export interface Rule {
  /** The codes this rule can report. */
  codes: readonly RuleCode[];
  /** The kinds it applies to; all kinds when absent. */
  kinds?: readonly Kind[];
  /**
   * The rule reads only the record, and of the index only its own file
   * (`index.file(record.file)`): a thread that parsed the file can run it
   * there (core/parallel.ts).
   */
  local?: true;
  check(record: RecordDoc, ctx: RuleContext): Finding[];
}

/** A finding at the code's default severity. */
export function finding(
  code: RuleCode,
  message: string,
  span: Span,
  extra: { related?: RelatedPlace[]; data?: FixData } = {},
): Finding {
  return { code, severity: RULE_TABLE[code].severity, message, span, ...extra };
}

/** Strings of a list value, skipping what is not a string (the schema rule reports those). */
export function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
