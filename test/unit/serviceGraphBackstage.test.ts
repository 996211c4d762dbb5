// The service map's graph with Backstage Components, Resources and APIs beside svcm Services
// (docs/service-map.md), and `svcm graph` on the examples, whose catalog holds both.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { nodeDetails, serviceGraph, type GraphOptions, type ServiceGraph } from '../../src/core/graph/serviceGraph';
import { change, service, team } from './builders';
import { assertClean, requireBuiltCli, svcm } from './cliSupport';
import { lines, workspace } from './helpers';

const entity = (kind: string, name: string, spec: string[]) =>
  lines('apiVersion: backstage.io/v1alpha1', `kind: ${kind}`, `metadata: { name: ${name} }`, 'spec:', ...spec);
const component = (name: string, spec: string[] = []) =>
  entity('Component', name, ['  type: service', '  lifecycle: production', '  owner: pets', ...spec]);

// svcm: front -> shop -> petstore (the bridge, a bare name); audit -> component:ledger (written as a reference).
// Backstage: petstore provides pets-api, depends on resource pets-db, and ledger is a dependencyOf it;
// adopt consumes pets-api; vet depends on adopt. CHG-2026-0002 names the Component petstore.
const FILES: Record<string, string> = {
  'teams.yaml': team('team-a'),
  'services/shop.yaml': service('shop', { dependsOn: ['petstore'] }),
  'services/front.yaml': service('front', { dependsOn: ['shop'] }),
  'services/audit.yaml': service('audit', { dependsOn: ['component:ledger'] }),
  'catalog/petstore.yaml': entity('Component', 'petstore', [
    '  type: service',
    '  lifecycle: experimental',
    '  owner: group:default/pets',
    '  system: zoo',
    '  providesApis: [pets-api]',
    '  dependsOn: [resource:pets-db]',
  ]).replace('metadata: { name: petstore }', 'metadata: { name: petstore, title: Pet Store }'),
  'catalog/adopt.yaml': component('adopt', ['  consumesApis: [api:default/pets-api]']),
  'catalog/ledger.yaml': component('ledger', ['  dependencyOf: [component:petstore]']),
  'catalog/vet.yaml': component('vet', ['  dependsOn: [component:adopt]']),
  'catalog/pets-db.yaml': entity('Resource', 'pets-db', ['  type: database', '  owner: pets', '  system: zoo']),
  'catalog/pets-api.yaml': entity('API', 'pets-api', [
    '  type: openapi',
    '  lifecycle: production',
    '  owner: pets',
    '  system: zoo',
    '  definition: "openapi: 3.0.0"',
  ]),
  'changes/CHG-2026-0002.yaml': change('CHG-2026-0002', { services: ['petstore'] }),
};

const index = workspace(FILES);
const graph = (options: GraphOptions = {}) => serviceGraph(index, options);
const ids = (g: ServiceGraph) => g.nodes.map((n) => n.id);
const edges = (g: ServiceGraph) => g.edges.map((e) => `${e.from} ${e.relation} ${e.to}`);
const PETSTORE = 'component:default/petstore';

