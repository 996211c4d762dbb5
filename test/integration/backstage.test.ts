// Backstage catalogue files in the real VS Code (docs/backstage.md, "In the editor"): diagnostics in
// catalog-info.yaml, owner completion, rename across every written form of a reference, hover, the
// Components in the Services view regrouped, and the Component owning a file in the status bar and
// in Raise Change.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { SvcmApi } from '../../src/extension';
import type { ServicesTreeNode } from '../../src/editor/tree/servicesTree';
import {
  caret,
  closeAll,
  covered,
  diskPath,
  editorSuite,
  emptyHeldDocuments,
  eventually,
  fileUri,
  lines,
  open,
  positionOf,
  readDisk,
  relativePath,
  svcmDiagnostics,
  waitFor,
  within,
  workspaceFolder,
  writeDisk,
  workspaceGit,
} from './util';

const ORG = 'backstage/org.yaml';
const PETSTORE = 'backstage/petstore/catalog-info.yaml';
const WEB = 'backstage/web/catalog-info.yaml';
const SEARCH = 'backstage/search/catalog-info.yaml';
const SCRATCH = 'backstage/scratch/catalog-info.yaml';
/** A file of petstore's folder: the Component owns it (its catalog-info.yaml is the nearest above it). */
const PETSTORE_CODE = 'backstage/petstore/src/server.ts';
const UNOWNED = 'backstage/notes.txt';

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
  // Another System member, owned by a User, at another lifecycle: something to regroup.
  [SEARCH]: component('search', 'user:jane', '  system: shop').replace('production', 'experimental'),
};

interface Shown {
  node: ServicesTreeNode;
  item: vscode.TreeItem;
  label: string;
}

