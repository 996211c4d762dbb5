import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateWorkspace } from '../../bench/generate';
import { CLI, requireBuiltCli, TempDirs, type JsonReport } from './cliSupport';

/** `svcm validate --format json .` with the reading or parsing threads set by SVCM_WORKERS. */
function validate(cwd: string, workers: string, cli = CLI) {
  const run = spawnSync(process.execPath, [cli, 'validate', '--format', 'json', '.'], { cwd, encoding: 'utf8', timeout: 60_000, env: { ...process.env, SVCM_WORKERS: workers } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('svcm validate on reading and parsing threads (built CLI)', function () {
  this.timeout(120_000);
  const temp = new TempDirs();
  before(requireBuiltCli);
  after(() => temp.cleanup());

  it('reports exactly what one thread reports, in the same order, with any number of threads', () => {
    const ws = temp.make();
    const { mistakes } = generateWorkspace(ws, { services: 60, changes: 400, seed: 5, mistakes: 0.05 });
    // A file of many documents, a foreign file and a file the fast path refuses take their own ways back from a thread.
    fs.writeFileSync(path.join(ws, 'notes.yaml'), 'name: not ours\n');
    fs.writeFileSync(path.join(ws, 'service-management', 'anchored.yaml'), 'apiVersion: svcm/v1\nkind: Team\nmetadata: &m\n  name: team-anchored\nspec:\n  email: a@example.com\n');
    const one = validate(ws, '0');
    const report = JSON.parse(one.stdout) as JsonReport;
    assert.equal(report.diagnostics.length, mistakes.length);
    assert.equal(one.stderr, '');
    for (const workers of ['read', '1', '2', '3']) {
      const many = validate(ws, workers);
      assert.equal(many.stderr, '', `SVCM_WORKERS=${workers}: a thread failed`);
      assert.equal(many.status, one.status);
      assert.equal(many.stdout, one.stdout, `SVCM_WORKERS=${workers}`);
    }
  });

  it('reads on the main thread, with a warning, when the reading thread cannot start', () => {
    const ws = temp.make();
    generateWorkspace(ws, { services: 20, changes: 80, seed: 9, mistakes: 0.05 });
    // The CLI bundle without its reading thread's script beside it.
    const alone = path.join(temp.make(), 'cli.js');
    fs.copyFileSync(CLI, alone);
    const one = validate(ws, '0');
    const fallback = validate(ws, 'read', alone);
    assert.match(fallback.stderr, /^svcm: warning: the reading thread stopped \(.+\); the files it had not read were read on the main thread\n$/);
    assert.equal(fallback.status, one.status);
    assert.equal(fallback.stdout, one.stdout);
  });
});
