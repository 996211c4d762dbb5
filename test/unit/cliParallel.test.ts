import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateWorkspace } from '../../bench/generate';
import { CLI, requireBuiltCli, svcm, TempDirs, type JsonReport } from './cliSupport';

/** `svcm validate --format json .`, with the reading thread off (`0`) or on (`1`), or the parsing thread on (`parse`). */
const validate = (cwd: string, thread: '0' | '1' | 'parse', cli = CLI) =>
  svcm(['validate', '--format', 'json', '.'], cwd, 60_000, {
    env: thread === 'parse' ? { SVCM_WORKERS: '1', SVCM_PARSE_THREAD: '1' } : { SVCM_WORKERS: thread },
    cli,
  });

describe('svcm validate with a reading thread (built CLI)', function () {
  this.timeout(120_000);
  const temp = new TempDirs();
  before(requireBuiltCli);
  after(() => temp.cleanup());

  it('reports exactly what one thread reports, in the same order', () => {
    const ws = temp.make();
    const { mistakes } = generateWorkspace(ws, { services: 60, changes: 400, seed: 5, mistakes: 0.05 });
    // A foreign file, and a file the fast path refuses, take their own ways through.
    fs.writeFileSync(path.join(ws, 'notes.yaml'), 'name: not ours\n');
    fs.writeFileSync(
      path.join(ws, 'service-management', 'anchored.yaml'),
      'apiVersion: svcm/v1\nkind: Team\nmetadata: &m\n  name: team-anchored\nspec:\n  email: a@example.com\n',
    );
    const one = validate(ws, '0');
    assert.equal((JSON.parse(one.stdout) as JsonReport).diagnostics.length, mistakes.length);
    assert.equal(one.stderr, '');
    const two = validate(ws, '1');
    assert.equal(two.stderr, '', 'the reading thread failed');
    assert.equal(two.status, one.status);
    assert.equal(two.stdout, one.stdout);
    // The parsing thread (SVCM_PARSE_THREAD=1): files parsed and checked on either thread, the same report.
    const parsing = validate(ws, 'parse');
    assert.equal(parsing.stderr, '', 'the parsing thread failed');
    assert.equal(parsing.status, one.status);
    assert.equal(parsing.stdout, one.stdout);
  });

  /** `svcm validate --format json .` with its output read only after `pauseMs`: what a slow pipe gets. */
  function validateIntoSlowPipe(cwd: string, env: Record<string, string>, pauseMs: number) {
    return new Promise<{ status: number | null; stdout: string }>((resolve, reject) => {
      const child = spawn(process.execPath, [CLI, 'validate', '--format', 'json', '.'], {
        cwd,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'ignore'],
      });
      child.stdout.pause();
      const chunks: Buffer[] = [];
      setTimeout(() => {
        child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
        child.stdout.resume();
      }, pauseMs);
      child.on('error', reject);
      child.on('close', (status) => resolve({ status, stdout: Buffer.concat(chunks).toString('utf8') }));
    });
  }

  it('ends only once its output is written: a pipe read late gets all of it, on either thread', async () => {
    const ws = temp.make();
    generateWorkspace(ws, { services: 300, changes: 2000, seed: 7, mistakes: 0.3 });
    const eager = validate(ws, '0');
    // Far more than a pipe holds (64 KB on Linux), so most of it waits for the reader.
    assert.ok(eager.stdout.length > 200_000, `only ${eager.stdout.length} bytes of output`);
    for (const workers of ['0', '1']) {
      const late = await validateIntoSlowPipe(ws, { SVCM_WORKERS: workers }, 500);
      assert.equal(late.status, eager.status);
      assert.equal(late.stdout, eager.stdout, `SVCM_WORKERS=${workers}: the output was cut`);
    }
  });

  /** The CLI (its entry and the commands' bundle) without its threads' scripts beside it; returns the entry. */
  function withoutThreads(): string {
    const dir = temp.make();
    fs.copyFileSync(CLI, path.join(dir, 'cli.js'));
    fs.copyFileSync(path.join(path.dirname(CLI), 'commands.js'), path.join(dir, 'commands.js'));
    return path.join(dir, 'cli.js');
  }

  it('parses on the main thread, with a warning, when the parsing thread cannot start', () => {
    const ws = temp.make();
    generateWorkspace(ws, { services: 20, changes: 80, seed: 9, mistakes: 0.05 });
    const alone = withoutThreads();
    const one = validate(ws, '0');
    const fallback = validate(ws, 'parse', alone);
    assert.match(
      fallback.stderr,
      /^svcm: warning: the parsing thread stopped \(.+\); the files it had not parsed were parsed on the main thread\n$/,
    );
    assert.equal(fallback.status, one.status);
    assert.equal(fallback.stdout, one.stdout);
  });

  it('reads on the main thread, with a warning, when the reading thread cannot start', () => {
    const ws = temp.make();
    generateWorkspace(ws, { services: 20, changes: 80, seed: 9, mistakes: 0.05 });
    const alone = withoutThreads();
    const one = validate(ws, '0');
    const fallback = validate(ws, '1', alone);
    assert.match(
      fallback.stderr,
      /^svcm: warning: the reading thread stopped \(.+\); the files it had not read were read on the main thread\n$/,
    );
    assert.equal(fallback.status, one.status);
    assert.equal(fallback.stdout, one.stdout);
  });
});
