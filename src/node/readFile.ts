import * as fs from 'node:fs';
import { MAX_FILE_BYTES } from '../core/parse/decode';
import { parseBytes, type ParsedFile } from '../core/parse/parseFile';
import { reason, type Candidate } from './discover';

/** How much of a file above MAX_FILE_BYTES is read: enough to see `apiVersion: svcm/` and say "too large". */
export const LARGE_FILE_PREFIX = 64 * 1024;

/** A found file, read and parsed: `parsed`, or a `warning` when it cannot be read, or neither when it is no longer a regular file. */
export interface ReadResult {
  parsed?: ParsedFile;
  warning?: string;
}

export function readAndParse(file: Pick<Candidate, 'abs' | 'rel'>): ReadResult {
  let read: FileBytes | undefined;
  try {
    read = readRecordBytes(file.abs);
  } catch (error) {
    return { warning: `cannot read '${file.rel}': ${reason(error)}` };
  }
  // Replaced by something that is not a regular file since it was found: skipped like it.
  return read ? { parsed: parseBytes(file.rel, read.bytes, read.size) } : {};
}

export interface FileBytes {
  /** The whole file, or its first LARGE_FILE_PREFIX bytes when it is larger than `limit`. */
  bytes: Uint8Array;
  /** The file's size on disk. */
  size: number;
}

/**
 * Reads a regular file's bytes; `undefined` when the path is not a regular file.
 * Opens without blocking (a FIFO put in a file's place cannot hang the read) and
 * checks the type on the open descriptor. Files larger than `limit` are read only
 * as far as LARGE_FILE_PREFIX.
 *
 * @throws the file-system error when the file cannot be opened or read
 */
export function readRecordBytes(abs: string, limit = MAX_FILE_BYTES): FileBytes | undefined {
  const fd = fs.openSync(abs, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const stat = fs.fstatSync(fd);
    if (!stat.isFile()) return undefined;
    const want = stat.size > limit ? Math.min(stat.size, LARGE_FILE_PREFIX) : stat.size;
    const bytes = Buffer.alloc(want);
    let filled = 0;
    while (filled < want) {
      const n = fs.readSync(fd, bytes, filled, want - filled, filled);
      if (n === 0) break;
      filled += n;
    }
    return { bytes: bytes.subarray(0, filled), size: stat.size };
  } finally {
    fs.closeSync(fd);
  }
}

