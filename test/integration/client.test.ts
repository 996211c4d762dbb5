// The extension as a client of the language server (docs/language-server.md, "VS Code"):
// a server that dies is started again, the user is told, and diagnostics and features come back.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { SvcmApi } from '../../src/extension';
import {
  diskPath,
  editorSuite,
  fileUri,
  lines,
  positionOf,
  relativePath,
  svcmDiagnostics,
  waitFor,
  within,
  workspaceDiagnostics,
  writeDisk,
} from './util';

/** The next value an event fires. */
function next<T>(event: vscode.Event<T>): Promise<T> {
  return new Promise((resolve) => {
    const subscription = event((value) => {
      subscription.dispose();
      resolve(value);
    });
  });
}

suite('language server client', function () {
  this.timeout(120000);
  let api: SvcmApi;
  editorSuite((ready) => (api = ready));

  test('a server that dies is restarted, the user is told with "Show Log", and diagnostics and features come back', async () => {
    await api.settled();
    const before = workspaceDiagnostics();
    assert.ok(before.length > 0, 'the fixture has diagnostics to bring back');
    const pid = api.client.serverPid;
    assert.ok(pid !== undefined && pid !== process.pid, 'the server runs in a process of its own');

    const told = next(api.client.onDidTellUser);
    const restarted = next(api.client.onDidRestart);
    process.kill(pid, 'SIGKILL');
    assert.match(await within(30000, 'the user is told', told), /stopped unexpectedly and was restarted/);
    await within(60000, 'the server is started again', restarted);
    const again = api.client.serverPid;
    assert.ok(again !== undefined && again !== pid, `a new server process (was ${pid}, now ${again})`);

    // Every diagnostic is back, from the new server.
    await within(60000, 'the new server settles', api.settled());
    assert.deepEqual(workspaceDiagnostics(), before);

    // The new server watches the disk and answers requests.
    const file = 'service-management/changes/CHG-2026-0990.yaml';
    try {
      writeDisk(
        file,
        lines(
          'apiVersion: svcm/v1',
          'kind: Change',
          'metadata:',
          '  name: CHG-2026-0990',
          'spec:',
          '  type: standard',
          '  services: [payments-apj]',
          '  summary: After the restart',
        ),
      );
      await waitFor('the new file is diagnosed by the new server', () =>
        svcmDiagnostics(fileUri(file)).some((d) => d.code === 'unknown-reference'),
      );
      const document = await vscode.workspace.openTextDocument(
        fileUri('service-management/services/checkout-web.yaml'),
      );
      const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
        'vscode.executeDefinitionProvider',
        document.uri,
        positionOf(document, 'payments-api', 1),
      );
      assert.deepEqual(
        found.map((l) => relativePath('targetUri' in l ? l.targetUri : l.uri)),
        ['service-management/services.yaml'],
      );
    } finally {
      fs.rmSync(diskPath(file), { force: true });
    }
    await waitFor('the new file is gone from the diagnostics', () => svcmDiagnostics(fileUri(file)).length === 0);
  });

  test('a request without a token reaches a handler as its params and a token (not as [params, null])', async () => {
    // The server's workspace/symbol handler reads its token from the second argument.
    const symbols = await api.client.sendRequest<{ name: string }[]>('workspace/symbol', { query: 'payments-api' });
    assert.ok(
      symbols.some((s) => s.name === 'payments-api'),
      JSON.stringify(symbols.map((s) => s.name)),
    );
    const cancelled = new vscode.CancellationTokenSource();
    cancelled.cancel();
    await assert.rejects(
      api.client.sendRequest('workspace/symbol', { query: 'payments-api' }, cancelled.token),
      /cancel/i,
      'a cancelled token reaches the request',
    );
  });
});
