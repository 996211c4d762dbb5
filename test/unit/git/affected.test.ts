import * as assert from 'node:assert/strict';
import { affected, highestTier, nextChangeId, openChangesNaming, suggestRisk } from '../../../src/core/git/affected';
import { lines, workspace } from '../helpers';

function service(name: string, spec: { tier?: number | string; code?: string[]; dependsOn?: string[] }): string {
  return lines(
    'apiVersion: svcm/v1',
    'kind: Service',
    `metadata: { name: ${name} }`,
    'spec:',
    '  owner: team-a',
    '  phase: beta',
    ...(spec.tier !== undefined ? [`  tier: ${spec.tier}`] : []),
    ...(spec.code ? [`  code: ${JSON.stringify(spec.code)}`] : []),
    ...(spec.dependsOn ? [`  dependsOn: [${spec.dependsOn.join(', ')}]`] : []),
  );
}

function change(name: string, services: string[], status?: string): string {
  return lines(
    'apiVersion: svcm/v1',
    'kind: Change',
    `metadata: { name: ${name} }`,
    'spec:',
    '  type: normal',
    `  services: [${services.join(', ')}]`,
    '  summary: s',
    '  risk: low',
    '  impact: low',
    ...(status ? [`  status: ${status}`] : []),
  );
}

const CATALOGUE = {
  'sm/payments.yaml': service('payments-api', { tier: 1, code: ['src/payments/**', './shared/money.ts'] }),
  'sm/checkout.yaml': service('checkout', { tier: 2, code: ['src/checkout/**'], dependsOn: ['payments-api'] }),
  'sm/storefront.yaml': service('storefront', { tier: 3, code: ['web/**'], dependsOn: ['checkout'] }),
  'sm/ledger.yaml': service('ledger', {
    tier: 4,
    code: ['src/ledger/**', 'shared/**', '.github/workflows/ledger.yml'],
  }),
  'sm/reports.yaml': service('reports', { tier: 3 }),
  'sm/changes/CHG-2026-0008.yaml': change('CHG-2026-0008', ['payments-api'], 'approved'),
  'sm/changes/CHG-2026-0003.yaml': change('CHG-2026-0003', ['payments-api', 'checkout'], 'draft'),
  'sm/changes/CHG-2026-0001.yaml': change('CHG-2026-0001', ['checkout'], 'closed'),
  'sm/changes/CHG-2026-0002.yaml': change('CHG-2026-0002', ['ledger'], 'rejected'),
  'sm/changes/CHG-2026-0004.yaml': change('CHG-2026-0004', ['ledger'], 'failed'),
};

describe('affected', () => {
  it('is the SPEC §3 report: touched services sorted by name, their files, open changes and dependents; unowned files', () => {
    const index = workspace(CATALOGUE);
    const report = affected(index, {
      base: 'd44a9d06e3a73f13a275716f9f75f88ee69667bb',
      files: [
        'src/payments/handler.ts',
        'README.md',
        'src/checkout/cart.ts',
        'shared/money.ts',
        'src/payments/a b/\u00fc.ts',
        'docs/x.md',
        'src/payments/handler.ts',
      ],
    });
    assert.deepEqual(report, {
      version: 1,
      base: 'd44a9d06e3a73f13a275716f9f75f88ee69667bb',
      services: [
        {
          name: 'checkout',
          files: ['src/checkout/cart.ts'],
          openChanges: ['CHG-2026-0003'],
          dependents: ['storefront'],
        },
        { name: 'ledger', files: ['shared/money.ts'], openChanges: [], dependents: [] },
        {
          name: 'payments-api',
          files: ['shared/money.ts', 'src/payments/a b/\u00fc.ts', 'src/payments/handler.ts'],
          openChanges: ['CHG-2026-0003', 'CHG-2026-0008'],
          dependents: ['checkout', 'storefront'],
        },
      ],
      unowned: ['README.md', 'docs/x.md'],
    });
    // Contract key order, as JSON.stringify prints it.
    assert.deepEqual(Object.keys(report), ['version', 'base', 'services', 'unowned']);
    assert.deepEqual(Object.keys(report.services[0]), ['name', 'files', 'openChanges', 'dependents']);
  });

  it('says base null when there is no base commit, and lists nothing for no files', () => {
    assert.deepEqual(affected(workspace(CATALOGUE), { base: undefined, files: [] }), {
      version: 1,
      base: null,
      services: [],
      unowned: [],
    });
  });

  it('matches dot folders (.github/**) and treats every file as unowned in a workspace without services', () => {
    const report = affected(workspace(CATALOGUE), { base: undefined, files: ['.github/workflows/ledger.yml'] });
    assert.deepEqual(
      report.services.map((s) => s.name),
      ['ledger'],
    );
    assert.deepEqual(affected(workspace({}), { base: undefined, files: ['b', 'a'] }), {
      version: 1,
      base: null,
      services: [],
      unowned: ['a', 'b'],
    });
  });

  it('lists a file once when a service is defined twice (a duplicate-name error elsewhere)', () => {
    const index = workspace({
      ...CATALOGUE,
      'sm/payments-copy.yaml': service('payments-api', { tier: 1, code: ['src/payments/**'] }),
    });
    const report = affected(index, { base: undefined, files: ['src/payments/handler.ts'] });
    assert.deepEqual(report.services, [
      {
        name: 'payments-api',
        files: ['src/payments/handler.ts'],
        openChanges: ['CHG-2026-0003', 'CHG-2026-0008'],
        dependents: ['checkout', 'storefront'],
      },
    ]);
  });
});

