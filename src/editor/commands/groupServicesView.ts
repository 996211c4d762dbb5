import * as vscode from 'vscode';
import type { GroupBy } from '../../core/assist/catalogueTree';
import { createCommand } from './support';
import type { ServicesTree } from '../tree/servicesTree';

const GROUP_BY_OWNER = 'svcm.servicesView.groupByOwner';
const GROUP_BY_PHASE = 'svcm.servicesView.groupByPhase';

/**
 * The Services view's two grouping toggles. Each writes `svcm.servicesView.groupBy`
 * for the workspace (the user settings when no folder is open) and regroups at once.
 */
export function registerGroupServicesView(tree: ServicesTree, log: vscode.LogOutputChannel): vscode.Disposable {
  const toggle = (id: string, groupBy: GroupBy) =>
    createCommand(id, log, `cannot group the Services view by ${groupBy}`, async () => {
      const target = vscode.workspace.workspaceFolders?.length
        ? vscode.ConfigurationTarget.Workspace
        : vscode.ConfigurationTarget.Global;
      await vscode.workspace.getConfiguration('svcm').update('servicesView.groupBy', groupBy, target);
      await tree.setGroupBy(groupBy);
      return undefined;
    });
  return vscode.Disposable.from(toggle(GROUP_BY_OWNER, 'owner'), toggle(GROUP_BY_PHASE, 'phase'));
}
