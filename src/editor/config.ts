import * as vscode from 'vscode';

/** The svcm settings, read once per change into a plain object. */
export interface EditorConfig {
  changesFolder: string;
  releasesFolder: string;
  knowledgeFolder: string;
  servicesFolder: string;
  treeGroupBy: 'phase' | 'owner';
  statusBar: boolean;
}

export function readConfig(scope?: vscode.ConfigurationScope): EditorConfig {
  const c = vscode.workspace.getConfiguration('svcm', scope);
  return {
    changesFolder: c.get<string>('changesFolder', 'service-management/changes'),
    releasesFolder: c.get<string>('releasesFolder', 'service-management/releases'),
    knowledgeFolder: c.get<string>('knowledgeFolder', 'service-management/knowledge'),
    servicesFolder: c.get<string>('servicesFolder', 'service-management/services'),
    treeGroupBy: c.get<string>('servicesView.groupBy', 'phase') === 'owner' ? 'owner' : 'phase',
    statusBar: c.get<boolean>('statusBar.enabled', true),
  };
}
