// What a team installs: the npm package (the CLI for CI), the pre-commit hook and
// the GitHub Action, each run as users run them, from the packed tarball, offline.
import * as assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { change, service, team } from './builders';
import { REPO, requireBuiltCli, TempDirs, writeTree } from './cliSupport';
import { commit, GIT_ENV, initRepo } from './git/repo';

/** What the tarball holds: the CLI's entry, commands and server bundles, its reading thread, the JSON Schemas, README, LICENSE, package.json. */
const SHIPPED = [
  'LICENSE',
  'README.md',
  'dist/cli.js',
  'dist/commands.js',
  'dist/lsp.js',
  'dist/reader.js',
  'package.json',
  'schemas/change.schema.json',
  'schemas/knowledge.schema.json',
  'schemas/release.schema.json',
  'schemas/service.schema.json',
  'schemas/standard-change.schema.json',
  'schemas/svcm.schema.json',
  'schemas/team.schema.json',
];

/** A workspace with one mistake: a change names a service that does not exist. */
const RECORDS = {
  'service-management/teams.yaml': team('payments'),
  'service-management/services/pay.yaml': service('pay', { owner: 'payments', code: ['src/pay/**'] }),
  'service-management/changes/CHG-2026-0001.yaml': change('CHG-2026-0001', { services: ['pay', 'paymnts'] }),
  'src/pay/handler.ts': 'export {};\n',
};
const FIXED = { 'service-management/changes/CHG-2026-0001.yaml': change('CHG-2026-0001', { services: ['pay'] }) };

function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    timeout: 120_000,
    // No registry: what is not in the tarball cannot be fetched.
    env: { ...process.env, ...GIT_ENV, npm_config_offline: 'true', npm_config_audit: 'false', ...env },
  });
}

function ok(result: SpawnSyncReturns<string>, status = 0): SpawnSyncReturns<string> {
  assert.equal(result.status, status, `exit ${result.status}\nstdout: ${result.stdout}\nstderr: ${result.stderr}`);
  return result;
}

