import * as os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { fromWireRecords, parseFile, toWireRecords, type ParsedFile, type WireRecord } from '../core/parse/parseFile';
import { markSchemaValid, schemaRule } from '../core/rules/schema';
import { todayUtc } from '../core/validate';
import { WorkspaceIndex } from '../core/index/workspaceIndex';
import type { Candidate } from './discover';
import { readAndParse, type ReadResult } from './readFile';

/**
 * Reading and parsing on worker threads, for the first load of a large
 * workspace (`svcm validate`): the files are shared out in batches, each
 * worker reads and parses its files and runs the schema rule on them (the one
 * rule that needs nothing but the record), and sends back plain data. The
 * index and every other rule stay on the main thread.
 */

const ROLE = 'svcm-parse';
/** Below this many files, starting threads costs more than it saves. */
export const PARALLEL_THRESHOLD = 1500;
/** Files per message: small enough to share out evenly, large enough that messages are few. */
const BATCH = 250;

interface Request {
  id: number;
  files: Pick<Candidate, 'abs' | 'rel'>[];
}

/** One file as it comes back from a worker. */
type WireResult =
  | { warning: string }
  | { skipped: true }
  | { file: Omit<ParsedFile, 'records' | 'precise'>; records: WireRecord[]; schemaValid: boolean[] }
  /** Not a fast-path file: parsed again on the main thread (its `yaml` trees cannot cross threads). */
  | { file: Omit<ParsedFile, 'records' | 'precise'>; reparse: boolean };

export function isParseWorker(): boolean {
  return !isMainThread && (workerData as { role?: unknown } | null)?.role === ROLE;
}

/** The worker's side: answers each batch with its files' results, in order. */
export function serveParseRequests(): void {
  const port = parentPort!;
  port.on('message', (request: Request) => {
    port.postMessage({ id: request.id, results: request.files.map(toWire) });
  });
}

const SCHEMA_ONLY = { index: new WorkspaceIndex(), today: todayUtc() };

function toWire(file: Pick<Candidate, 'abs' | 'rel'>): WireResult {
  const read = readAndParse(file);
  if (read.warning !== undefined) return { warning: read.warning };
  if (!read.parsed) return { skipped: true };
  const { path, text, format, fileFindings, bodyStart, records } = read.parsed;
  const plain = { path, text, format, fileFindings, bodyStart };
  const wire = toWireRecords(read.parsed);
  if (!wire) return { file: plain, reparse: records.length > 0 };
  return { file: plain, records: wire, schemaValid: records.map((r) => schemaRule.check(r, SCHEMA_ONLY).length === 0) };
}

function fromWire(result: WireResult): ReadResult {
  if ('warning' in result) return { warning: result.warning };
  if ('skipped' in result) return {};
  if ('reparse' in result) {
    const { file } = result;
    return { parsed: result.reparse ? parseFile(file.path, file.text, file.format) : { ...file, records: [], precise: true } };
  }
  result.records.forEach((r, i) => {
    if (result.schemaValid[i]) markSchemaValid(r.value);
  });
  return { parsed: fromWireRecords(result.file, result.records) };
}

/**
 * The threads for `files` files: `SVCM_WORKERS` when set (0: none, `read`: a
 * reading thread, N: N parsing threads); else, above the threshold, a reading
 * thread on machines of up to 3 cores, and a parsing thread per core but the
 * main thread's from 4. Measured on 2 cores, parsing threads did not pay (the
 * copying between threads and the main thread's share cost what they saved);
 * a reading thread did.
 */
export function workerCount(files: number, env: string | undefined = process.env.SVCM_WORKERS, cores = os.availableParallelism?.() ?? os.cpus().length): number | 'read' {
  const setting = env?.trim() ?? '';
  if (setting === 'read') return 'read';
  if (setting !== '' && Number.isInteger(Number(setting))) return Math.max(0, Math.min(Number(setting), 64));
  if (files < PARALLEL_THRESHOLD || cores < 2) return 0;
  return cores < 4 ? 'read' : Math.min(cores - 1, 8);
}

/**
 * Reads and parses `files` on `count` workers running `script` (a bundle that
 * calls `serveParseRequests` when `isParseWorker()`), and hands each result to
 * `onResult` in the order of `files`, as soon as it and all before it are in.
 * A batch whose worker fails is done on this thread instead.
 */
export function parseInWorkers(
  files: readonly Pick<Candidate, 'abs' | 'rel'>[],
  script: string,
  count: number,
  onResult: (index: number, result: ReadResult) => void,
  onWarning: (message: string) => void,
): Promise<void> {
  return new Promise((resolve) => {
    const batches: Request[] = [];
    for (let i = 0; i < files.length; i += BATCH) batches.push({ id: batches.length, files: files.slice(i, i + BATCH) });
    // A batch's results: from a worker (plain data) or read here (after a worker failed).
    const done: ({ wire: WireResult[] } | { local: ReadResult[] } | undefined)[] = new Array(batches.length);
    let next = 0;
    let delivered = 0;
    let live = 0;
    const deliver = () => {
      while (delivered < batches.length && done[delivered]) {
        const results = done[delivered]!;
        const base = delivered * BATCH;
        if ('wire' in results) results.wire.forEach((r, i) => onResult(base + i, fromWire(r)));
        else results.local.forEach((r, i) => onResult(base + i, r));
        done[delivered] = undefined;
        delivered++;
      }
      if (delivered === batches.length) resolve();
    };
    const workers: Worker[] = [];
    const inFlight = new Map<Worker, Set<number>>();
    const feed = (worker: Worker) => {
      if (next < batches.length) {
        const batch = batches[next++];
        inFlight.get(worker)!.add(batch.id);
        worker.postMessage(batch);
      } else if (inFlight.get(worker)!.size === 0) {
        void worker.terminate();
      }
    };
    const readHere = (id: number) => ({ local: batches[id].files.map(readAndParse) });
    const failed = (worker: Worker, why: string) => {
      if (!inFlight.has(worker)) return;
      onWarning(`a parsing thread stopped (${why}); its files were read on the main thread`);
      // Its batches are read here instead: a worker that fails must not lose files.
      for (const id of inFlight.get(worker)!) if (!done[id]) done[id] = readHere(id);
      inFlight.delete(worker);
      if (--live === 0) while (next < batches.length) done[next] = readHere(next++);
      deliver();
    };
    for (let w = 0; w < Math.min(count, batches.length); w++) {
      const worker = new Worker(script, { workerData: { role: ROLE } });
      live++;
      workers.push(worker);
      inFlight.set(worker, new Set());
      worker.on('message', (message: { id: number; results: WireResult[] }) => {
        inFlight.get(worker)?.delete(message.id);
        done[message.id] = { wire: message.results };
        feed(worker);
        deliver();
      });
      worker.on('error', (error) => failed(worker, error.message));
      worker.on('exit', (code) => {
        if (inFlight.get(worker)?.size) failed(worker, `exit code ${code}`);
      });
      // Two batches each, so a worker never waits for the main thread between batches.
      feed(worker);
      feed(worker);
    }
    if (batches.length === 0) resolve();
  });
}
