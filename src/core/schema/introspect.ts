import type { z } from 'zod';
import type { PathSegment } from '../parse/span';
import { RECORD_SCHEMAS } from './records';
import { isKind } from './vocabulary';

type Def = Record<string, unknown> & { type: string };

function defOf(node: unknown): Def | undefined {
  return (node as { _zod?: { def?: Def } } | undefined)?._zod?.def;
}

/** Strips optional/default/nullable/pipe wrappers. */
function unwrap(node: unknown): { node: unknown; optional: boolean } {
  let optional = false;
  for (let i = 0; i < 10; i++) {
    const def = defOf(node);
    if (!def) break;
    if (def.type === 'optional' || def.type === 'default' || def.type === 'nullable') {
      optional = true;
      node = def.innerType;
    } else if (def.type === 'pipe') node = def.in;
    else break;
  }
  return { node, optional };
}

/**
 * The zod schema node at `path` inside a schema (object keys and list indexes),
 * unwrapped; `undefined` when the path leaves the schema. For lists, any index
 * (or `-1` when not known yet) selects the element schema.
 */
export function schemaAt(schema: z.ZodType, path: readonly PathSegment[]): unknown {
  let node: unknown = unwrap(schema).node;
  for (const segment of path) {
    const def = defOf(node);
    if (!def) return undefined;
    if (def.type === 'object') node = (def.shape as Record<string, unknown>)[segment as string];
    else if (def.type === 'array') node = def.element;
    else if (def.type === 'record') node = def.valueType;
    else if (def.type === 'union') {
      // `implementationPlan: string | string[]`: follow the list branch for an index.
      const options = def.options as unknown[];
      node = options.map((o) => schemaAt(o as z.ZodType, [segment])).find((n) => n !== undefined);
    } else return undefined;
    if (node === undefined) return undefined;
    node = unwrap(node).node;
  }
  return node;
}

export interface FieldInfo {
  name: string;
  /** false when optional in the schema (conditional fields with their own rule are optional) */
  required: boolean;
  /** 'string' | 'number' | 'enum' | 'object' | 'array' | 'union' | ... */
  type: string;
}

/** The fields a map at `path` of a record kind allows, in schema order; [] when it is not a map. */
export function fieldsAt(kind: string, path: readonly PathSegment[]): FieldInfo[] {
  if (!isKind(kind)) return [];
  return fieldsOf(schemaAt(RECORD_SCHEMAS[kind], path));
}

/** The fields of an object schema node, as `fieldsAt` describes. */
export function fieldsOf(node: unknown): FieldInfo[] {
  const def = defOf(node);
  if (!def || def.type !== 'object') return [];
  return Object.entries(def.shape as Record<string, unknown>).map(([name, field]) => {
    const { node: inner, optional } = unwrap(field);
    return { name, required: !optional, type: defOf(inner)?.type ?? 'unknown' };
  });
}

/** The allowed values at `path` when it is an enum or a literal; [] otherwise. */
export function enumValuesAt(kind: string, path: readonly PathSegment[]): string[] {
  if (!isKind(kind)) return [];
  const def = defOf(schemaAt(RECORD_SCHEMAS[kind], path));
  if (!def) return [];
  if (def.type === 'enum') return Object.values(def.entries as Record<string, string>);
  if (def.type === 'literal') return (def.values as unknown[]).map(String);
  return [];
}

/** The type name of the schema node at `path` ('array', 'object', 'string', ...), or undefined. */
export function typeAt(kind: string, path: readonly PathSegment[]): string | undefined {
  if (!isKind(kind)) return undefined;
  return defOf(schemaAt(RECORD_SCHEMAS[kind], path))?.type;
}
