import * as vscode from 'vscode';
import type { ComponentGroupBy } from '../core/assist/catalogueTree';

/** The ways the Services view groups Backstage Components, the default first. */
export const COMPONENT_GROUP_BY: readonly ComponentGroupBy[] = ['system', 'owner', 'lifecycle'];

/** The svcm settings, read once per change into a plain object. */
export interface EditorConfig {
  changesFolder: string;
  releasesFolder: string;
  knowledgeFolder: string;
  servicesFolder: string;
  treeGroupBy: 'phase' | 'owner';
  /** how the Services view groups Backstage Components */
  treeComponentGroupBy: ComponentGroupBy;
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
    treeComponentGroupBy: oneOf(c.get<string>('servicesView.groupComponentsBy'), COMPONENT_GROUP_BY, 'system'),
    statusBar: c.get<boolean>('statusBar.enabled', true),
  };
}

function oneOf<T extends string>(value: string | undefined, values: readonly T[], fallback: T): T {
  return values.find((v) => v === value) ?? fallback;
}
