import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as vscode from 'vscode';
import type { SvcmApi } from '../../src/extension';
import { MISSING_BACKOUT_PLAN, MISTAKES, SCHEMA_TYPO, UNKNOWN_REFERENCE } from './fixture';
import {
  caret,
  closeAll,
  covered,
  discard,
  editorSuite,
  diskPath,
  eventually,
  fileUri,
  indexed,
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

const SERVICES = 'service-management/services.yaml';
const LEDGER = 'service-management/services/ledger.yaml';
const CHANGE = 'service-management/changes/CHG-2026-0901.yaml';

/** Where a definition, reference or symbol points, as `file:line:col text`. */
function place(uri: vscode.Uri, range: vscode.Range): string {
  const file = relativePath(uri) ?? uri.toString();
  const text =
    vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.getText() ?? readDisk(file);
  return `${file}:${range.start.line + 1}:${range.start.character + 1} ${covered(text, range)}`;
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n---\n');
}

async function completions(document: vscode.TextDocument, position: vscode.Position): Promise<vscode.CompletionItem[]> {
  const list = await vscode.commands.executeCommand<vscode.CompletionList>(
    'vscode.executeCompletionItemProvider',
    document.uri,
    position,
  );
  // Word-based suggestions are the editor's; snippets are checked by their own JSON, not here.
  return list.items.filter(
    (item) => item.kind !== vscode.CompletionItemKind.Text && item.kind !== vscode.CompletionItemKind.Snippet,
  );
}

const labelOf = (item: vscode.CompletionItem) => (typeof item.label === 'string' ? item.label : item.label.label);

suite('language features', function () {
  this.timeout(120000);
  let api: SvcmApi;
  editorSuite((ready) => (api = ready));

  suite('completion', () => {
    const scratch = 'scratch/completion.yaml';

    /** Puts `marked` in the scratch document (unsaved, as if typed) and completes at its caret. */
    async function complete(marked: string): Promise<vscode.CompletionItem[]> {
      const { text, position } = caret(marked);
      const editor = await open(scratch);
      assert.equal(editor.document.languageId, 'yaml');
      const document = editor.document;
      await editor.edit((edit) =>
        edit.replace(new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length)), text),
      );
      assert.equal(document.getText(), text);
      return completions(document, position);
    }

    suiteSetup(() => writeDisk(scratch, ''));

    suiteTeardown(async () => {
      await discard(fileUri(scratch));
      fs.rmSync(diskPath('scratch'), { recursive: true, force: true });
      await waitFor('the scratch file is dropped', () => svcmDiagnostics(fileUri(scratch)).length === 0);
    });

    test('field names under spec of a change, the required ones first, without those already there', async () => {
      const items = await complete(
        [
          'apiVersion: svcm/v1',
          'kind: Change',
          'metadata:',
          '  name: CHG-2026-0930',
          'spec:',
          '  type: normal',
          '  services: [payments-api]',
          '  |',
          '',
        ].join('\n'),
      );
      const labels = items.map(labelOf);
      for (const field of [
        'summary',
        'risk',
        'impact',
        'status',
        'implementationPlan',
        'backoutPlan',
        'testPlan',
        'window',
        'approvals',
        'commits',
        'release',
        'knowledge',
        'review',
      ]) {
        assert.ok(labels.includes(field), `no '${field}' among ${labels.join(', ')}`);
      }
      assert.ok(
        !labels.includes('type') && !labels.includes('services'),
        `fields already present are offered: ${labels.join(', ')}`,
      );
      assert.ok(
        !labels.includes('owner') && !labels.includes('phase'),
        `fields of a service are offered for a change: ${labels.join(', ')}`,
      );
      const summary = items.find((i) => labelOf(i) === 'summary')!;
      assert.equal(summary.kind, vscode.CompletionItemKind.Property);
      assert.equal(summary.detail, 'required');
      const backout = items.find((i) => labelOf(i) === 'backoutPlan')!;
      assert.match(
        String(
          backout.documentation instanceof vscode.MarkdownString ? backout.documentation.value : backout.documentation,
        ),
        /Backout plan/,
      );
      const sorted = [...items].sort((a, b) => (a.sortText ?? labelOf(a)).localeCompare(b.sortText ?? labelOf(b)));
      assert.equal(sorted[0].detail, 'required', `the first item is ${labelOf(sorted[0])}`);
    });

    test('enum values after `status: `', async () => {
      const items = await complete(
        [
          'apiVersion: svcm/v1',
          'kind: Change',
          'metadata:',
          '  name: CHG-2026-0930',
          'spec:',
          '  type: normal',
          '  status: |',
          '',
        ].join('\n'),
      );
      assert.deepEqual(items.map(labelOf).sort(), [
        'approved',
        'closed',
        'draft',
        'failed',
        'implemented',
        'rejected',
        'scheduled',
        'submitted',
      ]);
      assert.ok(items.every((i) => i.kind === vscode.CompletionItemKind.EnumMember));
    });

    test('teams after `owner: `, with their titles', async () => {
      const items = await complete(
        ['apiVersion: svcm/v1', 'kind: Service', 'metadata:', '  name: scratch', 'spec:', '  owner: |', ''].join('\n'),
      );
      assert.deepEqual(items.map(labelOf).sort(), ['platform', 'storefront']);
      assert.equal(items.find((i) => labelOf(i) === 'storefront')!.detail, 'Storefront team');
      assert.ok(items.every((i) => i.kind === vscode.CompletionItemKind.Reference));
    });

    test('services in a flow list, with their titles', async () => {
      const items = await complete(
        [
          'apiVersion: svcm/v1',
          'kind: Change',
          'metadata:',
          '  name: CHG-2026-0930',
          'spec:',
          '  services: [pay|]',
          '',
        ].join('\n'),
      );
      const byLabel = new Map(items.map((i) => [labelOf(i), i.detail]));
      assert.equal(byLabel.get('payments-api'), 'Payments API');
      assert.equal(byLabel.get('ledger'), 'General Ledger');
      assert.equal(byLabel.get('checkout-web'), 'Checkout');
    });
  });

  suite('hover', () => {
    test('the glossary entry on the backoutPlan key', async () => {
      const document = await vscode.workspace.openTextDocument(fileUri(CHANGE));
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        document.uri,
        positionOf(document, 'backoutPlan:', 3),
      );
      const text = hoverText(hovers);
      assert.match(text, /\*\*Backout plan\*\*/);
      assert.match(text, /How to undo a change/);
      const range = hovers.find((h) => h.range)?.range;
      assert.ok(range, 'the hover has no range');
      assert.equal(covered(document.getText(), range), 'backoutPlan');
    });

    test('the summary of the service a reference names', async () => {
      const document = await vscode.workspace.openTextDocument(fileUri(CHANGE));
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        document.uri,
        positionOf(document, 'payments-api]', 2),
      );
      const text = hoverText(hovers);
      assert.match(text, /\*\*Payments API\*\* · Service `payments-api`/);
      for (const fact of ['owner: platform', 'phase: live', 'tier: 1', 'service manager: Dana Reyes'])
        assert.ok(text.includes(fact), `no '${fact}' in:\n${text}`);
    });

    test('glossary terms in the prose of a knowledge record', async () => {
      const document = await vscode.workspace.openTextDocument(fileUri(SCHEMA_TYPO.file));
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>(
        'vscode.executeHoverProvider',
        document.uri,
        positionOf(document, 'backout plan of', 2),
      );
      assert.match(hoverText(hovers), /\*\*Backout plan\*\*/);
    });
  });

  suite('navigation', () => {
    test('go to definition: from a reference to the service at its metadata.name', async () => {
      const document = await vscode.workspace.openTextDocument(fileUri(CHANGE));
      const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
        'vscode.executeDefinitionProvider',
        document.uri,
        positionOf(document, 'payments-api]', 4),
      );
      const places = found.map((l) =>
        'targetUri' in l ? place(l.targetUri, l.targetSelectionRange ?? l.targetRange) : place(l.uri, l.range),
      );
      assert.deepEqual(places, [`${SERVICES}:4:9 payments-api`]);
    });

    test('go to definition from a CHG id in a Markdown knowledge record', async () => {
      const document = await vscode.workspace.openTextDocument(fileUri(SCHEMA_TYPO.file));
      const found = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>(
        'vscode.executeDefinitionProvider',
        document.uri,
        positionOf(document, 'CHG-2026-0912 and', 5),
      );
      const places = found.map((l) =>
        'targetUri' in l ? place(l.targetUri, l.targetSelectionRange ?? l.targetRange) : place(l.uri, l.range),
      );
      assert.deepEqual(places, [`${MISSING_BACKOUT_PLAN.file}:4:9 CHG-2026-0912`]);
    });

    test('find references: every file that names a service, and its definition', async () => {
      const document = await vscode.workspace.openTextDocument(fileUri(SERVICES));
      const found = await vscode.commands.executeCommand<vscode.Location[]>(
        'vscode.executeReferenceProvider',
        document.uri,
        positionOf(document, 'name: payments-api', 8),
      );
      assert.deepEqual(found.map((l) => place(l.uri, l.range)).sort(), [
        'service-management/changes/CHG-2026-0901.yaml:7:14 payments-api',
        'service-management/changes/CHG-2026-0902.yaml:7:14 payments-api',
        'service-management/knowledge/KB-0901-duplicate-webhooks.md:9:14 payments-api',
        'service-management/releases/REL-2026.11.9.yaml:7:14 payments-api',
        'service-management/services.yaml:4:9 payments-api',
        'service-management/services/checkout-web.yaml:10:15 payments-api',
        'service-management/services/ledger.yaml:11:15 payments-api',
      ]);
    });

    test('rename a service: every reference and the file named after it, with no diagnostics added', async () => {
      const before = workspaceDiagnostics();
      const originals = new Map(
        [LEDGER, MISSING_BACKOUT_PLAN.file, SCHEMA_TYPO.file].map((file) => [file, readDisk(file)]),
      );
      const renamed = 'service-management/services/general-ledger.yaml';

      const rename = async (file: string, from: string, to: string) => {
        const document = await vscode.workspace.openTextDocument(fileUri(file));
        const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>(
          'vscode.executeDocumentRenameProvider',
          document.uri,
          positionOf(document, `name: ${from}`, 6),
          to,
        );
        assert.ok(edit, 'no rename edit');
        return edit;
      };
      // Each document by itself: here workspace.saveAll answered true and left the records the edit opened (with no editor) dirty.
      const saveEdited = async () => {
        for (const document of vscode.workspace.textDocuments.filter((d) => d.isDirty))
          assert.equal(await document.save(), true, `${relativePath(document.uri)} was not saved`);
      };
      /** Back to the fixture as checked in, through the same provider. */
      const renameBack = async () => {
        if (!fs.existsSync(diskPath(renamed))) return;
        assert.equal(
          await vscode.workspace.applyEdit(await rename(renamed, 'general-ledger', 'ledger')),
          true,
          'renaming back was not applied',
        );
        await saveEdited();
      };
      const edit = await rename(LEDGER, 'ledger', 'general-ledger');
      // The service's own file is renamed after it and edited under its new name.
      const original = (file: string) => originals.get(file === renamed ? LEDGER : file) ?? '';
      const touched = edit
        .entries()
        .map(
          ([uri, edits]) =>
            `${relativePath(uri)} ${edits.map((e) => covered(original(relativePath(uri)!), e.range)).join(',')}->${[...new Set(edits.map((e) => e.newText))].join(',')}`,
        );
      assert.deepEqual(touched.sort(), [
        `${MISSING_BACKOUT_PLAN.file} ledger->general-ledger`,
        `${SCHEMA_TYPO.file} ledger->general-ledger`,
        `${renamed} ledger->general-ledger`,
      ]);
      try {
        assert.equal(await vscode.workspace.applyEdit(edit), true, 'the rename edit was not applied');
        await saveEdited();
        assert.equal(fs.existsSync(diskPath(LEDGER)), false, 'the service file keeps its old name');
        assert.match(readDisk(renamed), /^ {2}name: general-ledger$/m);
        assert.match(readDisk(MISSING_BACKOUT_PLAN.file), /^ {2}services: \[general-ledger\]$/m);
        assert.match(readDisk(SCHEMA_TYPO.file), /^ {2}services: \[general-ledger\]$/m);
        await eventually(
          api.client.onDidChangeIndex,
          async () =>
            JSON.stringify([await indexed('general-ledger'), await indexed('ledger')]) ===
            JSON.stringify([[renamed], []]),
          'the language server has indexed the renamed service',
          30000,
        );
        await waitFor(
          'the diagnostics are those from before the rename',
          () => JSON.stringify(workspaceDiagnostics()) === JSON.stringify(before),
          {
            explain: () => `before:\n${listing(before)}\nnow:\n${listing(workspaceDiagnostics())}`,
          },
        );
        await api.settled();
        assert.deepEqual(workspaceDiagnostics(), before);
      } catch (error) {
        await renameBack().catch((cleanup) =>
          console.error(`[language] renaming back after the failure below failed too: ${cleanup}`),
        );
        throw error;
      }
      await renameBack();
      await closeAll();
      for (const [file, text] of originals) assert.equal(readDisk(file), text, `${file} differs after renaming back`);
      await waitFor(
        'the diagnostics after renaming back',
        () => JSON.stringify(workspaceDiagnostics()) === JSON.stringify(before),
        {
          explain: () => `before:\n${listing(before)}\nnow:\n${listing(workspaceDiagnostics())}`,
        },
      );
    });

    test('rename refuses a name that is taken or not a valid id', async () => {
      const document = await vscode.workspace.openTextDocument(fileUri(LEDGER));
      const at = positionOf(document, 'name: ledger', 6);
      const refusals = [
        ['checkout-web', /a Service named 'checkout-web' exists already/],
        ['Not A Name', /'Not A Name' is not a valid Service name/],
      ] as const;
      for (const [name, reason] of refusals) {
        const result = await vscode.commands
          .executeCommand<vscode.WorkspaceEdit | undefined>(
            'vscode.executeDocumentRenameProvider',
            document.uri,
            at,
            name,
          )
          .then(
            (edit) => edit,
            (error: Error) => error,
          );
        assert.ok(
          result instanceof Error,
          `renaming to '${name}' was not refused (${result === undefined ? 'no edit and no reason' : 'an edit'})`,
        );
        assert.match(result.message, reason);
      }
    });
  });

  suite('links', () => {
    const targets = async (file: string) => {
      // The link command answers only for a document the editor has loaded.
      await vscode.workspace.openTextDocument(fileUri(file));
      const links = await vscode.commands.executeCommand<vscode.DocumentLink[]>(
        'vscode.executeLinkProvider',
        fileUri(file),
      );
      const text = readDisk(file);
      return links
        .filter((l) => l.target && relativePath(l.target))
        .map((l) => `${covered(text, l.range)} -> ${relativePath(l.target!)}#${l.target!.fragment}`)
        .sort();
    };

    test('ids in a Markdown file link to their records', async () => {
      assert.deepEqual(await targets('docs/handover.md'), [
        'CHG-2026-0901 -> service-management/changes/CHG-2026-0901.yaml#L4,9',
        'KB-0901 -> service-management/knowledge/KB-0901-duplicate-webhooks.md#L5,9',
        'REL-2026.11.9 -> service-management/releases/REL-2026.11.9.yaml#L4,9',
      ]);
    });

    test('ids in a plain text file link to their records', async () => {
      const document = await vscode.workspace.openTextDocument(fileUri('docs/handover.txt'));
      assert.equal(document.languageId, 'plaintext');
      assert.deepEqual(await targets('docs/handover.txt'), [
        'CHG-2026-0902 -> service-management/changes/CHG-2026-0902.yaml#L4,9',
        'REL-2026.11.9 -> service-management/releases/REL-2026.11.9.yaml#L4,9',
      ]);
    });
  });

  suite('quick fixes', () => {
    async function fixesFor(
      file: string,
      code: string,
    ): Promise<{ diagnostic: vscode.Diagnostic; actions: vscode.CodeAction[] }> {
      const uri = fileUri(file);
      const diagnostic = await waitFor(`a ${code} diagnostic in ${file}`, () =>
        svcmDiagnostics(uri).find((d) => d.code === code),
      );
      // The code action command answers only for a document the editor has loaded.
      await vscode.workspace.openTextDocument(uri);
      const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider',
        uri,
        diagnostic.range,
        vscode.CodeActionKind.QuickFix.value,
      );
      return { diagnostic, actions: actions.filter((a): a is vscode.CodeAction => 'kind' in a || 'edit' in a) };
    }

    test('"did you mean" replaces the unknown reference, and the diagnostic goes', async () => {
      const { file } = UNKNOWN_REFERENCE;
      const { actions } = await fixesFor(file, UNKNOWN_REFERENCE.code);
      const fix = actions.find((a) => a.title === "Change to 'payments-api'");
      assert.ok(fix?.edit, `no "did you mean" fix among: ${actions.map((a) => a.title).join(', ')}`);
      assert.equal(fix.isPreferred, true);
      assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
      const document = await vscode.workspace.openTextDocument(fileUri(file));
      assert.match(document.getText(), /^ {2}services: \[payments-api\]$/m);
      await waitFor('the unknown reference is gone', () => svcmDiagnostics(document.uri).length === 0, {
        explain: () => listing(workspaceDiagnostics()),
      });
      await discard(document.uri);
      await waitFor('the unknown reference is back after reverting', () =>
        svcmDiagnostics(document.uri).some((d) => d.code === UNKNOWN_REFERENCE.code),
      );
    });

    test('"add missing field" adds backoutPlan under spec; once filled in, the change is clean', async () => {
      const { file } = MISSING_BACKOUT_PLAN;
      const { actions } = await fixesFor(file, MISSING_BACKOUT_PLAN.code);
      const fix = actions.find((a) => a.title === "Add 'backoutPlan'");
      assert.ok(fix?.edit, `no "add missing field" fix among: ${actions.map((a) => a.title).join(', ')}`);
      assert.equal(await vscode.workspace.applyEdit(fix.edit), true);
      const editor = await open(file);
      const document = editor.document;
      assert.equal(document.getText(), `${readDisk(file)}  backoutPlan: \n`);
      await waitFor(
        'backout-plan-required is gone',
        () => !svcmDiagnostics(document.uri).some((d) => d.code === MISSING_BACKOUT_PLAN.code),
        { explain: () => listing(workspaceDiagnostics()) },
      );
      // What is left is the value to write.
      const end = positionOf(document, 'backoutPlan: ', 'backoutPlan: '.length);
      editor.selection = new vscode.Selection(end, end);
      await vscode.commands.executeCommand('type', { text: 'Turn the close job off' });
      await waitFor('the change is clean', () => svcmDiagnostics(document.uri).length === 0, {
        explain: () => listing(workspaceDiagnostics()),
      });
      await discard(document.uri);
    });
  });

  suite('symbols', () => {
    test('document symbols: one per record, with its title', async () => {
      const symbolsOf = async (file: string) => {
        const found = await vscode.commands.executeCommand<(vscode.DocumentSymbol | vscode.SymbolInformation)[]>(
          'vscode.executeDocumentSymbolProvider',
          fileUri(file),
        );
        // Markdown's own outline (its headings, as strings) comes along for a knowledge record.
        return found
          .filter((s) => s.kind !== vscode.SymbolKind.String)
          .map(
            (s) =>
              `${s.name} ${vscode.SymbolKind[s.kind]} ${'detail' in s ? s.detail : ''} ${'selectionRange' in s ? place(fileUri(file), s.selectionRange) : ''}`,
          );
      };
      assert.deepEqual(await symbolsOf(LEDGER), [`ledger Class General Ledger ${LEDGER}:4:9 ledger`]);
      assert.deepEqual(await symbolsOf(SCHEMA_TYPO.file), [
        `KB-0912 File Re-run the ledger close ${SCHEMA_TYPO.file}:5:9 KB-0912`,
      ]);
      assert.deepEqual(await symbolsOf(MISSING_BACKOUT_PLAN.file), [
        `CHG-2026-0912 Event Close the ledger at midnight UTC ${MISSING_BACKOUT_PLAN.file}:4:9 CHG-2026-0912`,
      ]);
    });

    test('workspace symbols: records by id or title', async () => {
      const search = async (query: string) => {
        const found = await vscode.commands.executeCommand<vscode.SymbolInformation[]>(
          'vscode.executeWorkspaceSymbolProvider',
          query,
        );
        return found.map((s) => `${s.name} ${vscode.SymbolKind[s.kind]} ${place(s.location.uri, s.location.range)}`);
      };
      const ledger = await search('ledger');
      for (const expected of [
        `ledger Class ${LEDGER}:4:9 ledger`,
        `KB-0912 File ${SCHEMA_TYPO.file}:5:9 KB-0912`,
        `CHG-2026-0912 Event ${MISSING_BACKOUT_PLAN.file}:4:9 CHG-2026-0912`,
      ]) {
        assert.ok(ledger.includes(expected), `no '${expected}' among:\n${ledger.join('\n')}`);
      }
      const changes = (await search('CHG-2026-09')).filter((s) => s.startsWith('CHG-'));
      assert.deepEqual(changes.map((s) => s.split(' ')[0]).sort(), [
        'CHG-2026-0901',
        'CHG-2026-0902',
        'CHG-2026-0911',
        'CHG-2026-0912',
      ]);
      assert.ok(
        (await search('Payments API')).some((s) => s.startsWith('payments-api Class')),
        'no symbol found by title',
      );
    });
  });

  suiteTeardown(async () => {
    // The fixture is as it was: the deliberate mistakes, nothing else.
    await waitFor(
      'only the deliberate mistakes are left',
      () =>
        workspaceDiagnostics().every((d) => MISTAKES.some((m) => m.file === d.file && m.code === d.code)) &&
        workspaceDiagnostics().length === MISTAKES.length,
      {
        explain: () => listing(workspaceDiagnostics()),
      },
    );
  });
});
