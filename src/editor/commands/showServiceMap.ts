import * as vscode from 'vscode';
import { GraphInputError, type ServiceGraph } from '../../core/graph/graphTypes';
import { reportError } from '../log';
import { readMapArgs, type ServiceMapPanel } from '../serviceMap/panel';
import { argsOf } from './support';

export const SHOW_SERVICE_MAP = 'svcm.showServiceMap';
export const SHOW_ON_SERVICE_MAP = 'svcm.showOnServiceMap';

/**
 * `svcm.showServiceMap { focus, depth, direction, change }` (docs/service-map.md):
 * opens or reveals the map and returns the graph it draws. Arguments that name
 * nothing: an error message, and the command throws an error naming it.
 *
 * `svcm.showOnServiceMap` (the Services view's items): a service is the focus,
 * a change record is the change.
 */
export function registerShowServiceMap(map: ServiceMapPanel, log: vscode.LogOutputChannel): vscode.Disposable {
  const show = async (raw: Record<string, unknown>): Promise<ServiceGraph> => {
    try {
      return await map.show(readMapArgs(raw));
    } catch (error) {
      if (error instanceof GraphInputError) {
        log.warn(`[serviceMap] ${error.message}`);
        void vscode.window.showErrorMessage(`svcm: cannot show the service map: ${error.message}`);
      } else {
        void reportError(log, 'cannot show the service map', error);
      }
      throw error;
    }
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(SHOW_SERVICE_MAP, (arg?: unknown) => show(argsOf(arg))),
    vscode.commands.registerCommand(SHOW_ON_SERVICE_MAP, (item?: unknown) => show(fromItem(item))),
  );
}

/** A Services view item (`{ node: { type, name, kind } }`) or a service name as map arguments. */
function fromItem(item: unknown): Record<string, unknown> {
  if (typeof item === 'string') return { focus: item };
  const node = (item as { node?: { type?: unknown; name?: unknown; kind?: unknown; service?: unknown } } | undefined)
    ?.node;
  if (node?.type === 'service' && typeof node.name === 'string') return { focus: node.name };
  if ((node?.type === 'section' || node?.type === 'status') && typeof node.service === 'string')
    return { focus: node.service };
  if (node?.type === 'record' && node.kind === 'Change' && typeof node.name === 'string') return { change: node.name };
  return {};
}
