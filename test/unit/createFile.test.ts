import * as assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CreateFailed, createFileExclusive } from '../../src/node/createFile';
import { REPO, TempDirs } from './cliSupport';

// Writes that fail (docs/security.md): a clear message, nothing half-written, nothing overwritten.
const RECORD = 'apiVersion: svcm/v1\nkind: Team\nmetadata:\n  name: team\n';
const isRoot = process.getuid?.() === 0;

/** Mounts a tmpfs (root only, where the kernel lets us); undefined when it cannot. */
function mountTmpfs(dir: string, options: string): boolean {
  if (!isRoot || process.platform !== 'linux') return false;
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('creating a record file when the write fails', function () {
  this.timeout(30_000);
  const temp = new TempDirs();
  const mounted: string[] = [];
  after(() => {
    for (const dir of mounted) execFileSync('umount', [dir]);
    temp.cleanup();
  });

  it('never overwrites: a file that exists, or that another writer creates first, is kept as it is', async () => {
    const dir = temp.make();
    const file = path.join(dir, 'CHG-2026-0001.yaml');
    fs.writeFileSync(file, 'theirs\n');
    assert.equal(await createFileExclusive(file, RECORD), false);
    assert.equal(fs.readFileSync(file, 'utf8'), 'theirs\n');
    // Twenty writers at once for one name: one wins, whole; the others are told it exists.
    const race = path.join(dir, 'race', 'CHG-2026-0002.yaml');
    const texts = Array.from({ length: 20 }, (_, i) => `${RECORD}# writer ${i}\n${'x'.repeat(100_000)}\n`);
    const results = await Promise.all(texts.map((t) => createFileExclusive(race, t)));
    assert.equal(results.filter(Boolean).length, 1);
    assert.equal(fs.readFileSync(race, 'utf8'), texts[results.indexOf(true)]);
    // A dangling link in the way is not written through.
    const link = path.join(dir, 'link.yaml');
    fs.symlinkSync(path.join(dir, 'elsewhere.yaml'), link);
    assert.equal(await createFileExclusive(link, RECORD), false);
    assert.ok(!fs.existsSync(path.join(dir, 'elsewhere.yaml')));
  });

  it('a read-only folder: a clear message and no file', async function () {
    const dir = temp.make();
    const ro = path.join(dir, 'ro');
    fs.mkdirSync(ro);
    if (mountTmpfs(ro, 'ro,size=64k')) mounted.push(ro);
    else if (isRoot)
      this.skip(); // root writes through mode bits, and no read-only mount could be made
    else fs.chmodSync(ro, 0o555);
    const file = path.join(ro, 'changes', 'CHG-2026-0001.yaml');
    await assert.rejects(
      createFileExclusive(file, RECORD, 'changes/CHG-2026-0001.yaml'),
      (e: Error) =>
        e instanceof CreateFailed &&
        /^cannot create the folder for changes\/CHG-2026-0001\.yaml: (the file system is read-only|permission denied: the folder is not writable for you)$/.test(
          e.message,
        ),
    );
    assert.ok(!fs.existsSync(file));
  });

  it('a full disk (a small tmpfs): a clear message and nothing half-written', async function () {
    const dir = path.join(temp.make(), 'full');
    fs.mkdirSync(dir);
    if (!mountTmpfs(dir, 'size=64k')) this.skip(); // the file-size limit below covers the same path
    mounted.push(dir);
    const file = path.join(dir, 'big.yaml');
    await assert.rejects(
      createFileExclusive(file, `${RECORD}# ${'x'.repeat(1024 * 1024)}\n`, 'big.yaml'),
      (e: Error) =>
        e instanceof CreateFailed && /^cannot write big\.yaml; nothing was kept: the disk is full/.test(e.message),
    );
    assert.deepEqual(fs.readdirSync(dir), [], 'a half-written file was left');
  });

  it('over a file-size limit (RLIMIT_FSIZE in a child): a clear message and nothing half-written', function () {
    if (process.platform === 'win32') this.skip();
    const dir = temp.make();
    const file = path.join(dir, 'big.yaml');
    const script = `require(${JSON.stringify(path.join(REPO, 'src/node/createFile.ts'))})
      .createFileExclusive(${JSON.stringify(file)}, 'x'.repeat(200000), 'big.yaml')
      .then(() => console.log('written'), (e) => console.log(e.name + ': ' + e.message));`;
    // ulimit -f counts 512- or 1024-byte blocks: 16 is far below 200,000 bytes either way.
    const run = spawnSync('bash', ['-c', `ulimit -f 16 && exec "$0" -r tsx/cjs -e "$1"`, process.execPath, script], {
      cwd: REPO,
      encoding: 'utf8',
    });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(
      run.stdout.trim(),
      'CreateFailed: cannot write big.yaml; nothing was kept: the file would exceed the largest file size allowed here',
    );
    assert.ok(!fs.existsSync(file), 'a half-written file was left');
  });
});
