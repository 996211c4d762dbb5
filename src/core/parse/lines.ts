/** Zero-based line and UTF-16 character, as in LSP and `vscode.Position`. */
export interface Position {
  line: number;
  character: number;
}

/**
 * Offsets to line/character for one text; built once per text, O(log n) per
 * look-up. A line ends at `\n` (a `\r` before it belongs to the line, as in
 * VS Code, so columns in CRLF files agree with the editor).
 */
export class LineIndex {
  private readonly starts: number[] = [0];

  constructor(private readonly text: string) {
    for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) this.starts.push(i + 1);
  }

  positionAt(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= clamped) lo = mid;
      else hi = mid - 1;
    }
    let character = clamped - this.starts[lo];
    // An offset between `\r` and `\n` is shown at the end of the line.
    const lineEnd = this.lineEnd(lo);
    if (this.starts[lo] + character > lineEnd) character = lineEnd - this.starts[lo];
    return { line: lo, character };
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    return Math.min(this.starts[position.line] + Math.max(0, position.character), this.lineEnd(position.line));
  }

  get lineCount(): number {
    return this.starts.length;
  }

  private lineEnd(line: number): number {
    const next = line + 1 < this.starts.length ? this.starts[line + 1] - 1 : this.text.length;
    return next > this.starts[line] && this.text.charCodeAt(next - 1) === 13 ? next - 1 : next;
  }
}

/*
 * Helpers of the line-based readers (core/parse/plainRead.ts, fastSpan.ts): `lines` holds
 * each line's start offset and, last, where the text they read ends.
 */

/** Columns of spaces that start `line`. */
export function indentOf(text: string, lines: readonly number[], line: number): number {
  const start = lines[line];
  let i = start;
  while (text.charCodeAt(i) === 32) i++;
  return i - start;
}

/** Where `line`'s text ends (before `\r\n` or `\n`). */
export function contentEndOf(text: string, lines: readonly number[], line: number): number {
  let end = lines[line + 1];
  if (end > lines[line] && text.charCodeAt(end - 1) === 10) end--;
  if (end > lines[line] && text.charCodeAt(end - 1) === 13) end--;
  return end;
}
