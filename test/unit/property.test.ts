import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { Document, isPair, isScalar, stringify, visit } from 'yaml';
import { DEFAULT_CONFIG } from '../../src/core/config';
import type { Finding } from '../../src/core/finding';
import { WorkspaceIndex } from '../../src/core/index/workspaceIndex';
import { LineIndex } from '../../src/core/parse/lines';
import { loadCore } from '../../src/core/parse/coreSchema';
import { parseBytes, parseFile } from '../../src/core/parse/parseFile';
import { readPlain } from '../../src/core/parse/plainRead';
import { spanAtPath } from '../../src/core/parse/span';
import { validateAllUpdatingIndex, validateFileUpdatingIndex } from '../../src/core/validate';
import { localByRecord, received, sendable } from '../../src/core/parallel';
import { contentIdentity, type RecordDoc } from '../../src/core/parse/parseFile';
import { pathsOf, TODAY } from './helpers';
import { ENTITY_BUILDERS } from './backstage/arbitraries';

// Small name pools, so that generated references often resolve and cross-file rules (duplicates, cycles, conflicts) run.
const TEAMS = ['team-a', 'team-b'];
const SERVICES = ['svc-a', 'svc-b', 'svc-c'];
const TEMPLATES = ['tpl-a', 'tpl-b'];
const CHANGES = ['CHG-2026-0001', 'CHG-2026-0002', 'CHG-2026-0003'];
const RELEASES = ['REL-1.0', 'REL-2.0'];
const KNOWLEDGE = ['KB-0001', 'KB-0002'];

const pick = <T>(values: readonly T[]) => fc.constantFrom(...values);
const some = <T>(values: readonly T[], minLength = 0) =>
  fc.uniqueArray(pick(values), { minLength: Math.max(minLength, 0), maxLength: values.length });
const text = fc.string({ minLength: 1, maxLength: 30 });
const day = fc.date({
  min: new Date('2025-01-01T00:00:00Z'),
  max: new Date('2027-12-31T00:00:00Z'),
  noInvalidDate: true,
});
const date = day.map((d) => d.toISOString().slice(0, 10));
const dateTime = day.map((d) => d.toISOString().replace(/\.\d{3}Z$/, 'Z'));
const duration = fc.tuple(fc.integer({ min: 1, max: 90 }), pick(['m', 'h', 'd'])).map(([n, u]) => `${n}${u}`);
const sha = fc.stringMatching(/^[0-9a-f]{7,40}$/);

function envelope(kind: string, name: fc.Arbitrary<string>, spec: fc.Arbitrary<unknown>) {
  return fc.record({
    apiVersion: fc.constant('svcm/v1'),
    kind: fc.constant(kind),
    metadata: fc.record(
      {
        name,
        title: text,
        description: text,
        labels: fc.dictionary(fc.stringMatching(/^[a-z]{1,8}$/), fc.string({ maxLength: 10 }), { maxKeys: 2 }),
      },
      { requiredKeys: ['name'] },
    ),
    spec,
  });
}

