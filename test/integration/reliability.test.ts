// Trust boundaries and faults, in the real editor: links leading outside the
// workspace folder are not read (docs/security.md).
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SvcmApi } from '../../src/extension';
import { closeAll, diskPath, expectParity, lines, quiet, svcm, workspaceDiagnostics, workspaceFolder } from './util';

const SECRET = 'SECRET_TOKEN_abc123';

suite('reliability: the read boundary', function () {
  this.timeout(180000);
  let api: SvcmApi;

  suiteSetup(async () => {
    api = await svcm();
    await closeAll();
  });

  test('a symbolic link leading outside the workspace folder is not read; one inside is', async () => {
    const root = workspaceFolder().uri.fsPath;
    const outside = fs.mkdtempSync(path.join(path.dirname(root), 'outside-'));
    const secret = lines('apiVersion: svcm/v1', 'kind: Team', 'metadata:', '  name: leaked', 'spec:', `  ${SECRET}: 1`);
    fs.mkdirSync(path.join(outside, 'dir'));
    fs.writeFileSync(path.join(outside, 'secret.yaml'), secret);
    fs.writeFileSync(path.join(outside, 'dir', 'secret.yaml'), secret);
    // Inside the folder, under a name that is not a record file's: found only through the link.
    fs.mkdirSync(diskPath('links-inside'), { recursive: true });
    fs.writeFileSync(
      diskPath('links-inside/team.txt'),
      lines('apiVersion: svcm/v1', 'kind: Team', 'metadata:', '  name: linked-team', 'spec:', '  colour: red'),
    );
    const links = ['link-secret.yaml', 'linked-dir', 'link-inside.yaml'];
    try {
      fs.symlinkSync(path.join(outside, 'secret.yaml'), diskPath('link-secret.yaml'));
      fs.symlinkSync(path.join(outside, 'dir'), diskPath('linked-dir'));
      fs.symlinkSync('links-inside/team.txt', diskPath('link-inside.yaml'));
      const check = (when: string) => {
        const all = workspaceDiagnostics();
        assert.ok(!JSON.stringify(all).includes(SECRET), `${when}: the outside content was read`);
        assert.ok(
          all.some((d) => d.file === 'link-inside.yaml' && d.message === "unknown field 'colour' in spec"),
          `${when}: the link inside the folder was not read`,
        );
        assert.ok(!api.model.allFolders()[0].index.file('link-secret.yaml'), `${when}: the outside link is indexed`);
        assert.ok(!api.model.allFolders()[0].index.file('linked-dir/secret.yaml'), `${when}: read through a link`);
      };
      // Seen by the watcher, then by a full scan: the same answer, and the CLI's.
      await expectParity(api, 'the editor sees the links as the CLI does');
      check('after the watcher');
      await api.model.rescan();
      await expectParity(api, 'the editor rescans the links as the CLI does');
      check('after a rescan');
      // Opening the link shows the file (the person asked for it), but svcm does not index or check it.
      const opened = await vscode.workspace.openTextDocument(vscode.Uri.file(diskPath('link-secret.yaml')));
      await vscode.window.showTextDocument(opened);
      await api.settled();
      check('with the link open');
    } finally {
      await closeAll();
      for (const link of links) fs.rmSync(diskPath(link), { force: true });
      fs.rmSync(diskPath('links-inside'), { recursive: true, force: true });
      fs.rmSync(outside, { recursive: true, force: true });
    }
    await expectParity(api, 'the editor drops the links');
  });

  suiteTeardown(() => quiet(api));
});
