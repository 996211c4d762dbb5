import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { SvcmApi } from '../../src/extension';
import type { ServicesTreeNode } from '../../src/editor/tree/servicesTree';
import { STATUS_REQUEST, type StatusResult } from '../../src/server/protocol';
import { eventually as until, publishedTotals, quiet, svcm, within } from './util';

interface Shown {
  node: ServicesTreeNode;
  item: vscode.TreeItem;
  label: string;
}

suite('Services view and status bar', () => {
  let api: SvcmApi;
  let folder: vscode.Uri;
  const file = (path: string) => vscode.Uri.joinPath(folder, ...path.split('/'));
  const write = (path: string, text: string) =>
    vscode.workspace.fs.writeFile(file(path), new TextEncoder().encode(text));
  const read = async (path: string) => new TextDecoder().decode(await vscode.workspace.fs.readFile(file(path)));

  async function children(element?: ServicesTreeNode): Promise<Shown[]> {
    return (await api.tree.getChildren(element)).map((node) => {
      const item = api.tree.getTreeItem(node);
      const label = typeof item.label === 'string' ? item.label : (item.label?.label ?? '');
      return { node, item, label };
    });
  }

  /** The node reached by following labels from the top. */
  async function at(...path: string[]): Promise<Shown> {
    let shown: Shown | undefined;
    for (const label of path) {
      const list = await children(shown?.node);
      shown = list.find((s) => s.label === label);
      assert.ok(shown, `no node '${label}' among ${list.map((s) => s.label).join(', ')}`);
    }
    return shown!;
  }

  const labels = async (...path: string[]) =>
    (await children(path.length > 0 ? (await at(...path)).node : undefined)).map((s) => s.label);
  const iconId = (item: vscode.TreeItem) => (item.iconPath instanceof vscode.ThemeIcon ? item.iconPath.id : undefined);

  suiteSetup(async () => {
    api = await within(60000, 'activation and the first scan', svcm());
    folder = vscode.workspace.workspaceFolders![0].uri;
    if (api.tree.groupBy !== 'phase') await vscode.commands.executeCommand('svcm.servicesView.groupByPhase');
    // The view counts the services once the language server has answered it.
    await quiet(api);
  });

  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('groups the services by phase, in lifecycle order', async () => {
    const top = await labels();
    assert.ok(top.indexOf('Beta') >= 0 && top.indexOf('Beta') < top.indexOf('Live'), `groups: ${top.join(', ')}`);
    assert.ok((await labels('Beta')).includes('checkout-web'));
    const pay = await at('Live', 'payments-api');
    assert.equal(pay.item.description, 'tier 1 · live');
    assert.equal(pay.item.contextValue, 'svcm:service:live');
    assert.equal(iconId(pay.item), 'symbol-class');
    assert.equal(pay.item.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);
    assert.ok(pay.item.tooltip instanceof vscode.MarkdownString && pay.item.tooltip.value.includes('Payments API'));
    assert.equal((await at('Live')).item.contextValue, 'svcm:group');
    let services = 0;
    for (const group of await children()) services += (await children(group.node)).length;
    assert.equal(api.tree.view.description, `${services} services`);
  });

  test('lists dependents, changes by status, releases and knowledge under a service', async () => {
    const sections = await labels('Live', 'payments-api');
    assert.deepEqual(
      sections.filter((l) => ['Depends on', 'Dependents', 'Changes', 'Releases', 'Knowledge'].includes(l)),
      ['Dependents', 'Changes', 'Releases', 'Knowledge'],
    );
    assert.ok((await labels('Live', 'payments-api', 'Dependents')).includes('checkout-web'));
    assert.deepEqual(
      (await labels('Live', 'payments-api', 'Changes')).filter((s) => s === 'draft' || s === 'closed'),
      ['draft', 'closed'],
    );
    const draft = await at('Live', 'payments-api', 'Changes', 'draft', 'CHG-2026-0901');
    assert.equal(draft.item.contextValue, 'svcm:change:draft');
    assert.equal(draft.item.description, 'Retry card authorisations once on a gateway timeout');
    assert.equal((await at('Live', 'payments-api', 'Releases', 'REL-2026.11.9')).item.contextValue, 'svcm:release');
    const kb = await at('Live', 'payments-api', 'Knowledge', 'KB-0901');
    assert.equal(kb.item.contextValue, 'svcm:knowledge:known-error');
    assert.equal(iconId(kb.item), 'bug');
    assert.equal(api.tree.getParent(kb.node)?.id, (await at('Live', 'payments-api', 'Knowledge')).node.id);
  });

  test('opens a record at its name when a node is clicked', async () => {
    const { item } = await at('Live', 'payments-api', 'Knowledge', 'KB-0901');
    assert.equal(item.command?.command, 'svcm.openRecord');
    const uri = await within(
      10000,
      'svcm.openRecord',
      vscode.commands.executeCommand<vscode.Uri>(item.command!.command, ...(item.command!.arguments ?? [])),
    );
    assert.match(uri?.path ?? '', /\/KB-0901-duplicate-webhooks\.md$/);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.path, uri.path);
    assert.equal(editor.document.getText(editor.selection), 'KB-0901');
  });

  test('regroups by owner and back, through the setting', async () => {
    await vscode.commands.executeCommand('svcm.servicesView.groupByOwner');
    assert.equal(api.tree.groupBy, 'owner');
    assert.equal(vscode.workspace.getConfiguration('svcm').get('servicesView.groupBy'), 'owner');
    const groups = await labels();
    assert.ok(groups.includes('Storefront team'), `groups: ${groups.join(', ')}`);
    assert.equal((await at('Storefront team')).item.description, 'storefront · 1 service');
    assert.ok((await labels('platform')).includes('payments-api'));
    await vscode.commands.executeCommand('svcm.servicesView.groupByPhase');
    assert.equal(api.tree.groupBy, 'phase');
    assert.ok((await labels()).includes('Live'));
  });

  test('follows a change written to disk, without a refresh command', async () => {
    const path = 'service-management/changes/CHG-2026-0903.yaml';
    const changesOf = async () =>
      (await labels('Beta', 'checkout-web')).includes('Changes')
        ? await labels('Beta', 'checkout-web', 'Changes', 'draft')
        : [];
    // As the view would: list the service first, so that there is a node to refresh.
    assert.deepEqual(await changesOf(), []);
    let fired = false;
    const subscription = api.tree.onDidChangeTreeData(() => (fired = true));
    try {
      await write(
        path,
        [
          'apiVersion: svcm/v1',
          'kind: Change',
          'metadata:',
          '  name: CHG-2026-0903',
          'spec:',
          '  type: normal',
          '  services: [checkout-web]',
          '  summary: Show the delivery date on the basket',
          '  risk: low',
          '  impact: low',
          '  status: draft',
          '  implementationPlan: Deploy checkout-web',
          '  backoutPlan: Deploy the previous version',
          '  testPlan: Run the checkout smoke tests',
          '',
        ].join('\n'),
      );
      await until(
        api.tree.onDidChangeTreeData,
        async () => fired && (await changesOf()).includes('CHG-2026-0903'),
        'the tree did not show the new change',
      );
      fired = false;
      await vscode.workspace.fs.delete(file(path));
      await until(
        api.tree.onDidChangeTreeData,
        async () => fired && !(await changesOf()).includes('CHG-2026-0903'),
        'the tree did not drop the deleted change',
      );
    } finally {
      subscription.dispose();
      await vscode.workspace.fs.delete(file(path)).then(undefined, () => undefined);
    }
  });

  test('follows typing once it pauses, with every edit typed in it', async () => {
    const path = 'service-management/changes/CHG-2026-0901.yaml';
    const inStatus = async (status: string) =>
      (await labels('Live', 'payments-api', 'Changes')).includes(status)
        ? await labels('Live', 'payments-api', 'Changes', status)
        : [];
    assert.ok((await inStatus('draft')).includes('CHG-2026-0901'));
    const document = await vscode.workspace.openTextDocument(file(path));
    const editor = await vscode.window.showTextDocument(document);
    const line = document
      .getText()
      .split('\n')
      .findIndex((l) => /^\s*status: draft\s*$/.test(l));
    assert.ok(line >= 0, 'no `status: draft` line');
    const told: number[] = [];
    let redrawnAt: number | undefined;
    const subscriptions = [
      api.client.onDidChangeIndex(() => told.push(performance.now())),
      api.tree.onDidChangeTreeData(() => (redrawnAt = performance.now())),
    ];
    try {
      // `draft` taken out, `approved` typed a letter at a time, as fast as the editor takes edits.
      const start = document.lineAt(line).text.indexOf('draft');
      await editor.edit((b) => b.delete(new vscode.Range(line, start, line, start + 'draft'.length)));
      const typedAt = [performance.now()];
      for (const letter of 'approved') {
        await editor.edit((b) => b.insert(document.lineAt(line).range.end, letter));
        typedAt.push(performance.now());
      }
      const last = typedAt[typedAt.length - 1];
      const redrawn = () => redrawnAt !== undefined && redrawnAt > last;
      await until(
        [api.tree.onDidChangeTreeData, api.client.onDidChangeIndex],
        async () => redrawn() && (await inStatus('approved')).includes('CHG-2026-0901'),
        'the view did not show what was typed once the typing paused',
      );
      assert.ok(!(await inStatus('draft')).includes('CHG-2026-0901'), 'the change is still listed as a draft');
      // While the edits kept coming (close together: a loaded machine may part them), the view was not told.
      const typing = (t: number) => t > typedAt[0] && t < last;
      if (typedAt.every((t, i) => i === 0 || t - typedAt[i - 1] < 200))
        assert.deepEqual(told.filter(typing), [], 'svcm/indexChanged came while typing');
    } finally {
      for (const s of subscriptions) s.dispose();
      await vscode.commands.executeCommand('workbench.action.files.revert');
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    }
    await until(
      [api.tree.onDidChangeTreeData, api.client.onDidChangeIndex],
      async () => (await inStatus('draft')).includes('CHG-2026-0901'),
      'the view did not show the reverted text',
    );
  });

  test('the status bar names the service owning the active file, with its open changes and known errors', async () => {
    const owned = 'src/payments/handler.ts';
    const unowned = 'notes/unowned.txt';
    await write(owned, 'export const handler = () => 42;\n');
    await write(unowned, 'no service owns this\n');
    // The item asks the language server when the active editor changes, and tells when it shows the answer.
    const changed = api.statusBar.onDidUpdate;
    try {
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file(owned)));
      await until(changed, () => api.statusBar.shown !== undefined, 'the status bar did not show a service');
      const shown = api.statusBar.shown!;
      assert.match(shown.text, /^\$\(symbol-class\) payments-api · \d+ changes? · \d+ known errors?$/);
      assert.equal(shown.warning, true, 'a known error gives the item a warning background');
      assert.ok(shown.tooltip?.includes('KB-0901') && shown.tooltip.includes('CHG-2026-0901'), shown.tooltip);
      // A change closed elsewhere is counted off while the file stays open.
      const changes = () => Number(/ · (\d+) changes? · /.exec(api.statusBar.shown?.text ?? '')?.[1] ?? 0);
      const open = changes();
      const change = 'service-management/changes/CHG-2026-0901.yaml';
      const text = await read(change);
      try {
        await write(change, text.replace('status: draft', 'status: rejected'));
        await until(
          api.statusBar.onDidUpdate,
          () => changes() === open - 1,
          `the status bar did not count ${open - 1} open changes (it shows '${api.statusBar.shown?.text}')`,
        );
      } finally {
        await write(change, text);
      }
      await until(api.statusBar.onDidUpdate, () => changes() === open, 'the status bar did not count the change again');
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(file(unowned)));
      await until(
        changed,
        () => api.statusBar.shown === undefined,
        'the status bar did not hide for a file no service owns',
      );
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(file('src'), { recursive: true });
      await vscode.workspace.fs.delete(file('notes'), { recursive: true });
    }
  });

  test('Show Service for File lists the owning service first and opens the record picked', async () => {
    const owned = file('src/payments/refund.ts');
    // Nothing owns a file outside every service's code globs: no list, undefined.
    assert.equal(
      await within(
        20000,
        'svcm.showServiceForFile',
        vscode.commands.executeCommand('svcm.showServiceForFile', file('README.md')),
      ),
      undefined,
    );
    let result: vscode.Uri | undefined | null = null;
    const running = Promise.resolve(
      vscode.commands.executeCommand<vscode.Uri | undefined>('svcm.showServiceForFile', owned),
    ).then((uri) => (result = uri));
    // Quick input has no event for "shown": accept the first item until the command returns.
    const deadline = Date.now() + 20000;
    while (result === null) {
      if (Date.now() > deadline) {
        await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
        assert.fail('Show Service for File did not open the record picked');
      }
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      await Promise.race([running, new Promise((resolve) => setTimeout(resolve, 250))]);
    }
    const uri = result as vscode.Uri | undefined;
    assert.match(uri?.path ?? '', /\/service-management\/services\.yaml$/);
    const editor = vscode.window.activeTextEditor;
    assert.equal(editor?.document.uri.path, uri!.path);
    assert.equal(editor.document.getText(editor.selection), 'payments-api');
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('Validate Workspace returns the totals of the published diagnostics', async () => {
    const totals = await within(
      20000,
      'svcm.validateWorkspace',
      vscode.commands.executeCommand<{ errors: number; warnings: number; infos: number }>('svcm.validateWorkspace'),
    );
    assert.deepEqual(Object.keys(totals).sort(), ['errors', 'infos', 'warnings']);
    assert.deepEqual(totals, publishedTotals());
  });

  test('Create Starter Catalogue creates the missing files, keeps the existing ones and opens a service', async () => {
    const kept = ['service-management/teams.yaml', 'service-management/services/checkout-web.yaml'];
    const created = [
      'service-management/services/payments-api.yaml',
      'service-management/standard-changes/rotate-tls-certificates.yaml',
    ];
    const before = await Promise.all(kept.map(read));
    /** The record files the language server has indexed in the folder (svcm/status). */
    const indexedFiles = async () =>
      (await api.client.sendRequest<StatusResult>(STATUS_REQUEST)).folders.reduce((n, f) => n + f.files, 0);
    const filesBefore = await indexedFiles();
    try {
      const uri = await within(
        20000,
        'svcm.createStarterCatalogue',
        vscode.commands.executeCommand<vscode.Uri>('svcm.createStarterCatalogue'),
      );
      assert.equal(uri?.path, file(created[0]).path);
      assert.equal(vscode.window.activeTextEditor?.document.uri.path, uri.path);
      assert.deepEqual(await Promise.all(kept.map(read)), before, 'an existing file was changed');
      for (const path of created) assert.match(await read(path), /^apiVersion: svcm\/v1$/m);
      // The file watcher must have reported the new files before they are deleted: one that sees a file
      // made and removed within its batching window reports neither, and the server would keep the open one.
      await until(
        api.client.onDidChangeIndex,
        async () => (await indexedFiles()) === filesBefore + created.length,
        'the language server did not index the starter files',
        20000,
      );
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      await vscode.workspace.fs.delete(file(created[0])).then(undefined, () => undefined);
      await vscode.workspace.fs
        .delete(file('service-management/standard-changes'), { recursive: true })
        .then(undefined, () => undefined);
      await until(
        api.client.onDidChangeIndex,
        async () => (await indexedFiles()) === filesBefore,
        'the language server did not drop the starter files',
        20000,
      );
      await api.settled();
    }
  });
});
