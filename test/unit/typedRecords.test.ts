import * as assert from 'node:assert/strict';
import { specFieldsOf, specOf, titleOf } from '../../src/core/index/references';
import { REQUIREMENTS } from '../../src/core/rules/requiredFields';
import { RULE_TABLE } from '../../src/core/rules/codes';
import { change, service } from './builders';
import { workspace } from './helpers';

describe('typed record access', () => {
  const index = workspace({
    'c.yaml': change('CHG-2026-0001', { backoutPlan: 'Roll back' }),
    's.yaml': service('pay'),
  });
  const changeRecord = index.definitions('Change', 'CHG-2026-0001')[0];
  const serviceRecord = index.definitions('Service', 'pay')[0];

  it('reads a spec by the field names of its kind, and nothing for another kind', () => {
    assert.equal(specOf(changeRecord, 'Change')?.backoutPlan, 'Roll back');
    assert.equal(specOf(changeRecord, 'Service'), undefined);
    assert.deepEqual(specFieldsOf(serviceRecord, 'Change'), {});
    assert.equal(titleOf(changeRecord), undefined);
  });

  it('makes a misspelt or renamed field a compile error (npm run typecheck fails when these lines compile)', () => {
    // @ts-expect-error `backoutPlann` is not a field of a Change
    assert.equal(specOf(changeRecord, 'Change')?.backoutPlann, undefined);
    // @ts-expect-error `tier` is a field of a Service, not of a Change
    assert.equal(specOf(changeRecord, 'Change')?.tier, undefined);
    assert.equal(typeof specOf(serviceRecord, 'Service')?.phase, 'string');
  });

  it('the required-field table names real fields and codes of the rule table', () => {
    for (const r of REQUIREMENTS) assert.ok(r.code in RULE_TABLE, r.code);
    assert.equal(new Set(REQUIREMENTS.map((r) => r.code)).size, REQUIREMENTS.length);
  });
});
