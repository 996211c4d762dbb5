import { parseBytes, type ParsedFile } from '../core/parse/parseFile';
import type { Candidate } from './discover';
import { readRecordBytes, reason, type FileBytes } from './readBytes';

export { LARGE_FILE_PREFIX, readRecordBytes, type FileBytes } from './readBytes';

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
