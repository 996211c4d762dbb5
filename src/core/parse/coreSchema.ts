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

const CORE = FAILSAFE_SCHEMA.extend({
  implicit: [
    scalar('null', NULL, () => null),
    scalar('bool', BOOL, (s) => s[0] === 't' || s[0] === 'T'),
    scalar('int', INT, (s) =>
      s.startsWith('0o') ? parseInt(s.slice(2), 8) : s.startsWith('0x') ? parseInt(s.slice(2), 16) : parseInt(s, 10),
    ),
    scalar('float', FLOAT, (s) => {
      const lower = s.toLowerCase();
      if (lower.endsWith('.nan')) return NaN;
      if (lower.endsWith('.inf')) return s.startsWith('-') ? -Infinity : Infinity;
      return parseFloat(s);
    }),
  ],
});

/** One YAML document's value, read with the core schema. @throws on anything js-yaml refuses */
export function loadCore(text: string): unknown {
  return load(text, { schema: CORE });
}
