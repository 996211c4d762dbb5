import { applySeverities, type SvcmConfig } from './config';
import type { Finding } from './finding';
import type { WorkspaceIndex } from './index/workspaceIndex';
import { contentAnchor, contentIdentity, type ParsedFile, type RecordDoc } from './parse/parseFile';
import { API_VERSION, isKind, type Kind } from './schema/vocabulary';
import { ALL_RULES } from './rules/all';
import { finding, type Rule, type RuleContext } from './rules/rule';
import { isEntity } from './backstage/model';
import { ENTITY_RULES } from './backstage/rules';
import { todayUtc } from './today';

export interface ValidateOptions {
  config: SvcmConfig;
  /** `YYYY-MM-DD`; defaults to today in UTC. */
  today?: string;
  /** See `RuleContext.fileExists`. */
  fileExists?: RuleContext['fileExists'];
  /**
   * The findings of the `local` rules on a record, when another thread worked
   * them out as it parsed the file (core/parallel.ts); undefined for a record
   * whose local rules are to run here.
   */
  localFindings?: (record: RecordDoc) => Finding[] | undefined;
  /** See `RuleContext.once`: also, no record's findings are kept in the index (`keptFindings`). */
  once?: boolean;
}

/**
 * The findings of one indexed file: its parse problems, then every rule on
 * every record, with the configured severities applied, sorted by offset.
 * Returns `[]` for a file that is not in the index. Records read on the fast
 * path report at places read from their text (`spanIn`), so a finding costs
 * no second parse (docs/performance.md).
 *
 * Writes to the index: each record's findings are kept in the index
 * (`WorkspaceIndex.keptFindings`) until something near it changes.
 */
export function validateFileUpdatingIndex(index: WorkspaceIndex, path: string, options: ValidateOptions): Finding[] {
  const parsed = index.file(path);
  // Entities known from `backstage.entities` are not validated (docs/backstage.md).
  if (!parsed || parsed.external) return [];
  return findingsOf(
    index,
    parsed,
    options.config,
    options.today ?? todayUtc(),
    options.fileExists,
    options.localFindings,
    options.once,
  );
}

/**
 * A record's findings as last worked out, kept while nothing near it changes
 * (`WorkspaceIndex.touchedAt`). Owned by the index they were worked out against
 * (`WorkspaceIndex.keptFindings`, by `contentIdentity`): an edit in a file of
 * thousands of documents re-checks the documents near it, not all.
 */
export interface KeptFindings {
  generation: number;
  config: SvcmConfig;
  today: string;
  anchor: number;
  findings: Finding[];
}

/**
 * The findings of a parsed file. A record's findings are taken over from the
 * last time when neither it nor anything near it changed.
 */
function findingsOf(
  index: WorkspaceIndex,
  parsed: ParsedFile,
  config: SvcmConfig,
  today: string,
  fileExists?: RuleContext['fileExists'],
  localFindings?: ValidateOptions['localFindings'],
  once = false,
): Finding[] {
  const ctx: RuleContext = { index, today, fileExists, once };
  const findings: Finding[] = [...parsed.fileFindings];
  for (const record of parsed.records) {
    if (record.syntax.length > 0) {
      findings.push(...record.syntax);
      continue;
    }
    const id = once ? undefined : contentIdentity(record);
    const hit = id && index.keptFindings.get(id);
    if (hit && hit.config === config && hit.today === today && hit.generation >= index.touchedAt(record)) {
      const by = contentAnchor(record) - hit.anchor;
      for (const f of hit.findings)
        findings.push(by === 0 ? f : { ...f, span: { start: f.span.start + by, end: f.span.end + by } });
      continue;
    }
    // Each code has one rule, so the findings sort (below) to the same order whichever thread ran the local rules.
    const done = localFindings?.(record);
    const own: Finding[] = done ? [...done] : [];
    runRules(record, ctx, own, done ? 'cross' : 'all');
    findings.push(...own);
    // Places in other records would not move with this one.
    if (id && !own.some((f) => f.related))
      index.keptFindings.set(id, {
        generation: index.version,
        config,
        today,
        anchor: contentAnchor(record),
        findings: own,
      });
  }
  // Last by message: a rule finds two at one place in the order of the index's lists, which an edit changes.
  return applySeverities(findings, config).sort(
    (a, b) =>
      a.span.start - b.span.start ||
      a.span.end - b.span.end ||
      a.code.localeCompare(b.code) ||
      (a.message < b.message ? -1 : a.message > b.message ? 1 : 0),
  );
}

