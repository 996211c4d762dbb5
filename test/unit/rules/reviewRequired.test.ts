import * as assert from 'node:assert/strict';
import { approval, BASE, change, window } from '../builders';
import { assertQuiet, check, only, TODAY } from '../helpers';
import { detailed } from './support';

const FILE = 'changes/CHG-2026-0042.yaml';
const emergency = (overrides: Record<string, unknown>) => ({
  ...BASE,
  [FILE]: change('CHG-2026-0042', {
    type: 'emergency',
    testPlan: undefined,
    window: window(18, 19),
    approvals: [approval('ecab')],
    ...overrides,
  }),
});

describe('review-required rule', () => {
  it('warns about an implemented or closed emergency change with no review, on the spec key', () => {
    for (const status of ['implemented', 'closed']) {
      const seen = check(emergency({ status }));
      assert.deepEqual(only(seen, 'review-required'), [{ file: FILE, at: '5:1', text: 'spec' }], status);
      assert.equal(seen[0].severity, 'warning');
      assert.match(seen[0].message, new RegExp(`^emergency change CHG-2026-0042 is ${status} but has no review: `));
    }
  });

  it('offers to add the review', () => {
    assert.deepEqual(detailed(emergency({ status: 'closed' }), 'review-required')[0].data, {
      fix: 'addField',
      field: 'review',
      parentPath: ['spec'],
      placeholder: `{ outcome: "", notes: "", at: "${TODAY}" }`,
    });
  });

  it('is quiet before implementation, with a review, and on other change types', () => {
    assert.deepEqual(check(emergency({ status: 'scheduled' })), []);
    assert.deepEqual(
      check(emergency({ status: 'closed', review: { outcome: 'successful', notes: 'No impact', at: '2026-12-02' } })),
      [],
    );
    assertQuiet(
      check({
        ...BASE,
        [FILE]: change('CHG-2026-0042', { status: 'closed', window: window(18, 19), approvals: [approval('peer')] }),
      }),
      'review-required',
    );
  });
});
