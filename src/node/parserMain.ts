// The parsing thread's script (bundled as dist/parser.js; see parserThread.ts): reads and
// parses each batch of files it is sent and runs the local rules on their records; sends
// back, one transferred buffer per batch, each file's bytes and what core/parallel.ts makes
// of it, so that only places, names, values as JSON text and findings cross.
import { parentPort, workerData } from 'node:worker_threads';
import { mayHoldRecords } from '../core/parse/decode';
import { parseBytes } from '../core/parse/parseFile';
import { sendable } from '../core/parallel';
import { packBytes, readRecordBytes, reason } from './readBytes';
import type { ParserBatch, ParserEntry } from './parserThread';

const today = (workerData as { today: string }).today;

parentPort?.on('message', ({ batch, files }: ParserBatch) => {
  const chunks: Uint8Array[] = [];
  const entries: ParserEntry[] = files.map(({ abs, rel }) => {
    try {
      const read = readRecordBytes(abs);
      if (!read) return { skipped: true };
      if (!mayHoldRecords(read.bytes)) return { foreign: true };
      chunks.push(read.bytes);
      const sent = sendable(parseBytes(rel, read.bytes, read.size), today);
      return { offset: -1, length: read.bytes.length, size: read.size, sent };
    } catch (error) {
      return { error: reason(error) };
    }
  });
  const buffer = packBytes(entries, chunks);
  parentPort!.postMessage({ batch, entries, buffer: buffer.buffer }, [buffer.buffer]);
});
