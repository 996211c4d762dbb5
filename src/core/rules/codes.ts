import type { Severity } from '../finding';

/**
 * The rule codes of docs/rules.md with their default severities and a one-line summary.
 * This table is the one list of codes: rules, configuration, SARIF and the README use it.
 */
export const RULE_TABLE = {
  'yaml-syntax': { severity: 'error', summary: 'the YAML cannot be parsed (also duplicate keys)' },
  'unknown-kind': { severity: 'error', summary: '`apiVersion: svcm/...` with an unknown version or kind' },
  schema: {
    severity: 'error',
    summary: 'a field is missing, of the wrong type, not in its enum, not matching its pattern, or unknown',
  },
  'duplicate-name': { severity: 'error', summary: 'two records of one kind share a name (both places reported)' },
  'unknown-reference': {
    severity: 'error',
    summary: 'a reference names no record ("did you mean …" when one is close)',
  },
  'dependency-cycle': { severity: 'warning', summary: 'services depend on each other in a cycle' },
  'window-order': { severity: 'error', summary: '`window.end` is not after `window.start`' },
  'template-required': { severity: 'error', summary: 'a standard change has no `template`' },
  'template-scope': {
    severity: 'error',
    summary: 'a standard change names a service its template does not cover, or a risk above its `maxRisk`',
  },
  'template-expired': {
    severity: 'warning',
    summary: 'a standard change uses a template whose `reviewBy` is in the past',
  },
  'backout-plan-required': { severity: 'error', summary: 'a normal or emergency change has no `backoutPlan`' },
  'test-plan-required': { severity: 'warning', summary: 'a normal change has no `testPlan`' },
  'window-required': {
    severity: 'error',
    summary: 'a change is `scheduled`, `implemented` or `closed` with no `window`',
  },
  'approval-required': {
    severity: 'error',
    summary: 'an approved-or-later change lacks the approval its type and risk need',
  },
  'review-required': {
    severity: 'warning',
    summary: 'an emergency change is `implemented` or `closed` with no `review`',
  },
  'retired-service': { severity: 'warning', summary: 'a change, release or dependency targets a `retired` service' },
  'service-manager-required': { severity: 'error', summary: 'a `live` service has no `serviceManager`' },
  'service-level-required': { severity: 'warning', summary: 'a `live` tier 1–2 service has no `serviceLevel`' },
  'release-mismatch': {
    severity: 'warning',
    summary: 'a change names a release that does not list it, or the reverse',
  },
  'known-error-workaround': { severity: 'warning', summary: 'a `known-error` record has no `workaround`' },
  'stale-record': { severity: 'info', summary: 'a knowledge record or template past its `reviewBy`' },
  'name-file-mismatch': {
    severity: 'warning',
    summary: 'a file holding one Change, Release or Knowledge record is not named after it',
  },
  'window-conflict': {
    severity: 'warning',
    summary: 'two approved or scheduled changes on one service have overlapping windows',
  },
  'internal-error': {
    severity: 'error',
    summary: 'a rule of svcm failed on a record: a bug in svcm, not in the file (the other rules still ran)',
  },
  'reference-kind-required': {
    severity: 'error',
    summary: 'a Backstage `dependsOn`/`dependencyOf` entry has no kind (`component:` or `resource:` must be written)',
  },
  'reference-kind': {
    severity: 'warning',
    summary: 'a Backstage reference names an entity of a kind its field does not expect',
  },
  'location-target': {
    severity: 'error',
    summary: "a Backstage Location's relative target or glob matches no file (or leaves the workspace)",
  },
} as const satisfies Record<string, { severity: Severity; summary: string }>;

export type RuleCode = keyof typeof RULE_TABLE;

export const RULE_CODES = Object.keys(RULE_TABLE) as RuleCode[];

export function isRuleCode(value: unknown): value is RuleCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(RULE_TABLE, value);
}
