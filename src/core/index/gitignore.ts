import ignore, { type Ignore } from 'ignore';

/** Folders never searched for records, whatever the ignore files say. */
export const ALWAYS_SKIPPED = ['node_modules', '.git'];

/**
 * The `.gitignore` rules of a workspace, applied as git applies them: each
 * file's rules apply to paths under its own folder, the deepest file with an
 * opinion on a path (ignore, or `!` re-include) decides, and nothing inside an
 * ignored folder comes back. Paths are workspace-relative with `/`. The
 * editor's file search uses it; the CLI's walk applies the same precedence
 * folder by folder as it descends.
 */
export class GitignoreRules {
  private readonly byDir = new Map<string, Ignore>();

  /** Adds the text of the `.gitignore` in folder `dir` ('' for the root). */
  add(dir: string, text: string): void {
    this.byDir.set(dir.replace(/\/+$/, ''), ignore().add(text));
  }

  get size(): number {
    return this.byDir.size;
  }

  /** Whether a file path is ignored, itself or through a folder above it. */
  ignores(path: string): boolean {
    const parts = path.split('/');
    if (parts.some((p) => ALWAYS_SKIPPED.includes(p))) return true;
    if (this.byDir.size === 0) return false;
    for (let i = 1; i < parts.length; i++) if (this.decides(parts, i, true)) return true;
    return this.decides(parts, parts.length, false);
  }

  /** Whether the first `length` parts, a folder or the file, are ignored by the deepest rules with an opinion. */
  private decides(parts: string[], length: number, isDir: boolean): boolean {
    for (let depth = length - 1; depth >= 0; depth--) {
      const rules = this.byDir.get(parts.slice(0, depth).join('/'));
      if (!rules) continue;
      const rel = parts.slice(depth, length).join('/') + (isDir ? '/' : '');
      const result = rules.test(rel);
      if (result.unignored) return false;
      if (result.ignored) return true;
    }
    return false;
  }
}
