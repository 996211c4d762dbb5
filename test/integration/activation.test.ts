import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SvcmPublicApi } from '../../src/activate';
import { MISTAKES } from './fixture';
import { STATUS_REQUEST, type StatusResult } from '../../src/server/protocol';
import { indexed, svcm, waitFor, within, workspaceDiagnostics } from './util';

suite('activation', () => {
  test('the fixture workspace is open', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder is open');
    const records = await within(10000, 'findFiles', vscode.workspace.findFiles('service-management/*.yaml'));
    assert.deepEqual(records.map((uri) => uri.path.split('/').pop()).sort(), ['services.yaml', 'teams.yaml']);
  });

  test('activation registers every contributed command, indexes the records and publishes their diagnostics', async () => {
    const extension = vscode.extensions.getExtension<SvcmPublicApi>('svcm.svcm');
    assert.ok(extension, 'svcm.svcm is not installed in this extension host');
    const api = await svcm();

    // The exported API is what other extensions may rely on, and nothing of the internals.
    assert.deepEqual(Object.keys(extension.exports).sort(), ['onDidChangeIndex', 'ready', 'sendRequest', 'settled']);
    const status = await extension.exports.sendRequest<{ folders: { records: number }[] }>('svcm/status');
    assert.ok(status.folders[0].records >= 10, `svcm/status through the API: ${JSON.stringify(status)}`);

    // Every command package.json contributes has a handler (a missing registration fails here, not in a menu).
    const registered = new Set(await vscode.commands.getCommands(true));
    const contributed = (extension.packageJSON as { contributes: { commands: { command: string }[] } }).contributes
      .commands;
    assert.ok(contributed.length >= 10, `only ${contributed.length} commands contributed`);
    assert.deepEqual(
      contributed.map((c) => c.command).filter((id) => !registered.has(id)),
      [],
      'contributed commands without a handler',
    );

    // The first scan indexed the fixture's records, in the folder it opened.
    const served = await api.client.sendRequest<StatusResult>(STATUS_REQUEST);
    assert.deepEqual(
      served.folders.map((f) => f.uri),
      [vscode.workspace.workspaceFolders![0].uri.toString()],
    );
    assert.deepEqual(
      await indexed('payments-api'),
      ['service-management/services.yaml'],
      'payments-api is not indexed',
    );

    // ... and published the deliberate mistakes of files never opened.
    await waitFor('the deliberate mistakes are published', () =>
      MISTAKES.every((m) => workspaceDiagnostics().some((d) => d.file === m.file && d.code === m.code)),
    );
  });
});
