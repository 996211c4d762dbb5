import * as assert from 'node:assert/strict';
import { approval, BASE, change, service, window } from '../builders';
import { assertQuiet, check, only } from '../helpers';
import { detailed } from './support';

const A = 'changes/CHG-2026-0001.yaml';
const B = 'changes/CHG-2026-0002.yaml';
const C = 'changes/CHG-2026-0003.yaml';
const planned = (name: string, from: number, to: number, overrides: Record<string, unknown> = {}) =>
  change(name, { status: 'scheduled', window: window(from, to), approvals: [approval('peer')], ...overrides });

// Change line 15: `  window: {…}`.
describe('window-conflict rule', () => {
  it('warns on both scheduled changes on one service whose windows overlap, each pointing at the other', () => {
    const files = { ...BASE, [A]: planned('CHG-2026-0001', 18, 20), [B]: planned('CHG-2026-0002', 19, 21) };
    assert.deepEqual(
      detailed(files, 'window-conflict').map(({ file, at, text, related }) => ({ file, at, text, related })),
      [
        { file: A, at: '15:3', text: 'window', related: [{ file: B, at: '15:3', text: 'window' }] },
        { file: B, at: '15:3', text: 'window', related: [{ file: A, at: '15:3', text: 'window' }] },
      ],
    );
    const seen = check(files);
    assert.equal(seen[0].severity, 'warning');
    assert.match(
      seen[0].message,
      /^the window of change CHG-2026-0001 overlaps that of change CHG-2026-0002 \(scheduled\) on the same service 'pay': move one of the windows/,
    );
  });

  it('counts approved changes, a window inside another, and names every shared service', () => {
    const files = {
      ...BASE,
      'services/ledger.yaml': service('ledger'),
      [A]: planned('CHG-2026-0001', 10, 22, { status: 'approved', services: ['pay', 'ledger'] }),
      [B]: planned('CHG-2026-0002', 12, 13, { services: ['ledger', 'pay'] }),
    };
    assert.deepEqual(
      only(check(files), 'window-conflict').map((s) => s.file),
      [A, B],
    );
    assert.match(detailed(files, 'window-conflict')[0].message, /\(scheduled\) on the same services 'pay', 'ledger'/);
  });

  it('reports one finding per conflicting change', () => {
    const files = {
      ...BASE,
      [A]: planned('CHG-2026-0001', 10, 20),
      [B]: planned('CHG-2026-0002', 11, 12),
      [C]: planned('CHG-2026-0003', 15, 16),
    };
    assert.deepEqual(
      only(check(files), 'window-conflict').map((s) => s.file),
      [A, A, B, C],
    );
  });

  it('treats windows as half-open: one may start when the other ends', () => {
    assertQuiet(
      check({ ...BASE, [A]: planned('CHG-2026-0001', 18, 19), [B]: planned('CHG-2026-0002', 19, 20) }),
      'window-conflict',
    );
  });

  it('is quiet when one change is not approved or scheduled', () => {
    for (const status of ['draft', 'submitted', 'implemented', 'closed', 'rejected', 'failed']) {
      assertQuiet(
        check({ ...BASE, [A]: planned('CHG-2026-0001', 18, 20), [B]: planned('CHG-2026-0002', 19, 21, { status }) }),
        'window-conflict',
      );
    }
  });

  it('is quiet on different services and on windows that cannot be read', () => {
    assert.deepEqual(
      check({
        ...BASE,
        'services/ledger.yaml': service('ledger'),
        [A]: planned('CHG-2026-0001', 18, 20),
        [B]: planned('CHG-2026-0002', 19, 21, { services: ['ledger'] }),
      }),
      [],
    );
    assertQuiet(
      check({
        ...BASE,
        [A]: planned('CHG-2026-0001', 18, 20),
        [B]: planned('CHG-2026-0002', 0, 0, { window: { start: 'soon', end: 'later' } }),
      }),
      'window-conflict',
    );
    assertQuiet(
      check({ ...BASE, [A]: planned('CHG-2026-0001', 18, 20), [B]: planned('CHG-2026-0002', 21, 19) }),
      'window-conflict',
    );
  });
});
