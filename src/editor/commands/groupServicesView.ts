import * as vscode from 'vscode';
import type { ComponentGroupBy, GroupBy } from '../../core/assist/catalogueTree';
import { COMPONENT_GROUP_BY } from '../config';
import { createCommand, pickOne, type ValueItem } from './support';
import type { ServicesTree } from '../tree/servicesTree';
import { WriteRefused } from '../write';

const GROUP_BY_OWNER = 'svcm.servicesView.groupByOwner';
const GROUP_BY_PHASE = 'svcm.servicesView.groupByPhase';
export const GROUP_COMPONENTS_BY = 'svcm.servicesView.groupComponentsBy';

const COMPONENT_GROUP_ITEMS: Record<ComponentGroupBy, Omit<ValueItem<ComponentGroupBy>, 'value'>> = {
  system: { label: 'System', detail: 'The System each Component is part of (spec.system).' },
  owner: { label: 'Owner', detail: 'The Group or User that owns each Component (spec.owner).' },
  lifecycle: {
    label: 'Lifecycle',
    detail: 'The lifecycle of each Component (spec.lifecycle): production, experimental, …',
  },
};

/**
 * The Services view's grouping commands. The two toggles write `svcm.servicesView.groupBy`,
 * Group Components By… writes `svcm.servicesView.groupComponentsBy` (asking which, unless
 * given `'system'`, `'owner'` or `'lifecycle'`, or `{ groupBy }`); each for the workspace
 * (the user settings when no folder is open), and regroups at once.
 */
export function registerGroupServicesView(tree: ServicesTree, log: vscode.LogOutputChannel): vscode.Disposable {
  const write = (key: string, value: string) =>
    vscode.workspace
      .getConfiguration('svcm')
      .update(
        key,
        value,
        vscode.workspace.workspaceFolders?.length
          ? vscode.ConfigurationTarget.Workspace
          : vscode.ConfigurationTarget.Global,
      );
  const toggle = (id: string, groupBy: GroupBy) =>
    createCommand(id, log, `cannot group the Services view by ${groupBy}`, async () => {
      await write('servicesView.groupBy', groupBy);
      await tree.setGroupBy(groupBy);
      return undefined;
    });
  const groupComponents = createCommand(
    GROUP_COMPONENTS_BY,
    log,
    'cannot group the Backstage Components',
    async (arg?: unknown): Promise<ComponentGroupBy | undefined> => {
      const groupBy = componentGroupByOf(arg) ?? (await askComponentGroupBy(tree.componentGroupBy));
      if (!groupBy) return undefined;
      await write('servicesView.groupComponentsBy', groupBy);
      await tree.setComponentGroupBy(groupBy);
      return groupBy;
    },
  );
  return vscode.Disposable.from(toggle(GROUP_BY_OWNER, 'owner'), toggle(GROUP_BY_PHASE, 'phase'), groupComponents);
}

/**
 * The grouping an argument gives: `'owner'`, or `{ groupBy: 'owner' }`; undefined for none (the
 * palette, or the view's node that a menu passes). Anything else is refused.
 */
function componentGroupByOf(arg: unknown): ComponentGroupBy | undefined {
  const value =
    typeof arg === 'string'
      ? arg
      : arg && typeof arg === 'object' && 'groupBy' in arg
        ? (arg as { groupBy: unknown }).groupBy
        : undefined;
  if (value === undefined) return undefined;
  const found = COMPONENT_GROUP_BY.find((g) => g === value);
  if (!found)
    throw new WriteRefused(`group Components by one of ${COMPONENT_GROUP_BY.join(', ')}, not '${String(value)}'`);
  return found;
}

function askComponentGroupBy(current: ComponentGroupBy): Promise<ComponentGroupBy | undefined> {
  const items = COMPONENT_GROUP_BY.map((value) => ({
    ...COMPONENT_GROUP_ITEMS[value],
    value,
    description: value === current ? 'current' : undefined,
  }));
  return pickOne(items, { title: 'Group Backstage Components by', placeHolder: `Now by ${current}` });
}