describe('distribution (npm pack, pre-commit hook, GitHub Action)', function () {
  this.timeout(300_000);
  const temp = new TempDirs();
  let packed: { files: { path: string }[]; size: number; entryCount: number };
  let app: string;
  let bin: string;

  before(() => {
    requireBuiltCli();
    const out = temp.make('svcm-pack-');
    // --ignore-scripts: `prepare` would build again; the suite runs on the build it was given.
    const pack = ok(run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', out], REPO));
    packed = (JSON.parse(pack.stdout) as (typeof packed & { filename: string })[])[0];
    const tarball = path.join(
      out,
      fs.readdirSync(out).find((f) => f.endsWith('.tgz'))!,
    );
    app = temp.make('svcm-app-');
    fs.writeFileSync(path.join(app, 'package.json'), '{ "name": "app", "private": true }\n');
    ok(run('npm', ['install', '--offline', '--no-fund', '--ignore-scripts', tarball], app));
    bin = path.join(app, 'node_modules', '.bin');
  });

  after(() => temp.cleanup());

  it('npm pack ships the CLI only, with no dependencies to install', () => {
    assert.deepEqual(packed.files.map((f) => f.path).sort(), SHIPPED);
    const manifest = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as Record<string, unknown>;
    assert.equal(manifest.dependencies, undefined, 'the bundles hold every runtime package');
    assert.deepEqual(fs.readdirSync(path.join(app, 'node_modules')).sort(), ['.bin', '.package-lock.json', 'svcm']);
  });

  it('npx svcm validate runs from the installed package: exit 1 on the mistake, 0 once fixed', () => {
    writeTree(app, RECORDS);
    const found = ok(run('npx', ['--no', '--', 'svcm', 'validate', '--format', 'json'], app), 1);
    const report = JSON.parse(found.stdout) as { diagnostics: { file: string; code: string; message: string }[] };
    assert.deepEqual(
      report.diagnostics.map((d) => [d.file, d.code]),
      [['service-management/changes/CHG-2026-0001.yaml', 'unknown-reference']],
    );
    writeTree(app, FIXED);
    ok(run('npx', ['--no', '--', 'svcm', 'validate'], app), 0);
    writeTree(app, RECORDS);
  });

  it('svcm affected runs from the installed package in a git repository', () => {
    const repo = temp.make('svcm-repo-');
    initRepo(repo);
    commit(repo, 'records', { ...RECORDS, ...FIXED });
    writeTree(repo, { 'src/pay/handler.ts': 'export const changed = 1;\n' });
    const result = ok(run(path.join(bin, 'svcm'), ['affected', '--base', 'HEAD', '--format', 'json'], repo));
    const report = JSON.parse(result.stdout) as {
      services: { name: string; files: string[]; openChanges: string[] }[];
    };
    assert.deepEqual(report.services, [
      { name: 'pay', files: ['src/pay/handler.ts'], openChanges: ['CHG-2026-0001'], dependents: [] },
    ]);
  });

  it("the pre-commit hook's entry runs the installed svcm on the whole repository", () => {
    const hooks = parse(fs.readFileSync(path.join(REPO, '.pre-commit-hooks.yaml'), 'utf8')) as {
      id: string;
      entry: string;
      language: string;
      pass_filenames: boolean;
    }[];
    const hook = hooks.find((h) => h.id === 'svcm-validate');
    assert.ok(hook, 'no svcm-validate hook');
    assert.equal(hook.language, 'node');
    assert.equal(hook.pass_filenames, false);
    // pre-commit installs the package and puts its bin folder first on PATH, then runs the entry.
    const [command, ...args] = hook.entry.split(' ');
    const env = { PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}` };
    const repo = temp.make('svcm-hook-');
    writeTree(repo, RECORDS);
    ok(run(command, args, repo, env), 1);
    writeTree(repo, FIXED);
    ok(run(command, args, repo, env), 0);
  });

  it("the GitHub Action's run script writes SARIF, reports the exit status, and the action uploads it", () => {
    const action = parse(fs.readFileSync(path.join(REPO, 'action.yml'), 'utf8')) as {
      runs: { using: string; steps: { id?: string; run?: string; uses?: string; with?: Record<string, string> }[] };
    };
    assert.equal(action.runs.using, 'composite');
    const validate = action.runs.steps.find((s) => s.id === 'validate');
    assert.match(validate?.run ?? '', /scripts\/action-validate\.sh/);
    const upload = action.runs.steps.find((s) => s.uses?.startsWith('github/codeql-action/upload-sarif@'));
    assert.equal(upload?.with?.sarif_file, '${{ inputs.sarif-file }}');

    const repo = temp.make('svcm-action-');
    initRepo(repo);
    commit(repo, 'records', RECORDS);
    const output = path.join(repo, '.github-output');
    const env = {
      SVCM_BIN: path.join(bin, 'svcm'),
      SVCM_PATHS: '.',
      SVCM_SARIF: 'svcm.sarif',
      GITHUB_OUTPUT: output,
      GITHUB_ACTION_PATH: REPO,
    };
    ok(run('bash', [path.join(REPO, 'scripts', 'action-validate.sh')], repo, env), 0);
    assert.equal(fs.readFileSync(output, 'utf8'), 'exit-code=1\n');
    const sarif = JSON.parse(fs.readFileSync(path.join(repo, 'svcm.sarif'), 'utf8')) as {
      version: string;
      runs: { results: { ruleId: string }[] }[];
    };
    assert.equal(sarif.version, '2.1.0');
    assert.deepEqual(
      sarif.runs[0].results.map((r) => r.ruleId),
      ['unknown-reference'],
    );
    // svcm that cannot run (a path that does not exist) fails the step itself: nothing to upload.
    const broken = run('bash', [path.join(REPO, 'scripts', 'action-validate.sh')], repo, {
      ...env,
      SVCM_PATHS: 'no-such-folder',
    });
    assert.equal(broken.status, 2, broken.stderr);
  });

  it('the .vsix (npm run package) holds the extension, the language server it starts (the CLI entry and its server bundle) and its contributions', () => {
    const listed = ok(run('npx', ['--no', '--', 'vsce', 'ls', '--no-dependencies'], REPO))
      .stdout.trim()
      .split('\n');
    for (const needed of [
      'package.json',
      'README.md',
      'LICENSE',
      'dist/extension.js',
      'dist/main.js',
      'dist/cli.js',
      'dist/lsp.js',
      'dist/reader.js',
      'media/svcm.svg',
      'snippets/yaml.json',
    ])
      assert.ok(listed.includes(needed), `${needed} is not in the .vsix`);
    assert.deepEqual(
      listed.filter((f) => /^(src|test|bench|node_modules|scripts)\/|\.map$/.test(f)),
      [],
    );
  });
});