/** Builders: valid records of every kind (docs/records.md), optional fields sometimes present. */
const RECORDS: Record<string, fc.Arbitrary<Record<string, unknown>>> = {
  Team: envelope(
    'Team',
    pick(TEAMS),
    fc.record(
      { email: text, chat: text, members: fc.array(text, { maxLength: 3 }), onCall: text },
      { requiredKeys: [] },
    ),
  ),
  Service: envelope(
    'Service',
    pick(SERVICES),
    fc.record(
      {
        owner: pick(TEAMS),
        serviceManager: text,
        phase: pick(['discovery', 'alpha', 'beta', 'live', 'retired']),
        type: pick(['business', 'technical']),
        tier: fc.integer({ min: 1, max: 4 }),
        serviceLevel: fc.record(
          {
            availability: fc.double({ min: 90, max: 100, noNaN: true }),
            supportHours: text,
            responseTimes: fc.record({ p1: duration, p2: duration }),
          },
          { requiredKeys: ['availability', 'supportHours'] },
        ),
        continuity: fc.record({ rto: duration, rpo: duration }),
        dependsOn: some(SERVICES),
        code: fc.array(pick(['src/**', 'lib/*.ts', 'README.md']), { maxLength: 2 }),
        suppliers: fc.array(fc.record({ name: text, contract: text }, { requiredKeys: ['name'] }), { maxLength: 2 }),
        links: fc.array(fc.record({ title: text, url: fc.webUrl(), type: pick(['runbook', 'dashboard', 'other']) }), {
          maxLength: 2,
        }),
      },
      { requiredKeys: ['owner', 'phase', 'tier'] },
    ),
  ),
  StandardChange: envelope(
    'StandardChange',
    pick(TEMPLATES),
    fc.record(
      {
        services: some(SERVICES),
        maxRisk: pick(['low', 'medium']),
        approvedBy: text,
        approvedOn: date,
        reviewBy: date,
        steps: fc.array(text, { minLength: 1, maxLength: 3 }),
        backoutPlan: text,
      },
      { requiredKeys: ['services', 'maxRisk', 'approvedBy', 'approvedOn', 'steps', 'backoutPlan'] },
    ),
  ),
  Change: envelope(
    'Change',
    pick(CHANGES),
    fc
      .record(
        {
          type: pick(['standard', 'normal', 'emergency']),
          template: pick(TEMPLATES),
          services: some(SERVICES, 1),
          summary: text,
          risk: pick(['low', 'medium', 'high']),
          impact: pick(['low', 'medium', 'high']),
          status: pick(['draft', 'submitted', 'approved', 'scheduled', 'implemented', 'closed', 'rejected', 'failed']),
          implementationPlan: fc.oneof(text, fc.array(text, { maxLength: 3 })),
          backoutPlan: text,
          testPlan: text,
          window: fc.tuple(dateTime, dateTime).map(([start, end]) => ({ start, end })),
          approvals: fc.array(
            fc.record({
              by: text,
              role: pick(['peer', 'service-manager', 'cab', 'ecab']),
              decision: pick(['approved', 'rejected']),
              at: dateTime,
            }),
            { maxLength: 2 },
          ),
          commits: fc.array(sha, { maxLength: 2 }),
          branch: text,
          release: pick(RELEASES),
          knowledge: some(KNOWLEDGE),
          review: fc.record({ outcome: pick(['successful', 'partially-successful', 'failed']), notes: text, at: date }),
        },
        { requiredKeys: ['type', 'services', 'summary', 'risk', 'impact', 'status', 'implementationPlan'] },
      )
      .map((spec) => {
        // `template` iff standard, as the schema wants: the rules are exercised by the mutations instead.
        if (spec.type !== 'standard') delete spec.template;
        return spec;
      }),
  ),
  Release: envelope(
    'Release',
    pick(RELEASES),
    fc.record(
      {
        version: fc.oneof(text, fc.integer()),
        services: some(SERVICES),
        changes: some(CHANGES),
        status: pick(['planned', 'in-progress', 'deployed', 'rolled-back', 'cancelled']),
        plannedFor: dateTime,
        deployedAt: dateTime,
        notes: text,
      },
      { requiredKeys: ['version', 'services', 'changes', 'status', 'deployedAt'] },
    ),
  ),
  Knowledge: envelope(
    'Knowledge',
    pick(KNOWLEDGE),
    fc.record(
      {
        type: pick(['runbook', 'known-error', 'how-to', 'post-incident-review', 'faq']),
        services: some(SERVICES),
        changes: some(CHANGES),
        owner: pick(TEAMS),
        reviewBy: date,
        workaround: text,
      },
      { requiredKeys: ['type', 'services'] },
    ),
  ),
};

// Backstage entities share the workspace index with svcm records (docs/backstage.md), so every property covers them.
const anyRecord = fc.oneof(...Object.values(RECORDS), ...Object.values(ENTITY_BUILDERS));

const REPLACEMENTS: unknown[] = [
  null,
  0,
  -1,
  3.5,
  true,
  'x',
  '',
  [],
  {},
  ['svc-a', 7],
  { a: 1 },
  'CHG-2026-0001',
  '2026-13-45',
  'svc-zz',
];

/** A value-level mutation: delete a field or list entry, or put a value of another type there. */
const valueMutation = fc.record({
  target: fc.nat(),
  op: pick(['delete', 'retype'] as const),
  replacement: fc.nat({ max: REPLACEMENTS.length - 1 }),
});

function mutateValue(
  record: Record<string, unknown>,
  mutation: { target: number; op: 'delete' | 'retype'; replacement: number },
): void {
  const paths = pathsOf(record);
  if (paths.length === 0) return;
  const p = paths[mutation.target % paths.length];
  let parent = record as Record<string | number, unknown>;
  for (const segment of p.slice(0, -1)) parent = parent[segment] as Record<string | number, unknown>;
  const last = p[p.length - 1];
  if (mutation.op === 'delete') {
    if (Array.isArray(parent)) parent.splice(last as number, 1);
    else delete parent[last];
  } else {
    parent[last] = structuredClone(REPLACEMENTS[mutation.replacement]);
  }
}

const NASTY = [
  '\u0000',
  '\r',
  '\r\n',
  '\t',
  '\uFEFF',
  '\uD800',
  '\uDC00',
  '[',
  ']',
  '{',
  '}',
  '&a ',
  '*a',
  '!!js/function ',
  '!custom ',
  '---\n',
  '...\n',
  '? ',
  ': ',
  '- ',
  '#',
  '"',
  "'",
  '|',
  '>',
  '%YAML 1.2\n',
  'apiVersion: svcm/v1\n',
  '<<: *a\n',
  '\u2028',
  '😀',
];

