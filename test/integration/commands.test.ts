import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SvcmApi } from '../../src/extension';
import type { ServicesTreeNode } from '../../src/editor/tree/servicesTree';
import {
  closeAll,
  discard,
  diskPath,
  emptyHeldDocuments,
  fileUri,
  indexed,
  lines,
  readDisk,
  relativePath,
  svcm,
  svcmDiagnostics,
  waitFor,
  workspaceDiagnostics,
  writeDisk,
  workspaceGit,
} from './util';

const CHANGES = 'service-management/changes';
const BRANCH = 'feature/retry-card-auth';
const YEAR = new Date().getUTCFullYear();
const MONTH = new Date().toISOString().slice(0, 7).replace('-', '.');
/** The fixture's change ids run up to CHG-2026-0912 (only ids of the current year count). */
const changeId = (n: number) =>
  YEAR === 2026 ? `CHG-2026-${String(912 + n).padStart(4, '0')}` : `CHG-${YEAR}-${String(n).padStart(4, '0')}`;

/** An implemented change with no commits and no release (New Release offers it; the quick fix links commits to it). */
const IMPLEMENTED = 'service-management/changes/CHG-2026-0905.yaml';
const IMPLEMENTED_TEXT = lines(
  '# Implemented last week; the release is still to be planned.',
  'apiVersion: svcm/v1',
  'kind: Change',
  'metadata:',
  '  name: CHG-2026-0905   # the id',
  'spec:',
  '  type: normal',
  '  services: [payments-api]   # flow style, kept',
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
  '',
  '# reviewed by the payments team',
);

/** A service node of the Services view, found by walking the tree as the view does. */
async function findService(
  api: SvcmApi,
  element: ServicesTreeNode | undefined,
  name: string,
): Promise<ServicesTreeNode | undefined> {
  for (const node of await api.tree.getChildren(element)) {
    if (node.type === 'catalogue' && node.node.type === 'service' && node.node.name === name) return node;
    if (node.type === 'folder' || node.node.type === 'group') {
      const found = await findService(api, node, name);
      if (found) return found;
    }
  }
  return undefined;
}

const codesOf = (uri: vscode.Uri) =>
  svcmDiagnostics(uri)
    .map((d) => String(d.code))
    .sort();

