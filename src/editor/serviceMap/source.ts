import { GraphInputError, nodeDetails, serviceGraph } from '../../core/graph/serviceGraph';
import type { WorkspaceModel } from '../workspaceModel';
import type { GraphSource } from './panel';

/**
 * The map's graph computed here, in the extension host, from the workspace
 * model. With several folders: the first folder where the focus (or the
 * change) names something; without either, the first folder.
 */
export function inProcessGraphSource(model: WorkspaceModel): GraphSource {
  return async (args) => {
    await model.ready;
    const folders = model.allFolders();
    if (folders.length === 0) throw new GraphInputError('open a folder that holds service records first', 'focus');
    let refused: unknown;
    for (const folder of folders) {
      try {
        const graph = serviceGraph(folder.index, args);
        return {
          args,
          graph,
          details: nodeDetails(folder.index, graph),
          names: folder.index.names('Service').sort(),
          changes: folder.index.names('Change').sort(),
          folder: folder.folder.uri,
        };
      } catch (error) {
        if (!(error instanceof GraphInputError)) throw error;
        refused ??= error;
      }
    }
    throw refused;
  };
}
