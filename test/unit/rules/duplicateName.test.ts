import * as assert from 'node:assert/strict';
import { BASE, change, service, team } from '../builders';
import { assertQuiet, check, lines, only } from '../helpers';
import { detailed } from './support';

describe('duplicate-name rule', () => {
  it('reports both services that share a name, each on its metadata.name, pointing at the other', () => {
    const files = { ...BASE, 'services/pay-copy.yaml': service('pay') };
    assert.deepEqual(
      detailed(files, 'duplicate-name').map(({ file, at, text, related }) => ({ file, at, text, related })),
      [
        {
          file: 'services/pay-copy.yaml',
          at: '4:9',
          text: 'pay',
          related: [{ file: 'services/pay.yaml', at: '4:9', text: 'pay' }],
        },
        {
          file: 'services/pay.yaml',
          at: '4:9',
          text: 'pay',
          related: [{ file: 'services/pay-copy.yaml', at: '4:9', text: 'pay' }],
        },
      ],
    );
    assert.match(
      check(files).find((s) => s.code === 'duplicate-name')!.message,
      /service name 'pay' is also used in services\/pay\.yaml: .*rename one/,
    );
  });

  it('reports duplicates inside one file', () => {
    const files = { ...BASE, 'changes.yaml': `${change('CHG-2026-0001')}---\n${change('CHG-2026-0001')}` };
    const seen = check(files);
    assert.deepEqual(only(seen, 'duplicate-name'), [
      { file: 'changes.yaml', at: '4:9', text: 'CHG-2026-0001' },
      { file: 'changes.yaml', at: '19:9', text: 'CHG-2026-0001' },
    ]);
    assert.match(seen.find((s) => s.code === 'duplicate-name')!.message, /also used in this file/);
  });

  it('reports every place when three records share a name', () => {
    const files = { ...BASE, 'a.yaml': team('team-a'), 'b.yaml': team('team-a') };
    assert.deepEqual(
      only(check(files), 'duplicate-name').map((s) => s.file),
      ['a.yaml', 'b.yaml', 'teams.yaml'],
    );
    assert.equal(detailed(files, 'duplicate-name')[0].related.length, 2);
  });

  it('counts a record with a syntax error as defined, and reports only its syntax error there', () => {
    const broken = lines(
      'apiVersion: svcm/v1',
      'kind: Service',
      'metadata:',
      '  name: pay',
      'spec:',
      '  owner: team-a',
      '  owner: team-b',
    );
    const seen = check({ ...BASE, 'broken.yaml': broken });
    assert.deepEqual(only(seen, 'duplicate-name'), [{ file: 'services/pay.yaml', at: '4:9', text: 'pay' }]);
    assert.deepEqual(
      seen.filter((s) => s.file === 'broken.yaml').map((s) => s.code),
      ['yaml-syntax'],
    );
  });

  it('is quiet when records of different kinds share a name', () => {
    assertQuiet(check({ ...BASE, 'services/team-a.yaml': service('team-a') }), 'duplicate-name');
  });

  it('is quiet on a workspace of unique names', () => {
    assert.deepEqual(check({ ...BASE, 'services/ledger.yaml': service('ledger') }), []);
  });
});
