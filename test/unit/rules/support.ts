import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { FixData } from '../../../src/core/finding';
import { LineIndex } from '../../../src/core/parse/lines';
import type { RuleCode } from '../../../src/core/rules/codes';
import { validateAllUpdatingIndex } from '../../../src/core/validate';
import { TODAY, workspace } from '../helpers';

export interface Place {
  file: string;
  at: string;
  text: string;
}

/** The findings with one code, with their related places and fix data, positions as `Seen` has them. */
export function detailed(
  files: Record<string, string>,
  code: RuleCode,
): (Place & { message: string; related: Place[]; data?: FixData })[] {
  const place = (file: string, span: { start: number; end: number }): Place => {
    const text = files[file];
    const p = new LineIndex(text).positionAt(span.start);
    return { file, at: `${p.line + 1}:${p.character + 1}`, text: text.slice(span.start, span.end) };
  };
  const out = [];
  for (const [file, findings] of validateAllUpdatingIndex(workspace(files), { config: DEFAULT_CONFIG, today: TODAY })) {
    for (const f of findings) {
      if (f.code !== code) continue;
      out.push({
        ...place(file, f.span),
        message: f.message,
        related: (f.related ?? []).map((r) => place(r.file, r.span)),
        ...(f.data ? { data: f.data } : {}),
      });
    }
  }
  return out.sort((a, b) => a.file.localeCompare(b.file) || a.at.localeCompare(b.at));
}
