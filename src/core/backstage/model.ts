import { isMap, isScalar, type Node } from 'yaml';
import type { RecordDoc } from '../parse/parseFile';

/**
 * Backstage catalogue entities (docs/backstage.md): which documents are
 * entities, their identity, and the reference fields of each kind with
 * Backstage's per-field default kinds.
 */

export const ENTITY_API_VERSIONS = ['backstage.io/v1alpha1', 'backstage.io/v1beta1'] as const;

export const ENTITY_KINDS = ['Component', 'API', 'Resource', 'System', 'Domain', 'Group', 'User', 'Location'] as const;
export type EntityKind = (typeof ENTITY_KINDS)[number];

export const DEFAULT_NAMESPACE = 'default';

export function isEntityKind(value: unknown): value is EntityKind {
  return typeof value === 'string' && (ENTITY_KINDS as readonly string[]).includes(value);
}

export function isEntityApiVersion(value: unknown): boolean {
  return typeof value === 'string' && (ENTITY_API_VERSIONS as readonly string[]).includes(value);
}

/** The canonical kind for a kind written in a reference (`component` -> `Component`), compared case-insensitively. */
export function entityKindOf(written: string): EntityKind | undefined {
  const lower = written.toLowerCase();
  return ENTITY_KINDS.find((k) => k.toLowerCase() === lower);
}

/** Whether a document (its `apiVersion` and `kind` as read) is a Backstage entity that svcm checks. */
export function isEntityDocument(apiVersion: unknown, kind: unknown): boolean {
  return isEntityApiVersion(apiVersion) && isEntityKind(kind);
}

/** Whether a record is a Backstage entity (not an svcm record). */
export function isEntity(record: Pick<RecordDoc, 'apiVersion'>): boolean {
  return record.apiVersion.startsWith('backstage.io/');
}

/** The namespace an entity is in, as written (`default` when absent or unreadable). */
export function entityNamespace(record: RecordDoc): string {
  const value = record.value;
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    const metadata = (value as Record<string, unknown>).metadata;
    if (metadata && typeof metadata === 'object') {
      const ns = (metadata as Record<string, unknown>).namespace;
      return typeof ns === 'string' && ns !== '' ? ns : DEFAULT_NAMESPACE;
    }
    return DEFAULT_NAMESPACE;
  }
  // A document with syntax errors: read what the tree holds.
  const contents = record.doc?.contents;
  if (isMap(contents)) {
    const ns = record.doc.getIn(['metadata', 'namespace'], true) as Node | undefined;
    if (isScalar(ns) && typeof ns.value === 'string' && ns.value !== '') return ns.value;
  }
  return DEFAULT_NAMESPACE;
}

/** The name under which the index keeps an entity: `namespace/name`, in lower case. */
export function entityIndexName(namespace: string, name: string): string {
  return `${namespace}/${name}`.toLowerCase();
}

/** The entity's full reference in lower case (`component:default/petstore`), or undefined without a readable name. */
export function entityRefOf(record: RecordDoc): string | undefined {
  if (!isEntityKind(record.kind) || record.name === undefined) return undefined;
  return `${record.kind.toLowerCase()}:${entityIndexName(entityNamespace(record), record.name)}`;
}

/** One reference field of an entity kind. */
export interface EntityRefField {
  field: string;
  list: boolean;
  /** The kind assumed when the reference has none; undefined: the kind must be written. */
  defaultKind?: EntityKind;
  /** The kinds the field may name. */
  allowed: readonly EntityKind[];
}

const owner: EntityRefField = { field: 'owner', list: false, defaultKind: 'Group', allowed: ['Group', 'User'] };
const system: EntityRefField = { field: 'system', list: false, defaultKind: 'System', allowed: ['System'] };
const dependsOn: EntityRefField = { field: 'dependsOn', list: true, allowed: ['Component', 'Resource'] };
const dependencyOf: EntityRefField = { field: 'dependencyOf', list: true, allowed: ['Component', 'Resource'] };

/** The reference fields of each kind, under `spec` (docs/backstage.md, "Entity references"). */
export const ENTITY_REFERENCE_FIELDS: Record<EntityKind, readonly EntityRefField[]> = {
  Component: [
    owner,
    system,
    { field: 'subcomponentOf', list: false, defaultKind: 'Component', allowed: ['Component'] },
    { field: 'providesApis', list: true, defaultKind: 'API', allowed: ['API'] },
    { field: 'consumesApis', list: true, defaultKind: 'API', allowed: ['API'] },
    dependsOn,
    dependencyOf,
  ],
  API: [owner, system],
  Resource: [owner, system, dependsOn, dependencyOf],
  System: [owner, { field: 'domain', list: false, defaultKind: 'Domain', allowed: ['Domain'] }],
  Domain: [owner, { field: 'subdomainOf', list: false, defaultKind: 'Domain', allowed: ['Domain'] }],
  Group: [
    { field: 'parent', list: false, defaultKind: 'Group', allowed: ['Group'] },
    { field: 'children', list: true, defaultKind: 'Group', allowed: ['Group'] },
    { field: 'members', list: true, defaultKind: 'User', allowed: ['User'] },
  ],
  User: [{ field: 'memberOf', list: true, defaultKind: 'Group', allowed: ['Group'] }],
  Location: [],
};

/** How messages name each kind. */
export const ENTITY_NOUNS: Record<EntityKind, string> = {
  Component: 'Component',
  API: 'API',
  Resource: 'Resource',
  System: 'System',
  Domain: 'Domain',
  Group: 'Group',
  User: 'User',
  Location: 'Location',
};
