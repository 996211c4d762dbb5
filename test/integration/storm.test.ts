// A storm: while the user types in an open record, `git checkout` (real git) changes some 5,000
// record files at once. Once it settles, the editor shows exactly what `svcm validate` (the built
// CLI) prints for the same tree, file for file, and the unsaved edit is intact. Read through what
// VS Code itself holds (its diagnostics and documents), so it holds whoever computes them.
import * as assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SvcmApi } from '../../src/extension';
import {
  cli,
  cliWithUnsaved,
  closeAll,
  diskPath,
  discard,
  fileUri,
  lines,
  listing,
  svcm,
  svcmDiagnostics,
  workspaceDiagnostics,
  workspaceFolder,
  type PlainDiagnostic,
} from './util';

/** Where the repository lies in the workspace folder. */
const STORM = 'storm';
const SERVICES = { a: 100, b: 120 };
/** Changes of branch a; branch b keeps every tenth, changes the first half of the others, deletes the rest and adds as many as a has. */
const CHANGES = 2400;
/** The record the user types in: it differs between the branches. */
const TYPED = 11;

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const serviceName = (i: number) => `storm-svc-${pad(i, 3)}`;
const changeName = (i: number) => `CHG-2025-${pad(i, 4)}`;
const changePath = (i: number) => `changes/${changeName(i)}.yaml`;

function service(i: number, branch: 'a' | 'b'): string {
  return lines(
    'apiVersion: svcm/v1',
    'kind: Service',
    'metadata:',
    `  name: ${serviceName(i)}`,
    `  title: Storm service ${i}${branch === 'b' ? ', moved' : ''}`,
    'spec:',
    '  owner: platform',
    '  phase: beta',
    `  tier: ${branch === 'a' ? 3 : 4}`,
  );
}

/**
 * A change on a branch. Some name a service that does not exist, some misspell a field; which ones
 * differs between the branches. Every tenth is the same on both: its findings still change, as the
 * services it names come (storm-svc-100..119) and go (storm-svc-080..099) with the checkout.
 */
function change(i: number, branch: 'a' | 'b'): string {
  const same = i % 10 === 0;
  const target = same ? serviceName(i % 120) : serviceName(i % 100);
  const missing = !same && i % 50 === (branch === 'a' ? 7 : 9);
  const typo = !same && i % 40 === (branch === 'a' ? 3 : 5);
  const suffix = same ? '' : branch === 'a' ? ' (first cut)' : ' (second cut)';
  return lines(
    'apiVersion: svcm/v1',
    'kind: Change',
    'metadata:',
    `  name: ${changeName(i)}`,
    'spec:',
    '  type: normal',
    `  services: [${missing ? serviceName(900 + (i % 100)) : target}]`,
    `  ${typo ? 'summry' : 'summary'}: Storm change ${i}${suffix}`,
    '  risk: low',
    '  impact: low',
    '  status: draft',
    '  implementationPlan: Deploy it',
    '  backoutPlan: Deploy the previous version',
    '  testPlan: Run the smoke tests',
  );
}

/**
 * Branch a: 2,500 files (services 0..99, changes 1..2400). Branch b differs in about 4,800: services
 * 0..79 changed, 80..99 gone, 100..119 new; of the changes, every tenth the same, the others of the
 * first half changed, of the second half gone; 2401..5000 new. Branch a is small, so that setting
 * the stage is not a storm as large as the one the test is about.
 */
function branchFiles(branch: 'a' | 'b'): Map<string, string> {
  const files = new Map<string, string>();
  for (let i = 0; i < SERVICES[branch]; i++) {
    if (branch === 'b' && i >= 80 && i < 100) continue;
    files.set(`services/${serviceName(i)}.yaml`, service(i, branch));
  }
  for (let i = 1; i <= (branch === 'a' ? CHANGES : 2 * CHANGES + 200); i++) {
    if (branch === 'b' && i > CHANGES / 2 && i <= CHANGES && i % 10 !== 0) continue;
    files.set(changePath(i), change(i, branch));
  }
  return files;
}

