// Runs inside a real VS Code (scripts/run-integration.js) on a generated workspace:
// how long the first index takes, and how long an edit takes to show in diagnostics.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SvcmApi } from '../src/extension';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Applies an edit and resolves with the milliseconds until the file's svcm diagnostics satisfy `done`. */
function timeEdit(document: vscode.TextDocument, edit: vscode.WorkspaceEdit, done: (d: readonly vscode.Diagnostic[]) => boolean): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const timer = setTimeout(() => reject(new Error('no diagnostics within 20 s')), 20_000);
    const sub = vscode.languages.onDidChangeDiagnostics((e) => {
      if (!e.uris.some((u) => u.toString() === document.uri.toString())) return;
      if (!done(vscode.languages.getDiagnostics(document.uri).filter((d) => d.source === 'svcm'))) return;
      clearTimeout(timer);
      sub.dispose();
      resolve(performance.now() - started);
    });
    void vscode.workspace.applyEdit(edit);
  });
}

suite('editor bench', () => {
  test('first index, and edit to diagnostics', async function () {
    this.timeout(600_000);
    const started = performance.now();
    const api = (await vscode.extensions.getExtension('svcm.svcm')!.activate()) as SvcmApi;
    await api.ready();
    const records = api.model.allFolders().reduce((n, f) => n + f.index.records().length, 0);
    console.log(`BENCH first index and validation: ${Math.round(performance.now() - started)} ms for ${records} records`);

    const folder = vscode.workspace.workspaceFolders![0].uri;
    const document = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder, 'service-management/changes/CHG-2026-00042.yaml'));
    await vscode.window.showTextDocument(document);
    for (const debounce of [250, 0]) {
      await vscode.workspace.getConfiguration('svcm').update('validation.debounce', debounce, vscode.ConfigurationTarget.Workspace);
      const times: number[] = [];
      for (let i = 0; i < 20; i++) {
        const line = document.getText().split('\n').findIndex((l) => l.startsWith('  risk:'));
        const bad = i % 2 === 0;
        const edit = new vscode.WorkspaceEdit();
        edit.replace(document.uri, document.lineAt(line).range, bad ? '  risk: extreme' : '  risk: low');
        times.push(await timeEdit(document, edit, (d) => d.some((x) => x.code === 'schema') === bad));
      }
      console.log(`BENCH edit to diagnostics (debounce ${debounce} ms): median ${median(times).toFixed(0)} ms, max ${Math.max(...times).toFixed(0)} ms over ${times.length} edits`);
    }
    assert.ok(records > 0);
  });
});