/** A text-level mutation: truncate, insert characters, or duplicate a line (a duplicate key). */
const textMutation = fc.oneof(
  fc.record({ op: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({
    op: fc.constant('insert' as const),
    at: fc.nat(),
    what: fc.oneof(pick(NASTY), fc.string({ unit: 'binary', maxLength: 5 })),
  }),
  fc.record({ op: fc.constant('duplicate-line' as const), at: fc.nat() }),
);

function mutateText(
  text: string,
  mutation: { op: 'truncate' | 'insert' | 'duplicate-line'; at: number; what?: string },
): string {
  const at = text.length === 0 ? 0 : mutation.at % (text.length + 1);
  switch (mutation.op) {
    case 'truncate':
      return text.slice(0, at);
    case 'insert':
      return text.slice(0, at) + mutation.what + text.slice(at);
    case 'duplicate-line': {
      const lines = text.split('\n');
      const i = mutation.at % lines.length;
      lines.splice(i, 0, lines[i]);
      return lines.join('\n');
    }
  }
}

/** A record as a file: YAML, or Markdown front matter for knowledge records (sometimes the YAML form too). */
function toFile(record: Record<string, unknown>, i: number, markdown: boolean): { path: string; text: string } {
  const yaml = stringify(record);
  const name = String((record.metadata as { name?: unknown } | undefined)?.name ?? `record-${i}`);
  if (markdown) return { path: `knowledge/${name}-${i}.md`, text: `---\n${yaml}---\n# ${name}\n\nBody text.\n` };
  return { path: `records/${name}-${i}.yaml`, text: yaml };
}

/**
 * Parses, indexes and validates files with every rule; returns the findings per
 * file. Fails when anything throws, when a span leaves its text, or when a rule
 * crashed (validateFileUpdatingIndex turns a rule's exception into an `internal-error` finding).
 */
function validateFiles(files: { path: string; text: string }[], bytes = false): Map<string, Finding[]> {
  const index = new WorkspaceIndex();
  for (const f of files)
    index.upsert(bytes ? parseBytes(f.path, Buffer.from(f.text, 'utf8')) : parseFile(f.path, f.text));
  const results = validateAllUpdatingIndex(index, { config: DEFAULT_CONFIG, today: TODAY });
  for (const [path, findings] of results) {
    const text = index.file(path)!.text;
    for (const f of findings) {
      assert.ok(
        0 <= f.span.start && f.span.start <= f.span.end && f.span.end <= text.length,
        `${path}: span ${JSON.stringify(f.span)} outside 0..${text.length} (${f.code}: ${f.message})`,
      );
      assert.notEqual(f.code, 'internal-error', `${path}: ${f.message}`);
      for (const r of f.related ?? []) {
        const other = index.file(r.file)?.text;
        assert.ok(other !== undefined, `related place in an unknown file ${r.file}`);
        assert.ok(
          0 <= r.span.start && r.span.start <= r.span.end && r.span.end <= other.length,
          `${path}: related span ${JSON.stringify(r.span)} outside ${r.file}`,
        );
      }
      // Line/column conversion must work on every span, as the CLI and editor do it.
      new LineIndex(text).positionAt(f.span.end);
    }
  }
  return results;
}

describe('property: validation never throws and spans stay inside the text', function () {
  this.timeout(60_000);

  it('valid records of every kind, from the builders, get no schema or syntax findings', () => {
    fc.assert(
      fc.property(anyRecord, fc.boolean(), (record, markdown) => {
        const file = toFile(record, 0, markdown && record.kind === 'Knowledge');
        const findings = validateFiles([file]).get(file.path) ?? [];
        const bad = findings.filter(
          (f) => f.code === 'schema' || f.code === 'yaml-syntax' || f.code === 'unknown-kind',
        );
        assert.deepEqual(bad, [], file.text);
      }),
      { numRuns: 600 },
    );
  });

  it('workspaces of records with fields deleted or retyped', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(anyRecord, fc.array(valueMutation, { maxLength: 3 }), fc.boolean()), {
          minLength: 1,
          maxLength: 6,
        }),
        (entries) => {
          const files = entries.map(([record, mutations, markdown], i) => {
            for (const m of mutations) mutateValue(record, m);
            return toFile(record, i, markdown && record.kind === 'Knowledge');
          });
          validateFiles(files);
        },
      ),
      { numRuns: 700 },
    );
  });

  it('record files truncated, with characters inserted, or with lines duplicated', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(anyRecord, fc.array(textMutation, { minLength: 1, maxLength: 4 }), fc.boolean()), {
          minLength: 1,
          maxLength: 4,
        }),
        fc.boolean(),
        (entries, bytes) => {
          const files = entries.map(([record, mutations, markdown], i) => {
            const file = toFile(record, i, markdown && record.kind === 'Knowledge');
            for (const m of mutations) file.text = mutateText(file.text, m);
            return file;
          });
          validateFiles(files, bytes);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('several records in one file, with a document cut or doubled', () => {
    fc.assert(
      fc.property(fc.array(anyRecord, { minLength: 2, maxLength: 5 }), textMutation, (records, mutation) => {
        const text = mutateText(records.map((r) => stringify(r)).join('---\n'), mutation);
        validateFiles([{ path: 'all.yaml', text }]);
      }),
      { numRuns: 400 },
    );
  });

  it('random unicode text, as a whole file and after an svcm header', () => {
    const header = fc.constantFrom(
      '',
      'apiVersion: svcm/v1\n',
      'apiVersion: svcm/v1\nkind: Change\n',
      '---\napiVersion: svcm/v1\nkind: Knowledge\n',
    );
    fc.assert(
      fc.property(
        header,
        fc.string({ unit: 'binary', maxLength: 200 }),
        fc.constantFrom('a.yaml', 'k.md'),
        fc.boolean(),
        (head, body, path, bytes) => {
          validateFiles([{ path, text: head + body }], bytes);
        },
      ),
      { numRuns: 1500 },
    );
  });
});

