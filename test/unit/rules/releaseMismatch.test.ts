import * as assert from 'node:assert/strict';
import { BASE, change, release } from '../builders';
import { assertQuiet, check, only } from '../helpers';
import { detailed } from './support';

const CHANGE = 'changes/CHG-2026-0042.yaml';
const RELEASE = 'releases/REL-2026.11.2.yaml';

// Change line 15: `  release: …`; release line 8: `  changes: […]`.
describe('release-mismatch rule', () => {
  it('warns on the change when its release does not list it', () => {
    const files = {
      ...BASE,
      [CHANGE]: change('CHG-2026-0042', { release: 'REL-2026.11.2' }),
      [RELEASE]: release('REL-2026.11.2'),
    };
    const seen = check(files);
    assert.deepEqual(only(seen, 'release-mismatch'), [{ file: CHANGE, at: '15:12', text: 'REL-2026.11.2' }]);
    assert.equal(seen[0].severity, 'warning');
    const [f] = detailed(files, 'release-mismatch');
    assert.match(
      f.message,
      /^release REL-2026\.11\.2 does not list change CHG-2026-0042: add CHG-2026-0042 to its changes/,
    );
    assert.deepEqual(f.related, [{ file: RELEASE, at: '8:12', text: '[]' }]);
  });

  it('warns on the release entry when the change names no release', () => {
    const files = {
      ...BASE,
      [CHANGE]: change('CHG-2026-0042'),
      [RELEASE]: release('REL-2026.11.2', { changes: ['CHG-2026-0042'] }),
    };
    const seen = check(files);
    assert.deepEqual(only(seen, 'release-mismatch'), [{ file: RELEASE, at: '8:13', text: 'CHG-2026-0042' }]);
    assert.match(
      seen[0].message,
      /^change CHG-2026-0042 does not name a release: add 'release: REL-2026\.11\.2' to it/,
    );
  });

  it('warns on both records when each names another', () => {
    const files = {
      ...BASE,
      [CHANGE]: change('CHG-2026-0042', { release: 'REL-2026.12.1' }),
      [RELEASE]: release('REL-2026.11.2', { changes: ['CHG-2026-0042'] }),
      'releases/REL-2026.12.1.yaml': release('REL-2026.12.1'),
    };
    assert.deepEqual(only(check(files), 'release-mismatch'), [
      { file: CHANGE, at: '15:12', text: 'REL-2026.12.1' },
      { file: RELEASE, at: '8:13', text: 'CHG-2026-0042' },
    ]);
    const onRelease = detailed(files, 'release-mismatch').find((f) => f.file === RELEASE)!;
    assert.match(onRelease.message, /^change CHG-2026-0042 names release REL-2026\.12\.1, not REL-2026\.11\.2/);
    assert.deepEqual(onRelease.related, [{ file: CHANGE, at: '15:12', text: 'REL-2026.12.1' }]);
  });

  it('is quiet when change and release agree', () => {
    const files = {
      ...BASE,
      [CHANGE]: change('CHG-2026-0042', { release: 'REL-2026.11.2' }),
      [RELEASE]: release('REL-2026.11.2', { changes: ['CHG-2026-0042'] }),
    };
    assert.deepEqual(check(files), []);
  });

  it('leaves unknown records and malformed lists to the other rules', () => {
    assertQuiet(
      check({
        ...BASE,
        [CHANGE]: change('CHG-2026-0042', { release: 'REL-9' }),
        [RELEASE]: release('REL-2026.11.2', { changes: ['CHG-2026-0099'] }),
      }),
      'release-mismatch',
    );
    assertQuiet(
      check({
        ...BASE,
        [CHANGE]: change('CHG-2026-0042', { release: 'REL-2026.11.2' }),
        [RELEASE]: release('REL-2026.11.2', { changes: 'CHG-2026-0042' }),
      }),
      'release-mismatch',
    );
    assertQuiet(
      check({
        ...BASE,
        [CHANGE]: change('CHG-2026-0042', { release: 7 }),
        [RELEASE]: release('REL-2026.11.2', { changes: ['CHG-2026-0042'] }),
      }),
      'release-mismatch',
    );
  });
});
