import * as assert from 'node:assert/strict';
import { parseFile } from '../../../src/core/parse/parseFile';
import { unknownKindRule } from '../../../src/core/rules/unknownKind';
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

describe('unknown-kind rule on the fast path', () => {
  /** The rule's findings on a fast-path record whose `yaml` tree may not be built, and on the precise parse of the same text. */
  function both(text: string): { fast: unknown; precise: unknown } {
    const fast = parseFile('a.yaml', text);
    assert.equal(fast.precise, false, 'the fast path reads this text');
    const record = fast.records[0];
    Object.defineProperty(record, 'doc', {
      get() {
        throw new Error('the yaml tree was built');
      },
    });
    const precise = parseFile('a.yaml', text, undefined, { precise: true }).records[0];
    const ctx = {} as Parameters<typeof unknownKindRule.check>[1];
    return { fast: unknownKindRule.check(record, ctx), precise: unknownKindRule.check(precise, ctx) };
  }

  for (const [name, text] of [
    ['an unknown version', lines('apiVersion: svcm/v2', 'kind: Team', 'metadata:', '  name: team-a')],
    ['an unknown version, quoted, after a comment, CRLF', '# team\r\napiVersion: "svcm/v9" # new\r\nkind: Team\r\n'],
    ['a missing kind', lines('metadata:', '  name: pay', 'apiVersion:   svcm/v1')],
    ['a kind that is not a string', lines('apiVersion: svcm/v1', 'kind: [Service]', 'metadata: {name: pay}')],
    ['an unknown kind', lines('apiVersion: svcm/v1', "kind: 'Servise'", 'metadata:', '  name: pay')],
  ]) {
    it(`places ${name} as the precise parse does, without a second parse`, () => {
      const { fast, precise } = both(text);
      assert.deepEqual(fast, precise);
      assert.equal((fast as unknown[]).length, 1);
    });
  }
});