describe('openChangesNaming', () => {
  it('counts a change as open unless closed, rejected or failed; a change without status counts as open', () => {
    const index = workspace({
      ...CATALOGUE,
      'sm/changes/CHG-2026-0010.yaml': change('CHG-2026-0010', ['ledger']),
      'sm/changes/CHG-2026-0011.yaml': change('CHG-2026-0011', ['ledger'], 'implemented'),
      'sm/changes/CHG-2026-0012.yaml': change('CHG-2026-0012', ['ledger', 'ledger'], 'scheduled'),
    });
    assert.deepEqual(openChangesNaming(index, 'ledger'), ['CHG-2026-0010', 'CHG-2026-0011', 'CHG-2026-0012']);
    assert.deepEqual(openChangesNaming(index, 'reports'), []);
  });

  it('ignores records of other kinds that name the service (releases, knowledge, templates)', () => {
    const index = workspace({
      ...CATALOGUE,
      'sm/rel.yaml': lines(
        'apiVersion: svcm/v1',
        'kind: Release',
        'metadata: { name: REL-1 }',
        'spec: { version: 1, services: [reports], changes: [], status: planned }',
      ),
    });
    assert.deepEqual(openChangesNaming(index, 'reports'), []);
  });
});

describe('suggestRisk', () => {
  const index = workspace(CATALOGUE);

  it('suggests high for a tier 1 service, medium for tier 2, low for tiers 3 and 4', () => {
    assert.equal(suggestRisk(index, ['storefront', 'payments-api']), 'high');
    assert.equal(suggestRisk(index, ['checkout', 'ledger']), 'medium');
    assert.equal(suggestRisk(index, ['storefront']), 'low');
    assert.equal(suggestRisk(index, ['ledger']), 'low');
  });

  it('suggests low for no services, unknown services and services without a valid tier', () => {
    const odd = workspace({
      'a.yaml': service('no-tier', {}),
      'b.yaml': service('text-tier', { tier: '"1"' }),
      'c.yaml': service('tier-zero', { tier: 0 }),
    });
    assert.equal(suggestRisk(index, []), 'low');
    assert.equal(suggestRisk(index, ['nope']), 'low');
    assert.equal(suggestRisk(odd, ['no-tier', 'text-tier', 'tier-zero']), 'low');
  });

  it('names the service with the highest tier, for the message', () => {
    assert.deepEqual(highestTier(index, ['ledger', 'checkout', 'storefront']), { tier: 2, service: 'checkout' });
    assert.equal(highestTier(index, ['reports-x']), undefined);
  });
});

describe('nextChangeId', () => {
  it('is one above the highest sequence of the year, four digits', () => {
    assert.equal(nextChangeId(workspace(CATALOGUE), 2026), 'CHG-2026-0009');
    assert.equal(nextChangeId(workspace(CATALOGUE), 2027), 'CHG-2027-0001');
    assert.equal(nextChangeId(workspace({}), 2026), 'CHG-2026-0001');
  });

  it('does not reuse gaps, and goes past four digits', () => {
    const index = workspace({ 'a.yaml': change('CHG-2026-0002', ['x']), 'b.yaml': change('CHG-2026-9999', ['x']) });
    assert.equal(nextChangeId(index, 2026), 'CHG-2026-10000');
  });

  it('counts ids only named by other records (a release listing a change not written yet) and ids of records with syntax errors', () => {
    const index = workspace({
      'rel.yaml': lines(
        'apiVersion: svcm/v1',
        'kind: Release',
        'metadata: { name: REL-1 }',
        'spec: { version: 1, services: [], changes: [CHG-2026-0020], status: planned }',
      ),
      'broken.yaml': lines(
        'apiVersion: svcm/v1',
        'kind: Change',
        'metadata: { name: CHG-2026-0031 }',
        'spec: { summary: [unclosed',
      ),
    });
    assert.equal(nextChangeId(index, 2026), 'CHG-2026-0032');
  });

  it('skips ids that an existing file is named after (exactly, or followed by -slug), whatever the folder', () => {
    const files = [
      'CHG-2026-0009.yaml',
      'changes/CHG-2026-0010-rotate-certs.md',
      'CHG-2026-0012.yaml',
      'CHG-2027-0011.yaml',
      'notes.txt',
    ];
    assert.equal(nextChangeId(workspace(CATALOGUE), 2026, files), 'CHG-2026-0011');
  });

  it('refuses a year that is not four digits', () => {
    assert.throws(() => nextChangeId(workspace({}), 26), RangeError);
    assert.throws(() => nextChangeId(workspace({}), 2026.5), RangeError);
  });
});
