// `svcm export backstage`, run as users run it (the built dist/cli.js), every entity it writes judged by
// Backstage's own catalog model (@backstage/catalog-model, test/unit/backstage/oracle.ts), every reference
// resolved within the export.
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseAllDocuments } from 'yaml';
import { backstageVerdict } from './backstage/oracle';
import { assertClean, REPO, requireBuiltCli, svcm, TempDirs, writeTree } from './cliSupport';

interface Entity {
  apiVersion: string;
  kind: string;
  metadata: { name: string; annotations?: Record<string, string>; links?: unknown[] };
  spec: Record<string, unknown>;
}

const team = (name: string, extra = '') =>
  `apiVersion: svcm/v1\nkind: Team\nmetadata:\n  name: ${name}\nspec:\n  email: ${name}@example.com\n  members: [ana, bo]\n${extra}`;
const service = (name: string, owner: string, deps: string[] = [], extra = '') =>
  `apiVersion: svcm/v1\nkind: Service\nmetadata:\n  name: ${name}\n  title: The ${name}\nspec:\n  owner: ${owner}\n  serviceManager: Ana\n  phase: beta\n  tier: 2\n${
    deps.length > 0 ? `  dependsOn: [${deps.join(', ')}]\n` : ''
  }${extra}`;

const CLEAN: Record<string, string> = {
  'svcm.config.yaml': 'rules: {}\n',
  'teams/a.yaml': team('team-a'),
  'teams/b.yaml': team('team-b'),
  'services/api.yaml': service(
    'api',
    'team-a',
    ['db', 'component:default/cache'],
    '  continuity: { rto: 1h, rpo: 5m }\n  code: [src/api/**]\n  links:\n    - { title: Docs, url: "https://docs.example.com", type: documentation }\n',
  ),
  'services/db.yaml': service('db', 'group:team-b').replace('phase: beta', 'phase: live'),
  'services/cache.yaml': service('cache', 'team-b').replace('phase: beta', 'phase: retired'),
};

function entitiesOf(text: string): Entity[] {
  const docs = parseAllDocuments(text);
  assert.ok(Array.isArray(docs));
  return docs.map((d) => {
    assert.equal(d.errors.length, 0, String(d.errors[0]));
    return d.toJS() as Entity;
  });
}

/** Every entity passes Backstage's model; every owner and dependsOn names an entity of the export; the Location names them all. */
async function assertBackstageValid(entities: Entity[]): Promise<void> {
  const refs = new Set(entities.map((e) => `${e.kind.toLowerCase()}:default/${e.metadata.name}`));
  for (const e of entities) {
    const verdict = await backstageVerdict(e);
    assert.ok(verdict.ok, `${e.kind} ${e.metadata.name}: ${verdict.why}`);
    for (const value of Object.values(e.metadata.annotations ?? {})) assert.equal(typeof value, 'string');
    if (e.kind === 'Component') {
      assert.ok(refs.has(e.spec.owner as string), `${e.metadata.name}: owner ${String(e.spec.owner)}`);
      for (const d of (e.spec.dependsOn as string[] | undefined) ?? [])
        assert.ok(refs.has(d), `${e.metadata.name}: dependsOn ${d}`);
    }
  }
  const locations = entities.filter((e) => e.kind === 'Location');
  assert.equal(locations.length, 1);
  assert.equal((locations[0].spec.targets as string[]).length, entities.length - 1);
}

