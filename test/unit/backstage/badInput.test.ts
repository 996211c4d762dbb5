import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertClean, at, requireBuiltCli, TempDirs, validateJson, writeTree } from '../cliSupport';
import { lines } from '../helpers';

const COMPONENT_HEAD = ['apiVersion: backstage.io/v1alpha1', 'kind: Component', 'metadata:', '  name: petstore'];

const location = (name: string, ...targets: string[]) =>
  lines(
    'apiVersion: backstage.io/v1alpha1',
    'kind: Location',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  targets:',
    ...targets.map((t) => `    - ${t}`),
  );

/**
 * Hostile and broken Backstage catalogue files, through the built CLI: each gives a
 * clear diagnostic at the right place, without a crash, a hang or a stack trace
 * (docs/backstage.md).
 */
describe('bad input in Backstage catalogues (built CLI)', function () {
  this.timeout(120_000);
  const temp = new TempDirs();
  before(requireBuiltCli);
  after(() => temp.cleanup());

  function check(files: Record<string, string>, status: number) {
    const root = temp.make();
    writeTree(root, files);
    const { report, run } = validateJson(root, [], status);
    assertClean(run, status);
    return {
      seen: report.diagnostics.map((d) => ({ file: d.file, at: at(d), code: d.code, message: d.message })),
      summary: report.summary,
    };
  }

  it('an alias bomb in catalog-info.yaml (billion laughs, 9 levels): refused at the first alias, not expanded', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const name = String.fromCharCode(97 + i);
      levels.push(
        `${name}: &${name} [${Array(9)
          .fill(`*${String.fromCharCode(96 + i)}`)
          .join(', ')}]`,
      );
    }
    const { seen } = check(
      { 'catalog-info.yaml': lines(...COMPONENT_HEAD, '  annotations:', ...levels.map((l) => `    ${l}`)) },
      1,
    );
    assert.deepEqual(
      seen.map((s) => [s.at, s.code]),
      [['7:12', 'yaml-syntax']],
    );
    assert.match(seen[0].message, /too many alias expansions/);
  });

  it('50,000 nested flow maps in an entity: "nesting too deep" at the outermost brace', () => {
    const { seen } = check(
      {
        'catalog-info.yaml': lines(
          ...COMPONENT_HEAD,
          'spec:',
          `  type: ${'{a: '.repeat(50_000)}1${'}'.repeat(50_000)}`,
        ),
      },
      1,
    );
    assert.deepEqual(
      seen.map((s) => [s.at, s.code]),
      [['6:9', 'yaml-syntax']],
    );
    assert.match(seen[0].message, /nesting too deep/);
  });

  it('a Location whose glob matches 10,000 files: no finding; a glob beside it that matches none is reported at its entry', () => {
    const files: Record<string, string> = {
      'catalog-info.yaml': location('all', './services/*.yaml', './services/*.yml'),
    };
    for (let i = 0; i < 10_000; i++) files[`services/s-${i}.yaml`] = `name: s-${i}\n`;
    const { seen, summary } = check(files, 1);
    assert.deepEqual(seen, [
      {
        file: 'catalog-info.yaml',
        at: '8:7',
        code: 'location-target',
        message:
          "target './services/*.yml' matches no file (looked for 'services/*.yml' from this file's folder): fix the path, or add 'presence: optional' if it may be missing",
      },
    ]);
    assert.equal(summary.records, 1);
  });

  it('a glob over files svcm does not index (JSON) is looked for on disk, not reported as missing', () => {
    const { seen } = check(
      {
        'catalog-info.yaml': location('apis', './apis/**/*.json', './apis/**/*.graphql'),
        'apis/v1/deep/petstore.json': '{}\n',
      },
      1,
    );
    assert.deepEqual(
      seen.map((s) => [s.at, s.code, s.message.slice(0, 40)]),
      [['8:7', 'location-target', "target './apis/**/*.graphql' matches no "]],
    );
  });

  it('a Location that targets itself, and Locations that target each other in a cycle: nothing to report, no loop', () => {
    const { seen, summary } = check(
      {
        'catalog-info.yaml': location('root', './catalog-info.yaml', './a/catalog-info.yaml'),
        'a/catalog-info.yaml': location('a', './../catalog-info.yaml', '../b/catalog-info.yaml'),
        'b/catalog-info.yaml': location('b', '../a/catalog-info.yaml', './*.yaml', '../**/catalog-info.yaml'),
      },
      0,
    );
    assert.deepEqual(seen, []);
    assert.equal(summary.records, 3);
  });

  it('a target of 70,000 characters and a target that leaves the workspace: reported at their entries, never read', () => {
    const base = temp.make();
    const root = path.join(base, 'ws');
    fs.writeFileSync(path.join(base, 'outside.yaml'), 'x: 1\n');
    writeTree(root, {
      'catalog-info.yaml': location('odd', `./${'*'.repeat(70_000)}`, '../outside.yaml', '../../../etc/passwd'),
    });
    const { report, run } = validateJson(root, [], 1);
    assertClean(run, 1);
    assert.deepEqual(
      report.diagnostics.map((d) => [at(d), d.code]),
      [
        ['7:7', 'location-target'],
        ['8:7', 'location-target'],
        ['9:7', 'location-target'],
      ],
    );
    assert.match(report.diagnostics[0].message, /is 70002 characters long/);
    assert.match(report.diagnostics[1].message, /leaves the workspace/);
  });
});
