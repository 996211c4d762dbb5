import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { discover, UsageError } from '../../src/node/discover';
import { loadWorkspace } from '../../src/node/loadWorkspace';
import { findRoot } from '../../src/node/workspaceRoot';
import { LARGE_FILE_PREFIX, readRecordBytes } from '../../src/node/readFile';
import { assertClean, requireBuiltCli, svcm, TempDirs, validateJson, writeTree } from './cliSupport';

const posix = process.platform !== 'win32';
const team = (name: string) => `apiVersion: svcm/v1\nkind: Team\nmetadata:\n  name: ${name}\n`;
/** A record with an error: found, it fails the run; skipped, it does not. */
const broken = (name: string) => `apiVersion: svcm/v1\nkind: Servce\nmetadata:\n  name: ${name}\n`;

describe('discovery', function () {
  this.timeout(60_000);
  const temp = new TempDirs();
  after(() => temp.cleanup());

  /**
   * A tree with everything discovery must handle. Only the files named `ok-*`
   * and `keep.gen.yaml` are to be found; all `bad-*` files hold errors.
   */
  function tree(): string {
    const root = temp.make();
    writeTree(root, {
      'ok-a.yaml': team('team-a'),
      'ok-b.md': `---\n${team('team-b')}---\n# B\n`,
      'notes.txt': broken('not-a-record-file'),
      'node_modules/pkg/bad-nm.yaml': broken('in-node-modules'),
      'deep/node_modules/bad-nm.yaml': broken('in-nested-node-modules'),
      '.git/bad-git.yaml': broken('in-dot-git'),
      '.gitignore': 'ignored/\n*.tmp.yaml\n',
      'ignored/bad-ignored.yaml': broken('ignored-folder'),
      'bad-x.tmp.yaml': broken('ignored-pattern'),
      'sub/.gitignore': '*.gen.yaml\n!keep.gen.yaml\n',
      'sub/bad-a.gen.yaml': broken('nested-ignore'),
      'sub/keep.gen.yaml': team('team-keep'),
      'sub/deeper/bad-b.gen.yaml': broken('nested-ignore-below'),
      'sub/deeper/ok-c.yml': team('team-c'),
      'other/ok-d.gen.yaml': team('team-d'),
      'upper/OK-E.YAML': team('team-e'),
      'docs/ok-f.markdown': `---\n${team('team-f')}---\n`,
    });
    if (posix) {
      // A loop (a folder linking to its parent), a dangling link, a link to a file, and a FIFO.
      fs.symlinkSync('..', path.join(root, 'sub', 'loop'));
      fs.symlinkSync('missing.yaml', path.join(root, 'dangling.yaml'));
      fs.symlinkSync('ok-a.yaml', path.join(root, 'alias.yaml'));
      execFileSync('mkfifo', [path.join(root, 'pipe.yaml')]);
    }
    return root;
  }

  const expected = [
    'docs/ok-f.markdown',
    'ok-a.yaml',
    'ok-b.md',
    'other/ok-d.gen.yaml',
    'sub/deeper/ok-c.yml',
    'sub/keep.gen.yaml',
    'upper/OK-E.YAML',
  ];

  describe('discover()', () => {
    it('finds .yaml/.yml/.md/.markdown files, skipping node_modules, .git and what .gitignore files ignore (nested too)', () => {
      const root = tree();
      const found = discover(root, root, []);
      assert.deepEqual(found.files.map((f) => f.rel).sort(), expected);
      assert.deepEqual([...found.reported].sort(), expected);
      assert.deepEqual(found.warnings, []);
    });

    it('does not follow a link loop, reads a linked file once, and skips dangling links and FIFOs', function () {
      if (!posix) this.skip();
      const root = tree();
      const found = discover(root, root, []);
      const rels = found.files.map((f) => f.rel);
      assert.ok(!rels.some((r) => r.includes('loop/')), 'walked into the loop');
      assert.ok(!rels.includes('alias.yaml'), 'the linked file is the same file as ok-a.yaml');
      assert.ok(!rels.includes('dangling.yaml') && !rels.includes('pipe.yaml'));
    });

    it('follows a link to a folder inside the tree once, and no link that leads outside it (docs/security.md)', function () {
      if (!posix) this.skip();
      const root = tree();
      const outside = temp.make();
      writeTree(outside, { 'ok-linked.yaml': team('team-linked') });
      fs.symlinkSync(outside, path.join(root, 'linked'));
      fs.symlinkSync(path.join(outside, 'ok-linked.yaml'), path.join(root, 'linked-file.yaml'));
      fs.symlinkSync('sub/deeper', path.join(root, 'inside'));
      const found = discover(root, root, []);
      const rels = found.files.map((f) => f.rel);
      assert.ok(!rels.some((r) => r.includes('linked')), `read through a link leading outside: ${rels.join(', ')}`);
      assert.deepEqual(found.skippedLinks.sort(), ['linked', 'linked-file.yaml']);
      // Inside the tree: the folder's file is found once.
      assert.equal(rels.filter((r) => r.endsWith('ok-c.yml')).length, 1);
      // A folder named as a PATH is inside the boundary, even through a link.
      assert.deepEqual([...discover(root, root, ['linked']).reported], ['linked/ok-linked.yaml']);
    });

    it('reports only the PATHs, but indexes the whole root', () => {
      const root = tree();
      const found = discover(root, root, ['sub']);
      assert.deepEqual([...found.reported].sort(), ['sub/deeper/ok-c.yml', 'sub/keep.gen.yaml']);
      assert.deepEqual(found.files.map((f) => f.rel).sort(), expected);
    });

    it('applies the root .gitignore to a PATH walk too', () => {
      const root = tree();
      writeTree(root, { 'sub/bad-y.tmp.yaml': broken('ignored-by-root-pattern') });
      assert.deepEqual([...discover(root, root, ['sub']).reported].sort(), [
        'sub/deeper/ok-c.yml',
        'sub/keep.gen.yaml',
      ]);
    });

    it('takes a PATH as asked: an ignored folder or file named explicitly is checked', () => {
      const root = tree();
      assert.deepEqual([...discover(root, root, ['ignored']).reported], ['ignored/bad-ignored.yaml']);
      assert.deepEqual([...discover(root, root, ['bad-x.tmp.yaml']).reported], ['bad-x.tmp.yaml']);
      assert.deepEqual([...discover(root, root, ['node_modules']).reported], ['node_modules/pkg/bad-nm.yaml']);
    });

    it('makes paths relative to the current folder, with /', () => {
      const root = tree();
      const cwd = path.join(root, 'sub');
      const found = discover(root, cwd, ['.']);
      assert.deepEqual([...found.reported].sort(), ['deeper/ok-c.yml', 'keep.gen.yaml']);
      assert.ok(found.files.some((f) => f.rel === '../ok-a.yaml'));
    });

    it('throws a UsageError for a PATH that cannot be read', () => {
      const root = tree();
      assert.throws(
        () => discover(root, root, ['missing']),
        (e: Error) => e instanceof UsageError && /cannot read 'missing': no such file or folder/.test(e.message),
      );
      if (posix) {
        assert.throws(
          () => discover(root, root, ['pipe.yaml']),
          (e: Error) => e instanceof UsageError && /not a regular file or folder/.test(e.message),
        );
        assert.throws(() => discover(root, root, ['dangling.yaml']), UsageError);
      }
    });
  });

  describe('reading', () => {
    it('reads at most the first 64 KiB of a file above the size limit', () => {
      const root = temp.make();
      const file = path.join(root, 'big.yaml');
      fs.writeFileSync(file, Buffer.alloc(6 * 1024 * 1024, 0x61));
      const read = readRecordBytes(file)!;
      assert.equal(read.bytes.length, LARGE_FILE_PREFIX);
      assert.equal(read.size, 6 * 1024 * 1024);
    });

    it('returns undefined for a FIFO instead of blocking on it', function () {
      if (!posix) this.skip();
      const root = temp.make();
      execFileSync('mkfifo', [path.join(root, 'pipe.yaml')]);
      assert.equal(readRecordBytes(path.join(root, 'pipe.yaml')), undefined);
    });
  });

  describe('workspace root', () => {
    it('is the nearest folder above the PATHs holding svcm.config.yaml', () => {
      const top = temp.make();
      writeTree(top, { 'ws/svcm.config.yaml': 'rules: {}\n', 'ws/a/b/ok.yaml': team('team-a') });
      assert.equal(findRoot(top, ['ws/a/b']), path.join(top, 'ws'));
      assert.equal(findRoot(top, ['ws/a/b/ok.yaml']), path.join(top, 'ws'));
      assert.equal(findRoot(path.join(top, 'ws', 'a'), []), path.join(top, 'ws'));
    });

    it("is the current folder when no config is found, or the PATHs' folder when they lie outside it", () => {
      const top = temp.make();
      writeTree(top, { 'x/ok.yaml': team('team-a'), 'y/ok.yaml': team('team-b') });
      assert.equal(findRoot(top, ['x']), top);
      assert.equal(findRoot(path.join(top, 'x'), ['../y']), path.join(top, 'y'));
    });

    it('resolves references against records outside the PATHs', () => {
      const root = temp.make();
      writeTree(root, {
        'teams.yaml': team('team-a'),
        'services/s.yaml':
          'apiVersion: svcm/v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  owner: team-a\n  phase: beta\n  tier: 3\n',
      });
      const ws = loadWorkspace({ cwd: root, paths: ['services'] });
      assert.deepEqual(ws.reported, ['services/s.yaml']);
      assert.equal(ws.index.lookup('Team', 'team-a')?.file, 'teams.yaml');
    });
  });

  describe('svcm validate over such a tree (built CLI)', () => {
    before(requireBuiltCli);

    it('finds the same files, does not hang on loops or FIFOs, and exits 0', () => {
      const root = tree();
      const { report, run } = validateJson(root, [], 0);
      assert.equal(run.stderr, '');
      assert.deepEqual(report.diagnostics, []);
      assert.deepEqual(report.summary, {
        files: expected.length,
        records: expected.length,
        errors: 0,
        warnings: 0,
        infos: 0,
      });
    });

    it('keeps the exit status of the records: 1 with an error, whatever else the tree holds', () => {
      const root = tree();
      writeTree(root, { 'bad.yaml': broken('found') });
      const run = svcm(['validate'], root);
      assertClean(run, 1);
      assert.equal(
        run.stdout,
        "bad.yaml:2:7 error unknown-kind unknown kind 'Servce': use one of Team, Service, StandardChange, Change, Release, Knowledge; did you mean 'Service'?\n",
      );
    });

    it('exits 2 for a PATH that cannot be read, even next to good ones', () => {
      const root = tree();
      const run = svcm(['validate', '.', 'nope.yaml'], root);
      assertClean(run, 2);
      assert.match(run.stderr, /cannot read 'nope\.yaml'/);
    });
  });
});