describe('serviceGraph with Backstage entities', () => {
  it('shows every Component, Resource and API beside the svcm Services, with every relation as an edge', () => {
    const g = graph();
    assert.deepEqual(ids(g), [
      'api:default/pets-api',
      'component:default/adopt',
      'component:default/ledger',
      PETSTORE,
      'component:default/vet',
      'resource:default/pets-db',
      'service:audit',
      'service:front',
      'service:shop',
    ]);
    assert.deepEqual(edges(g), [
      'component:default/adopt consumesApi api:default/pets-api',
      `${PETSTORE} providesApi api:default/pets-api`,
      // the reverse of ledger's dependencyOf
      `${PETSTORE} dependsOn component:default/ledger`,
      `${PETSTORE} dependsOn resource:default/pets-db`,
      'component:default/vet dependsOn component:default/adopt',
      'service:audit dependsOn component:default/ledger',
      'service:front dependsOn service:shop',
      // the bridge: a bare name no svcm Service has names the Component
      `service:shop dependsOn ${PETSTORE}`,
    ]);
  });

  it('writes entity nodes in the shape of the contract: lower-case reference and kind, owner as written, system as group', () => {
    const g = graph({ focus: PETSTORE, depth: 0 });
    assert.deepEqual(g, {
      nodes: [
        {
          id: PETSTORE,
          kind: 'component',
          name: 'petstore',
          title: 'Pet Store',
          owner: 'group:default/pets',
          group: 'zoo',
        },
      ],
      edges: [],
    });
    const api = graph({ focus: 'api:pets-api', depth: 0 }).nodes[0];
    assert.deepEqual(api, { id: 'api:default/pets-api', kind: 'api', name: 'pets-api', owner: 'pets', group: 'zoo' });
    assert.equal(graph({ focus: 'pets-db', depth: 0 }).nodes[0].kind, 'resource');
  });

  it('accepts a Component by its reference, short or full, in any case, or by its bare name', () => {
    const full = graph({ focus: PETSTORE, depth: 1 });
    assert.deepEqual(graph({ focus: 'petstore', depth: 1 }), full);
    assert.deepEqual(graph({ focus: 'component:petstore', depth: 1 }), full);
    assert.deepEqual(graph({ focus: 'Component:Default/PetStore', depth: 1 }), full);
    assert.throws(() => graph({ focus: 'component:nowhere' }), /'component:nowhere'/);
  });

  it('prefers the svcm Service for a bare name that both have', () => {
    const both = workspace({ ...FILES, 'services/petstore.yaml': service('petstore') });
    assert.equal(serviceGraph(both, { focus: 'petstore', depth: 0 }).nodes[0].id, 'service:petstore');
    assert.equal(serviceGraph(both, { focus: PETSTORE, depth: 0 }).nodes[0].id, PETSTORE);
  });

  it('follows dependsOn (and the reverse of dependencyOf) and consumed APIs for dependencies', () => {
    assert.deepEqual(ids(graph({ focus: 'petstore', direction: 'dependencies', depth: 0 })), [PETSTORE]);
    assert.deepEqual(ids(graph({ focus: 'petstore', direction: 'dependencies', depth: 1 })), [
      'component:default/ledger',
      PETSTORE,
      'resource:default/pets-db',
    ]);
    // vet -> adopt -> pets-api (consumed) -> petstore (its provider)
    assert.deepEqual(ids(graph({ focus: 'vet', direction: 'dependencies', depth: 2 })), [
      'api:default/pets-api',
      'component:default/adopt',
      'component:default/vet',
    ]);
    assert.deepEqual(ids(graph({ focus: 'vet', direction: 'dependencies', depth: 3 })), [
      'api:default/pets-api',
      'component:default/adopt',
      PETSTORE,
      'component:default/vet',
    ]);
    // an svcm Service's dependencies cross the bridge
    assert.deepEqual(ids(graph({ focus: 'front', direction: 'dependencies', depth: 2 })), [
      PETSTORE,
      'service:front',
      'service:shop',
    ]);
  });

  it('follows what depends on a node, or consumes an API it provides, for dependents', () => {
    const one = graph({ focus: 'petstore', direction: 'dependents', depth: 1 });
    assert.deepEqual(ids(one), ['api:default/pets-api', 'component:default/adopt', PETSTORE, 'service:shop']);
    assert.deepEqual(edges(one), [
      'component:default/adopt consumesApi api:default/pets-api',
      `${PETSTORE} providesApi api:default/pets-api`,
      `service:shop dependsOn ${PETSTORE}`,
    ]);
    assert.deepEqual(ids(graph({ focus: 'petstore', direction: 'dependents', depth: 2 })), [
      'api:default/pets-api',
      'component:default/adopt',
      PETSTORE,
      'component:default/vet',
      'service:front',
      'service:shop',
    ]);
    // a dependencyOf makes its target a dependent; an svcm Service naming it by reference is one too
    assert.deepEqual(ids(graph({ focus: 'ledger', direction: 'dependents', depth: 1 })), [
      'component:default/ledger',
      PETSTORE,
      'service:audit',
    ]);
    assert.deepEqual(ids(graph({ focus: 'api:pets-api', direction: 'dependents', depth: 1 })), [
      'api:default/pets-api',
      'component:default/adopt',
    ]);
  });

  it('takes both walks by default, and draws every relation between the nodes shown', () => {
    const g = graph({ focus: 'petstore', depth: 1 });
    assert.deepEqual(ids(g), [
      'api:default/pets-api',
      'component:default/adopt',
      'component:default/ledger',
      PETSTORE,
      'resource:default/pets-db',
      'service:shop',
    ]);
    assert.deepEqual(edges(g), [
      'component:default/adopt consumesApi api:default/pets-api',
      `${PETSTORE} providesApi api:default/pets-api`,
      `${PETSTORE} dependsOn component:default/ledger`,
      `${PETSTORE} dependsOn resource:default/pets-db`,
      `service:shop dependsOn ${PETSTORE}`,
    ]);
  });

  it('highlights a change naming a Component: it changed, its blast radius across APIs, entities and svcm Services', () => {
    const g = graph({ change: 'CHG-2026-0002' });
    const highlights = Object.fromEntries(g.nodes.map((n) => [n.id, n.highlight]));
    assert.deepEqual(highlights, {
      'api:default/pets-api': undefined,
      'component:default/adopt': 'blast-radius',
      'component:default/ledger': undefined,
      [PETSTORE]: 'changed',
      'component:default/vet': 'blast-radius',
      'resource:default/pets-db': undefined,
      'service:audit': undefined,
      'service:front': 'blast-radius',
      'service:shop': 'blast-radius',
    });
    const focused = graph({ focus: 'petstore', direction: 'dependencies', depth: 1, change: 'CHG-2026-0002' });
    assert.deepEqual(
      focused.nodes.filter((n) => n.highlight).map((n) => `${n.id}:${n.highlight}`),
      [`${PETSTORE}:changed`],
    );
  });

  it('gives each entity node its lifecycle and the place of its name for the map', () => {
    const details = nodeDetails(index, graph({ focus: 'petstore', depth: 1 }));
    const petstore = details[PETSTORE];
    assert.equal(petstore.lifecycle, 'experimental');
    assert.equal(petstore.file, 'catalog/petstore.yaml');
    assert.equal(FILES['catalog/petstore.yaml'].slice(petstore.start, petstore.end), 'petstore');
    assert.equal(details['api:default/pets-api'].lifecycle, 'production');
    assert.equal(details['service:shop'].lifecycle, undefined);
  });

  it('uses the first definition of a duplicated entity', () => {
    const dup = workspace({
      'a.yaml': component('one', ['  dependsOn: [component:two]']),
      'b.yaml': component('one', ['  dependsOn: [component:three]']),
      'c.yaml': component('two'),
      'd.yaml': component('three'),
    });
    assert.deepEqual(edges(serviceGraph(dup)), ['component:default/one dependsOn component:default/two']);
  });
});

describe('svcm graph on the examples (built CLI)', function () {
  this.timeout(60000);
  before(requireBuiltCli);

  it('--format json includes the Backstage entities of examples/catalog with their relations', () => {
    const run = svcm(['graph', '--format', 'json'], path.resolve(__dirname, '../../examples'));
    assertClean(run, 0);
    const g = JSON.parse(run.stdout) as ServiceGraph;
    const kinds = new Set(g.nodes.map((n) => n.kind));
    assert.ok(kinds.has('service'), 'svcm Services are shown');
    assert.ok(kinds.has('component'), 'Components are shown');
    for (const node of g.nodes.filter((n) => n.kind !== 'service'))
      assert.match(node.id, /^(component|resource|api):[^/]+\/[^/]+$/);
    assert.ok(g.edges.length > 0);
    for (const edge of g.edges) {
      assert.ok(g.nodes.some((n) => n.id === edge.from) && g.nodes.some((n) => n.id === edge.to));
    }
  });
});
