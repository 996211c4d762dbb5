import * as assert from 'node:assert/strict';
import { approval, BASE, change, window } from '../builders';
import { assertQuiet, check, only } from '../helpers';
import { detailed } from './support';

const FILE = 'changes/CHG-2026-0042.yaml';
const withStatus = (status: string, overrides: Record<string, unknown> = {}) => ({
  ...BASE,
  [FILE]: change('CHG-2026-0042', { status, approvals: [approval('peer')], ...overrides }),
});

describe('window-required rule', () => {
  for (const status of ['scheduled', 'implemented', 'closed']) {
    it(`reports a ${status} change with no window on the spec key`, () => {
      const seen = check(withStatus(status));
      assert.deepEqual(only(seen, 'window-required'), [{ file: FILE, at: '5:1', text: 'spec' }]);
      assert.match(
        seen.find((s) => s.code === 'window-required')!.message,
        new RegExp(`^change CHG-2026-0042 is ${status} but has no window: `),
      );
      assertQuiet(seen, 'schema');
    });
  }

  it('offers to add the window', () => {
    assert.deepEqual(detailed(withStatus('scheduled'), 'window-required')[0].data, {
      fix: 'addField',
      field: 'window',
      parentPath: ['spec'],
      placeholder: '{ start: "", end: "" }',
    });
  });

  it('leaves an empty window to the schema rule', () => {
    const seen = check(withStatus('scheduled', { window: {} }));
    assertQuiet(seen, 'window-required');
    assert.ok(only(seen, 'schema').length > 0);
  });

  it('is quiet before scheduling and once a window is set', () => {
    for (const status of ['draft', 'submitted', 'approved', 'rejected', 'failed'])
      assert.deepEqual(check(withStatus(status)), [], status);
    assert.deepEqual(check(withStatus('closed', { window: window(18, 19) })), []);
  });
});
