import * as vscode from 'vscode';
import { completionsAt, type CompletionCandidate } from '../../core/assist/completion';
import type { Logger } from '../../core/logger';
import { mentionsSvcm } from '../../core/parse/decode';
import { LineIndex } from '../../core/parse/lines';
import { linesOf, toRange } from '../convert';
import type { WorkspaceModel } from '../workspaceModel';
import { guard, RECORD_SELECTOR } from './shared';

const KINDS: Record<CompletionCandidate['kind'], vscode.CompletionItemKind> = {
  kind: vscode.CompletionItemKind.Class,
  field: vscode.CompletionItemKind.Property,
  value: vscode.CompletionItemKind.EnumMember,
  reference: vscode.CompletionItemKind.Reference,
};

/** Completion of kinds, field names, enum values and references (with titles). */
export function registerCompletion(model: WorkspaceModel, log: Logger): vscode.Disposable {
  return vscode.languages.registerCompletionItemProvider(
    RECORD_SELECTOR,
    {
      provideCompletionItems(document, position) {
        return guard(log, 'completion', () => {
          const text = document.getText();
          if (!mentionsSvcm(text)) return undefined;
          const where = model.parsedFor(document);
          const folder = where?.folder ?? model.allFolders()[0];
          if (!folder) return undefined;
          const offset = document.offsetAt(position);
          if (
            document.languageId === 'markdown' &&
            !(where?.parsed.bodyStart !== undefined && offset < where.parsed.bodyStart)
          )
            return undefined;
          const lines = where ? linesOf(where.parsed) : new LineIndex(text);
          return completionsAt(folder.index, text, offset).map((c) => {
            const item = new vscode.CompletionItem(c.label, KINDS[c.kind]);
            item.insertText = c.snippet ? new vscode.SnippetString(c.insertText) : c.insertText;
            item.range = toRange(lines, c.replace);
            if (c.detail) item.detail = c.detail;
            if (c.documentation) item.documentation = new vscode.MarkdownString(c.documentation);
            if (c.sortText) item.sortText = c.sortText;
            item.preselect = c.preselect;
            return item;
          });
        });
      },
    },
    ':',
    ' ',
  );
}