suite('Backstage catalogues', function () {
  this.timeout(120000);
  // Before editorSuite's own teardown (which waits for a quiet editor): the files go first.
  suiteTeardown(async () => {
    fs.rmSync(diskPath('backstage'), { recursive: true, force: true });
    await waitFor('the Backstage files forgotten', () => svcmDiagnostics(fileUri(WEB)).length === 0 || undefined);
  });
  let api: SvcmApi;
  editorSuite((ready) => (api = ready));

  suiteSetup(async () => {
    for (const [file, text] of Object.entries(FILES)) writeDisk(file, text);
    writeDisk(SCRATCH, '');
    // Written from outside: the server's watcher picks them up; wait until the misspelt owner is reported.
    await waitFor('the misspelt owner reported', () => svcmDiagnostics(fileUri(WEB)).length > 0);
  });

  /** The Services view's children of a node (the top level without one), as the view shows them. */
  async function children(element?: ServicesTreeNode): Promise<Shown[]> {
    return (await api.tree.getChildren(element)).map((node) => {
      const item = api.tree.getTreeItem(node);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      return { node, item, label };
    });
  }

  /** The node reached by following labels from the top. */
  async function at(...labels: string[]): Promise<Shown> {
    let shown: Shown | undefined;
    for (const label of labels) {
      const list = await children(shown?.node);
      shown = list.find((s) => s.label === label);
      assert.ok(shown, `no node '${label}' among ${list.map((s) => s.label).join(', ')}`);
    }
    return shown!;
  }

  /** The Components' groups, each with the Components under it: `{ 'shop': ['petstore', 'search'], … }`. */
  async function componentGroups(): Promise<Record<string, string[]>> {
    const out: Record<string, string[]> = {};
    for (const group of await children((await at('Backstage Components')).node))
      out[group.label] = (await children(group.node)).map((c) => c.label);
    return out;
  }

  const iconOf = (item: vscode.TreeItem) => (item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined);

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

  test('the Services view groups the Components by System, owner or lifecycle, from its menu and from the setting', async () => {
    const GROUP_COMPONENTS_BY = 'svcm.servicesView.groupComponentsBy';
    const setting = () => vscode.workspace.getConfiguration('svcm').get<string>('servicesView.groupComponentsBy');
    const regroup = (groupBy?: string) =>
      within(
        20000,
        GROUP_COMPONENTS_BY,
        vscode.commands.executeCommand<string | undefined>(GROUP_COMPONENTS_BY, ...(groupBy ? [groupBy] : [])),
      );
    try {
      // The heading, after the svcm groups; the menus match its context value.
      await eventually(
        [api.tree.onDidChangeTreeData as vscode.Event<unknown>, api.client.onDidChangeIndex],
        async () =>
          (await children()).some((s) => s.label === 'Backstage Components' && s.item.description === '3 components'),
        'the Services view did not list the three Components',
        30000,
      );
      const top = await children();
      assert.equal(top[top.length - 1].label, 'Backstage Components');
      assert.equal(top[top.length - 1].item.contextValue, 'svcm:components');

      // By System (the default): the System not defined here is named as written, the Component without one last.
      assert.equal(api.tree.componentGroupBy, 'system');
      assert.deepEqual(await componentGroups(), { shop: ['petstore', 'search'], 'No system': ['web'] });
      const shop = await at('Backstage Components', 'shop');
      assert.equal(shop.item.description, 'not in this workspace · 2 components');
      assert.equal(iconOf(shop.item), 'server-environment');
      const petstore = await at('Backstage Components', 'shop', 'petstore');
      assert.equal(petstore.item.contextValue, 'svcm:entity:component');
      assert.equal(petstore.item.description, 'service · production');

      // By owner, through the command (as the heading's inline button runs it, with the grouping given).
      assert.equal(await regroup('owner'), 'owner');
      assert.equal(api.tree.componentGroupBy, 'owner');
      assert.equal(setting(), 'owner');
      assert.deepEqual(await componentGroups(), {
        jane: ['search'],
        'storefrnt-team': ['web'],
        'Storefront team': ['petstore'],
      });
      const team = await at('Backstage Components', 'Storefront team');
      assert.equal(team.item.description, 'storefront-team · 1 component');
      assert.equal(iconOf(team.item), 'organization');
      assert.equal(
        (await at('Backstage Components', 'storefrnt-team')).item.description,
        'not in this workspace · 1 component',
      );
      // The svcm services keep their own grouping.
      assert.equal(api.tree.groupBy, 'phase');
      assert.ok((await children()).some((s) => s.label === 'Live'));

      // By lifecycle, through the setting (as the Settings editor writes it).
      let fired = false;
      const subscription = api.tree.onDidChangeTreeData(() => (fired = true));
      try {
        await vscode.workspace
          .getConfiguration('svcm')
          .update('servicesView.groupComponentsBy', 'lifecycle', vscode.ConfigurationTarget.Workspace);
        await eventually(
          api.tree.onDidChangeTreeData,
          () => fired && api.tree.componentGroupBy === 'lifecycle',
          'the Services view did not regroup the Components when the setting changed',
        );
      } finally {
        subscription.dispose();
      }
      assert.deepEqual(await componentGroups(), { experimental: ['search'], production: ['petstore', 'web'] });
      assert.equal(iconOf((await at('Backstage Components', 'production')).item), 'layers');

      // Without an argument (the palette), it asks: the first choice is System.
      let result: string | undefined | null = null;
      const running = Promise.resolve(vscode.commands.executeCommand<string | undefined>(GROUP_COMPONENTS_BY)).then(
        (groupBy) => (result = groupBy),
      );
      const deadline = Date.now() + 20000;
      while (result === null) {
        if (Date.now() > deadline) {
          await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
          assert.fail('Group Components By… did not take the choice');
        }
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
        await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 250))]);
      }
      assert.equal(result, 'system');
      assert.equal(api.tree.componentGroupBy, 'system');
      assert.deepEqual(Object.keys(await componentGroups()), ['shop', 'No system']);

      // A grouping the view does not know is refused, and nothing changes.
      assert.equal(await regroup('tier'), undefined);
      assert.equal(api.tree.componentGroupBy, 'system');
    } finally {
      await vscode.workspace
        .getConfiguration('svcm')
        .update('servicesView.groupComponentsBy', undefined, vscode.ConfigurationTarget.Workspace);
      await eventually(
        api.tree.onDidChangeTreeData,
        () => api.tree.componentGroupBy === 'system',
        'the Services view did not go back to grouping the Components by System',
      ).catch(() => undefined);
    }
  });

  test('the status bar names the Component that owns the active file', async () => {
    writeDisk(PETSTORE_CODE, 'export const timeoutMs = 2000;\n');
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fileUri(PETSTORE_CODE)));
      await eventually(
        api.statusBar.onDidUpdate,
        () => api.statusBar.shown !== undefined,
        'the status bar did not name the owning Component',
        20000,
      );
      const shown = api.statusBar.shown!;
      assert.equal(shown.text, '$(symbol-module) petstore');
      assert.equal(shown.warning, false);
      // The tooltip is the Component's card, and its map link focuses the Component by its full reference.
      assert.match(shown.tooltip ?? '', /Pet Store/);
      assert.ok(
        shown.tooltip?.includes(encodeURIComponent(JSON.stringify([{ focus: 'component:default/petstore' }]))),
        shown.tooltip,
      );
      // A file of a folder no Component is defined in (backstage/ holds only Groups and Users): nothing owns it.
      writeDisk(UNOWNED, 'nothing owns this\n');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fileUri(UNOWNED)));
      await eventually(
        api.statusBar.onDidUpdate,
        () => api.statusBar.shown === undefined,
        'the status bar did not hide for a file nothing owns',
        20000,
      );
    } finally {
      await closeAll();
    }
  });

  test('Raise Change for a file of the Component names the Component, with its dependents as the blast radius', async () => {
    const root = workspaceFolder().uri.fsPath;
    assert.ok(!fs.existsSync(path.join(root, '.git')), 'the workspace copy is a git repository already');
    const git = (...args: string[]) => workspaceGit(root, ...args);
    let written: string | undefined;
    const settings = vscode.workspace.getConfiguration('svcm');
    try {
      // Written under backstage/ (removed with it), not where the commands suite writes its next change id:
      // VS Code holds a document for a while after its editor closes, and would give that suite this one.
      await settings.update('changesFolder', 'backstage/changes', vscode.ConfigurationTarget.Workspace);
      execFileSync('git', ['init', '-q', '-b', 'main', root]);
      git('add', '-A');
      git('commit', '-q', '-m', 'The catalogue');
      git('checkout', '-q', '-b', 'petstore-timeout');
      writeDisk(PETSTORE_CODE, 'export const timeoutMs = 5000;\n');
      git('add', PETSTORE_CODE);
      git('commit', '-q', '-m', 'Give the pet store five seconds');
      const uri = await within(
        30000,
        'svcm.raiseChange',
        vscode.commands.executeCommand<vscode.Uri | undefined>('svcm.raiseChange', { acceptDefaults: true }),
      );
      assert.ok(uri instanceof vscode.Uri, `Raise Change returned ${String(uri)}`);
      written = relativePath(uri);
      assert.match(written ?? '', /^backstage\/changes\/CHG-\d{4}-\d{4}\.yaml$/);
      const text = readDisk(written!);
      assert.match(text, /^ {2}services:\n {4}- "component:default\/petstore"\n {2}summary:/m);
      // web depends on petstore: the blast radius.
      assert.match(text, /^ {2}impact: \w+ # blast radius: component:default\/web$/m);
      assert.match(text, /^ {2}branch: petstore-timeout$/m);
      // The Change names the Component: the reference resolves (only the plans left to fill in are reported).
      await waitFor('the new change checked', () => {
        const codes = svcmDiagnostics(uri).map((d) => String(d.code));
        return codes.length > 0 && codes;
      });
      assert.ok(
        !svcmDiagnostics(uri).some((d) => d.code === 'unknown-reference'),
        svcmDiagnostics(uri)
          .map((d) => d.message)
          .join('\n'),
      );
    } finally {
      await closeAll();
      await settings.update('changesFolder', undefined, vscode.ConfigurationTarget.Workspace);
      fs.rmSync(path.join(root, '.git'), { recursive: true, force: true });
      if (written) {
        // Emptied before it goes, as the commands suite does: what lingers of its document holds no record.
        await emptyHeldDocuments([written]);
        fs.rmSync(diskPath(written), { force: true });
        await waitFor('the new change forgotten', () => svcmDiagnostics(fileUri(written!)).length === 0);
      }
    }
  });
});
