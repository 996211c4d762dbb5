// `svcm affected`, run as users run it: the built dist/cli.js in real git repositories.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import { change } from './builders';
import { assertClean, CLI, requireBuiltCli, TempDirs, writeTree, type CliRun } from './cliSupport';
import { commit, git, GIT_ENV, initRepo, sha } from './git/repo';
import { lines } from './helpers';

const NEW_FILE = 'src/checkout/\u00fc x/new file.ts';

/** A small catalogue: storefront -> checkout -> payments-api; ledger alone; one open change (payments-api), one closed (ledger). */
const WORKSPACE: Record<string, string> = {
  'service-management/teams.yaml': lines('apiVersion: svcm/v1', 'kind: Team', 'metadata: { name: team-a }', 'spec: {}'),
  'service-management/services.yaml': lines(
    'apiVersion: svcm/v1',
    'kind: Service',
    'metadata: { name: payments-api }',
    'spec: { owner: team-a, phase: beta, tier: 1, code: ["src/payments/**"] }',
    '---',
    'apiVersion: svcm/v1',
    'kind: Service',
    'metadata: { name: checkout }',
    'spec: { owner: team-a, phase: beta, tier: 2, code: ["src/checkout/**"], dependsOn: [payments-api] }',
    '---',
    'apiVersion: svcm/v1',
    'kind: Service',
    'metadata: { name: storefront }',
    'spec: { owner: team-a, phase: beta, tier: 3, code: ["web/**"], dependsOn: [checkout] }',
    '---',
    'apiVersion: svcm/v1',
    'kind: Service',
    'metadata: { name: ledger }',
    'spec: { owner: team-a, phase: beta, tier: 3, code: ["src/ledger/**"] }',
  ),
  'service-management/changes/CHG-2026-0001.yaml': change('CHG-2026-0001', {
    services: ['payments-api'],
    status: 'submitted',
  }),
  'service-management/changes/CHG-2026-0002.yaml': change('CHG-2026-0002', { services: ['ledger'], status: 'closed' }),
  'src/payments/handler.ts': 'export const pay = 1;\n',
  'src/checkout/cart.ts': 'export const cart = 1;\n',
  'src/ledger/post.ts': 'export const post = 1;\n',
  'README.md': '# shop\n',
};

