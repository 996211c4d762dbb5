import * as vscode from 'vscode';
import { createCommand } from './support';
import { SERVICES_VIEW, type ServicesTree } from '../tree/servicesTree';
import type { WorkspaceModel } from '../workspaceModel';

const REFRESH_SERVICES_VIEW = 'svcm.servicesView.refresh';

/** `svcm.servicesView.refresh`: reads the records again from disk and redraws the Services view. */
export function registerRefreshServicesView(
  model: WorkspaceModel,
  tree: ServicesTree,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  return createCommand(REFRESH_SERVICES_VIEW, log, 'cannot refresh the Services view', async () => {
    await vscode.window.withProgress({ location: { viewId: SERVICES_VIEW } }, () => model.rescan());
    tree.refresh();
    return undefined;
  });
}
