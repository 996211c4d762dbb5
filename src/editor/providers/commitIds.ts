import * as vscode from 'vscode';
import { changeChoices } from '../../core/assist/changeCandidates';
import type { Logger } from '../../core/logger';
import type { WorkspaceModel } from '../workspaceModel';
import { guard } from './shared';

/** Commit messages: the SCM input box and `COMMIT_EDITMSG` (`git-commit`). Hover and links come from the language server. */
export const COMMIT_MESSAGE_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'vscode-scm' },
  { language: 'git-commit' },
  { language: 'scminput' },
];

/** The id being typed before the cursor: `C`, `CH`, `CHG`, `CHG-`, `CHG-2026-00` … */
const PARTIAL_ID = /(?:^|[^\w-])(C(?:H(?:G(?:-[\d-]*)?)?)?)$/i;

/**
 * Completion of the open change ids (summary as detail) in commit messages,
 * so a commit names the change it implements. Triggered by `-` and by typing
 * (word-based: `CHG` brings the list).
 */
export function registerCommitIdCompletion(model: WorkspaceModel, log: Logger): vscode.Disposable {
  return vscode.languages.registerCompletionItemProvider(
    COMMIT_MESSAGE_SELECTOR,
    {
      provideCompletionItems(document, position) {
        return guard(log, 'commitIds', () => {
          const before = document.lineAt(position.line).text.slice(0, position.character);
          const match = PARTIAL_ID.exec(before);
          if (!match) return undefined;
          const typed = match[1];
          const range = new vscode.Range(position.translate(0, -typed.length), position);
          const folders = model.allFolders();
          const items: vscode.CompletionItem[] = [];
          const seen = new Set<string>();
          for (const folder of folders) {
            for (const change of changeChoices(folder.index)) {
              if (!change.open || seen.has(change.name)) continue;
              seen.add(change.name);
              const item = new vscode.CompletionItem(
                { label: change.name, description: change.status },
                vscode.CompletionItemKind.Reference,
              );
              item.detail = change.summary;
              item.documentation =
                change.services.length > 0
                  ? `Services: ${change.services.join(', ')}${folders.length > 1 ? ` (${folder.folder.name})` : ''}`
                  : undefined;
              item.range = range;
              item.filterText = change.name;
              // Newest first: changeChoices lists open changes by id, highest first.
              item.sortText = String(items.length).padStart(5, '0');
              items.push(item);
            }
          }
          return items;
        });
      },
    },
    '-',
  );
}
