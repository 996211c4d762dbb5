// The requests the VS Code commands ask the server (src/server/requests/commands.ts), over real stdio:
// the BUILT `dist/cli.js lsp --stdio`, spawned, and the plain LSP client of lspClient.ts. No VS Code, no mocks.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ASSESS_CHANGE_REQUEST,
  CHANGES_AT_REQUEST,
  CHANGES_REQUEST,
  COMMAND_FOLDERS_REQUEST,
  NAMES_REQUEST,
  NEW_KNOWLEDGE_REQUEST,
  NEXT_ID_REQUEST,
  RAISE_CHANGE_REQUEST,
  RECORD_EDITS_REQUEST,
  STATUS_REQUEST,
  type ChangeAssessment,
  type ChangesResult,
  type CommandFoldersResult,
  type NamesResult,
  type NewKnowledgeResult,
  type NextIdResult,
  type RaiseChangeResult,
  type RecordEditsParams,
  type RecordEditsResult,
  type StatusResult,
} from '../../../src/server/protocol';
import { CLI, requireBuiltCli, TempDirs, writeTree } from '../cliSupport';
import { lines } from '../helpers';
import { LspClient, positionOf } from './lspClient';

const uriOf = (abs: string) => pathToFileURL(abs).toString();

const service = (name: string, spec: string[], title?: string) =>
  lines(
    'apiVersion: svcm/v1',
    'kind: Service',
    'metadata:',
    `  name: ${name}`,
    ...(title ? [`  title: ${title}`] : []),
    'spec:',
    ...spec.map((l) => `  ${l}`),
  );

const change = (name: string, spec: string[]) =>
  lines(
    'apiVersion: svcm/v1',
    'kind: Change',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  type: normal',
    '  services: [payments-api]',
    `  summary: Summary of ${name}`,
    '  risk: low',
    '  impact: low',
    ...spec.map((l) => `  ${l}`),
  );

/** A catalogue with tiers, dependencies, code globs, a template, changes in every state, a release, an article and a Backstage Component. */
const CATALOGUE: Record<string, string> = {
  'sm/teams.yaml': lines(
    'apiVersion: svcm/v1',
    'kind: Team',
    'metadata:',
    '  name: platform',
    '  title: Platform Team',
    '---',
    'apiVersion: svcm/v1',
    'kind: Team',
    'metadata:',
    '  name: storefront',
  ),
  'sm/services/payments-api.yaml': service(
    'payments-api',
    ['owner: platform', 'phase: live', 'tier: 1', 'code:', '  - src/payments/**'],
    'Payments API',
  ),
  'sm/services/ledger.yaml': service('ledger', [
    'owner: storefront',
    'phase: alpha',
    'tier: 3',
    'dependsOn: [payments-api]',
    'code:',
    '  - src/ledger/**',
  ]),
  'sm/services/checkout-web.yaml': service('checkout-web', [
    'owner: storefront',
    'phase: beta',
    'tier: 2',
    'dependsOn: [payments-api]',
  ]),
  'sm/standard-changes/restart.yaml': lines(
    'apiVersion: svcm/v1',
    'kind: StandardChange',
    'metadata:',
    '  name: restart-pods',
    '  title: Restart pods',
    'spec:',
    '  services: [payments-api]',
    '  maxRisk: low',
  ),
  'sm/changes/CHG-2026-0041.yaml': change('CHG-2026-0041', ['status: implemented', 'branch: feature/retry']),
  'sm/changes/CHG-2026-0042.yaml': change('CHG-2026-0042', [
    'status: implemented',
    'release: REL-2026.11.1',
    'commits: ["abc1234"]',
  ]),
  'sm/changes/CHG-2026-0043.yaml': change('CHG-2026-0043', ['status: closed']),
  'sm/changes/CHG-2026-0044.yaml': change('CHG-2026-0044', ['status: draft']),
  'sm/releases/REL-2026.11.1.yaml': lines(
    'apiVersion: svcm/v1',
    'kind: Release',
    'metadata:',
    '  name: REL-2026.11.1',
    'spec:',
    '  version: "2026.11.1"',
    '  changes: [CHG-2026-0042]',
    '  status: planned',
  ),
  'sm/knowledge/KB-0007-restart.md': lines(
    '---',
    'apiVersion: svcm/v1',
    'kind: Knowledge',
    'metadata:',
    '  name: KB-0007',
    '  title: Restart',
    'spec:',
    '  type: runbook',
    '  services: [payments-api]',
    '---',
    '# Restart',
  ),
  'apps/shop/catalog-info.yaml': lines(
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    '  name: shop',
    'spec:',
    '  type: website',
    '  lifecycle: production',
    '  owner: storefront',
  ),
};

