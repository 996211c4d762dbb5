import { workerThreads } from './builtins';
import type { Finding } from '../core/finding';
import { decodeRecordBytes } from '../core/parse/decode';
import { parseBytes, type RecordDoc } from '../core/parse/parseFile';
import { localByRecord, received, type SentFile } from '../core/parallel';
import type { Candidate } from './discover';
import { readAndParse, type ReadResult } from './readFile';
import type { Entry } from './readerThread';

/**
 * Parsing on a second thread, for `svcm validate` of a large workspace: the
 * files go in batches, in order, to whichever thread is free. The parsing
 * thread (parserMain.ts) reads and parses its batches and runs the local rules
 * (`Rule.local`: the schema, window order, approvals, dates, file names) on
 * their records; this thread reads, parses and checks a batch itself whenever
 * the next one it needs is not back yet, indexes every file in order, and
 * later runs the other rules. Only places, names, values as JSON text and
 * findings cross (core/parallel.ts), not object graphs: copying those cost
 * what the second core saved (docs/performance.md).
 */

/** Below this many files, starting a thread costs more than it saves. */
export const PARSER_THRESHOLD = 1500;

/**
 * Whether to parse `files` files on a second thread. Only when asked for with
 * `SVCM_PARSE_THREAD=1`: on the 2-core machines measured it cost more CPU than
 * it saved and was slower (docs/performance.md, fourth round). Then
 * `SVCM_WORKERS=0` says never, `1` always, else above the threshold.
 */
export function useParserThread(
  files: number,
  env: { SVCM_PARSE_THREAD?: string; SVCM_WORKERS?: string } = process.env,
): boolean {
  if (env.SVCM_PARSE_THREAD?.trim() !== '1') return false;
  const setting = env.SVCM_WORKERS?.trim();
  if (setting === '0') return false;
  if (setting === '1') return true;
  return files >= PARSER_THRESHOLD;
}

/** A batch of files for the parsing thread. */
export interface ParserBatch {
  batch: number;
  files: Pick<Candidate, 'abs' | 'rel'>[];
}

/** A file as the parsing thread sends it back: as read (readerThread.ts), and when it has records, what it made of them. */
export type ParserEntry = Entry | { offset: number; length: number; size: number; sent?: SentFile };

/** Files per batch. */
const BATCH = 100;
/** Batches sent to the thread and not yet back, at most. */
const AHEAD = 4;

const NO_BYTES = new Uint8Array(0);

/**
 * Reads and parses `files`, part on a thread running `script` (parserMain.ts,
 * bundled as dist/parser.js) and the rest here, and hands each result to
 * `onResult` in the order of `files`, with the local rules' findings of its
 * records (`ValidateOptions.localFindings`; `today` is their today). If the
 * thread fails, the files it has not sent back are parsed here.
 */
export function parseInThread(
  files: readonly Pick<Candidate, 'abs' | 'rel'>[],
  script: string,
  today: string,
  resourceLimits: { maxYoungGenerationSizeMb?: number } | undefined,
  onResult: (index: number, result: ReadResult, local?: Map<RecordDoc, Finding[]>) => void,
  onWarning: (message: string) => void,
): Promise<void> {
  return new Promise((resolve) => {
    const batches = Math.ceil(files.length / BATCH);
    /** The next batch not yet given to either thread. */
    let frontier = 0;
    /** The next batch to hand on. */
    let next = 0;
    let inFlight = 0;
    let alive = true;
    let scheduled = false;
    let finished = false;
    /** Batches done (here or there) and not yet handed on, by number. */
    const ready = new Map<number, () => void>();
    const range = (batch: number) => [batch * BATCH, Math.min(files.length, (batch + 1) * BATCH)] as const;
    const worker = new (workerThreads().Worker)(script, { workerData: { today }, resourceLimits });
    const stop = (why: string) => {
      if (!alive || finished) return;
      alive = false;
      onWarning(`the parsing thread stopped (${why}); the files it had not parsed were parsed on the main thread`);
      void worker.terminate();
      // The batches it held are parsed here, in their turn.
      for (let b = next; b < frontier; b++) if (!ready.has(b)) ready.set(b, parseHere(b));
      later();
    };
    const feed = () => {
      while (alive && inFlight < AHEAD && frontier < batches) {
        const [start, end] = range(frontier);
        const message: ParserBatch = { batch: frontier++, files: [] };
        for (let i = start; i < end; i++) message.files.push({ abs: files[i].abs, rel: files[i].rel });
        worker.postMessage(message);
        inFlight++;
      }
    };
    /** Reads, parses and checks a batch here (the local rules too, so that a share costs what it costs there). */
    const parseHere = (batch: number): (() => void) => {
      const [start, end] = range(batch);
      const results: { result: ReadResult; local?: Map<RecordDoc, Finding[]> }[] = [];
      for (let i = start; i < end; i++) {
        const result = readAndParse(files[i]);
        const parsed = result.parsed;
        results.push({ result, local: parsed && parsed.records.length > 0 ? localByRecord(parsed, today) : undefined });
      }
      return () => results.forEach(({ result, local }, k) => onResult(start + k, result, local));
    };
    const later = () => {
      if (scheduled) return;
      scheduled = true;
      setImmediate(pump);
    };
    const pump = () => {
      scheduled = false;
      if (finished) return;
      for (let hand = ready.get(next); hand; hand = ready.get(next)) {
        ready.delete(next++);
        hand();
      }
      if (next >= batches) {
        finished = true;
        alive = false;
        void worker.terminate();
        resolve();
        return;
      }
      // The next batch is the thread's and not back: do the next one nobody has, then look again
      // (one at a time, so that the thread's batches are taken in and it is fed in between).
      if (frontier < batches) {
        const batch = frontier++;
        ready.set(batch, parseHere(batch));
        later();
      }
    };
    worker.on(
      'message',
      ({ batch, entries, buffer }: { batch: number; entries: ParserEntry[]; buffer: ArrayBuffer }) => {
        if (!alive) return;
        inFlight--;
        const [start] = range(batch);
        ready.set(batch, () => {
          const bytes = new Uint8Array(buffer);
          entries.forEach((entry, k) => {
            const i = start + k;
            const rel = files[i].rel;
            if ('error' in entry) onResult(i, { warning: `cannot read '${rel}': ${entry.error}` });
            else if ('skipped' in entry) onResult(i, {});
            else if ('foreign' in entry) onResult(i, { parsed: parseBytes(rel, NO_BYTES, 0) });
            else {
              const own = bytes.subarray(entry.offset, entry.offset + entry.length);
              if (!('sent' in entry) || !entry.sent) {
                const parsed = parseBytes(rel, own, entry.size);
                onResult(i, { parsed }, parsed.records.length > 0 ? localByRecord(parsed, today) : undefined);
              } else {
                const size = entry.size;
                const text = () => {
                  const decoded = decodeRecordBytes(own, size);
                  return decoded?.ok ? decoded.text : '';
                };
                const { parsed, local } = received(rel, entry.sent, text);
                onResult(i, { parsed }, local);
              }
            }
          });
        });
        feed();
        later();
      },
    );
    worker.on('error', (error) => stop(error.message));
    worker.on('exit', (code) => stop(`exit code ${code}`));
    feed();
    later();
  });
}
