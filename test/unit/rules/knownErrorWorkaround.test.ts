import * as assert from 'node:assert/strict';
import { BASE, knowledge } from '../builders';
import { assertQuiet, check, only } from '../helpers';
import { detailed } from './support';

const FILE = 'knowledge/KB-0012-ledger-restart.md';

// Knowledge front matter starts on line 1 with `---`: spec on line 6, type on 7.
describe('known-error-workaround rule', () => {
  it('warns about a known error with no workaround, on the spec key, with an addField fix', () => {
    const files = { ...BASE, [FILE]: knowledge('KB-0012', { type: 'known-error' }) };
    const seen = check(files);
    assert.deepEqual(only(seen, 'known-error-workaround'), [{ file: FILE, at: '6:1', text: 'spec' }]);
    assert.equal(seen[0].severity, 'warning');
    assertQuiet(seen, 'schema');
    const [f] = detailed(files, 'known-error-workaround');
    assert.match(f.message, /^known error KB-0012 has no workaround: /);
    assert.deepEqual(f.data, { fix: 'addField', field: 'workaround', parentPath: ['spec'], placeholder: '""' });
  });

  it('reports a blank workaround on its value', () => {
    assert.deepEqual(
      only(
        check({ ...BASE, [FILE]: knowledge('KB-0012', { type: 'known-error', workaround: ' ' }) }),
        'known-error-workaround',
      ),
      [{ file: FILE, at: '9:15', text: '" "' }],
    );
  });

  it('is quiet on known errors with a workaround and on other knowledge types', () => {
    assert.deepEqual(
      check({ ...BASE, [FILE]: knowledge('KB-0012', { type: 'known-error', workaround: 'Restart the ledger' }) }),
      [],
    );
    for (const type of ['runbook', 'how-to', 'post-incident-review', 'faq'])
      assert.deepEqual(check({ ...BASE, [FILE]: knowledge('KB-0012', { type }) }), [], type);
  });
});
