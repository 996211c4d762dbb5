import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { CHANGES_REQUEST, type ChangesParams, type ChangesResult } from '../../server/protocol';
import type { IndexRequests } from '../commands/support';

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
export function registerCommitIdCompletion(server: IndexRequests, log: Logger): vscode.Disposable {
  return vscode.languages.registerCompletionItemProvider(
    COMMIT_MESSAGE_SELECTOR,
    {
      async provideCompletionItems(document, position, token) {
        const before = document.lineAt(position.line).text.slice(0, position.character);
        const match = PARTIAL_ID.exec(before);
        if (!match) return undefined;
        const typed = match[1];
        const range = new vscode.Range(position.translate(0, -typed.length), position);
        let open: ChangesResult;
        try {
          // Every folder's open changes, each folder's newest first (svcm/changes).
          open = await server.sendRequest<ChangesResult>(
            CHANGES_REQUEST,
            { openOnly: true } satisfies ChangesParams,
            token,
          );
        } catch (error) {
          if (!token.isCancellationRequested) log.warn(`[commitIds] ${(error as Error).message}`);
          return undefined;
        }
        const folders = vscode.workspace.workspaceFolders ?? [];
        const folderName = (uri: string) =>
          folders.find((f) => f.uri.toString() === vscode.Uri.parse(uri).toString())?.name;
        const items: vscode.CompletionItem[] = [];
        const seen = new Set<string>();
        for (const change of open.changes) {
          if (seen.has(change.name)) continue;
          seen.add(change.name);
          const item = new vscode.CompletionItem(
            { label: change.name, description: change.status },
            vscode.CompletionItemKind.Reference,
          );
          item.detail = change.summary;
          const where = folders.length > 1 ? folderName(change.folder) : undefined;
          item.documentation =
            change.services.length > 0
              ? `Services: ${change.services.join(', ')}${where ? ` (${where})` : ''}`
              : undefined;
          item.range = range;
          item.filterText = change.name;
          // Newest first, as the server lists them.
          item.sortText = String(items.length).padStart(5, '0');
          items.push(item);
        }
        return items;
      },
    },
    '-',
  );
}
