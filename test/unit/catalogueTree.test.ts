import * as assert from 'node:assert/strict';
import {
  catalogueChildren,
  catalogueRoots,
  openItemsForFile,
  openItemsForService,
  recordPlace,
  refreshService,
  serviceCount,
  type CatalogueNode,
  type GroupBy,
  type SectionNode,
  type ServiceNode,
} from '../../src/core/assist/catalogueTree';
import type { WorkspaceIndex } from '../../src/core/index/workspaceIndex';
import { change, knowledge, liveService, record, release, service, standardChange, team } from './builders';
import { parseFile } from '../../src/core/parse/parseFile';
import { workspace } from './helpers';

/** A node as a line: `label (description)`. */
const line = (node: CatalogueNode) => (node.description ? `${node.label} (${node.description})` : node.label);
const lines = (nodes: CatalogueNode[]) => nodes.map(line);

function rootLabels(index: WorkspaceIndex, groupBy: GroupBy): string[] {
  return lines(catalogueRoots(index, groupBy));
}

/** The node reached by following labels from the roots. */
function at(index: WorkspaceIndex, groupBy: GroupBy, ...path: string[]): CatalogueNode {
  let nodes: CatalogueNode[] = catalogueRoots(index, groupBy);
  let node: CatalogueNode | undefined;
  for (const label of path) {
    node = nodes.find((n) => n.label === label);
    assert.ok(node, `no node '${label}' among ${nodes.map((n) => n.label).join(', ')}`);
    nodes = catalogueChildren(index, node);
  }
  return node!;
}

const childrenAt = (index: WorkspaceIndex, groupBy: GroupBy, ...path: string[]) =>
  lines(catalogueChildren(index, at(index, groupBy, ...path)));

// A small catalogue: pay (live, tier 1) <- checkout (beta) <- storefront (alpha); ledger has no phase.
const FILES: Record<string, string> = {
  'teams.yaml':
    team('team-a', { email: 'a@example.com' }).replace('  name: team-a\n', '  name: team-a\n  title: Team A\n') +
    '---\n' +
    team('team-b'),
  'services/pay.yaml': liveService('pay', { dependsOn: ['ledger', 'ghost'] }),
  'services/checkout.yaml': service('checkout', { owner: 'team-b', dependsOn: ['pay'] }),
  'services/storefront.yaml': service('storefront', {
    owner: 'team-b',
    phase: 'alpha',
    tier: 2,
    dependsOn: ['checkout'],
  }),
  'services/ledger.yaml': service('ledger', { phase: 'gamma', owner: 'nobody' }),
  'services/spare.yaml': service('spare', { phase: 'retired', owner: undefined }),
  'changes/CHG-2026-0001.yaml': change('CHG-2026-0001', { status: 'closed' }),
  'changes/CHG-2026-0002.yaml': change('CHG-2026-0002', { status: 'approved' }),
  'changes/CHG-2026-0003.yaml': change('CHG-2026-0003', { status: 'draft', services: ['pay', 'checkout', 'pay'] }),
  'changes/CHG-2026-0004.yaml': change('CHG-2026-0004', { status: 'approved', summary: 'Move the\n  ledger' }),
  'changes/CHG-2026-0005.yaml': change('CHG-2026-0005', { status: 'rejected' }),
  'changes/CHG-2026-0006.yaml': change('CHG-2026-0006', { status: 'on-hold' }),
  'releases/REL-1.yaml': release('REL-1', { status: 'deployed', version: '1.0' }),
  'releases/REL-2.yaml': release('REL-2', { version: 2 }),
  'knowledge/KB-0001.md': knowledge('KB-0001'),
  'knowledge/KB-0002.md': knowledge('KB-0002', { type: 'known-error', workaround: 'Retry' }).replace(
    '  name: KB-0002\n',
    '  name: KB-0002\n  title: Webhooks arrive twice\n',
  ),
  'knowledge/KB-0003.md': knowledge('KB-0003', { type: 'known-error', services: ['checkout'] }),
  'templates/rotate-tls.yaml': record('StandardChange', 'rotate-tls', {
    services: ['spare'],
    maxRisk: 'low',
    approvedBy: 'CAB',
    approvedOn: '2026-01-01',
    steps: ['x'],
    backoutPlan: 'y',
  }),
};

