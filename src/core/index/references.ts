import type { Span } from '../finding';
import type { RecordDoc } from '../parse/parseFile';
import { spanIn, type PathSegment } from '../parse/span';
import { type SpecOf } from '../schema/records';
import { isKind, type Kind } from '../schema/vocabulary';
import {
  ENTITY_REFERENCE_FIELDS,
  entityNamespace,
  isEntity,
  isEntityKind,
  type EntityKind,
  type EntityRefField,
} from '../backstage/model';
import { resolveEntityRef } from '../backstage/ref';

/** The kinds a reference can name: svcm records and Backstage entities. */
export type RefKind = Kind | EntityKind;

/** How an entity reference was written (rename rewrites each in its own form). */
export interface EntityRefForm {
  /** The text as written, e.g. `component:default/petstore`. */
  written: string;
  explicitKind: boolean;
  explicitNamespace: boolean;
  /** The field's entry in the table of entity reference fields (undefined for svcm fields). */
  field?: EntityRefField;
}

/** Where a record names another record. */
export interface Reference {
  /**
   * The kind of record named. For an entity, its canonical kind and `name`
   * `namespace/name` in lower case (`Component`, `default/petstore`).
   */
  kind: RefKind;
  name: string;
  /** the field, e.g. `spec.services` (for messages and completion) */
  field: string;
  path: PathSegment[];
  /** the span of the name (computed on first read) */
  readonly span: Span;
  from: RecordDoc;
  /** Set when the reference names an entity (or was written as an entity reference). */
  entity?: EntityRefForm;
}

/** The reference fields of each kind (docs/records.md): the one table that rules, rename and completion read. */
export const REFERENCE_FIELDS: Record<Kind, { field: string; target: Kind; list: boolean }[]> = {
  Team: [],
  Service: [
    { field: 'owner', target: 'Team', list: false },
    { field: 'dependsOn', target: 'Service', list: true },
  ],
  StandardChange: [{ field: 'services', target: 'Service', list: true }],
  Change: [
    { field: 'template', target: 'StandardChange', list: false },
    { field: 'services', target: 'Service', list: true },
    { field: 'release', target: 'Release', list: false },
    { field: 'knowledge', target: 'Knowledge', list: true },
  ],
  Release: [
    { field: 'services', target: 'Service', list: true },
    { field: 'changes', target: 'Change', list: true },
  ],
  Knowledge: [
    { field: 'services', target: 'Service', list: true },
    { field: 'changes', target: 'Change', list: true },
    { field: 'owner', target: 'Team', list: false },
  ],
};

/** The references a record makes, with the span of each name. Values of the wrong type are skipped (the schema rule reports them). */
export function referencesOf(record: RecordDoc): Reference[] {
  let refs = made.get(record);
  if (!refs) made.set(record, (refs = makeReferences(record)));
  return refs;
}

/** By record: the index and several rules ask for the same record's references, and records never change. */
const made = new WeakMap<RecordDoc, Reference[]>();

/**
 * What `referencesOf` reads of an svcm record, to be kept without the rest of
 * the value (`svcm validate --cache`): the reference fields of its `spec`, a
 * list's entries that are not strings as null (so that indices stay). Undefined
 * for an entity (its references are worked out from its value).
 */
export function referenceFields(record: RecordDoc): Record<string, unknown> | undefined {
  if (isEntity(record)) return undefined;
  const fields: Record<string, unknown> = {};
  if (record.syntax.length > 0 || !isKind(record.kind)) return fields;
  const spec = specOf(record);
  if (!spec) return fields;
  for (const { field, list } of REFERENCE_FIELDS[record.kind]) {
    const value = spec[field];
    if (list && Array.isArray(value)) fields[field] = value.map((v) => (typeof v === 'string' ? v : null));
    else if (!list && typeof value === 'string') fields[field] = value;
  }
  return fields;
}

/** Gives a record the references `referenceFields` kept for it, without reading its value: the same as `referencesOf` would make. */
export function seedReferences(record: RecordDoc, fields: Record<string, unknown>): void {
  seeded.set(record, fields);
  made.set(
    record,
    record.syntax.length > 0 || !isKind(record.kind) ? [] : makeSvcmReferences(record, record.kind, fields),
  );
}

