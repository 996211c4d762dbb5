import * as vscode from 'vscode';
import { GraphInputError, type ServiceGraph } from '../../core/graph/graphTypes';
import type { NodeDetail } from '../../core/graph/graphTypes';
import type { LayoutRows } from '../../core/graph/layout';
import {
  MAP_SUGGESTIONS_REQUEST,
  SERVICE_MAP_REQUEST,
  type MapSuggestionsResult,
  type ServiceMapParams,
} from '../../server/protocol';
import type { ServerLink } from '../serverLink';
import type { GraphSource, SuggestionSource } from './panel';

/** JSON-RPC's InvalidParams: the server's answer to a focus or change that names nothing. */
const INVALID_PARAMS = -32602;

type ServiceMapAnswer = ServiceGraph & { details: Record<string, NodeDetail>; folder?: string; layout?: LayoutRows };

/**
 * The map's graph asked of the language server (`svcm/serviceMap`). With
 * several folders: the first folder where the focus (or the change) names
 * something; without either, the first folder.
 */
export function serverGraphSource(server: ServerLink): GraphSource {
  return async (args) => {
    const folders = vscode.workspace.workspaceFolders ?? [];
    if (folders.length === 0) throw new GraphInputError('open a folder that holds service records first', 'focus');
    let refused: unknown;
    for (const folder of folders) {
      const params: ServiceMapParams = { folder: folder.uri.toString(), ...args, layout: true };
      let answer: ServiceMapAnswer;
      try {
        answer = await server.sendRequest<ServiceMapAnswer>(SERVICE_MAP_REQUEST, params);
      } catch (error) {
        const { code, message, data } = error as { code?: number; message?: string; data?: { argument?: string } };
        if (code !== INVALID_PARAMS) throw error;
        refused ??= new GraphInputError(message ?? 'the map cannot be drawn', argumentOf(data?.argument));
        continue;
      }
      const { details, folder: answered, layout, ...graph } = answer;
      return { args, graph, details, layout, folder: answered ? vscode.Uri.parse(answered) : folder.uri };
    }
    throw refused;
  };
}

/** What the map's focus and change fields offer in a folder (`svcm/mapSuggestions`), asked only when they are used. */
export function serverSuggestions(server: ServerLink): SuggestionSource {
  return (folder) => server.sendRequest<MapSuggestionsResult>(MAP_SUGGESTIONS_REQUEST, { folder: folder.toString() });
}

function argumentOf(value: string | undefined): GraphInputError['argument'] {
  return value === 'change' || value === 'depth' || value === 'direction' ? value : 'focus';
}