describe('catalogue tree', () => {
  const index = workspace(FILES);

  it('groups services by phase in lifecycle order, then the services without a valid phase', () => {
    assert.deepEqual(rootLabels(index, 'phase'), [
      'Alpha (1 service)',
      'Beta (1 service)',
      'Live (1 service)',
      'Retired (1 service)',
      'No phase (1 service)',
    ]);
    assert.deepEqual(childrenAt(index, 'phase', 'No phase'), ['ledger (tier 3 · gamma)']);
    assert.deepEqual(childrenAt(index, 'phase', 'Live'), ['pay (tier 1 · live)']);
  });

  it('groups services by owner under the team title, unknown teams and the unowned last', () => {
    assert.deepEqual(rootLabels(index, 'owner'), [
      'nobody (unknown team · 1 service)',
      'Team A (team-a · 1 service)',
      'team-b (2 services)',
      'No owner (1 service)',
    ]);
    assert.deepEqual(childrenAt(index, 'owner', 'team-b'), ['checkout (tier 3 · beta)', 'storefront (tier 2 · alpha)']);
    const teamA = catalogueRoots(index, 'owner').find((g) => g.key === 'team-a')!;
    assert.equal(teamA.record?.file, 'teams.yaml');
  });

  it('describes a service with its name, title, tier, phase, type and owner', () => {
    const pay = at(index, 'phase', 'Live', 'pay') as ServiceNode;
    assert.deepEqual(
      {
        name: pay.name,
        tier: pay.tier,
        phase: pay.phase,
        serviceType: pay.serviceType,
        owner: pay.owner,
        role: pay.role,
        expandable: pay.expandable,
        file: pay.record?.file,
      },
      {
        name: 'pay',
        tier: 1,
        phase: 'live',
        serviceType: undefined,
        owner: 'team-a',
        role: 'catalogue',
        expandable: true,
        file: 'services/pay.yaml',
      },
    );
    const withTitle = workspace({
      's.yaml': service('s', { type: 'technical' }).replace('  name: s\n', '  name: s\n  title: The S\n'),
    });
    const s = at(withTitle, 'phase', 'Beta', 's') as ServiceNode;
    assert.equal(s.title, 'The S');
    assert.equal(s.serviceType, 'technical');
  });

  it('lists only the sections that have something, with counts', () => {
    assert.deepEqual(childrenAt(index, 'phase', 'Live', 'pay'), [
      'Depends on (2)',
      'Dependents (2)',
      'Changes (4 open · 6)',
      'Releases (2)',
      'Knowledge (2 · 1 known error)',
    ]);
    assert.deepEqual(childrenAt(index, 'phase', 'Alpha', 'storefront'), ['Depends on (1)']);
    const spare = at(index, 'phase', 'Retired', 'spare') as ServiceNode;
    assert.equal(spare.expandable, false, 'a template naming the service is not listed under it');
    assert.deepEqual(catalogueChildren(index, spare), []);
  });

  it('lists dependencies in the order written, flagging unknown ones, as leaves', () => {
    const deps = catalogueChildren(index, at(index, 'phase', 'Live', 'pay', 'Depends on')) as ServiceNode[];
    assert.deepEqual(lines(deps), ['ledger (tier 3 · gamma)', 'ghost (unknown service)']);
    assert.deepEqual(
      deps.map((d) => [d.role, d.record?.file, d.expandable]),
      [
        ['dependency', 'services/ledger.yaml', false],
        ['dependency', undefined, false],
      ],
    );
    assert.deepEqual(catalogueChildren(index, deps[0]), []);
  });

  it('lists dependents transitively, marking the indirect ones', () => {
    assert.deepEqual(childrenAt(index, 'phase', 'Live', 'pay', 'Dependents'), [
      'checkout (tier 3 · beta)',
      'storefront (tier 2 · alpha · indirect)',
    ]);
  });

  it('groups changes by status, open ones first in the order of docs/records.md, an invalid status after them, newest first', () => {
    assert.deepEqual(childrenAt(index, 'phase', 'Live', 'pay', 'Changes'), [
      'draft (1)',
      'approved (2)',
      'no status (1)',
      'closed (1)',
      'rejected (1)',
    ]);
    const approved = catalogueChildren(index, at(index, 'phase', 'Live', 'pay', 'Changes', 'approved'));
    assert.deepEqual(lines(approved), ['CHG-2026-0004 (Move the ledger)', 'CHG-2026-0002 (Rotate the ledger keys)']);
    assert.deepEqual(
      catalogueChildren(index, at(index, 'phase', 'Live', 'pay', 'Changes')).map((s) => s.type === 'status' && s.open),
      [true, true, true, false, false],
    );
  });

  it('lists a change naming the service twice once', () => {
    assert.deepEqual(childrenAt(index, 'phase', 'Live', 'pay', 'Changes', 'draft'), [
      'CHG-2026-0003 (Rotate the ledger keys)',
    ]);
    assert.deepEqual(childrenAt(index, 'phase', 'Beta', 'checkout', 'Changes', 'draft'), [
      'CHG-2026-0003 (Rotate the ledger keys)',
    ]);
  });

  it('lists releases newest first and knowledge with known errors first', () => {
    assert.deepEqual(childrenAt(index, 'phase', 'Live', 'pay', 'Releases'), [
      'REL-2 (planned · 2)',
      'REL-1 (deployed · 1.0)',
    ]);
    const kb = catalogueChildren(index, at(index, 'phase', 'Live', 'pay', 'Knowledge'));
    assert.deepEqual(lines(kb), ['KB-0002 (known error · Webhooks arrive twice)', 'KB-0001 (how to)']);
    assert.deepEqual(
      kb.map((n) => n.type === 'record' && [n.kind, n.knowledgeType, n.knownError]),
      [
        ['Knowledge', 'known-error', true],
        ['Knowledge', 'how-to', false],
      ],
    );
  });

  it('gives every node an id unique in the tree, also for duplicate names', () => {
    const dup = workspace({ ...FILES, 'changes/copy.yaml': change('CHG-2026-0002', { status: 'approved' }) });
    const ids: string[] = [];
    const walk = (nodes: CatalogueNode[]) => {
      for (const n of nodes) {
        ids.push(n.id);
        walk(catalogueChildren(dup, n));
      }
    };
    for (const groupBy of ['phase', 'owner'] as const) walk(catalogueRoots(dup, groupBy));
    assert.equal(new Set(ids).size, ids.length);
    assert.deepEqual(childrenAt(dup, 'phase', 'Live', 'pay', 'Changes').slice(0, 2), ['draft (1)', 'approved (3)']);
  });

  it('computes children from the index at call time, so a kept node never goes stale', () => {
    const live = workspace(FILES);
    const changes = at(live, 'phase', 'Live', 'pay', 'Changes') as SectionNode;
    live.upsert(
      workspace({ 'changes/CHG-2026-0002.yaml': change('CHG-2026-0002', { status: 'closed' }) }).file(
        'changes/CHG-2026-0002.yaml',
      )!,
    );
    assert.deepEqual(lines(catalogueChildren(live, changes)), [
      'draft (1)',
      'approved (1)',
      'no status (1)',
      'closed (2)',
      'rejected (1)',
    ]);
  });

  it('places a record at its name', () => {
    const pay = at(index, 'phase', 'Live', 'pay') as ServiceNode;
    const place = recordPlace(pay.record!);
    assert.equal(place.file, 'services/pay.yaml');
    assert.equal(FILES['services/pay.yaml'].slice(place.span.start, place.span.end), 'pay');
  });

  it('keeps the top level while only other records change, and counts again when a service or team does', () => {
    const edited = workspace(FILES);
    const before = catalogueRoots(edited, 'phase');
    // A change edited (what typing in the editor does most): the same groups, not counted again.
    edited.upsert(parseFile('changes/CHG-2026-0002.yaml', change('CHG-2026-0002', { status: 'closed' })));
    const after = catalogueRoots(edited, 'phase');
    assert.notEqual(after, before, 'a new array each call');
    assert.deepEqual(
      after.map((g, i) => g === before[i]),
      before.map(() => true),
    );
    // A service moved to another phase, a new one, one removed: counted again.
    edited.upsert(parseFile('services/ledger.yaml', service('ledger', { phase: 'live', owner: 'nobody' })));
    assert.deepEqual(rootLabels(edited, 'phase'), [
      'Alpha (1 service)',
      'Beta (1 service)',
      'Live (2 services)',
      'Retired (1 service)',
    ]);
    edited.upsert(parseFile('services/extra.yaml', service('extra', { phase: 'alpha' })));
    edited.remove('services/spare.yaml');
    assert.deepEqual(rootLabels(edited, 'phase'), ['Alpha (2 services)', 'Beta (1 service)', 'Live (2 services)']);
    // A team's title is its group's label.
    assert.equal(rootLabels(edited, 'owner')[0], 'nobody (unknown team · 1 service)');
    edited.upsert(
      parseFile(
        'teams.yaml',
        `${FILES['teams.yaml']}---\n${team('nobody').replace('  name: nobody\n', '  name: nobody\n  title: Nobody\n')}`,
      ),
    );
    assert.equal(rootLabels(edited, 'owner')[0], 'Nobody (nobody · 1 service)');
  });

  it('is empty for an index without services', () => {
    const none = workspace({ 'teams.yaml': team('team-a') });
    assert.deepEqual(catalogueRoots(none, 'phase'), []);
    assert.deepEqual(catalogueRoots(none, 'owner'), []);
    assert.equal(serviceCount(none), 0);
    assert.equal(serviceCount(index), 5);
  });
});

