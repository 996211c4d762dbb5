import * as assert from 'node:assert/strict';
import { formatGraph, toDot, toMermaid } from '../../src/core/graph/graphFormats';
import { GraphInputError } from '../../src/core/graph/graphTypes';
import { nodeDetails, serviceGraph, type GraphOptions, type ServiceGraph } from '../../src/core/graph/serviceGraph';
import { WorkspaceIndex } from '../../src/core/index/workspaceIndex';
import { parseFile } from '../../src/core/parse/parseFile';
import { change, liveService, record, service, team } from './builders';
import { workspace } from './helpers';

// storefront -> checkout -> hub -> db -> disk;  reports -> hub;  admin -> checkout and hub;
// hub also names 'ghost' (undefined); change CHG-2026-0001 is on checkout.
const FILES: Record<string, string> = {
  'teams.yaml': team('team-a'),
  'services/hub.yaml': liveService('hub', { dependsOn: ['db', 'ghost'] }).replace(
    '  name: hub\n',
    '  name: hub\n  title: The Hub\n',
  ),
  'services/db.yaml': service('db', { tier: 2, dependsOn: ['disk'] }),
  'services/disk.yaml': service('disk', { owner: 'team-b', tier: 4 }),
  'services/checkout.yaml': service('checkout', { dependsOn: ['hub'] }),
  'services/storefront.yaml': service('storefront', { dependsOn: ['checkout'] }),
  'services/reports.yaml': service('reports', { dependsOn: ['hub', 'hub'] }),
  'services/admin.yaml': service('admin', { dependsOn: ['checkout', 'hub'] }),
  'changes/CHG-2026-0001.yaml': change('CHG-2026-0001', { services: ['checkout', 'nowhere'] }),
};

const index = workspace(FILES);
const graph = (options: GraphOptions = {}) => serviceGraph(index, options);
const names = (g: ServiceGraph) => g.nodes.map((n) => n.name);
const edges = (g: ServiceGraph) => g.edges.map((e) => `${e.from.slice(8)}>${e.to.slice(8)}`);

