import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * The core's `fileExists` port over the file system, for targets svcm does
 * not index (`$text: ./api.graphql`). Paths are relative to `cwd` and already
 * kept inside the workspace by the core; globs are matched against the index
 * only, so they are answered "no" here.
 */
export function nodeFileExists(cwd: string): (rel: string, glob: boolean) => boolean {
  return (rel, glob) => {
    if (glob) return false;
    try {
      return fs.statSync(path.resolve(cwd, rel)).isFile();
    } catch {
      return false;
    }
  };
}
