import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { z } from 'zod';
import { parseBytes, parseFile } from '../../src/core/parse/parseFile';
import { schemaFindings } from '../../src/core/rules/schema';
import { instant, isoDate } from '../../src/core/rules/ruleSupport';
import { compileValidity } from '../../src/core/schema/compiled';
import { RECORD_SCHEMAS } from '../../src/core/schema/records';
import { KINDS } from '../../src/core/schema/vocabulary';
import { pathsOf } from './helpers';

/*
 * The schema rule accepts a record without zod when the checks compiled from
 * the zod schemas do (core/schema/compiled.ts). These properties hold the
 * compiled verdict to zod's own on valid and broken records of every kind, and
 * the rule's findings to those of zod reading every record (the reference).
 */

type Def = Record<string, unknown> & { type: string; checks?: { _zod: { def: Record<string, unknown> } }[] };
const defOf = (node: unknown) => (node as { _zod: { def: Def } })._zod.def;

/** Values zod may see in odd places: what YAML gives (null, numbers, text) and what it cannot give. */
const ODD: (() => unknown)[] = [
  () => null,
  () => undefined,
  () => 0,
  () => -0,
  () => -1,
  () => 3.5,
  () => 2 ** 60,
  () => Number.NaN,
  () => Number.POSITIVE_INFINITY,
  () => true,
  () => '',
  () => 'x',
  () => ' ',
  () => '\uD800',
  () => '😀',
  () => 'CHG-2026-0001',
  () => '2026-13-45',
  () => '2026-02-29',
  () => '2026-11-26T18:00:00Z',
  () => '2026-11-26T18:00Z',
  () => 'svc-a',
  () => 'Svc',
  () => [],
  () => [''],
  () => ['svc-a', 7],
  () => [null],
  () => ({}),
  () => ({ a: 1 }),
  () => Object.create(null) as object,
  () => JSON.parse('{"__proto__": "x"}') as object,
  () => ({ [Symbol('s')]: 'x' }),
  () => new Date('2026-11-26T00:00:00Z'),
];
const odd = fc.nat({ max: ODD.length - 1 }).map((i) => ODD[i]());

/** Strings a field accepts: matching its pattern, or of its minimum length (zod's own patterns, so this follows records.ts). */
function stringArb(def: Def): fc.Arbitrary<string> {
  const pattern = [def, ...(def.checks ?? []).map((c) => c._zod.def)].find((d) => d.pattern instanceof RegExp)
    ?.pattern as RegExp | undefined;
  const min = (def.checks ?? []).find((c) => c._zod.def.check === 'min_length')?._zod.def.minimum as number | undefined;
  return pattern ? fc.stringMatching(pattern) : fc.string({ minLength: min ?? 0, maxLength: 12 });
}

/** Values a schema node accepts, walking its zod definition; the mutations below break them. */
function valueOf(node: unknown): fc.Arbitrary<unknown> {
  const def = defOf(node);
  switch (def.type) {
    case 'string':
      return stringArb(def);
    case 'number': {
      const range = (def.checks ?? []).map((c) => c._zod.def);
      const min = (range.find((d) => d.check === 'greater_than')?.value as number | undefined) ?? -5;
      const max = (range.find((d) => d.check === 'less_than')?.value as number | undefined) ?? 5;
      const int = (node as { _zod: { traits: Set<string> } })._zod.traits.has('$ZodCheck');
      return int ? fc.integer({ min, max }) : fc.double({ min, max, noNaN: true });
    }
    case 'boolean':
      return fc.boolean();
    case 'literal':
      return fc.constantFrom(...(def.values as unknown[]));
    case 'enum':
      return fc.constantFrom(...Object.values(def.entries as Record<string, unknown>));
    case 'optional':
    case 'default':
    case 'nullable':
      return valueOf(def.innerType);
    case 'array':
      return fc.array(valueOf(def.element), { maxLength: 3 });
    case 'union':
      return fc.oneof(...(def.options as unknown[]).map(valueOf));
    case 'record':
      return fc.dictionary(fc.stringMatching(/^[a-z]{1,6}$/), valueOf(def.valueType), { maxKeys: 2 });
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      const required = Object.keys(shape).filter((k) => defOf(shape[k]).type !== 'optional');
      const fields: Record<string, fc.Arbitrary<unknown>> = {};
      for (const k of Object.keys(shape)) fields[k] = valueOf(shape[k]);
      return fc.record(fields, { requiredKeys: required });
    }
    default:
      throw new Error(`no generator for ${def.type}`);
  }
}

