// `svcm affected` on a Backstage catalogue, run as users run it: the built CLI in a real git repository.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { CLI, requireBuiltCli, TempDirs } from '../cliSupport';
import { commit, GIT_ENV, initRepo } from '../git/repo';
import { lines } from '../helpers';

const component = (name: string, spec: string[]) =>
  lines(
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    `metadata: { name: ${name} }`,
    'spec:',
    '  type: service',
    '  lifecycle: production',
    '  owner: payments',
    ...spec,
  );

/** One Component per folder: payments provides the payments API; checkout consumes it; web depends on checkout; ledger is alone. */
const REPO: Record<string, string> = {
  'payments/catalog-info.yaml':
    component('payments', ['  providesApis: [payments-api]']) +
    '---\n' +
    lines(
      'apiVersion: backstage.io/v1alpha1',
      'kind: API',
      'metadata: { name: payments-api }',
      'spec: { type: openapi, lifecycle: production, owner: payments, definition: "openapi: 3.0.0" }',
    ),
  'payments/src/pay.ts': 'export const pay = 1;\n',
  'checkout/catalog-info.yaml': component('checkout', ['  consumesApis: [payments-api]']),
  'checkout/src/cart.ts': 'export const cart = 1;\n',
  'web/catalog-info.yaml': component('web', ['  dependsOn: [component:checkout]']),
  'ledger/catalog-info.yaml': component('ledger', []),
  'ledger/post.ts': 'export const post = 1;\n',
  'changes/CHG-2026-0001.yaml': lines(
    'apiVersion: svcm/v1',
    'kind: Change',
    'metadata: { name: CHG-2026-0001 }',
    'spec:',
    '  type: normal',
    '  services: [component:payments]',
    '  summary: s',
    '  risk: low',
    '  impact: low',
    '  status: submitted',
    '  implementationPlan: deploy',
    '  backoutPlan: roll back',
    '  testPlan: tests',
  ),
  'README.md': '# shop\n',
};

describe('svcm affected on a Backstage catalogue (built CLI, real git)', function () {
  this.timeout(60_000);
  const temp = new TempDirs();
  before(requireBuiltCli);
  after(() => temp.cleanup());

  it('names the Component that owns a changed file and, as dependents, the consumers of its APIs (transitively)', () => {
    const repo = initRepo(path.join(temp.make(), 'repo'));
    const base = commit(repo, 'catalogue', REPO);
    commit(repo, 'change payments', { 'payments/src/pay.ts': 'export const pay = 2;\n', 'README.md': '# shop!\n' });
    const run = spawnSync(process.execPath, [CLI, 'affected', '--base', base, '--format', 'json'], {
      cwd: repo,
      env: GIT_ENV,
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    const report = JSON.parse(run.stdout);
    assert.deepEqual(report.services, [
      {
        name: 'component:default/payments',
        files: ['payments/src/pay.ts'],
        openChanges: ['CHG-2026-0001'],
        dependents: ['component:default/checkout', 'component:default/web'],
      },
    ]);
    assert.deepEqual(report.unowned, ['README.md']);
  });
});