describe('openItemsForService', () => {
  const index = workspace(FILES);
  const names = (records: { name?: string }[]) => records.map((r) => r.name);

  it('returns the open changes (an invalid status counts as open) and the known errors, by name', () => {
    const items = openItemsForService(index, 'pay');
    assert.deepEqual(names(items.changes), ['CHG-2026-0002', 'CHG-2026-0003', 'CHG-2026-0004', 'CHG-2026-0006']);
    assert.deepEqual(names(items.knownErrors), ['KB-0002']);
    assert.deepEqual(names(openItemsForService(index, 'checkout').changes), ['CHG-2026-0003']);
    assert.deepEqual(names(openItemsForService(index, 'checkout').knownErrors), ['KB-0003']);
  });

  it('is empty for a service with nothing open and for an unknown name', () => {
    assert.deepEqual(openItemsForService(index, 'storefront'), { changes: [], knownErrors: [] });
    assert.deepEqual(openItemsForService(index, 'nope'), { changes: [], knownErrors: [] });
  });

  it('counts a change only under the services it names', () => {
    const files = { ...FILES, 'changes/CHG-2026-0009.yaml': standardChange('CHG-2026-0009', { services: ['spare'] }) };
    assert.deepEqual(names(openItemsForService(workspace(files), 'spare').changes), ['CHG-2026-0009']);
    assert.deepEqual(names(openItemsForService(workspace(files), 'pay').changes), [
      'CHG-2026-0002',
      'CHG-2026-0003',
      'CHG-2026-0004',
      'CHG-2026-0006',
    ]);
  });
});