function git(cwd: string, ...args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'git',
      ['-c', 'user.name=svcm tests', '-c', 'user.email=tests@example.com', '-c', 'commit.gpgsign=false', ...args],
      { cwd, encoding: 'utf8', timeout: 120000, maxBuffer: 64 * 1024 * 1024 },
      (error, stdout, stderr) =>
        error ? reject(new Error(`git ${args.join(' ')} failed: ${error.message}\n${stderr}`)) : resolve(stdout),
    );
  });
}

function writeFiles(root: string, files: Map<string, string>): void {
  for (const [rel, text] of files) {
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    fs.writeFileSync(path.join(root, rel), text);
  }
}

/** A repository with branches `a` and `b`, on branch `a`. */
async function makeRepository(where: string): Promise<void> {
  fs.mkdirSync(where);
  await git(where, 'init', '--quiet', '--initial-branch=a');
  writeFiles(where, branchFiles('a'));
  await git(where, 'add', '--all');
  await git(where, 'commit', '--quiet', '--message', 'branch a');
  await git(where, 'checkout', '--quiet', '-b', 'b');
  const b = branchFiles('b');
  for (const rel of branchFiles('a').keys()) if (!b.has(rel)) fs.rmSync(path.join(where, rel));
  writeFiles(where, b);
  await git(where, 'add', '--all');
  await git(where, 'commit', '--quiet', '--message', 'branch b');
  await git(where, 'checkout', '--quiet', 'a');
}

/**
 * Waits until the editor's svcm diagnostics for the workspace equal `expected`. Checked when
 * diagnostics change, at most every 200 ms (a storm fires thousands of events), and at the end.
 */
function settleTo(expected: PlainDiagnostic[], what: string, timeoutMs: number): Promise<void> {
  const want = JSON.stringify(expected);
  return new Promise<void>((resolve, reject) => {
    let scheduled: ReturnType<typeof setTimeout> | undefined;
    const finish = (error?: Error) => {
      clearTimeout(timer);
      clearTimeout(scheduled);
      subscription.dispose();
      if (error) reject(error);
      else resolve();
    };
    const check = () => {
      scheduled = undefined;
      if (JSON.stringify(workspaceDiagnostics()) === want) finish();
    };
    const subscription = vscode.languages.onDidChangeDiagnostics(() => (scheduled ??= setTimeout(check, 200)));
    const timer = setTimeout(() => {
      const now = new Set(workspaceDiagnostics().map((d) => JSON.stringify(d)));
      const wanted = new Set(expected.map((d) => JSON.stringify(d)));
      const only = (a: Set<string>, b: Set<string>) => {
        const list = [...a].filter((d) => !b.has(d));
        return `${list.length}:\n${listing(list.slice(0, 25).map((d) => JSON.parse(d) as PlainDiagnostic))}`;
      };
      finish(
        new Error(
          `${what}: not within ${timeoutMs} ms\nonly in the editor, ${only(now, wanted)}\nonly in the CLI, ${only(wanted, now)}`,
        ),
      );
    }, timeoutMs);
    check();
  });
}

