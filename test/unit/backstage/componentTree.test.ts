import * as assert from 'node:assert/strict';
import {
  componentChildren,
  componentCount,
  componentRoots,
  type ComponentGroupBy,
  type ComponentTreeNode,
} from '../../../src/core/assist/catalogueTree';
import { change, knowledge, service } from '../builders';
import { lines, workspace } from '../helpers';

const component = (name: string, ...spec: string[]) =>
  lines(
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    `metadata: { name: ${name} }`,
    'spec:',
    '  type: service',
    ...spec,
  );

// payments (shop, provides payments-api) <- checkout (shop, consumes it) <- web (no system, dependsOn checkout).
const FILES: Record<string, string> = {
  'org.yaml': lines(
    'apiVersion: backstage.io/v1alpha1',
    'kind: Group',
    'metadata: { name: payments, title: Payments team }',
    'spec: { type: team, children: [] }',
    '---',
    'apiVersion: backstage.io/v1alpha1',
    'kind: System',
    'metadata: { name: shop, title: The shop }',
    'spec: { owner: payments }',
  ),
  'payments/catalog-info.yaml':
    component(
      'payments',
      '  lifecycle: production',
      '  owner: payments',
      '  system: shop',
      '  providesApis: [payments-api]',
    ) +
    '---\n' +
    lines(
      'apiVersion: backstage.io/v1alpha1',
      'kind: API',
      'metadata: { name: payments-api }',
      'spec: { type: openapi, lifecycle: production, owner: payments, definition: x }',
    ),
  'checkout/catalog-info.yaml': component(
    'checkout',
    '  lifecycle: experimental',
    '  owner: group:default/payments',
    '  system: system:shop',
    '  consumesApis: [payments-api]',
  ),
  'web/catalog-info.yaml': component(
    'web',
    '  lifecycle: production',
    '  owner: user:jane',
    '  dependsOn: [component:checkout, resource:db]',
  ),
  'services/ledger.yaml': service('ledger', { dependsOn: ['component:payments'] }),
  'changes/CHG-2026-0001.yaml': change('CHG-2026-0001', { services: ['component:payments'] }),
  'changes/CHG-2026-0002.yaml': change('CHG-2026-0002', { services: ['payments'], status: 'closed' }),
  'knowledge/KB-0001.md': knowledge('KB-0001', { type: 'known-error', services: ['component:default/payments'] }),
};

const index = workspace(FILES);
const line = (n: ComponentTreeNode) => (n.description ? `${n.label} (${n.description})` : n.label);

function at(groupBy: ComponentGroupBy, ...path: string[]): ComponentTreeNode {
  let nodes: ComponentTreeNode[] = componentRoots(index, groupBy);
  let node: ComponentTreeNode | undefined;
  for (const label of path) {
    node = nodes.find((n) => n.label === label);
    assert.ok(node, `no node '${label}' among ${nodes.map((n) => n.label).join(', ')}`);
    nodes = componentChildren(index, node);
  }
  return node!;
}
const childrenAt = (groupBy: ComponentGroupBy, ...path: string[]) =>
  componentChildren(index, at(groupBy, ...path)).map(line);

describe('the Components part of the Services view (core/assist/catalogueTree)', () => {
  it('groups Components by System, every written form of the reference alike; the ungrouped last', () => {
    assert.equal(componentCount(index), 3);
    assert.deepEqual(componentRoots(index, 'system').map(line), [
      'The shop (shop · 2 components)',
      'No system (1 component)',
    ]);
    assert.deepEqual(childrenAt('system', 'The shop'), [
      'checkout (service · experimental)',
      'payments (service · production)',
    ]);
  });

  it('groups by owner (a Group not defined here says so) and by lifecycle', () => {
    assert.deepEqual(componentRoots(index, 'owner').map(line), [
      'Payments team (payments · 2 components)',
      'user:jane (not in this workspace · 1 component)',
    ]);
    assert.deepEqual(componentRoots(index, 'lifecycle').map(line), [
      'experimental (1 component)',
      'production (2 components)',
    ]);
  });

  it('under a Component: its dependencies, dependents (API consumers and svcm Services), APIs, changes and knowledge', () => {
    assert.deepEqual(childrenAt('system', 'The shop', 'payments'), [
      'Dependents (3)',
      'Provides APIs (1)',
      'Changes (1 open · 2)',
      'Knowledge (1 · 1 known error)',
    ]);
    assert.deepEqual(childrenAt('system', 'The shop', 'payments', 'Dependents'), [
      'checkout (service · experimental)',
      'web (service · production)',
      'ledger (svcm service)',
    ]);
    assert.deepEqual(childrenAt('system', 'The shop', 'payments', 'Provides APIs'), [
      'payments-api (API · openapi · production)',
    ]);
    assert.deepEqual(
      childrenAt('system', 'The shop', 'payments', 'Changes').map((l) => l.split(' ')[0]),
      ['CHG-2026-0002', 'CHG-2026-0001'],
    );
    assert.deepEqual(childrenAt('system', 'No system', 'web', 'Depends on'), [
      'checkout (service · experimental)',
      'resource:default/db (unknown Resource)',
    ]);
  });

  it('nodes are plain data: JSON round trip keeps them, ids are unique, places point at the name', () => {
    const all: ComponentTreeNode[] = [];
    const walk = (nodes: ComponentTreeNode[]) => {
      for (const n of nodes) {
        all.push(n);
        walk(componentChildren(index, n));
      }
    };
    for (const by of ['system', 'owner', 'lifecycle'] as const) walk(componentRoots(index, by));
    assert.deepEqual(JSON.parse(JSON.stringify(all)), all);
    assert.equal(new Set(all.map((n) => n.id)).size, all.length);
    const payments = all.find((n) => n.type === 'entity' && n.ref === 'component:default/payments');
    assert.ok(payments && payments.type === 'entity' && payments.place);
    assert.equal(payments.place.file, 'payments/catalog-info.yaml');
    assert.equal(
      FILES['payments/catalog-info.yaml'].slice(payments.place.span.start, payments.place.span.end),
      'payments',
    );
  });
});
