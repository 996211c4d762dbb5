// The reading thread's script (bundled as dist/reader.js; see readerThread.ts): reads
// each batch of files it is sent, in order, and sends their bytes back, one
// transferred buffer per batch. The main thread sends a few batches ahead, so
// neither side holds more than those: not the whole list of paths, not the bytes.
import { parentPort } from 'node:worker_threads';
import { mayHoldRecords } from '../core/parse/decode';
import { packBytes, readRecordBytes, reason } from './readBytes';
import type { Entry } from './readerThread';

parentPort?.on('message', (paths: string[]) => {
  const chunks: Uint8Array[] = [];
  const entries: Entry[] = paths.map((abs) => {
    try {
      const read = readRecordBytes(abs);
      if (!read) return { skipped: true };
      // A file that cannot hold records needs no bytes: the main thread indexes it as foreign.
      if (!mayHoldRecords(read.bytes)) return { foreign: true };
      chunks.push(read.bytes);
      return { offset: -1, length: read.bytes.length, size: read.size };
    } catch (error) {
      return { error: reason(error) };
    }
  });
  const buffer = packBytes(entries, chunks);
  parentPort!.postMessage({ entries, buffer: buffer.buffer }, [buffer.buffer]);
});
