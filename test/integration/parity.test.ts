import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SvcmApi } from '../../src/extension';
import { MISTAKES } from './fixture';
import {
  closeAll,
  diskPath,
  expectParity,
  fileUri,
  lines,
  listing,
  quiet,
  relativePath,
  svcm,
  workspaceFolder,
  writeDisk,
} from './util';

/** Files with problems of every kind and severity, across files, as a checkout could bring them. */
const MORE: Record<string, string> = {
  'svcm.config.yaml': lines(
    'rules:',
    '  test-plan-required: error',
    '  known-error-workaround: info',
    '  schema: warning',
    '  no-such-rule: off',
  ),
  // A second team of an existing name: both places are reported, each pointing at the other.
  'service-management/parity/teams.yaml': lines(
    'apiVersion: svcm/v1',
    'kind: Team',
    'metadata:',
    '  name: platform',
    '  title: Platform (again)',
  ),
  'service-management/parity/cycle.yaml': lines(
    'apiVersion: svcm/v1',
    'kind: Service',
    'metadata:',
    '  name: cycle-a',
    'spec: { owner: platform, phase: alpha, tier: 4, dependsOn: [cycle-b] }',
    '---',
    'apiVersion: svcm/v1',
    'kind: Service',
    'metadata:',
    '  name: cycle-b',
    'spec: { owner: platform, phase: retired, tier: 4, dependsOn: [cycle-a] }',
  ),
  'service-management/parity/CHG-2026-0921.yaml': change(
    'CHG-2026-0921',
    '2026-12-01T18:00:00Z',
    '2026-12-01T20:00:00Z',
    true,
  ),
  // Overlaps the window above on the same service; no testPlan (an error, by the config above).
  'service-management/parity/CHG-2026-0922-overlap.yaml': change(
    'CHG-2026-0922',
    '2026-12-01T19:00:00Z',
    '2026-12-01T21:00:00Z',
    false,
  ),
  // Windows line endings, and characters outside the BMP before a mistake on the same line: ranges count UTF-16 code units.
  'service-management/parity/CHG-2026-0923.yaml': lines(
    'apiVersion: svcm/v1',
    'kind: Change',
    'metadata:',
    '  name: CHG-2026-0923',
    '  title: "Café ☕ 🚀"',
    'spec:',
    '  type: emergency',
    '  services: ["🚀", cycle-b]',
    '  summary: "🚀🚀 faster checkout"',
    '  risk: medium',
    '  impact: high',
    '  status: implemented',
    '  implementationPlan: [Deploy, Verify]',
    '  window: { start: "2026-12-02T10:00:00Z", end: "2026-12-02T09:00:00Z" }',
  ).replace(/\n/g, '\r\n'),
  'service-management/parity/stale.md': lines(
    '---',
    'apiVersion: svcm/v1',
    'kind: Knowledge',
    'metadata:',
    '  name: KB-0921',
    'spec:',
    '  type: known-error',
    '  services: [ledger]',
    '  reviewBy: 2020-01-01',
    '---',
    '',
    'Stale on purpose.',
  ),
  'service-management/parity/broken.yaml': lines(
    'apiVersion: svcm/v1',
    'kind: Team',
    'metadata:',
    '  name: broken',
    '  name: twice',
  ),
  // Ignored by .gitignore, written before it: neither side may report it.
  'service-management/parity/ignored/CHG-2026-0999.yaml': lines(
    'apiVersion: svcm/v1',
    'kind: Change',
    'metadata:',
    '  name: CHG-2026-0999',
    'spec: { type: sometimes }',
  ),
  'service-management/parity/.gitignore': lines('ignored/'),
  // Not svcm's: nothing on either side.
  'deploy/k8s.yaml': lines(
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: payments-api',
    'spec: { replicas: 2, replicas: 3 }',
  ),
};