/** A change to a value: delete a field or entry, put an odd value there, add an unknown key, or empty it. */
const mutation = fc.record({
  target: fc.nat(),
  op: fc.constantFrom('delete', 'replace', 'unknown-key', 'empty', 'nudge'),
  with: odd,
  key: fc.constantFrom('extra', 'titel', 'owner', 'status', '__proto__', 'constructor', 'toString'),
});

function mutate(root: Record<string, unknown>, m: typeof mutation extends fc.Arbitrary<infer T> ? T : never): void {
  const paths = [[], ...pathsOf(root)];
  const path = paths[m.target % paths.length];
  let parent: Record<string | number, unknown> | undefined;
  let target: unknown = root;
  for (const segment of path) {
    parent = target as Record<string | number, unknown>;
    target = parent[segment];
  }
  const last = path[path.length - 1];
  switch (m.op) {
    case 'delete':
      if (parent === undefined) return;
      if (Array.isArray(parent)) parent.splice(last as number, 1);
      else delete parent[last];
      return;
    case 'replace':
      if (parent !== undefined) parent[last] = m.with;
      return;
    case 'unknown-key':
      if (typeof target === 'object' && target !== null && !Array.isArray(target))
        Object.defineProperty(target, m.key, { value: m.with, enumerable: true, writable: true, configurable: true });
      return;
    case 'empty':
      if (parent !== undefined) parent[last] = Array.isArray(target) ? [] : typeof target === 'string' ? '' : {};
      return;
    case 'nudge':
      // A near miss: a number off by a half or past a bound, a text one letter longer or in capitals.
      if (parent === undefined) return;
      if (typeof target === 'number') parent[last] = m.target % 2 ? target + 0.5 : target + 1;
      else if (typeof target === 'string') parent[last] = m.target % 2 ? target.toUpperCase() : `${target}x`;
      return;
  }
}

// Built once: an arbitrary for a pattern costs tens of milliseconds to make.
const record = fc.oneof(
  ...KINDS.map((kind) =>
    fc.tuple(valueOf(RECORD_SCHEMAS[kind]), fc.array(mutation, { maxLength: 2 })).map(([value, mutations]) => {
      for (const m of mutations) mutate(value as Record<string, unknown>, m);
      return { kind, value };
    }),
  ),
);

