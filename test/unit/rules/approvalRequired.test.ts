import * as assert from 'node:assert/strict';
import { approval, BASE, change, standardChange, template, window } from '../builders';
import { assertQuiet, check, only } from '../helpers';

const FILE = 'changes/CHG-2026-0042.yaml';
const files = (overrides: Record<string, unknown>) => ({
  ...BASE,
  [FILE]: change('CHG-2026-0042', { window: window(18, 19), ...overrides }),
});
const approvalFindings = (overrides: Record<string, unknown>) => only(check(files(overrides)), 'approval-required');

// Change lines: 9 risk, 11 status, 15 window, 16 approvals.
describe('approval-required rule', () => {
  it('reports an approved normal change with no approvals on its status value', () => {
    const seen = check(files({ status: 'approved' }));
    assert.deepEqual(only(seen, 'approval-required'), [{ file: FILE, at: '11:11', text: 'approved' }]);
    assert.match(
      seen.find((s) => s.code === 'approval-required')!.message,
      /^normal change CHG-2026-0042 is approved but has no approval with decision approved: /,
    );
  });

  it('reports on the approvals key when the list is there but holds no approval', () => {
    assert.deepEqual(approvalFindings({ status: 'scheduled', approvals: [approval('peer', 'rejected')] }), [
      { file: FILE, at: '16:3', text: 'approvals' },
    ]);
  });

  it('counts every status from approved on', () => {
    for (const status of ['approved', 'scheduled', 'implemented', 'closed', 'failed'])
      assert.equal(approvalFindings({ status }).length, 1, status);
    for (const status of ['draft', 'submitted', 'rejected'])
      assert.equal(approvalFindings({ status }).length, 0, status);
  });

  it('accepts any approved approval for a normal change that is not high-risk', () => {
    assert.deepEqual(
      approvalFindings({
        status: 'approved',
        risk: 'medium',
        approvals: [approval('peer', 'rejected'), approval('service-manager')],
      }),
      [],
    );
  });

  it('needs an approved cab approval for a high-risk normal change', () => {
    const seen = check(
      files({
        status: 'scheduled',
        risk: 'high',
        approvals: [approval('service-manager'), approval('cab', 'rejected')],
      }),
    );
    assert.deepEqual(only(seen, 'approval-required'), [{ file: FILE, at: '16:3', text: 'approvals' }]);
    assert.match(
      seen.find((s) => s.code === 'approval-required')!.message,
      /^high-risk normal change CHG-2026-0042 is scheduled but has no approved cab approval: /,
    );
    assert.deepEqual(approvalFindings({ status: 'scheduled', risk: 'high', approvals: [approval('cab')] }), []);
  });

  it('needs an approved ecab approval for an emergency change', () => {
    const seen = check(
      files({
        type: 'emergency',
        status: 'implemented',
        approvals: [approval('cab')],
        review: { outcome: 'successful', notes: 'ok', at: '2026-12-02' },
      }),
    );
    assert.deepEqual(only(seen, 'approval-required'), [{ file: FILE, at: '16:3', text: 'approvals' }]);
    assert.match(
      seen.find((s) => s.code === 'approval-required')!.message,
      /^emergency change CHG-2026-0042 is implemented but has no approved ecab approval: /,
    );
    assert.deepEqual(approvalFindings({ type: 'emergency', status: 'approved', approvals: [approval('ecab')] }), []);
  });

  it('never asks a standard change for an approval', () => {
    const all = {
      ...BASE,
      'standard-changes/rotate-tls.yaml': template('rotate-tls'),
      [FILE]: standardChange('CHG-2026-0042', { status: 'closed', window: window(18, 19) }),
    };
    assert.deepEqual(check(all), []);
  });

  it('skips approval entries of the wrong shape (the schema rule reports them)', () => {
    const seen = check(files({ status: 'approved', approvals: ['yes', null, { role: 'peer', decision: 'approved' }] }));
    assert.deepEqual(only(seen, 'approval-required'), []);
    assert.ok(only(seen, 'schema').length > 0);
    assertQuiet(check(files({ status: 'approved', approvals: [approval('peer')] })), 'approval-required');
  });
});
