// Backstage catalogue files in the real VS Code (docs/backstage.md, "In the editor"): diagnostics in
// catalog-info.yaml, owner completion, rename across every written form of a reference, hover.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import {
  caret,
  covered,
  diskPath,
  editorSuite,
  fileUri,
  lines,
  open,
  positionOf,
  readDisk,
  relativePath,
  svcmDiagnostics,
  waitFor,
  writeDisk,
} from './util';

const ORG = 'backstage/org.yaml';
const PETSTORE = 'backstage/petstore/catalog-info.yaml';
const WEB = 'backstage/web/catalog-info.yaml';
const SCRATCH = 'backstage/scratch/catalog-info.yaml';

const component = (name: string, owner: string, ...spec: string[]) =>
  lines(
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  type: service',
    '  lifecycle: production',
    `  owner: ${owner}`,
    ...spec,
  );

const FILES: Record<string, string> = {
  [ORG]: lines(
    'apiVersion: backstage.io/v1alpha1',
    'kind: Group',
    'metadata:',
    '  name: storefront-team',
    '  title: Storefront team',
    'spec: {type: team, children: []}',
    '---',
    'apiVersion: backstage.io/v1alpha1',
    'kind: User',
    'metadata:',
    '  name: jane',
    'spec: {memberOf: [storefront-team]}',
  ),
  [PETSTORE]: component('petstore', 'storefront-team', '  system: shop').replace(
    '  name: petstore\n',
    '  name: petstore\n  title: Pet Store\n',
  ),
  // A misspelt owner (Groups are closed: the workspace defines one), and every written form of a reference to petstore.
  [WEB]: component(
    'web',
    'storefrnt-team',
    '  dependsOn: [component:default/petstore, component:petstore]',
    '  subcomponentOf: petstore',
  ),
};

suite('Backstage catalogues', function () {
  this.timeout(120000);
  // Before editorSuite's own teardown (which waits for a quiet editor): the files go first.
  suiteTeardown(async () => {
    fs.rmSync(diskPath('backstage'), { recursive: true, force: true });
    await waitFor('the Backstage files forgotten', () => svcmDiagnostics(fileUri(WEB)).length === 0 || undefined);
  });
  editorSuite(() => undefined);

  suiteSetup(async () => {
    for (const [file, text] of Object.entries(FILES)) writeDisk(file, text);
    writeDisk(SCRATCH, '');
    // Written from outside: the server's watcher picks them up; wait until the misspelt owner is reported.
    await waitFor('the misspelt owner reported', () => svcmDiagnostics(fileUri(WEB)).length > 0);
  });

  test("diagnostics in catalog-info.yaml: a misspelt owner, at the owner, with the Group's name", async () => {
    const [diagnostic, ...rest] = svcmDiagnostics(fileUri(WEB));
    assert.deepEqual(rest, []);
    assert.equal(diagnostic.code, 'unknown-reference');
    assert.equal(diagnostic.severity, vscode.DiagnosticSeverity.Error);
    assert.match(diagnostic.message, /did you mean 'storefront-team'/);
    assert.equal(covered(readDisk(WEB), diagnostic.range), 'storefrnt-team');
    assert.deepEqual(svcmDiagnostics(fileUri(PETSTORE)), []);
  });

  test('completion of an owner offers the Groups (bare) and the Users (with their kind), not svcm Teams', async () => {
    const { text, position } = caret(component('new-one', '|'));
    const editor = await open(SCRATCH);
    await editor.edit((edit) => edit.insert(new vscode.Position(0, 0), text));
    const list = await vscode.commands.executeCommand<vscode.CompletionList>(
      'vscode.executeCompletionItemProvider',
      editor.document.uri,
      position,
    );
    const references = list.items
      .filter((i) => i.kind === vscode.CompletionItemKind.Reference)
      .map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
    assert.deepEqual(references.sort(), ['storefront-team', 'user:jane']);
    const group = list.items.find((i) => (typeof i.label === 'string' ? i.label : i.label.label) === 'storefront-team');
    assert.match(String(group?.detail), /Storefront team/);
  });

  test('rename of a Component rewrites component:default/x, component:x and bare x alike', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri(PETSTORE));
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
      'vscode.executeDocumentRenameProvider',
      document.uri,
      positionOf(document, 'name: petstore', 6),
      'pet-shop',
    );
    assert.ok(edit, 'no rename edit');
    const touched = edit
      .entries()
      .flatMap(([uri, edits]) =>
        edits.map((e) => `${relativePath(uri)} ${covered(readDisk(relativePath(uri)!), e.range)}->${e.newText}`),
      )
      .sort();
    assert.deepEqual(touched, [
      `${PETSTORE} petstore->pet-shop`,
      `${WEB} component:default/petstore->component:default/pet-shop`,
      `${WEB} component:petstore->component:pet-shop`,
      `${WEB} petstore->pet-shop`,
    ]);
  });

  test('hover on an entity reference shows the entity: kind, title, owner, lifecycle, system', async () => {
    const document = await vscode.workspace.openTextDocument(fileUri(WEB));
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
      'vscode.executeHoverProvider',
      document.uri,
      positionOf(document, 'component:petstore', 12),
    );
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /Pet Store.*Component/);
    assert.match(text, /owner: storefront\\?-team/);
    assert.match(text, /lifecycle: production/);
    assert.match(text, /system: shop/);
  });
});
