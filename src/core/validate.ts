import { applySeverities, type SvcmConfig } from './config';
import type { Finding } from './finding';
import type { WorkspaceIndex } from './index/workspaceIndex';
import { parseFile, type ParsedFile } from './parse/parseFile';
import { API_VERSION, isKind } from './schema/records';
import { ALL_RULES } from './rules/all';
import type { RuleContext } from './rules/rule';

export interface ValidateOptions {
  config: SvcmConfig;
  /** `YYYY-MM-DD`; defaults to today in UTC. */
  today?: string;
}

export function todayUtc(): string {
  return new Date().toISOString().slice(0, 10);
}

/**
 * The findings of one indexed file: its parse problems, then every rule on
 * every record, with the configured severities applied, sorted by offset.
 * Returns `[]` for a file that is not in the index. A file read on the fast
 * path that has findings is replaced in the index by its precise parse.
 */
export function validateFile(index: WorkspaceIndex, path: string, options: ValidateOptions): Finding[] {
  let parsed = index.file(path);
  if (!parsed) return [];
  const findings = findingsOf(index, parsed, options);
  if (findings.length === 0 || parsed.precise) return findings;
  // Findings need exact places, and the precise parser has the last word on syntax:
  // a fast-parsed file with findings is parsed again by `yaml` and checked again.
  parsed = parseFile(parsed.path, parsed.text, parsed.format, { precise: true });
  index.upsert(parsed, false);
  return findingsOf(index, parsed, options);
}

function findingsOf(index: WorkspaceIndex, parsed: ParsedFile, options: ValidateOptions): Finding[] {
  const ctx: RuleContext = { index, today: options.today ?? todayUtc() };
  const findings: Finding[] = [...parsed.fileFindings];
  for (const record of parsed.records) {
    if (record.syntax.length > 0) {
      findings.push(...record.syntax);
      continue;
    }
    for (const rule of ALL_RULES) {
      if (rule.kinds && !(record.apiVersion === API_VERSION && isKind(record.kind) && rule.kinds.includes(record.kind))) continue;
      try {
        findings.push(...rule.check(record, ctx));
      } catch (error) {
        // A rule bug must not hide the other findings; it is reported where it happened.
        findings.push({ code: 'schema', severity: 'error', message: `internal error in rule ${rule.codes.join('/')}: ${(error as Error).message}`, span: record.kindSpan ?? record.span });
      }
    }
  }
  return applySeverities(findings, options.config).sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
}

/** The findings of every indexed file that has any, by path. */
export function validateAll(index: WorkspaceIndex, options: ValidateOptions): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  const today = options.today ?? todayUtc();
  for (const file of index.files()) {
    const findings = validateFile(index, file.path, { ...options, today });
    if (findings.length > 0) out.set(file.path, findings);
  }
  return out;
}
