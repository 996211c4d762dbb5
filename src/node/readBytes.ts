import * as fs from 'node:fs';
import { MAX_FILE_BYTES } from '../core/parse/decode';

/*
 * Reading a file's bytes, and nothing else: the reading thread (readerMain.ts)
 * is bundled from this module alone, so that it starts at once and stays small.
 */

/** How much of a file above MAX_FILE_BYTES is read: enough to see `apiVersion: svcm/` and say "too large". */
export const LARGE_FILE_PREFIX = 64 * 1024;

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
    const want = bytesToRead(stat.size, limit);
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

/** `readRecordBytes` without blocking the thread (the extension host reads files this way). */
export async function readRecordBytesAsync(abs: string, limit = MAX_FILE_BYTES): Promise<FileBytes | undefined> {
  const handle = await fs.promises.open(abs, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return undefined;
    const want = bytesToRead(stat.size, limit);
    const bytes = Buffer.alloc(want);
    let filled = 0;
    while (filled < want) {
      const { bytesRead } = await handle.read(bytes, filled, want - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return { bytes: bytes.subarray(0, filled), size: stat.size };
  } finally {
    await handle.close();
  }
}

function bytesToRead(size: number, limit: number): number {
  return size > limit ? Math.min(size, LARGE_FILE_PREFIX) : size;
}

/** A short reason for a file-system error ("no such file or directory"), without a stack. */
export function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e?.code) {
    case 'ENOENT':
      return 'no such file or folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ELOOP':
      return 'too many levels of symbolic links';
    case 'ENOTDIR':
      return 'not a folder';
    default:
      return e?.code ?? (e instanceof Error ? e.message : String(error));
  }
}

/**
 * A batch's bytes in one buffer, so that a reading thread transfers it to the main thread
 * instead of copying each file: `chunks` in the order of the entries that have an `offset`
 * (-1 until here), and each of those entries told where its bytes start.
 */
export function packBytes(entries: readonly object[], chunks: readonly Uint8Array[]): Uint8Array<ArrayBuffer> {
  const buffer = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  let next = 0;
  for (const entry of entries) {
    if (!('offset' in entry)) continue;
    const chunk = chunks[next++];
    buffer.set(chunk, at);
    (entry as { offset: number }).offset = at;
    at += chunk.length;
  }
  return buffer;
}