/** Every finding of a workspace, parsed on the fast path or precisely, as comparable rows. */
function findingsBoth(files: { path: string; text: string }[]): { fast: string[]; precise: string[] } {
  const run = (precise: boolean) => {
    const index = new WorkspaceIndex();
    for (const f of files) index.upsert(parseFile(f.path, f.text, undefined, { precise }));
    const rows: string[] = [];
    for (const [path, findings] of validateAllUpdatingIndex(index, { config: DEFAULT_CONFIG, today: TODAY })) {
      for (const f of findings) rows.push(`${path}:${f.span.start}-${f.span.end} ${f.code} ${f.message}`);
    }
    return rows.sort();
  };
  return { fast: run(false), precise: run(true) };
}

describe('property: the fast path and the precise path agree', function () {
  this.timeout(60_000);

  it('on records with fields deleted or retyped', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(anyRecord, fc.array(valueMutation, { maxLength: 3 }), fc.boolean()), {
          minLength: 1,
          maxLength: 5,
        }),
        (entries) => {
          const files = entries.map(([record, mutations, markdown], i) => {
            for (const m of mutations) mutateValue(record, m);
            return toFile(record, i, markdown && record.kind === 'Knowledge');
          });
          const { fast, precise } = findingsBoth(files);
          assert.deepEqual(fast, precise);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('on record texts truncated, with characters inserted, or with lines duplicated', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(anyRecord, fc.array(textMutation, { minLength: 1, maxLength: 3 }), fc.boolean()), {
          minLength: 1,
          maxLength: 3,
        }),
        (entries) => {
          const files = entries.map(([record, mutations, markdown], i) => {
            const file = toFile(record, i, markdown && record.kind === 'Knowledge');
            for (const m of mutations) file.text = mutateText(file.text, m);
            return file;
          });
          const { fast, precise } = findingsBoth(files);
          assert.deepEqual(fast, precise, files.map((f) => `${f.path}:\n${f.text}`).join('\n'));
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('on an empty key in a flow map (js-yaml reads `{: }` as the key "null"; found by fast-check seed -1954591795)', () => {
    const text = [
      'apiVersion: svcm/v1',
      'kind: Team',
      'metadata:',
      '  name: team-a',
      '  labels: {: }',
      'spec:',
      '  title: A',
      '',
    ].join('\n');
    const { fast, precise } = findingsBoth([{ path: 'records/team-a.yaml', text }]);
    assert.deepEqual(fast, precise);
    assert.ok(precise.length > 0, 'the empty label key is reported');
  });

  it('on several records in one file, with a document cut or doubled', () => {
    fc.assert(
      fc.property(fc.array(anyRecord, { minLength: 2, maxLength: 5 }), textMutation, (records, mutation) => {
        const text = mutateText(records.map((r) => stringify(r)).join('---\n'), mutation);
        const { fast, precise } = findingsBoth([{ path: 'all.yaml', text }]);
        assert.deepEqual(fast, precise, text);
      }),
      { numRuns: 400 },
    );
  });

  it('on an edit parsed with the file before it (documents taken over unchanged)', () => {
    fc.assert(
      fc.property(fc.array(anyRecord, { minLength: 2, maxLength: 5 }), textMutation, (records, mutation) => {
        const before = records.map((r) => stringify(r)).join('---\n');
        const after = mutateText(before, mutation);
        const findings = (previous: boolean) => {
          const index = new WorkspaceIndex();
          index.upsert(parseFile('all.yaml', before));
          index.upsert(
            parseFile('all.yaml', after, undefined, { previous: previous ? index.file('all.yaml') : undefined }),
          );
          return [...validateAllUpdatingIndex(index, { config: DEFAULT_CONFIG, today: TODAY }).values()]
            .flat()
            .map((f) => `${f.span.start}-${f.span.end} ${f.code} ${f.message}`);
        };
        assert.deepEqual(findings(true), findings(false), after);
      }),
      { numRuns: 400 },
    );
  });
});

describe('property: an edited workspace, revalidated where the index says, agrees with one built afresh and checked once', function () {
  // ~15 s of CPU with entities in the mix; a shared machine stretches it.
  this.timeout(180_000);

  it('on two files of several documents, edited one after the other', () => {
    fc.assert(
      fc.property(
        fc.array(anyRecord, { minLength: 2, maxLength: 8 }),
        textMutation,
        textMutation,
        (records, first, second) => {
          const half = Math.ceil(records.length / 2);
          const texts: Record<string, string> = {
            'a.yaml': records
              .slice(0, half)
              .map((r) => stringify(r))
              .join('---\n'),
            'b.yaml':
              records
                .slice(half)
                .map((r) => stringify(r))
                .join('---\n') || 'foo: 1\n',
          };
          const options = { config: DEFAULT_CONFIG, today: TODAY };
          const index = new WorkspaceIndex();
          const shown = new Map<string, string[]>();
          const rows = (path: string, i: WorkspaceIndex, once = false) =>
            validateFileUpdatingIndex(i, path, { ...options, once }).map(
              (f) => `${f.span.start}-${f.span.end} ${f.code} ${f.message}`,
            );
          for (const path of Object.keys(texts)) index.upsert(parseFile(path, texts[path]));
          for (const path of Object.keys(texts)) shown.set(path, rows(path, index));
          for (const [path, mutation] of [
            ['a.yaml', first],
            ['b.yaml', second],
          ] as const) {
            texts[path] = mutateText(texts[path], mutation);
            // As the editor does: parse with the file before, revalidate what upsert names.
            for (const file of index.upsert(parseFile(path, texts[path], undefined, { previous: index.file(path) })))
              shown.set(file, rows(file, index));
            // The command line's way: every record checked once, nothing kept (RuleContext.once).
            const fresh = new WorkspaceIndex();
            for (const p of Object.keys(texts)) fresh.upsert(parseFile(p, texts[p]));
            for (const p of Object.keys(texts))
              assert.deepEqual(
                shown.get(p),
                rows(p, fresh, true),
                `${p} after editing ${path}:\n${Object.entries(texts)
                  .map(([k, v]) => `${k}:\n${v}`)
                  .join('\n')}`,
              );
          }
        },
      ),
      {
        numRuns: 600,
        examples: [
          // Found by a CI run: a cycle reported for svc-b passed through cmp-x, whose own cycle did not pass
          // through svc-b; truncating cmp-x ended both, and only cmp-x's file was checked again.
          [
            [
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Component',
                metadata: { name: 'svc-b', namespace: 'other', title: ' ', description: '', tags: [], links: [] },
                spec: {
                  type: 'service',
                  lifecycle: 'production',
                  owner: 'team-a',
                  dependsOn: ['resource:db'],
                  dependencyOf: ['component:svc-a'],
                },
              },
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'API',
                metadata: { name: 'api-a', title: ' ' },
                spec: {
                  type: 'openapi',
                  lifecycle: 'production',
                  owner: 'team-a',
                  system: 'sys-a',
                  definition: 'openapi: 3.0.0',
                },
              },
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'Component',
                metadata: { name: 'cmp-x', namespace: 'other', description: '' },
                spec: {
                  type: 'service',
                  lifecycle: 'production',
                  owner: 'team-a',
                  providesApis: [],
                  dependsOn: ['component:svc-a'],
                  dependencyOf: ['resource:db', 'component:svc-a'],
                },
              },
            ],
            { op: 'duplicate-line', at: 321918104 },
            { op: 'truncate', at: 327477084 },
          ],
          // Found by a run of 20,000: two window-conflict findings at one place came in the order of the index's
          // lists, which the edit had changed (findings now sort last by message).
          [
            [
              {
                apiVersion: 'svcm/v1',
                kind: 'Service',
                metadata: { name: 'svc-a', description: '    ', labels: { aaa: '  ', aaaaa: '( $' } },
                spec: {
                  owner: 'team-a',
                  serviceManager: '       ',
                  phase: 'beta',
                  type: 'business',
                  tier: 1,
                  serviceLevel: {
                    availability: 94.8568849824941,
                    supportHours: '   ',
                    responseTimes: { p1: '10m', p2: '10m' },
                  },
                  continuity: { rto: '10m', rpo: '10m' },
                  dependsOn: ['svc-c', 'svc-b', 'svc-a'],
                  code: ['src/**', 'src/**'],
                  links: [
                    { title: '          ', url: 'https://a.aa', type: 'dashboard' },
                    { title: '        ', url: 'http://a.aa/a', type: 'other' },
                  ],
                },
              },
              {
                apiVersion: 'svcm/v1',
                kind: 'Release',
                metadata: { name: 'REL-1.0', title: '(     $', description: '(!' },
                spec: {
                  version: -1000000000,
                  services: ['svc-a'],
                  changes: ['CHG-2026-0001', 'CHG-2026-0002'],
                  status: 'in-progress',
                  plannedFor: '2025-01-01T00:00:00Z',
                  deployedAt: '2025-01-01T00:00:00Z',
                  notes: '        ',
                },
              },
              {
                apiVersion: 'backstage.io/v1beta1',
                kind: 'Location',
                metadata: {
                  name: 'loc-a',
                  namespace: 'default',
                  title: 'A',
                  description: '  ',
                  annotations: {},
                  tags: ['data:pii', 'c++'],
                  links: [],
                },
                spec: { target: './a.yaml' },
              },
              {
                apiVersion: 'svcm/v1',
                kind: 'Change',
                metadata: {
                  name: 'CHG-2026-0001',
                  title: '          ',
                  description: '        ',
                  labels: { aaaa: '       ' },
                },
                spec: {
                  type: 'normal',
                  services: ['svc-c', 'svc-a', 'svc-b'],
                  summary: '    ',
                  risk: 'low',
                  impact: 'low',
                  status: 'approved',
                  implementationPlan: '   ',
                  backoutPlan: '(  $',
                  testPlan: '(      $',
                  window: { start: '2025-01-01T00:00:00Z', end: '2025-01-01T00:00:01Z' },
                  approvals: [],
                  branch: '   ',
                  release: 'REL-1.0',
                  knowledge: ['KB-0001'],
                  review: { outcome: 'successful', notes: '(!', at: '2025-01-01' },
                },
              },
              {
                apiVersion: 'svcm/v1',
                kind: 'Change',
                metadata: { name: 'CHG-2026-0001' },
                spec: {
                  type: 'standard',
                  services: ['svc-c', 'svc-a'],
                  summary: ' ',
                  risk: 'low',
                  impact: 'low',
                  status: 'approved',
                  implementationPlan: ' ',
                  window: { start: '2025-01-01T00:00:00Z', end: '2025-01-01T00:00:01Z' },
                },
              },
              {
                apiVersion: 'backstage.io/v1alpha1',
                kind: 'System',
                metadata: { name: 'sys-a' },
                spec: { owner: 'team-a' },
              },
              {
                apiVersion: 'svcm/v1',
                kind: 'Change',
                metadata: { name: 'CHG-2026-0001' },
                spec: {
                  type: 'standard',
                  services: ['svc-c'],
                  summary: ' ',
                  risk: 'low',
                  impact: 'low',
                  status: 'approved',
                  implementationPlan: ' ',
                  window: { start: '2025-01-01T00:00:00Z', end: '2025-01-01T00:00:01Z' },
                },
              },
            ],
            { op: 'truncate', at: 1857764996 },
            { op: 'insert', at: 0, what: '\u0000' },
          ],
        ],
      },
    );
  });

  it('keeps nothing in the index for a later edit when each record is checked once', () => {
    const text = stringify(fc.sample(anyRecord, { numRuns: 1, seed: 7 })[0]);
    for (const once of [true, false]) {
      const index = new WorkspaceIndex();
      index.upsert(parseFile('a.yaml', text));
      validateFileUpdatingIndex(index, 'a.yaml', { config: DEFAULT_CONFIG, today: TODAY, once });
      const [record] = index.file('a.yaml')!.records;
      assert.equal(index.keptFindings.get(contentIdentity(record)!) === undefined, once, text);
    }
  });
});

