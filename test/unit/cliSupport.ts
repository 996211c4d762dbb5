// Shared by the CLI tests: run the BUILT binary (dist/cli.js, from `node esbuild.js`) in throw-away folders.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const REPO = path.resolve(__dirname, '../..');
export const CLI = path.join(REPO, 'dist', 'cli.js');
export const FIXTURES = path.join(REPO, 'test', 'fixtures');

/** Fails the suite early, with the fix, when the CLI has not been built. */
export function requireBuiltCli(): void {
  if (!fs.existsSync(CLI))
    throw new Error(`${path.relative(REPO, CLI)} is missing: run 'node esbuild.js' before the unit tests`);
}

export interface CliRun {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs `node dist/cli.js ...args` in `cwd` (or another copy of the CLI, with more environment). A run that hangs is killed after
 * `timeoutMs` and shows up as `status: null, signal: 'SIGTERM'`.
 */
export function svcm(
  args: readonly string[],
  cwd: string,
  timeoutMs = 60_000,
  options: { env?: Record<string, string>; cli?: string } = {},
): CliRun {
  const env = { ...process.env, ...options.env };
  const result = spawnSync(process.execPath, [options.cli ?? CLI, ...args], {
    cwd,
    encoding: 'utf8',
    timeout: timeoutMs,
    maxBuffer: 256 * 1024 * 1024,
    env,
  });
  if (result.error && (result.error as NodeJS.ErrnoException).code !== 'ETIMEDOUT') throw result.error;
  return { status: result.status, signal: result.signal, stdout: result.stdout ?? '', stderr: result.stderr ?? '' };
}

/** A finished run (no hang, no crash), whose stderr holds no stack trace, with the expected exit status. */
export function assertClean(run: CliRun, status: number): void {
  assert.equal(run.signal, null, `svcm was killed (${run.signal}): it hung\nstderr: ${run.stderr}`);
  assert.doesNotMatch(run.stderr, /^\s+at /m, `stack trace on stderr:\n${run.stderr}`);
  assert.equal(
    run.status,
    status,
    `exit status ${run.status}, expected ${status}\nstdout: ${run.stdout.slice(0, 2000)}\nstderr: ${run.stderr.slice(0, 2000)}`,
  );
}

export interface JsonDiagnostic {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
}

export interface JsonReport {
  version: number;
  summary: { files: number; records: number; errors: number; warnings: number; infos: number };
  diagnostics: JsonDiagnostic[];
}

/** `svcm validate --format json ...paths` in `cwd`: the parsed report (stdout must be pure JSON) and the run. */
export function validateJson(
  cwd: string,
  paths: readonly string[] = [],
  expectedStatus?: number,
): { report: JsonReport; run: CliRun } {
  const run = svcm(['validate', '--format', 'json', ...paths], cwd);
  if (expectedStatus !== undefined) assertClean(run, expectedStatus);
  let report: JsonReport;
  try {
    report = JSON.parse(run.stdout) as JsonReport;
  } catch {
    assert.fail(`stdout is not JSON:\n${run.stdout.slice(0, 2000)}\nstderr: ${run.stderr.slice(0, 2000)}`);
  }
  return { report, run };
}

/** One-based `line:col` of a JSON diagnostic's start, as a person reads it. */
export function at(d: JsonDiagnostic): string {
  return `${d.range.start.line + 1}:${d.range.start.character + 1}`;
}

/** Temporary folders under the OS temp folder, removed by `cleanup()` (call it in `after`). */
export class TempDirs {
  private readonly dirs: string[] = [];

  make(prefix = 'svcm-test-'): string {
    // realpath: on macOS the temp folder is behind a link, and svcm prints paths relative to the real cwd.
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
    this.dirs.push(dir);
    return dir;
  }

  cleanup(): void {
    for (const dir of this.dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Writes files (path with `/` -> text or bytes) under `root`, creating folders. */
export function writeTree(root: string, files: Record<string, string | Uint8Array>): void {
  for (const [file, content] of Object.entries(files)) {
    const abs = path.join(root, ...file.split('/'));
    fs.mkdirSync(path.dirname(abs), { recursive: true });
    fs.writeFileSync(abs, content);
  }
}

/** Copies a fixture folder of test/fixtures into `dest` (created). */
export function copyFixture(name: string, dest: string): string {
  fs.cpSync(path.join(FIXTURES, name), dest, { recursive: true });
  return dest;
}
