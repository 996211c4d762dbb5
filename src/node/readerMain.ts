// The reading thread's script (bundled as dist/reader.js; see readerThread.ts): reads
// every file it is sent, in order, and sends the bytes back in batches, one
// transferred buffer each.
import { parentPort, workerData } from 'node:worker_threads';
import { readRecordBytes, reason } from './readBytes';
import type { Entry } from './readerThread';

/** Files per message. */
const BATCH = 200;
/** Batches sent and not yet taken in by the main thread, at most: reading far ahead would only hold memory. */
const AHEAD = 8;

/** [batches the main thread has taken in], shared with it (readerThread.ts). */
const taken = new Int32Array((workerData as { taken: SharedArrayBuffer }).taken);

parentPort?.once('message', (files: { abs: string; rel: string }[]) => {
  for (let i = 0, sent = 0; i < files.length; i += BATCH, sent++) {
    while (sent - Atomics.load(taken, 0) >= AHEAD) Atomics.wait(taken, 0, Atomics.load(taken, 0), 1000);
    const chunks: Uint8Array[] = [];
    const entries: Entry[] = files.slice(i, i + BATCH).map((file) => {
      try {
        const read = readRecordBytes(file.abs);
        if (!read) return { skipped: true };
        chunks.push(read.bytes);
        return { offset: -1, length: read.bytes.length, size: read.size };
      } catch (error) {
        return { warning: `cannot read '${file.rel}': ${reason(error)}` };
      }
    });
    const buffer = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    let next = 0;
    for (const entry of entries) {
      if (!('offset' in entry)) continue;
      buffer.set(chunks[next++], at);
      entry.offset = at;
      at += entry.length;
    }
    parentPort!.postMessage({ entries, buffer: buffer.buffer }, [buffer.buffer]);
  }
});
