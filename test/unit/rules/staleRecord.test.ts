import * as assert from 'node:assert/strict';
import { BASE, knowledge, template } from '../builders';
import { assertQuiet, check, only, TODAY } from '../helpers';

const KB = 'knowledge/KB-0012.md';
const TEMPLATE = 'standard-changes/rotate-tls.yaml';

describe('stale-record rule', () => {
  it('notes a knowledge record past its reviewBy, on the date', () => {
    const seen = check({ ...BASE, [KB]: knowledge('KB-0012', { reviewBy: '2026-11-25' }) });
    assert.deepEqual(only(seen, 'stale-record'), [{ file: KB, at: '9:13', text: '2026-11-25' }]);
    assert.equal(seen[0].severity, 'info');
    assert.match(seen[0].message, /^knowledge record KB-0012 was due for review on 2026-11-25: /);
  });

  it('notes a standard change template past its reviewBy', () => {
    const seen = check({ ...BASE, [TEMPLATE]: template('rotate-tls', { reviewBy: '2025-06-30' }) });
    assert.deepEqual(only(seen, 'stale-record'), [{ file: TEMPLATE, at: '10:13', text: '2025-06-30' }]);
    assert.match(seen[0].message, /^standard change template rotate-tls was due for review on 2025-06-30: /);
  });

  it('is quiet when the review is due today or later, or not set', () => {
    assert.deepEqual(check({ ...BASE, [KB]: knowledge('KB-0012', { reviewBy: TODAY }) }), []);
    assert.deepEqual(
      check({ ...BASE, [KB]: knowledge('KB-0012'), [TEMPLATE]: template('rotate-tls', { reviewBy: undefined }) }),
      [],
    );
  });

  it('leaves a date that is not a date to the schema rule', () => {
    const seen = check({ ...BASE, [KB]: knowledge('KB-0012', { reviewBy: '2026-13-01' }) });
    assertQuiet(seen, 'stale-record');
    assert.deepEqual(only(seen, 'schema'), [{ file: KB, at: '9:13', text: '2026-13-01' }]);
  });
});
