import { isUtf8 } from 'node:buffer';

/** The largest record file svcm parses; larger files get one diagnostic instead of a long stall. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/**
 * Quick test used before any parsing: files that mention neither `svcm/` nor
 * `backstage.io/` cannot hold our records or Backstage entities.
 */
export function mentionsSvcm(text: string): boolean {
  return text.includes('svcm/') || text.includes('backstage.io/');
}

export type Decoded =
  | { ok: true; text: string }
  | {
      ok: false;
      reason: 'too-large' | 'binary' | 'invalid-utf8';
      message: string;
      /** offset into the decoded prefix where the problem is */ offset: number;
      prefix: string;
    };

const SVCM_BYTES = Buffer.from('svcm/');
const BACKSTAGE_BYTES = Buffer.from('backstage.io/');

/**
 * Whether a file's bytes can hold svcm records or Backstage entities: they
 * mention `svcm/` or `backstage.io/`. The bytes of a file that does not are
 * never decoded (and the reading thread does not send them on).
 */
export function mayHoldRecords(bytes: Uint8Array): boolean {
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return buffer.indexOf(SVCM_BYTES) >= 0 || buffer.indexOf(BACKSTAGE_BYTES) >= 0;
}

/**
 * Decodes file bytes as UTF-8 text for parsing. Returns `undefined` when the
 * bytes cannot hold svcm records (no `svcm/` in them), so foreign and binary
 * files cost one byte scan. A leading BOM is dropped, as VS Code does, so that
 * offsets agree between the editor and the CLI.
 */
export function decodeRecordBytes(bytes: Uint8Array, size = bytes.length): Decoded | undefined {
  if (!mayHoldRecords(bytes)) return undefined;
  const buffer = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (size > MAX_FILE_BYTES) {
    const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);
    return {
      ok: false,
      reason: 'too-large',
      message: `file not checked: it is ${mb(size)} MB, above svcm's ${mb(MAX_FILE_BYTES)} MB limit for a record file`,
      offset: 0,
      prefix: '',
    };
  }
  const nul = buffer.indexOf(0);
  if (nul >= 0) {
    const prefix = buffer.subarray(0, nul).toString('utf8');
    return {
      ok: false,
      reason: 'binary',
      message: 'file not checked: it holds a NUL byte, so it is binary, not YAML or Markdown text',
      offset: prefix.length,
      prefix,
    };
  }
  // Node's own check is native; the scan below only finds the place of what it refuses.
  const bad = isUtf8(buffer) ? -1 : firstInvalidUtf8(buffer);
  if (bad >= 0) {
    const prefix = stripBom(buffer.subarray(0, bad).toString('utf8'));
    return {
      ok: false,
      reason: 'invalid-utf8',
      message: `invalid UTF-8 (byte 0x${buffer[bad].toString(16).padStart(2, '0')} at byte offset ${bad}): save the file as UTF-8`,
      offset: prefix.length,
      prefix,
    };
  }
  return { ok: true, text: stripBom(buffer.toString('utf8')) };
}

export function stripBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/** Byte offset of the first byte that is not part of well-formed UTF-8, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  const n = bytes.length;
  while (i < n) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
    } else return i;
    if (i + need >= n) return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
