// svcm in Restricted Mode (docs/commands.md, "Writing is safe"): run by `npm run test:untrusted`, which
// opens the fixture workspace untrusted (scripts/run-integration.js --untrusted). Reading
// and validating work; every command that writes refuses, returns undefined and writes
// nothing; the rename provider gives no edit; svcm runs no git.
import * as assert from 'node:assert/strict';
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SvcmApi } from '../../src/extension';
import { MISTAKES } from '../integration/fixture';
import {
  closeAll,
  diskPath,
  fileUri,
  lines,
  listing,
  positionOf,
  relativePath,
  svcm,
  waitFor,
  within,
  workspaceDiagnostics,
  workspaceFolder,
  writeDisk,
} from '../integration/util';
// The module object itself (not an ES namespace copy), so that the spy below sees what the extension calls.
// eslint-disable-next-line @typescript-eslint/no-require-imports
import childProcess = require('node:child_process');

/**
 * Every child process started in this extension host from here on. svcm runs git through
 * `child_process.execFile` of this same module (src/node/git.ts; the bundle reads the property
 * at each call), so wrapping the module's functions sees each git svcm would run. It is
 * installed when this file loads, before any command runs; the extension API does not expose
 * its git feature (GitPorts), so this is the observation we have.
 */
const spawned: { fn: string; command: string }[] = [];
const SPIED = ['spawn', 'spawnSync', 'execFile', 'execFileSync', 'exec', 'execSync', 'fork'] as const;
for (const name of SPIED) {
  const original = childProcess[name] as (...args: unknown[]) => unknown;
  Object.defineProperty(childProcess, name, {
    configurable: true,
    writable: true,
    value: function (this: unknown, ...args: unknown[]) {
      const rest = Array.isArray(args[1]) ? ` ${(args[1] as unknown[]).join(' ')}` : '';
      spawned.push({ fn: name, command: `${String(args[0])}${rest}` });
      return original.apply(this, args);
    },
  });
}
const isGit = (command: string) => /(^|[\s/\\])git(\.exe)?(\s|$)/.test(command);

/** Every file and folder under the workspace folder, with each file's size, modification time and content hash. */
function snapshot(): string[] {
  const root = workspaceFolder().uri.fsPath;
  const out: string[] = [];
  for (const entry of fs.readdirSync(root, { recursive: true, withFileTypes: true })) {
    const full = path.join(entry.parentPath, entry.name);
    const relative = path.relative(root, full).split(path.sep).join('/');
    if (entry.isDirectory()) out.push(`${relative}/`);
    else {
      const stat = fs.lstatSync(full);
      const hash = entry.isFile()
        ? crypto.createHash('sha256').update(fs.readFileSync(full)).digest('hex').slice(0, 16)
        : 'link';
      out.push(`${relative} ${stat.size} ${stat.mtimeMs} ${hash}`);
    }
  }
  return out.sort();
}

// Files outside the workspace are left out: VS Code edits its own User/settings.json through a
// document and saves it moments later, so it can be dirty while a command runs (seen on a clean clone).
const dirtyDocuments = () =>
  vscode.workspace.textDocuments
    .filter((d) => d.isDirty && (d.uri.scheme !== 'file' || relativePath(d.uri) !== undefined))
    .map((d) => relativePath(d.uri) ?? d.uri.toString());

/** The fixture's mistakes in the shape workspaceDiagnostics() lists them (file, code, message). */
const expectedMistakes = () => MISTAKES.map((m) => `${m.file} ${m.code} ${m.message}`).sort();
const publishedMistakes = () =>
  workspaceDiagnostics()
    .map((d) => `${d.file} ${d.code} ${d.message}`)
    .sort();

suite('Restricted Mode: reading and validating work', function () {
  this.timeout(120000);
  let api: SvcmApi;

  test('the workspace is not trusted', () => {
    assert.equal(
      vscode.workspace.isTrusted,
      false,
      'the run was meant to open the folder in Restricted Mode (run-integration.js --untrusted)',
    );
  });

  test('the extension activates in Restricted Mode', async () => {
    api = await svcm();
    assert.equal(vscode.extensions.getExtension('svcm.svcm')?.isActive, true);
  });

  test("the fixture's deliberate diagnostics are published, and nothing else", async () => {
    await waitFor(
      'the fixture diagnostics',
      () => JSON.stringify(publishedMistakes()) === JSON.stringify(expectedMistakes()),
      {
        explain: () => `published:\n${listing(workspaceDiagnostics())}`,
      },
    );
    await api.settled();
    assert.deepEqual(publishedMistakes(), expectedMistakes());
  });

  test('Validate Workspace counts them', async () => {
    const totals = await within(
      60000,
      'svcm.validateWorkspace',
      vscode.commands.executeCommand<{ errors: number; warnings: number; infos: number }>('svcm.validateWorkspace'),
    );
    assert.deepEqual(totals, { errors: MISTAKES.length, warnings: 0, infos: 0 });
  });

  test('go to definition reads across files', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri('service-management/services/checkout-web.yaml'));
    const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
      'vscode.executeDefinitionProvider',
      document.uri,
      positionOf(document, 'payments-api', 1),
    );
    const targets = found.map((l) => relativePath('targetUri' in l ? l.targetUri : l.uri));
    assert.deepEqual(targets, ['service-management/services.yaml']);
  });
});