describe('svcm lsp --stdio: the requests of the record-writing commands', function () {
  const temp = new TempDirs();
  let root: string;
  let second: string;
  let client: LspClient;
  let folder: string;

  const error = async (method: string, params: unknown) => {
    const message = await client.send(method, params).response;
    assert.ok(message.error, `${method} answered ${JSON.stringify(message.result)}, not an error`);
    return message.error;
  };

  before(async function () {
    requireBuiltCli();
    root = path.join(temp.make('svcm-lsp-commands-'), 'ws');
    second = path.join(temp.make('svcm-lsp-commands-'), 'other');
    writeTree(root, CATALOGUE);
    writeTree(second, { 'changes/CHG-2026-0300.yaml': change('CHG-2026-0300', ['status: draft']) });
    folder = uriOf(root);
    client = new LspClient(process.execPath, [CLI, 'lsp', '--stdio'], root);
    // A long debounce: an edit reaches the index only when a request flushes it.
    client.answers.set('workspace/configuration', (params) =>
      (params as { items: unknown[] }).items.map(() => ({ validation: { debounce: 5000 } })),
    );
    await client.request('initialize', {
      processId: process.pid,
      rootUri: folder,
      workspaceFolders: [
        { uri: folder, name: 'ws' },
        { uri: uriOf(second), name: 'other' },
      ],
      capabilities: { workspace: { configuration: true, workspaceFolders: true } },
    });
    client.notify('initialized', {});
  });

  after(() => {
    client?.kill();
    temp.cleanup();
  });

  it('asked at once after initialized, svcm/nextId waits for the scan: the next change id after the highest', async () => {
    const next = await client.request<NextIdResult>(NEXT_ID_REQUEST, { folder, kind: 'Change', today: '2026-11-30' });
    assert.equal(next.id, 'CHG-2026-0045');
    const status = await client.request<StatusResult>(STATUS_REQUEST);
    assert.deepEqual(
      status.folders.map((f) => [f.name, f.records]),
      [
        ['ws', 13],
        ['other', 1],
      ],
    );
  });

  it('svcm/nextId skips ids that files are named after; releases by month; knowledge ids', async () => {
    const id = (kind: string, taken: string[] = [], today = '2026-11-30') =>
      client.request<NextIdResult>(NEXT_ID_REQUEST, { folder, kind, today, taken }).then((r) => r.id);
    assert.equal(await id('Change', ['CHG-2026-0045.yaml', 'CHG-2026-0046-notes.md', 'README.md']), 'CHG-2026-0047');
    assert.equal(await id('Change', [], '2027-01-02'), 'CHG-2027-0001');
    assert.equal(await id('Release'), 'REL-2026.11.2');
    assert.equal(await id('Release', ['REL-2026.11.2.yaml']), 'REL-2026.11.3');
    assert.equal(await id('Release', [], '2026-12-01'), 'REL-2026.12.1');
    assert.equal(await id('Knowledge'), 'KB-0008');
    assert.equal(await id('Knowledge', ['KB-0008-restart-the-ledger.md']), 'KB-0009');
  });

  it('svcm/commandFolders: which folders define the names given, and which have changes waiting for a release', async () => {
    const fits = async (params: unknown) =>
      (await client.request<CommandFoldersResult>(COMMAND_FOLDERS_REQUEST, params)).folders.map((f) => [
        f.name,
        f.fits,
      ]);
    assert.deepEqual(await fits({}), [
      ['ws', true],
      ['other', true],
    ]);
    assert.deepEqual(await fits({ defines: { kind: 'Service', names: ['payments-api', 'ledger'] } }), [
      ['ws', true],
      ['other', false],
    ]);
    assert.deepEqual(await fits({ defines: { kind: 'Change', names: ['CHG-2026-0300'] } }), [
      ['ws', false],
      ['other', true],
    ]);
    assert.deepEqual(await fits({ unreleased: true }), [
      ['ws', true],
      ['other', false],
    ]);
    const result = await client.request<CommandFoldersResult>(COMMAND_FOLDERS_REQUEST, {});
    assert.deepEqual(
      result.folders.map((f) => f.uri),
      [folder, uriOf(second)],
    );
  });

  it('svcm/raiseChange: the owners of the changed files (a Backstage Component for a file no service owns), services, templates, the assessment', async () => {
    const result = await client.request<RaiseChangeResult>(RAISE_CHANGE_REQUEST, {
      folder,
      changedFiles: ['src/payments/retry.ts', 'src/ledger/a.ts', 'src/ledger/b.ts', 'apps/shop/cart.ts', 'README.md'],
    });
    assert.deepEqual(result.touched, [
      { name: 'component:default/shop', files: 1 },
      { name: 'ledger', files: 2 },
      { name: 'payments-api', files: 1 },
    ]);
    assert.deepEqual(result.services, [
      { name: 'checkout-web', tier: 2, phase: 'beta', owner: 'storefront' },
      { name: 'ledger', tier: 3, phase: 'alpha', owner: 'storefront' },
      { name: 'payments-api', title: 'Payments API', tier: 1, phase: 'live', owner: 'platform' },
    ]);
    // The template covers payments-api only: not the touched set with ledger and the Component.
    assert.deepEqual(result.templates, [
      { name: 'restart-pods', title: 'Restart pods', services: ['payments-api'], maxRisk: 'low', covers: false },
    ]);
    assert.deepEqual(result.assessment, {
      risk: 'high',
      tier: { tier: 1, service: 'payments-api' },
      blastRadius: ['checkout-web'],
    });

    const chosen = await client.request<RaiseChangeResult>(RAISE_CHANGE_REQUEST, {
      folder,
      changedFiles: [],
      services: ['payments-api'],
    });
    assert.deepEqual(chosen.touched, []);
    assert.equal(chosen.templates[0].covers, true);
    assert.deepEqual(chosen.assessment.blastRadius, ['checkout-web', 'ledger']);
  });

  it('svcm/assessChange: risk from the highest tier, the blast radius without the services themselves', async () => {
    const assess = (services: string[]) =>
      client.request<ChangeAssessment>(ASSESS_CHANGE_REQUEST, { folder, services });
    assert.deepEqual(await assess(['ledger']), { risk: 'low', tier: { tier: 3, service: 'ledger' }, blastRadius: [] });
    assert.deepEqual(await assess(['checkout-web', 'ledger']), {
      risk: 'medium',
      tier: { tier: 2, service: 'checkout-web' },
      blastRadius: [],
    });
    assert.deepEqual(await assess(['nowhere']), { risk: 'low', blastRadius: [] });
  });

  it('svcm/changes: one folder or all, by name with the unknown ones, waiting for a release, open only', async () => {
    const names = async (params: unknown) => {
      const result = await client.request<ChangesResult>(CHANGES_REQUEST, params);
      return { names: result.changes.map((c) => c.name), unknown: result.unknown };
    };
    assert.deepEqual(await names({ folder }), {
      names: ['CHG-2026-0044', 'CHG-2026-0042', 'CHG-2026-0041', 'CHG-2026-0043'],
      unknown: [],
    });
    assert.deepEqual(await names({ folder, unreleased: true }), { names: ['CHG-2026-0041'], unknown: [] });
    assert.deepEqual(await names({ openOnly: true }), {
      names: ['CHG-2026-0044', 'CHG-2026-0042', 'CHG-2026-0041', 'CHG-2026-0300'],
      unknown: [],
    });
    assert.deepEqual(await names({ folder, names: ['CHG-2026-0042', 'CHG-2026-0300'] }), {
      names: ['CHG-2026-0042'],
      unknown: ['CHG-2026-0300'],
    });
    const [implemented] = (await client.request<ChangesResult>(CHANGES_REQUEST, { folder, names: ['CHG-2026-0042'] }))
      .changes;
    assert.deepEqual(implemented, {
      folder,
      file: 'sm/changes/CHG-2026-0042.yaml',
      name: 'CHG-2026-0042',
      summary: 'Summary of CHG-2026-0042',
      status: 'implemented',
      open: true,
      services: ['payments-api'],
      commits: ['abc1234'],
      release: 'REL-2026.11.1',
    });
    const other = (await client.request<ChangesResult>(CHANGES_REQUEST, { names: ['CHG-2026-0300'] })).changes;
    assert.deepEqual(
      other.map((c) => [c.folder, c.file]),
      [[uriOf(second), 'changes/CHG-2026-0300.yaml']],
    );
  });

  it('svcm/changesAt: the change under the cursor, from the text the client has (an edit in its debounce included)', async () => {
    const file = path.join(root, 'sm/changes/CHG-2026-0041.yaml');
    const uri = uriOf(file);
    const text = CATALOGUE['sm/changes/CHG-2026-0041.yaml'];
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    const at = (needle: string, current: string) =>
      client.request<ChangesResult>(CHANGES_AT_REQUEST, {
        textDocument: { uri },
        position: positionOf(current, needle),
      });
    const before = await at('status:', text);
    assert.deepEqual(
      before.changes.map((c) => [c.name, c.status, c.commits]),
      [['CHG-2026-0041', 'implemented', []]],
    );
    // Typed, not saved, and the debounce is 5 s: the request applies the edit first.
    const edited = text.replace('status: implemented', 'status: closed\n  commits: ["def5678"]');
    client.notify('textDocument/didChange', {
      textDocument: { uri, version: 2 },
      contentChanges: [{ text: edited }],
    });
    // Nothing waits for a release now, as the index sees the unsaved text.
    assert.deepEqual((await client.request<ChangesResult>(CHANGES_REQUEST, { folder, unreleased: true })).changes, []);
    const after = await at('commits:', edited);
    assert.deepEqual(
      after.changes.map((c) => [c.name, c.status, c.open, c.commits]),
      [['CHG-2026-0041', 'closed', false, ['def5678']]],
    );
    client.notify('textDocument/didClose', { textDocument: { uri } });
    assert.deepEqual(
      (await client.request<ChangesResult>(CHANGES_REQUEST, { folder, unreleased: true })).changes.map((c) => c.name),
      ['CHG-2026-0041'],
    );
    // Outside every record: nothing; a file that is not a record file: nothing.
    const service = uriOf(path.join(root, 'sm/services/ledger.yaml'));
    const none = await client.request<ChangesResult>(CHANGES_AT_REQUEST, {
      textDocument: { uri: service },
      position: { line: 3, character: 4 },
    });
    assert.deepEqual(none.changes, []);
  });

  it('svcm/recordEdits: Link Commits and New Release edits on the text given, comments kept; refusals in words', async () => {
    const uri = uriOf(path.join(root, 'sm', 'changes', 'CHG-2026-0100.yaml'));
    const text = [
      '# unsaved, with a comment',
      ...change('CHG-2026-0100', ['status: implemented  # shipped', 'commits:', '  - "abc1234"'])
        .split('\n')
        .filter((l) => l !== ''),
      '',
    ].join('\n');
    const edits = (edit: RecordEditsParams['edit'], given = text) =>
      client.request<RecordEditsResult>(RECORD_EDITS_REQUEST, { uri, text: given, edit } satisfies RecordEditsParams);
    /** The text with the edits applied (ranges into the text given, applied last first). */
    const applied = (result: RecordEditsResult, given = text) => {
      const offsets = given.split('\n').reduce<number[]>((acc, l) => [...acc, acc[acc.length - 1] + l.length + 1], [0]);
      const at = (p: { line: number; character: number }) => offsets[p.line] + p.character;
      let out = given;
      for (const e of [...result.edits].sort((a, b) => at(b.range.start) - at(a.range.start)))
        out = out.slice(0, at(e.range.start)) + e.newText + out.slice(at(e.range.end));
      return out;
    };
    const linked = await edits({ kind: 'linkCommits', change: 'CHG-2026-0100', commits: ['abc1234', 'def5678'] });
    assert.equal(linked.refused, undefined);
    assert.equal(applied(linked), text.replace('    - "abc1234"\n', '    - "abc1234"\n    - "def5678"\n'));
    // Every commit listed already: nothing to do.
    assert.deepEqual((await edits({ kind: 'linkCommits', change: 'CHG-2026-0100', commits: ['abc1234'] })).edits, []);
    const released = await edits({
      kind: 'setRelease',
      changes: ['CHG-2026-0100', 'CHG-2026-0999'],
      release: 'REL-2026.12.1',
    });
    assert.match(
      applied(released),
      /^# unsaved, with a comment\n[\s\S]*status: implemented {2}# shipped\n[\s\S]*release: REL-2026\.12\.1\n/,
    );
    assert.deepEqual(await edits({ kind: 'linkCommits', change: 'CHG-2026-0999', commits: ['abc1234'] }), {
      edits: [],
      refused: 'CHG-2026-0999 is no longer in sm/changes/CHG-2026-0100.yaml',
    });
    const broken = text.replace('risk: low', 'risk: [low');
    assert.deepEqual(await edits({ kind: 'linkCommits', change: 'CHG-2026-0100', commits: ['def5678'] }, broken), {
      edits: [],
      refused: 'sm/changes/CHG-2026-0100.yaml has YAML syntax errors: fix them first',
    });
    const bad = await client.send(RECORD_EDITS_REQUEST, { uri, text, edit: { kind: 'rewrite' } }).response;
    assert.equal(bad.error?.code, -32602);
  });

  it('svcm/names: names and titles of a kind, sorted', async () => {
    const names = (kind: string) => client.request<NamesResult>(NAMES_REQUEST, { folder, kind }).then((r) => r.names);
    assert.deepEqual(await names('Team'), [{ name: 'platform', title: 'Platform Team' }, { name: 'storefront' }]);
    assert.deepEqual(await names('Release'), [{ name: 'REL-2026.11.1' }]);
    assert.deepEqual(await names('Service'), [
      { name: 'checkout-web' },
      { name: 'ledger' },
      { name: 'payments-api', title: 'Payments API' },
    ]);
  });

  it('svcm/newKnowledge: the services owning the active file, the owner of the first service, the unknown ones', async () => {
    const result = await client.request<NewKnowledgeResult>(NEW_KNOWLEDGE_REQUEST, {
      folder,
      path: 'src/payments/retry.ts',
    });
    assert.deepEqual(result.owning, ['payments-api']);
    assert.equal(result.services.length, 3);
    assert.equal(result.owner, undefined);
    const chosen = await client.request<NewKnowledgeResult>(NEW_KNOWLEDGE_REQUEST, {
      folder,
      services: ['nowhere', 'ledger', 'payments-api'],
    });
    assert.equal(chosen.owner, 'storefront');
    assert.deepEqual(chosen.unknown, ['nowhere']);
    assert.deepEqual(chosen.owning, []);
  });

  it('bad parameters are InvalidParams errors that say what is wrong; the server goes on', async () => {
    const unknownFolder = await error(NEXT_ID_REQUEST, {
      folder: 'file:///nowhere',
      kind: 'Change',
      today: '2026-11-30',
    });
    assert.equal(unknownFolder.code, -32602);
    assert.match(unknownFolder.message, /not a workspace folder/);
    assert.equal((await error(NEXT_ID_REQUEST, { folder, kind: 'Team', today: '2026-11-30' })).code, -32602);
    assert.match((await error(NEXT_ID_REQUEST, { folder, kind: 'Change', today: 'today' })).message, /today/);
    assert.match((await error(RAISE_CHANGE_REQUEST, { folder, changedFiles: 'src/a.ts' })).message, /changedFiles/);
    assert.equal((await error(NAMES_REQUEST, [folder])).code, -32602);
    assert.equal((await error(CHANGES_AT_REQUEST, { textDocument: {} })).code, -32602);
    assert.equal((await error(COMMAND_FOLDERS_REQUEST, { defines: { kind: 'Service', names: 'x' } })).code, -32602);
    const next = await client.request<NextIdResult>(NEXT_ID_REQUEST, {
      folder,
      kind: 'Knowledge',
      today: '2026-11-30',
    });
    assert.equal(next.id, 'KB-0008');
    // vscode-jsonrpc sends `sendRequest(method, params, undefined)` as the list `[params, null]`: answered the same.
    const listed = await client.request<NextIdResult>(NEXT_ID_REQUEST, [
      { folder, kind: 'Knowledge', today: '2026-11-30' },
      null,
    ]);
    assert.equal(listed.id, 'KB-0008');
    assert.ok(!client.stderr.includes('internal error'), client.stderr);
  });
});
