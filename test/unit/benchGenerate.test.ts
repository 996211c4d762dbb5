import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { backstageCatalogue, generateWorkspace, servicesInOneFile, type PlantedMistake } from '../../bench/generate';
import { RULE_CODES } from '../../src/core/rules/codes';
import { CHANGE_STATUSES, CHANGE_TYPES } from '../../src/core/schema/vocabulary';
import { assertClean, requireBuiltCli, TempDirs, validateJson, type JsonReport } from './cliSupport';

/** `file code` of each finding or planted mistake, sorted: a multiset, so that a mistake reported twice counts as extra. */
const found = (report: JsonReport) => report.diagnostics.map((d) => `${d.file} ${d.code}`).sort();
const planted = (mistakes: readonly PlantedMistake[]) => mistakes.map((m) => `${m.file} ${m.code}`).sort();

/** Every file under `root` (relative, with '/') with its bytes. */
function snapshot(root: string): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else out.set(path.relative(root, p).split(path.sep).join('/'), fs.readFileSync(p));
    }
  };
  walk(root);
  return out;
}

/** Runs the built CLI on the folder and checks that it reports exactly the planted mistakes, each once. */
function assertExactly(ws: string, mistakes: readonly PlantedMistake[]): JsonReport {
  const { report, run } = validateJson(ws, ['.']);
  assertClean(run, report.summary.errors > 0 ? 1 : 0);
  assert.equal(run.stderr, '');
  assert.deepEqual(found(report), planted(mistakes));
  return report;
}

describe('bench/generate (built CLI)', function () {
  this.timeout(120_000);
  const temp = new TempDirs();

  before(requireBuiltCli);
  after(() => temp.cleanup());

  describe('generateWorkspace', () => {
    it('svcm reports exactly the planted mistakes, no more, no fewer', () => {
      const ws = temp.make();
      const result = generateWorkspace(ws, { services: 80, changes: 300, seed: 7, mistakes: 0.03 });
      assert.ok(result.mistakes.length >= 5, `only ${result.mistakes.length} mistakes planted`);
      const report = assertExactly(ws, result.mistakes);
      assert.equal(report.summary.files, result.files);
      const files = snapshot(ws);
      assert.equal(files.size, result.files);
      assert.equal(
        [...files.values()].reduce((n, b) => n + b.length, 0),
        result.bytes,
      );
    });

    it('with many mistakes, plants every rule code (but internal-error, an svcm bug), each still reported exactly', () => {
      const ws = temp.make();
      const result = generateWorkspace(ws, { services: 150, changes: 600, seed: 1, mistakes: 0.3 });
      // The codes only Backstage entities can have are planted by the Backstage part of the generator (its own test).
      const entityOnly = ['location-target', 'reference-kind', 'reference-kind-required'];
      assert.deepEqual(
        [...new Set(result.mistakes.map((m) => m.code))].sort(),
        RULE_CODES.filter((c) => c !== 'internal-error' && !entityOnly.includes(c)).sort(),
      );
      assertExactly(ws, result.mistakes);
    });

    it('is clean with no mistakes asked for', () => {
      const ws = temp.make();
      const result = generateWorkspace(ws, { services: 60, changes: 200, seed: 3, mistakes: 0 });
      assert.deepEqual(result.mistakes, []);
      assertExactly(ws, []);
    });

    it('writes changes of every type in every status, and the records the benchmarks open', () => {
      const ws = temp.make();
      generateWorkspace(ws, { services: 80, changes: 300, seed: 7, mistakes: 0.03 });
      const combos = new Set<string>();
      for (const [file, bytes] of snapshot(ws)) {
        if (!file.startsWith('service-management/changes/')) continue;
        const text = bytes.toString('utf8');
        combos.add(`${/^ {2}type: (\S+)$/m.exec(text)?.[1]} ${/^ {2}status: (\S+)$/m.exec(text)?.[1]}`);
      }
      for (const type of CHANGE_TYPES)
        for (const status of CHANGE_STATUSES)
          assert.ok(combos.has(`${type} ${status}`), `no ${type} change that is ${status}`);
      for (const file of [
        'service-management/changes/CHG-2026-00042.yaml',
        'service-management/services/svc-00001.yaml',
        'service-management/teams.yaml',
      ]) {
        assert.ok(fs.existsSync(path.join(ws, file)), file);
      }
    });

    it('is deterministic: the same seed gives byte-identical files, another seed differs', () => {
      const options = { services: 40, changes: 150, seed: 7, mistakes: 0.05 };
      const [a, b, c] = [temp.make(), temp.make(), temp.make()];
      const ra = generateWorkspace(a, options);
      const rb = generateWorkspace(b, options);
      generateWorkspace(c, { ...options, seed: 8 });
      assert.deepEqual(rb, ra);
      assert.deepEqual(snapshot(b), snapshot(a));
      assert.notDeepEqual(snapshot(c), snapshot(a));
    });
  });

  describe('servicesInOneFile', () => {
    it('writes one multi-document file that svcm reports exactly the planted mistakes of', () => {
      const ws = temp.make();
      const result = servicesInOneFile(ws, 400, 7);
      assert.equal(result.file, 'service-management/all-services.yaml');
      assert.ok(result.mistakes.length >= 2, `only ${result.mistakes.length} mistakes planted`);
      const text = fs.readFileSync(path.join(ws, result.file), 'utf8');
      assert.equal(Buffer.byteLength(text), result.bytes);
      assert.equal(text.match(/^kind: Service$/gm)?.length, 400);
      assert.equal(text.match(/^---$/gm)?.length, 399);
      const teams =
        fs.readFileSync(path.join(ws, 'service-management/teams.yaml'), 'utf8').match(/^kind: Team$/gm)?.length ?? 0;
      const report = assertExactly(ws, result.mistakes);
      assert.deepEqual([report.summary.files, report.summary.records], [2, 400 + teams]);
    });

    it('holds the same service documents as generateWorkspace with that seed, and is deterministic', () => {
      const [one, again, other, ws] = [temp.make(), temp.make(), temp.make(), temp.make()];
      const result = servicesInOneFile(one, 120, 5);
      assert.deepEqual(servicesInOneFile(again, 120, 5), result);
      assert.deepEqual(snapshot(again), snapshot(one));
      servicesInOneFile(other, 120, 6);
      assert.notDeepEqual(snapshot(other), snapshot(one));
      generateWorkspace(ws, { services: 120, changes: 30, seed: 5 });
      const perFile = Array.from({ length: 120 }, (_, i) =>
        fs.readFileSync(path.join(ws, `service-management/services/svc-${String(i).padStart(5, '0')}.yaml`), 'utf8'),
      );
      assert.equal(fs.readFileSync(path.join(one, result.file), 'utf8'), perFile.join('---\n'));
    });
  });

  describe('backstageCatalogue', () => {
    it('svcm reports exactly the planted mistakes in a Backstage catalogue (each kind of mistake planted)', () => {
      const ws = temp.make();
      const result = backstageCatalogue(ws, 300, 3, 0.08);
      const codes = new Set(result.mistakes.map((m) => m.code));
      assert.deepEqual([...codes].sort(), ['reference-kind-required', 'schema', 'unknown-reference']);
      const report = assertExactly(ws, result.mistakes);
      assert.equal(report.summary.records, result.entities);
      assert.equal(report.summary.files, result.files);
    });
  });
});
