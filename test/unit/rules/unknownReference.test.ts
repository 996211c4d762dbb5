import * as assert from 'node:assert/strict';
import { BASE, change, knowledge, release, service, standardChange } from '../builders';
import { assertQuiet, check, lines, only } from '../helpers';
import { detailed } from './support';

describe('unknown-reference rule', () => {
  it('reports an unknown owner on its value, with did you mean and a replace fix', () => {
    const files = { ...BASE, 'services/ledger.yaml': service('ledger', { owner: 'team-b' }) };
    assert.deepEqual(only(check(files), 'unknown-reference'), [
      { file: 'services/ledger.yaml', at: '6:10', text: 'team-b' },
    ]);
    const [f] = detailed(files, 'unknown-reference');
    assert.equal(f.message, "unknown team 'team-b': did you mean 'team-a'?");
    assert.deepEqual(f.data, { fix: 'replace', with: 'team-a' });
  });

  it('reports each unknown list entry of a change on the entry', () => {
    const seen = check({
      ...BASE,
      'changes/CHG-2026-0042.yaml': change('CHG-2026-0042', {
        services: ['pay', 'paymnts', 'zzz-unrelated'],
        knowledge: ['KB-0001'],
      }),
    });
    assert.deepEqual(only(seen, 'unknown-reference'), [
      { file: 'changes/CHG-2026-0042.yaml', at: '7:19', text: 'paymnts' },
      { file: 'changes/CHG-2026-0042.yaml', at: '7:28', text: 'zzz-unrelated' },
      { file: 'changes/CHG-2026-0042.yaml', at: '15:15', text: 'KB-0001' },
    ]);
    assert.equal(seen.find((s) => s.text === 'zzz-unrelated')!.message, "unknown service 'zzz-unrelated'");
  });

  it('checks templates, releases, changes and knowledge references across kinds', () => {
    const seen = check({
      ...BASE,
      'changes/CHG-2026-0042.yaml': standardChange('CHG-2026-0042', { template: 'rotate-tls', release: 'REL-1' }),
      'releases/REL-2.yaml': release('REL-2', { changes: ['CHG-2026-0099'] }),
      'knowledge/KB-0001.md': knowledge('KB-0001', { owner: 'team-z', changes: ['CHG-2026-0042'] }),
    });
    assert.deepEqual(
      only(seen, 'unknown-reference').map((s) => `${s.file} ${s.text}`),
      [
        'changes/CHG-2026-0042.yaml rotate-tls',
        'changes/CHG-2026-0042.yaml REL-1',
        'knowledge/KB-0001.md team-z',
        'releases/REL-2.yaml CHG-2026-0099',
      ],
    );
    assert.match(seen.find((s) => s.text === 'REL-1')!.message, /did you mean 'REL-2'\?/);
  });

  it('leaves a malformed name to the schema rule', () => {
    const seen = check({ ...BASE, 'services/ledger.yaml': service('ledger', { owner: 'Team A' }) });
    assertQuiet(seen, 'unknown-reference');
    assert.deepEqual(only(seen, 'schema'), [{ file: 'services/ledger.yaml', at: '6:10', text: 'Team A' }]);
  });

  it('counts a record with syntax errors as defined, so errors do not cascade', () => {
    const broken = lines(
      'apiVersion: svcm/v1',
      'kind: Team',
      'metadata:',
      '  name: team-b',
      'spec:',
      '  email: a',
      '  email: b',
    );
    assertQuiet(
      check({ ...BASE, 'team-b.yaml': broken, 'services/ledger.yaml': service('ledger', { owner: 'team-b' }) }),
      'unknown-reference',
    );
  });

  it('is quiet when every reference resolves', () => {
    assert.deepEqual(
      check({
        ...BASE,
        'services/ledger.yaml': service('ledger', { dependsOn: ['pay'] }),
        'changes/CHG-2026-0042.yaml': change('CHG-2026-0042', { services: ['pay', 'ledger'] }),
      }),
      [],
    );
  });
});
