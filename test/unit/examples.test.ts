import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertClean, REPO, requireBuiltCli, svcm, type JsonReport } from './cliSupport';

/**
 * The bundled workspace (what `npm start` opens) shows exactly its deliberate
 * mistakes: each marked in its file by a `# deliberate mistake` comment a few
 * lines above it, and nothing else.
 */
describe('examples/', function () {
  this.timeout(60_000);
  before(requireBuiltCli);

  it('svcm validate examples/ reports exactly the deliberate mistakes', () => {
    const run = svcm(['validate', '--format', 'json', 'examples/'], REPO);
    assertClean(run, 1);
    const report = JSON.parse(run.stdout) as JsonReport;
    const seen = report.diagnostics.map((d) => `${d.file}:${d.range.start.line + 1} ${d.code}`).sort();
    assert.deepEqual(seen, [
      'examples/catalog/components/basket/catalog-info.yaml:10 unknown-reference',
      'examples/catalog/components/basket/catalog-info.yaml:15 reference-kind-required',
      'examples/service-management/changes/CHG-2026-0048.yaml:21 window-conflict',
      'examples/service-management/changes/CHG-2026-0049.yaml:15 window-conflict',
      'examples/service-management/changes/CHG-2026-0050.yaml:7 backout-plan-required',
      'examples/service-management/changes/CHG-2026-0051.yaml:9 unknown-reference',
      'examples/service-management/changes/CHG-2026-0052.yaml:23 release-mismatch',
      'examples/service-management/services/returns-portal.yaml:13 schema',
      'examples/service-management/services/warehouse-sync.yaml:8 service-manager-required',
    ]);
    // Every one of them is marked for the reader, on one of the lines just above it.
    for (const d of report.diagnostics) {
      const lines = fs.readFileSync(path.join(REPO, d.file), 'utf8').split('\n');
      const above = lines.slice(Math.max(0, d.range.start.line - 3), d.range.start.line).join('\n');
      assert.match(
        above,
        /# deliberate mistake/,
        `${d.file}:${d.range.start.line + 1} ${d.code} has no '# deliberate mistake' comment above it`,
      );
    }
    // And every marked place has its diagnostic: no comment promises a mistake that is not shown.
    const marked = fs
      .readdirSync(path.join(REPO, 'examples'), { recursive: true, encoding: 'utf8' })
      .filter((f) => /\.ya?ml$/.test(f) || (/\.md$/.test(f) && f.includes('/')))
      .flatMap((f) =>
        fs
          .readFileSync(path.join(REPO, 'examples', f), 'utf8')
          .split('\n')
          .filter((l) => l.includes('# deliberate mistake'))
          .map(() => f),
      );
    assert.equal(
      marked.length,
      report.diagnostics.length,
      `the examples mark ${marked.length} deliberate mistakes: ${marked.join(', ')}`,
    );
  });
});
