// The parsing thread's script (bundled as dist/parser.js; see parserThread.ts): reads and
// parses each batch of files it is sent and runs the local rules on their records; sends
// back, one transferred buffer per batch, each file's bytes and what core/parallel.ts makes
// of it, so that only places, names, values as JSON text and findings cross.
import { parentPort, workerData } from 'node:worker_threads';
import { mayHoldRecords } from '../core/parse/decode';
import { parseBytes } from '../core/parse/parseFile';
import { sendable } from '../core/parallel';
import { readRecordBytes, reason } from './readBytes';
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
  const buffer = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  let next = 0;
  for (const entry of entries) {
    if (!('offset' in entry)) continue;
    buffer.set(chunks[next++], at);
    entry.offset = at;
    at += entry.length;
  }
  parentPort!.postMessage({ batch, entries, buffer: buffer.buffer }, [buffer.buffer]);
});
