import ignore, { type Ignore } from 'ignore';

/** Folders never searched for records, whatever the ignore files say. */
export const ALWAYS_SKIPPED = ['node_modules', '.git'];

/**
 * The `.gitignore` rules of a workspace: each file's rules apply to paths under
 * its own folder, as git applies them. Paths are workspace-relative with `/`;
 * folders may end in `/`. Shared by the CLI's walk and the editor's file search
 * so that both see the same files.
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

  /** Whether a path (or any folder above it) is ignored. */
  ignores(path: string): boolean {
    const parts = path.split('/');
    if (parts.some((p) => ALWAYS_SKIPPED.includes(p))) return true;
    if (this.byDir.size === 0) return false;
    // Each folder above the path, from the root down, may ignore it or a folder it is in.
    for (let depth = 0; depth < parts.length; depth++) {
      const dir = parts.slice(0, depth).join('/');
      const rules = this.byDir.get(dir);
      if (!rules) continue;
      const rest = parts.slice(depth);
      for (let i = 1; i <= rest.length; i++) {
        const candidate = rest.slice(0, i).join('/') + (i < rest.length || path.endsWith('/') ? '/' : '');
        if (candidate === '/' || candidate === '') continue;
        if (rules.ignores(candidate)) return true;
      }
    }
    return false;
  }
}
