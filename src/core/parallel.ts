import type { Finding } from './finding';
import {
  formatOf,
  keptFile,
  keptRecordOf,
  type KeptHead,
  storedFile,
  type ParsedFile,
  type RecordDoc,
} from './parse/parseFile';
import { localFindingsOf } from './validate';

/*
 * A file parsed on one thread and indexed on another (docs/architecture.md):
 * the parsing thread sends each record's place, kind, name and value as JSON
 * text, with the findings of the local rules (`Rule.local`), which it runs
 * beside the parse; the indexing thread makes records of them whose values are
 * parsed from the JSON when first read, and runs only the other rules. Both
 * ends are here, so that a test can hold the pair to a parse on one thread.
 */

/** `[docIndex, start, end, apiVersion, kind, name, value as JSON]` (kind and name null when absent). */
export type SentRecord = [...KeptHead, string];

/** A parsed file as it crosses threads: plain data, cheap to copy. */
export interface SentFile {
  /** How much of the text was parsed (a Markdown file's front matter). */
  sourceEnd: number;
  records: SentRecord[];
  /** The local rules' findings, by record, at default severity. */
  local: Finding[][];
}

/**
 * What a parsing thread sends of `parsed`: undefined when the file is better
 * parsed again where it is indexed (no records; a record read by `yaml`, whose
 * syntax findings and tree do not cross; a problem of the whole file; a value
 * JSON would not give back as it is). `today` as in `ValidateOptions`.
 */
export function sendable(parsed: ParsedFile, today: string): SentFile | undefined {
  const stored = storedFile(parsed);
  if (!stored || stored.records.length === 0) return undefined;
  return {
    sourceEnd: stored.sourceEnd,
    records: stored.records.map((r, i) => [
      r.docIndex,
      r.start,
      r.end,
      r.apiVersion,
      parsed.records[i].kind ?? null,
      parsed.records[i].name ?? null,
      JSON.stringify(r.value),
    ]),
    local: localFindingsOf(parsed, today),
  };
}

/**
 * The file `sendable` sent, for the index: records whose values are parsed
 * from their JSON when first read, and the local findings by record (for
 * `ValidateOptions.localFindings`). `text` gives the file's text when a span or
 * the text is first asked for.
 */
export function received(
  path: string,
  sent: SentFile,
  text: () => string,
): { parsed: ParsedFile; local: Map<RecordDoc, Finding[]> } {
  const parsed = keptFile(
    path,
    formatOf(path) ?? 'yaml',
    sent.sourceEnd,
    sent.records.map((row) => keptRecordOf(row, () => JSON.parse(row[6]) as Record<string, unknown>)),
    text,
  );
  const local = new Map<RecordDoc, Finding[]>();
  parsed.records.forEach((record, i) => local.set(record, sent.local[i]));
  return { parsed, local };
}

/**
 * The local rules' findings of a file parsed where it is indexed, in the form
 * `received` gives them: what a thread that parses part of the files itself
 * works out as it parses, so that its share costs what the other thread's does.
 */
export function localByRecord(parsed: ParsedFile, today: string): Map<RecordDoc, Finding[]> {
  const found = localFindingsOf(parsed, today);
  const local = new Map<RecordDoc, Finding[]>();
  parsed.records.forEach((record, i) => local.set(record, found[i]));
  return local;
}
