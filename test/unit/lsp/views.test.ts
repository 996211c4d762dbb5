// svcm's requests for the Services view, the status bar and the service map (docs/language-server.md),
// asked of the BUILT server over stdio with the plain client (lspClient.ts), on a copy of the editor
// suites' workspace. No VS Code, no mocks.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { ServiceGraph } from '../../../src/core/graph/graphTypes';
import { layoutGraph, layoutRows, type LayoutRows } from '../../../src/core/graph/layout';
import type { FileOwnersResult, RecordPlace, TreeNodeData, TreeParams, TreeResult } from '../../../src/server/protocol';
import { CLI, requireBuiltCli, TempDirs, writeTree } from '../cliSupport';
import { LspClient } from './lspClient';

const uriOf = (abs: string) => pathToFileURL(abs).toString();
const WORKSPACE = path.join(__dirname, '..', '..', 'integration', 'workspace');

describe('svcm/tree, svcm/fileOwners, svcm/mapSuggestions and svcm/changeRecords over stdio', function () {
  const temp = new TempDirs();
  let root: string;
  let client: LspClient;
  const folderUri = () => uriOf(root);

  async function tree(params: TreeParams): Promise<TreeResult> {
    return client.request<TreeResult>('svcm/tree', params);
  }

  /** The node reached by following labels from the top, grouped by `groupBy`. */
  async function at(groupBy: string, ...labels: string[]): Promise<TreeNodeData> {
    let node: TreeNodeData | undefined;
    for (const label of labels) {
      const { nodes } = await tree({ folder: folderUri(), groupBy, parent: node?.node });
      node = nodes.find((n) => n.label === label);
      assert.ok(node, `no node '${label}' among ${nodes.map((n) => n.label).join(', ')}`);
    }
    return node!;
  }

  async function labels(groupBy: string, ...path: string[]): Promise<string[]> {
    const parent = path.length > 0 ? (await at(groupBy, ...path)).node : undefined;
    return (await tree({ folder: folderUri(), groupBy, parent })).nodes.map((n) => n.label);
  }

  /** The text a place's offsets cover, which its range must cover too. */
  function textAt(place: RecordPlace, base = root): string {
    const text = fs.readFileSync(path.join(base, ...place.path.split('/')), 'utf8');
    const lines = text.split('\n');
    const { start, end } = place.range;
    assert.equal(start.line, end.line, 'a name is on one line');
    assert.equal(lines[start.line].slice(start.character, end.character), text.slice(place.start, place.end));
    assert.equal(place.uri, uriOf(path.join(base, ...place.path.split('/'))));
    assert.equal(place.folder, uriOf(base));
    return text.slice(place.start, place.end);
  }

  before(async function () {
    requireBuiltCli();
    root = path.join(temp.make('svcm-lsp-views-'), 'ws');
    fs.cpSync(WORKSPACE, root, { recursive: true });
    client = new LspClient(process.execPath, [CLI, 'lsp', '--stdio'], root);
    client.answers.set('workspace/configuration', (params) =>
      (params as { items: unknown[] }).items.map(() => ({ validation: { debounce: 0 } })),
    );
    await client.request('initialize', {
      processId: process.pid,
      rootUri: folderUri(),
      workspaceFolders: [{ uri: folderUri(), name: 'ws' }],
      capabilities: { workspace: { configuration: true, workspaceFolders: true } },
    });
    client.notify('initialized', {});
  });

  after(() => {
    client?.kill();
    temp.cleanup();
  });

  it('svcm/tree: the top level by phase, in lifecycle order, with the folder and its service count', async () => {
    // Asked at once: the answer waits for the first scan.
    const result = await tree({ groupBy: 'phase' });
    assert.deepEqual(result.folders, [{ uri: folderUri(), name: 'ws', services: 3 }]);
    assert.equal(result.folder, folderUri());
    assert.deepEqual(
      result.nodes.map((n) => [n.label, n.description]),
      [
        ['Alpha', '1 service'],
        ['Beta', '1 service'],
        ['Live', '1 service'],
      ],
    );
    const live = result.nodes[2];
    assert.equal(live.contextValue, 'svcm:group');
    assert.equal(live.collapsible, 'expanded');
    assert.deepEqual(live.icon, { id: 'layers' });
    assert.equal(live.openOnClick, false);
    assert.equal(live.record, undefined);
  });

  it('svcm/tree: a service node carries its facts, its tooltip and the place of its name', async () => {
    const pay = await at('phase', 'Live', 'payments-api');
    assert.equal(pay.description, 'tier 1 · live');
    assert.equal(pay.contextValue, 'svcm:service:live');
    assert.equal(pay.collapsible, 'collapsed');
    assert.deepEqual(pay.icon, { id: 'symbol-class' });
    assert.match(pay.tooltip ?? '', /\*\*Payments API\*\* · Service `payments-api`/);
    assert.equal(pay.openOnClick, true);
    assert.equal(pay.record?.path, 'service-management/services.yaml');
    assert.equal(textAt(pay.record!), 'payments-api');
    assert.deepEqual(pay.record!.range, { start: { line: 3, character: 8 }, end: { line: 3, character: 20 } });
  });

  it('svcm/tree: sections, changes by status and known errors under a service; sections open their service', async () => {
    assert.deepEqual(await labels('phase', 'Live', 'payments-api'), ['Dependents', 'Changes', 'Releases', 'Knowledge']);
    assert.deepEqual(await labels('phase', 'Live', 'payments-api', 'Dependents'), ['checkout-web', 'ledger']);
    assert.deepEqual(await labels('phase', 'Live', 'payments-api', 'Changes'), ['draft', 'closed']);
    const changes = await at('phase', 'Live', 'payments-api', 'Changes');
    assert.equal(changes.contextValue, 'svcm:section:changes');
    assert.equal(changes.description, '1 open · 2');
    assert.equal(changes.openOnClick, false);
    assert.equal(textAt(changes.record!), 'payments-api', 'a section opens its service');
    const draft = await at('phase', 'Live', 'payments-api', 'Changes', 'draft');
    assert.equal(draft.collapsible, 'expanded');
    assert.equal((await at('phase', 'Live', 'payments-api', 'Changes', 'closed')).collapsible, 'collapsed');
    const change = await at('phase', 'Live', 'payments-api', 'Changes', 'draft', 'CHG-2026-0901');
    assert.equal(change.contextValue, 'svcm:change:draft');
    assert.equal(change.description, 'Retry card authorisations once on a gateway timeout');
    assert.equal(change.collapsible, 'none');
    assert.equal(textAt(change.record!), 'CHG-2026-0901');
    const kb = await at('phase', 'Live', 'payments-api', 'Knowledge', 'KB-0901');
    assert.equal(kb.contextValue, 'svcm:knowledge:known-error');
    assert.deepEqual(kb.icon, { id: 'bug', color: 'list.warningForeground' });
    assert.equal(kb.record?.path, 'service-management/knowledge/KB-0901-duplicate-webhooks.md');
    assert.equal(textAt(kb.record!), 'KB-0901');
    // A dependency that is listed under another service is a leaf.
    const dependent = await at('phase', 'Live', 'payments-api', 'Dependents', 'checkout-web');
    assert.equal(dependent.collapsible, 'none');
  });

  it('svcm/tree: grouped by owner, a team group names its team and opens its record from the menu only', async () => {
    assert.deepEqual(await labels('owner'), ['platform', 'Storefront team']);
    const team = await at('owner', 'Storefront team');
    assert.equal(team.description, 'storefront · 1 service');
    assert.deepEqual(team.icon, { id: 'organization' });
    assert.equal(team.openOnClick, false);
    assert.equal(textAt(team.record!), 'storefront');
    assert.deepEqual(await labels('owner', 'platform'), ['ledger', 'payments-api']);
  });

  it('svcm/tree: a node kept by the client lists what the index holds now (a change written on disk)', async () => {
    const changes = await at('phase', 'Live', 'payments-api', 'Changes');
    const pay = await at('phase', 'Live', 'payments-api');
    const file = path.join(root, 'service-management', 'changes', 'CHG-2026-0903.yaml');
    const mark = client.received.length;
    writeTree(root, {
      'service-management/changes/CHG-2026-0903.yaml': fs
        .readFileSync(path.join(root, 'service-management', 'changes', 'CHG-2026-0901.yaml'), 'utf8')
        .replace('CHG-2026-0901', 'CHG-2026-0903')
        .replace('status: draft', 'status: submitted'),
    });
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(file), type: 1 }] });
    await client.waitFor((m) => m.method === 'svcm/indexChanged', 'svcm/indexChanged', { since: mark });
    const statuses = await tree({ folder: folderUri(), groupBy: 'phase', parent: changes.node });
    assert.deepEqual(
      statuses.nodes.map((n) => [n.label, n.description]),
      [
        ['draft', '1'],
        ['submitted', '1'],
        ['closed', '1'],
      ],
    );
    // The service's node, kept from before, is read afresh too.
    const sections = await tree({ folder: folderUri(), groupBy: 'phase', parent: pay.node });
    assert.equal(sections.nodes.find((n) => n.label === 'Changes')?.description, '2 open · 3');
  });

  it('svcm/indexChanged: what typing changed is told once the typing pauses, with every edit in it', async () => {
    const rel = 'service-management/changes/CHG-2026-0901.yaml';
    const uri = uriOf(path.join(root, ...rel.split('/')));
    const text = fs.readFileSync(path.join(root, ...rel.split('/')), 'utf8');
    assert.match(text, /status: draft/);
    const changesNode = async () => (await at('phase', 'Live', 'payments-api', 'Changes')).node;
    const inStatus = async (status: string) => {
      const statuses = await tree({ folder: folderUri(), groupBy: 'phase', parent: await changesNode() });
      const node = statuses.nodes.find((n) => n.label === status);
      if (!node) return [];
      return (await tree({ folder: folderUri(), groupBy: 'phase', parent: node.node })).nodes.map((n) => n.label);
    };
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    await client.request('svcm/status');
    const mark = client.received.length;
    // Typed a letter at a time, 40 ms apart (the suite's debounce is 0: each edit is indexed as it comes).
    const typed = 'approved';
    const sentAt: number[] = [];
    for (let i = 1; i <= typed.length; i++) {
      if (i > 1) await new Promise((resolve) => setTimeout(resolve, 40));
      client.notify('textDocument/didChange', {
        textDocument: { uri, version: i + 1 },
        contentChanges: [{ text: text.replace('status: draft', `status: ${typed.slice(0, i)}`) }],
      });
      sentAt.push(performance.now());
    }
    const during = client.received.length;
    const told = await client.waitFor((m) => m.method === 'svcm/indexChanged', 'svcm/indexChanged after typing', {
      since: mark,
    });
    const toldAt = performance.now();
    // Nothing was told while the edits kept coming (when they did come close together: a slow machine may part them).
    if (sentAt.every((t, i) => i === 0 || t - sentAt[i - 1] < 250))
      assert.equal(client.received.indexOf(told) >= during, true, 'svcm/indexChanged came while typing');
    assert.ok(
      toldAt - sentAt[sentAt.length - 1] >= 200,
      `told ${toldAt - sentAt[sentAt.length - 1]} ms after the last edit`,
    );
    assert.deepEqual((told.params as { folders: string[] }).folders, [folderUri()]);
    // Nothing typed is lost: the view lists the change under what was typed last.
    assert.ok((await inStatus('approved')).includes('CHG-2026-0901'));
    assert.ok(!(await inStatus('draft')).includes('CHG-2026-0901'));
    // Closed unsaved: the disk's text again, told without waiting for typing to pause.
    const closing = client.received.length;
    client.notify('textDocument/didClose', { textDocument: { uri } });
    await client.waitFor((m) => m.method === 'svcm/indexChanged', 'svcm/indexChanged after closing', {
      since: closing,
    });
    assert.ok((await inStatus('draft')).includes('CHG-2026-0901'));
    assert.deepEqual(await inStatus('approved'), []);
  });

  it('svcm/tree: a parent that is not a node, or no groupBy, is InvalidParams; the server stays up', async () => {
    for (const params of [
      { folder: folderUri(), groupBy: 'phase', parent: 'Live' },
      { folder: folderUri(), groupBy: 'phase', parent: { type: 'nonsense', id: 'x' } },
      { folder: folderUri(), groupBy: 'phase', parent: { type: 'service', id: 'x' } },
      { folder: folderUri() },
    ]) {
      const answer = await client.send('svcm/tree', params).response;
      assert.equal(answer.error?.code, -32602, JSON.stringify(params));
    }
    // A folder the server does not serve lists nothing.
    const other = await tree({ folder: uriOf(path.join(root, 'elsewhere')), groupBy: 'phase' });
    assert.deepEqual(other.nodes, []);
    assert.equal(other.folder, undefined);
    assert.equal((await tree({ groupBy: 'phase' })).nodes.length, 3);
  });

  it('svcm/fileOwners: the service owning a path, its open changes and known errors', async () => {
    const owners = await client.request<FileOwnersResult>('svcm/fileOwners', {
      uri: uriOf(path.join(root, 'src', 'payments', 'handler.ts')),
    });
    assert.equal(owners.folder, folderUri());
    assert.equal(owners.path, 'src/payments/handler.ts');
    assert.deepEqual(
      owners.services.map((s) => [s.kind, s.name, s.title, s.tier, s.phase, s.owner]),
      [['Service', 'payments-api', 'Payments API', 1, 'live', 'platform']],
    );
    assert.match(owners.services[0].summary, /\*\*Payments API\*\*/);
    assert.equal(textAt(owners.services[0].place), 'payments-api');
    // CHG-2026-0902 is closed; CHG-2026-0903 was written by the test before.
    assert.deepEqual(
      owners.changes.map((c) => [c.name, c.status, c.text]),
      [
        ['CHG-2026-0901', 'draft', 'Retry card authorisations once on a gateway timeout'],
        ['CHG-2026-0903', 'submitted', 'Retry card authorisations once on a gateway timeout'],
      ],
    );
    assert.deepEqual(
      owners.knownErrors.map((k) => [k.name, k.title, k.workaround]),
      [['KB-0901', 'Card webhooks arrive twice', 'Deduplicate on the event id before booking']],
    );
    assert.equal(textAt(owners.knownErrors[0].place), 'KB-0901');
  });

  it('svcm/fileOwners: empty lists for a file nobody owns, null outside every folder, InvalidParams without a uri', async () => {
    const unowned = await client.request<FileOwnersResult>('svcm/fileOwners', {
      uri: uriOf(path.join(root, 'docs', 'handover.txt')),
    });
    assert.deepEqual(unowned, {
      folder: folderUri(),
      path: 'docs/handover.txt',
      services: [],
      changes: [],
      knownErrors: [],
    });
    assert.equal(
      await client.request('svcm/fileOwners', { uri: uriOf(path.join(path.dirname(root), 'outside.ts')) }),
      null,
    );
    assert.equal((await client.send('svcm/fileOwners', {}).response).error?.code, -32602);
  });

  it('svcm/mapSuggestions: every service and change name; svcm/serviceMap names its folder', async () => {
    const suggestions = await client.request<{ names: string[]; changes: string[] }>('svcm/mapSuggestions', {
      folder: folderUri(),
    });
    assert.deepEqual(suggestions.names, ['checkout-web', 'ledger', 'payments-api']);
    assert.deepEqual(suggestions.changes, [
      'CHG-2026-0901',
      'CHG-2026-0902',
      'CHG-2026-0903',
      'CHG-2026-0911',
      'CHG-2026-0912',
    ]);
    assert.deepEqual(await client.request('svcm/mapSuggestions', {}), suggestions, 'the first folder by default');
    type MapAnswer = ServiceGraph & { folder: string; layout?: LayoutRows };
    const map = await client.request<MapAnswer>('svcm/serviceMap', { focus: 'payments-api' });
    assert.equal(map.folder, folderUri());
    assert.ok(map.nodes.length >= 3);
    assert.equal(map.layout, undefined, 'no layout unless asked');
    // Asked with `layout`, the server lays it out: the page's own ungrouped layout, as rows.
    const laid = await client.request<MapAnswer>('svcm/serviceMap', { focus: 'payments-api', layout: true });
    const { layout, ...graph } = laid;
    assert.deepEqual(graph, map);
    const expected = layoutGraph(
      map.nodes.map(({ id, name }) => ({ id, name })),
      map.edges,
      { grouped: false },
    );
    assert.deepEqual(layout, JSON.parse(JSON.stringify(layoutRows(map.nodes, expected))));
    assert.equal(layout!.positions.length, 2 * map.nodes.length);
    const refused = await client.send('svcm/serviceMap', { focus: 'paymnts-api' }).response;
    assert.equal(refused.error?.code, -32602);
    assert.deepEqual((refused.error as { data?: unknown }).data, { argument: 'focus' });
  });

  it('svcm/changeRecords: the Change records of a document, from its unsaved text when it is open', async () => {
    const rel = 'service-management/changes/CHG-2026-0912.yaml';
    const uri = uriOf(path.join(root, ...rel.split('/')));
    const disk = await client.request<{ changes: { name: string; range: unknown }[] }>('svcm/changeRecords', {
      textDocument: { uri },
    });
    assert.deepEqual(disk.changes, [
      { name: 'CHG-2026-0912', range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } },
    ]);
    const text = fs.readFileSync(path.join(root, ...rel.split('/')), 'utf8');
    const second = text.replace('CHG-2026-0912', 'CHG-2026-0913');
    client.notify('textDocument/didOpen', {
      textDocument: { uri, languageId: 'yaml', version: 1, text: `${text}---\n${second}` },
    });
    const open = await client.request<{ changes: { name: string; range: { start: { line: number } } }[] }>(
      'svcm/changeRecords',
      { textDocument: { uri } },
    );
    // The second YAML document starts at its `---` line, right after the first file's text.
    const separator = text.split('\n').length - 1;
    assert.deepEqual(
      open.changes.map((c) => [c.name, c.range.start.line]),
      [
        ['CHG-2026-0912', 0],
        ['CHG-2026-0913', separator],
      ],
    );
    client.notify('textDocument/didClose', { textDocument: { uri } });
    const service = await client.request<{ changes: unknown[] }>('svcm/changeRecords', {
      textDocument: { uri: uriOf(path.join(root, 'service-management', 'services.yaml')) },
    });
    assert.deepEqual(service.changes, []);
    assert.equal((await client.send('svcm/changeRecords', {}).response).error?.code, -32602);
  });

  it('svcm/tree with two folders: no folder named lists nothing, each folder lists its own', async () => {
    const second = temp.make('svcm-lsp-views-second-');
    writeTree(second, {
      'services/solo.yaml':
        'apiVersion: svcm/v1\nkind: Service\nmetadata:\n  name: solo\nspec:\n  owner: nobody\n  phase: retired\n  tier: 4\n',
    });
    const mark = client.received.length;
    client.notify('workspace/didChangeWorkspaceFolders', {
      event: { added: [{ uri: uriOf(second), name: 'second' }], removed: [] },
    });
    await client.waitFor((m) => m.method === 'svcm/indexChanged', 'svcm/indexChanged for the added folder', {
      since: mark,
    });
    const both = await tree({ groupBy: 'phase' });
    assert.deepEqual(
      both.folders.map((f) => [f.name, f.services]),
      [
        ['ws', 3],
        ['second', 1],
      ],
    );
    assert.deepEqual(both.nodes, []);
    const solo = (await tree({ folder: uriOf(second), groupBy: 'phase' })).nodes;
    assert.deepEqual(
      solo.map((n) => n.label),
      ['Retired'],
    );
    const service = (await tree({ folder: uriOf(second), groupBy: 'phase', parent: solo[0].node })).nodes[0];
    assert.deepEqual(
      [service.label, service.contextValue, service.icon?.id],
      ['solo', 'svcm:service:retired', 'archive'],
    );
    assert.equal(service.record?.folder, uriOf(second));
  });

  it('svcm/fileOwners: a file under a Backstage catalogue folder belongs to its Components', async () => {
    const third = temp.make('svcm-lsp-views-backstage-');
    writeTree(third, {
      'petstore/catalog-info.yaml': [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Component',
        'metadata:',
        '  name: petstore',
        '  title: Pet store',
        'spec:',
        '  type: service',
        '  lifecycle: production',
        '  owner: group:default/pets',
        '',
      ].join('\n'),
    });
    client.notify('workspace/didChangeWorkspaceFolders', {
      event: { added: [{ uri: uriOf(third), name: 'third' }], removed: [] },
    });
    const owners = await client.request<FileOwnersResult>('svcm/fileOwners', {
      uri: uriOf(path.join(third, 'petstore', 'src', 'main.ts')),
    });
    assert.equal(owners.path, 'petstore/src/main.ts');
    assert.deepEqual(
      owners.services.map((s) => [s.kind, s.name, s.title, s.owner]),
      [['Component', 'petstore', 'Pet store', 'group:default/pets']],
    );
    assert.equal(textAt(owners.services[0].place, third), 'petstore');

    // The Services view lists the folder's Components after its svcm groups, grouped by System by default.
    const top = (await tree({ folder: uriOf(third), groupBy: 'phase' })).nodes;
    assert.deepEqual(
      top.map((n) => [n.label, n.description, n.contextValue, n.collapsible]),
      [['Backstage Components', '1 component', 'svcm:components', 'expanded']],
    );
    const groups = (await tree({ folder: uriOf(third), groupBy: 'phase', parent: top[0].node })).nodes;
    assert.equal(groups.length, 1);
    assert.equal(groups[0].contextValue, 'svcm:componentGroup');
    const byOwner = (
      await tree({ folder: uriOf(third), groupBy: 'phase', componentGroupBy: 'owner', parent: top[0].node })
    ).nodes;
    assert.match(byOwner[0].label, /pets/);
    const petstore = (await tree({ folder: uriOf(third), groupBy: 'phase', parent: groups[0].node })).nodes;
    assert.deepEqual(
      petstore.map((n) => [n.label, n.contextValue, n.openOnClick]),
      [['petstore', 'svcm:entity:component', true]],
    );
    assert.equal(textAt(petstore[0].record!, third), 'petstore');
    assert.match(petstore[0].tooltip ?? '', /Pet store/);
  });
});