describe('property: files parsed on another thread give the findings of one thread', function () {
  this.timeout(120_000);

  /**
   * Every file's findings in order, with each file parsed here (`thread: false`) or as
   * `svcm validate`'s parsing thread does (`sendable`, copied as a message is, then
   * `received`; the local rules run there), every other file parsed and checked here.
   */
  const findings = (files: { path: string; text: string }[], thread: boolean) => {
    const index = new WorkspaceIndex();
    const local = new Map<RecordDoc, Finding[]>();
    files.forEach((f, i) => {
      const parsed = parseFile(f.path, f.text);
      const sent = thread && i % 2 === 0 ? sendable(parsed, TODAY) : undefined;
      if (sent) {
        const back = received(f.path, structuredClone(sent), () => f.text);
        for (const [record, found] of back.local) local.set(record, found);
        index.upsert(back.parsed, false);
      } else {
        if (thread) for (const [record, found] of localByRecord(parsed, TODAY)) local.set(record, found);
        index.upsert(parsed, false);
      }
    });
    const options = { config: DEFAULT_CONFIG, today: TODAY, localFindings: (r: RecordDoc) => local.get(r) };
    return files.map((f) =>
      validateFileUpdatingIndex(index, f.path, options).map(
        (x) => `${x.span.start}-${x.span.end} ${x.severity} ${x.code} ${x.message} ${JSON.stringify(x.related ?? [])}`,
      ),
    );
  };

  it('on records with fields deleted or retyped, and texts cut or doubled, in files of one or several documents', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.tuple(
            fc.array(anyRecord, { minLength: 1, maxLength: 3 }),
            fc.array(valueMutation, { maxLength: 2 }),
            fc.option(textMutation),
          ),
          {
            minLength: 1,
            maxLength: 6,
          },
        ),
        (entries) => {
          const files = entries.map(([records, mutations, cut], i) => {
            for (const m of mutations) mutateValue(records[0], m);
            const file =
              records.length === 1
                ? toFile(records[0], i, false)
                : { path: `many-${i}.yaml`, text: records.map((r) => stringify(r)).join('---\n') };
            if (cut) file.text = mutateText(file.text, cut);
            return file;
          });
          assert.deepEqual(
            findings(files, true),
            findings(files, false),
            files.map((f) => `${f.path}:\n${f.text}`).join('\n'),
          );
        },
      ),
      { numRuns: 400 },
    );
  });
});

