import * as vscode from 'vscode';
import type { GroupBy } from '../../core/assist/catalogueTree';
import { reportError } from '../log';
import type { ServicesTree } from '../tree/servicesTree';

const GROUP_BY_OWNER = 'svcm.servicesView.groupByOwner';
const GROUP_BY_PHASE = 'svcm.servicesView.groupByPhase';

/**
 * The Services view's two grouping toggles. Each writes `svcm.servicesView.groupBy`
 * for the workspace (the user settings when no folder is open) and regroups at once.
 */
export function registerGroupServicesView(tree: ServicesTree, log: vscode.LogOutputChannel): vscode.Disposable {
  const toggle = (groupBy: GroupBy) => async () => {
    try {
      const target = vscode.workspace.workspaceFolders?.length
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
      await vscode.workspace.getConfiguration('svcm').update('servicesView.groupBy', groupBy, target);
      tree.setGroupBy(groupBy);
    } catch (error) {
      void reportError(log, `cannot group the Services view by ${groupBy}`, error);
    }
  };
  return vscode.Disposable.from(
    vscode.commands.registerCommand(GROUP_BY_OWNER, toggle('owner')),
    vscode.commands.registerCommand(GROUP_BY_PHASE, toggle('phase')),
  );
}
