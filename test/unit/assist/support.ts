import * as assert from 'node:assert/strict';
import { lines } from '../helpers';

/**
 * A small, valid catalogue for the assist tests: two teams in one file, two
 * services, a template, a change, a release and a Markdown knowledge record,
 * each file named after its record. Validating it finds nothing (asserted in
 * fixes.test.ts), so any finding in a test comes from what the test changed.
 */
export const CATALOGUE: Record<string, string> = {
  'service-management/teams.yaml': lines(
    'apiVersion: svcm/v1',
    'kind: Team',
    'metadata:',
    '  name: team-a',
    '  title: Payments Team',
    'spec:',
    '  email: payments@example.com',
    '  onCall: "@payments-oncall"',
    '---',
    'apiVersion: svcm/v1',
    'kind: Team',
    'metadata:',
    '  name: team-b',
    'spec:',
    '  email: platform@example.com',
  ),
  'service-management/services/pay.yaml': lines(
    'apiVersion: svcm/v1',
    'kind: Service',
    'metadata:',
    '  name: pay',
    '  title: Payments API',
    'spec:',
    '  owner: team-a',
    '  serviceManager: Ann Example',
    '  phase: live',
    '  tier: 1',
    '  serviceLevel:',
    '    availability: 99.9',
    '    supportHours: 24x7',
  ),
  'service-management/services/ledger.yaml': lines(
    'apiVersion: svcm/v1',
    'kind: Service',
    'metadata:',
    '  name: ledger',
    '  title: Ledger',
    'spec:',
    '  owner: "team-b"',
    '  phase: beta',
    '  tier: 3',
    '  dependsOn:',
    '    - pay',
  ),
  'service-management/standard-changes/rotate-tls.yaml': lines(
    'apiVersion: svcm/v1',
    'kind: StandardChange',
    'metadata:',
    '  name: rotate-tls',
    '  title: Rotate TLS certificates',
    'spec:',
    '  services: [pay, ledger]',
    '  maxRisk: medium',
    '  approvedBy: CAB',
    '  approvedOn: 2026-01-10',
    '  reviewBy: 2027-01-10',
    '  steps:',
    '    - Rotate the certificate',
    '  backoutPlan: Restore the old certificate',
  ),
  'service-management/changes/CHG-2026-0042.yaml': lines(
    'apiVersion: svcm/v1',
    'kind: Change',
    'metadata:',
    '  name: CHG-2026-0042',
    'spec:',
    '  type: normal',
    '  services: [pay]',
    '  summary: Rotate the ledger keys',
    '  risk: low',
    '  impact: medium',
    '  status: draft',
    '  implementationPlan: Deploy the new keys',
    '  backoutPlan: Restore the old keys',
    '  testPlan: Run the smoke tests',
    "  release: 'REL-2026.11.2'",
    '  knowledge: [KB-0012]',
  ),
  'service-management/releases/REL-2026.11.2.yaml': lines(
    'apiVersion: svcm/v1',
    'kind: Release',
    'metadata:',
    '  name: REL-2026.11.2',
    '  title: November release',
    'spec:',
    '  version: 2026.11.2',
    '  services: [pay]',
    '  changes:',
    '    - CHG-2026-0042',
    '  status: planned',
  ),
  'service-management/knowledge/KB-0012-ledger-restart.md': lines(
    '---',
    'apiVersion: svcm/v1',
    'kind: Knowledge',
    'metadata:',
    '  name: KB-0012',
    '  title: Restart the ledger',
    'spec:',
    '  type: runbook',
    '  services: [ledger]',
    '  changes: [CHG-2026-0042]',
    '  owner: team-b',
    '---',
    '',
    '# Restart the ledger',
    '',
    'If the restart fails, follow the backout plan of CHG-2026-0042',
    'and tell the CAB.',
  ),
};

/** Where the files of CATALOGUE are, by short name. */
export const FILES = {
  teams: 'service-management/teams.yaml',
  pay: 'service-management/services/pay.yaml',
  ledger: 'service-management/services/ledger.yaml',
  template: 'service-management/standard-changes/rotate-tls.yaml',
  change: 'service-management/changes/CHG-2026-0042.yaml',
  release: 'service-management/releases/REL-2026.11.2.yaml',
  knowledge: 'service-management/knowledge/KB-0012-ledger-restart.md',
} as const;

/** Applies non-overlapping edits to a text (last first, so earlier offsets stay valid). */
export function applyEdits(
  text: string,
  edits: readonly { span: { start: number; end: number }; newText: string }[],
): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start))
    out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}

/** A CATALOGUE file with a caret marker put in `needle` (which must occur once): `at(FILES.pay, 'phase: li|ve')`. */
export function at(file: string, needle: string): string {
  const plain = needle.replace('|', '');
  const text = CATALOGUE[file];
  const i = text.indexOf(plain);
  assert.ok(i >= 0 && text.indexOf(plain, i + 1) < 0, `'${plain}' once in ${file}`);
  return text.slice(0, i) + needle + text.slice(i + plain.length);
}
