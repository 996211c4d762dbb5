import * as assert from 'node:assert/strict';
import { DEFAULT_CONFIG, type SvcmConfig } from '../../src/core/config';
import type { Finding } from '../../src/core/finding';
import { WorkspaceIndex } from '../../src/core/index/workspaceIndex';
import { LineIndex } from '../../src/core/parse/lines';
import { parseFile } from '../../src/core/parse/parseFile';
import type { RuleCode } from '../../src/core/rules/codes';
import { validateAllUpdatingIndex } from '../../src/core/validate';

/** The date every unit test runs "today" on, so `reviewBy` rules are stable. */
export const TODAY = '2026-11-26';

/** An index over in-memory files (path -> text). */
export function workspace(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex();
  for (const [path, text] of Object.entries(files)) index.upsert(parseFile(path, text));
  return index;
}

/** A finding seen the way a person reads it: where (file, one-based line:col, the text under it), what and how bad. */
export interface Seen {
  file: string;
  code: RuleCode;
  severity: Finding['severity'];
  /** one-based `line:col` of the start, as the CLI prints it */
  at: string;
  /** the source text the span covers */
  text: string;
  message: string;
}

/** Validates in-memory files and returns every finding as `Seen`, sorted by file then position. */
export function check(files: Record<string, string>, options: { config?: SvcmConfig; today?: string } = {}): Seen[] {
  const index = workspace(files);
  const out: Seen[] = [];
  for (const [file, findings] of validateAllUpdatingIndex(index, {
    config: options.config ?? DEFAULT_CONFIG,
    today: options.today ?? TODAY,
  })) {
    const text = files[file];
    const lines = new LineIndex(text);
    for (const f of findings) {
      const p = lines.positionAt(f.span.start);
      out.push({
        file,
        code: f.code,
        severity: f.severity,
        at: `${p.line + 1}:${p.character + 1}`,
        text: text.slice(f.span.start, f.span.end),
        message: f.message,
      });
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file));
}

/** The findings with one code, as `{file, at, text}` triples (for exact range assertions). */
export function only(seen: Seen[], code: RuleCode): { file: string; at: string; text: string }[] {
  return seen.filter((s) => s.code === code).map(({ file, at, text }) => ({ file, at, text }));
}

/** Asserts that no finding has this code. */
export function assertQuiet(seen: Seen[], code: RuleCode): void {
  assert.deepEqual(
    seen.filter((s) => s.code === code),
    [],
    `expected no ${code}`,
  );
}

/** Joins lines with `\n` (tests read better than template literals with indentation). */
export function lines(...rows: string[]): string {
  return rows.join('\n') + '\n';
}

/** A path into a JSON-like value: map keys and list indexes. */
export type Path = (string | number)[];

/** Every path into a JSON-like value (maps and lists), the root excluded. */
export function pathsOf(value: unknown, prefix: Path = []): Path[] {
  if (value === null || typeof value !== 'object') return [];
  const out: Path[] = [];
  const entries: [string | number, unknown][] = Array.isArray(value)
    ? value.map((v, i) => [i, v])
    : Object.entries(value);
  for (const [k, v] of entries) {
    out.push([...prefix, k]);
    out.push(...pathsOf(v, [...prefix, k]));
  }
  return out;
}