describe('refreshService', () => {
  it('recomputes a kept service node: same id and role, fresh counts', () => {
    const files = { ...FILES, 'services/new.yaml': service('fresh') };
    const index = workspace(files);
    const fresh = at(index, 'phase', 'Beta', 'fresh') as ServiceNode;
    assert.equal(fresh.expandable, false);
    index.upsert(
      workspace({ 'changes/CHG-2026-0100.yaml': change('CHG-2026-0100', { services: ['fresh'] }) }).file(
        'changes/CHG-2026-0100.yaml',
      )!,
    );
    const again = refreshService(index, fresh);
    assert.deepEqual([again.id, again.role, again.expandable], [fresh.id, 'catalogue', true]);
    assert.deepEqual(lines(catalogueChildren(index, again)), ['Changes (1 open · 1)']);
  });
});

describe('openItemsForFile', () => {
  const files = {
    ...FILES,
    'services/pay.yaml': liveService('pay', { code: ['src/pay/**', 'src/shared/**'] }),
    'services/checkout.yaml': service('checkout', { owner: 'team-b', code: ['src/checkout/**', 'src/shared/**'] }),
  };
  const index = workspace(files);
  const names = (records: { name?: string }[]) => records.map((r) => r.name);

  it('is undefined for a file no service owns', () => {
    assert.equal(openItemsForFile(index, 'README.md'), undefined);
  });

  it('gives the owning service with its open changes and known errors', () => {
    const items = openItemsForFile(index, 'src/checkout/cart.ts')!;
    assert.deepEqual(
      [names(items.services), names(items.changes), names(items.knownErrors)],
      [['checkout'], ['CHG-2026-0003'], ['KB-0003']],
    );
  });

  it('merges several owners, listing a change that names both once', () => {
    const items = openItemsForFile(index, 'src/shared/money.ts')!;
    assert.deepEqual(names(items.services), ['checkout', 'pay']);
    assert.deepEqual(names(items.changes), ['CHG-2026-0002', 'CHG-2026-0003', 'CHG-2026-0004', 'CHG-2026-0006']);
    assert.deepEqual(names(items.knownErrors), ['KB-0002', 'KB-0003']);
  });
});
