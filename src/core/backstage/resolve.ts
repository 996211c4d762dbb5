import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { Reference, RefKind } from '../index/references';
import { closest } from '../suggest';
import { ENTITY_KINDS, type EntityKind } from './model';

/**
 * A kind is closed when at least one entity of it is known (defined in the
 * workspace or in `backstage.entities`): only then are references to it checked.
 */
export function isClosedKind(index: WorkspaceIndex, kind: RefKind): boolean {
  return (ENTITY_KINDS as readonly string[]).includes(kind) && index.names(kind).length > 0;
}

/**
 * "Did you mean" for an entity reference that names nothing, written the way
 * the reference was written (with its kind and namespace when those were written).
 */
export function entityHint(index: WorkspaceIndex, ref: Reference): string | undefined {
  const form = ref.entity;
  if (!form) return undefined;
  const slash = ref.name.indexOf('/');
  const namespace = ref.name.slice(0, slash);
  const name = ref.name.slice(slash + 1);
  const kind = ref.kind as EntityKind;
  const written = new Map<string, string>();
  for (const full of index.names(kind)) {
    const def = index.lookup(kind, full);
    const defName = def?.name ?? full.slice(full.indexOf('/') + 1);
    if (form.explicitNamespace) written.set(full, `${full.slice(0, full.indexOf('/'))}/${defName}`);
    else if (full.startsWith(`${namespace}/`)) written.set(full.slice(namespace.length + 1), defName);
  }
  const target = form.explicitNamespace ? ref.name : name;
  const hit = closest(target, written.keys());
  if (hit === undefined) return undefined;
  const text = written.get(hit)!;
  if (!form.explicitKind) return text;
  const prefix = form.written.slice(0, form.written.indexOf(':') + 1);
  return `${prefix}${text}`;
}