describe('serviceGraph', () => {
  it('gives the whole catalogue without a focus: every service, every dependsOn between them, none to undefined names', () => {
    const g = graph();
    assert.deepEqual(names(g), ['admin', 'checkout', 'db', 'disk', 'hub', 'reports', 'storefront']);
    assert.deepEqual(edges(g), [
      'admin>checkout',
      'admin>hub',
      'checkout>hub',
      'db>disk',
      'hub>db',
      'reports>hub',
      'storefront>checkout',
    ]);
  });

  it('writes nodes and edges in the shape of the contract', () => {
    const g = graph({ focus: 'hub', depth: 1, direction: 'dependencies' });
    assert.deepEqual(g, {
      nodes: [
        { id: 'service:db', kind: 'service', name: 'db', owner: 'team-a' },
        { id: 'service:hub', kind: 'service', name: 'hub', title: 'The Hub', owner: 'team-a' },
      ],
      edges: [{ from: 'service:hub', to: 'service:db', relation: 'dependsOn' }],
    });
  });

  it('follows dependsOn for dependencies, up to the depth', () => {
    assert.deepEqual(names(graph({ focus: 'hub', direction: 'dependencies', depth: 0 })), ['hub']);
    assert.deepEqual(names(graph({ focus: 'hub', direction: 'dependencies', depth: 1 })), ['db', 'hub']);
    assert.deepEqual(names(graph({ focus: 'hub', direction: 'dependencies' })), ['db', 'disk', 'hub']);
  });

  it('follows dependsOn backwards for dependents, up to the depth (default 2)', () => {
    assert.deepEqual(names(graph({ focus: 'hub', direction: 'dependents', depth: 1 })), [
      'admin',
      'checkout',
      'hub',
      'reports',
    ]);
    assert.deepEqual(names(graph({ focus: 'hub', direction: 'dependents' })), [
      'admin',
      'checkout',
      'hub',
      'reports',
      'storefront',
    ]);
  });

  it('takes both walks by default, and shows every relation between the nodes shown', () => {
    const g = graph({ focus: 'checkout', depth: 1 });
    assert.deepEqual(names(g), ['admin', 'checkout', 'hub', 'storefront']);
    // admin -> hub is no step of either walk, but both ends are shown: it is drawn.
    assert.deepEqual(edges(g), ['admin>checkout', 'admin>hub', 'checkout>hub', 'storefront>checkout']);
  });

  it('accepts the entity reference of a service as the focus', () => {
    assert.deepEqual(graph({ focus: 'service:db', depth: 1 }), graph({ focus: 'db', depth: 1 }));
  });

  it('highlights a change: its services changed, what depends on them transitively the blast radius', () => {
    const g = graph({ change: 'CHG-2026-0001' });
    const highlights = Object.fromEntries(g.nodes.map((n) => [n.name, n.highlight]));
    assert.deepEqual(highlights, {
      admin: 'blast-radius',
      checkout: 'changed',
      db: undefined,
      disk: undefined,
      hub: undefined,
      reports: undefined,
      storefront: 'blast-radius',
    });
    // With a focus, the highlights are on the nodes shown.
    const focused = graph({ focus: 'hub', depth: 1, change: 'CHG-2026-0001' });
    assert.deepEqual(
      focused.nodes.filter((n) => n.highlight).map((n) => `${n.name}:${n.highlight}`),
      ['admin:blast-radius', 'checkout:changed'],
    );
  });

  it('refuses an unknown focus or change, naming it, and a bad depth or direction', () => {
    assert.throws(
      () => graph({ focus: 'hubb' }),
      (e: unknown) => e instanceof GraphInputError && e.argument === 'focus' && /'hubb'/.test(e.message),
    );
    assert.throws(() => graph({ change: 'CHG-2026-0999' }), /no change named 'CHG-2026-0999'/);
    assert.throws(() => graph({ depth: -1 }), /depth/);
    assert.throws(() => graph({ depth: 1.5 }), /depth/);
    assert.throws(() => graph({ direction: 'up' as never }), /direction must be one of/);
  });

  it('uses the first definition of a duplicated service name', () => {
    const dup = workspace({
      'a.yaml': service('one', { dependsOn: ['two'] }),
      'b.yaml': service('one', { dependsOn: [] }),
      'c.yaml': service('two'),
    });
    assert.deepEqual(edges(serviceGraph(dup)), ['one>two']);
  });

  it('ignores records that are not services, and services whose spec cannot be read', () => {
    const odd = workspace({
      'a.yaml': record('Service', 'bare', undefined),
      'b.yaml': 'apiVersion: svcm/v1\nkind: Service\nmetadata:\n  name: broken\nspec: [',
      'c.yaml': team('svc'),
    });
    assert.deepEqual(names(serviceGraph(odd)), ['bare', 'broken']);
    assert.deepEqual(serviceGraph(odd).edges, []);
  });

  it('gives each node its tier, phase and the place of its name for the map', () => {
    const g = graph({ focus: 'hub', depth: 0 });
    const details = nodeDetails(index, g);
    const hub = details['service:hub'];
    assert.equal(hub.tier, 1);
    assert.equal(hub.phase, 'live');
    assert.equal(hub.file, 'services/hub.yaml');
    assert.equal(FILES['services/hub.yaml'].slice(hub.start, hub.end), 'hub');
  });

  it('handles a long chain and a cycle without recursion trouble', () => {
    // A bulk load (untracked), as the CLI and the editor's first scan do.
    const chain = new WorkspaceIndex();
    for (let i = 0; i < 3000; i++)
      chain.upsert(parseFile(`s${i}.yaml`, service(`s${i}`, { dependsOn: [`s${(i + 1) % 3000}`] })), false);
    assert.equal(serviceGraph(chain, { focus: 's0', depth: 5000 }).nodes.length, 3000);
    assert.equal(serviceGraph(chain, { focus: 's0', depth: 3, direction: 'dependencies' }).edges.length, 3);
  });
});

describe('graph formats', () => {
  const g = graph({ change: 'CHG-2026-0001', focus: 'checkout', depth: 1 });

  it('writes Mermaid with safe ids, quoted labels and highlight classes', () => {
    assert.equal(
      toMermaid(g),
      [
        'flowchart LR',
        '  n0("admin")',
        '  n1("checkout")',
        '  n2("hub<br/>The Hub")',
        '  n3("storefront")',
        '  n0 --> n1',
        '  n0 --> n2',
        '  n1 --> n2',
        '  n3 --> n1',
        '  classDef changed fill:#fdd,stroke:#c00,stroke-width:2px,color:#000',
        '  class n1 changed',
        '  classDef blast fill:#ffe8c2,stroke:#d97800,stroke-width:2px,color:#000',
        '  class n0,n3 blast',
        '',
      ].join('\n'),
    );
  });

  it('escapes what Mermaid and dot would read as syntax in titles', () => {
    const odd: ServiceGraph = {
      nodes: [{ id: 'service:a', kind: 'service', name: 'a', title: 'Say "hi" <b> & #1 \\ ok' }],
      edges: [],
    };
    assert.match(toMermaid(odd), /n0\("a<br\/>Say #34;hi#34; #60;b#62; #38; #35;1 \\ ok"\)/);
    assert.match(toDot(odd), /"service:a" \[label="a\\nSay \\"hi\\" <b> & #1 \\\\ ok"/);
  });

  it('writes dot with the entity references as ids, and JSON equal to the graph', () => {
    const dot = toDot(g);
    assert.match(dot, /^digraph services \{/);
    assert.match(dot, /"service:storefront" -> "service:checkout";/);
    assert.match(dot, /"service:checkout" \[label="checkout", fillcolor="#ffdddd"/);
    assert.deepEqual(JSON.parse(formatGraph(g, 'json')), g);
  });
});