/** The reference fields `seedReferences` gave, by record. */
const seeded = new WeakMap<RecordDoc, Record<string, unknown>>();

/**
 * A service's `dependsOn` strings, in order (its other entries left out), for
 * the dependency graph: from the fields `seedReferences` gave when there are
 * some, so that the graph does not read every service's value.
 */
export function dependsOnOf(record: RecordDoc): string[] {
  const deps = (seeded.get(record) ?? specOf(record, 'Service'))?.dependsOn;
  return Array.isArray(deps) ? deps.filter((d): d is string => typeof d === 'string') : [];
}

function makeReferences(record: RecordDoc): Reference[] {
  if (record.syntax.length > 0) return [];
  if (isEntity(record)) return makeEntityReferences(record);
  if (!isKind(record.kind)) return [];
  const spec = specOf(record);
  if (!spec) return [];
  return makeSvcmReferences(record, record.kind, spec);
}

function makeSvcmReferences(record: RecordDoc, kind: Kind, spec: Record<string, unknown>): Reference[] {
  const refs: Reference[] = [];
  const add = (target: Kind, name: string, field: string, path: PathSegment[]) => {
    const bridged = bridgeKind(target, name);
    if (!bridged) refs.push(reference(record, target, name, field, path));
    else {
      const ref = resolveEntityRef(name, { kind: bridged });
      if (ref?.kind !== bridged) return; // not a reference this field takes: the schema rule reports it
      const made = reference(record, bridged, `${ref.namespace}/${ref.name}`.toLowerCase(), field, path);
      made.entity = { written: name, explicitKind: true, explicitNamespace: name.includes('/') };
      refs.push(made);
    }
  };
  for (const { field, target, list } of REFERENCE_FIELDS[kind]) {
    const value = spec[field];
    if (list) {
      if (!Array.isArray(value)) continue;
      value.forEach((name, i) => {
        if (typeof name !== 'string') return;
        add(target, name, specField(field), ['spec', field, i]);
      });
    } else if (typeof value === 'string') {
      add(target, value, specField(field), ['spec', field]);
    }
  }
  // A list grown by `push` keeps room for more; this one lives as long as its record.
  return refs.slice();
}

/**
 * Where an svcm record may name an entity instead (docs/backstage.md, "Bridged
 * with svcm records"): a service field may name a Component, a team field a
 * Group, written as an entity reference with its kind. Bare names stay svcm
 * references; they fall back to the Component or Group of that name when no
 * svcm record has it (`bridgedDefinition`).
 */
export function bridgeKind(target: Kind, name: string): EntityKind | undefined {
  if (!name.includes(':')) return undefined;
  if (target === 'Service') return 'Component';
  if (target === 'Team') return 'Group';
  return undefined;
}

/** The entity kind a bare svcm reference of `kind` falls back to: Service -> Component, Team -> Group. */
export const BRIDGED_KIND: Partial<Record<Kind, EntityKind>> = { Service: 'Component', Team: 'Group' };

/** The references an entity makes, resolved with each field's default kind and the entity's namespace. */
function makeEntityReferences(record: RecordDoc): Reference[] {
  if (!isEntityKind(record.kind)) return [];
  const spec = specOf(record);
  if (!spec) return [];
  const namespace = entityNamespace(record);
  const refs: Reference[] = [];
  const add = (field: EntityRefField, text: string, path: PathSegment[]) => {
    const ref = resolveEntityRef(text, { kind: field.defaultKind, namespace });
    // No kind (where the field has no default), or a kind svcm does not know: the rules read the value itself.
    if (!ref?.kind) return;
    const made = reference(
      record,
      ref.kind,
      `${ref.namespace}/${ref.name}`.toLowerCase(),
      specField(field.field),
      path,
    );
    made.entity = {
      written: text,
      explicitKind: ref.explicitKind,
      explicitNamespace: text.slice(text.indexOf(':') + 1).includes('/'),
      field,
    };
    refs.push(made);
  };
  for (const field of ENTITY_REFERENCE_FIELDS[record.kind]) {
    const value = spec[field.field];
    if (field.list) {
      if (!Array.isArray(value)) continue;
      value.forEach((text, i) => {
        if (typeof text === 'string' && text !== '') add(field, text, ['spec', field.field, i]);
      });
    } else if (typeof value === 'string' && value !== '') add(field, value, ['spec', field.field]);
  }
  return refs;
}

