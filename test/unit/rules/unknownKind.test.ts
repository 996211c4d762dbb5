import * as assert from 'node:assert/strict';
import { check, lines, only } from '../helpers';

describe('unknown-kind rule', () => {
  it('reports an unknown svcm version on the apiVersion value', () => {
    const seen = check({ 'a.yaml': lines('apiVersion: svcm/v2', 'kind: Team', 'metadata:', '  name: team-a') });
    assert.deepEqual(
      seen.map((s) => ({ code: s.code, at: s.at, text: s.text })),
      [{ code: 'unknown-kind', at: '1:13', text: 'svcm/v2' }],
    );
    assert.match(seen[0].message, /^unknown apiVersion 'svcm\/v2': this version of svcm reads 'svcm\/v1'/);
  });

  it('reports an unknown kind on the kind value, with did you mean', () => {
    const seen = check({ 'a.yaml': lines('apiVersion: svcm/v1', 'kind: Servise', 'metadata:', '  name: pay') });
    assert.deepEqual(only(seen, 'unknown-kind'), [{ file: 'a.yaml', at: '2:7', text: 'Servise' }]);
    assert.match(seen[0].message, /did you mean 'Service'\?/);
    assert.equal(seen.length, 1, 'a record of unknown kind is not checked further');
  });

  it('reports a missing kind on the apiVersion value', () => {
    assert.deepEqual(
      only(check({ 'a.yaml': lines('apiVersion: svcm/v1', 'metadata:', '  name: pay') }), 'unknown-kind'),
      [{ file: 'a.yaml', at: '1:13', text: 'svcm/v1' }],
    );
  });

  it('ignores documents that are not svcm records', () => {
    assert.deepEqual(
      check({ 'deploy.yaml': lines('apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: pay') }),
      [],
    );
  });

  it('is quiet on every known kind', () => {
    for (const kind of ['Team', 'Service', 'StandardChange', 'Change', 'Release', 'Knowledge']) {
      assert.deepEqual(
        only(
          check({ 'a.yaml': lines('apiVersion: svcm/v1', `kind: ${kind}`, 'metadata:', '  name: x') }),
          'unknown-kind',
        ),
        [],
        kind,
      );
    }
  });
});