suite('commands that write records', function () {
  this.timeout(180000);
  let api: SvcmApi;
  let root: string;
  /** shas of the branch's commits, oldest first */
  const shas: string[] = [];
  /** Everything the suite writes, removed at the end so that the suites after it see the fixture as checked in. */
  const written = new Set<string>(['.git', 'src', IMPLEMENTED]);

  const git = (...args: string[]) => workspaceGit(root, ...args);

  const track = (uri: vscode.Uri | undefined) => {
    assert.ok(uri instanceof vscode.Uri, `the command returned ${String(uri)}, not a Uri`);
    const relative = relativePath(uri);
    assert.ok(relative, `${uri.toString()} is outside the workspace folder`);
    written.add(relative);
    return relative;
  };

  suiteSetup(async () => {
    api = await svcm();
    root = vscode.workspace.workspaceFolders![0].uri.fsPath;
    assert.ok(!fs.existsSync(path.join(root, '.git')), 'the workspace copy is a git repository already');
    execFileSync('git', ['init', '-q', '-b', 'main', root]);
    git('add', '-A');
    git('commit', '-q', '-m', 'The fixture catalogue');
    git('checkout', '-q', '-b', BRANCH);
    writeDisk('src/payments/handler.ts', 'export const retries = 1;\n');
    git('add', 'src/payments/handler.ts');
    git('commit', '-q', '-m', 'Retry card authorisations once');
    shas.push(git('rev-parse', 'HEAD'));
    writeDisk('src/ledger/close.ts', 'export const closeAt = "00:00Z";\n');
    git('add', 'src/ledger/close.ts');
    git('commit', '-q', '-m', 'Book retried payments once');
    shas.push(git('rev-parse', 'HEAD'));
  });

  teardown(async () => {
    for (const document of vscode.workspace.textDocuments)
      if (document.isDirty && document.uri.scheme !== 'untitled') await discard(document.uri);
    await closeAll();
  });

  suiteTeardown(async () => {
    for (const document of vscode.workspace.textDocuments)
      if (document.isDirty && document.uri.scheme !== 'untitled') await discard(document.uri);
    await closeAll();
    // The commands opened what they wrote, and a document outlives its editor for a while: emptied first,
    // what lingers of it holds no record, whatever re-reads the open documents later.
    await emptyHeldDocuments(written);
    for (const file of written) fs.rmSync(diskPath(file), { recursive: true, force: true });
    const left = () =>
      workspaceDiagnostics().filter((d) =>
        [...written].some((file) => d.file === file || d.file.startsWith(`${file}/`)),
      );
    await waitFor('the records the suite wrote are gone', () => left().length === 0, {
      explain: () => JSON.stringify(left(), null, 2),
    });
    await api.settled();
  });

  test('Raise Change with acceptDefaults: services, commits and branch from git, the risk from the highest tier, the next id', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('svcm.raiseChange', {
      acceptDefaults: true,
    });
    const file = track(uri);
    const id = changeId(1);
    assert.equal(file, `${CHANGES}/${id}.yaml`);
    assert.equal(
      readDisk(file),
      lines(
        'apiVersion: svcm/v1',
        'kind: Change',
        'metadata:',
        `  name: ${id}`,
        'spec:',
        '  type: normal',
        '  services:',
        '    - ledger',
        '    - payments-api',
        '  summary: Retry card auth',
        '  risk: high # suggested: payments-api is tier 1',
        '  impact: high # blast radius: checkout-web',
        '  status: draft',
        '  implementationPlan: # TODO: the steps that make the change, in order',
        '  backoutPlan: "" # TODO: how to undo the change if it goes wrong',
        '  testPlan: "" # TODO: how you will know it worked',
        `  branch: ${BRANCH}`,
        '  commits:',
        `    - "${shas[1]}"`,
        `    - "${shas[0]}"`,
      ),
    );
    // Opened, the cursor where the person starts: the implementation plan.
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.toString(), uri!.toString());
    assert.deepEqual(
      [editor!.selection.active.line, editor!.selection.active.character],
      [13, '  implementationPlan: '.length],
    );
    // What is left to fill in is what the Problems panel lists.
    await waitFor(
      'the placeholders are reported',
      () => codesOf(uri!).join() === 'backout-plan-required,schema,test-plan-required',
      { explain: () => codesOf(uri!).join() },
    );
  });

  test('Raise Change never overwrites: a file that holds the next id by hand is left alone and the id after it is used', async () => {
    const reserved = `${CHANGES}/${changeId(2)}.yaml`;
    writeDisk(reserved, '# reserved by hand for the next change\n');
    written.add(reserved);
    const before = readDisk(`${CHANGES}/${changeId(1)}.yaml`);
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('svcm.raiseChange', {
      acceptDefaults: true,
      summary: 'The next change',
    });
    assert.equal(track(uri), `${CHANGES}/${changeId(3)}.yaml`);
    assert.equal(readDisk(reserved), '# reserved by hand for the next change\n');
    assert.equal(readDisk(`${CHANGES}/${changeId(1)}.yaml`), before);
    assert.match(
      readDisk(`${CHANGES}/${changeId(3)}.yaml`),
      /\n {2}name: CHG-\d{4}-\d{4}\n[\s\S]*\n {2}summary: The next change\n/,
    );
  });

  test('Raise Change with every argument asks nothing and writes what it was given', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('svcm.raiseChange', {
      type: 'emergency',
      services: ['ledger'],
      summary: 'Stop double bookings',
    });
    const file = track(uri);
    const text = readDisk(file);
    assert.match(
      text,
      /\n {2}type: emergency\n {2}services:\n {4}- ledger\n {2}summary: Stop double bookings\n {2}risk: low # suggested: ledger is tier 3\n {2}impact: low\n/,
    );
    assert.ok(!text.includes('testPlan'), 'an emergency change has no test plan placeholder');
    await waitFor(
      'the emergency placeholders are reported',
      () => codesOf(uri!).join() === 'backout-plan-required,schema',
      { explain: () => codesOf(uri!).join() },
    );
  });

  test('Raise Change refuses a changes folder outside the workspace folder, and writes nothing', async () => {
    const settings = diskPath('.vscode');
    const hadSettings = fs.existsSync(settings);
    const config = vscode.workspace.getConfiguration('svcm', vscode.workspace.workspaceFolders![0].uri);
    await config.update('changesFolder', '../outside', vscode.ConfigurationTarget.WorkspaceFolder);
    try {
      const before = fs.readdirSync(diskPath(CHANGES)).sort();
      const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('svcm.raiseChange', {
        acceptDefaults: true,
      });
      assert.equal(uri, undefined);
      assert.ok(!fs.existsSync(path.join(root, '..', 'outside')), 'a folder was created outside the workspace folder');
      assert.deepEqual(fs.readdirSync(diskPath(CHANGES)).sort(), before);
    } finally {
      await config.update('changesFolder', undefined, vscode.ConfigurationTarget.WorkspaceFolder);
      if (!hadSettings) fs.rmSync(settings, { recursive: true, force: true });
    }
  });

  test('an implemented change with no commits offers "Link commits to …"', async () => {
    writeDisk(IMPLEMENTED, IMPLEMENTED_TEXT);
    // Opened, the language server has its text before any request that follows (the client sends it first).
    const document = await vscode.workspace.openTextDocument(fileUri(IMPLEMENTED));
    const at = document.positionAt(document.getText().indexOf('status: implemented'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      new vscode.Range(at, at),
    );
    const link = actions.find((a) => a.title === 'Link commits to CHG-2026-0905');
    assert.ok(link, `no link action among: ${actions.map((a) => a.title).join(', ')}`);
    assert.equal(link.kind?.value, vscode.CodeActionKind.QuickFix.value);
    assert.equal(link.command?.command, 'svcm.linkCommits');
    assert.deepEqual(link.command?.arguments, [{ change: 'CHG-2026-0905' }]);
    assert.deepEqual(svcmDiagnostics(document.uri), [], 'the implemented change is valid');
  });

  test('Link Commits appends to spec.commits, quoted, comments and formatting kept, commits already there skipped', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('svcm.linkCommits', {
      change: 'CHG-2026-0905',
      commits: [shas[0]],
    });
    assert.equal(track(uri), IMPLEMENTED);
    const once = readDisk(IMPLEMENTED);
    assert.equal(
      once,
      IMPLEMENTED_TEXT.replace(
        '"2026-11-19T10:00:00Z" }\n',
        `"2026-11-19T10:00:00Z" }\n  commits:\n    - "${shas[0]}"\n`,
      ),
    );
    await vscode.commands.executeCommand('svcm.linkCommits', {
      change: 'CHG-2026-0905',
      commits: [shas[0], shas[1].slice(0, 12)],
    });
    assert.equal(
      readDisk(IMPLEMENTED),
      once.replace(`    - "${shas[0]}"\n`, `    - "${shas[0]}"\n    - "${shas[1].slice(0, 12)}"\n`),
    );
    const document = await vscode.workspace.openTextDocument(uri!);
    assert.equal(document.isDirty, false, 'a document that had no unsaved edits is saved');
    const at = document.positionAt(document.getText().indexOf('status: implemented'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>(
      'vscode.executeCodeActionProvider',
      document.uri,
      new vscode.Range(at, at),
    );
    assert.ok(
      !actions.some((a) => a.title.startsWith('Link commits to')),
      'the action is still offered on a change that lists commits',
    );
  });

  test('Link Commits refuses what is not a SHA, and a change that does not exist', async () => {
    const before = readDisk(IMPLEMENTED);
    assert.equal(
      await vscode.commands.executeCommand('svcm.linkCommits', { change: 'CHG-2026-0905', commits: ['not-a-sha'] }),
      undefined,
    );
    assert.equal(
      await vscode.commands.executeCommand('svcm.linkCommits', { change: 'CHG-2026-0999', commits: [shas[0]] }),
      undefined,
    );
    assert.equal(readDisk(IMPLEMENTED), before);
  });

  test('New Release with acceptDefaults: the implemented change, linked both ways, its unsaved edits kept', async () => {
    // Someone is editing the change and has not saved: the command must not lose that.
    const editor = await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fileUri(IMPLEMENTED)), {
      preview: false,
    });
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), '# unsaved note\n'));
    assert.ok(editor.document.isDirty);
    const onDisk = readDisk(IMPLEMENTED);

    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('svcm.newRelease', {
      acceptDefaults: true,
    });
    const file = track(uri);
    const name = MONTH === '2026.11' ? 'REL-2026.11.10' : `REL-${MONTH}.1`;
    assert.equal(file, `service-management/releases/${name}.yaml`);
    assert.equal(
      readDisk(file),
      lines(
        'apiVersion: svcm/v1',
        'kind: Release',
        'metadata:',
        `  name: ${name}`,
        'spec:',
        `  version: "${name.slice(4)}"`,
        '  services:',
        '    - payments-api',
        '  changes:',
        '    - CHG-2026-0905',
        '  status: planned',
      ),
    );
    // The change names the release in the editor, on top of the unsaved edit, and stays unsaved.
    assert.ok(editor.document.isDirty, 'the edited document was saved');
    assert.equal(readDisk(IMPLEMENTED), onDisk);
    const text = editor.document.getText();
    assert.ok(text.startsWith('# unsaved note\n# Implemented last week'), text);
    assert.ok(text.includes(`\n  release: ${name}\n`), text);
    assert.ok(
      text.includes('  name: CHG-2026-0905   # the id\n') && text.endsWith('\n# reviewed by the payments team\n'),
      text,
    );
    // Linked both ways: once the server has both (settled), neither side reports a release mismatch (nor anything else).
    await api.settled();
    assert.deepEqual(await indexed(name), [file]);
    assert.deepEqual(
      [...svcmDiagnostics(uri!), ...svcmDiagnostics(editor.document.uri)].map((d) => d.code),
      [],
    );
    await editor.document.save();
  });

  test('New Release offers nothing when no implemented change is waiting', async () => {
    const releases = fs.readdirSync(diskPath('service-management/releases')).sort();
    assert.equal(await vscode.commands.executeCommand('svcm.newRelease', { acceptDefaults: true }), undefined);
    assert.deepEqual(fs.readdirSync(diskPath('service-management/releases')).sort(), releases);
  });

  test('New Knowledge Record with every argument: the next KB id, a file named after the title, valid as written', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('svcm.newKnowledgeRecord', {
      type: 'runbook',
      title: 'Restart the payments API',
      services: ['payments-api'],
    });
    const file = track(uri);
    assert.equal(file, 'service-management/knowledge/KB-0913-restart-the-payments-api.md');
    const text = readDisk(file);
    assert.ok(
      text.startsWith(
        '---\napiVersion: svcm/v1\nkind: Knowledge\nmetadata:\n  name: KB-0913\n  title: Restart the payments API\nspec:\n  type: runbook\n  services:\n    - payments-api\n  owner: platform\n',
      ),
      text,
    );
    assert.match(text, /\n---\n\n# Restart the payments API\n\n## When to use this\n/);
    await api.settled();
    assert.deepEqual(await indexed('KB-0913'), [file]);
    assert.deepEqual(codesOf(uri!), []);

    const knownError = await vscode.commands.executeCommand<vscode.Uri | undefined>('svcm.newKnowledgeRecord', {
      type: 'known-error',
      title: 'Refunds time out',
      services: ['payments-api'],
    });
    assert.equal(track(knownError), 'service-management/knowledge/KB-0914-refunds-time-out.md');
    await waitFor(
      'the known error asks for its workaround',
      () => codesOf(knownError!).join() === 'known-error-workaround',
      { explain: () => codesOf(knownError!).join() },
    );
  });

  test('New Service with every argument writes a valid service; a taken or invalid name is refused', async () => {
    const uri = await vscode.commands.executeCommand<vscode.Uri | undefined>('svcm.newService', {
      name: 'fraud-check',
      title: 'Fraud check',
      owner: 'platform',
      phase: 'beta',
      tier: 3,
    });
    assert.equal(track(uri), 'service-management/services/fraud-check.yaml');
    assert.ok(
      readDisk('service-management/services/fraud-check.yaml').startsWith(
        'apiVersion: svcm/v1\nkind: Service\nmetadata:\n  name: fraud-check\n  title: Fraud check\nspec:\n  owner: platform\n  phase: beta\n  tier: 3\n',
      ),
    );
    await api.settled();
    assert.deepEqual(await indexed('fraud-check'), ['service-management/services/fraud-check.yaml']);
    assert.deepEqual(codesOf(uri!), []);

    const ledger = readDisk('service-management/services/ledger.yaml');
    assert.equal(
      await vscode.commands.executeCommand('svcm.newService', {
        name: 'ledger',
        title: 'Ledger',
        owner: 'platform',
        phase: 'beta',
        tier: 3,
      }),
      undefined,
    );
    assert.equal(readDisk('service-management/services/ledger.yaml'), ledger);
    assert.equal(
      await vscode.commands.executeCommand('svcm.newService', {
        name: 'Not Valid',
        title: '',
        owner: 'platform',
        phase: 'beta',
        tier: 3,
      }),
      undefined,
    );
    assert.equal(
      await vscode.commands.executeCommand('svcm.newService', {
        name: 'tier-nine',
        title: '',
        owner: 'platform',
        phase: 'beta',
        tier: 9,
      }),
      undefined,
    );
    assert.ok(!fs.existsSync(diskPath('service-management/services/tier-nine.yaml')));
  });

  test('Raise Change for a service of the Services view: that service, the type and summary asked', async () => {
    const node = await findService(api, undefined, 'payments-api');
    assert.ok(node, 'payments-api is not in the Services view');
    let result: vscode.Uri | undefined | null = null;
    const running = Promise.resolve(
      vscode.commands.executeCommand<vscode.Uri | undefined>('svcm.raiseChangeForService', node),
    ).then((uri) => (result = uri));
    // The type pick (normal first), then the summary (prefilled from git): accept each as it comes up.
    // Quick input has no event for "shown", so accepting is retried until the command returns.
    const deadline = Date.now() + 30000;
    while (result === null) {
      if (Date.now() > deadline) {
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        assert.fail('Raise Change for a service did not finish after its questions were answered');
      }
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 250))]);
    }
    const file = track(result ?? undefined);
    assert.match(
      readDisk(file),
      /\n {2}type: normal\n {2}services:\n {4}- payments-api\n {2}summary: Retry card auth\n {2}risk: high # suggested: payments-api is tier 1\n {2}impact: high # blast radius: checkout-web, ledger\n/,
    );
  });

  test('commit messages complete the open change ids, with their summaries', async () => {
    assert.ok(
      (await vscode.languages.getLanguages()).includes('git-commit'),
      'the git-commit language is not known here',
    );
    // A message as git leaves it for the editor (COMMIT_EDITMSG), on disk so that nothing is left unsaved.
    writeDisk('commit/COMMIT_EDITMSG', 'Retry card authorisations\n\nImplements CHG-');
    written.add('commit');
    const document = await vscode.languages.setTextDocumentLanguage(
      await vscode.workspace.openTextDocument(fileUri('commit/COMMIT_EDITMSG')),
      'git-commit',
    );
    const end = document.positionAt(document.getText().length);
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      document.uri,
      end,
      '-',
    );
    const ids = new Map(
      list.items
        .filter((i) => i.kind === vscode.CompletionItemKind.Reference)
        .map((i) => [typeof i.label === 'string' ? i.label : i.label.label, i.detail]),
    );
    assert.equal(ids.get('CHG-2026-0901'), 'Retry card authorisations once on a gateway timeout');
    assert.equal(ids.get(changeId(1)), 'Retry card auth');
    assert.ok(!ids.has('CHG-2026-0902'), 'a closed change is offered');
  });
});
