import * as assert from 'node:assert/strict';
import { BASE, liveService } from '../builders';
import { assertQuiet, check, only } from '../helpers';
import { detailed } from './support';

const FILE = 'services/ledger.yaml';
const files = (overrides: Record<string, unknown>) => ({
  ...BASE,
  [FILE]: liveService('ledger', { serviceLevel: undefined, ...overrides }),
});

describe('service-level-required rule', () => {
  it('warns about a live tier 1 or 2 service with no serviceLevel, on the spec key', () => {
    for (const tier of [1, 2]) {
      const seen = check(files({ tier }));
      assert.deepEqual(only(seen, 'service-level-required'), [{ file: FILE, at: '5:1', text: 'spec' }], `tier ${tier}`);
      assert.equal(seen[0].severity, 'warning');
      assert.match(seen[0].message, new RegExp(`^live tier ${tier} service ledger has no serviceLevel: `));
      assertQuiet(seen, 'schema');
    }
  });

  it('offers to add a serviceLevel', () => {
    assert.deepEqual(detailed(files({}), 'service-level-required')[0].data, {
      fix: 'addField',
      field: 'serviceLevel',
      parentPath: ['spec'],
      placeholder: '{ availability: 99.9, supportHours: "" }',
    });
  });

  it('is quiet on tiers 3 and 4, on services not live, and on services with a serviceLevel', () => {
    assert.deepEqual(check(files({ tier: 3 })), []);
    assert.deepEqual(check(files({ tier: 4 })), []);
    assert.deepEqual(check(files({ phase: 'beta', serviceManager: undefined })), []);
    assert.deepEqual(check({ ...BASE, [FILE]: liveService('ledger') }), []);
  });

  it('leaves a tier of the wrong type to the schema rule', () => {
    const seen = check(files({ tier: '1' }));
    assertQuiet(seen, 'service-level-required');
    assert.deepEqual(only(seen, 'schema'), [{ file: FILE, at: '8:9', text: '"1"' }]);
  });
});
