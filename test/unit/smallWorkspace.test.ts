import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FIRST_THREAD_BYTES, isSmallWorkspace, THREAD_THRESHOLD } from '../../src/node/smallWorkspace';
import { TempDirs, writeTree } from './cliSupport';

const team = (name: string) => `apiVersion: svcm/v1\nkind: Team\nmetadata:\n  name: ${name}\n`;

/** `count` small files under `folder` of `root`. */
function files(root: string, folder: string, count: number): void {
  const dir = path.join(root, folder);
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 0; i < count; i++) fs.writeFileSync(path.join(dir, `team-${i}.yaml`), team(`team-${i}`));
}

describe('which thread svcm validate runs on (isSmallWorkspace)', function () {
  this.timeout(60_000);
  const temp = new TempDirs();
  after(() => temp.cleanup());

  it('is small below the thread threshold, and not at it', () => {
    const root = temp.make();
    files(root, 'records', THREAD_THRESHOLD - 2);
    // The folder is an entry too.
    assert.equal(isSmallWorkspace(root, []), true);
    fs.writeFileSync(path.join(root, 'one-more.yaml'), team('one-more'));
    assert.equal(isSmallWorkspace(root, []), false);
  });

  it('counts from the root, found from the PATHs, not only under them', () => {
    const root = temp.make();
    writeTree(root, { 'svcm.config.yaml': 'rules: {}\n', 'small/a.yaml': team('a') });
    files(root, 'large', THREAD_THRESHOLD);
    assert.equal(isSmallWorkspace(path.join(root, 'small'), ['.']), false);
    // Without a config the root is the current folder: the large folder beside it is not loaded.
    fs.rmSync(path.join(root, 'svcm.config.yaml'));
    assert.equal(isSmallWorkspace(path.join(root, 'small'), ['.']), true);
    // A PATH outside the root counts too.
    assert.equal(isSmallWorkspace(path.join(root, 'small'), ['../large']), false);
  });

  it('skips node_modules and .git, as discovery does', () => {
    const root = temp.make();
    files(root, 'node_modules/some-package', THREAD_THRESHOLD);
    files(root, '.git/objects', THREAD_THRESHOLD);
    writeTree(root, { 'teams.yaml': team('a') });
    assert.equal(isSmallWorkspace(root, []), true);
  });

  it('is not small with as many bytes as the first thread takes, in few files', () => {
    const root = temp.make();
    fs.writeFileSync(path.join(root, 'big.yaml'), Buffer.alloc(FIRST_THREAD_BYTES - 1, 0x20));
    assert.equal(isSmallWorkspace(root, []), true);
    fs.writeFileSync(path.join(root, 'more.yaml'), team('more'));
    assert.equal(isSmallWorkspace(root, []), false);
  });

  it('answers for a PATH that does not exist (the run reports it)', () => {
    const root = temp.make();
    assert.equal(isSmallWorkspace(root, ['missing.yaml']), true);
  });
});
