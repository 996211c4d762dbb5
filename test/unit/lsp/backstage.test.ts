// Backstage catalogues in the language server, as other editors drive it: the BUILT `dist/cli.js lsp --stdio`,
// spawned, over stdio (lspClient.ts). `backstage.entities` read as the CLI reads it, entity completion and symbols.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI, requireBuiltCli, TempDirs, writeTree } from '../cliSupport';
import { lines } from '../helpers';
import { LspClient, positionOf, type Diagnostic, type Range } from './lspClient';

const uriOf = (abs: string) => pathToFileURL(abs).toString();

const component = (name: string, owner: string) =>
  lines(
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  type: service',
    '  lifecycle: production',
    `  owner: ${owner}`,
  );

const CONFIG = lines('backstage:', '  entities: [../org, missing.json]');

describe('svcm lsp --stdio: Backstage catalogues', function () {
  const temp = new TempDirs();
  let root: string;
  let org: string;
  let client: LspClient;
  const uri = (rel: string) => uriOf(path.join(root, ...rel.split('/')));
  const paymnts = (d: Diagnostic[]) => d.some((x) => x.code === 'unknown-reference' && x.message.includes("'paymnts'"));

  before(async () => {
    requireBuiltCli();
    const base = temp.make('svcm-lsp-backstage-');
    root = path.join(base, 'ws');
    org = path.join(base, 'org');
    // The organisation's catalogue, outside the workspace: known, not validated (its User has no memberOf).
    writeTree(org, {
      'groups.yaml': lines(
        'apiVersion: backstage.io/v1alpha1',
        'kind: Group',
        'metadata: { name: payments, title: Payments team }',
        'spec: { type: team, children: [] }',
        '---',
        'apiVersion: backstage.io/v1alpha1',
        'kind: User',
        'metadata: { name: broken }',
        'spec: {}',
      ),
    });
    writeTree(root, {
      'svcm.config.yaml': CONFIG,
      'petstore/catalog-info.yaml': component('petstore', 'payments'),
      'web/catalog-info.yaml': component('web', 'paymnts'),
    });
    client = new LspClient(process.execPath, [CLI, 'lsp', '--stdio'], root);
    await client.request('initialize', {
      processId: process.pid,
      rootUri: uriOf(root),
      capabilities: { textDocument: { documentSymbol: { hierarchicalDocumentSymbolSupport: true } } },
      initializationOptions: { settings: { svcm: { validation: { debounce: 0 } } } },
    });
    client.notify('initialized', {});
  });

  after(() => {
    client?.kill();
    temp.cleanup();
  });

  it('backstage.entities: a Group defined outside closes the kind (a misspelt owner is reported, the right one not); a missing entry is reported on svcm.config.yaml', async () => {
    await client.request('svcm/status');
    const web = await client.diagnostics(uri('web/catalog-info.yaml'), paymnts, "'paymnts' reported");
    assert.equal(web.length, 1);
    assert.match(web[0].message, /did you mean 'payments'/);
    assert.deepEqual(client.lastDiagnostics(uri('petstore/catalog-info.yaml')), []);
    // The outside catalogue is not validated: its User without memberOf gets nothing.
    assert.ok(
      !client.received.some(
        (m) => m.method === 'textDocument/publishDiagnostics' && JSON.stringify(m.params).includes('/org/'),
      ),
    );
    const config = await client.diagnostics(
      uri('svcm.config.yaml'),
      (d) => d.some((x) => x.message.includes('missing.json')),
      'the missing entry reported',
    );
    assert.equal(config[0].code, 'schema');
    assert.deepEqual(config[0].range.start, positionOf(CONFIG, 'missing.json'));
  });

  it('completion of an owner offers the outside Group; definition leads into the outside file', async () => {
    const file = 'web/catalog-info.yaml';
    const text = component('web', '');
    client.notify('textDocument/didOpen', { textDocument: { uri: uri(file), languageId: 'yaml', version: 1, text } });
    const items = await client.request<{ label: string; detail?: string }[]>('textDocument/completion', {
      textDocument: { uri: uri(file) },
      position: positionOf(text, 'owner: ', 'owner: '.length),
    });
    const group = items.find((i) => i.label === 'payments');
    assert.ok(group, `payments offered among ${items.map((i) => i.label).join(', ')}`);
    assert.match(group.detail ?? '', /Payments team/);
    client.notify('textDocument/didClose', { textDocument: { uri: uri(file) } });
    const petstore = fs.readFileSync(path.join(root, 'petstore/catalog-info.yaml'), 'utf8');
    const locations = await client.request<{ uri: string; range: Range }[]>('textDocument/definition', {
      textDocument: { uri: uri('petstore/catalog-info.yaml') },
      position: positionOf(petstore, 'payments'),
    });
    assert.deepEqual(
      locations.map((l) => l.uri),
      [uriOf(path.join(org, 'groups.yaml'))],
    );
  });

  it('document symbols: one per entity', async () => {
    const symbols = await client.request<{ name: string; kind: number }[]>('textDocument/documentSymbol', {
      textDocument: { uri: uri('petstore/catalog-info.yaml') },
    });
    assert.deepEqual(
      symbols.map((s) => [s.name, s.kind]),
      [['petstore', 5]],
    );
  });

  it('a changed svcm.config.yaml reads the places again: without the outside Groups, the owner is not checked', async () => {
    const config = path.join(root, 'svcm.config.yaml');
    fs.writeFileSync(config, lines('backstage:', '  entities: []'));
    const mark = client.received.length;
    client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uriOf(config), type: 2 }] });
    await client.diagnostics(uri('web/catalog-info.yaml'), (d) => d.length === 0, "'paymnts' no longer checked", mark);
    await client.diagnostics(uri('svcm.config.yaml'), (d) => d.length === 0, 'the config clean again', mark);
  });
});
