import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateWorkspace } from '../../bench/generate';
import { assertClean, requireBuiltCli, svcm, TempDirs } from './cliSupport';

const CACHE = path.join('node_modules', '.cache', 'svcm', 'validate.json');
const HUB = 'service-management/services/svc-00001.yaml';

/** `svcm validate --format json` with and without --cache: the same output, whatever the cache held. */
function sameAsFullRun(ws: string, extra: string[] = []): string {
  const full = svcm(['validate', '--format', 'json', '.'], ws);
  const cached = svcm(['validate', '--format', 'json', '--cache', ...extra, '.'], ws);
  assert.ok(full.status === 0 || full.status === 1, full.stderr);
  assert.equal(cached.status, full.status, cached.stderr);
  assert.equal(cached.stdout, full.stdout);
  assert.doesNotMatch(cached.stderr, /warning/);
  return full.stdout;
}

/** Whether `svcm validate --format json` printed a finding of `code` in a file whose path ends with `file`. */
function has(output: string, file: string, code: string): boolean {
  const report = JSON.parse(output) as { diagnostics: { file: string; code: string }[] };
  return report.diagnostics.some((d) => d.file.endsWith(`/${file}`) && d.code === code);
}

describe('svcm validate --cache (built CLI)', function () {
  this.timeout(120_000);
  const temp = new TempDirs();
  let ws: string;

  before(requireBuiltCli);
  beforeEach(() => {
    ws = path.join(temp.make(), 'ws');
    // Small, with mistakes of every rule, and hubs that many files name.
    generateWorkspace(ws, { services: 60, changes: 240, mistakes: 0.05 });
  });
  after(() => temp.cleanup());

  it('writes the cache under node_modules/.cache/svcm and gives a full run output on each next run, edit after edit', () => {
    sameAsFullRun(ws);
    assert.ok(fs.existsSync(path.join(ws, CACHE)));
    // Unchanged.
    sameAsFullRun(ws);
    // The hub renamed: every change naming it now has an unknown-reference, though those files did not change.
    const hub = fs.readFileSync(path.join(ws, HUB), 'utf8');
    fs.writeFileSync(path.join(ws, HUB), hub.replace('name: svc-00001', 'name: svc-09999'));
    const renamed = sameAsFullRun(ws);
    assert.match(renamed, /unknown service 'svc-00001'/);
    // And back: those findings go away again.
    fs.writeFileSync(path.join(ws, HUB), hub);
    assert.doesNotMatch(sameAsFullRun(ws), /unknown service 'svc-00001'/);
    // A copy of the hub (duplicate-name in both files), then the original deleted.
    fs.writeFileSync(path.join(ws, 'service-management/services/copy.yaml'), hub);
    assert.match(sameAsFullRun(ws), /duplicate-name/);
    fs.rmSync(path.join(ws, HUB));
    sameAsFullRun(ws);
    // Same content, new modification time; a syntax error; then svcm.config.yaml.
    const change = path.join(ws, 'service-management/changes/CHG-2026-00042.yaml');
    const text = fs.readFileSync(change, 'utf8');
    fs.writeFileSync(change, text);
    sameAsFullRun(ws);
    fs.writeFileSync(change, `${text}\n  bad: [\n`);
    assert.match(sameAsFullRun(ws), /yaml-syntax/);
    fs.writeFileSync(path.join(ws, 'svcm.config.yaml'), 'rules:\n  unknown-reference: warning\n');
    sameAsFullRun(ws);
  });

  it('a run on an unchanged tree does not write the cache again, even with a file that is parsed every time', () => {
    // An anchor sends this file to the precise parser: the cache keeps no value for it.
    fs.writeFileSync(
      path.join(ws, 'service-management', 'anchored.yaml'),
      'apiVersion: svcm/v1\nkind: Team\nmetadata: &m\n  name: team-anchored\nspec:\n  email: a@example.com\n',
    );
    sameAsFullRun(ws);
    const file = path.join(ws, CACHE);
    const written = fs.statSync(file);
    const bytes = fs.readFileSync(file);
    sameAsFullRun(ws);
    assert.equal(fs.statSync(file).mtimeMs, written.mtimeMs, 'the cache was written again');
    assert.deepEqual(fs.readFileSync(file), bytes);
    // Another file changed: the unchanged file parsed every time goes into the index again (its team still defined).
    const change = path.join(ws, 'service-management/changes/CHG-2026-00042.yaml');
    fs.writeFileSync(
      change,
      fs.readFileSync(change, 'utf8').replace(/summary: .*/, (l) => `${l} (edited)`),
    );
    sameAsFullRun(ws);
    fs.writeFileSync(
      path.join(ws, 'service-management', 'services', 'anchored-owner.yaml'),
      'apiVersion: svcm/v1\nkind: Service\nmetadata:\n  name: svc-anchored\nspec:\n  owner: team-anchored\n',
    );
    sameAsFullRun(ws);
    // A change is still seen, and written.
    fs.appendFileSync(path.join(ws, 'service-management', 'anchored.yaml'), '  unknownField: 1\n');
    assert.match(sameAsFullRun(ws), /unknownField/);
    assert.notDeepEqual(fs.readFileSync(file), bytes);
  });

  it('one file changed: findings it moves into files that did not change are those of a full run; only what changed is written', () => {
    sameAsFullRun(ws);
    const values = path.join(ws, `${CACHE}.values`);
    const first = fs.readFileSync(values);
    // A service S that depends on one other, D: D depending back makes a cycle, found in both files (S's unchanged).
    const services = path.join(ws, 'service-management/services');
    const [s, d] = fs
      .readdirSync(services)
      .map((f) => [
        f.slice(0, -'.yaml'.length),
        /dependsOn: \[(svc-\d{5})\]/.exec(fs.readFileSync(path.join(services, f), 'utf8'))?.[1],
      ])
      .find(([, dep]) => dep !== undefined && fs.existsSync(path.join(services, `${dep}.yaml`)))!;
    const dependency = path.join(services, `${d}.yaml`);
    const original = fs.readFileSync(dependency, 'utf8');
    fs.writeFileSync(
      dependency,
      /dependsOn: .*/.test(original)
        ? original.replace(/dependsOn: .*/, `dependsOn: [${s}]`)
        : original.replace(/^spec:\n/m, `spec:\n  dependsOn: [${s}]\n`),
    );
    const cycle = sameAsFullRun(ws);
    assert.ok(has(cycle, `${s}.yaml`, 'dependency-cycle'), `no dependency-cycle in ${s}.yaml`);
    // Written by appending: the values file kept its bytes and grew by the changed file's entry.
    const appended = fs.readFileSync(values);
    assert.deepEqual(appended.subarray(0, first.length), first);
    assert.ok(appended.length - first.length < 4096, `${appended.length - first.length} bytes appended`);
    // The file's name given to another service: duplicate-name in a file that did not change, the cycle gone.
    fs.writeFileSync(dependency, original.replace(`name: ${d}`, `name: ${s}`));
    const duplicate = sameAsFullRun(ws);
    assert.ok(has(duplicate, `${s}.yaml`, 'duplicate-name'), `no duplicate-name in ${s}.yaml`);
    assert.ok(!has(duplicate, `${s}.yaml`, 'dependency-cycle'));
    // Back, edit after edit: the same as a full run each time, and the values file written whole again once
    // most of it is no longer used (here: a large file changed over and over).
    fs.writeFileSync(dependency, original);
    sameAsFullRun(ws);
    const big = path.join(ws, 'service-management/big-team.yaml');
    let largest = 0;
    for (let i = 0; i < 12; i++) {
      fs.writeFileSync(
        big,
        `apiVersion: svcm/v1\nkind: Team\nmetadata:\n  name: team-big\n  description: ${'x'.repeat(200_000)} ${i}\nspec:\n  email: big@example.com\n`,
      );
      sameAsFullRun(ws);
      largest = Math.max(largest, fs.statSync(values).size);
    }
    assert.ok(fs.statSync(values).size < largest, 'the values file was never written whole again');
  });

  it('--cache-location puts the cache there, and never overwrites a file that is not a cache', () => {
    sameAsFullRun(ws, ['--cache-location', 'ci-cache/']);
    assert.ok(fs.existsSync(path.join(ws, 'ci-cache', 'svcm-validate-cache.json')));
    fs.writeFileSync(path.join(ws, 'notes.txt'), 'mine');
    const run = svcm(['validate', '--cache', '--cache-location', 'notes.txt', '.'], ws);
    assertClean(run, 1);
    assert.match(run.stderr, /warning: the cache was not written: '.*notes\.txt' exists and is not an svcm cache file/);
    assert.equal(fs.readFileSync(path.join(ws, 'notes.txt'), 'utf8'), 'mine');
  });

  it('--cache-location without --cache, and --cache on another command, are usage errors', () => {
    assertClean(svcm(['validate', '--cache-location', 'x', '.'], ws), 2);
    assertClean(svcm(['schema', '--cache'], ws), 2);
  });
});
