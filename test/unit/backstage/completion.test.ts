import * as assert from 'node:assert/strict';
import { completionsAt } from '../../../src/core/assist/completion';
import { caret } from '../assist/caret';
import { service, team } from '../builders';
import { lines, workspace } from '../helpers';

const entity = (kind: string, name: string, spec: string, namespace?: string) =>
  lines(
    'apiVersion: backstage.io/v1alpha1',
    `kind: ${kind}`,
    'metadata:',
    `  name: ${name}`,
    ...(namespace ? [`  namespace: ${namespace}`] : []),
    `spec: ${spec}`,
  );

const FILES: Record<string, string> = {
  'org.yaml': [
    entity('Group', 'payments', '{type: team, children: []}'),
    entity('Group', 'platform', '{type: team, children: []}'),
    entity('User', 'jane', '{memberOf: [payments]}'),
    entity('System', 'shop', '{owner: payments}'),
  ].join('---\n'),
  'petstore/catalog-info.yaml': entity(
    'Component',
    'petstore',
    '{type: service, lifecycle: production, owner: payments}',
  ).replace('  name: petstore\n', '  name: petstore\n  title: Pet Store\n'),
  'web/catalog-info.yaml': entity('Component', 'web', '{type: website, lifecycle: deprecated, owner: payments}'),
  'ops/catalog-info.yaml': [
    entity('Component', 'billing', '{type: service, lifecycle: production, owner: default/payments}', 'ops'),
    entity('Group', 'sre', '{type: team, children: []}', 'ops'),
  ].join('---\n'),
  'apis.yaml': entity('API', 'payments-api', '{type: openapi, lifecycle: production, owner: payments, definition: x}'),
  'db.yaml': entity('Resource', 'db', '{type: database, owner: payments}'),
  // An svcm Service named like a Component: the bridge must write `component:` for that one.
  'services/web.yaml': service('web'),
  'teams.yaml': team('team-a'),
};

const index = workspace(FILES);

const HEAD = (kind: string, namespace?: string) =>
  lines(
    'apiVersion: backstage.io/v1alpha1',
    `kind: ${kind}`,
    'metadata:',
    '  name: new-one',
    ...(namespace ? [`  namespace: ${namespace}`] : []),
    'spec:',
  );

function complete(marked: string) {
  const { text, offset } = caret(marked);
  return completionsAt(index, text, offset);
}

/** Labels in the order an editor shows them (sortText, then label). */
const shown = (marked: string) =>
  complete(marked)
    .sort((a, b) => (a.sortText ?? a.label).localeCompare(b.sortText ?? b.label))
    .map((c) => c.label);

describe('completion in Backstage entities (core/assist/completion)', () => {
  it("owner offers the Groups bare (the field's default kind) and Users with their kind", () => {
    assert.deepEqual(shown(`${HEAD('Component')}  owner: |`), ['payments', 'platform', 'ops/sre', 'user:jane']);
    const payments = complete(`${HEAD('Component')}  owner: |`).find((c) => c.label === 'payments')!;
    assert.equal(payments.kind, 'reference');
    assert.match(payments.documentation!, /Group `payments`/);
  });

  it("references are written from the referring entity's namespace", () => {
    assert.deepEqual(shown(`${HEAD('Component', 'ops')}  owner: |`), [
      'sre',
      'default/payments',
      'default/platform',
      'user:default/jane',
    ]);
  });

  it('system offers Systems; providesApis offers APIs, also in a flow list', () => {
    assert.deepEqual(shown(`${HEAD('Component')}  system: |`), ['shop']);
    assert.deepEqual(shown(`${HEAD('Component')}  providesApis: [|`), ['payments-api']);
    assert.deepEqual(shown(`${HEAD('API')}  owner: pay|`), ['payments', 'platform', 'ops/sre', 'user:jane']);
  });

  it('dependsOn offers Components and Resources with their kind written (it has no default kind)', () => {
    assert.deepEqual(shown(`${HEAD('Component')}  dependsOn:\n    - |`), [
      'component:petstore',
      'component:web',
      'component:ops/billing',
      'resource:db',
    ]);
    const web = complete(`${HEAD('Resource')}  dependencyOf: [|`).find((c) => c.label === 'component:web')!;
    assert.equal(web.detail, 'Component · deprecated');
  });

  it('Group members offers Users; User memberOf offers Groups', () => {
    assert.deepEqual(shown(`${HEAD('Group')}  members: [|`), ['jane']);
    assert.deepEqual(shown(`${HEAD('User')}  memberOf:\n    - |`), ['payments', 'platform', 'ops/sre']);
  });

  it('the kinds, the fields of each kind (required first), metadata fields and well-known values', () => {
    assert.deepEqual(
      complete('apiVersion: backstage.io/v1alpha1\nkind: |').map((c) => c.label),
      ['Component', 'API', 'Resource', 'System', 'Domain', 'Group', 'User', 'Location'],
    );
    assert.deepEqual(shown(`${HEAD('Component')}  |`).slice(0, 3), ['type', 'lifecycle', 'owner']);
    assert.deepEqual(shown(`${HEAD('Location')}  |`), ['type', 'target', 'targets', 'presence']);
    assert.ok(shown(lines(...HEAD('Component').split('\n').slice(0, 4), '  |')).includes('namespace'));
    assert.deepEqual(shown(`${HEAD('Component')}  lifecycle: |`), ['deprecated', 'experimental', 'production']);
    // svcm's own kinds and fields are not offered in an entity.
    assert.ok(!shown(`${HEAD('Component')}  |`).includes('phase'));
  });

  it('svcm records: Change services offer Components, Service owners offer Groups (the bridge)', () => {
    const change = lines('apiVersion: svcm/v1', 'kind: Change', 'metadata:', '  name: CHG-2026-0001', 'spec:');
    const services = complete(`${change}  services: [|`);
    // petstore is bare (no svcm Service takes the name); web is an svcm Service, so the Component needs its kind.
    assert.deepEqual(
      services.map((c) => [c.label, c.detail]),
      [
        ['web', undefined],
        ['petstore', 'Pet Store · Component'],
        ['component:default/web', 'Component · deprecated'],
        ['component:ops/billing', 'Component'],
      ],
    );
    const svc = lines('apiVersion: svcm/v1', 'kind: Service', 'metadata:', '  name: ledger', 'spec:');
    assert.deepEqual(
      complete(`${svc}  owner: |`).map((c) => c.label),
      ['team-a', 'payments', 'platform', 'group:ops/sre'],
    );
  });
});
