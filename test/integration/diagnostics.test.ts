import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { SvcmApi } from '../../src/extension';
import { FOREIGN_YAML, MISSING_BACKOUT_PLAN, MISTAKES, SCHEMA_TYPO, UNKNOWN_REFERENCE, type Mistake } from './fixture';
import {
  covered,
  discard,
  editorSuite,
  diskPath,
  fileUri,
  lines,
  listing,
  open,
  positionOf,
  readDisk,
  relativePath,
  svcmDiagnostics,
  waitFor,
  workspaceDiagnostics,
  writeDisk,
} from './util';

/** A diagnostic as a person reads it: code, severity, message and the text it underlines. */
type Seen = Omit<Mistake, 'file'>;

/** The svcm diagnostics of a file, read against the text the editor has for it (open and unsaved, or on disk). */
function seen(file: string): Seen[] {
  const uri = fileUri(file);
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = open ? open.getText() : fs.existsSync(diskPath(file)) ? readDisk(file) : '';
  return svcmDiagnostics(uri)
    .map((d) => ({ code: String(d.code), severity: d.severity, message: d.message, covers: covered(text, d.range) }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

function expected(...mistakes: Seen[]): Seen[] {
  return mistakes
    .map(({ code, severity, message, covers }) => ({ code, severity, message, covers }))
    .sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}

function same(a: unknown, b: unknown): boolean {
  try {
    assert.deepStrictEqual(a, b);
    return true;
  } catch {
    return false;
  }
}

/** Waits until `file` shows exactly `mistakes`, then asserts it (so a failure prints the difference). */
async function expectSeen(file: string, mistakes: Seen[], what: string): Promise<void> {
  const want = expected(...mistakes);
  await waitFor(what, () => same(seen(file), want), {
    explain: () => `${file} shows:\n${JSON.stringify(seen(file), null, 2)}`,
  });
  assert.deepEqual(seen(file), want);
}

const isOpen = (file: string) => vscode.workspace.textDocuments.some((d) => relativePath(d.uri) === file);

suite('diagnostics', function () {
  this.timeout(120000);
  let api: SvcmApi;
  editorSuite((ready) => (api = ready));

  test('appear for files never opened, on the node at fault, and nowhere else', async () => {
    for (const mistake of MISTAKES) assert.ok(!isOpen(mistake.file), `${mistake.file} was opened before the test`);
    for (const mistake of MISTAKES) await expectSeen(mistake.file, [mistake], `${mistake.code} in ${mistake.file}`);
    await api.settled();
    const files = [...new Set(workspaceDiagnostics().map((d) => d.file))].sort();
    assert.deepEqual(
      files,
      MISTAKES.map((m) => m.file).sort(),
      `files with diagnostics:\n${listing(workspaceDiagnostics())}`,
    );
  });

  test('typing fixes a diagnostic before the file is saved, and reverting brings it back', async () => {
    const { file } = UNKNOWN_REFERENCE;
    const editor = await open(file);
    // `paymnts-api` -> `payments-api`: one character, typed where a person would type it.
    const at = positionOf(editor.document, 'paymnts-api', 'paym'.length);
    editor.selection = new vscode.Selection(at, at);
    await vscode.commands.executeCommand('type', { text: 'e' });
    assert.match(editor.document.getText(), /services: \[payments-api\]/);
    await expectSeen(file, [], 'the unknown reference is gone after typing');
    assert.equal(editor.document.isDirty, true, 'the document was saved');
    assert.match(readDisk(file), /paymnts-api/, 'the file on disk changed');

    await discard(editor.document.uri);
    await expectSeen(file, [UNKNOWN_REFERENCE], 'the unknown reference is back after reverting');
  });

  test('an unsaved edit to a record is seen in the unopened records that name it', async () => {
    const service = 'service-management/services/ledger.yaml';
    const dependents = [MISSING_BACKOUT_PLAN.file, SCHEMA_TYPO.file];
    for (const file of dependents) assert.ok(!isOpen(file), `${file} was opened before the test`);
    const editor = await open(service);
    const name = positionOf(editor.document, 'name: ledger', 'name: '.length);
    await editor.edit((edit) => edit.replace(new vscode.Range(name, name.translate(0, 'ledger'.length)), 'ledgr'));
    const dangling: Seen = {
      code: 'unknown-reference',
      severity: vscode.DiagnosticSeverity.Error,
      message: "unknown service 'ledger': did you mean 'ledgr'?",
      covers: 'ledger',
    };
    await expectSeen(
      MISSING_BACKOUT_PLAN.file,
      [MISSING_BACKOUT_PLAN, dangling],
      'the change names a service that is now gone',
    );
    await expectSeen(
      SCHEMA_TYPO.file,
      [SCHEMA_TYPO, dangling],
      'the knowledge record names a service that is now gone',
    );
    assert.equal(editor.document.isDirty, true);

    await discard(editor.document.uri);
    await expectSeen(MISSING_BACKOUT_PLAN.file, [MISSING_BACKOUT_PLAN], 'the change is back to its own mistake');
    await expectSeen(SCHEMA_TYPO.file, [SCHEMA_TYPO], 'the knowledge record is back to its own mistake');
  });

  test('files written, changed and deleted outside the editor are validated, with the records that depend on them', async () => {
    const change = 'service-management/changes/CHG-2026-0913.yaml';
    const service = 'service-management/services/paymnts-api.yaml';
    const record = (risk: string, testPlan: string[]) =>
      lines(
        'apiVersion: svcm/v1',
        'kind: Change',
        'metadata:',
        '  name: CHG-2026-0913',
        'spec:',
        '  type: normal',
        '  services: [payments-api]',
        '  summary: Move the gateway to the new region',
        `  risk: ${risk}`,
        '  impact: low',
        '  status: draft',
        '  implementationPlan: Deploy payments-api in the new region',
        '  backoutPlan: Deploy in the old region',
        ...testPlan,
      );
    try {
      writeDisk(change, record('extreme', ['  testPlan: Run the payment smoke tests']));
      // A service of that name makes the misspelt reference of another, unopened, change resolve.
      writeDisk(
        service,
        lines(
          'apiVersion: svcm/v1',
          'kind: Service',
          'metadata:',
          '  name: paymnts-api',
          'spec:',
          '  owner: platform',
          '  phase: alpha',
          '  tier: 4',
        ),
      );
      const badRisk: Seen = {
        code: 'schema',
        severity: vscode.DiagnosticSeverity.Error,
        message: "'extreme' is not a valid spec.risk: use low, medium or high",
        covers: 'extreme',
      };
      await expectSeen(change, [badRisk], 'a new file with a mistake');
      await expectSeen(UNKNOWN_REFERENCE.file, [], 'a reference resolved by a new file');

      writeDisk(change, record('high', []));
      const noTestPlan: Seen = {
        code: 'test-plan-required',
        severity: vscode.DiagnosticSeverity.Warning,
        message: 'normal change CHG-2026-0913 has no testPlan: say how you will know it worked',
        covers: 'spec',
      };
      await expectSeen(change, [noTestPlan], 'a file changed on disk');
    } finally {
      fs.rmSync(diskPath(change), { force: true });
      fs.rmSync(diskPath(service), { force: true });
    }
    await expectSeen(change, [], 'a deleted file');
    await expectSeen(
      UNKNOWN_REFERENCE.file,
      [UNKNOWN_REFERENCE],
      'the reference dangles again once the service is deleted',
    );
  });

  test('a file renamed on disk keeps its diagnostics under the new name', async () => {
    const from = MISSING_BACKOUT_PLAN.file;
    const to = 'service-management/changes/ledger-close.yaml';
    const mismatch: Seen = {
      code: 'name-file-mismatch',
      severity: vscode.DiagnosticSeverity.Warning,
      message:
        "the file 'ledger-close.yaml' holds change CHG-2026-0912: rename it to CHG-2026-0912.yaml (or CHG-2026-0912-<words>.yaml), so that the record is found by its id",
      covers: 'CHG-2026-0912',
    };
    fs.renameSync(diskPath(from), diskPath(to));
    try {
      await expectSeen(to, [MISSING_BACKOUT_PLAN, mismatch], 'the renamed file');
      await expectSeen(from, [], 'the old name');
    } finally {
      if (fs.existsSync(diskPath(to))) fs.renameSync(diskPath(to), diskPath(from));
    }
    await expectSeen(from, [MISSING_BACKOUT_PLAN], 'the file renamed back');
    await expectSeen(to, [], 'the name it had');
  });

  test('a folder renamed on disk (as a checkout does) keeps the diagnostics of the files inside', async () => {
    const from = 'service-management/knowledge';
    const to = 'service-management/kb';
    const moved = SCHEMA_TYPO.file.replace(`${from}/`, `${to}/`);
    fs.renameSync(diskPath(from), diskPath(to));
    try {
      await expectSeen(moved, [SCHEMA_TYPO], 'a file in the renamed folder');
      await expectSeen(SCHEMA_TYPO.file, [], 'the file at its old place');
      // KB-0912 still defines the knowledge record: nothing in the workspace lost a reference.
      assert.deepEqual(
        workspaceDiagnostics().filter((d) => d.code === 'unknown-reference' && d.file !== UNKNOWN_REFERENCE.file),
        [],
      );
    } finally {
      if (fs.existsSync(diskPath(to))) fs.renameSync(diskPath(to), diskPath(from));
    }
    await expectSeen(SCHEMA_TYPO.file, [SCHEMA_TYPO], 'the folder renamed back');
    await expectSeen(moved, [], 'the folder name it had');
  });

  test("YAML that is not svcm's gets no diagnostics, also while it is edited", async () => {
    const uri = fileUri(FOREIGN_YAML);
    assert.deepEqual(vscode.languages.getDiagnostics(uri), []);
    const editor = await open(FOREIGN_YAML);
    // Words that mean something in a record mean nothing here.
    await editor.edit((edit) => edit.insert(new vscode.Position(1, 0), 'kind: Change\nspec: { risk: extreme }\n'));
    // The client sends the edit before the request of settled(), and the server applies what it was
    // sent before answering it: settled, the server has checked the edited text.
    await api.settled();
    assert.deepEqual(vscode.languages.getDiagnostics(uri), []);
    await discard(uri);
  });
});
