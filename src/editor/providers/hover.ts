import * as vscode from 'vscode';
import { hoverAt } from '../../core/assist/hover';
import { idMentionAt } from '../../core/assist/locate';
import type { Logger } from '../../core/logger';
import type { WorkspaceModel } from '../workspaceModel';
import { ANY_TEXT_SELECTOR, folderFor, guard } from './shared';

/** Hover: the record an id names, and the ITIL glossary on fields, values and Markdown prose. */
export function registerHover(model: WorkspaceModel, log: Logger): vscode.Disposable {
  return vscode.languages.registerHoverProvider(ANY_TEXT_SELECTOR, {
    provideHover(document, position) {
      return guard(log, 'hover', () => {
        const isRecordLanguage = document.languageId === 'yaml' || document.languageId === 'markdown';
        const text = document.getText();
        const offset = document.offsetAt(position);
        const where = isRecordLanguage ? model.parsedFor(document) : undefined;
        const mention = where ? undefined : idMentionAt(text, offset);
        // Other files (code, commit messages) get hovers on ids only; prose in Markdown gets the glossary too.
        if (!isRecordLanguage && !mention) return undefined;
        const folder = where?.folder ?? folderFor(model, document, mention?.kind, mention?.name);
        if (!folder) return undefined;
        const info = hoverAt(folder.index, where?.parsed, text, offset);
        if (!info) return undefined;
        const markdown = new vscode.MarkdownString(info.markdown);
        return new vscode.Hover(
          markdown,
          new vscode.Range(document.positionAt(info.span.start), document.positionAt(info.span.end)),
        );
      });
    },
  });
}