describe('property: the fast path reads plain scalars as `yaml` does (YAML 1.2 core schema)', () => {
  it('on scalars made of digits, signs, dots, exponents and the words of the core schema', () => {
    const RUNS = 2000;
    let fastReads = 0;
    const piece = fc.constantFrom(
      '0',
      '1',
      '7',
      '9',
      '+',
      '-',
      '.',
      'e',
      'E',
      'x',
      'o',
      'b',
      '_',
      'a',
      'F',
      'inf',
      'Inf',
      'nan',
      'NaN',
      'true',
      'True',
      'null',
      'NULL',
      '~',
      'yes',
      ':',
      ' ',
    );
    fc.assert(
      fc.property(
        fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join('').trim()),
        (scalar) => {
          const text = `apiVersion: svcm/v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  tier: ${scalar}\n`;
          const read = (precise: boolean) => {
            const parsed = parseFile('a.yaml', text, undefined, { precise });
            const record = parsed.records[0];
            const spec = (record?.value as { spec?: { tier?: unknown } } | undefined)?.spec;
            if (!precise && !parsed.precise) fastReads++;
            return record && record.syntax.length === 0
              ? [Object.is(spec?.tier, -0) ? '-0' : String(spec?.tier), typeof spec?.tier]
              : 'syntax error';
          };
          // Both answers, syntax errors included: a fast path that refused a scalar `yaml` reads fails here.
          assert.deepEqual(read(false), read(true), scalar);
        },
      ),
      { numRuns: RUNS },
    );
    // The fast path must have read most scalars itself, not handed them all to `yaml`.
    assert.ok(fastReads > RUNS / 2, `the fast path read ${fastReads} of ${RUNS} scalars itself`);
  });
});

