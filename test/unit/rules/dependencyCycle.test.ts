import * as assert from 'node:assert/strict';
import { BASE, service } from '../builders';
import { assertQuiet, check, only } from '../helpers';
import { detailed } from './support';

// Service lines: 6 owner, 7 phase, 8 tier, 9 dependsOn.
describe('dependency-cycle rule', () => {
  it('reports each service of a two-service cycle on the entry that leads on, naming the cycle', () => {
    const files = {
      ...BASE,
      'a.yaml': service('a', { dependsOn: ['pay', 'b'] }),
      'b.yaml': service('b', { dependsOn: ['a'] }),
    };
    const seen = check(files);
    assert.deepEqual(only(seen, 'dependency-cycle'), [
      { file: 'a.yaml', at: '9:20', text: 'b' },
      { file: 'b.yaml', at: '9:15', text: 'a' },
    ]);
    assert.match(seen.find((s) => s.file === 'a.yaml')!.message, /^dependency cycle: a → b → a: /);
    assert.match(seen.find((s) => s.file === 'b.yaml')!.message, /^dependency cycle: b → a → b: /);
    assert.equal(seen.find((s) => s.file === 'a.yaml')!.severity, 'warning');
  });

  it('names a longer cycle in order and relates the other links', () => {
    const files = {
      ...BASE,
      'a.yaml': service('a', { dependsOn: ['b'] }),
      'b.yaml': service('b', { dependsOn: ['c'] }),
      'c.yaml': service('c', { dependsOn: ['pay', 'a'] }),
    };
    const [a] = detailed(files, 'dependency-cycle');
    assert.equal(a.file, 'a.yaml');
    assert.match(a.message, /^dependency cycle: a → b → c → a: /);
    assert.deepEqual(a.related, [
      { file: 'b.yaml', at: '9:15', text: 'c' },
      { file: 'c.yaml', at: '9:20', text: 'a' },
    ]);
    assert.deepEqual(
      only(check(files), 'dependency-cycle').map((s) => `${s.file} ${s.text}`),
      ['a.yaml b', 'b.yaml c', 'c.yaml a'],
    );
  });

  it('reports a service that depends on itself', () => {
    const seen = check({ ...BASE, 'a.yaml': service('a', { dependsOn: ['a'] }) });
    assert.deepEqual(only(seen, 'dependency-cycle'), [{ file: 'a.yaml', at: '9:15', text: 'a' }]);
    assert.match(seen.find((s) => s.code === 'dependency-cycle')!.message, /dependency cycle: a → a/);
  });

  it('does not report services that only lead into a cycle', () => {
    const files = {
      ...BASE,
      'a.yaml': service('a', { dependsOn: ['b'] }),
      'b.yaml': service('b', { dependsOn: ['c'] }),
      'c.yaml': service('c', { dependsOn: ['b'] }),
    };
    assert.deepEqual(
      only(check(files), 'dependency-cycle').map((s) => s.file),
      ['b.yaml', 'c.yaml'],
    );
  });

  it('is quiet on a diamond of dependencies', () => {
    const files = {
      ...BASE,
      'a.yaml': service('a', { dependsOn: ['b', 'c'] }),
      'b.yaml': service('b', { dependsOn: ['pay'] }),
      'c.yaml': service('c', { dependsOn: ['pay'] }),
    };
    assert.deepEqual(check(files), []);
  });

  it('is quiet when a dependency is unknown or not a list', () => {
    assertQuiet(
      check({ ...BASE, 'a.yaml': service('a', { dependsOn: ['nope'] }), 'b.yaml': service('b', { dependsOn: 'a' }) }),
      'dependency-cycle',
    );
  });
});
