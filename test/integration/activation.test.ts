import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

/** Rejects after `ms` so a hung activation fails the test with a reason instead of the suite timeout. */
function within<T>(ms: number, what: string, promise: Thenable<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
    Promise.resolve(promise).then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}

suite('activation', () => {
  test('the fixture workspace is open', async () => {
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder, 'no workspace folder is open');
    const records = await within(10000, 'findFiles', vscode.workspace.findFiles('service-management/*.yaml'));
    assert.deepEqual(records.map((uri) => uri.path.split('/').pop()).sort(), ['services.yaml', 'teams.yaml']);
  });

  test('the extension is present and activates', async () => {
    const extension = vscode.extensions.getExtension('svcm.svcm');
    assert.ok(extension, 'svcm.svcm is not installed in this extension host');
    await within(20000, 'activation', extension.activate());
    assert.equal(extension.isActive, true);
  });
});
