import * as assert from 'node:assert/strict';
import { BASE, change } from '../builders';
import { assertQuiet, check, only } from '../helpers';
import { detailed } from './support';

const FILE = 'changes/CHG-2026-0042.yaml';

describe('test-plan-required rule', () => {
  it('warns about a normal change with no testPlan on the spec key, with an addField fix', () => {
    const files = { ...BASE, [FILE]: change('CHG-2026-0042', { testPlan: undefined }) };
    const seen = check(files);
    assert.deepEqual(only(seen, 'test-plan-required'), [{ file: FILE, at: '5:1', text: 'spec' }]);
    assert.equal(seen[0].severity, 'warning');
    assertQuiet(seen, 'schema');
    const [f] = detailed(files, 'test-plan-required');
    assert.equal(f.message, 'normal change CHG-2026-0042 has no testPlan: say how you will know it worked');
    assert.deepEqual(f.data, { fix: 'addField', field: 'testPlan', parentPath: ['spec'], placeholder: '""' });
  });

  it('reports an empty testPlan on its value', () => {
    assert.deepEqual(
      only(check({ ...BASE, [FILE]: change('CHG-2026-0042', { testPlan: '' }) }), 'test-plan-required'),
      [{ file: FILE, at: '14:13', text: '""' }],
    );
  });

  it('is quiet on emergency changes without a testPlan and on normal changes with one', () => {
    assert.deepEqual(
      check({ ...BASE, [FILE]: change('CHG-2026-0042', { type: 'emergency', testPlan: undefined }) }),
      [],
    );
    assert.deepEqual(check({ ...BASE, [FILE]: change('CHG-2026-0042') }), []);
  });
});
