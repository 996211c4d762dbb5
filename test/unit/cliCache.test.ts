import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { generateWorkspace } from '../../bench/generate';
import { cachedValidateReady, run } from '../../src/cli/run';
import { assertClean, requireBuiltCli, svcm, TempDirs, writeTree } from './cliSupport';

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

/** `sameAsFullRun` in this process (no process started per run): for tests of many runs. */
async function sameInProcess(ws: string): Promise<void> {
  const full = await run(['validate', '--format', 'json', '.'], ws);
  const cached = await run(['validate', '--format', 'json', '--cache', '.'], ws);
  assert.ok(full.exitCode === 0 || full.exitCode === 1, full.stderr);
  assert.equal(cached.exitCode, full.exitCode, cached.stderr);
  assert.equal(cached.stdout, full.stdout);
  assert.doesNotMatch(cached.stderr, /warning/);
}

/** A small seeded generator of numbers in [0, 1). */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
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

  it('an edit of the same size in the same tick of the clock as the cache was written is still seen (racily clean, as git says)', () => {
    const change = path.join(ws, 'service-management/changes/CHG-2026-00042.yaml');
    const text = fs.readFileSync(change, 'utf8');
    const named = /services: \[(svc-\d{5})/.exec(text)?.[1];
    assert.ok(named, 'the generated change names a service');
    // A whole second, so that setting it again gives the very time kept (a `Date` has no nanoseconds).
    const kept = new Date(Math.floor(Date.now() / 1000) * 1000);
    fs.utimesSync(change, kept, kept);
    assert.doesNotMatch(sameAsFullRun(ws), /unknown service 'svc-99999'/);
    // The file read, then written again with as many bytes before the clock moved on, then the cache written:
    // its size and time are those kept, and the cache's time is the same.
    fs.writeFileSync(change, text.replace(named, 'svc-99999'));
    fs.utimesSync(change, kept, kept);
    fs.utimesSync(path.join(ws, CACHE), kept, kept);
    assert.match(sameAsFullRun(ws), /unknown service 'svc-99999'/);
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

  it('random single-file edits, one after another: each cached run prints what a full run prints', async () => {
    // Seeded, so that a failure can be replayed: SVCM_CACHE_SEED=<seed> npx mocha --grep 'random single-file'.
    const seed = Number(process.env.SVCM_CACHE_SEED ?? 20261202);
    const random = mulberry32(seed);
    const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)];
    const dir = (sub: string) => path.join(ws, 'service-management', sub);
    const files = (sub: string) =>
      fs
        .readdirSync(dir(sub))
        .filter((f) => f.endsWith('.yaml') || f.endsWith('.md'))
        .map((f) => path.join(dir(sub), f));
    const read = (file: string) => fs.readFileSync(file, 'utf8');
    const nameOf = (file: string) => /^ {2}name: (.*)$/m.exec(read(file))?.[1] ?? 'none';
    const services = () => files('services').map((f) => nameOf(f));
    const chain: string[] = [];
    /** Sets (or adds) a `spec` field of a one-line value. */
    const setField = (file: string, field: string, value: string) => {
      const text = read(file);
      const line = new RegExp(`^ {2}${field}: .*$`, 'm');
      fs.writeFileSync(
        file,
        line.test(text)
          ? text.replace(line, `  ${field}: ${value}`)
          : text.replace(/^spec:\n/m, `spec:\n  ${field}: ${value}\n`),
      );
    };
    const edits: Record<string, () => string> = {
      'rename a service (to a new name, or to one that exists: a duplicate)': () => {
        const file = pick(files('services'));
        const to = random() < 0.5 ? `svc-${9000 + Math.floor(random() * 999)}` : pick(services());
        fs.writeFileSync(file, read(file).replace(/^ {2}name: .*$/m, `  name: ${to}`));
        return `${path.basename(file)} named ${to}`;
      },
      'a link of a chain of services, the fourth closing a cycle through two services that did not change': () => {
        if (chain.length === 0) chain.push(pick(files('services')));
        const last = chain[chain.length - 1];
        if (chain.length === 4) {
          setField(last, 'dependsOn', `[${nameOf(chain[0])}]`);
          chain.length = 0;
          return `${nameOf(last)} closes the cycle`;
        }
        const next = pick(files('services').filter((f) => !chain.includes(f)));
        setField(last, 'dependsOn', `[${nameOf(next)}]`);
        chain.push(next);
        return `${nameOf(last)} depends on ${nameOf(next)}`;
      },
      'a dependsOn removed (a cycle opened)': () => {
        const withDeps = files('services').filter((f) => /dependsOn:/.test(read(f)));
        const file = pick(withDeps.length > 0 ? withDeps : files('services'));
        fs.writeFileSync(file, read(file).replace(/^ {2}dependsOn: .*\n/m, ''));
        return `${path.basename(file)} depends on nothing`;
      },
      'a file copied (every name in it defined twice)': () => {
        const file = pick([...files('services'), ...files('changes'), ...files('standard-changes')]);
        const copy = path.join(path.dirname(file), `copy-${Math.floor(random() * 1e6)}${path.extname(file)}`);
        fs.copyFileSync(file, copy);
        return `${path.basename(file)} copied`;
      },
      'a file deleted': () => {
        const file = pick([...files('services'), ...files('changes'), ...files('releases'), ...files('knowledge')]);
        fs.rmSync(file);
        return `${path.basename(file)} deleted`;
      },
      'a change added, approved, on a busy service, its window overlapping others': () => {
        const name = `CHG-2026-${String(90000 + Math.floor(random() * 9999)).padStart(5, '0')}`;
        const service = random() < 0.5 ? 'svc-00001' : pick(services());
        fs.writeFileSync(
          path.join(dir('changes'), `${name}.yaml`),
          `apiVersion: svcm/v1\nkind: Change\nmetadata:\n  name: ${name}\nspec:\n  type: standard\n  template: ${nameOf(pick(files('standard-changes')))}\n  services: [${service}]\n  summary: Added.\n  risk: low\n  impact: low\n  status: approved\n  window:\n    start: 2026-01-01T00:00:00Z\n    end: 2026-12-31T00:00:00Z\n`,
        );
        return `${name} on ${service}`;
      },
      "a change's service, status or window changed": () => {
        const file = pick(files('changes'));
        const what = pick(['services', 'status', 'window']);
        if (what === 'services')
          setField(file, 'services', `[${pick([...services(), 'svc-0001', 'no-such-service'])}]`);
        else if (what === 'status') setField(file, 'status', pick(['approved', 'scheduled', 'closed', 'draft']));
        else
          fs.writeFileSync(
            file,
            read(file)
              .replace(/start: \S+/, 'start: 2025-06-01T00:00:00Z')
              .replace(/end: \S+/, 'end: 2027-01-01T00:00:00Z'),
          );
        return `${path.basename(file)}: ${what}`;
      },
      "a template's services or a release's changes changed": () => {
        if (random() < 0.5) {
          const file = pick(files('standard-changes'));
          setField(file, 'services', `[${pick(services())}, ${pick(services())}]`);
          return `${path.basename(file)}: services`;
        }
        const file = pick(files('releases'));
        setField(file, 'changes', `[${nameOf(pick(files('changes')))}]`);
        return `${path.basename(file)}: changes`;
      },
      'a file renamed (its content kept, under another name)': () => {
        const file = pick([...files('services'), ...files('changes'), ...files('standard-changes')]);
        const to = path.join(path.dirname(file), `renamed-${Math.floor(random() * 1e6)}${path.extname(file)}`);
        fs.renameSync(file, to);
        return `${path.basename(file)} renamed ${path.basename(to)}`;
      },
      'a file touched (the content kept, another time)': () => {
        const file = pick([...files('services'), ...files('changes')]);
        const when = new Date(Date.now() + Math.floor(random() * 1e8));
        fs.utimesSync(file, when, when);
        return `${path.basename(file)} touched`;
      },
      'a team renamed (its services name it)': () => {
        const file = path.join(dir(''), 'teams.yaml');
        const teams = [...read(file).matchAll(/name: (team-\d+)/g)].map((m) => m[1]);
        const team = pick(teams);
        fs.writeFileSync(file, read(file).replace(`name: ${team}\n`, `name: ${team}x\n`));
        return `${team} renamed`;
      },
    };
    await sameInProcess(ws);
    const chainLink = Object.keys(edits)[1];
    // The chain's four links first, so that a cycle through unchanged services is always made.
    const kinds = [chainLink, chainLink, chainLink, chainLink, ...Object.keys(edits)];
    const steps = Number(process.env.SVCM_CACHE_STEPS ?? 40);
    for (let step = 0; step < steps; step++) {
      const kind = kinds[step < kinds.length ? step : Math.floor(random() * kinds.length)];
      const what = edits[kind]();
      try {
        await sameInProcess(ws);
      } catch (error) {
        throw new Error(`seed ${seed}, step ${step} (${kind}: ${what}): ${(error as Error).message.slice(0, 2000)}`);
      }
    }
  });

  it('a cache that is cut short, garbled or not ours: a full run, never a crash or another answer', async () => {
    await sameInProcess(ws);
    const file = path.join(ws, CACHE);
    const values = `${file}.values`;
    const change = path.join(ws, 'service-management/changes/CHG-2026-00042.yaml');
    const edit = (n: number) =>
      fs.writeFileSync(
        change,
        fs.readFileSync(change, 'utf8').replace(/summary: .*/, (l) => `${l} (${n})`),
      );
    const damage: [string, () => void][] = [
      ['the cache file cut short', () => fs.truncateSync(file, Math.floor(fs.statSync(file).size / 2))],
      [
        'the cache file garbled in the middle',
        () => {
          const bytes = fs.readFileSync(file);
          bytes.fill(0x5d, Math.floor(bytes.length / 2), Math.floor(bytes.length / 2) + 40);
          fs.writeFileSync(file, bytes);
        },
      ],
      [
        'the values file garbled after its first line',
        () => {
          const bytes = fs.readFileSync(values);
          bytes.fill(0x7b, bytes.indexOf(0x0a) + 1);
          fs.writeFileSync(values, bytes);
        },
      ],
      ['the values file cut short', () => fs.truncateSync(values, Math.floor(fs.statSync(values).size / 2))],
      ['the values file gone', () => fs.rmSync(values)],
      [
        'a cache of the right signature and key whose columns are nonsense',
        () => {
          const bytes = fs.readFileSync(file);
          // The signature and the header line (with the key) kept; what follows filled with other bytes.
          const body = bytes.indexOf(0x0a, bytes.indexOf(0x0a) + 1) + 1;
          const random = mulberry32(7);
          for (let b = body; b < bytes.length; b++) bytes[b] = Math.floor(random() * 256);
          fs.writeFileSync(file, bytes);
        },
      ],
      [
        'one bit of the cache file flipped in its columns',
        () => {
          const bytes = fs.readFileSync(file);
          bytes[Math.floor(bytes.length / 3)] ^= 0x04;
          fs.writeFileSync(file, bytes);
        },
      ],
      [
        'a cache file of an older version (one JSON value)',
        () => {
          fs.writeFileSync(file, '{"svcmValidateCache":3,"key":"x","values":{"id":"x","bytes":1,"used":1},"files":{}}');
        },
      ],
    ];
    for (const [i, [what, harm]] of damage.entries()) {
      harm();
      edit(i);
      try {
        await sameInProcess(ws);
        // And the cache written again is whole: the next run uses it.
        edit(i + 100);
        await sameInProcess(ws);
      } catch (error) {
        throw new Error(`${what}: ${(error as Error).message.slice(0, 2000)}`);
      }
    }
  });

  it('a values file damaged into other valid JSON: a full run (each region has a checksum), never the damaged values', async () => {
    await sameInProcess(ws);
    const values = path.join(ws, `${CACHE}.values`);
    const before = fs.readFileSync(values);
    // Every service's tier made another number: still JSON, but a tier no schema allows.
    const damaged = Buffer.from(before.toString('latin1').replaceAll('"tier":1', '"tier":7'), 'latin1');
    assert.equal(damaged.length, before.length);
    assert.notDeepEqual(damaged, before);
    fs.writeFileSync(values, damaged);
    // A team renamed: the services it owns are checked again, their values read.
    const teams = path.join(ws, 'service-management', 'teams.yaml');
    fs.writeFileSync(teams, fs.readFileSync(teams, 'utf8').replace('name: team-0\n', 'name: team-0x\n'));
    const output = (await run(['validate', '--format', 'json', '--cache', '.'], ws)).stdout;
    assert.equal(output, (await run(['validate', '--format', 'json', '.'], ws)).stdout);
    // The damage seen, the values file was written whole again (a new id on its first line).
    const line = (bytes: Buffer) => bytes.subarray(0, bytes.indexOf(0x0a)).toString();
    assert.notEqual(line(fs.readFileSync(values)), line(before));
    await sameInProcess(ws);
  });

  it('with backstage.entities, every run is a full run: an entity outside the tree changes with no file of it changing', () => {
    const base = temp.make();
    const tree = path.join(base, 'ws');
    const org = path.join(base, 'org');
    const group = (name: string) =>
      [
        'apiVersion: backstage.io/v1alpha1',
        'kind: Group',
        `metadata: { name: ${name} }`,
        'spec: { type: team, children: [] }',
        '',
      ].join('\n');
    writeTree(org, { 'groups.yaml': group('payments') });
    // svcm records only: no entity in the tree, so only the key could say that the Group changed.
    writeTree(tree, {
      'svcm.config.yaml': 'backstage:\n  entities: [../org]\n',
      'services/petstore.yaml': [
        'apiVersion: svcm/v1',
        'kind: Service',
        'metadata:',
        '  name: petstore',
        '  title: The pet store',
        'spec:',
        '  owner: group:payments',
        '  serviceManager: Ana',
        '  phase: live',
        '  tier: 2',
        '',
      ].join('\n'),
    });
    assert.doesNotMatch(sameAsFullRun(tree), /unknown-reference/);
    // The Group renamed where it is defined, outside the tree: the owner is now unknown.
    fs.writeFileSync(path.join(org, 'groups.yaml'), group('payment-team'));
    assert.match(sameAsFullRun(tree), /unknown-reference/);
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

  it('a run finds a cache of its key (it then runs on the first thread): not before the first run, nor with another config', () => {
    const args = ['validate', '--format', 'json', '--cache', '.'];
    assert.equal(cachedValidateReady(args, ws), false);
    sameAsFullRun(ws);
    assert.equal(cachedValidateReady(args, ws), true);
    assert.equal(cachedValidateReady(['validate', '--cache', 'service-management'], ws), false, 'other PATHs');
    assert.equal(cachedValidateReady(['validate', '.'], ws), false, 'no --cache');
    fs.writeFileSync(path.join(ws, 'svcm.config.yaml'), 'rules:\n  unknown-reference: warning\n');
    assert.equal(cachedValidateReady(args, ws), false, 'another svcm.config.yaml');
    sameAsFullRun(ws);
    assert.equal(cachedValidateReady(args, ws), true);
  });

  it('--cache-location without --cache, and --cache on another command, are usage errors', () => {
    assertClean(svcm(['validate', '--cache-location', 'x', '.'], ws), 2);
    assertClean(svcm(['schema', '--cache'], ws), 2);
  });
});
