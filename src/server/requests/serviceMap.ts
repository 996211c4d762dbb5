import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import type { OpenDocuments } from '../documents';
import { linesOf, toRange } from '../positions';
import {
  CHANGE_RECORDS_REQUEST,
  MAP_SUGGESTIONS_REQUEST,
  type ChangeRecordsParams,
  type ChangeRecordsResult,
  type MapSuggestionsParams,
  type MapSuggestionsResult,
} from '../protocol';
import type { Workspace } from '../workspace';
import { folderOf } from './places';

/**
 * What the service map needs besides `svcm/serviceMap` (docs/language-server.md):
 * the names its focus and change fields offer (`svcm/mapSuggestions`), and the
 * Change records of a document for its "Show Blast Radius" lens (`svcm/changeRecords`).
 */
export function registerMapRequests(connection: Connection, workspace: Workspace, documents: OpenDocuments): void {
  connection.onRequest(
    MAP_SUGGESTIONS_REQUEST,
    async (params: MapSuggestionsParams | null): Promise<MapSuggestionsResult> => {
      await workspace.ready();
      const folder =
        typeof params?.folder === 'string' ? folderOf(workspace, params.folder) : workspace.allFolders()[0];
      if (!folder) return { names: [], changes: [] };
      return { names: folder.index.names('Service').sort(), changes: folder.index.names('Change').sort() };
    },
  );

  connection.onRequest(
    CHANGE_RECORDS_REQUEST,
    async (params: ChangeRecordsParams | null): Promise<ChangeRecordsResult> => {
      const uri = params?.textDocument?.uri;
      if (typeof uri !== 'string')
        throw new ResponseError(ErrorCodes.InvalidParams, 'svcm/changeRecords needs { textDocument: { uri } }');
      if (workspace.scanningNow) await workspace.ready();
      const document = documents.get(uri);
      let where;
      if (document) {
        where = workspace.parsedFor(uri, document.getText());
      } else {
        const located = workspace.locate(uri);
        const parsed = located && located.folder.index.file(located.path);
        where = parsed ? { parsed } : undefined;
      }
      if (!where) return { changes: [] };
      const lines = linesOf(where.parsed);
      return {
        changes: where.parsed.records
          .filter((r) => r.kind === 'Change' && r.name !== undefined && r.syntax.length === 0)
          .map((r) => ({ name: r.name!, range: toRange(lines, { start: r.span.start, end: r.span.start }) })),
      };
    },
  );
}