suite('reliability: a storm of 5,000 files while the user types', function () {
  this.timeout(600000);
  let root: string;
  let repo: string;
  let api: SvcmApi;
  const phases: string[] = [];
  let last = 0;
  const phase = (what: string) => {
    phases.push(`${what} ${((Date.now() - last) / 1000).toFixed(1)} s`);
    last = Date.now();
  };

  suiteSetup(async () => {
    api = await svcm();
    await closeAll();
    root = workspaceFolder().uri.fsPath;
    repo = diskPath(STORM);
  });

  test('git checkout to another branch: the editor ends with what svcm validate prints, and the unsaved edit is kept', async () => {
    last = Date.now();
    // Built beside the folder, then moved in whole, as one rename: VS Code's own watcher on Linux
    // never watches the subfolders of such a folder, so the checkout below is seen only by a server
    // that watches on its own (docs/language-server.md).
    const outside = fs.mkdtempSync(path.join(path.dirname(root), 'storm-'));
    await makeRepository(path.join(outside, 'repo'));
    fs.renameSync(path.join(outside, 'repo'), repo);
    fs.rmSync(outside, { recursive: true, force: true });
    try {
      const before = await cli();
      assert.ok(
        before.filter((d) => d.file.startsWith(`${STORM}/`)).length > 100,
        'branch a should give the storm files findings of their own',
      );
      await settleTo(before, 'the editor shows the findings of branch a', 180000);
      phase('branch a moved in and settled');

      // The user opens a change and edits it, unsaved: it now names a service that branch b deletes.
      const rel = `${STORM}/${changePath(TYPED)}`;
      const document = await vscode.workspace.openTextDocument(fileUri(rel));
      const editor = await vscode.window.showTextDocument(document, { preview: false });
      const named = `[${serviceName(TYPED)}]`;
      const at = document.getText().indexOf(named);
      assert.ok(at > 0);
      assert.ok(
        await editor.edit((e) =>
          e.replace(
            new vscode.Range(document.positionAt(at), document.positionAt(at + named.length)),
            `[${serviceName(TYPED)}, ${serviceName(85)}]`,
          ),
        ),
      );
      const edited = document.getText();
      const summaryEnd = edited.indexOf('\n', edited.indexOf('summary:'));
      const summaryLine = document.positionAt(summaryEnd).line;

      // The storm: the checkout runs while the user goes on typing at the end of the summary.
      let checkedOut = false;
      const checkout = git(repo, 'checkout', '--quiet', 'b').finally(() => (checkedOut = true));
      const words = ' and more words typed during the checkout';
      let typed = '';
      while (!checkedOut || typed.length < 5) {
        const ch = words[typed.length % words.length];
        assert.ok(
          await editor.edit((e) => e.insert(document.lineAt(summaryLine).range.end, ch)),
          'the editor refused an edit',
        );
        typed += ch;
      }
      await checkout;
      const expected = edited.slice(0, summaryEnd) + typed + edited.slice(summaryEnd);
      assert.equal((await git(repo, 'status', '--porcelain')).trim(), '', 'the checkout left the tree unclean');

      phase(`checkout (${typed.length} characters typed meanwhile)`);

      // The same tree for the CLI: the files on disk, with the open document's text in place of its file.
      const after = await cliWithUnsaved([document]);
      assert.notDeepEqual(after, before, 'the checkout should change the findings');
      assert.ok(
        after.some((d) => d.file === rel && d.code === 'unknown-reference' && d.message.includes(serviceName(85))),
        'the CLI should see the unsaved edit name a service that branch b deletes',
      );
      await settleTo(after, 'after the storm, the editor shows what svcm validate prints for the same tree', 180000);
      await api.settled();
      assert.deepEqual(workspaceDiagnostics(), after, 'the editor moved on from what svcm validate prints');
      phase('settled after the checkout');

      // Nothing of the unsaved edit was lost: its text, still unsaved, and it is what svcm checked.
      assert.equal(document.getText(), expected, 'the unsaved edit changed');
      assert.equal(document.isDirty, true, 'the edit is no longer unsaved');
      assert.notEqual(fs.readFileSync(diskPath(rel), 'utf8'), document.getText());
      assert.ok(svcmDiagnostics(document.uri).some((d) => d.message.includes(`'${serviceName(85)}'`)));
    } finally {
      await discard(fileUri(`${STORM}/${changePath(TYPED)}`));
      await closeAll();
      // Moved out whole (one event), then removed.
      const gone = fs.mkdtempSync(path.join(path.dirname(root), 'storm-gone-'));
      if (fs.existsSync(repo)) fs.renameSync(repo, path.join(gone, 'repo'));
      fs.rmSync(gone, { recursive: true, force: true });
    }
    await settleTo(await cli(), 'the storm files are gone from the editor', 120000);
    phase('cleaned up');
    // For the record (the run time of npm test): how long each part took on this machine.
    console.log(`    storm: ${phases.join(', ')}`);
  });
});
