import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { stringify } from 'yaml';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import { WorkspaceIndex } from '../../../src/core/index/workspaceIndex';
import { parseFile } from '../../../src/core/parse/parseFile';
import { validateFileUpdatingIndex } from '../../../src/core/validate';
import { pathsOf, TODAY, type Path } from '../helpers';
import { anyEntity } from './arbitraries';
import { backstageVerdict } from './oracle';

/** svcm's verdict on an entity written as YAML: whether it reports a `schema` or `yaml-syntax` finding. */
function svcmVerdict(entity: unknown): { ok: boolean; why: string } {
  const text = stringify(entity, { aliasDuplicateObjects: false });
  const index = new WorkspaceIndex();
  const parsed = parseFile('catalog-info.yaml', text);
  assert.equal(parsed.records.length, 1, `not recognised as an entity:\n${text}`);
  index.upsert(parsed);
  const findings = validateFileUpdatingIndex(index, 'catalog-info.yaml', {
    config: DEFAULT_CONFIG,
    today: TODAY,
  }).filter((f) => f.code === 'schema' || f.code === 'yaml-syntax');
  return { ok: findings.length === 0, why: findings.map((f) => f.message).join('; ') };
}

/** Values that probe every check of the model: bad names, namespaces, tags, URLs, types, emptiness, lengths. */
const REPLACEMENTS: unknown[] = [
  null,
  0,
  7.5,
  true,
  '',
  ' ',
  'x',
  'ok-name',
  'Bad Name',
  'UPPER',
  'a'.repeat(63),
  'a'.repeat(64),
  '-lead',
  'trail-',
  'a--b',
  'a__b',
  'a.b_c-d',
  'café',
  'http://example.com',
  'not a url',
  'a/b',
  'a/b/c',
  'Example.com/key',
  'example.com/key',
  'x:y',
  'data:pii',
  'c++',
  'C#',
  [],
  [''],
  ['x'],
  ['Bad Tag'],
  [1],
  {},
  { a: 1 },
  { url: 'https://example.com' },
  { url: 'https://example.com', title: ' ' },
  { $text: './README.md' },
  'required',
  'optional',
];

const KEYS = ['extra', 'relations', 'status', 'Bad Key', 'example.com/key', 'a/b/c', 'a.b', '-x', 'x'.repeat(64)];

/** A mutation: delete a node, put another value there, or add a key to a map (apiVersion and kind stay: they decide what is an entity). */
const mutation = fc.record({
  op: fc.constantFrom('delete', 'replace', 'addKey'),
  target: fc.nat(),
  value: fc.nat({ max: REPLACEMENTS.length - 1 }),
  key: fc.nat({ max: KEYS.length - 1 }),
});

function mutate(entity: Record<string, unknown>, m: { op: string; target: number; value: number; key: number }) {
  const copy = structuredClone(entity);
  const paths = pathsOf(copy).filter((p) => p[0] !== 'apiVersion' && p[0] !== 'kind');
  if (m.op === 'addKey') {
    const maps: Path[] = [
      [],
      ...paths.filter((p) => {
        const v = at(copy, p);
        return v !== null && typeof v === 'object' && !Array.isArray(v);
      }),
    ];
    const target = maps[m.target % maps.length];
    (at(copy, target) as Record<string, unknown>)[KEYS[m.key]] = REPLACEMENTS[m.value];
    return copy;
  }
  if (paths.length === 0) return copy;
  const path = paths[m.target % paths.length];
  const parent = at(copy, path.slice(0, -1)) as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (m.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else parent[last] = structuredClone(REPLACEMENTS[m.value]);
  return copy;
}

function at(root: unknown, path: Path): unknown {
  let v = root;
  for (const p of path) v = (v as Record<string | number, unknown>)[p];
  return v;
}

/** `{ $text: ... }` is resolved by Backstage before it validates (docs/backstage.md): give the oracle what it would see. */
function resolvePlaceholders(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((v) => resolvePlaceholders(v));
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    // svcm cannot know the file's text: it takes it as a value that fits where it stands.
    if (keys.length === 1 && keys[0] === '$text')
      return key === 'url' ? 'https://example.com/resolved' : key === 'presence' ? 'optional' : 'resolved';
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolvePlaceholders(v, k)]));
  }
  return value;
}

const counts = { valid: 0, mutated: 0, mutations: 0, rejected: 0, disagreements: 0 };

describe('Backstage shape parity: svcm and @backstage/catalog-model 1.10 give the same verdict', function () {
  this.timeout(600_000);

  it('on valid entities of the eight kinds: both accept', async () => {
    await fc.assert(
      fc.asyncProperty(anyEntity, async (entity) => {
        counts.valid++;
        const theirs = await backstageVerdict(entity);
        const ours = svcmVerdict(entity);
        assert.ok(theirs.ok, `Backstage rejects a builder's entity: ${theirs.why}\n${stringify(entity)}`);
        assert.ok(ours.ok, `svcm rejects a valid entity: ${ours.why}\n${stringify(entity)}`);
      }),
      { numRuns: 1500, seed: 9 },
    );
  });

  it('on entities with nodes deleted, retyped, or keys added: the same accept/reject for every one', async () => {
    await fc.assert(
      fc.asyncProperty(anyEntity, fc.array(mutation, { minLength: 1, maxLength: 3 }), async (entity, ms) => {
        let mutated = entity;
        for (const m of ms) mutated = mutate(mutated, m);
        counts.mutated++;
        counts.mutations += ms.length;
        const theirs = await backstageVerdict(resolvePlaceholders(mutated));
        const ours = svcmVerdict(mutated);
        if (!theirs.ok) counts.rejected++;
        if (theirs.ok !== ours.ok) counts.disagreements++;
        assert.equal(
          ours.ok,
          theirs.ok,
          `Backstage ${theirs.ok ? 'accepts' : `rejects (${theirs.why})`}, svcm ${ours.ok ? 'accepts' : `rejects (${ours.why})`}:\n${stringify(mutated)}`,
        );
      }),
      { numRuns: 5000, seed: 11 },
    );
  });

  after(() => {
    // The closing note quotes these: `SVCM_ORACLE_COUNTS=1 npx mocha ...` prints them.
    if (process.env.SVCM_ORACLE_COUNTS) process.stdout.write(`\n${JSON.stringify(counts)}\n`);
  });
});