describe('svcm export backstage', function () {
  this.timeout(120_000);
  const temp = new TempDirs();
  before(requireBuiltCli);
  after(() => temp.cleanup());

  it('exports a clean workspace: Groups, Components, lifecycle, annotations, references', async () => {
    const dir = temp.make();
    writeTree(dir, CLEAN);
    const run = svcm(['export', 'backstage'], dir);
    assertClean(run, 0);
    assert.equal(run.stderr, '');
    const entities = entitiesOf(run.stdout);
    assert.deepEqual(
      entities.map((e) => `${e.kind}:${e.metadata.name}`),
      ['Location:svcm-export', 'Group:team-a', 'Group:team-b', 'Component:api', 'Component:cache', 'Component:db'],
    );
    await assertBackstageValid(entities);
    const byName = new Map(entities.map((e) => [e.metadata.name, e]));
    const api = byName.get('api')!;
    assert.deepEqual(api.spec, {
      type: 'service',
      lifecycle: 'experimental',
      owner: 'group:default/team-a',
      dependsOn: ['component:default/db', 'component:default/cache'],
    });
    assert.equal(api.metadata.annotations!['svcm/tier'], '2');
    assert.equal(api.metadata.annotations!['svcm/continuity'], '{"rto":"1h","rpo":"5m"}');
    assert.equal(api.metadata.annotations!['svcm/code'], '["src/api/**"]');
    assert.deepEqual(api.metadata.links, [{ url: 'https://docs.example.com', title: 'Docs', type: 'documentation' }]);
    assert.equal(byName.get('db')!.spec.lifecycle, 'production');
    assert.equal(byName.get('db')!.spec.owner, 'group:default/team-b');
    assert.equal(byName.get('cache')!.spec.lifecycle, 'deprecated');
    assert.deepEqual(byName.get('team-a')!.spec, {
      type: 'team',
      children: [],
      profile: { email: 'team-a@example.com' },
    });
  });

  it('exports examples/: every entity passes the catalog model and every reference resolves', async () => {
    const run = svcm(['export', 'backstage'], path.join(REPO, 'examples'));
    assertClean(run, 1); // examples/ has deliberate mistakes
    assert.match(run.stderr, /error schema unknown field 'dependOn'/);
    assert.match(run.stderr, /Service 'returns-portal' has errors: left out/);
    const entities = entitiesOf(run.stdout);
    assert.ok(entities.filter((e) => e.kind === 'Component').length >= 8);
    assert.ok(entities.filter((e) => e.kind === 'Group').length >= 4);
    assert.ok(!entities.some((e) => e.metadata.name === 'returns-portal'));
    await assertBackstageValid(entities);
  });

  it('on errors: writes the valid part, drops references to what is left out, prints the findings, exits 1', async () => {
    const dir = temp.make();
    writeTree(dir, {
      ...CLEAN,
      'services/db.yaml': service('db', 'team-b', [], '  colour: blue\n'), // unknown field: an error
      'teams/b.yaml': team('team-b'),
    });
    const out = path.join(dir, 'out');
    const run = svcm(['export', 'backstage', '--out', 'out'], dir);
    assertClean(run, 1);
    assert.match(run.stderr, /services\/db\.yaml:\d+:\d+ error schema/);
    assert.match(run.stderr, /dependsOn 'db' is not exported: dropped/);
    const files = fs.readdirSync(out, { recursive: true }).map(String).sort();
    assert.ok(files.includes('catalog-info.yaml'));
    assert.ok(!files.includes(path.join('components', 'db.yaml')));
    const entities = files
      .filter((f) => f.endsWith('.yaml'))
      .flatMap((f) => entitiesOf(fs.readFileSync(path.join(out, f), 'utf8')));
    await assertBackstageValid(entities);
    const api = entities.find((e) => e.metadata.name === 'api')!;
    assert.deepEqual(api.spec.dependsOn, ['component:default/cache']);
    const location = entities.find((e) => e.kind === 'Location')!;
    for (const target of location.spec.targets as string[]) assert.ok(fs.existsSync(path.join(out, target)), target);
  });

  it('--out never overwrites an existing file: exit 2, nothing written', () => {
    const dir = temp.make();
    writeTree(dir, { ...CLEAN, 'out/components/api.yaml': 'mine\n' });
    const run = svcm(['export', 'backstage', '--out', 'out'], dir);
    assertClean(run, 2);
    assert.match(run.stderr, /refusing to overwrite a file under out: out\/components\/api\.yaml/);
    assert.equal(fs.readFileSync(path.join(dir, 'out/components/api.yaml'), 'utf8'), 'mine\n');
    assert.ok(!fs.existsSync(path.join(dir, 'out/catalog-info.yaml')));
    const again = svcm(['export', 'backstage', '--out', 'fresh'], dir);
    assertClean(again, 0);
    assert.match(again.stdout, /wrote 6 files to fresh/);
  });

  it('usage errors: no target, an unknown target', () => {
    const dir = temp.make();
    writeTree(dir, CLEAN);
    assertClean(svcm(['export'], dir), 2);
    const run = svcm(['export', 'openapi'], dir);
    assertClean(run, 2);
    assert.match(run.stderr, /unknown export target 'openapi': use backstage/);
  });
});
