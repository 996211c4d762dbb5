import * as assert from 'node:assert/strict';
import { check, lines, only } from './helpers';

const TEAM = lines('apiVersion: svcm/v1', 'kind: Team', 'metadata:', '  name: team-a');

describe('schema rule', () => {
  it('places a missing field on the key of the map that should hold it', () => {
    const svc = lines(
      'apiVersion: svcm/v1',
      'kind: Service',
      'metadata:',
      '  name: pay',
      'spec:',
      '  phase: live',
      '  tier: 1',
      '  serviceManager: Ann',
      '  serviceLevel: {availability: 99.9, supportHours: 24x7}',
    );
    assert.deepEqual(only(check({ 't.yaml': TEAM, 's.yaml': svc }), 'schema'), [
      { file: 's.yaml', at: '5:1', text: 'spec' },
    ]);
  });

  it('places an unknown key on the key, with did you mean', () => {
    const seen = check({
      't.yaml': TEAM,
      's.yaml': lines('apiVersion: svcm/v1', 'kind: Team', 'metadata:', '  name: team-b', '  titel: B'),
    });
    assert.deepEqual(only(seen, 'schema'), [{ file: 's.yaml', at: '5:3', text: 'titel' }]);
    assert.match(seen[0].message, /did you mean 'title'/);
  });

  it('places a bad enum value on the value', () => {
    const svc = lines(
      'apiVersion: svcm/v1',
      'kind: Service',
      'metadata: {name: pay}',
      'spec:',
      '  owner: team-a',
      '  phase: prod',
      '  tier: 3',
    );
    assert.deepEqual(only(check({ 't.yaml': TEAM, 's.yaml': svc }), 'schema'), [
      { file: 's.yaml', at: '6:10', text: 'prod' },
    ]);
  });

  it('reports a custom tag once, never resolving it', () => {
    const svc = lines(
      'apiVersion: svcm/v1',
      'kind: Service',
      'metadata: {name: pay}',
      'spec:',
      '  owner: team-a',
      '  phase: beta',
      '  tier: 3',
      '  code: !!js/function "function () {}"',
    );
    assert.deepEqual(only(check({ 't.yaml': TEAM, 's.yaml': svc }), 'schema'), [
      { file: 's.yaml', at: '8:9', text: '!!js/function "function () {}"' },
    ]);
  });

  it('is quiet on a valid record', () => {
    assert.deepEqual(check({ 't.yaml': TEAM }), []);
  });
});
