import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { GitError, isGitError, type ChangedFiles } from '../../../src/core/git/port';
import { NodeGit, type NodeGitOptions } from '../../../src/node/git';
import { TempDirs, writeTree } from '../cliSupport';
import { commit, git, GIT_ENV, initRepo, remove, sha } from './repo';

const UNICODE = 'src/payments/caf\u00e9 \u{1F680}/n\u00e4me with spaces.ts';

function port(folder: string, options: NodeGitOptions = {}): NodeGit {
  return new NodeGit(folder, { env: GIT_ENV, ...options });
}

async function rejectsWith(promise: Promise<unknown>, code: GitError['code'], message?: RegExp): Promise<GitError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(isGitError(error), `expected a GitError, got ${String(error)}`);
    assert.equal(error.code, code, error.message);
    if (message) assert.match(error.message, message);
    return error;
  }
  assert.fail(`expected a GitError ${code}`);
}

describe('NodeGit (real git in temporary repositories)', function () {
  this.timeout(60_000);
  const temp = new TempDirs();
  after(() => temp.cleanup());

  describe('outside a repository', () => {
    it('says isRepository false, and every other method rejects with not-a-repository', async () => {
      const dir = temp.make('svcm-git-none-');
      const g = port(dir);
      assert.equal(await g.isRepository(), false);
      await rejectsWith(g.changedFiles(), 'not-a-repository', /is not in a git work tree/);
      await rejectsWith(g.currentBranch(), 'not-a-repository');
      await rejectsWith(g.root(), 'not-a-repository');
    });

    it('says isRepository false inside .git', async () => {
      const repo = initRepo(path.join(temp.make(), 'r'));
      assert.equal(await port(path.join(repo, '.git')).isRepository(), false);
    });

    it('rejects with not-installed, "git is not installed or not on PATH", when git cannot be found', async () => {
      const dir = temp.make();
      const emptyBin = temp.make('svcm-nobin-');
      const error = await rejectsWith(
        port(dir, { env: { ...GIT_ENV, PATH: emptyBin } }).isRepository(),
        'not-installed',
      );
      assert.match(error.message, /^git is not installed or not on PATH/);
      await rejectsWith(
        port(dir, { gitPath: path.join(emptyBin, 'git') }).changedFiles(),
        'not-installed',
        /cannot be run/,
      );
    });

    it('tells a missing folder apart from a missing git', async () => {
      await rejectsWith(port(path.join(temp.make(), 'gone')).isRepository(), 'failed', /does not exist/);
    });
  });

  describe('a repository without commits', () => {
    it('has no HEAD, is on its unborn branch, and lists its files as uncommitted changes with one note', async () => {
      const repo = initRepo(path.join(temp.make(), 'fresh'));
      writeTree(repo, { 'a.txt': 'a', 'dir/b.txt': 'b' });
      git(repo, 'add', 'a.txt');
      const g = port(repo);
      assert.equal(await g.isRepository(), true);
      assert.equal(await g.head(), undefined);
      assert.equal(await g.currentBranch(), 'main');
      assert.equal(await g.defaultBranch(), undefined);
      assert.deepEqual(await g.commits('HEAD'), []);
      assert.deepEqual(await g.changedFiles(), {
        base: undefined,
        baseRef: undefined,
        baseKind: 'none',
        files: ['a.txt', 'dir/b.txt'],
        notes: ['HEAD has no commits yet: only uncommitted changes are listed'],
      });
    });
  });

  describe('a feature branch', () => {
    let repo: string;
    let forkPoint: string;
    let first: string;

    before(() => {
      repo = initRepo(path.join(temp.make('svcm-git-feature-'), 'repo'));
      first = commit(repo, 'init', {
        'README.md': 'r',
        'src/payments/old name.ts': 'p\n'.repeat(20),
        'src/checkout/cart.ts': 'c',
        'src/ledger/gone.ts': 'g',
        'src/ledger/post.ts': 'l',
      });
      forkPoint = commit(repo, 'second', { 'docs/guide.md': 'g' });
      git(repo, 'checkout', '-q', '-b', 'feature');
      // Committed on the branch: a rename into a folder with spaces and unicode, and a change.
      fs.mkdirSync(path.join(repo, path.dirname(UNICODE)), { recursive: true });
      git(repo, 'mv', 'src/payments/old name.ts', UNICODE);
      commit(repo, 'Move the handler', { 'src/checkout/cart.ts': 'c2' });
      // Main moves on after the fork: its files are not the branch's changes.
      git(repo, 'checkout', '-q', 'main');
      commit(repo, 'main moves on', { 'src/ledger/main-only.ts': 'm' });
      git(repo, 'checkout', '-q', 'feature');
      // Uncommitted: staged, unstaged, deleted, and untracked in a new folder.
      writeTree(repo, { 'src/ledger/post.ts': 'staged' });
      git(repo, 'add', 'src/ledger/post.ts');
      writeTree(repo, {
        'README.md': 'unstaged',
        'src/new dir/untracked.ts': 'u',
        'ignored.log': 'i',
        '.gitignore': '*.log\n',
      });
      remove(repo, 'src/ledger/gone.ts');
    });

    const FILES = [
      '.gitignore',
      'README.md',
      'src/checkout/cart.ts',
      'src/ledger/gone.ts',
      'src/ledger/post.ts',
      'src/new dir/untracked.ts',
      UNICODE,
      'src/payments/old name.ts',
    ].sort();

    it('lists committed (both sides of a rename), staged, unstaged, deleted and untracked files since the merge base with the default branch', async () => {
      const changed = await port(repo).changedFiles();
      assert.deepEqual(changed, {
        base: forkPoint,
        baseRef: 'main',
        baseKind: 'merge-base',
        files: FILES,
        notes: [],
      } satisfies ChangedFiles);
    });

    it('takes an explicit base ref the same way (merge base), a sha that is an ancestor as itself, HEAD for uncommitted changes only', async () => {
      const g = port(repo);
      assert.deepEqual((await g.changedFiles('main')).files, FILES);
      const fromFirst = await g.changedFiles(first);
      assert.equal(fromFirst.base, first);
      assert.deepEqual(fromFirst.files, [...FILES, 'docs/guide.md'].sort());
      const uncommitted = await g.changedFiles('HEAD');
      assert.equal(uncommitted.base, sha(repo));
      assert.deepEqual(uncommitted.files, [
        '.gitignore',
        'README.md',
        'src/ledger/gone.ts',
        'src/ledger/post.ts',
        'src/new dir/untracked.ts',
      ]);
    });

    it('rejects an unknown base ref, and one that git would read as an option', async () => {
      const g = port(repo);
      await rejectsWith(g.changedFiles('no-such-branch'), 'unknown-ref', /unknown git ref 'no-such-branch'/);
      await rejectsWith(g.changedFiles('--output=/tmp/x'), 'unknown-ref');
      await rejectsWith(g.mergeBase('main', 'nope'), 'unknown-ref');
    });

    it('knows the branch, HEAD, the default branch and the merge base; a configured default branch wins', async () => {
      const g = port(repo);
      assert.equal(await g.currentBranch(), 'feature');
      assert.equal(await g.head(), sha(repo));
      assert.equal(await g.defaultBranch(), 'main');
      assert.equal(await g.mergeBase('main', 'HEAD'), forkPoint);
      assert.equal(await g.isShallow(), false);
      assert.equal(await g.root(), repo);
      assert.equal(await port(repo, { defaultBranch: ' feature ' }).defaultBranch(), 'feature');
      assert.deepEqual((await port(repo, { defaultBranch: 'feature' }).changedFiles()).files, [
        '.gitignore',
        'README.md',
        'src/ledger/gone.ts',
        'src/ledger/post.ts',
        'src/new dir/untracked.ts',
      ]);
    });

    it('lists the commits of a range, newest first, with parents, subject and body', async () => {
      const commits = await port(repo).commits('main..HEAD');
      assert.equal(commits.length, 1);
      assert.deepEqual(commits[0], {
        sha: sha(repo),
        shortSha: sha(repo).slice(0, 7),
        parents: [forkPoint],
        author: 'A U Thor',
        authorEmail: 'author@example.com',
        date: '2026-11-26T10:00:00+01:00',
        subject: 'Move the handler',
        body: '',
      });
      await rejectsWith(port(repo).commits('nope..HEAD'), 'unknown-ref');
    });

    it('works the same in a detached HEAD, where there is no current branch', async () => {
      const detached = path.join(temp.make(), 'detached');
      git(repo, 'worktree', 'add', '-q', '--detach', detached, 'feature');
      const g = port(detached);
      assert.equal(await g.currentBranch(), undefined);
      assert.equal(await g.head(), sha(repo));
      assert.deepEqual(await g.changedFiles(), {
        base: forkPoint,
        baseRef: 'main',
        baseKind: 'merge-base',
        files: ['src/checkout/cart.ts', UNICODE, 'src/payments/old name.ts'].sort(),
        notes: [],
      });
    });
  });

  describe('commit messages', () => {
    it('reads merges (two parents), CRLF messages kept verbatim, trailers and empty bodies', async () => {
      const repo = initRepo(path.join(temp.make(), 'log'));
      const root = commit(repo, 'root');
      git(repo, 'checkout', '-q', '-b', 'topic');
      writeTree(repo, { 't.txt': 't' });
      git(repo, 'add', '-A');
      git(
        repo,
        'commit',
        '-q',
        '--cleanup=verbatim',
        '-m',
        'CRLF subject\r\n\r\nline one\r\nline two\r\n\r\nRefs: CHG-2026-0042\r\n',
      );
      const topic = sha(repo);
      git(repo, 'checkout', '-q', 'main');
      const side = commit(repo, 'side', { 's.txt': 's' });
      git(repo, 'merge', '-q', '--no-ff', '-m', 'Merge topic', 'topic');
      const commits = await port(repo).commits(`${root}..HEAD`);
      const bySubject = new Map(commits.map((c) => [c.subject, c]));
      assert.deepEqual([...bySubject.keys()].sort(), ['CRLF subject', 'Merge topic', 'side']);
      assert.deepEqual(bySubject.get('Merge topic')!.parents, [side, topic]);
      assert.equal(bySubject.get('CRLF subject')!.body, 'line one\nline two\n\nRefs: CHG-2026-0042');
      assert.equal(bySubject.get('side')!.body, '');
      assert.equal(commits[0].subject, 'Merge topic');
    });
  });

  describe('the default branch', () => {
    it('is where origin/HEAD points in a clone', async () => {
      const origin = initRepo(path.join(temp.make(), 'origin'));
      commit(origin, 'one', { 'a.txt': 'a' });
      const clone = path.join(temp.make(), 'clone');
      git(temp.make(), 'clone', '-q', origin, clone);
      git(clone, 'checkout', '-q', '-b', 'work');
      assert.equal(await port(clone).defaultBranch(), 'origin/main');
    });

    it('is master when there is no main, and undefined (with a note, uncommitted changes only) when there is neither', async () => {
      const repo = initRepo(path.join(temp.make(), 'master'));
      commit(repo, 'one', { 'a.txt': 'a' });
      git(repo, 'branch', '-m', 'master');
      assert.equal(await port(repo).defaultBranch(), 'master');
      git(repo, 'branch', '-m', 'trunk');
      writeTree(repo, { 'a.txt': 'changed' });
      const g = port(repo);
      assert.equal(await g.defaultBranch(), undefined);
      assert.deepEqual(await g.changedFiles(), {
        base: undefined,
        baseRef: undefined,
        baseKind: 'none',
        files: ['a.txt'],
        notes: ['no default branch found (origin/HEAD, main or master): only uncommitted changes are listed'],
      });
    });

    it('falls back to the tip when HEAD and the default branch share no history', async () => {
      const repo = initRepo(path.join(temp.make(), 'orphan'));
      commit(repo, 'one', { 'a.txt': 'a' });
      git(repo, 'checkout', '-q', '--orphan', 'other');
      git(repo, 'rm', '-q', '-r', '--cached', '.');
      fs.rmSync(path.join(repo, 'a.txt'));
      commit(repo, 'unrelated', { 'b.txt': 'b' });
      const g = port(repo);
      assert.equal(await g.mergeBase('main', 'HEAD'), undefined);
      const changed = await g.changedFiles();
      assert.equal(changed.base, sha(repo, 'main'));
      assert.equal(changed.baseKind, 'tip');
      assert.deepEqual(changed.files, ['a.txt', 'b.txt']);
      assert.deepEqual(changed.notes, [
        "HEAD and 'main' have no common history: compared with the tip of 'main' instead, which also lists the files changed there",
      ]);
    });
  });

  describe('a workspace folder inside the repository', () => {
    it('gives paths relative to the folder and leaves out files outside it; several folders each see their own', async () => {
      const repo = initRepo(path.join(temp.make(), 'mono'));
      commit(repo, 'init', { 'ops/svc/a.ts': 'a', 'ops/moved.ts': 'm', 'web/w.ts': 'w', 'README.md': 'r' });
      git(repo, 'checkout', '-q', '-b', 'feature');
      git(repo, 'mv', 'ops/moved.ts', 'web/moved.ts');
      commit(repo, 'move across folders', { 'ops/svc/a.ts': 'a2', 'web/w.ts': 'w2' });
      writeTree(repo, { 'README.md': 'r2', 'ops/svc/new \u00e9.ts': 'n', 'web/untracked.ts': 'u' });
      const ops = port(path.join(repo, 'ops'));
      const web = port(path.join(repo, 'web'));
      assert.deepEqual((await ops.changedFiles()).files, ['moved.ts', 'svc/a.ts', 'svc/new \u00e9.ts']);
      assert.deepEqual((await web.changedFiles()).files, ['moved.ts', 'untracked.ts', 'w.ts']);
      assert.equal(await ops.root(), repo);
      assert.deepEqual((await port(repo).changedFiles()).files, [
        'README.md',
        'ops/moved.ts',
        'ops/svc/a.ts',
        'ops/svc/new \u00e9.ts',
        'web/moved.ts',
        'web/untracked.ts',
        'web/w.ts',
      ]);
    });
  });

  describe('shallow clones', () => {
    let origin: string;
    before(() => {
      // main: one -> two; feature forks from one: f.
      origin = initRepo(path.join(temp.make('svcm-git-shallow-'), 'origin'));
      commit(origin, 'one', { 'a.txt': 'a' });
      git(origin, 'checkout', '-q', '-b', 'feature');
      commit(origin, 'f', { 'f.txt': 'f' });
      git(origin, 'checkout', '-q', 'main');
      commit(origin, 'two', { 'b.txt': 'b' });
    });

    function clone(...args: string[]): string {
      const dir = path.join(temp.make(), 'clone');
      git(path.dirname(dir), 'clone', '-q', '--depth', '1', ...args, `file://${origin}`, dir);
      return dir;
    }

    it('uses the merge base when the shallow history reaches it', async () => {
      const dir = clone();
      git(dir, 'checkout', '-q', '-b', 'work');
      commit(dir, 'local', { 'c.txt': 'c' });
      const g = port(dir);
      assert.equal(await g.isShallow(), true);
      assert.deepEqual(await g.changedFiles(), {
        base: sha(dir, 'origin/main'),
        baseRef: 'origin/main',
        baseKind: 'merge-base',
        files: ['c.txt'],
        notes: [],
      });
    });

    it('compares with the default branch tip, and says so, when the merge base was not fetched', async () => {
      const dir = clone('--no-single-branch', '--branch', 'feature');
      const g = port(dir);
      const changed = await g.changedFiles();
      assert.equal(changed.base, sha(origin, 'main'));
      assert.equal(changed.baseKind, 'tip');
      // b.txt changed on main, not on the branch: the price of the fallback, which the note owns up to.
      assert.deepEqual(changed.files, ['b.txt', 'f.txt']);
      assert.deepEqual(changed.notes, [
        "the shallow history does not reach the merge base of HEAD and 'origin/main': compared with the tip of 'origin/main' instead, which also lists the files changed there; this is a shallow clone: fetch the full history (in GitHub Actions, actions/checkout with fetch-depth: 0)",
      ]);
    });

    it('lists uncommitted changes only, and says so, when the default branch was not fetched; a named base that was not fetched is an unknown ref with the fix', async () => {
      const dir = clone('--branch', 'feature');
      writeTree(dir, { 'f.txt': 'changed' });
      const g = port(dir);
      assert.equal(await g.defaultBranch(), undefined);
      const changed = await g.changedFiles();
      assert.deepEqual(changed, {
        base: undefined,
        baseRef: undefined,
        baseKind: 'none',
        files: ['f.txt'],
        notes: [
          'no default branch found (origin/HEAD, main or master): only uncommitted changes are listed; this is a shallow clone: fetch the full history (in GitHub Actions, actions/checkout with fetch-depth: 0)',
        ],
      });
      await rejectsWith(
        g.changedFiles('origin/main'),
        'unknown-ref',
        /unknown git ref 'origin\/main'.*shallow clone.*fetch-depth: 0/,
      );
    });
  });
});
