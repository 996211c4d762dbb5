import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { completionsAt } from '../src/core/assist/completion';
import { hoverAt } from '../src/core/assist/hover';
import { DEFAULT_CONFIG } from '../src/core/config';
import { WorkspaceIndex } from '../src/core/index/workspaceIndex';
import { parseBytes, parseFile } from '../src/core/parse/parseFile';
import { validateAllUpdatingIndex, validateFileUpdatingIndex } from '../src/core/validate';
import { editorBench } from './editorBench';
import { backstageCatalogue, generateWorkspace, servicesInOneFile } from './generate';
import { measurePeer, type PeerResult } from './peer';
import { serverBench } from './server';

/**
 * `npm run bench`: svcm against yaml-language-server (the server of Red Hat's
 * YAML extension) on the same generated files, the core's incremental paths,
 * and the extension in a real VS Code. Prints a table and writes the figures to
 * bench/results/ as JSON. Timings are measurements, not tests: nothing here
 * fails on a slow run.
 *
 * Knobs: SVCM_BENCH_SIZES (services x changes, comma-separated; default
 * 1000x4000,5000x20000), SVCM_BENCH_PEER=0, SVCM_BENCH_EDITOR=0 and
 * SVCM_BENCH_SERVER=0 to skip those parts, SVCM_BENCH_EDITS (default 100),
 * SVCM_BENCH_BACKSTAGE (Components in the Backstage catalogue; default 5000, 0 skips),
 * SVCM_BENCH_CORE=0 to skip the CLI and core rows (with the others off: the editor part
 * alone; with SVCM_BENCH_SERVER on, the language server's rows and one `svcm validate`
 * beside them), SVCM_BENCH_MAP=0 to leave the service map out of the editor part,
 * SVCM_BENCH_ONE_FILE=0 to leave out its 5,000-document file, SVCM_BENCH_EDITOR_EDITS
 * (edits per editor measure, default 20) and SVCM_BENCH_EDITOR_DEBOUNCES (the debounce
 * settings it measures, default 250,0).
 */

const REPO = path.resolve(__dirname, '..');
const CLI = path.join(REPO, 'dist', 'cli.js');
const SCHEMA = path.join(REPO, 'schemas', 'svcm.schema.json');
const EDITS = Number(process.env.SVCM_BENCH_EDITS ?? '100');
/**
 * Timed runs of `svcm validate` on the single file, a run of 0.25-0.35 s: a
 * median of three moves with one busy moment on a machine of two cores (the
 * same build read 280 and 326 ms under Node 20 in two benches minutes apart).
 */
const SHORT_RUNS = 9;
const sizes = (process.env.SVCM_BENCH_SIZES ?? '1000x4000,5000x20000').split(',').map((s) => {
  const [services, changes] = s.split('x').map(Number);
  return { services, changes };
});
const withPeer = process.env.SVCM_BENCH_PEER !== '0';
const withEditor = process.env.SVCM_BENCH_EDITOR !== '0';
const withServer = process.env.SVCM_BENCH_SERVER !== '0';
const withCore = process.env.SVCM_BENCH_CORE !== '0';
const backstageComponents = Number(process.env.SVCM_BENCH_BACKSTAGE ?? '5000');
/** `svcm validate`'s wall time per record on the largest svcm workspace, for the Backstage row's target. */
let svcmMsPerRecord: number | undefined;

/** One line of the table: a workload, svcm's figure, the peer's, and svcm / peer. */
interface Row {
  workload: string;
  svcm: string;
  peer?: string;
  ratio?: number;
  target?: string;
}
const rows: Row[] = [];
const figures: Record<string, unknown> = {};

const ms = (n: number) =>
  n < 10 ? `${n.toFixed(2)} ms` : n < 10_000 ? `${n.toFixed(0)} ms` : `${(n / 1000).toFixed(1)} s`;
const mb = (n: number) => `${n.toFixed(0)} MB`;
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const median = (xs: number[]) => sorted(xs)[Math.floor(xs.length / 2)];
const p95 = (xs: number[]) => sorted(xs)[Math.min(xs.length - 1, Math.ceil(xs.length * 0.95) - 1)];
const now = () => performance.now();
const time = <T>(f: () => T): [T, number] => {
  const t = now();
  const r = f();
  return [r, now() - t];
};
const met = (ok: boolean) => (ok ? 'met' : 'MISSED');

