import * as assert from 'node:assert/strict';
import { parseConfig } from '../../../src/core/config';
import { externalEntitiesFromJson } from '../../../src/core/backstage/external';
import { parseEntityRef, stringifyEntityRef } from '../../../src/core/backstage/ref';
import { resolveTarget } from '../../../src/core/backstage/rules';
import { parseFile } from '../../../src/core/parse/parseFile';
import { check, lines, only } from '../helpers';

const group = (name: string, extra: string[] = []) =>
  lines(
    'apiVersion: backstage.io/v1alpha1',
    'kind: Group',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  type: team',
    '  children: []',
    ...extra,
  );

const component = (name: string, spec: string[], metadata: string[] = []) =>
  lines(
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${name}`,
    ...metadata,
    'spec:',
    '  type: service',
    '  lifecycle: production',
    ...spec,
  );

describe('Backstage entities (docs/backstage.md)', () => {
  describe('recognition', () => {
    it('reads the eight built-in kinds under backstage.io/v1alpha1 and v1beta1, mixed with svcm records', () => {
      const parsed = parseFile(
        'catalog-info.yaml',
        [
          component('a', ['  owner: team-a']),
          'apiVersion: backstage.io/v1beta1\nkind: API\nmetadata: {name: b}\nspec: {type: openapi, lifecycle: x, owner: y, definition: z}\n',
          'apiVersion: svcm/v1\nkind: Team\nmetadata: {name: t}\n',
          'apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata: {name: t}\n',
          'apiVersion: backstage.io/v1alpha1\nkind: Template\nmetadata: {name: t}\n',
          'apiVersion: backstage.io/v2\nkind: Component\nmetadata: {name: t}\n',
        ].join('---\n'),
      );
      assert.deepEqual(
        parsed.records.map((r) => r.kind),
        ['Component', 'API', 'Team'],
      );
    });

    it('leaves entities in Markdown front matter alone', () => {
      const parsed = parseFile(
        'README.md',
        '---\napiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: g}\n---\n',
      );
      assert.deepEqual(parsed.records, []);
    });

    it('a lone catalog-info.yaml whose owner and system are defined elsewhere reports nothing', () => {
      assert.deepEqual(
        check({
          'catalog-info.yaml': component('payments-api', [
            '  owner: team-payments',
            '  system: payments',
            '  dependsOn: [resource:default/ledger-db]',
            '  providesApis: [payments]',
          ]),
        }),
        [],
      );
    });
  });

  describe('entity references', () => {
    it('parse and stringify as Backstage does', () => {
      assert.deepEqual(parseEntityRef('component:default/x'), { kind: 'component', namespace: 'default', name: 'x' });
      assert.deepEqual(parseEntityRef('x'), { kind: undefined, namespace: undefined, name: 'x' });
      assert.deepEqual(parseEntityRef('ns/x:y'), { kind: undefined, namespace: 'ns', name: 'x:y' });
      assert.equal(parseEntityRef('component:'), undefined);
      assert.equal(stringifyEntityRef({ kind: 'Component', name: 'PetStore' }), 'component:default/petstore');
    });

    it('resolve with the field default kind and the entity namespace, case-insensitively', () => {
      const seen = check({
        'org.yaml':
          group('Payments') +
          '---\n' +
          group('ops', ['  parent: payments']).replace('name: ops', 'name: ops\n  namespace: infra'),
        'a.yaml': component('a', ['  owner: PAYMENTS']),
        'b.yaml': component('b', ['  owner: group:default/payments']),
        'c.yaml': component('c', ['  owner: ops'], ['  namespace: infra']),
      });
      // ops (namespace infra) names `parent: payments`, read as group:infra/payments: not defined.
      assert.deepEqual(only(seen, 'unknown-reference'), [{ file: 'org.yaml', at: '17:11', text: 'payments' }]);
    });
  });

  describe('rules', () => {
    it('unknown-reference only for a closed kind, with did you mean', () => {
      const seen = check({
        'org.yaml': group('payments'),
        'a.yaml': component('a', ['  owner: paymnts', '  system: nowhere']),
      });
      assert.deepEqual(
        seen.filter((s) => s.code === 'unknown-reference').map((s) => [s.at, s.text, s.message]),
        [['8:10', 'paymnts', "unknown Group 'paymnts' (read as group:default/paymnts): did you mean 'payments'?"]],
      );
    });

    it('reference-kind-required on a dependsOn entry with no kind, offering the kinds that exist', () => {
      const index = {
        'a.yaml': component('a', ['  owner: g', '  dependsOn: [b, c]']),
        'b.yaml': component('b', ['  owner: g']),
      };
      const seen = check(index);
      assert.deepEqual(only(seen, 'reference-kind-required'), [
        { file: 'a.yaml', at: '9:15', text: 'b' },
        { file: 'a.yaml', at: '9:18', text: 'c' },
      ]);
    });

    it('reference-kind on a kind the field does not take', () => {
      const seen = check({ 'a.yaml': component('a', ['  owner: system:payments', '  system: group:x']) });
      assert.deepEqual(
        seen.filter((s) => s.code === 'reference-kind').map((s) => [s.at, s.text, s.severity]),
        [
          ['8:10', 'system:payments', 'warning'],
          ['9:11', 'group:x', 'warning'],
        ],
      );
    });

    it('duplicate-name compares kind, namespace and name without case', () => {
      const seen = check({ 'a.yaml': group('Payments'), 'b.yaml': group('payments') });
      assert.deepEqual(only(seen, 'duplicate-name'), [
        { file: 'a.yaml', at: '4:9', text: 'Payments' },
        { file: 'b.yaml', at: '4:9', text: 'payments' },
      ]);
    });

    it('dependency-cycle over dependsOn and dependencyOf, and over Group ancestry', () => {
      const seen = check({
        // a depends on b, and is a dependency of b: b depends on a.
        'a.yaml': component('a', ['  owner: g', '  dependsOn: [component:b]', '  dependencyOf: [component:b]']),
        'b.yaml': component('b', ['  owner: g']),
        'c.yaml': component('c', ['  owner: g', '  dependsOn: [component:c]']),
        'g.yaml': group('g1', ['  parent: g2']) + '---\n' + group('g2', ['  parent: g1']),
      });
      assert.deepEqual(
        only(seen, 'dependency-cycle').map((s) => `${s.file} ${s.text}`),
        ['a.yaml component:b', 'b.yaml b', 'c.yaml component:c', 'g.yaml g2', 'g.yaml g1'],
      );
    });

    it('schema: each fault at its own node, with a message a person can act on', () => {
      const seen = check({
        'a.yaml': component(
          'bad name',
          ['  owner: g', '  providesApis: x'],
          ['  namespace: Prod', '  tags: [Java, ok]', '  links:', '    - url: nope', '  relations: []'],
        ).replace('  lifecycle: production\n', ''),
      });
      assert.deepEqual(only(seen, 'schema'), [
        { file: 'a.yaml', at: '4:9', text: 'bad name' },
        { file: 'a.yaml', at: '5:14', text: 'Prod' },
        { file: 'a.yaml', at: '6:10', text: 'Java' },
        { file: 'a.yaml', at: '8:12', text: 'nope' },
        { file: 'a.yaml', at: '10:1', text: 'spec' },
        { file: 'a.yaml', at: '13:17', text: 'x' },
      ]);
    });

    it('location-target: missing targets and globs, optional presence, escaping targets, URLs', () => {
      const location = (targets: string[], extra: string[] = []) =>
        lines(
          'apiVersion: backstage.io/v1alpha1',
          'kind: Location',
          'metadata:',
          '  name: loc',
          'spec:',
          `  targets: [${targets.join(', ')}]`,
          ...extra,
        );
      const seen = check({
        'cat/all.yaml': location([
          './teams/*.yaml',
          './none/*.yaml',
          '../../etc/passwd',
          'https://x.test/c.yaml',
          'teams/a.yaml',
          './gone.yaml',
          // Without the file system (the core alone), a glob over files svcm does not index cannot be judged.
          './apis/*.json',
        ]),
        'cat/teams/a.yaml': group('a'),
        'cat/opt.yaml': location(['./gone.yaml'], ['  presence: optional']).replace('name: loc', 'name: opt'),
      });
      assert.deepEqual(only(seen, 'location-target'), [
        { file: 'cat/all.yaml', at: '6:29', text: './none/*.yaml' },
        { file: 'cat/all.yaml', at: '6:44', text: '../../etc/passwd' },
        { file: 'cat/all.yaml', at: '6:99', text: './gone.yaml' },
      ]);
      assert.equal(resolveTarget('a/b', '../c/./d.yaml'), 'a/c/d.yaml');
      assert.equal(resolveTarget('a', '../../x'), undefined);
      assert.equal(resolveTarget('', '/etc/passwd'), undefined);
    });
  });

  describe('backstage.entities', () => {
    it('is read from svcm.config.yaml with the place of each entry', () => {
      const { config, findings } = parseConfig('backstage:\n  entities: [../platform, vendor/export.json, 3]\n');
      assert.deepEqual(
        config.backstageEntities?.map((e) => e.path),
        ['../platform', 'vendor/export.json'],
      );
      assert.equal(findings.length, 1);
      assert.match(findings[0].message, /must be a path/);
    });

    it('the JSON of GET /api/catalog/entities gives known entities; truncated or not an array gives a clear problem', () => {
      const ok = externalEntitiesFromJson(
        'export.json',
        JSON.stringify([
          { apiVersion: 'backstage.io/v1alpha1', kind: 'Group', metadata: { name: 'payments' }, spec: {} },
          42,
        ]),
      );
      assert.equal(ok.parsed?.records.length, 1);
      assert.equal(ok.parsed?.external, true);
      assert.match(externalEntitiesFromJson('e.json', '[{"kind": "Gr').problem!, /not valid JSON.*cut short/);
      assert.match(
        externalEntitiesFromJson('e.json', '{"kind": "Group"}').problem!,
        /must hold a JSON array.*not an object/,
      );
    });
  });
});