function change(name: string, start: string, end: string, withTestPlan: boolean): string {
  return lines(
    'apiVersion: svcm/v1',
    'kind: Change',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  type: normal',
    '  services: [payments-api]',
    '  summary: Rotate the gateway keys',
    '  risk: low',
    '  impact: low',
    '  status: scheduled',
    '  implementationPlan: Rotate the keys',
    '  backoutPlan: Restore the old keys',
    ...(withTestPlan ? ['  testPlan: Run the payment smoke tests'] : []),
    `  window: { start: "${start}", end: "${end}" }`,
    '  approvals:',
    '    - { by: Dana Reyes, role: peer, decision: approved, at: "2026-11-20T10:00:00Z" }',
  );
}

suite('editor and CLI agree', function () {
  this.timeout(180000);
  let api: SvcmApi;

  suiteSetup(async () => {
    api = await svcm();
    await closeAll();
  });

  test('on the fixture workspace: the same diagnostics, file, range, severity, code and message', async () => {
    const agreed = await expectParity(api, 'the editor publishes what the CLI prints');
    const found = new Set(agreed.map((d) => `${d.file} ${d.code} ${d.message}`));
    for (const m of MISTAKES)
      assert.ok(
        found.has(`${m.file} ${m.code} ${m.message}`),
        `the deliberate ${m.code} in ${m.file} is missing:\n${listing(agreed)}`,
      );
  });

  test('after files are written and deleted outside the editor: every rule, severity override and related place', async () => {
    const root = workspaceFolder().uri.fsPath;
    // The fixture has a config of its own: it is put back, not deleted.
    const config = path.join(root, 'svcm.config.yaml');
    const originalConfig = fs.existsSync(config) ? fs.readFileSync(config, 'utf8') : undefined;
    try {
      for (const [file, text] of Object.entries(MORE)) writeDisk(file, text);
      const agreed = await expectParity(api, 'the editor catches up with the files written on disk');
      const codes = new Set(agreed.map((d) => d.code));
      for (const code of [
        'duplicate-name',
        'dependency-cycle',
        'window-conflict',
        'window-order',
        'retired-service',
        'review-required',
        'approval-required',
        'test-plan-required',
        'stale-record',
        'yaml-syntax',
        'schema',
        'name-file-mismatch',
      ]) {
        assert.ok(codes.has(code), `no ${code} among:\n${listing(agreed)}`);
      }
      assert.deepEqual([...new Set(agreed.map((d) => d.severity))].sort(), ['error', 'info', 'warning']);
      // The JSON report has no related places; the editor's point at the other duplicate's name.
      const duplicate = vscode.languages
        .getDiagnostics(fileUri('service-management/teams.yaml'))
        .find((d) => d.code === 'duplicate-name');
      assert.deepEqual(
        duplicate?.relatedInformation?.map(
          (r) =>
            `${relativePath(r.location.uri)}:${r.location.range.start.line + 1}:${r.location.range.start.character + 1} ${r.message}`,
        ),
        ["service-management/parity/teams.yaml:4:9 the other team named 'platform'"],
      );
      assert.ok(
        agreed.some((d) => d.file === 'svcm.config.yaml'),
        'the unknown rule in svcm.config.yaml is not reported',
      );
      assert.ok(
        !agreed.some((d) => d.file.includes('/ignored/') || d.file.startsWith('deploy/')),
        'an ignored or foreign file is reported',
      );
    } finally {
      // Deleting the .gitignore first brings the ignored file back into view; it is deleted next.
      for (const file of Object.keys(MORE).reverse()) fs.rmSync(path.join(root, file), { force: true });
      if (originalConfig !== undefined) fs.writeFileSync(config, originalConfig);
      for (const folder of ['service-management/parity', 'deploy'])
        fs.rmSync(diskPath(folder), { recursive: true, force: true });
    }
    await expectParity(api, 'the editor drops what was deleted');
  });

  suiteTeardown(() => quiet(api));
});
