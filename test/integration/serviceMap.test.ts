import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { ServiceGraph } from '../../src/core/graph/serviceGraph';
import type { SvcmApi } from '../../src/extension';
import { MAP_SUGGESTIONS_REQUEST, type MapSuggestionsResult } from '../../src/server/protocol';
import { diskPath, eventually, fileUri, quiet, svcm, waitFor, within, workspaceFolder } from './util';

// The fixture: checkout-web -> payments-api <- ledger. This suite adds storefront-web -> checkout-web,
// so that depth 1 and depth 2 differ, and removes it at the end.
const STOREFRONT = 'service-management/services/storefront-web.yaml';
const STOREFRONT_TEXT = [
  'apiVersion: svcm/v1',
  'kind: Service',
  'metadata:',
  '  name: storefront-web',
  'spec:',
  '  owner: storefront',
  '  phase: beta',
  '  tier: 3',
  '  dependsOn: [checkout-web]',
  '',
].join('\n');
const EXTRA = 'service-management/services/fraud-check.yaml';

const show = (args?: unknown) =>
  within(30000, 'svcm.showServiceMap', vscode.commands.executeCommand<ServiceGraph>('svcm.showServiceMap', args));
const ids = (graph: ServiceGraph) => graph.nodes.map((n) => n.id);
const edges = (graph: ServiceGraph) => graph.edges.map((e) => `${e.from} -> ${e.to}`);

function mapTabs(): vscode.Tab[] {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .filter((tab) => tab.input instanceof vscode.TabInputWebview && tab.input.viewType.endsWith('svcm.serviceMap'));
}

function describeTabs(): string {
  return vscode.window.tabGroups.all
    .flatMap((group) => group.tabs)
    .map((tab) => {
      const input = tab.input as { viewType?: string } | undefined;
      return `${tab.label}: ${input?.constructor?.name ?? typeof input} ${input?.viewType ?? ''}`;
    })
    .join('\n');
}

/** Whether the language server knows the service (what the map's focus field offers). */
async function hasService(api: SvcmApi, name: string): Promise<boolean> {
  const { names } = await api.client.sendRequest<MapSuggestionsResult>(MAP_SUGGESTIONS_REQUEST, {});
  return names.includes(name);
}

