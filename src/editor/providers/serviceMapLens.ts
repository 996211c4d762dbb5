import * as vscode from 'vscode';
import type { Logger } from '../../core/logger';
import { SHOW_SERVICE_MAP } from '../commands/showServiceMap';
import type { WorkspaceModel } from '../workspaceModel';

/** "Show Blast Radius on Service Map" above each Change record: the map with the change highlighted. */
export function registerServiceMapLens(model: WorkspaceModel, log: Logger): vscode.Disposable {
  return vscode.languages.registerCodeLensProvider(
    [
      { language: 'yaml', scheme: 'file' },
      { language: 'yaml', scheme: 'untitled' },
    ],
    {
      provideCodeLenses(document) {
        try {
          const found = model.parsedFor(document);
          if (!found) return [];
          return found.parsed.records
            .filter((record) => record.kind === 'Change' && record.name !== undefined && record.syntax.length === 0)
            .map((record) => {
              const at = document.positionAt(record.span.start);
              return new vscode.CodeLens(new vscode.Range(at, at), {
                title: '$(type-hierarchy) Show Blast Radius on Service Map',
                command: SHOW_SERVICE_MAP,
                arguments: [{ change: record.name }],
              });
            });
        } catch (error) {
          log.error(`[serviceMapLens] ${(error as Error).stack ?? error}`);
          return [];
        }
      },
    },
  );
}
