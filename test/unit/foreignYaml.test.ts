import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseBytes } from '../../src/core/parse/parseFile';
import { discover } from '../../src/node/discover';
import { assertClean, copyFixture, FIXTURES, requireBuiltCli, svcm, TempDirs, validateJson } from './cliSupport';

const FOREIGN = path.join(FIXTURES, 'foreign');

/**
 * YAML and Markdown that is not svcm's (GitHub workflows, Kubernetes manifests,
 * Backstage, docker-compose, OpenAPI, Helm templates, Jekyll front matter) lives
 * next to the records in real repositories: svcm must say nothing about it.
 */
describe('foreign YAML and Markdown', function () {
  this.timeout(60_000);
  const temp = new TempDirs();
  after(() => temp.cleanup());

  const files = discover(FOREIGN, FOREIGN, []).files;

  it('the fixture holds every kind of foreign file', () => {
    assert.deepEqual(files.map((f) => f.rel).sort(), [
      '.github/workflows/ci.yml',
      'api/openapi.yaml',
      'catalog-info.yaml',
      'charts/web/templates/deployment.yaml',
      'charts/web/values.yaml',
      'docker-compose.yml',
      'docs/plain.markdown',
      'docs/runbook.md',
      'k8s/kustomization.yaml',
      'k8s/payments.yaml',
    ]);
  });

  for (const file of files) {
    it(`${file.rel}: no records, no findings`, () => {
      const parsed = parseBytes(file.rel, fs.readFileSync(file.abs));
      assert.deepEqual(parsed.records, []);
      assert.deepEqual(parsed.fileFindings, []);
    });
  }

  describe('svcm validate (built CLI)', () => {
    before(requireBuiltCli);

    it('reports nothing and exits 0 (text)', () => {
      const root = copyFixture('foreign', path.join(temp.make(), 'foreign'));
      const run = svcm(['validate'], root);
      assertClean(run, 0);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, 'svcm: no problems (0 records in 0 files)\n');
    });

    it('reports nothing and exits 0 (json), counting no files with records', () => {
      const { report } = validateJson(FOREIGN, [], 0);
      assert.deepEqual(report, {
        version: 1,
        summary: { files: 0, records: 0, errors: 0, warnings: 0, infos: 0 },
        diagnostics: [],
      });
    });

    it('stays quiet next to real records, which are still checked', () => {
      const root = copyFixture('foreign', path.join(temp.make(), 'mixed'));
      fs.writeFileSync(path.join(root, 'teams.yaml'), 'apiVersion: svcm/v1\nkind: Team\nmetadata:\n  name: payments\n');
      const { report } = validateJson(root, [], 0);
      assert.deepEqual(report.summary, { files: 1, records: 1, errors: 0, warnings: 0, infos: 0 });
    });
  });
});