/** The record as YAML, some lists and maps of scalars written in flow style (`[a, b]`, `{a: 1}`), as `flows`' bits say. */
function withFlowCollections(record: unknown, flows: number): string {
  const doc = new Document(record);
  let bit = 0;
  visit(doc, {
    Collection(_, node) {
      if (node.items.every((i) => isScalar(i) || (isPair(i) && isScalar(i.value))) && (flows >> (bit++ % 31)) & 1)
        node.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0 });
}

describe('property: spans read from the text of a fast-path document are those of its `yaml` tree', function () {
  this.timeout(60_000);

  const MODES = ['value', 'key', 'missing'] as const;

  /** Compares `locate` with `spanAtPath` on every path of every record (and a few missing ones); returns [answered, asked]. */
  function compare(path: string, text: string): [number, number] {
    const fast = parseFile(path, text);
    const precise = parseFile(path, text, undefined, { precise: true });
    let answered = 0;
    let asked = 0;
    for (const record of fast.records) {
      if (!record.locate) continue;
      const twin = precise.records.find((r) => r.docIndex === record.docIndex);
      if (!twin || twin.syntax.length > 0) continue;
      const paths = [...pathsOf(record.value), ['spec', 'nope'], ['nope'], ['metadata', 'name', 'deeper'], []];
      for (const p of paths) {
        for (const mode of MODES) {
          asked++;
          const span = record.locate(p, mode);
          if (span === undefined) continue;
          answered++;
          assert.deepEqual(span, spanAtPath(twin.doc, p, mode), `${JSON.stringify(p)} ${mode} in\n${text}`);
        }
      }
      assert.deepEqual(record.kindSpan, twin.kindSpan, text);
      assert.deepEqual(record.nameSpan, twin.nameSpan, text);
    }
    return [answered, asked];
  }

  it('on records with fields deleted or retyped, alone or as documents of one file', () => {
    let answered = 0;
    let asked = 0;
    fc.assert(
      fc.property(
        fc.array(fc.tuple(anyRecord, fc.array(valueMutation, { maxLength: 3 })), { minLength: 1, maxLength: 3 }),
        fc.boolean(),
        fc.integer(),
        (entries, markdown, flows) => {
          const texts = entries.map(([record, mutations]) => {
            for (const m of mutations) mutateValue(record, m);
            return withFlowCollections(record, flows);
          });
          const [a, b] = markdown
            ? compare('k.md', `---\n${texts[0]}---\n# body\n`)
            : compare('all.yaml', texts.join('---\n'));
          answered += a;
          asked += b;
        },
      ),
      { numRuns: 300 },
    );
    // The text is plain block YAML here: nearly every span must come from it, or the fast path is not fast.
    assert.ok(answered > asked * 0.8, `answered ${answered} of ${asked}`);
  });

  it('on record texts truncated, with characters inserted, or with lines duplicated', () => {
    fc.assert(
      fc.property(anyRecord, fc.array(textMutation, { minLength: 1, maxLength: 3 }), (record, mutations) => {
        let text = stringify(record);
        for (const m of mutations) text = mutateText(text, m);
        compare('a.yaml', text);
      }),
      { numRuns: 1500 },
    );
  });
});

describe('property: the plain reader gives what js-yaml gives, or leaves the document to it', function () {
  this.timeout(60_000);

  /** Text around a document read in place: whatever follows its end must not be read (a scan that runs on would). */
  const PREFIXES = ['', 'x: 1\n---\n'];
  const SUFFIXES = ['', '---\nz: 1\n', 'zz: y\n', ' tail', '\n  deeper: 1\n', '-', ': v', '"', '\n', ' '];

  /** readPlain against loadCore on one document's text; whether readPlain read it. */
  function agree(text: string): boolean {
    const mine = readPlain(text);
    for (const prefix of PREFIXES)
      for (const suffix of SUFFIXES)
        assert.deepStrictEqual(
          readPlain(prefix + text + suffix, prefix.length, prefix.length + text.length),
          mine,
          `read in place after ${JSON.stringify(prefix)}, before ${JSON.stringify(suffix)}:\n${text}`,
        );
    if (mine === undefined) return false;
    let theirs: unknown;
    assert.doesNotThrow(() => (theirs = loadCore(text)), `js-yaml refuses what the plain reader read:\n${text}`);
    assert.deepStrictEqual(mine, theirs, text);
    return true;
  }

  it('on records with fields deleted or retyped, some collections in flow style, with comments and CRLF', () => {
    let read = 0;
    let runs = 0;
    fc.assert(
      fc.property(
        anyRecord,
        fc.array(valueMutation, { maxLength: 3 }),
        fc.integer(),
        fc.constantFrom('', '---\n', '--- # first\n'),
        fc.boolean(),
        fc.boolean(),
        (record, mutations, flows, start, comments, crlf) => {
          for (const m of mutations) mutateValue(record, m);
          let text = start + withFlowCollections(record, flows);
          if (comments) text = text.replace(/\n/g, (nl, at: number) => (at % 3 === 0 ? ' # note\n# aside\n' : nl));
          if (crlf) text = text.replace(/\n/g, '\r\n');
          runs++;
          if (agree(text)) read++;
        },
      ),
      { numRuns: 1000 },
    );
    // Most generated records are plain block YAML: the reader must read them itself.
    assert.ok(read > runs * 0.5, `read ${read} of ${runs}`);
  });

  it('on record texts truncated, with characters inserted, or with lines duplicated', () => {
    fc.assert(
      fc.property(
        anyRecord,
        fc.integer(),
        fc.array(textMutation, { minLength: 1, maxLength: 3 }),
        (record, flows, mutations) => {
          let text = withFlowCollections(record, flows);
          for (const m of mutations) text = mutateText(text, m);
          agree(text);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('on many short scalars of every type, read again and again (the table of scalars read before, slots shared)', () => {
    // Far more texts than the table has slots: every slot is taken over, read again, and taken back.
    const scalars: string[] = [];
    for (let i = 0; i < 6000; i++)
      scalars.push(
        [`v${i}`, `${i}`, `${i}.5`, `0x${i.toString(16)}`, i % 2 ? 'true' : 'False', i % 3 ? '~' : 'null', `-${i}`][
          i % 7
        ],
      );
    for (let round = 0; round < 2; round++)
      for (let i = 0; i < scalars.length; i += 50) {
        const slice = scalars.slice(i, i + 50);
        // `-1` in a flow list is left to js-yaml: the block list has them.
        const flow = slice.slice(1, 25).filter((v) => !v.startsWith('-'));
        const text = `a: ${slice[0]}\nb: [${flow.join(', ')}]\nc:\n${slice
          .slice(25)
          .map((v) => `  - ${v}\n`)
          .join('')}`;
        assert.ok(agree(text), text);
      }
  });

  it('on hand-written corners: quotes, comments, indentation, empty values, keys that are not plain words', () => {
    const cases = [
      "a: 'it''s' # c\nb: \"x # y\"\nc: d#e\nd: e # f\n",
      'a:\n  - x\n  - - y\n    - z\n  - k: 1\n    l: [1, 0x1f, 0o17, .5, -.inf, +1, 007, ~, Null, "1"]\n',
      'a:\n- x\n- y\nb: {c: 1, d: e f, g: "h, i"}\n',
      'a:\nb:\n  # only a comment\nc: 1\n',
      'a:\n    b: 1\n  c: 2\n',
      'a: 1\n  b: 2\n',
      'a: b\n  c\n',
      'a: b: c\n',
      'a: [b, c\n',
      'a: {b: 1, b: 2}\n',
      'a: 1\na: 2\n',
      '"a": 1\n',
      'a : 1\n',
      'a:1\n',
      'true: 1\n',
      '__proto__: 1\n',
      'a: [b, ]\n',
      'a: -1\nb: - c\n',
      'a: "\\u0041"\n',
      'a: x\r\n  b: y\r\n',
      '  a: 1\n  b: 2\nc: 3\n',
      '---\na: 1\n',
      '--- a: 1\n',
      '---a: 1\n',
      '# only\n',
      '- a\n',
      'a: b\n...\n',
      'a: |\n  x\n',
      'a: >-\n  x\n',
      'a:\n  -\n  - b\n',
      'a: \u00a0b\n',
      'a: c\u0085d\n',
      'a: {b: c: d}\n',
      'a: [b: c]\n',
      'a: http://x.example/y?z=1#top\n',
      'a: Tom & Jerry *x !y ? z\n',
    ];
    for (const text of cases) agree(text);
  });

  it('reads a document with `&`, `*` or `!` inside its scalars, with the findings of the precise path', () => {
    const text = [
      'apiVersion: svcm/v1',
      'kind: Service',
      'metadata:',
      '  name: svc-a',
      '  title: Tom & Jerry *x !y',
      'spec:',
      '  owner: team-a',
      '  phase: nope',
      '  tier: 9',
      '',
    ].join('\n');
    assert.equal(parseFile('svc-a.yaml', text).precise, false, 'the fast path reads it');
    const { fast, precise } = findingsBoth([{ path: 'svc-a.yaml', text }]);
    assert.ok(fast.length > 0);
    assert.deepEqual(fast, precise);
  });
});