function tempDir(name: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), `svcm-bench-${name}-`));
}

function filesUnder(root: string, ext: RegExp): string[] {
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (ext.test(e.name)) out.push(p);
    }
  };
  walk(root);
  return out.sort();
}

/**
 * `svcm validate --format json .` as a user runs it (a new process), `runs` times:
 * the median wall time; then as many times again with a hook preloaded that reads, at
 * exit, the resident memory of the whole process (its parsing threads included), of
 * which the largest is kept. The timed runs go without the hook: preloading it starts
 * Node's ES module loader, about 14 ms that a user's run does not pay
 * (docs/performance.md). A run that cannot be repeated as it was (the first `--cache`
 * run) is timed with the hook instead.
 */
function cliValidate(
  cwd: string,
  runs: number,
  env: Record<string, string> = {},
  node = process.execPath,
  extra: readonly string[] = [],
  before?: (run: number) => void,
  memory: 'extra run' | 'in the timed run' = 'extra run',
): { wallMs: number; walls: number[]; peakMB: number; diagnostics: number; records: number } {
  const walls: number[] = [];
  let peak = 0;
  let diagnostics = 0;
  let records = 0;
  const rssFile = path.join(os.tmpdir(), `svcm-bench-rss-${process.pid}`);
  const hook = pathToFileURL(path.join(__dirname, 'peakRss.mjs')).href;
  const total = memory === 'extra run' ? 2 * runs : runs;
  for (let i = 0; i < total; i++) {
    const measuringMemory = memory === 'in the timed run' || i >= runs;
    const timed = i < runs;
    before?.(i);
    const t = now();
    const run = spawnSync(
      node,
      [...(measuringMemory ? ['--import', hook] : []), CLI, 'validate', '--format', 'json', ...extra, '.'],
      {
        cwd,
        encoding: 'utf8',
        maxBuffer: 512 * 1024 * 1024,
        env: { ...process.env, ...env, SVCM_BENCH_RSS_FILE: rssFile },
      },
    );
    if (timed) walls.push(now() - t);
    if (run.status !== 0 && run.status !== 1) throw new Error(`svcm validate failed (${run.status}): ${run.stderr}`);
    const report = JSON.parse(run.stdout) as { diagnostics: unknown[]; summary: { records: number } };
    diagnostics = report.diagnostics.length;
    records = report.summary.records;
    if (measuringMemory) peak = Math.max(peak, Number(fs.readFileSync(rssFile, 'utf8')) / 1024);
  }
  fs.rmSync(rssFile, { force: true });
  return { wallMs: median(walls), walls, peakMB: peak, diagnostics, records };
}

async function peer(
  root: string,
  files: string[],
  edit?: { file: string; change: (t: string) => string },
): Promise<PeerResult | undefined> {
  if (!withPeer) return undefined;
  return measurePeer({ root, files, schema: SCHEMA, edit, timeoutMs: 30 * 60_000 });
}

/** A change file's summary, edited: what a person typing in one change does. */
const editSummary = (text: string) => text.replace(/summary: .*/, (line) => `${line} (edited)`);

