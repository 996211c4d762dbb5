import { Worker } from 'node:worker_threads';
import { parseBytes } from '../core/parse/parseFile';
import type { Candidate } from './discover';
import { readAndParse, type ReadResult } from './readFile';

/**
 * Reading on a second thread, for the first load of a large workspace: one
 * thread opens and reads the files (most of that time is spent in the kernel)
 * while the main thread parses, indexes and checks what has arrived. The bytes
 * cross in one transferred buffer per batch, so nothing is copied. Threads that
 * also parsed were tried and were slower: copying the parsed values between
 * threads cost what the parsing saved (docs/performance.md).
 */

/** Below this many files, starting a thread costs more than it saves. */
export const READER_THRESHOLD = 1500;

/** Whether to read `files` files on a second thread: `SVCM_WORKERS=0` says never, `1` always, else above the threshold. */
export function useReaderThread(files: number, env: string | undefined = process.env.SVCM_WORKERS): boolean {
  const setting = env?.trim();
  if (setting === '0') return false;
  if (setting === '1') return true;
  return files >= READER_THRESHOLD;
}

/** A file as read: its bytes in the batch's buffer, or why there are none (readerMain.ts sends these). */
export type Entry = { offset: number; length: number; size: number } | { warning: string } | { skipped: true };

/**
 * Reads `files` on a thread running `script` (readerMain.ts, bundled on its
 * own as dist/reader.js) and parses them here, handing each result to
 * `onResult` in the order of `files`. If the thread fails, the files it has not
 * sent are read here.
 */
export function readInThread(
  files: readonly Pick<Candidate, 'abs' | 'rel'>[],
  script: string,
  onResult: (index: number, result: ReadResult) => void,
  onWarning: (message: string) => void,
): Promise<void> {
  return new Promise((resolve) => {
    let done = 0;
    const taken = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(script, { workerData: { taken: taken.buffer } });
    const finish = (why?: string) => {
      if (done > files.length) return;
      if (why !== undefined) {
        onWarning(`the reading thread stopped (${why}); the files it had not read were read on the main thread`);
        for (; done < files.length; done++) onResult(done, readAndParse(files[done]));
      }
      done = files.length + 1;
      void worker.terminate();
      resolve();
    };
    worker.on('message', ({ entries, buffer }: { entries: Entry[]; buffer: ArrayBuffer }) => {
      const bytes = new Uint8Array(buffer);
      for (const entry of entries) {
        const file = files[done];
        if ('warning' in entry) onResult(done, { warning: entry.warning });
        else if ('skipped' in entry) onResult(done, {});
        else
          onResult(done, {
            parsed: parseBytes(file.rel, bytes.subarray(entry.offset, entry.offset + entry.length), entry.size),
          });
        done++;
      }
      Atomics.add(taken, 0, 1);
      Atomics.notify(taken, 0);
      if (done === files.length) finish();
    });
    worker.on('error', (error) => finish(error.message));
    worker.on('exit', (code) => {
      if (done < files.length) finish(`exit code ${code}`);
    });
    if (files.length === 0) finish();
    else worker.postMessage(files.map(({ abs, rel }) => ({ abs, rel })));
  });
}
