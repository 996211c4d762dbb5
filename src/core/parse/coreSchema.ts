import { FAILSAFE_SCHEMA, load, Type } from 'js-yaml';

/**
 * js-yaml with exactly the plain scalars of YAML 1.2's core schema, as `yaml`
 * resolves them (its `core` schema): js-yaml's own CORE_SCHEMA also reads
 * `0b101` and `+.5`-style floats its own way, and the fast path must never
 * read a value differently from the precise one.
 */
const NULL = /^(?:~|[Nn]ull|NULL)?$/;
const BOOL = /^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$/;
const INT = /^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$/;
const FLOAT =
  /^(?:[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)|[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+|[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/;

const scalar = (tag: string, test: RegExp, construct: (s: string) => unknown) =>
  new Type(`tag:yaml.org,2002:${tag}`, {
    kind: 'scalar',
    resolve: (s: string | null) => s === null || test.test(s),
    construct: (s: string | null) => construct(s ?? ''),
  });

const boolOf = (s: string) => s[0] === 't' || s[0] === 'T';
const intOf = (s: string) =>
  s.startsWith('0o') ? parseInt(s.slice(2), 8) : s.startsWith('0x') ? parseInt(s.slice(2), 16) : parseInt(s, 10);
const floatOf = (s: string) => {
  const lower = s.toLowerCase();
  if (lower.endsWith('.nan')) return NaN;
  if (lower.endsWith('.inf')) return s.startsWith('-') ? -Infinity : Infinity;
  return parseFloat(s);
};

const CORE = FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar('null', NULL, () => null),
    scalar('bool', BOOL, boolOf),
    scalar('int', INT, intOf),
    scalar('float', FLOAT, floatOf),
  ],
});

/** A plain scalar's value, as `loadCore` resolves it: the first of null, bool, int and float that matches, else the string. */
export function plainScalarValue(s: string): unknown {
  // Each pattern matches only scalars that start with its own characters: most strings need no test.
  const c = s.charCodeAt(0);
  if (c === 126 || c === 110 || c === 78 || s.length === 0) return NULL.test(s) ? null : s;
  if (c === 116 || c === 84 || c === 102 || c === 70) return BOOL.test(s) ? boolOf(s) : s;
  if ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46) {
    if (INT.test(s)) return intOf(s);
    if (FLOAT.test(s)) return floatOf(s);
  }
  return s;
}

/** One YAML document's value, read with the core schema. @throws on anything js-yaml refuses */
export function loadCore(text: string): unknown {
  return load(text, { schema: CORE });
}
