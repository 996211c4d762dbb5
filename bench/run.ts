import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../src/core/config';
import { WorkspaceIndex } from '../src/core/index/workspaceIndex';
import { parseBytes, parseFile } from '../src/core/parse/parseFile';
import { validateAll, validateFile } from '../src/core/validate';
import { generateWorkspace } from './generate';

/**
 * `npm run bench`: the numbers PERFORMANCE.md asks for, on a generated
 * workspace (5,000 services + 20,000 changes by default; SVCM_BENCH_SCALE=0.2
 * for a quick run). Prints a table; asserts nothing (timings are not tests).
 */
const scale = Number(process.env.SVCM_BENCH_SCALE ?? '1');
const counts = { services: Math.round(5000 * scale), changes: Math.round(20000 * scale) };
const root = fs.mkdtempSync(path.join(os.tmpdir(), 'svcm-bench-'));
const rows: [string, string][] = [];
const ms = (n: number) => `${n.toFixed(n < 10 ? 2 : 0)} ms`;
const time = <T>(f: () => T): [T, number] => {
  const t = process.hrtime.bigint();
  const r = f();
  return [r, Number(process.hrtime.bigint() - t) / 1e6];
};
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

try {
  const { files, bytes } = generateWorkspace(root, counts);
  rows.push(['workspace', `${files} files, ${(bytes / 1e6).toFixed(1)} MB (${counts.services} services, ${counts.changes} changes)`]);

  const paths: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else paths.push(p);
    }
  };
  walk(root);
  const [buffers, readMs] = time(() => paths.map((p) => [path.relative(root, p).split(path.sep).join('/'), fs.readFileSync(p)] as const));
  rows.push(['read all files', ms(readMs)]);
  const index = new WorkspaceIndex();
  const [, parseMs] = time(() => {
    for (const [rel, bytes] of buffers) index.upsert(parseBytes(rel, bytes), false);
  });
  rows.push(['parse + index (one thread)', ms(parseMs)]);
  const [all, validateMs] = time(() => validateAll(index, { config: DEFAULT_CONFIG }));
  rows.push(['validate all (every rule)', `${ms(validateMs)} (${[...all.values()].flat().length} findings)`]);

  // Typing: edit one change file, then revalidate it and what depends on it.
  const change = 'service-management/changes/CHG-2026-00042.yaml';
  const edits: number[] = [];
  const editedFirst: number[] = [];
  let text = index.file(change)!.text;
  for (let i = 0; i < 50; i++) {
    text = text.replace(/summary: .*/, `summary: edited ${i}`);
    const t0 = process.hrtime.bigint();
    const affected = index.upsert(parseFile(change, text));
    validateFile(index, change, { config: DEFAULT_CONFIG });
    editedFirst.push(Number(process.hrtime.bigint() - t0) / 1e6);
    for (const f of affected) validateFile(index, f, { config: DEFAULT_CONFIG });
    edits.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  rows.push(['edit a change: edited file validated', `${ms(median(editedFirst))} median`]);
  rows.push(['edit a change: with its dependants', `${ms(median(edits))} median`]);

  const service = 'service-management/services/svc-00001.yaml';
  let stext = index.file(service)!.text;
  const sEdits: number[] = [];
  let affectedCount = 0;
  for (let i = 0; i < 10; i++) {
    stext = stext.replace(/title: .*/, `title: Service edited ${i}`);
    const t0 = process.hrtime.bigint();
    const affected = index.upsert(parseFile(service, stext));
    for (const f of affected) validateFile(index, f, { config: DEFAULT_CONFIG });
    affectedCount = affected.size;
    sEdits.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  rows.push(['edit a busy service, with dependants', `${ms(median(sEdits))} median (${affectedCount} files)`]);

  // One file holding every service (the peer's 2.3–3.2 s case).
  const big = Array.from({ length: counts.services }, (_, i) => index.file(`service-management/services/svc-${String(i).padStart(5, '0')}.yaml`)!.text).join('---\n');
  const [bigParsed, bigMs] = time(() => parseFile('all-services.yaml', big));
  rows.push([`one file of ${counts.services} services: parse`, ms(bigMs)]);
  const bigIndex = new WorkspaceIndex();
  bigIndex.upsert(parseFile('teams.yaml', index.file('service-management/teams.yaml')!.text));
  bigIndex.upsert(bigParsed);
  const [, bigValidateMs] = time(() => validateFile(bigIndex, 'all-services.yaml', { config: DEFAULT_CONFIG }));
  rows.push([`one file of ${counts.services} services: validate`, ms(bigValidateMs)]);

  const cli = path.resolve(__dirname, '..', 'dist', 'cli.js');
  if (fs.existsSync(cli)) {
    const runs: number[] = [];
    for (let i = 0; i < 3; i++) {
      const t0 = process.hrtime.bigint();
      try {
        execFileSync(process.execPath, [cli, 'validate', '--format', 'json', '.'], { cwd: root, stdio: 'ignore' });
      } catch {
        // exit 1 (errors found) is fine here
      }
      runs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    }
    rows.push(['svcm validate (whole process)', `${ms(median(runs))} median of 3`]);
  }
  if (process.env.SVCM_BENCH_EDITOR !== '0') rows.push(...editorBench());
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}

/**
 * The same measures in a real VS Code (scripts/run-integration.js), on a
 * workspace of about 5,000 records: the first index, and edit to diagnostics.
 */
function editorBench(): [string, string][] {
  const repo = path.resolve(__dirname, '..');
  const entry = path.join(repo, 'dist', 'test', 'bench', 'index.js');
  if (!fs.existsSync(entry)) return [['editor', 'skipped: run `node esbuild.js --bench` first']];
  const ws = fs.mkdtempSync(path.join(os.tmpdir(), 'svcm-bench-editor-'));
  try {
    generateWorkspace(ws, { services: 1000, changes: 3700 });
    let out: string;
    try {
      out = execFileSync(process.execPath, [path.join(repo, 'scripts', 'run-integration.js'), ws, entry, '--timeout', '900'], { cwd: repo, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    } catch (error) {
      out = String((error as { stdout?: string }).stdout ?? error);
    }
    const lines = out.split('\n').filter((l) => l.includes('BENCH ')).map((l) => l.slice(l.indexOf('BENCH ') + 6));
    if (lines.length === 0) return [['editor', `no result; output ends with: ${out.slice(-500)}`]];
    return lines.map((l) => {
      const colon = l.indexOf(':');
      return [`editor: ${l.slice(0, colon)}`, l.slice(colon + 1).trim()];
    });
  } finally {
    fs.rmSync(ws, { recursive: true, force: true });
  }
}

const width = Math.max(...rows.map(([k]) => k.length));
console.log(`svcm bench, node ${process.version}, ${os.cpus().length} cores`);
for (const [k, v] of rows) console.log(`${k.padEnd(width)}  ${v}`);
