import * as assert from 'node:assert/strict';
import { affected, openChangesNaming } from '../../../src/core/git/affected';
import { lines, workspace } from '../helpers';
import { change } from '../builders';
import { CATALOGUE, service } from '../catalogue/fixture';

describe('affected', () => {
  it('is the docs/cli.md report: touched services sorted by name, their files, open changes and dependents; unowned files', () => {
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
      'sm/changes/CHG-2026-0010.yaml': change('CHG-2026-0010', { services: ['ledger'], status: undefined }),
      'sm/changes/CHG-2026-0011.yaml': change('CHG-2026-0011', { services: ['ledger'], status: 'implemented' }),
      'sm/changes/CHG-2026-0012.yaml': change('CHG-2026-0012', { services: ['ledger', 'ledger'], status: 'scheduled' }),
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
