import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { execFileSync } from 'node:child_process';
import { assertClean, requireBuiltCli, svcm, TempDirs, validateJson, writeTree } from './cliSupport';

// The read boundary (docs/security.md): links whose target lies outside the folders being validated are not read.
const SECRET = 'SECRET_TOKEN_abc123';
/** A record an attacker would link to: read, it yields `unknown field 'SECRET_TOKEN_abc123' in spec`. */
const secretRecord = `apiVersion: svcm/v1\nkind: Team\nmetadata:\n  name: leaked\nspec:\n  ${SECRET}: yes\n`;
const team = (name: string) => `apiVersion: svcm/v1\nkind: Team\nmetadata:\n  name: ${name}\n`;

describe('read boundary: symbolic links leading outside the workspace', function () {
  this.timeout(60_000);
  const temp = new TempDirs();
  before(function () {
    if (process.platform === 'win32') this.skip();
    requireBuiltCli();
  });
  after(() => temp.cleanup());

  /** `base/outside/` holds the secret; `base/ws/` is the repository, with links into `outside/` and inside itself. */
  function layout(): { ws: string; outside: string } {
    const base = temp.make();
    const ws = path.join(base, 'ws');
    const outside = path.join(base, 'outside');
    writeTree(outside, { 'secret.yaml': secretRecord, 'dir/secret.yaml': secretRecord });
    writeTree(ws, {
      'teams/a.yaml': team('team-a'),
      // An error inside the tree, reached also through an inside link: reported once, under its own name.
      'teams/bad.yaml': 'apiVersion: svcm/v1\nkind: Team\nmetadata:\n  name: team-bad\nspec:\n  colour: red\n',
    });
    fs.symlinkSync('../outside/secret.yaml', path.join(ws, 'link.yaml'));
    fs.symlinkSync(path.join(outside, 'dir'), path.join(ws, 'linked-dir'));
    fs.symlinkSync('teams', path.join(ws, 'x-inside-dir'));
    fs.symlinkSync('teams/a.yaml', path.join(ws, 'x-inside-file.yaml'));
    return { ws, outside };
  }

  it('svcm validate does not read the target, says once what it skipped and why, and keeps inside links', () => {
    const { ws } = layout();
    const { report, run } = validateJson(ws, [], 1);
    assert.ok(!run.stdout.includes(SECRET) && !run.stderr.includes(SECRET), 'the outside content was quoted');
    assert.deepEqual(
      report.diagnostics.map((d) => `${d.file} ${d.code} ${d.message}`),
      ["teams/bad.yaml schema unknown field 'colour' in spec"],
    );
    const notes = run.stderr.split('\n').filter((l) => l.startsWith('svcm: note:'));
    assert.equal(notes.length, 1, run.stderr);
    assert.match(notes[0], /skipped 2 symbolic links leading outside the folders being validated/);
    assert.match(notes[0], /docs\/security\.md\): link\.yaml, linked-dir$/);
    assert.equal(report.summary.records, 2);
  });

  it('in every format, and for a PATH inside the tree', () => {
    const { ws } = layout();
    for (const format of ['text', 'github', 'sarif']) {
      const run = svcm(['validate', '--format', format], ws);
      assertClean(run, 1);
      assert.ok(!`${run.stdout}${run.stderr}`.includes(SECRET), `${format}: the outside content was quoted`);
    }
    const run = svcm(['validate', '.'], ws);
    assert.ok(!`${run.stdout}${run.stderr}`.includes(SECRET));
    assert.match(run.stderr, /svcm: note: skipped 2 symbolic links/);
  });

  it('does not read a svcm.config.yaml linked from outside', () => {
    const { ws, outside } = layout();
    writeTree(outside, { 'config.yaml': `rules:\n  ${SECRET}: off\n` });
    fs.symlinkSync(path.join(outside, 'config.yaml'), path.join(ws, 'svcm.config.yaml'));
    const run = svcm(['validate'], ws);
    assertClean(run, 1);
    assert.ok(!`${run.stdout}${run.stderr}`.includes(SECRET), run.stdout + run.stderr);
    assert.match(run.stderr, /svcm: note: skipped 3 symbolic links .*linked-dir, svcm\.config\.yaml/);
  });

  it('svcm affected skips them too (a changed link is a changed file, its target is not read)', () => {
    const { ws } = layout();
    const git = (...args: string[]) => execFileSync('git', args, { cwd: ws });
    git('init', '-q', '-b', 'main');
    git('-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-q', '--allow-empty', '-m', 'start');
    const run = svcm(['affected', '--base', 'HEAD', '--format', 'json'], ws);
    assertClean(run, 0);
    assert.ok(!`${run.stdout}${run.stderr}`.includes(SECRET));
    assert.match(run.stderr, /svcm: note: skipped 2 symbolic links/);
  });

  it('a folder named as a PATH is validated even when it is a link: it was asked for', () => {
    const { ws } = layout();
    const { report, run } = validateJson(ws, ['linked-dir'], 1);
    assert.deepEqual(
      report.diagnostics.map((d) => `${d.file} ${d.code}`),
      ['linked-dir/secret.yaml schema'],
    );
    assert.doesNotMatch(run.stderr, /linked-dir/);
  });
});
