import { workerThreads } from './builtins';
import { parseBytes } from '../core/parse/parseFile';
import type { Candidate } from './discover';
import { readAndParse, type ReadResult } from './readFile';
import { THREAD_THRESHOLD } from './smallWorkspace';

/**
 * Reading on a second thread, for the first load of a large workspace: one
 * thread opens and reads the files (most of that time is spent in the kernel)
 * while the main thread parses, indexes and checks what has arrived. The bytes
 * cross in one transferred buffer per batch, so nothing is copied. Threads that
 * also parsed were tried and were slower: copying the parsed values between
 * threads cost what the parsing saved (docs/performance.md).
 */

/** Whether to read `files` files on a second thread: `SVCM_WORKERS=0` says never, `1` always, else above the threshold. */
export function useReaderThread(files: number, env: string | undefined = process.env.SVCM_WORKERS): boolean {
  const setting = env?.trim();
  if (setting === '0') return false;
  if (setting === '1') return true;
  return files >= THREAD_THRESHOLD;
}

/** Files per batch: the paths go to the thread, and their bytes come back, a batch at a time. */
const BATCH = 200;
/** Batches sent to the thread and not yet taken in, at most: reading far ahead would only hold memory. */
const AHEAD = 8;

/**
 * A file as read (readerMain.ts sends these): its bytes in the batch's buffer;
 * `foreign` when they cannot hold records (not sent); `skipped` when it is no
 * longer a regular file; or why it cannot be read.
 */
export type Entry =
  { offset: number; length: number; size: number } | { foreign: true } | { skipped: true } | { error: string };

const NO_BYTES = new Uint8Array(0);

/**
 * Reads `files` on a thread running `script` (readerMain.ts, bundled on its
 * own as dist/reader.js) and parses them here, handing each result to
 * `onResult` in the order of `files`. The paths go to the thread in batches,
 * a few ahead of what has come back, so a workspace of 200,000 files never
 * has all its paths or bytes in flight at once. If the thread fails, the files
 * it has not sent back are read here.
 */
export function readInThread(
  files: readonly Pick<Candidate, 'abs' | 'rel'>[],
  script: string,
  onResult: (index: number, result: ReadResult) => void,
  onWarning: (message: string) => void,
): Promise<void> {
  return new Promise((resolve) => {
    let done = 0;
    let sent = 0;
    const worker = new (workerThreads().Worker)(script);
    const send = () => {
      if (sent >= files.length) return;
      const end = Math.min(files.length, sent + BATCH);
      const paths: string[] = [];
      for (let i = sent; i < end; i++) paths.push(files[i].abs);
      sent = end;
      worker.postMessage(paths);
    };
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
      if (done > files.length) return;
      const bytes = new Uint8Array(buffer);
      for (const entry of entries) {
        const file = files[done];
        if ('error' in entry) onResult(done, { warning: `cannot read '${file.rel}': ${entry.error}` });
        else if ('skipped' in entry) onResult(done, {});
        else if ('foreign' in entry) onResult(done, { parsed: parseBytes(file.rel, NO_BYTES, 0) });
        else
          onResult(done, {
            parsed: parseBytes(file.rel, bytes.subarray(entry.offset, entry.offset + entry.length), entry.size),
          });
        done++;
      }
      send();
      if (done === files.length) finish();
    });
    worker.on('error', (error) => finish(error.message));
    worker.on('exit', (code) => {
      if (done < files.length) finish(`exit code ${code}`);
    });
    if (files.length === 0) finish();
    else for (let i = 0; i < AHEAD; i++) send();
  });
}
