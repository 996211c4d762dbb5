import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { CHANGE_RECORDS_REQUEST, type ChangeRecordsResult } from '../../server/protocol';
import { SHOW_SERVICE_MAP } from '../commands/showServiceMap';
import type { ServerLink } from '../serverLink';

/**
 * "Show Blast Radius on Service Map" above each Change record: the map with the
 * change highlighted. The language server says where the Change records are
 * (`svcm/changeRecords`).
 */
export function registerServiceMapLens(server: ServerLink, log: Logger): vscode.Disposable {
  return vscode.languages.registerCodeLensProvider(
    [
      { language: 'yaml', scheme: 'file' },
      { language: 'yaml', scheme: 'untitled' },
    ],
    {
      async provideCodeLenses(document, token) {
        try {
          const { changes } = await server.sendRequest<ChangeRecordsResult>(
            CHANGE_RECORDS_REQUEST,
            { textDocument: { uri: document.uri.toString() } },
            token,
          );
          return changes.map((change) => {
            const at = new vscode.Position(change.range.start.line, change.range.start.character);
            return new vscode.CodeLens(new vscode.Range(at, at), {
              title: '$(type-hierarchy) Show Blast Radius on Service Map',
              command: SHOW_SERVICE_MAP,
              arguments: [{ change: change.name }],
            });
          });
        } catch (error) {
          if (!token.isCancellationRequested) log.error(`[serviceMapLens] ${(error as Error).stack ?? error}`);
          return [];
        }
      },
    },
  );
}
