import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { RecordDoc } from '../parse/parseFile';
import { referencesTo } from './bridge';
import { DEFAULT_NAMESPACE, entityIndexName, entityNamespace, isEntity, type EntityKind } from './model';

/**
 * Code ownership and blast radius for Backstage entities (docs/backstage.md,
 * "Code ownership and blast radius").
 */

/** The lower-case full reference of an index key's parts: `component:default/petstore`. */
export function entityRef(kind: string, indexName: string): string {
  return `${kind.toLowerCase()}:${indexName}`;
}

/** A Component's reference as svcm prints it or as written with its kind (`component:default/x`, `component:x`) -> its index name `default/x`, in lower case. */
export function componentIndexName(ref: string): string {
  const rest = ref.slice(ref.indexOf(':') + 1).toLowerCase();
  return rest.includes('/') ? rest : `${DEFAULT_NAMESPACE}/${rest}`;
}

/**
 * The Components that own a workspace-relative path: those defined in the
 * nearest folder at or above it that defines any (entities from
 * `backstage.entities` own nothing). Full references, sorted.
 */
export function componentsOwning(index: WorkspaceIndex, path: string): string[] {
  return componentRecordsOwning(index, path).map((c) => c.ref);
}

/** `componentsOwning` with each Component's first definition, sorted by full reference. */
export function componentRecordsOwning(index: WorkspaceIndex, path: string): { ref: string; record: RecordDoc }[] {
  const byFolder = componentFolders(index);
  if (byFolder.size === 0) return [];
  let folder = path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
  for (;;) {
    const owners = byFolder.get(folder);
    if (owners) return [...owners].sort((a, b) => (a[0] < b[0] ? -1 : 1)).map(([ref, record]) => ({ ref, record }));
    if (folder === '') return [];
    folder = folder.includes('/') ? folder.slice(0, folder.lastIndexOf('/')) : '';
  }
}

const folderCache = new WeakMap<WorkspaceIndex, { version: number; byFolder: Map<string, Map<string, RecordDoc>> }>();

function componentFolders(index: WorkspaceIndex): Map<string, Map<string, RecordDoc>> {
  const hit = folderCache.get(index);
  if (hit && hit.version === index.version) return hit.byFolder;
  const byFolder = new Map<string, Map<string, RecordDoc>>();
  for (const record of index.records('Component')) {
    if (record.name === undefined || !isEntity(record) || index.file(record.file)?.external) continue;
    const folder = record.file.includes('/') ? record.file.slice(0, record.file.lastIndexOf('/')) : '';
    const owners = byFolder.get(folder) ?? new Map<string, RecordDoc>();
    const ref = entityRef('Component', entityIndexName(entityNamespace(record), record.name));
    if (!owners.has(ref)) owners.set(ref, record);
    byFolder.set(folder, owners);
  }
  folderCache.set(index, { version: index.version, byFolder });
  return byFolder;
}

/**
 * What is affected, transitively, when the entity `kind`/`indexName` changes:
 * every Component or Resource that depends on it (`dependsOn`, and the
 * reverse of its own `dependencyOf`), every Component that consumes an API it
 * provides, and svcm Services whose `dependsOn` names it (then their own
 * dependents). Entities as full references, svcm Services as bare names; sorted.
 */
export function entityDependents(index: WorkspaceIndex, kind: EntityKind, indexName: string): string[] {
  const seen = new Set<string>();
  const start = entityRef(kind, indexName);
  const queue: { kind: string; name: string }[] = [{ kind, name: indexName }];
  const visit = (k: string, n: string, label: string) => {
    if (label === start || seen.has(label)) return;
    seen.add(label);
    queue.push({ kind: k, name: n });
  };
  const asEntity = (r: RecordDoc) => ({ kind: r.kind!, name: entityIndexName(entityNamespace(r), r.name!) });
  while (queue.length > 0) {
    const current = queue.pop()!;
    if (current.kind === 'Service') {
      for (const name of index.dependentsOf(current.name)) visit('Service', name, name);
      continue;
    }
    for (const ref of referencesTo(index, current.kind as EntityKind, current.name)) {
      const from = ref.from;
      if (from.name === undefined) continue;
      if (isEntity(from) && (from.kind === 'Component' || from.kind === 'Resource') && ref.field === 'spec.dependsOn') {
        const e = asEntity(from);
        visit(e.kind, e.name, entityRef(e.kind, e.name));
      } else if (!isEntity(from) && from.kind === 'Service' && ref.field === 'spec.dependsOn')
        visit('Service', from.name, from.name);
    }
    const def = index.lookup(current.kind as EntityKind, current.name);
    if (!def) continue;
    for (const ref of referencesOfSpec(index, def)) {
      if (ref.field === 'spec.dependencyOf' && (ref.kind === 'Component' || ref.kind === 'Resource'))
        visit(ref.kind, ref.name, entityRef(ref.kind, ref.name));
      if (ref.field === 'spec.providesApis' && ref.kind === 'API')
        for (const consumer of index.references('API', ref.name)) {
          const from = consumer.from;
          if (consumer.field !== 'spec.consumesApis' || from.kind !== 'Component' || from.name === undefined) continue;
          const e = asEntity(from);
          visit(e.kind, e.name, entityRef(e.kind, e.name));
        }
    }
  }
  return [...seen].sort();
}

function referencesOfSpec(index: WorkspaceIndex, record: RecordDoc) {
  return index.referencesFrom(record.file).filter((r) => r.from === record);
}
