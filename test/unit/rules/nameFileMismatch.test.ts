import * as assert from 'node:assert/strict';
import { BASE, change, knowledge, release, service } from '../builders';
import { assertQuiet, check, only } from '../helpers';
import { detailed } from './support';

describe('name-file-mismatch rule', () => {
  it('warns on metadata.name when a change file is not named after its change, with a rename fix', () => {
    const files = { ...BASE, 'changes/new-change.yaml': change('CHG-2026-0042') };
    const seen = check(files);
    assert.deepEqual(only(seen, 'name-file-mismatch'), [
      { file: 'changes/new-change.yaml', at: '4:9', text: 'CHG-2026-0042' },
    ]);
    assert.equal(seen[0].severity, 'warning');
    const [f] = detailed(files, 'name-file-mismatch');
    assert.match(
      f.message,
      /^the file 'new-change\.yaml' holds change CHG-2026-0042: rename it to CHG-2026-0042\.yaml/,
    );
    assert.deepEqual(f.data, { fix: 'renameFile', name: 'CHG-2026-0042' });
  });

  it('needs a dash after the name when the file name goes on', () => {
    assert.deepEqual(
      only(check({ ...BASE, 'CHG-2026-00421.yaml': change('CHG-2026-0042') }), 'name-file-mismatch').length,
      1,
    );
    assert.deepEqual(
      only(check({ ...BASE, 'chg-2026-0042.yaml': change('CHG-2026-0042') }), 'name-file-mismatch').length,
      1,
    );
    assertQuiet(check({ ...BASE, 'CHG-2026-0042-rotate-keys.yaml': change('CHG-2026-0042') }), 'name-file-mismatch');
  });

  it('checks releases and knowledge records too', () => {
    assert.deepEqual(only(check({ ...BASE, 'releases/next.yaml': release('REL-2026.11.2') }), 'name-file-mismatch'), [
      { file: 'releases/next.yaml', at: '4:9', text: 'REL-2026.11.2' },
    ]);
    assert.deepEqual(
      only(check({ ...BASE, 'knowledge/ledger-restart.md': knowledge('KB-0012') }), 'name-file-mismatch'),
      [{ file: 'knowledge/ledger-restart.md', at: '5:9', text: 'KB-0012' }],
    );
  });

  it('is quiet on files named after their record (the extension and folder do not count)', () => {
    assert.deepEqual(
      check({
        ...BASE,
        'changes/CHG-2026-0042.yml': change('CHG-2026-0042'),
        'REL-2026.11.2.yaml': release('REL-2026.11.2'),
        'kb/KB-0012-ledger-restart.md': knowledge('KB-0012'),
      }),
      [],
    );
  });

  it('is quiet on files holding several records, on other kinds, and on malformed names', () => {
    assertQuiet(
      check({ ...BASE, 'changes.yaml': `${change('CHG-2026-0042')}---\n${change('CHG-2026-0043')}` }),
      'name-file-mismatch',
    );
    assertQuiet(check({ ...BASE, 'services/all.yaml': service('ledger') }), 'name-file-mismatch');
    const seen = check({ ...BASE, 'changes/x.yaml': change('CHG-42') });
    assertQuiet(seen, 'name-file-mismatch');
    assert.deepEqual(only(seen, 'schema'), [{ file: 'changes/x.yaml', at: '4:9', text: 'CHG-42' }]);
  });
});
