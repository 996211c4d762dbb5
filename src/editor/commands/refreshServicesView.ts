import * as vscode from 'vscode';
import { RESCAN_REQUEST } from '../../server/protocol';
import type { ServerLink } from '../serverLink';
import { SERVICES_VIEW, type ServicesTree } from '../tree/servicesTree';
import { createCommand } from './support';

const REFRESH_SERVICES_VIEW = 'svcm.servicesView.refresh';

/** `svcm.servicesView.refresh`: the language server reads the records again from disk (`svcm/rescan`); the Services view redraws. */
export function registerRefreshServicesView(
  server: ServerLink,
  tree: ServicesTree,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  return createCommand(REFRESH_SERVICES_VIEW, log, 'cannot refresh the Services view', async () => {
    await vscode.window.withProgress({ location: { viewId: SERVICES_VIEW } }, () => server.sendRequest(RESCAN_REQUEST));
    await tree.refresh();
    return undefined;
  });
}
