import { z } from 'zod';

/**
 * Validity checks compiled from the zod schemas of records.ts (docs/performance.md,
 * "The schema rule without zod's walk"). zod stays the one definition of the record formats and the
 * one author of their messages; what is compiled here only answers "would zod
 * find nothing wrong with this value?", with plain closures instead of zod's
 * generic walk, which builds a payload, an issue list and an output copy of
 * every value. A record the closures accept is valid; one they reject is handed
 * to zod, whose issues the schema rule turns into findings as before, so the
 * findings stay zod's for every input.
 *
 * Each closure follows what zod's runtime does for that schema type (zod 4:
 * `$ZodObject`, `$ZodArray`, `$ZodUnion`... in zod/v4/core/schemas.js): an
 * input is valid exactly when zod's run leaves no issue. A schema type or a
 * check not modelled here runs through zod itself for that sub-schema
 * (`viaZod`), so a new kind of field in records.ts is slower until it is
 * modelled, never wrong.
 */

/** true when zod would report no issue for the value. */
export type Validity = (value: unknown) => boolean;

type Def = Record<string, unknown> & { type: string; checks?: unknown[] };
interface Internals {
  def: Def;
  traits: Set<string>;
  optin?: 'optional' | 'defaulted';
  optout?: 'optional';
  values?: Set<unknown>;
  check?: (payload: Payload) => unknown;
  run: (payload: Payload, ctx: object) => unknown;
}
interface Node {
  _zod: Internals;
}
interface Payload {
  value: unknown;
  issues: unknown[];
}

const SYNC = Object.freeze({ async: false });
const { isPlainObject, NUMBER_FORMAT_RANGES } = z.core.util;

/** The zod default for length checks' `when` (run on non-nullish values with a length). */
const DEFAULT_LENGTH_WHEN = ((z.string().min(1)._zod.def.checks ?? [])[0] as unknown as Node)._zod.def.when;

/** The closures made by fastCheck. */
const FAST = new WeakSet<Validity>();

/** Formats whose check is zod's plain pattern test (`$ZodCheckStringFormat`); others have their own code. */
const PATTERN_FORMATS = new Set(['regex', 'date', 'datetime']);

/**
 * Compiles `schema` into a `Validity`: true exactly when
 * `schema.safeParse(value).success` would be. Never throws: an exception
 * inside (which zod would raise too) answers false, so that zod is asked.
 * `viaZodTypes` receives the type of each sub-schema left to zod (`viaZod`).
 */
export function compileValidity(schema: z.ZodType, viaZodTypes?: string[]): Validity {
  const valid = compile(schema as unknown as Node, viaZodTypes ?? []);
  return (value) => {
    try {
      return valid(value);
    } catch {
      return false;
    }
  };
}

function compile(node: Node, viaZodTypes: string[]): Validity {
  const def = node._zod.def;
  const checks = checksOf(node);
  const parse = checks && parserFor(node, viaZodTypes);
  if (!checks || !parse) return viaZod(node, viaZodTypes);
  if (checks.length === 0) return parse;
  if (def.type === 'object') {
    // Checks on an object (superRefine) read zod's output, which the closures do not build; see outputFor.
    const output = outputFor(node);
    if (output === undefined) return viaZod(node, viaZodTypes);
    return (value) => {
      if (!parse(value)) return false;
      const out = output(value as Record<string, unknown>);
      for (const check of checks) if (!check(out)) return false;
      return true;
    };
  }
  // Other checks see the value as it came: equal to zod's output when nothing inside makes a new one.
  if (checks.some((check) => !FAST.has(check)) && !outputIsInput(node)) return viaZod(node, viaZodTypes);
  return (value) => {
    if (!parse(value)) return false;
    for (const check of checks) if (!check(value)) return false;
    return true;
  };
}

/** The schema run by zod itself: valid when it leaves no issue. */
function viaZod(node: Node, viaZodTypes: string[]): Validity {
  viaZodTypes.push(node._zod.def.type);
  return (value) => {
    const result = node._zod.run({ value, issues: [] }, { ...SYNC }) as Payload | Promise<unknown>;
    return !(result instanceof Promise) && result.issues.length === 0;
  };
}

