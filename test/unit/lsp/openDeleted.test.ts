// Files deleted on disk while the client holds their documents open (VS Code holds a document an
// extension opened for minutes after its editor closes): a document holding what the disk held
// follows the disk; one with unsaved text keeps being checked, through a rescan too. The BUILT
// `svcm lsp --stdio`, spawned, and a plain LSP client.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI, requireBuiltCli, TempDirs, writeTree } from '../cliSupport';
import { LspClient, type Diagnostic } from './lspClient';

const uriOf = (abs: string) => pathToFileURL(abs).toString();
const change = (name: string, service: string) =>
  [
    'apiVersion: svcm/v1',
    'kind: Change',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  type: normal',
    `  services: [${service}]`,
    '  summary: Something',
    '  risk: low',
    '  impact: low',
    '  status: draft',
    '  implementationPlan: Deploy it',
    '  backoutPlan: Deploy the previous version',
    '  testPlan: Run the smoke tests',
    '',
  ].join('\n');

describe('svcm lsp: open documents whose files are deleted on disk', function () {
  this.timeout(60_000);
  const temp = new TempDirs();
  let client: LspClient;
  after(() => {
    client?.kill();
    temp.cleanup();
  });

  it('a document holding what the disk held loses its findings; one with unsaved text is still checked, through a rescan too', async () => {
    requireBuiltCli();
    const root = temp.make('svcm-lsp-open-deleted-');
    const saved = path.join(root, 'changes', 'CHG-2026-0001.yaml');
    const edited = path.join(root, 'changes', 'CHG-2026-0002.yaml');
    writeTree(root, {
      'changes/CHG-2026-0001.yaml': change('CHG-2026-0001', 'saved-missing'),
      'changes/CHG-2026-0002.yaml': change('CHG-2026-0002', 'edited-missing'),
    });
    client = new LspClient(process.execPath, [CLI, 'lsp', '--stdio'], root);
    await client.request('initialize', {
      processId: process.pid,
      rootUri: uriOf(root),
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
      initializationOptions: { settings: { svcm: { validation: { debounce: 0 } } } },
    });
    client.notify('initialized', {});
    await client.request('svcm/status');
    const names = (file: string) => (client.lastDiagnostics(uriOf(file)) as Diagnostic[]).map((d) => d.message);
    for (const file of [saved, edited])
      client.notify('textDocument/didOpen', {
        textDocument: { uri: uriOf(file), languageId: 'yaml', version: 1, text: fs.readFileSync(file, 'utf8') },
      });
    // The user edits one of them (unsaved): it now names another missing service.
    const text = fs.readFileSync(edited, 'utf8').replace('edited-missing', 'typed-missing');
    client.notify('textDocument/didChange', {
      textDocument: { uri: uriOf(edited), version: 2 },
      contentChanges: [{ text }],
    });
    await client.request('svcm/status');
    assert.match(names(saved).join('\n'), /'saved-missing'/);
    assert.match(names(edited).join('\n'), /'typed-missing'/);

    // Both files deleted on disk (a checkout); the client still holds both documents.
    fs.rmSync(saved);
    fs.rmSync(edited);
    client.notify('workspace/didChangeWatchedFiles', {
      changes: [saved, edited].map((file) => ({ uri: uriOf(file), type: 3 })),
    });
    await client.request('svcm/status');
    assert.deepEqual(names(saved), [], 'the saved document should follow its deleted file');
    assert.match(names(edited).join('\n'), /'typed-missing'/, 'the unsaved text should still be checked');

    // A rescan reads the disk again: the unsaved text is still what the user sees, and still checked.
    const status = await client.request<{ folders: { records: number }[] }>('svcm/rescan');
    assert.equal(status.folders[0].records, 1);
    assert.deepEqual(names(saved), []);
    assert.match(names(edited).join('\n'), /'typed-missing'/);

    // Closed without saving: the disk (no file) is the truth again.
    client.notify('textDocument/didClose', { textDocument: { uri: uriOf(edited) } });
    await client.request('svcm/status');
    assert.deepEqual(names(edited), []);
    await client.request('shutdown');
    client.notify('exit');
    assert.equal(await client.waitForExit(), 0);
  });
});
