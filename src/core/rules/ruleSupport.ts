import { z } from 'zod';
import type { RelatedPlace } from '../finding';
import type { RecordDoc } from '../parse/parseFile';
import { spanIn, type PathSegment } from '../parse/span';
import { compileValidity } from '../schema/compiled';
import type { Kind } from '../schema/vocabulary';

/** Helpers shared by the rules of docs/rules.md (not a rule itself). */

/** How messages name a record of each kind. */
export const KIND_NOUNS: Record<Kind, string> = {
  Team: 'team',
  Service: 'service',
  StandardChange: 'standard change template',
  Change: 'change',
  Release: 'release',
  Knowledge: 'knowledge record',
};

/** "change CHG-2026-0042", or "this change" when the name cannot be read; `adjective` goes before the noun. */
export function describeRecord(record: RecordDoc, kind: Kind, adjective?: string): string {
  const noun = adjective ? `${adjective} ${KIND_NOUNS[kind]}` : KIND_NOUNS[kind];
  return record.name !== undefined ? `${noun} ${record.name}` : `this ${noun}`;
}

/** The value at a path of a plain JS value, or undefined when the path is not there (never throws). */
export function valueAt(root: unknown, path: readonly PathSegment[]): unknown {
  let value = root;
  for (const segment of path) {
    if (value === null || typeof value !== 'object') return undefined;
    if (!Object.prototype.hasOwnProperty.call(value, segment)) return undefined;
    value = (value as Record<string, unknown>)[segment as string];
  }
  return value;
}

// zod's formats, as compiled checks: window-conflict reads the window of every change.
const DATE = compileValidity(z.iso.date());
const DATE_TIME = compileValidity(z.iso.datetime({ offset: true }));

/** The value when it is an ISO 8601 date (`2026-11-26`), else undefined. Such dates compare as strings. */
export function isoDate(value: unknown): string | undefined {
  return typeof value === 'string' && DATE(value) ? value : undefined;
}

/** Milliseconds since the epoch of an ISO 8601 date-time with offset, else undefined. */
export function instant(value: unknown): number | undefined {
  if (typeof value !== 'string' || !DATE_TIME(value)) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** A change's window as instants, when both ends are valid date-times. */
export function windowOf(spec: Record<string, unknown>): { start: number; end: number } | undefined {
  // Values never change, and window-conflict reads every change of a busy service for each of them.
  let window = windows.get(spec);
  if (window === undefined) {
    const start = instant(valueAt(spec, ['window', 'start']));
    const end = instant(valueAt(spec, ['window', 'end']));
    window = start === undefined || end === undefined ? null : { start, end };
    windows.set(spec, window);
  }
  return window ?? undefined;
}

const windows = new WeakMap<object, { start: number; end: number } | null>();

/** A related place at a path of another record (the value, or its key). */
export function relatedAt(
  record: RecordDoc,
  path: readonly PathSegment[],
  message: string,
  mode: 'value' | 'key' = 'value',
): RelatedPlace {
  return { file: record.file, span: spanIn(record, path, mode), message };
}
