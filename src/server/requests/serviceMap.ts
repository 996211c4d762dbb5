import type { Connection } from 'vscode-languageserver';
import { MAP_SUGGESTIONS_REQUEST, type MapSuggestionsParams, type MapSuggestionsResult } from '../protocol';
import type { Workspace } from '../workspace';
import { folderOf } from './places';

/** `svcm/mapSuggestions` (docs/language-server.md): the names a service map's focus and change fields offer. */
export function registerMapSuggestionsRequest(connection: Connection, workspace: Workspace): void {
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
}
