import type { Span } from '../finding';
import type { RecordDoc } from '../parse/parseFile';
import { spanIn, type PathSegment } from '../parse/span';
import { isKind, type Kind } from '../schema/records';

/** Where a record names another record. */
export interface Reference {
  /** the kind of record named */
  kind: Kind;
  name: string;
  /** the field, e.g. `spec.services` (for messages and completion) */
  field: string;
  path: PathSegment[];
  /** the span of the name (computed on first read) */
  readonly span: Span;
  from: RecordDoc;
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

function makeReferences(record: RecordDoc): Reference[] {
  if (!isKind(record.kind) || record.syntax.length > 0) return [];
  const spec = specOf(record);
  if (!spec) return [];
  const refs: Reference[] = [];
  for (const { field, target, list } of REFERENCE_FIELDS[record.kind]) {
    const value = spec[field];
    if (list) {
      if (!Array.isArray(value)) continue;
      value.forEach((name, i) => {
        if (typeof name !== 'string') return;
        const path = ['spec', field, i];
        refs.push(reference(record, target, name, `spec.${field}`, path));
      });
    } else if (typeof value === 'string') {
      const path = ['spec', field];
      refs.push(reference(record, target, value, `spec.${field}`, path));
    }
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
  constructor(
    public from: RecordDoc,
    readonly kind: Kind,
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

function reference(from: RecordDoc, kind: Kind, name: string, field: string, path: PathSegment[]): Reference {
  return new LazyReference(from, kind, name, field, path);
}

/** The record's `spec` as a loose map, or undefined when it is not a map. */
export function specOf(record: RecordDoc): Record<string, unknown> | undefined {
  const value = record.value;
  if (!value || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const spec = (value as Record<string, unknown>).spec;
  return spec && typeof spec === 'object' && !Array.isArray(spec) ? (spec as Record<string, unknown>) : undefined;
}
