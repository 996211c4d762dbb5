import * as vscode from 'vscode';
import { reportError } from '../log';
import { SERVICES_VIEW, type ServicesTree } from '../tree/servicesTree';
import type { WorkspaceModel } from '../workspaceModel';

const REFRESH_SERVICES_VIEW = 'svcm.servicesView.refresh';

/** `svcm.servicesView.refresh`: reads the records again from disk and redraws the Services view. */
export function registerRefreshServicesView(
  model: WorkspaceModel,
  tree: ServicesTree,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  return vscode.commands.registerCommand(REFRESH_SERVICES_VIEW, async () => {
    try {
      await vscode.window.withProgress({ location: { viewId: SERVICES_VIEW } }, () => model.rescan());
      tree.refresh();
    } catch (error) {
      void reportError(log, 'cannot refresh the Services view', error);
    }
  });
}