/**
 * Runs the rules for `record` (Backstage entities have their own: docs/backstage.md)
 * and appends their findings to `out`: all of them, only the `local` ones, or
 * only the others (`cross`).
 */
function runRules(record: RecordDoc, ctx: RuleContext, out: Finding[], which: Which): void {
  for (const rule of rulesFor(record, which)) {
    try {
      const found = rule.check(record, ctx);
      for (let i = 0; i < found.length; i++) out.push(found[i]);
    } catch (error) {
      // A rule bug must not hide the other rules' findings, nor read as a mistake in the file.
      out.push(internalError(rule, record, error));
    }
  }
}

type Which = 'all' | 'local' | 'cross';

/** Rules that apply to a record, by `Which` and by what the record is (its kind, an entity, or neither): made once each. */
const RULES_FOR: Record<Which, Map<string, readonly Rule[]>> = { all: new Map(), local: new Map(), cross: new Map() };
/** Keys of `RULES_FOR` besides the kinds. */
const ENTITY = ' entity';
const NO_KIND = ' none';

function rulesFor(record: RecordDoc, which: Which): readonly Rule[] {
  const entity = isEntity(record);
  const kind = entity ? ENTITY : record.apiVersion === API_VERSION && isKind(record.kind) ? record.kind : NO_KIND;
  const known = RULES_FOR[which].get(kind);
  if (known) return known;
  const rules = (entity ? ENTITY_RULES : ALL_RULES).filter(
    (rule) =>
      (which === 'all' || (rule.local === true) === (which === 'local')) &&
      (entity || !rule.kinds || (kind !== NO_KIND && rule.kinds.includes(kind as Kind))),
  );
  RULES_FOR[which].set(kind, rules);
  return rules;
}

/**
 * The findings of the `local` rules (`Rule.local`) on each record of a parsed
 * file, at default severity, in rule order: what a parsing thread works out
 * beside the parse (core/parallel.ts). Records with syntax errors get none
 * (no rule runs on them). `today` as in `ValidateOptions`.
 */
export function localFindingsOf(parsed: ParsedFile, today: string): Finding[][] {
  // Local rules read, of the index, only their own file.
  const index = { file: (path: string) => (path === parsed.path ? parsed : undefined) } as unknown as WorkspaceIndex;
  // The values come and go with this call (another thread gets their findings).
  const ctx: RuleContext = { index, today, once: true };
  return parsed.records.map((record) => {
    const out: Finding[] = [];
    if (record.syntax.length === 0) runRules(record, ctx, out, 'local');
    return out;
  });
}

/**
 * `internal-error` (docs/rules.md): a rule threw on this record. Says it is
 * svcm's fault, not the file's, names the rule and asks for a report.
 */
export function internalError(rule: Pick<Rule, 'codes'>, record: RecordDoc, error: unknown): Finding {
  const why = error instanceof Error ? error.message : String(error);
  return finding(
    'internal-error',
    `svcm failed while checking this record with its rule ${rule.codes.join('/')} (${why}). ` +
      'This is a bug in svcm, not a mistake in your file: please report it with this record. The other rules still ran.',
    record.kindSpan ?? record.span,
  );
}

/** The findings of every indexed file that has any, by path; writes to the index as `validateFileUpdatingIndex` does. */
export function validateAllUpdatingIndex(index: WorkspaceIndex, options: ValidateOptions): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  const today = options.today ?? todayUtc();
  for (const file of index.files()) {
    const findings = validateFileUpdatingIndex(index, file.path, { ...options, today });
    if (findings.length > 0) out.set(file.path, findings);
  }
  return out;
}
