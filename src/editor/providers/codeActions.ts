import * as vscode from 'vscode';
import { quickFixes } from '../../core/assist/fixes';
import type { Logger } from '../../core/logger';
import { linesOf, toRange } from '../convert';
import type { DiagnosticsManager } from '../diagnostics';
import type { WorkspaceModel } from '../workspaceModel';
import { guard, RECORD_SELECTOR } from './shared';

/** Quick fixes for svcm diagnostics: did you mean, add the missing field, rename the file after its record. */
export function registerCodeActions(
  model: WorkspaceModel,
  diagnostics: DiagnosticsManager,
  log: Logger,
): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider(
    RECORD_SELECTOR,
    {
      provideCodeActions(document, _range, context) {
        return guard(log, 'codeActions', () => {
          const where = model.parsedFor(document);
          if (!where) return undefined;
          const lines = linesOf(where.parsed);
          const findings = diagnostics.findingsFor(document.uri);
          const actions: vscode.CodeAction[] = [];
          for (const diagnostic of context.diagnostics) {
            if (diagnostic.source !== 'svcm') continue;
            // Diagnostics carry no data: find the finding they came from by code and place.
            const finding = findings.find(
              (f) => f.code === diagnostic.code && toRange(lines, f.span).isEqual(diagnostic.range),
            );
            if (!finding) continue;
            for (const fix of quickFixes(where.parsed, finding)) {
              const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
              action.diagnostics = [diagnostic];
              action.isPreferred = fix.preferred;
              const edit = new vscode.WorkspaceEdit();
              for (const e of fix.edits) edit.replace(document.uri, toRange(lines, e.span), e.newText);
              if (fix.rename)
                edit.renameFile(where.folder.uri(fix.rename.from), where.folder.uri(fix.rename.to), {
                  overwrite: false,
                });
              action.edit = edit;
              if (fix.rename && !vscode.workspace.isTrusted)
                action.disabled = { reason: 'svcm does not rename files in an untrusted workspace' };
              actions.push(action);
            }
          }
          return actions;
        });
      },
    },
    { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] },
  );
}