/**
 * A reference whose span is worked out when first read (fast-path records build
 * their `yaml` tree only then). A class, not an object with a getter: a large
 * workspace makes hundreds of thousands of these on its first load.
 */
class LazyReference implements Reference {
  cached?: Span;
  entity?: EntityRefForm;
  constructor(
    public from: RecordDoc,
    readonly kind: RefKind,
    readonly name: string,
    readonly field: string,
    readonly path: PathSegment[],
  ) {}

  get span(): Span {
    return (this.cached ??= spanIn(this.from, this.path));
  }
}

/** Points a reference at the record that now holds the same content (at another place, or read precisely). */
export function moveReference(ref: Reference, to: RecordDoc): void {
  if (!(ref instanceof LazyReference)) throw new Error('not a reference made by referencesOf');
  ref.from = to;
  ref.cached = undefined;
}

/**
 * `spec.<field>`, one string per field name: a reference keeps its field as long
 * as its record, and a string made per reference is one more for each to keep
 * (docs/performance.md, "The single file, fifth pass").
 */
const FIELD_PATHS = new Map<string, string>();
function specField(field: string): string {
  let name = FIELD_PATHS.get(field);
  if (name === undefined) FIELD_PATHS.set(field, (name = `spec.${field}`));
  return name;
}

function reference(from: RecordDoc, kind: RefKind, name: string, field: string, path: PathSegment[]): LazyReference {
  return new LazyReference(from, kind, name, field, path);
}

/**
 * A record's `spec` with the field names of its kind (docs/records.md), values
 * not yet checked: rules also run on records the schema rule finds fault with,
 * so a value may be of any type, but a misspelt or renamed field is a compile error.
 */
export type SpecFields<K extends Kind> = { readonly [F in keyof SpecOf[K]]-?: unknown };

/** A record's `metadata` fields (docs/records.md, the envelope), values not yet checked. */
export interface MetadataFields {
  readonly name?: unknown;
  readonly title?: unknown;
  readonly description?: unknown;
  readonly labels?: unknown;
}

/**
 * The record's `spec`, or undefined when it is not a map. With `kind`: only for
 * a record of that kind, typed by its field names (`SpecFields`); without, a
 * loose map (for code that reads any kind by a field name it is given).
 */
export function specOf<K extends Kind>(record: RecordDoc, kind: K): Partial<SpecFields<K>> | undefined;
export function specOf(record: RecordDoc): Record<string, unknown> | undefined;
export function specOf(record: RecordDoc, kind?: Kind): Record<string, unknown> | undefined {
  if (kind !== undefined && record.kind !== kind) return undefined;
  return mapAt(record.value, 'spec');
}

/** `specOf(record, kind)`, or no fields when the record has no `spec` map (or is of another kind). */
export function specFieldsOf<K extends Kind>(record: RecordDoc | undefined, kind: K): Partial<SpecFields<K>> {
  return (record && specOf(record, kind)) ?? {};
}

/** The record's `metadata`, or undefined when it is not a map. */
export function metadataOf(record: RecordDoc | undefined): MetadataFields | undefined {
  return record && mapAt(record.value, 'metadata');
}

/** The record's `metadata.title` when it is a string that is not blank. */
export function titleOf(record: RecordDoc | undefined): string | undefined {
  const title = metadataOf(record)?.title;
  return typeof title === 'string' && title.trim().length > 0 ? title : undefined;
}

function mapAt(value: unknown, key: string): Record<string, unknown> | undefined {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const inner = (value as Record<string, unknown>)[key];
  return inner && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Record<string, unknown>) : undefined;
}
