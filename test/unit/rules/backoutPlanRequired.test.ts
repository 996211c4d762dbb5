import * as assert from 'node:assert/strict';
import { BASE, change, standardChange, template } from '../builders';
import { assertQuiet, check, only } from '../helpers';
import { detailed } from './support';

const FILE = 'changes/CHG-2026-0042.yaml';

describe('backout-plan-required rule', () => {
  it('reports a normal change with no backoutPlan on the spec key, with an addField fix', () => {
    const files = { ...BASE, [FILE]: change('CHG-2026-0042', { backoutPlan: undefined }) };
    const seen = check(files);
    assert.deepEqual(only(seen, 'backout-plan-required'), [{ file: FILE, at: '5:1', text: 'spec' }]);
    assertQuiet(seen, 'schema');
    const [f] = detailed(files, 'backout-plan-required');
    assert.equal(f.message, 'normal change CHG-2026-0042 has no backoutPlan: say how to undo it if it goes wrong');
    assert.deepEqual(f.data, { fix: 'addField', field: 'backoutPlan', parentPath: ['spec'], placeholder: '""' });
  });

  it('reports an emergency change with no backoutPlan', () => {
    const seen = check({ ...BASE, [FILE]: change('CHG-2026-0042', { type: 'emergency', backoutPlan: undefined }) });
    assert.deepEqual(only(seen, 'backout-plan-required'), [{ file: FILE, at: '5:1', text: 'spec' }]);
    assert.match(seen.find((s) => s.code === 'backout-plan-required')!.message, /^emergency change CHG-2026-0042 /);
  });

  it('reports a blank backoutPlan on its value, without a fix that would add the key twice', () => {
    const files = { ...BASE, [FILE]: change('CHG-2026-0042', { backoutPlan: '  ' }) };
    assert.deepEqual(only(check(files), 'backout-plan-required'), [{ file: FILE, at: '13:16', text: '"  "' }]);
    assert.equal(detailed(files, 'backout-plan-required')[0].data, undefined);
  });

  it('says "this change" when the name cannot be read', () => {
    const seen = check({
      ...BASE,
      [FILE]: change('CHG-2026-0042', { backoutPlan: undefined }).replace(
        '  name: CHG-2026-0042\n',
        '  title: No name\n',
      ),
    });
    assert.equal(
      seen.find((s) => s.code === 'backout-plan-required')!.message,
      'this normal change has no backoutPlan: say how to undo it if it goes wrong',
    );
  });

  it('leaves a backoutPlan of the wrong type to the schema rule', () => {
    const seen = check({ ...BASE, [FILE]: change('CHG-2026-0042', { backoutPlan: ['step'] }) });
    assertQuiet(seen, 'backout-plan-required');
    assert.deepEqual(only(seen, 'schema'), [{ file: FILE, at: '13:16', text: '[step]' }]);
  });

  it('is quiet on standard changes and on changes with a backoutPlan', () => {
    const files = {
      ...BASE,
      'standard-changes/rotate-tls.yaml': template('rotate-tls'),
      [FILE]: standardChange('CHG-2026-0042'),
      'changes/CHG-2026-0043.yaml': change('CHG-2026-0043'),
    };
    assert.deepEqual(check(files), []);
  });
});
