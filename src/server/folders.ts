import * as fs from 'node:fs';
import * as path from 'node:path';
import { URI } from 'vscode-uri';
import { DEFAULT_CONFIG, type SvcmConfig } from '../core/config';
import type { Finding } from '../core/finding';
import { ALWAYS_SKIPPED, GitignoreRules } from '../core/index/gitignore';
import { WorkspaceIndex } from '../core/index/workspaceIndex';
import { ReadBoundary } from '../node/boundary';
import { isRecordFileName } from '../node/discover';
import { nodeFileExists } from '../node/fileExists';

/** A file-system path for a `file:` URI, else undefined (svcm reads only local files). */
export function fsPathOf(uri: string): string | undefined {
  try {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? path.resolve(parsed.fsPath) : undefined;
  } catch {
    return undefined;
  }
}

/** The `file:` URI of a path, spelt as VS Code spells it. */
export function uriOf(abs: string): string {
  return URI.file(abs).toString();
}

/**
 * The records of one workspace folder: its index, its `svcm.config.yaml`, and
 * the `.gitignore` rules that decide which of its files are read. Paths in the
 * index are relative to the folder, with `/`, as the CLI's are to its root.
 */
export class FolderState {
  readonly index = new WorkspaceIndex();
  config: SvcmConfig = DEFAULT_CONFIG;
  configFindings: Finding[] = [];
  configText = '';
  /** Paths (relative to the folder, may start with `..`) of the files read from `backstage.entities`. */
  externalFiles: string[] = [];
  /** `.gitignore` texts read so far, by folder-relative folder ('' for the root); `null` when there is none. */
  private readonly ignoreTexts = new Map<string, string | null>();
  private gitignore = new GitignoreRules();
  /** What may be read (docs/security.md): a link whose target lies outside the folder is not. */
  readonly boundary: ReadBoundary;
  /** The core's port for files svcm does not index (docs/backstage.md, `location-target`). */
  readonly fileExists: (rel: string, glob: boolean) => boolean;

  constructor(
    /** The folder's URI as the client gave it. */
    readonly uri: string,
    /** Its absolute path. */
    readonly root: string,
    readonly name: string,
  ) {
    this.boundary = new ReadBoundary([root]);
    this.fileExists = nodeFileExists(root);
  }

  /** The folder-relative path (with `/`) of an absolute path inside the folder, else undefined. */
  relative(abs: string): string | undefined {
    const rel = path.relative(this.root, abs);
    if (rel === '' || rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel)) return undefined;
    return rel.split(path.sep).join('/');
  }

  absolute(rel: string): string {
    return path.join(this.root, ...rel.split('/'));
  }

  /** Whether a relative path can hold records: a record file name, not under `node_modules`/`.git`, not ignored. */
  isCandidate(rel: string): boolean {
    return isRecordFileName(rel) && !this.ignores(rel);
  }

  /** Whether git would ignore the path, by the `.gitignore` files of the folders above it (read on first use). */
  ignores(rel: string): boolean {
    const parts = rel.split('/');
    if (parts.some((p) => ALWAYS_SKIPPED.includes(p))) return true;
    for (let i = 0; i < parts.length; i++) this.readIgnore(parts.slice(0, i).join('/'));
    return this.gitignore.ignores(rel);
  }

  /** Forgets the `.gitignore` files read (one of them changed). */
  forgetIgnoreRules(): void {
    this.ignoreTexts.clear();
    this.gitignore = new GitignoreRules();
  }

  private readIgnore(dir: string): void {
    if (this.ignoreTexts.has(dir)) return;
    let text: string | null = null;
    try {
      const file = path.join(this.absolute(dir), '.gitignore');
      if (fs.statSync(file).isFile()) text = fs.readFileSync(file, 'utf8');
    } catch {
      // no .gitignore in this folder
    }
    this.ignoreTexts.set(dir, text);
    if (text !== null) this.gitignore.add(dir, text);
  }
}