/** The type test of `node` (zod's `_zod.parse`), with the children's validity; undefined when not modelled. */
function parserFor(node: Node, viaZodTypes: string[]): Validity | undefined {
  const def = node._zod.def;
  if (def.coerce) return undefined;
  switch (def.type) {
    case 'string':
      return (value) => typeof value === 'string';
    case 'number':
      return (value) => typeof value === 'number' && Number.isFinite(value);
    case 'boolean':
      return (value) => typeof value === 'boolean';
    case 'literal':
    case 'enum': {
      const values = node._zod.values;
      return values && ((value) => values.has(value));
    }
    case 'optional': {
      const inner = compile(def.innerType as Node, viaZodTypes);
      // Only a default inside substitutes for absence (zod's $ZodOptional).
      if ((def.innerType as Node)._zod.optin === 'defaulted') return inner;
      return (value) => value === undefined || inner(value);
    }
    case 'default': {
      const inner = compile(def.innerType as Node, viaZodTypes);
      return (value) => value === undefined || inner(value);
    }
    case 'nullable': {
      const inner = compile(def.innerType as Node, viaZodTypes);
      return (value) => value === null || inner(value);
    }
    case 'array': {
      const element = compile(def.element as Node, viaZodTypes);
      return (value) => {
        if (!Array.isArray(value)) return false;
        for (let i = 0; i < value.length; i++) if (!element(value[i])) return false;
        return true;
      };
    }
    case 'union': {
      // Exclusive (z.xor) and discriminated unions decide differently.
      if (def.inclusive === false || def.discriminator !== undefined) return undefined;
      const options = (def.options as Node[]).map((option) => compile(option, viaZodTypes));
      if (options.length === 1) return options[0];
      return (value) => options.some((option) => option(value));
    }
    case 'object':
      return objectParser(node, viaZodTypes);
    case 'record':
      return recordParser(node, viaZodTypes);
    default:
      return undefined;
  }
}

/** zod's $ZodObject: each shape key (absence as handlePropertyResult judges it), then the catchall. */
function objectParser(node: Node, viaZodTypes: string[]): Validity | undefined {
  const def = node._zod.def;
  const shape = def.shape as Record<string, Node>;
  if (Object.getOwnPropertySymbols(shape).length > 0) return undefined;
  const catchall = (def.catchall as Node | undefined)?._zod.def.type;
  // A catchall other than never (strict) or none (strip) validates the unknown keys' values.
  if (catchall !== undefined && catchall !== 'never') return undefined;
  const strict = catchall === 'never';
  const keys = Object.keys(shape).filter((k) => k !== '__proto__');
  const known = new Set(Object.keys(shape));
  const fields = keys.map((key) => {
    const field = shape[key]._zod;
    const valid = compile(shape[key], viaZodTypes);
    // An absent key: fine when optional on both sides, never when required, else as the schema judges undefined.
    const absent: boolean | Validity =
      field.optin === undefined ? false : field.optout === 'optional' ? true : (v: unknown) => valid(v);
    return { key, valid, absent };
  });
  return (value) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
    const input = value as Record<string, unknown>;
    for (const { key, valid, absent } of fields) {
      const field = input[key];
      // `in`, as zod asks, only when the value reads as undefined (YAML has no undefined).
      if (field !== undefined || key in input) {
        if (!valid(field)) return false;
      } else if (absent !== true && (absent === false || !absent(undefined))) return false;
    }
    if (strict) for (const key in input) if (!known.has(key)) return false;
    return true;
  };
}

/** zod's $ZodRecord, for string keys without checks: own enumerable keys, each value valid. */
function recordParser(node: Node, viaZodTypes: string[]): Validity | undefined {
  const def = node._zod.def;
  const key = def.keyType as Node;
  if (key._zod.def.type !== 'string' || key._zod.def.coerce || checksOf(key)?.length !== 0) return undefined;
  if (def.mode === 'loose') return undefined;
  const valid = compile(def.valueType as Node, viaZodTypes);
  return (value) => {
    if (!isPlainObject(value)) return false;
    for (const k of Reflect.ownKeys(value)) {
      if (k === '__proto__' || !Object.prototype.propertyIsEnumerable.call(value, k)) continue;
      // A symbol key fails z.string().
      if (typeof k !== 'string' || !valid((value as Record<string, unknown>)[k])) return false;
    }
    return true;
  };
}

/**
 * The checks zod runs after the type test (the schema itself first when it is
 * also a check, as string formats are), as closures on the parsed value;
 * undefined when one cannot be run outside zod.
 */
function checksOf(node: Node): Validity[] | undefined {
  const all = [...(node._zod.traits.has('$ZodCheck') ? [node] : []), ...((node._zod.def.checks ?? []) as Node[])];
  const out: Validity[] = [];
  for (const check of all) {
    const fast = fastCheck(check);
    if (fast) {
      FAST.add(fast);
      out.push(fast);
      continue;
    }
    const run = check._zod.check;
    // An overwrite (trim, toLowerCase) changes the value the later checks and the output see.
    if (typeof run !== 'function' || check._zod.def.check === 'overwrite') return undefined;
    const when = check._zod.def.when as ((payload: Payload) => boolean) | undefined;
    out.push((value) => {
      const payload: Payload = { value, issues: [] };
      if (when && !when(payload)) return true;
      const result = run(payload);
      return !(result instanceof Promise) && payload.issues.length === 0;
    });
  }
  return out;
}

