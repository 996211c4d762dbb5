// The svcm command line's entry. `svcm validate` of a large workspace runs on a worker thread (`validateInWorker`).
// The commands (src/cli/run.ts) and the language server (src/server/server.ts) are bundles of their own
// (dist/commands.js, dist/lsp.js) loaded only by the thread that runs them: this one compiles a few
// kilobytes instead of the whole CLI before it starts the worker (docs/performance.md).
import * as path from 'node:path';
import { version } from '../package.json';
import type { CommandResult } from './cli/validate';
import { USAGE_HINT } from './cli/usage';
import { VALIDATE_YOUNG_MB } from './node/youngGeneration';
import { isSmallWorkspace } from './node/smallWorkspace';
import { parse } from './cli/args';
import { loadWithCodeCache, type CachedBundle } from './node/codeCache';
import { v8, workerThreads } from './node/builtins';

let commandsBundle: CachedBundle | undefined;
/** The V8 flags this run set, when it set any (`shortRun`): its code cache is kept apart. */
let flagsSet: string | undefined;

/** What `shortRun` sets. */
const SHORT_RUN_FLAGS = '--no-turbo-inlining';

/** The commands, from beside this file, with their code cache (node/codeCache.ts). */
function commands(): typeof import('./cli/run') {
  commandsBundle ??= loadWithCodeCache(path.join(__dirname, 'commands.js'), flagsSet);
  return commandsBundle.exports as typeof import('./cli/run');
}

/** Once a command is done: keeps the commands' code cache, when it is svcm's to keep. */
function keepCodeCache(): void {
  commandsBundle?.keep();
}

/**
 * `svcm lsp --stdio`: the language server (src/server), on standard input and output;
 * `--node-ipc` for a client that starts it as a Node child process.
 */
function lsp(args: readonly string[]): void {
  const unknown = args.filter((a) => a !== '--stdio' && a !== '--node-ipc' && !a.startsWith('--clientProcessId'));
  if (unknown.length > 0) {
    process.stderr.write(`svcm: unknown option '${unknown[0]}' for svcm lsp: use --stdio\n${USAGE_HINT}\n`);
    process.exitCode = 2;
    return;
  }
  // Loaded only here, so the other commands do not pay for it.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { startServer } = require(path.join(__dirname, 'lsp.js')) as typeof import('./server/server');
  startServer(version, args.includes('--node-ipc') ? 'auto' : 'stdio');
}

/**
 * What the thread that validates a large workspace finds in its `process.argv`:
 * Node's worker_threads module (1-2 ms to load) is loaded only by a run that
 * starts that thread, and by that thread.
 */
const VALIDATING_THREAD = '--svcm-validating-thread';

/** Runs `svcm validate` on a worker thread with `VALIDATE_YOUNG_MB`; this thread prints what it returns. */
function validateInWorker(args: readonly string[]): void {
  const worker = new (workerThreads().Worker)(__filename, {
    argv: [VALIDATING_THREAD],
    workerData: { svcmCli: { args, cwd: process.cwd() } },
    resourceLimits: { maxYoungGenerationSizeMb: VALIDATE_YOUNG_MB },
  });
  let done = false;
  worker.on('message', (result: CommandResult) => {
    done = true;
    finish(result);
  });
  worker.on('error', (error) => {
    done = true;
    process.stderr.write(`svcm: internal error: ${error.message}\n`);
    process.exitCode = 2;
  });
  worker.on('exit', () => {
    if (done) return;
    process.stderr.write('svcm: internal error: the validating thread stopped without a result\n');
    process.exitCode = 2;
  });
}

/**
 * Whether `svcm validate` runs on this thread, with no worker to start: a small
 * workspace (node/smallWorkspace.ts), or a cached run whose cache is there (it
 * reads and parses only what changed). `SVCM_WORKERS=0` says always, `1` only
 * for the cached run. Arguments that do not parse are reported here.
 */
function validatesHere(args: readonly string[]): boolean {
  const setting = process.env.SVCM_WORKERS?.trim();
  if (setting === '0') return true;
  let paths: string[];
  try {
    paths = parse(args).positionals.slice(1);
  } catch {
    return true;
  }
  const cwd = process.cwd();
  if (setting !== '1' && isSmallWorkspace(cwd, paths)) {
    shortRun();
    return true;
  }
  return args.includes('--cache') && commands().cachedValidateReady(args, cwd);
}

/**
 * A run that ends within a few hundred milliseconds on this thread (a small
 * workspace) compiles its hot functions with TurboFan but without inlining: each
 * compile takes a fraction of the time, so the code reaches the fast tier sooner,
 * and V8's compiler threads, four on a machine of two cores, leave this thread
 * its core. The single large file takes 15% less time under Node 20 and 10% less
 * under Node 24; a long run gains from inlining, and a large workspace keeps it
 * (docs/performance.md, "TurboFan without inlining for a short run"). Set before
 * the commands are loaded: their code cache is made and taken under the same flags.
 */
function shortRun(): void {
  v8().setFlagsFromString(SHORT_RUN_FLAGS);
  flagsSet = SHORT_RUN_FLAGS;
}

function main(): void {
  const threads = process.argv.includes(VALIDATING_THREAD) ? workerThreads() : undefined;
  if (threads && !threads.isMainThread) {
    const job = (threads.workerData as { svcmCli?: { args: string[]; cwd: string } } | undefined)?.svcmCli;
    if (job)
      void commands()
        .run(job.args, job.cwd)
        .then((result) => {
          // Before the answer: the first thread ends the process once it has printed it.
          keepCodeCache();
          threads.parentPort!.postMessage(result);
        });
    return;
  }
  const args = process.argv.slice(2);
  if (args[0] === 'lsp') {
    // Standard output is the protocol's: whatever escapes goes to standard error, and the client restarts the server.
    process.on('uncaughtException', (error) => {
      process.stderr.write(`svcm lsp: internal error: ${error.stack ?? error.message}\n`);
      process.exit(2);
    });
    return lsp(args.slice(1));
  }
  // Whatever escapes (it should not) is still one line, never a stack trace.
  process.on('uncaughtException', (error) => {
    process.stderr.write(`svcm: internal error: ${error.message}\n`);
    process.exit(2);
  });
  // `svcm validate | head`: the reader went away; stop quietly.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw error;
  });
  if (args[0] === 'validate' && !validatesHere(args)) return validateInWorker(args);
  void commands()
    .run(args, process.cwd())
    .then((result) => {
      keepCodeCache();
      finish(result);
    });
}

/**
 * Prints what a command returns and ends the process as soon as the output is
 * written (a pipe on Linux and macOS takes it asynchronously; the callbacks wait
 * for it): the command is done, threads included, and Node's own teardown would
 * only collect garbage, 7 ms of the single large file's run under Node 24 and
 * 19 ms under Node 20 (docs/performance.md).
 */
function finish(result: CommandResult): void {
  process.exitCode = result.exitCode;
  const parts = [
    [process.stdout, result.stdout],
    [process.stderr, result.stderr],
  ] as const;
  let writing = parts.filter(([, text]) => text).length;
  if (writing === 0) process.exit(result.exitCode);
  for (const [stream, text] of parts)
    if (text) stream.write(text, () => --writing === 0 && process.exit(result.exitCode));
}

if (require.main === module) main();
