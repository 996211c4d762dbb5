import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { Reference, RefKind } from '../index/references';
import type { RecordDoc } from '../parse/parseFile';
import { DEFAULT_NAMESPACE } from './model';

/**
 * The bridge between svcm records and Backstage entities (docs/backstage.md,
 * "Bridged with svcm records"): a bare service name that no svcm Service has
 * names the Component of that name in the default namespace, and a bare team
 * name the Group. Navigation, hover and rename read both worlds through here.
 */
const BARE: Partial<Record<RefKind, RefKind>> = { Component: 'Service', Group: 'Team' };
const ENTITY: Partial<Record<RefKind, RefKind>> = { Service: 'Component', Team: 'Group' };

/** The definitions a target names: its own, or (a bare svcm name that no svcm record has) the bridged entity's. */
export function definitionsOf(index: WorkspaceIndex, kind: RefKind, name: string): readonly RecordDoc[] {
  const own = index.definitions(kind, name);
  if (own.length > 0) return own;
  const entity = ENTITY[kind];
  return entity ? index.definitions(entity, `${DEFAULT_NAMESPACE}/${name.toLowerCase()}`) : [];
}

/** The kind and index name a target stands for, after the bridge: `Service x` with no svcm Service x is `Component default/x`. */
export function canonicalTarget(index: WorkspaceIndex, kind: RefKind, name: string): { kind: RefKind; name: string } {
  if (index.definitions(kind, name).length > 0) return { kind, name };
  const entity = ENTITY[kind];
  if (entity) {
    const full = `${DEFAULT_NAMESPACE}/${name.toLowerCase()}`;
    if (index.definitions(entity, full).length > 0) return { kind: entity, name: full };
  }
  return { kind, name };
}

/** Every reference to a target: the index's, and bare svcm names that resolve to it through the bridge. */
export function referencesTo(index: WorkspaceIndex, kind: RefKind, name: string): Reference[] {
  const out = [...index.references(kind, name)];
  const bare = BARE[kind];
  if (bare && name.startsWith(`${DEFAULT_NAMESPACE}/`)) {
    const short = name.slice(DEFAULT_NAMESPACE.length + 1);
    // Only while no svcm record of that name takes the bare name for itself.
    for (const candidate of new Set([short, ...index.names(bare).filter((n) => n.toLowerCase() === short)]))
      if (index.definitions(bare, candidate).length === 0) out.push(...index.references(bare, candidate));
  }
  return out;
}
