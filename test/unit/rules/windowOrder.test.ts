import * as assert from 'node:assert/strict';
import { BASE, change, window } from '../builders';
import { assertQuiet, check, lines, only } from '../helpers';

const FILE = 'changes/CHG-2026-0001.yaml';
const withWindow = (start: string, end: string) => ({
  ...BASE,
  [FILE]: change('CHG-2026-0001', { window: { start, end } }),
});

// Line 15: `  window: {start: <start>, end: <end>}`
describe('window-order rule', () => {
  it('reports an end before the start on the end value', () => {
    const seen = check(withWindow('2026-12-01T19:00:00Z', '2026-12-01T18:00:00Z'));
    assert.deepEqual(only(seen, 'window-order'), [{ file: FILE, at: '15:46', text: '2026-12-01T18:00:00Z' }]);
    assert.match(seen[0].message, /window\.end is before window\.start in change CHG-2026-0001/);
    assert.equal(seen[0].severity, 'error');
  });

  it('reports an end equal to the start', () => {
    assert.deepEqual(only(check(withWindow('2026-12-01T18:00:00Z', '2026-12-01T18:00:00Z')), 'window-order'), [
      { file: FILE, at: '15:46', text: '2026-12-01T18:00:00Z' },
    ]);
  });

  it('compares instants, not text: offsets count', () => {
    // 20:00+02:00 is 18:00Z, so an end at 19:00Z is after it...
    assertQuiet(check(withWindow('2026-12-01T20:00:00+02:00', '2026-12-01T19:00:00Z')), 'window-order');
    // ...and 19:30+02:00 (17:30Z) is before a start at 18:00Z, although it reads later.
    assert.equal(
      only(check(withWindow('2026-12-01T18:00:00Z', '2026-12-01T19:30:00+02:00')), 'window-order').length,
      1,
    );
  });

  it('reports on the end value in a block-style window', () => {
    const text =
      change('CHG-2026-0001') + lines('  window:', '    start: 2026-12-02T10:00:00Z', '    end: 2026-12-01T10:00:00Z');
    assert.deepEqual(only(check({ ...BASE, [FILE]: text }), 'window-order'), [
      { file: FILE, at: '17:10', text: '2026-12-01T10:00:00Z' },
    ]);
  });

  it('leaves dates that are not date-times to the schema rule', () => {
    const seen = check(withWindow('tomorrow', '2026-12-01T18:00:00Z'));
    assertQuiet(seen, 'window-order');
    assert.deepEqual(only(seen, 'schema'), [{ file: FILE, at: '15:19', text: 'tomorrow' }]);
  });

  it('is quiet on a window that ends after it starts', () => {
    assert.deepEqual(check({ ...BASE, [FILE]: change('CHG-2026-0001', { window: window(18, 19) }) }), []);
  });
});
