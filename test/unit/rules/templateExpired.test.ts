import * as assert from 'node:assert/strict';
import { BASE, standardChange, template } from '../builders';
import { assertQuiet, check, only, TODAY } from '../helpers';
import { detailed } from './support';

const FILE = 'changes/CHG-2026-0001.yaml';
const files = (reviewBy: unknown, overrides: Record<string, unknown> = {}) => ({
  ...BASE,
  'standard-changes/rotate-tls.yaml': template('rotate-tls', { reviewBy }),
  [FILE]: standardChange('CHG-2026-0001', overrides),
});

describe('template-expired rule', () => {
  it('reports a standard change whose template was due for review before today, on its template value', () => {
    const all = files('2026-11-25');
    const seen = check(all);
    assert.deepEqual(only(seen, 'template-expired'), [{ file: FILE, at: '7:13', text: 'rotate-tls' }]);
    const [f] = detailed(all, 'template-expired');
    assert.match(f.message, /^template 'rotate-tls' was due for review on 2026-11-25: /);
    assert.deepEqual(f.related, [{ file: 'standard-changes/rotate-tls.yaml', at: '10:13', text: '2026-11-25' }]);
    assert.equal(seen.find((s) => s.code === 'template-expired')!.severity, 'warning');
  });

  it('reports it whatever the change status', () => {
    assert.equal(only(check(files('2025-01-01', { status: 'approved' })), 'template-expired').length, 1);
  });

  it('is quiet when the review is due today or later, or not set', () => {
    assertQuiet(check(files(TODAY)), 'template-expired');
    assert.deepEqual(check(files('2027-01-01')), []);
    assert.deepEqual(check(files(undefined)), []);
  });

  it('leaves a malformed reviewBy to the schema rule', () => {
    const seen = check(files('last year'));
    assertQuiet(seen, 'template-expired');
    assert.deepEqual(
      only(seen, 'schema').map((s) => s.text),
      ['last year'],
    );
  });
});
