import * as assert from 'node:assert/strict';
import { catalogueRoots } from '../../src/core/assist/catalogueTree';
import { STARTER_MAIN_FILE, starterCatalogue } from '../../src/core/assist/starterCatalogue';
import { check, workspace } from './helpers';

describe('starter catalogue', () => {
  const files = (today: string) => Object.fromEntries(starterCatalogue(today).map((f) => [f.path, f.text]));

  it('writes a team, two services and a standard change under service-management/', () => {
    assert.deepEqual(Object.keys(files('2026-11-26')).sort(), [
      'service-management/services/checkout-web.yaml',
      'service-management/services/payments-api.yaml',
      'service-management/standard-changes/rotate-tls-certificates.yaml',
      'service-management/teams.yaml',
    ]);
    assert.ok(STARTER_MAIN_FILE in files('2026-11-26'));
  });

  it('passes the validator on the day it is written and until the template is due for review', () => {
    for (const today of ['2026-11-26', '2028-02-29']) {
      assert.deepEqual(check(files(today), { today }), []);
    }
    assert.deepEqual(check(files('2026-11-26'), { today: '2027-11-26' }), []);
    assert.deepEqual(
      check(files('2026-11-26'), { today: '2027-11-27' }).map((s) => s.code),
      ['stale-record'],
    );
  });

  it('shows in the tree as a live and a beta service', () => {
    assert.deepEqual(
      catalogueRoots(workspace(files('2026-11-26')), 'phase').map((g) => g.label),
      ['Beta', 'Live'],
    );
  });
});
