import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LARGE_FILE_PREFIX, readRecordBytes } from '../../src/node/readFile';
import { assertClean, requireBuiltCli, svcm, TempDirs, validateJson, writeTree } from './cliSupport';

/*
 * Files that vanish or change while `svcm validate` reads them: no crash, no
 * stack trace, a report every time; and once the churn stops, the next run is
 * exactly the run on an untouched copy of the same tree.
 */

const FILES = 2000; // above the reading thread's threshold: both reading paths are exercised
const team = (i: number, extra = '') =>
  `apiVersion: svcm/v1\nkind: Team\nmetadata:\n  name: team-${i}\nspec:\n  email: t${i}@example.com\n${extra}`;

/** Deletes, rewrites (truncated, then whole), replaces with a folder and puts back files, until killed. */
const CHURN = `
const fs = require('fs'), path = require('path');
const [root, n] = [process.argv[1], Number(process.argv[2])];
let i = 0;
const file = (k) => path.join(root, 'teams', 'team-' + k + '.yaml');
for (;;) {
  const k = (i++ * 7919) % n, f = file(k);
  try {
    switch (i % 4) {
      case 0: fs.rmSync(f, { force: true }); break;
      case 1: fs.writeFileSync(f, 'apiVersion: svcm/v1\\nkind: Team\\nmeta'); break;
      case 2: fs.rmSync(f, { force: true }); fs.mkdirSync(f); fs.rmdirSync(f); break;
      default: fs.writeFileSync(f, 'apiVersion: svcm/v1\\nkind: Team\\nmetadata:\\n  name: churned-' + k + '\\n');
    }
  } catch {}
}`;

describe('files that vanish or change during a scan', function () {
  this.timeout(180_000);
  const temp = new TempDirs();
  after(() => temp.cleanup());
  before(requireBuiltCli);

  it('svcm validate never crashes, and the run after the churn equals a run on an untouched copy', async () => {
    const root = temp.make();
    const files: Record<string, string> = {};
    for (let i = 0; i < FILES; i++) files[`teams/team-${i}.yaml`] = team(i, i % 100 === 0 ? '  colour: red\n' : '');
    writeTree(root, files);
    const churn = spawn(process.execPath, ['-e', CHURN, root, String(FILES)], { stdio: 'ignore' });
    try {
      for (const workers of ['1', '0', '1']) {
        const run = svcm(['validate', '--format', 'json'], root, 120_000, { env: { SVCM_WORKERS: workers } });
        assert.ok(run.status === 0 || run.status === 1, `exit status ${run.status}: ${run.stderr.slice(0, 2000)}`);
        assertClean(run, run.status!);
        assert.doesNotMatch(run.stderr, /internal error/);
        const report = JSON.parse(run.stdout) as { summary: { files: number } };
        assert.ok(report.summary.files > 0);
      }
    } finally {
      churn.kill();
      await new Promise((resolve) => churn.once('exit', resolve));
    }
    // Settled: whatever the churn left, the next run reads it as a fresh copy of the same files is read.
    const copy = path.join(temp.make(), 'copy');
    fs.cpSync(root, copy, { recursive: true });
    const after = validateJson(root);
    const fresh = validateJson(copy);
    assertClean(after.run, fresh.run.status!);
    assert.deepEqual(after.report, fresh.report);
    assert.ok(after.report.summary.files > 0);
  });
});

describe('resource bounds: what is not ours is skipped without being read whole', function () {
  this.timeout(60_000);
  const temp = new TempDirs();
  after(() => temp.cleanup());

  it('a 1 GB file named .yaml (sparse) is read only as far as its head; foreign YAML gets nothing', () => {
    const root = temp.make();
    const foreign: Record<string, string> = {};
    for (let i = 0; i < 500; i++) foreign[`config/app-${i}.yaml`] = `name: app-${i}\nreplicas: ${i % 5}\n`;
    writeTree(root, foreign);
    const sparse = (name: string, head: string) => {
      const fd = fs.openSync(path.join(root, name), 'w');
      fs.writeSync(fd, head, 0);
      fs.ftruncateSync(fd, 1024 ** 3);
      fs.closeSync(fd);
    };
    sparse('blob.yaml', '\u007fELF\0\0');
    sparse('huge.yaml', 'apiVersion: svcm/v1\nkind: Team\nmetadata:\n  name: huge\n');
    for (const name of ['blob.yaml', 'huge.yaml']) {
      const read = readRecordBytes(path.join(root, name))!;
      assert.equal(read.size, 1024 ** 3);
      assert.equal(read.bytes.length, LARGE_FILE_PREFIX);
    }
    const { report } = validateJson(root, [], 1);
    assert.deepEqual(
      report.diagnostics.map((d) => `${d.file} ${d.message}`),
      ["huge.yaml file not checked: it is 1024.0 MB, above svcm's 5.0 MB limit for a record file"],
    );
  });
});