suite('Restricted Mode: nothing is written and no git runs', function () {
  this.timeout(120000);
  let api: SvcmApi;
  let before: string[];
  let gitBefore: number;

  /**
   * An implemented change with no commits and no release, written (as from outside) before the
   * snapshot: without the trust check New Release would release it and Link Commits would edit it,
   * so their refusals below are not merely "nothing to do".
   */
  const IMPLEMENTED = 'service-management/changes/CHG-2026-0905.yaml';

  suiteSetup(async () => {
    api = await svcm();
    writeDisk(
      IMPLEMENTED,
      lines(
        'apiVersion: svcm/v1',
        'kind: Change',
        'metadata:',
        '  name: CHG-2026-0905',
        'spec:',
        '  type: normal',
        '  services: [payments-api]',
        '  summary: Retry card authorisations once on a gateway timeout',
        '  risk: low',
        '  impact: low',
        '  status: implemented',
        '  implementationPlan:',
        '    - Deploy payments-api with the retry enabled',
        '  backoutPlan: Turn the retry flag off',
        '  testPlan: Run the payment smoke tests',
        '  window: { start: "2026-11-20T18:00:00Z", end: "2026-11-20T19:00:00Z" }',
        '  approvals:',
        '    - { by: Dana Reyes, role: peer, decision: approved, at: "2026-11-19T10:00:00Z" }',
      ),
    );
    // Opened, the language server has it before anything that follows; settled, it has indexed it.
    await vscode.workspace.openTextDocument(fileUri(IMPLEMENTED));
    await api.settled();
    const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>(
      'vscode.executeWorkspaceSymbolProvider',
      'CHG-2026-0905',
    );
    assert.deepEqual(
      symbols.filter((s) => s.name === 'CHG-2026-0905').map((s) => relativePath(s.location.uri)),
      [IMPLEMENTED],
      'the language server has not indexed the implemented change',
    );
    before = snapshot();
    gitBefore = spawned.filter((s) => isGit(s.command)).length;
  });

  teardown(async () => {
    // Nothing was written, so no document can be dirty: closeAll() asserts it.
    await closeAll();
  });

  suiteTeardown(() => {
    fs.rmSync(diskPath(IMPLEMENTED), { force: true });
  });

  /** Runs a command: it returns undefined (refused) and leaves the workspace folder and the open documents as they were. */
  async function refuses(command: string, ...args: unknown[]): Promise<void> {
    const result = await within(30000, command, vscode.commands.executeCommand(command, ...args));
    assert.equal(result, undefined, `${command} returned ${String(result)}`);
    assert.deepEqual(dirtyDocuments(), [], `${command} left unsaved edits`);
    assert.deepEqual(snapshot(), before, `${command} changed the workspace folder`);
  }

  test('Raise Change', () =>
    refuses('svcm.raiseChange', { type: 'normal', services: ['payments-api'], summary: 'x', acceptDefaults: true }));

  test('New Service with every argument', () =>
    refuses('svcm.newService', {
      name: 'fraud-check',
      title: 'Fraud check',
      owner: 'platform',
      phase: 'beta',
      tier: 3,
    }));

  test('New Knowledge Record with every argument', () =>
    refuses('svcm.newKnowledgeRecord', {
      type: 'runbook',
      title: 'Restart the payments API',
      services: ['payments-api'],
    }));

  test('New Release with acceptDefaults', () => refuses('svcm.newRelease', { acceptDefaults: true }));

  test('Link Commits with its arguments', () =>
    refuses('svcm.linkCommits', { change: 'CHG-2026-0905', commits: ['0123456789abcdef0123456789abcdef01234567'] }));

  test('Create Starter Catalogue', () => refuses('svcm.createStarterCatalogue'));

  test('the rename provider gives no edit', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri('service-management/services/ledger.yaml'));
    let edit: vscode.WorkspaceEdit | undefined;
    let refused: unknown;
    try {
      edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit | undefined>(
        'vscode.executeDocumentRenameProvider',
        document.uri,
        positionOf(document, 'name: ledger', 6),
        'general-ledger',
      );
    } catch (error) {
      refused = error;
    }
    assert.ok(
      refused !== undefined || !edit || edit.size === 0,
      `the rename provider gave an edit of ${edit?.size} file(s)`,
    );
    if (refused) assert.match(String(refused instanceof Error ? refused.message : refused), /untrusted/);
    assert.deepEqual(dirtyDocuments(), []);
    assert.deepEqual(snapshot(), before);
  });

  test('no git process was started while the commands ran', () => {
    const git = spawned.filter((s) => isGit(s.command));
    assert.deepEqual(git.slice(gitBefore), [], 'git ran in an untrusted workspace');
    // Nor at any time since this file loaded (the extension may have activated earlier; it starts git only for a command).
    assert.deepEqual(git, []);
  });
});