/** The checks records.ts uses, as plain tests; undefined for any other (run through zod's check function). */
function fastCheck(check: Node): Validity | undefined {
  const def = check._zod.def;
  switch (def.check) {
    case 'string_format': {
      const pattern = def.pattern as RegExp | undefined;
      if (!pattern || !PATTERN_FORMATS.has(def.format as string) || def.when) return undefined;
      return (value) => {
        pattern.lastIndex = 0;
        return pattern.test(value as string);
      };
    }
    case 'min_length': {
      if (def.when !== DEFAULT_LENGTH_WHEN) return undefined;
      const minimum = def.minimum as number;
      // zod counts a string's code points; a code point is one or two UTF-16 units.
      return (value) => {
        // zod's `when`: only values with a length are measured.
        if (value === null || value === undefined) return true;
        const units = (value as { length?: number }).length;
        if (units === undefined) return true;
        if (typeof value !== 'string' || units < minimum || units >= minimum * 2) return units >= minimum;
        return [...value].length >= minimum;
      };
    }
    case 'greater_than':
    case 'less_than': {
      const bound = def.value;
      if (typeof bound !== 'number' || def.when) return undefined;
      const inclusive = def.inclusive === true;
      if (def.check === 'greater_than')
        return (value) => (inclusive ? (value as number) >= bound : (value as number) > bound);
      return (value) => (inclusive ? (value as number) <= bound : (value as number) < bound);
    }
    case 'number_format': {
      const format = def.format as keyof typeof NUMBER_FORMAT_RANGES;
      const range = NUMBER_FORMAT_RANGES[format];
      if (!range || def.when) return undefined;
      const [minimum, maximum] = range as [number, number];
      const integer = format.includes('int');
      return (value) => {
        const n = value as number;
        if (integer && !Number.isSafeInteger(n)) return false;
        return n >= minimum && n <= maximum;
      };
    }
    default:
      return undefined;
  }
}

/**
 * What zod hands an object's checks: its output, a new object of the shape's
 * keys, absent ones left out and defaults put in. A valid strict object without
 * defaults has those keys with those values already (in the order written), so
 * the checks get it as it is; otherwise a copy of the top level is made, with
 * the nested values as they came. Undefined when a nested value's output would
 * differ from its input (a default, a stripped key, a transform below the top),
 * so that such an object is left to zod.
 */
function outputFor(node: Node): ((input: Record<string, unknown>) => Record<string, unknown>) | undefined {
  const def = node._zod.def;
  const shape = def.shape as Record<string, Node>;
  const keys = Object.keys(shape).filter((k) => k !== '__proto__');
  const defaults = new Map<string, Node>();
  for (const key of keys) {
    let field = shape[key];
    if (field._zod.def.type === 'default') {
      defaults.set(key, field);
      field = field._zod.def.innerType as Node;
    }
    if (!outputIsInput(field)) return undefined;
  }
  if (defaults.size === 0 && (def.catchall as Node | undefined)?._zod.def.type === 'never') return (input) => input;
  return (input) => {
    const out: Record<string, unknown> = {};
    for (const key of keys) {
      const value = input[key];
      const withDefault = defaults.get(key);
      if (value === undefined && withDefault) out[key] = withDefault._zod.def.defaultValue;
      else if (key in input) out[key] = value;
    }
    return out;
  };
}

/** Whether zod's output for a valid input equals the input (no default, strip, transform or unknown type inside). */
function outputIsInput(node: Node): boolean {
  const def = node._zod.def;
  switch (def.type) {
    case 'string':
    case 'number':
    case 'boolean':
    case 'literal':
    case 'enum':
      return !def.coerce && ((def.checks ?? []) as Node[]).every((c) => c._zod.def.check !== 'overwrite');
    case 'optional':
    case 'nullable':
      return outputIsInput(def.innerType as Node);
    case 'array':
      return outputIsInput(def.element as Node);
    case 'union':
      return (def.options as Node[]).every(outputIsInput);
    case 'record':
      return outputIsInput(def.valueType as Node);
    case 'object':
      return (
        (def.catchall as Node | undefined)?._zod.def.type === 'never' &&
        Object.values(def.shape as Record<string, Node>).every(outputIsInput)
      );
    default:
      return false;
  }
}
