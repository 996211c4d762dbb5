import * as assert from 'node:assert/strict';
import type { NodeDetail, ServiceGraph } from '../../src/core/graph/graphTypes';
import { layoutGraph, layoutRows } from '../../src/core/graph/layout';
import { fromWire, toWire } from '../../src/webview/serviceMap/wire';

describe('service map wire format', () => {
  const graph: ServiceGraph = {
    nodes: [
      { id: 'api:default/pets', kind: 'api', name: 'default/pets', group: 'shop' },
      { id: 'component:default/petstore', kind: 'component', name: 'default/petstore', owner: 'team-a' },
      {
        id: 'service:payments-api',
        kind: 'service',
        name: 'payments-api',
        title: 'Payments "API" <v2>',
        owner: 'platform',
        highlight: 'changed',
      },
      { id: 'service:web', kind: 'service', name: 'web', highlight: 'blast-radius' },
    ],
    edges: [
      { from: 'component:default/petstore', to: 'api:default/pets', relation: 'providesApi' },
      { from: 'service:web', to: 'api:default/pets', relation: 'consumesApi' },
      { from: 'service:web', to: 'service:payments-api', relation: 'dependsOn' },
    ],
  };
  const details: Record<string, NodeDetail> = {
    'service:payments-api': { file: 'services/payments-api.yaml', start: 40, end: 52, tier: 1, phase: 'live' },
    'component:default/petstore': { file: 'catalog-info.yaml', start: 3, end: 11, lifecycle: 'production' },
  };

  it('gives back the graph exactly (absent fields stay absent) and the styles without file or offsets', () => {
    const wire = JSON.parse(JSON.stringify(toWire(graph, details)));
    const back = fromWire(wire);
    assert.deepEqual(back.graph, graph);
    assert.deepEqual(back.styles, {
      'api:default/pets': {},
      'component:default/petstore': { lifecycle: 'production' },
      'service:payments-api': { tier: 1, phase: 'live' },
      'service:web': {},
    });
  });

  it('carries the ungrouped layout: the webview gets the one it would make itself', () => {
    const layout = layoutGraph(
      graph.nodes.map((n) => ({ id: n.id, name: n.name })),
      graph.edges,
      { grouped: false },
    );
    const back = fromWire(JSON.parse(JSON.stringify(toWire(graph, details, layoutRows(graph.nodes, layout)))));
    assert.deepEqual(back.layout, layout);
    assert.equal(fromWire(toWire(graph, details)).layout, undefined);
  });

  it('is smaller than the graph and details it carries', () => {
    const nodes = Array.from({ length: 500 }, (_, i) => ({
      id: `service:svc-${i}`,
      kind: 'service',
      name: `svc-${i}`,
      title: `Service ${i}`,
      owner: `team-${i % 7}`,
    }));
    const big: ServiceGraph = {
      nodes,
      edges: nodes.slice(1).map((n, i) => ({ from: n.id, to: nodes[i].id, relation: 'dependsOn' as const })),
    };
    const bigDetails = Object.fromEntries(
      nodes.map((n) => [n.id, { file: `x/${n.name}.yaml`, start: 1, end: 2, tier: 2 }]),
    );
    const wire = JSON.stringify(toWire(big, bigDetails));
    assert.deepEqual(fromWire(JSON.parse(wire)).graph, big);
    const plain = JSON.stringify({ graph: big, details: bigDetails });
    assert.ok(wire.length < plain.length / 2, `${wire.length} bytes against ${plain.length}`);
  });
});