/** `node dist/cli.js affected ...args` in `cwd`, with git's test environment (or `env`). */
function affected(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv = GIT_ENV): CliRun {
  // process.execPath, not `node` on PATH: some tests run with a PATH that holds no git (and so no node either).
  const result = spawnSync(process.execPath, [CLI, 'affected', ...args], {
    cwd,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  if (result.error) throw result.error;
  return { status: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr };
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

describe('svcm affected (built CLI, real git)', function () {
  this.timeout(120_000);
  const temp = new TempDirs();
  let repo: string;
  let forkPoint: string;

  before(requireBuiltCli);
  beforeEach(() => {
    // main: the workspace, then a later commit on main; feature: a committed change to payments,
    // then uncommitted changes to ledger (staged), README (unstaged) and a new checkout file (untracked).
    repo = initRepo(path.join(temp.make('svcm-affected-'), 'shop'));
    forkPoint = commit(repo, 'catalogue', WORKSPACE);
    git(repo, 'checkout', '-q', '-b', 'feature');
    commit(repo, 'Pay faster', { 'src/payments/handler.ts': 'export const pay = 2;\n' });
    git(repo, 'checkout', '-q', 'main');
    commit(repo, 'main moves on', { 'web/index.html': '<p>' });
    git(repo, 'checkout', '-q', 'feature');
    writeTree(repo, { 'src/ledger/post.ts': 'export const post = 2;\n' });
    git(repo, 'add', 'src/ledger/post.ts');
    writeTree(repo, { 'README.md': '# shop!\n', [NEW_FILE]: 'export {};\n' });
  });
  after(() => temp.cleanup());

  const expected = () => ({
    version: 1,
    base: forkPoint,
    services: [
      { name: 'checkout', files: [NEW_FILE], openChanges: [], dependents: ['storefront'] },
      { name: 'ledger', files: ['src/ledger/post.ts'], openChanges: [], dependents: [] },
      {
        name: 'payments-api',
        files: ['src/payments/handler.ts'],
        openChanges: ['CHG-2026-0001'],
        dependents: ['checkout', 'storefront'],
      },
    ],
    unowned: ['README.md'],
  });

  it('--format json is exactly the docs/cli.md report, against the merge base with the default branch', () => {
    const run = affected(['--format', 'json'], repo);
    assertClean(run, 0);
    assert.equal(run.stdout, json(expected()));
    assert.equal(run.stderr, '');
  });

  it('text lists each service with its files, open changes or "no open change", dependents, then unowned files', () => {
    const run = affected([], repo);
    assertClean(run, 0);
    assert.equal(
      run.stdout,
      lines(
        `Changes since ${forkPoint.slice(0, 12)} (the merge base of HEAD and main), plus uncommitted changes:`,
        '',
        'checkout (1 file)',
        `  ${NEW_FILE}`,
        '  no open change',
        '  dependents: storefront',
        '',
        'ledger (1 file)',
        '  src/ledger/post.ts',
        '  no open change',
        '  dependents: none',
        '',
        'payments-api (1 file)',
        '  src/payments/handler.ts',
        '  open changes: CHG-2026-0001',
        '  dependents: checkout, storefront',
        '',
        "Unowned files (1), matched by no service's code globs:",
        '  README.md',
      ),
    );
  });

  it('--require-change exits 1 and names the services without an open change; the report is still printed', () => {
    const run = affected(['--require-change', '--format', 'json'], repo);
    assertClean(run, 1);
    assert.equal(run.stdout, json(expected()));
    assert.equal(
      run.stderr,
      "svcm: no open change record names the services checkout, ledger: raise a change for them, or add them to an open change's spec.services\n",
    );
  });

  it('--require-change exits 0 once an open change (even an uncommitted one) names every touched service', () => {
    writeTree(repo, {
      'service-management/changes/CHG-2026-0003.yaml': change('CHG-2026-0003', {
        services: ['checkout', 'ledger'],
        status: 'draft',
      }),
    });
    const run = affected(['--require-change', '--format', 'json'], repo);
    assertClean(run, 0);
    const report = JSON.parse(run.stdout) as ReturnType<typeof expected>;
    assert.deepEqual(
      report.services.map((s) => [s.name, s.openChanges]),
      [
        ['checkout', ['CHG-2026-0003']],
        ['ledger', ['CHG-2026-0003']],
        ['payments-api', ['CHG-2026-0001']],
      ],
    );
    assert.deepEqual(report.unowned, ['README.md', 'service-management/changes/CHG-2026-0003.yaml']);
  });

  it('--base REF compares with the merge base of HEAD and REF; --base HEAD lists only uncommitted changes', () => {
    const run = affected(['--base', 'main', '--format', 'json'], repo);
    assertClean(run, 0);
    assert.equal(run.stdout, json(expected()));
    const head = affected(['--base', 'HEAD', '--format', 'json', '--require-change'], repo);
    assertClean(head, 1);
    assert.equal(
      head.stdout,
      json({
        version: 1,
        base: sha(repo),
        services: [
          { name: 'checkout', files: [NEW_FILE], openChanges: [], dependents: ['storefront'] },
          { name: 'ledger', files: ['src/ledger/post.ts'], openChanges: [], dependents: [] },
        ],
        unowned: ['README.md'],
      }),
    );
  });

  it('works the same in a detached HEAD', () => {
    git(repo, 'checkout', '-q', '--detach');
    const run = affected(['--format', 'json'], repo);
    assertClean(run, 0);
    assert.equal(run.stdout, json(expected()));
  });

  it('says so when nothing changed', () => {
    git(repo, 'stash', '-q', '--include-untracked');
    git(repo, 'checkout', '-q', 'main');
    const run = affected([], repo);
    assertClean(run, 0);
    assert.equal(
      run.stdout,
      lines(
        `Changes since ${sha(repo).slice(0, 12)} (the merge base of HEAD and main), plus uncommitted changes:`,
        '',
        'No changed files.',
      ),
    );
    assert.equal(
      affected(['--format', 'json', '--require-change'], repo).stdout,
      json({ version: 1, base: sha(repo), services: [], unowned: [] }),
    );
  });

  it('gives paths relative to the workspace root (svcm.config.yaml) when it is a subfolder of the repository, from any folder below it', () => {
    const mono = initRepo(path.join(temp.make(), 'mono'));
    const inner: Record<string, string> = { 'platform/svcm.config.yaml': 'rules: {}\n', 'README.md': 'r' };
    for (const [file, text] of Object.entries(WORKSPACE)) inner[`platform/${file}`] = text;
    const base = commit(mono, 'init', inner);
    git(mono, 'checkout', '-q', '-b', 'feature');
    writeTree(mono, { 'platform/src/payments/handler.ts': 'changed', 'README.md': 'outside the workspace' });
    const run = affected(['--format', 'json'], path.join(mono, 'platform', 'service-management'));
    assertClean(run, 0);
    assert.equal(
      run.stdout,
      json({
        version: 1,
        base,
        services: [
          {
            name: 'payments-api',
            files: ['src/payments/handler.ts'],
            openChanges: ['CHG-2026-0001'],
            dependents: ['checkout', 'storefront'],
          },
        ],
        unowned: [],
      }),
    );
  });

  describe('in a shallow clone (git clone --depth 1)', () => {
    let origin: string;
    beforeEach(() => {
      origin = repo;
      git(origin, 'stash', '-q', '--include-untracked');
      // A clone's origin/HEAD is the origin's HEAD: main, as on a real server.
      git(origin, 'checkout', '-q', 'main');
    });

    it('uses the merge base when the clone holds it', () => {
      const clone = path.join(temp.make(), 'clone');
      git(temp.make(), 'clone', '-q', '--depth', '1', `file://${origin}`, clone, '--branch', 'main');
      git(clone, 'checkout', '-q', '-b', 'work');
      writeTree(clone, { 'src/ledger/post.ts': 'x' });
      const run = affected(['--format', 'json', '--require-change'], clone);
      assertClean(run, 1);
      assert.equal(
        run.stdout,
        json({
          version: 1,
          base: sha(clone),
          services: [{ name: 'ledger', files: ['src/ledger/post.ts'], openChanges: [], dependents: [] }],
          unowned: [],
        }),
      );
    });

    it('compares with the default branch tip and warns when the merge base was not fetched', () => {
      const clone = path.join(temp.make(), 'clone');
      git(
        temp.make(),
        'clone',
        '-q',
        '--depth',
        '1',
        '--no-single-branch',
        '--branch',
        'feature',
        `file://${origin}`,
        clone,
      );
      const run = affected(['--format', 'json'], clone);
      assertClean(run, 0);
      const report = JSON.parse(run.stdout) as {
        base: string;
        services: { name: string; files: string[] }[];
        unowned: string[];
      };
      assert.equal(report.base, sha(origin, 'main'));
      // web/index.html changed on main only: listed because the tip stands in for the merge base.
      assert.deepEqual(
        report.services.map((s) => [s.name, s.files]),
        [
          ['payments-api', ['src/payments/handler.ts']],
          ['storefront', ['web/index.html']],
        ],
      );
      assert.equal(
        run.stderr,
        "svcm: warning: the shallow history does not reach the merge base of HEAD and 'origin/main': compared with the tip of 'origin/main' instead, which also lists the files changed there; this is a shallow clone: fetch the full history (in GitHub Actions, actions/checkout with fetch-depth: 0)\n",
      );
    });

    it('exits 2 for a --base that the clone did not fetch, with the fix', () => {
      const clone = path.join(temp.make(), 'clone');
      git(temp.make(), 'clone', '-q', '--depth', '1', '--branch', 'feature', `file://${origin}`, clone);
      const run = affected(['--base', 'origin/main'], clone);
      assertClean(run, 2);
      assert.equal(run.stdout, '');
      assert.equal(
        run.stderr,
        "svcm: unknown git ref 'origin/main': it names no commit here; this is a shallow clone: fetch the full history (in GitHub Actions, actions/checkout with fetch-depth: 0)\n",
      );
    });
  });

  describe('exit status 2', () => {
    it('for an unknown --base', () => {
      const run = affected(['--base', 'no-such-ref'], repo);
      assertClean(run, 2);
      assert.equal(run.stderr, "svcm: unknown git ref 'no-such-ref': it names no commit here\n");
    });

    it('for a folder that is not in a git repository', () => {
      const dir = temp.make('svcm-nogit-');
      writeTree(dir, WORKSPACE);
      const run = affected([], dir);
      assertClean(run, 2);
      assert.equal(run.stdout, '');
      assert.equal(
        run.stderr,
        `svcm: '${dir}' is not in a git work tree: svcm affected lists the services that git changes touch\n`,
      );
    });

    it('when git is not installed (PATH without git)', () => {
      const run = affected([], repo, { ...GIT_ENV, PATH: temp.make('svcm-nobin-') });
      assertClean(run, 2);
      assert.equal(run.stdout, '');
      assert.equal(
        run.stderr,
        'svcm: git is not installed or not on PATH: install git (https://git-scm.com) and try again\n',
      );
    });

    for (const [args, message] of [
      [['--format', 'sarif'], /unknown format 'sarif' for svcm affected: use text or json/],
      [['src'], /svcm affected takes no arguments, not 'src'/],
      [['--base', ''], /--base needs a git ref/],
      [['--base'], /argument missing|--base/],
      [['--out', 'x'], /--out applies to svcm schema, not affected/],
    ] as [string[], RegExp][]) {
      it(`for the usage error: svcm affected ${args.join(' ')}`, () => {
        const run = affected(args, repo);
        assertClean(run, 2);
        assert.equal(run.stdout, '');
        assert.match(run.stderr, message);
      });
    }

    it('for --base or --require-change given to another command', () => {
      for (const args of [
        ['validate', '--base', 'main'],
        ['schema', '--require-change'],
      ]) {
        const result = spawnSync(process.execPath, [CLI, ...args], { cwd: repo, env: GIT_ENV, encoding: 'utf8' });
        assert.equal(result.status, 2, args.join(' '));
        assert.match(result.stderr, /applies to svcm affected/);
      }
    });
  });
});