describe('compiled schema checks', function () {
  this.timeout(120_000);

  it('run none of the record schemas through zod (the hot path is zod-free)', () => {
    for (const kind of KINDS) {
      const viaZod: string[] = [];
      compileValidity(RECORD_SCHEMAS[kind], viaZod);
      assert.deepEqual(viaZod, [], kind);
    }
  });

  it('leave zod, which reads only the values they refuse, without its generated fast path (records.ts)', () => {
    assert.equal(z.config().jitless, true);
  });

  it('give zod’s verdict on valid and broken records of every kind', () => {
    const compiled = new Map(KINDS.map((k) => [k, compileValidity(RECORD_SCHEMAS[k])]));
    let valid = 0;
    fc.assert(
      fc.property(record, ({ kind, value }) => {
        const expected = RECORD_SCHEMAS[kind].safeParse(value).success;
        if (expected) valid++;
        assert.equal(compiled.get(kind)!(value), expected, JSON.stringify(value));
      }),
      { numRuns: 6000 },
    );
    // Both sides of the verdict must be exercised, not only broken records.
    assert.ok(valid > 1500, `only ${valid} valid records`);
  });

  it('give zod’s verdict on the odd values alone, at every kind’s top level', () => {
    for (const kind of KINDS) {
      const valid = compileValidity(RECORD_SCHEMAS[kind]);
      for (const make of ODD) assert.equal(valid(make()), RECORD_SCHEMAS[kind].safeParse(make()).success);
    }
  });

  it('give the schema rule the findings of zod reading every record (codes, messages, spans, order)', () => {
    fc.assert(
      fc.property(record, fc.boolean(), ({ value }, bytes) => {
        const text = stringify(value);
        const parsed = bytes ? parseBytes('r.yaml', Buffer.from(text, 'utf8')) : parseFile('r.yaml', text);
        for (const doc of parsed.records) {
          const reference = schemaFindings(doc, 'zod');
          assert.deepEqual(schemaFindings(doc, 'compiled'), reference, text);
          // Again: a value found valid is remembered, and must still give the same answer.
          assert.deepEqual(schemaFindings(doc, 'compiled'), reference, text);
        }
      }),
      { numRuns: 2500 },
    );
  });

  it('model the zod features records.ts may grow into, or leave them to zod', () => {
    const schemas: z.ZodType[] = [
      z.strictObject({ a: z.string().trim().min(2) }),
      z.object({ a: z.string().email().optional(), b: z.number().multipleOf(5).nullable() }),
      z.looseObject({ a: z.int().positive() }),
      z.strictObject({ a: z.array(z.string()).max(2).default([]) }).refine((v) => v.a.length !== 1),
      z
        .strictObject({ a: z.string().default('x'), b: z.strictObject({ c: z.string().default('y') }).optional() })
        .refine((v) => v.a === 'x' || v.b?.c !== 'y'),
      z.xor([z.string(), z.string().min(3)]),
      z.discriminatedUnion('k', [
        z.strictObject({ k: z.literal('a') }),
        z.strictObject({ k: z.literal('b'), n: z.number() }),
      ]),
      z.record(z.enum(['a', 'b']), z.string()),
      z.string().transform((s) => s.length),
      z.iso.time(),
      z.boolean().optional().default(true),
      z.tuple([z.string(), z.number()]),
    ];
    const values = fc.oneof(
      odd,
      fc.dictionary(fc.constantFrom('a', 'b', 'c', 'k', 'n'), fc.oneof(odd, fc.string({ maxLength: 4 }), fc.integer())),
      fc.constantFrom({ a: 'xy' }, { a: ' x ' }, { k: 'b', n: 1 }, { a: ['1'] }, { a: 'y', b: {} }, ['s', 1], '12:30'),
    );
    for (const schema of schemas) {
      const valid = compileValidity(schema);
      fc.assert(
        fc.property(values, (value) => {
          assert.equal(valid(value), schema.safeParse(value).success, JSON.stringify(value));
        }),
        { numRuns: 400 },
      );
    }
  });

  it('read dates and date-times for the rules as zod does (isoDate, instant)', () => {
    const date = z.iso.date();
    const dateTime = z.iso.datetime({ offset: true });
    const text = fc.oneof(
      fc.stringMatching(defOf(date).pattern as RegExp),
      fc.stringMatching(defOf(dateTime).pattern as RegExp),
      fc.string({ maxLength: 30 }),
      odd,
    );
    const nudged = fc
      .tuple(text, fc.nat(), fc.string({ maxLength: 2 }))
      .map(([t, at, s]) =>
        typeof t === 'string' ? t.slice(0, at % (t.length + 1)) + s + t.slice(at % (t.length + 1)) : t,
      );
    fc.assert(
      fc.property(fc.oneof(text, nudged), (value) => {
        assert.equal(isoDate(value) !== undefined, date.safeParse(value).success);
        assert.equal(
          instant(value) !== undefined,
          dateTime.safeParse(value).success && !Number.isNaN(Date.parse(value as string)),
        );
      }),
      { numRuns: 3000 },
    );
  });
});