async function workspaceSize(size: { services: number; changes: number }, largest: boolean): Promise<void> {
  const label = `${size.services.toLocaleString('en')} services + ${size.changes.toLocaleString('en')} changes`;
  const root = tempDir('ws');
  try {
    const gen = generateWorkspace(root, size);
    const yamlFiles = filesUnder(root, /\.ya?ml$/);
    rows.push({
      workload: `workspace: ${label}`,
      svcm: `${gen.files} files, ${(gen.bytes / 1e6).toFixed(1)} MB, ${gen.mistakes.length} planted mistakes`,
    });
    const cli = cliValidate(root, 3);
    if (largest) svcmMsPerRecord = cli.wallMs / cli.records;
    const oneThread = largest ? cliValidate(root, 1, { SVCM_WORKERS: '0' }) : undefined;
    const change = yamlFiles.find((f) => f.endsWith('CHG-2026-00042.yaml'))!;
    const yls = await peer(root, yamlFiles, { file: change, change: editSummary });
    const ratio = yls ? cli.wallMs / yls.openToDiagnosticsMs : undefined;
    rows.push({
      workload: `${label}: validate everything (svcm: \`svcm validate\`, whole process; peer: ${yamlFiles.length} YAML files opened to all diagnostics)`,
      svcm: `${ms(cli.wallMs)} (${cli.diagnostics} diagnostics)`,
      peer: yls && `${ms(yls.openToDiagnosticsMs)} (${yls.diagnostics} diagnostics: schema only)`,
      ratio,
      target: largest && ratio !== undefined ? faster(ratio, 8) : undefined,
    });
    if (oneThread)
      rows.push({ workload: `${label}: \`svcm validate\` on one thread (SVCM_WORKERS=0)`, svcm: ms(oneThread.wallMs) });
    rows.push({
      workload: `${label}: peak memory`,
      svcm: mb(cli.peakMB),
      peer: yls && mb(yls.peakRssMB),
      ratio: yls ? cli.peakMB / yls.peakRssMB : undefined,
      target: largest ? `< 300 MB: ${met(cli.peakMB < 300)}` : undefined,
    });
    if (largest) otherNodes(root, label, yls);
    if (yls?.editToDiagnosticsMs !== undefined) {
      rows.push({
        workload: `${label}: peer, one edit in a change file to its diagnostics (fixed 200 ms debounce)`,
        svcm: '(see editor rows)',
        peer: ms(yls.editToDiagnosticsMs),
      });
    }
    figures[`workspace ${size.services}x${size.changes}`] = {
      files: gen.files,
      bytes: gen.bytes,
      mistakes: gen.mistakes.length,
      svcm: cli,
      svcmOneThread: oneThread,
      peer: yls,
    };
    if (withServer) await serverRows(root, label, cli.peakMB);
    if (largest) cacheRows(root, label);
    if (largest) core(root);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** A generated Backstage catalogue (bench/generate.ts backstageCatalogue): `svcm validate` per entity, beside svcm records. */
function backstageRows(components: number): void {
  const root = tempDir('backstage');
  try {
    const gen = backstageCatalogue(root, components);
    const cli = cliValidate(root, 3);
    const perEntity = cli.wallMs / cli.records;
    rows.push({
      workload: `Backstage catalogue: ${components.toLocaleString('en')} Components (${cli.records.toLocaleString('en')} entities with the Groups, Systems, APIs and a Location; ${gen.files} files), \`svcm validate\``,
      svcm: `${ms(cli.wallMs)} (${cli.diagnostics} diagnostics, ${gen.mistakes.length} planted), ${(perEntity * 1000).toFixed(0)} µs per entity`,
      target:
        svcmMsPerRecord === undefined
          ? undefined
          : `per entity no slower than per svcm record (${(svcmMsPerRecord * 1000).toFixed(0)} µs): ${met(perEntity <= svcmMsPerRecord)}`,
    });
    figures.backstage = {
      components,
      files: gen.files,
      entities: cli.records,
      mistakes: gen.mistakes.length,
      svcm: cli,
    };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** The language server (`svcm lsp --stdio`) on a workspace: first scan, memory beside the CLI's, edits over LSP. */
async function serverRows(root: string, label: string, cliPeakMB: number): Promise<void> {
  const server = await serverBench(
    CLI,
    root,
    {
      file: 'service-management/changes/CHG-2026-00042.yaml',
      // A field the schema does not know, after the summary.
      change: (t, i) => t.replace(/\n(\s+)summary: .*/, (line, indent: string) => `${line}\n${indent}edited${i}: true`),
    },
    EDITS,
  );
  rows.push({
    workload: `${label}: language server, initialize to every diagnostic published (${server.files} files)`,
    svcm: `${ms(server.firstScanMs)} (${server.diagnostics} diagnostics)`,
  });
  rows.push({
    workload: `${label}: language server memory after the scan, and peak (the CLI's peak beside it)`,
    svcm: `${mb(server.rssMB)}, peak ${mb(server.peakMB)} (CLI ${mb(cliPeakMB)})`,
  });
  rows.push({
    workload: `${label}: language server, an edit in a change file to its diagnostics over LSP (no debounce, ${EDITS} edits)`,
    svcm: `median ${ms(median(server.editMs))}, p95 ${ms(p95(server.editMs))}`,
    target: `no slower than the editor's 83 ms: ${met(median(server.editMs) <= 83)}`,
  });
  figures[`server ${label}`] = server;
}

/**
 * The language server's rows without the CLI and core rows (SVCM_BENCH_CORE=0): one
 * `svcm validate` on the same workspace, for the peak memory to set beside the server's.
 */
async function serverAlone(size: { services: number; changes: number }): Promise<void> {
  const label = `${size.services.toLocaleString('en')} services + ${size.changes.toLocaleString('en')} changes`;
  const root = tempDir('ws');
  try {
    const gen = generateWorkspace(root, size);
    rows.push({
      workload: `workspace: ${label}`,
      svcm: `${gen.files} files, ${(gen.bytes / 1e6).toFixed(1)} MB, ${gen.mistakes.length} planted mistakes`,
    });
    const cli = cliValidate(root, 1);
    rows.push({ workload: `${label}: \`svcm validate\`, one run`, svcm: `${ms(cli.wallMs)}, peak ${mb(cli.peakMB)}` });
    await serverRows(root, label, cli.peakMB);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** The core alone, in this process, on the largest workspace: what the editor does on a keystroke. */
function core(root: string): void {
  const paths = filesUnder(root, /\.(ya?ml|md)$/);
  const [buffers, readMs] = time(() =>
    paths.map((p) => [path.relative(root, p).split(path.sep).join('/'), fs.readFileSync(p)] as const),
  );
  const index = new WorkspaceIndex();
  const [, buildMs] = time(() => {
    for (const [rel, bytes] of buffers) index.upsert(parseBytes(rel, bytes), false);
  });
  const options = { config: DEFAULT_CONFIG };
  const [all, validateMs] = time(() => validateAllUpdatingIndex(index, options));
  rows.push({ workload: 'core: read every file (one thread)', svcm: ms(readMs) });
  rows.push({ workload: 'core: parse and build the index (one thread)', svcm: ms(buildMs) });
  rows.push({
    workload: 'core: every rule on every record',
    svcm: `${ms(validateMs)} (${[...all.values()].flat().length} findings)`,
  });

  const edit = (file: string, change: (text: string, i: number) => string) => {
    const first: number[] = [];
    const whole: number[] = [];
    let affected = 0;
    let text = index.file(file)!.text;
    for (let i = 0; i < EDITS; i++) {
      text = change(text, i);
      const t = now();
      const files = index.upsert(parseFile(file, text, undefined, { previous: index.file(file) }));
      validateFileUpdatingIndex(index, file, options);
      first.push(now() - t);
      for (const f of files) if (f !== file) validateFileUpdatingIndex(index, f, options);
      whole.push(now() - t);
      affected = files.size;
    }
    return { first, whole, affected };
  };
  const change = edit('service-management/changes/CHG-2026-00042.yaml', (t, i) =>
    t.replace(/summary: .*/, `summary: edited ${i}`),
  );
  rows.push({
    workload: `core: edit a change file, revalidated with the files it touches (${change.affected}), ${EDITS} edits`,
    svcm: `median ${ms(median(change.whole))}, p95 ${ms(p95(change.whole))}`,
    target: `< 5 ms median: ${met(median(change.whole) < 5)}`,
  });
  const hub = 'service-management/services/svc-00001.yaml';
  const service = edit(hub, (t, i) => t.replace(/title: .*/, `title: Service edited ${i}`));
  rows.push({
    workload: `core: edit a busy service (${service.affected} files depend on it), the service revalidated`,
    svcm: `median ${ms(median(service.first))}, p95 ${ms(p95(service.first))}`,
  });
  rows.push({
    workload: 'core: ... and every file that depends on it revalidated',
    svcm: `median ${ms(median(service.whole))}, p95 ${ms(p95(service.whole))}`,
  });

  // Completion of a service name, and hover on a service reference, in a change file.
  const target = 'service-management/changes/CHG-2026-00043.yaml';
  const parsed = index.file(target)!;
  const at = parsed.text.indexOf('svc-', parsed.text.indexOf('services:'));
  const completion = Array.from({ length: EDITS }, () => time(() => completionsAt(index, parsed.text, at))[1]);
  const hover = Array.from({ length: EDITS }, () => time(() => hoverAt(index, parsed, parsed.text, at + 2))[1]);
  const offered = completionsAt(index, parsed.text, at).length;
  rows.push({
    workload: `core: completion of a service name (${offered} offered)`,
    svcm: `median ${ms(median(completion))}, p95 ${ms(p95(completion))}`,
  });
  rows.push({
    workload: 'core: hover on a service reference',
    svcm: `median ${ms(median(hover))}, p95 ${ms(p95(hover))}`,
  });
  figures.core = { readMs, buildMs, validateMs, change, service, completion, hover };
}

/** One file holding every service as a document of its own (the peer's slowest case). */
async function singleFile(services: number): Promise<void> {
  const root = tempDir('one-file');
  try {
    const { file, bytes, mistakes } = servicesInOneFile(root, services);
    const abs = path.join(root, file);
    const text = fs.readFileSync(abs, 'utf8');
    const teams = fs.readFileSync(path.join(root, 'service-management', 'teams.yaml'), 'utf8');
    const options = { config: DEFAULT_CONFIG };
    const full: number[] = [];
    let index = new WorkspaceIndex();
    let findings = 0;
    for (let i = 0; i < 5; i++) {
      index = new WorkspaceIndex();
      index.upsert(parseFile('service-management/teams.yaml', teams));
      full.push(
        time(() => {
          index.upsert(parseFile(file, text));
          findings = validateFileUpdatingIndex(index, file, options).length;
        })[1],
      );
    }
    // Edits in one document, about in the middle: parsed with the file before, revalidated.
    const edits: number[] = [];
    let current = text;
    const middle = current.indexOf('\n  title: ', Math.floor(current.length / 2)) + 3;
    for (let i = 0; i < EDITS; i++) {
      const end = current.indexOf('\n', middle);
      current = `${current.slice(0, middle)}title: Service edited ${i}${current.slice(end)}`;
      edits.push(
        time(() => {
          const files = index.upsert(parseFile(file, current, undefined, { previous: index.file(file) }));
          for (const f of files) validateFileUpdatingIndex(index, f, options);
        })[1],
      );
    }
    // Every Node's runs before the peer's, none in its wake.
    const byNode = new Map(nodes.map((node) => [node, cliValidate(root, SHORT_RUNS, {}, node)]));
    const cli = byNode.get(process.execPath)!;
    const peerFiles = [abs, path.join(root, 'service-management', 'teams.yaml')];
    const first = await peer(root, peerFiles, {
      file: abs,
      change: (t) => t.replace(/title: .*/, (l) => `${l} (edited)`),
    });
    // The peer's run is ten times svcm's: timed three times, its median, as svcm's is the median of its runs.
    const others = first ? [await peer(root, peerFiles), await peer(root, peerFiles)] : [];
    const peerRuns = [first, ...others].filter((r): r is PeerResult => r !== undefined);
    const yls = first && { ...first, openToDiagnosticsMs: median(peerRuns.map((r) => r.openToDiagnosticsMs)) };
    const label = `one file of ${services.toLocaleString('en')} services (${(bytes / 1e6).toFixed(1)} MB, ${mistakes.length} planted mistakes)`;
    rows.push({
      workload: `${label}: full validation (svcm: core, parse + every rule; peer: open to diagnostics)`,
      svcm: `${ms(median(full))} (${findings} findings)`,
      peer: yls && `${ms(yls.openToDiagnosticsMs)} (${yls.diagnostics} diagnostics)`,
      ratio: yls ? median(full) / yls.openToDiagnosticsMs : undefined,
      target: `< 500 ms: ${met(median(full) < 500)}`,
    });
    for (const [node, run] of byNode) {
      const ratio = yls ? run.wallMs / yls.openToDiagnosticsMs : undefined;
      rows.push({
        workload: `${label}: \`svcm validate\`, whole process, under ${nodeLabel(node)} (peer: open to diagnostics)`,
        svcm: `${ms(run.wallMs)}, ${mb(run.peakMB)}`,
        peer: yls && ms(yls.openToDiagnosticsMs),
        ratio,
        target: ratio !== undefined ? faster(ratio, 8) : undefined,
      });
    }
    rows.push({
      workload: `${label}: an edit in one document, re-diagnosed (median, p95 over ${EDITS}; peer: one edit)`,
      svcm: `median ${ms(median(edits))}, p95 ${ms(p95(edits))}`,
      peer: yls?.editToDiagnosticsMs !== undefined ? ms(yls.editToDiagnosticsMs) : undefined,
      ratio: yls?.editToDiagnosticsMs ? median(edits) / yls.editToDiagnosticsMs : undefined,
      target: `< 50 ms: ${met(median(edits) < 50)}`,
    });
    if (withServer) {
      const server = await serverBench(
        CLI,
        root,
        {
          file,
          // In one document about the middle of the file.
          change: (t, i) => {
            const at = t.indexOf('\n  title: ', Math.floor(t.length / 2));
            const end = t.indexOf('\n', at + 1);
            return `${t.slice(0, end)}\n  edited${i}: true${t.slice(end)}`;
          },
        },
        EDITS,
      );
      rows.push({
        workload: `${label}: language server, an edit in one document to its diagnostics over LSP (no debounce)`,
        svcm: `median ${ms(median(server.editMs))}, p95 ${ms(p95(server.editMs))}`,
      });
      figures.singleFileServer = server;
    }
    figures.singleFile = {
      services,
      bytes,
      mistakes: mistakes.length,
      fullMs: full,
      editMs: edits,
      cli,
      byNode: Object.fromEntries([...byNode].map(([node, run]) => [nodeLabel(node), run])),
      peer: yls,
      peerRuns: peerRuns.map((r) => r.openToDiagnosticsMs),
    };
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------
// Second round (docs/performance.md): other Node versions, many mistakes, the doubled catalogue, --cache.

/** Node binaries `svcm validate` is also timed with (SVCM_BENCH_NODES, comma-separated), besides the one running the bench. */
const extraNodes = (process.env.SVCM_BENCH_NODES ?? '').split(',').filter((n) => n.trim() !== '');
const nodes = [process.execPath, ...extraNodes];
const nodeLabel = (node: string) => `Node ${spawnSync(node, ['--version'], { encoding: 'utf8' }).stdout.trim()}`;
const faster = (ratio: number, times: number) =>
  `>= ${times}x faster: ${met(ratio <= 1 / times)} (${(1 / ratio).toFixed(1)}x)`;

/** `svcm validate` of the same workspace under the other Node binaries, against the same peer run. */
function otherNodes(root: string, label: string, yls: PeerResult | undefined): void {
  for (const node of extraNodes) {
    const cli = cliValidate(root, 3, {}, node);
    const ratio = yls ? cli.wallMs / yls.openToDiagnosticsMs : undefined;
    rows.push({
      workload: `${label}: validate everything, \`svcm validate\` under ${nodeLabel(node)}`,
      svcm: `${ms(cli.wallMs)} (${cli.diagnostics} diagnostics), ${mb(cli.peakMB)}`,
      peer: yls && ms(yls.openToDiagnosticsMs),
      ratio,
      target: `${ratio !== undefined ? `${faster(ratio, 8)}; ` : ''}< 300 MB: ${met(cli.peakMB < 300)}`,
    });
    figures[`workspace ${label} ${nodeLabel(node)}`] = cli;
  }
}

/** `svcm validate --cache`: a first run writes the cache; then one change file edited before each timed run. */
function cacheRows(root: string, label: string): void {
  const file = path.join(root, 'service-management', 'changes', 'CHG-2026-00042.yaml');
  const original = fs.readFileSync(file, 'utf8');
  for (const node of nodes) {
    const cold = cliValidate(root, 1, {}, node, ['--cache'], undefined, 'in the timed run');
    const warm = cliValidate(root, 3, {}, node, ['--cache'], (i) =>
      fs.writeFileSync(
        file,
        original.replace(/summary: .*/, (l) => `${l} (edit ${i} ${node.length})`),
      ),
    );
    fs.writeFileSync(file, original);
    rows.push({
      workload: `${label}: \`svcm validate --cache\` under ${nodeLabel(node)}, first run (writes the cache); then one file changed before each run`,
      svcm: `first ${ms(cold.wallMs)}; then ${ms(warm.wallMs)} (${warm.diagnostics} diagnostics), ${mb(warm.peakMB)}`,
      target: `< 1 s: ${met(warm.wallMs < 1000)}`,
    });
    figures[`cache ${nodeLabel(node)}`] = { cold, warm };
    fs.rmSync(path.join(root, 'node_modules'), { recursive: true, force: true });
  }
}

/** The same sizes with mistakes in 30% of the records: the findings cliff. */
async function manyMistakes(size: { services: number; changes: number }): Promise<void> {
  const label = `${size.services.toLocaleString('en')} services + ${size.changes.toLocaleString('en')} changes, mistakes in 30% of the records`;
  const root = tempDir('ws30');
  try {
    const gen = generateWorkspace(root, { ...size, mistakes: 0.3 });
    const yamlFiles = filesUnder(root, /\.ya?ml$/);
    const yls = await peer(root, yamlFiles);
    for (const node of nodes) {
      const cli = cliValidate(root, 3, {}, node);
      const ratio = yls ? cli.wallMs / yls.openToDiagnosticsMs : undefined;
      rows.push({
        workload: `${label} (${gen.mistakes.length} planted): \`svcm validate\` under ${nodeLabel(node)}`,
        svcm: `${ms(cli.wallMs)} (${cli.diagnostics} diagnostics), ${mb(cli.peakMB)}`,
        peer: yls && `${ms(yls.openToDiagnosticsMs)} (${yls.diagnostics} diagnostics)`,
        ratio,
        target: ratio !== undefined ? faster(ratio, 5) : undefined,
      });
      figures[`mistakes30 ${nodeLabel(node)}`] = { svcm: cli, peer: yls };
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

/** The one-file catalogue twice in one folder: every service a duplicate-name, in both files. */
function doubledCatalogue(services: number): void {
  const root = tempDir('doubled');
  try {
    const { file } = servicesInOneFile(root, services);
    fs.copyFileSync(path.join(root, file), path.join(root, file.replace(/\.yaml$/, '-copy.yaml')));
    for (const node of nodes) {
      const cli = cliValidate(root, 3, {}, node);
      rows.push({
        workload: `one file of ${services.toLocaleString('en')} services, twice in one folder: \`svcm validate\` under ${nodeLabel(node)}`,
        svcm: `${ms(cli.wallMs)} (${cli.diagnostics} diagnostics), ${mb(cli.peakMB)}`,
        target: `< 4 s: ${met(cli.wallMs < 4000)}`,
      });
      figures[`doubled ${nodeLabel(node)}`] = cli;
    }
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  if (!fs.existsSync(CLI) || !fs.existsSync(SCHEMA)) throw new Error('build first: node esbuild.js');
  const started = new Date();
  const largest = sizes.reduce((a, b) => (b.services + b.changes > a.services + a.changes ? b : a));
  if (withCore) {
    for (const size of sizes) await workspaceSize(size, size === largest);
    if (backstageComponents > 0) backstageRows(backstageComponents);
    await singleFile(largest.services);
    if (process.env.SVCM_BENCH_SECOND !== '0') {
      await manyMistakes(largest);
      doubledCatalogue(largest.services);
    }
  } else if (withServer) await serverAlone(largest);
  if (withEditor) {
    const editor = editorBench(largest);
    for (const [workload, value] of editor.rows) rows.push({ workload, svcm: value });
    figures.editor = editor.figures;
  }

  const machine = `node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, load average ${os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}`;
  const table = [
    `svcm bench, ${started.toISOString()}, ${machine}`,
    '',
    '| workload | svcm | yaml-language-server | svcm / peer | target |',
    '| --- | --- | --- | --- | --- |',
    ...rows.map(
      (r) =>
        `| ${r.workload} | ${r.svcm} | ${r.peer ?? ''} | ${r.ratio === undefined ? '' : r.ratio.toFixed(2)} | ${r.target ?? ''} |`,
    ),
  ].join('\n');
  console.log(table);
  const out = path.join(REPO, 'bench', 'results', `${started.toISOString().replace(/[:.]/g, '-')}.json`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(
    out,
    `${JSON.stringify({ started: started.toISOString(), machine, sizes, rows, figures }, null, 2)}\n`,
  );
  console.log(`\nfigures written to ${path.relative(REPO, out)}`);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
});
