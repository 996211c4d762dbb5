import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { assertClean, requireBuiltCli, svcm, TempDirs } from '../cliSupport';
import { commit, git, GIT_ENV, initRepo } from './repo';

/*
 * `code` globs match every name git can store as git itself does: the oracle is
 * git's own glob pathspec (`git ls-files ':(glob)PATTERN'`) on the same files,
 * and svcm's answer comes from the built CLI (`svcm affected`, git's -z output).
 */

const NFC = 'caf\u00e9';
const NFD = 'cafe\u0301';

/** File names under `svc/pay/` (and elsewhere) that a shell, a line-based parser or a regex `.` would trip on. */
const ODD = [
  'line\nbreak.ts',
  'carriage\rreturn.ts',
  'tab\tname.ts',
  'sep\u2028arator.ts',
  '-rf.ts',
  '--help',
  '$(touch pwned).ts',
  '`id`.ts',
  '"quoted".ts',
  "it's.ts",
  'back\\slash.ts',
  '[brackets].ts',
  '*star?.ts',
  ' spaced .ts',
  '.hidden',
  '#hash.ts',
  '!bang.ts',
  '{a,b}.ts',
  `${NFC}-nfc.ts`,
  `${NFD}-nfd.ts`,
  'emoji-\u{1F680}.ts',
];

function service(name: string, code: string[]): string {
  return [
    'apiVersion: svcm/v1',
    'kind: Service',
    'metadata:',
    `  name: ${name}`,
    'spec:',
    '  owner: team',
    '  phase: beta',
    `  code: [${code.map((c) => JSON.stringify(c)).join(', ')}]`,
    '',
  ].join('\n');
}

const GLOBS: Record<string, string[]> = {
  pay: ['svc/pay/**'],
  'cafe-nfc': [`svc/${NFC}/**`],
  'cafe-nfd': [`svc/${NFD}/**`],
  top: ['svc/*.md'],
  dashes: ['svc/-*/**'],
};

describe('code globs and odd file names (real git, built CLI)', function () {
  this.timeout(60_000);
  const temp = new TempDirs();
  after(() => temp.cleanup());
  before(function () {
    if (process.platform === 'win32') this.skip(); // names with \n, " and * cannot exist there
    requireBuiltCli();
  });

  it('svcm affected gives each service exactly the changed files git matches with its globs', () => {
    const repo = initRepo(path.join(temp.make(), 'repo'));
    git(repo, 'config', 'core.precomposeunicode', 'false');
    const records: Record<string, string> = {
      'svcm.config.yaml': 'rules: {}\n',
      'catalogue/team.yaml': 'apiVersion: svcm/v1\nkind: Team\nmetadata:\n  name: team\n',
    };
    for (const [name, code] of Object.entries(GLOBS)) records[`catalogue/${name}.yaml`] = service(name, code);
    commit(repo, 'catalogue', records);
    git(repo, 'checkout', '-q', '-b', 'feature');

    const files: string[] = [];
    for (const name of ODD) files.push(`svc/pay/${name}`, `svc/other/${name}`, `svc/pay/deep/${name}/x`);
    files.push(
      `svc/${NFC}/nfc.ts`,
      `svc/${NFD}/nfd.ts`,
      'svc/new\nline.md',
      'svc/-dash/x.ts',
      'svc/--/y.ts',
      'svc/$(x)/z.ts',
    );
    // Half committed on the branch (git diff-tree -z), half left untracked (git status -z).
    const write = (file: string) => {
      const abs = path.join(repo, ...file.split('/'));
      fs.mkdirSync(path.dirname(abs), { recursive: true });
      fs.writeFileSync(abs, 'x\n');
    };
    files.forEach((file, i) => i % 2 === 0 && write(file));
    git(repo, 'add', '-A');
    git(repo, 'commit', '-q', '-m', 'odd names');
    files.forEach((file, i) => i % 2 === 1 && write(file));
    // Git stores every one of them verbatim.
    const stored = git(repo, 'ls-files', '-z', '--cached', '--others', '--', 'svc').split('\0').filter(Boolean);
    assert.deepEqual([...stored].sort(), [...files].sort());

    const run = svcm(['affected', '--base', 'main', '--format', 'json'], repo, 60_000, {
      env: { GIT_CONFIG_GLOBAL: GIT_ENV.GIT_CONFIG_GLOBAL!, GIT_CONFIG_NOSYSTEM: '1' },
    });
    assertClean(run, 0);
    assert.ok(!fs.existsSync(path.join(repo, 'pwned')), 'a file name was run by a shell');
    const report = JSON.parse(run.stdout) as { services: { name: string; files: string[] }[]; unowned: string[] };
    const owned = new Set<string>();
    for (const [name, globs] of Object.entries(GLOBS)) {
      const expected = globs
        .flatMap((glob) => git(repo, 'ls-files', '-z', '--cached', '--others', '--', `:(glob)${glob}`).split('\0'))
        .filter(Boolean)
        .sort();
      expected.forEach((f) => owned.add(f));
      const got = report.services.find((s) => s.name === name)?.files ?? [];
      assert.deepEqual(got, [...new Set(expected)], `service ${name} (${globs.join(', ')})`);
    }
    assert.deepEqual(report.unowned, files.filter((f) => !owned.has(f)).sort(), 'unowned');
    // The cases the issue names, spelled out: git matches them, so svcm must.
    const pay = report.services.find((s) => s.name === 'pay')!.files;
    for (const name of ['line\nbreak.ts', '-rf.ts', '$(touch pwned).ts', `${NFC}-nfc.ts`, `${NFD}-nfd.ts`])
      assert.ok(pay.includes(`svc/pay/${name}`), JSON.stringify(name));
    // Git compares bytes: a glob in one normalisation form does not match a folder in the other.
    assert.deepEqual(report.services.find((s) => s.name === 'cafe-nfc')?.files, [`svc/${NFC}/nfc.ts`]);
    assert.deepEqual(report.services.find((s) => s.name === 'cafe-nfd')?.files, [`svc/${NFD}/nfd.ts`]);
  });
});