suite('Service map', () => {
  let api: SvcmApi;

  suiteSetup(async () => {
    api = await svcm();
    fs.writeFileSync(diskPath(STOREFRONT), STOREFRONT_TEXT);
    await eventually(
      api.client.onDidChangeIndex,
      () => hasService(api, 'storefront-web'),
      'the language server reads storefront-web',
      30000,
    );
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const file of [STOREFRONT, EXTRA]) fs.rmSync(diskPath(file), { force: true });
    await eventually(
      api.client.onDidChangeIndex,
      async () => !(await hasService(api, 'storefront-web')),
      'the language server drops the added services',
      30000,
    );
    await quiet(api);
  });

  test('the command opens the panel (viewType svcm.serviceMap), returns the graph, and the webview draws it', async () => {
    const rendered = new Promise<{ nodes: number; edges: number }>((resolve) => {
      const sub = api.serviceMap.onDidRender((r) => (sub.dispose(), resolve(r)));
    });
    const graph = await show({ focus: 'payments-api', depth: 1 });
    assert.deepEqual(graph, {
      nodes: [
        { id: 'service:checkout-web', kind: 'service', name: 'checkout-web', title: 'Checkout', owner: 'storefront' },
        { id: 'service:ledger', kind: 'service', name: 'ledger', title: 'General Ledger', owner: 'platform' },
        { id: 'service:payments-api', kind: 'service', name: 'payments-api', title: 'Payments API', owner: 'platform' },
      ],
      edges: [
        { from: 'service:checkout-web', to: 'service:payments-api', relation: 'dependsOn' },
        { from: 'service:ledger', to: 'service:payments-api', relation: 'dependsOn' },
      ],
    });
    await waitFor('a service map tab is open', () => mapTabs().length === 1, {
      events: [vscode.window.tabGroups.onDidChangeTabs],
      explain: describeTabs,
    });
    // The webview's own bundle ran under its Content-Security-Policy, laid out and painted the graph.
    const drawn = await within(60000, 'the webview draws the graph', rendered);
    assert.deepEqual({ nodes: drawn.nodes, edges: drawn.edges }, { nodes: 3, edges: 2 });
    // A second call reveals the same panel.
    await show({ focus: 'ledger', depth: 1 });
    assert.equal(mapTabs().length, 1, `the panel is reused, not opened twice:\n${describeTabs()}`);
  });

  test('depth and direction: the walks up to the depth, every edge between the nodes shown', async () => {
    assert.deepEqual(ids(await show({ focus: 'storefront-web', direction: 'dependencies', depth: 1 })), [
      'service:checkout-web',
      'service:storefront-web',
    ]);
    assert.deepEqual(ids(await show({ focus: 'storefront-web', direction: 'dependencies', depth: 2 })), [
      'service:checkout-web',
      'service:payments-api',
      'service:storefront-web',
    ]);
    assert.deepEqual(ids(await show({ focus: 'payments-api', direction: 'dependencies' })), ['service:payments-api']);
    const dependents = await show({ focus: 'payments-api', direction: 'dependents' });
    assert.deepEqual(ids(dependents), [
      'service:checkout-web',
      'service:ledger',
      'service:payments-api',
      'service:storefront-web',
    ]);
    assert.deepEqual(edges(dependents), [
      'service:checkout-web -> service:payments-api',
      'service:ledger -> service:payments-api',
      'service:storefront-web -> service:checkout-web',
    ]);
    // both (the default) is the union of the two walks.
    assert.deepEqual(ids(await show({ focus: 'checkout-web', depth: 1 })), [
      'service:checkout-web',
      'service:payments-api',
      'service:storefront-web',
    ]);
  });

  test('a change: its services changed, what depends on them the blast radius, on the whole catalogue', async () => {
    const graph = await show({ change: 'CHG-2026-0901' });
    assert.deepEqual(
      graph.nodes.map((n) => `${n.name}${n.highlight ? ` ${n.highlight}` : ''}`),
      ['checkout-web blast-radius', 'ledger blast-radius', 'payments-api changed', 'storefront-web blast-radius'],
    );
    assert.equal(graph.edges.length, 3);
  });

  test('JSON from svcm graph equals what the command returns', async () => {
    const extension = vscode.extensions.getExtension('svcm.svcm')!;
    const cli = path.join(extension.extensionPath, 'dist', 'cli.js');
    for (const args of [
      { focus: 'payments-api', depth: 1 },
      { focus: 'storefront-web', direction: 'dependencies' as const, depth: 3 },
      { change: 'CHG-2026-0901' },
    ]) {
      const argv = ['graph', '--format', 'json'];
      for (const [key, value] of Object.entries(args)) argv.push(`--${key}`, String(value));
      const printed = execFileSync(process.execPath, [cli, ...argv], {
        cwd: workspaceFolder().uri.fsPath,
        encoding: 'utf8',
        env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' },
      });
      assert.deepEqual(JSON.parse(printed), await show(args), `svcm ${argv.join(' ')}`);
    }
  });

  test('a focus or change that names nothing: the command throws an error naming it', async () => {
    await assert.rejects(
      () => Promise.resolve(vscode.commands.executeCommand('svcm.showServiceMap', { focus: 'paymnts-api' })),
      /paymnts-api/,
    );
    await assert.rejects(
      () => Promise.resolve(vscode.commands.executeCommand('svcm.showServiceMap', { change: 'CHG-2026-0404' })),
      /CHG-2026-0404/,
    );
    await assert.rejects(
      () => Promise.resolve(vscode.commands.executeCommand('svcm.showServiceMap', { depth: -2 })),
      /depth/,
    );
  });

  test('the map follows edits: a new service that depends on what is shown appears', async () => {
    await show({ focus: 'ledger', direction: 'dependents', depth: 1 });
    const redrawn = new Promise<{ nodes: number }>((resolve) => {
      const sub = api.serviceMap.onDidRender((r) => {
        if (r.nodes !== 2) return;
        sub.dispose();
        resolve(r);
      });
    });
    fs.writeFileSync(
      diskPath(EXTRA),
      STOREFRONT_TEXT.replace('storefront-web', 'fraud-check').replace('[checkout-web]', '[ledger]'),
    );
    await waitFor(
      'the panel shows fraud-check',
      () => api.serviceMap.shown?.nodes.some((n) => n.name === 'fraud-check'),
      {
        events: [api.serviceMap.onDidRender, api.client.onDidChangeIndex],
      },
    );
    assert.deepEqual(edges(api.serviceMap.shown!), ['service:fraud-check -> service:ledger']);
    await within(60000, 'the webview redraws with two nodes', redrawn);
  });

  test('entry points: a Services view service, a change record lens, the status bar', async () => {
    // The Services view's item command takes the view's node.
    const fromTree = await vscode.commands.executeCommand<ServiceGraph>('svcm.showOnServiceMap', {
      node: { type: 'service', name: 'ledger' },
    });
    assert.ok(fromTree.nodes.some((n) => n.id === 'service:ledger'));
    const fromChange = await vscode.commands.executeCommand<ServiceGraph>('svcm.showOnServiceMap', {
      node: { type: 'record', kind: 'Change', name: 'CHG-2026-0901' },
    });
    assert.ok(fromChange.nodes.some((n) => n.highlight === 'changed'));
    // A change record offers its blast radius on the map.
    const uri = fileUri('service-management/changes/CHG-2026-0901.yaml');
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri));
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    const lens = lenses.find((l) => l.command?.command === 'svcm.showServiceMap');
    assert.ok(lens, `no service map lens among ${lenses.map((l) => l.command?.title).join(', ')}`);
    assert.deepEqual(lens.command!.arguments, [{ change: 'CHG-2026-0901' }]);
    // The status bar's service links to the map centred on it.
    const code = fileUri('src/payments/handler.ts');
    await vscode.workspace.fs.writeFile(code, Buffer.from('export const pay = 1;\n'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(code));
    const shown = await waitFor('the status bar names payments-api', () => api.statusBar.shown, {
      events: [api.statusBar.onDidUpdate],
    });
    assert.match(shown.tooltip ?? '', /command:svcm\.showServiceMap\?.*payments-api/);
    await vscode.workspace.fs.delete(code);
  });
});
