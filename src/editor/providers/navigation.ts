import * as vscode from 'vscode';
import { definitionPlaces, referencePlaces, renameEdits, symbolAt } from '../../core/assist/navigation';
import type { Logger } from '../../core/logger';
import { linesOf, toRange } from '../convert';
import type { WorkspaceModel } from '../workspaceModel';
import { toLocation } from '../convert';
import { ANY_TEXT_SELECTOR, folderFor, guard, RECORD_SELECTOR } from './shared';

/** Go to definition, find references and rename, for every record id. */
export function registerNavigation(model: WorkspaceModel, log: Logger): vscode.Disposable {
  const targetAt = (document: vscode.TextDocument, position: vscode.Position) => {
    const where = model.parsedFor(document);
    const target = symbolAt(where?.parsed, document.getText(), document.offsetAt(position));
    if (!target) return undefined;
    const folder = where?.folder ?? folderFor(model, document, target.kind, target.name);
    return folder ? { folder, target } : undefined;
  };
  return vscode.Disposable.from(
    vscode.languages.registerDefinitionProvider(ANY_TEXT_SELECTOR, {
      provideDefinition(document, position) {
        return guard(log, 'definition', () => {
          const hit = targetAt(document, position);
          if (!hit) return undefined;
          return definitionPlaces(hit.folder.index, hit.target)
            .map((p) => toLocation(hit.folder, p.file, p.span))
            .filter((l): l is vscode.Location => l !== undefined);
        });
      },
    }),
    vscode.languages.registerReferenceProvider(RECORD_SELECTOR, {
      provideReferences(document, position, context) {
        return guard(log, 'references', () => {
          const hit = targetAt(document, position);
          if (!hit) return undefined;
          return referencePlaces(hit.folder.index, hit.target, context.includeDeclaration)
            .map((p) => toLocation(hit.folder, p.file, p.span))
            .filter((l): l is vscode.Location => l !== undefined);
        });
      },
    }),
    vscode.languages.registerRenameProvider(RECORD_SELECTOR, {
      prepareRename(document, position) {
        const hit = targetAt(document, position);
        if (!hit || hit.folder.index.definitions(hit.target.kind, hit.target.name).length === 0) {
          throw new Error('Only the id of a record in this workspace can be renamed.');
        }
        const span = hit.target.span;
        const text = document.getText();
        // Rename the name, not its quotes.
        const quoted = /["']/.test(text.charAt(span.start));
        const start = span.start + (quoted ? 1 : 0);
        const end = span.end - (quoted ? 1 : 0);
        return {
          range: new vscode.Range(document.positionAt(start), document.positionAt(end)),
          placeholder: hit.target.name,
        };
      },
      provideRenameEdits(document, position, newName) {
        if (!vscode.workspace.isTrusted) throw new Error('svcm does not write files in an untrusted workspace.');
        const hit = targetAt(document, position);
        if (!hit) return undefined;
        const result = renameEdits(hit.folder.index, hit.target, newName.trim());
        if (typeof result === 'string') throw new Error(result);
        const edit = new vscode.WorkspaceEdit();
        // Files are renamed first and edited at their new names: the edit must not depend on the order it is
        // applied in (the API commands' round trip, vscode.executeDocumentRenameProvider, puts file operations first).
        const moved = new Map(result.fileRenames.map((r) => [r.from, r.to]));
        for (const r of result.fileRenames)
          edit.renameFile(hit.folder.uri(r.from), hit.folder.uri(r.to), { overwrite: false });
        for (const e of result.edits) {
          const parsed = hit.folder.index.file(e.file);
          if (parsed)
            edit.replace(hit.folder.uri(moved.get(e.file) ?? e.file), toRange(linesOf(parsed), e.span), e.newText);
        }
        return edit;
      },
    }),
  );
}
