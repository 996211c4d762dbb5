import * as fs from 'node:fs';
import * as path from 'node:path';
import { stringify } from 'yaml';
import { exportBackstage } from '../core/backstage/export';
import { todayUtc } from '../core/today';
import { validateFileUpdatingIndex } from '../core/validate';
import type { RecordDoc } from '../core/parse/parseFile';
import { nodeFileExists } from '../node/fileExists';
import { UsageError } from '../node/discover';
import { loadWorkspace } from '../node/loadWorkspace';
import { runValidate, type CommandResult } from './validate';

export interface ExportOptions {
  cwd: string;
  /** The target: only `backstage` for now. */
  target: string | undefined;
  /** `--out DIR`: write one file per entity there instead of one stream on stdout. */
  out?: string;
  version: string;
  readerScript?: string;
}

/**
 * `svcm export backstage [--out DIR]` (docs/backstage.md): the Teams and Services
 * as Backstage Groups and Components, with a root Location. Records with errors
 * are left out and the findings printed as `svcm validate` prints them (exit 1);
 * an existing file under DIR is never overwritten (exit 2).
 */
export async function runExport(options: ExportOptions): Promise<CommandResult> {
  if (options.target !== 'backstage')
    throw new UsageError(
      options.target === undefined
        ? 'svcm export needs a target: backstage'
        : `unknown export target '${options.target}': use backstage`,
    );
  if (options.out === '') throw new UsageError('--out needs a folder');
  const checked = await runValidate({
    cwd: options.cwd,
    paths: [],
    format: 'text',
    version: options.version,
    readerScript: options.readerScript,
  });
  const ws = loadWorkspace({ cwd: options.cwd, paths: [] });
  const today = todayUtc();
  const fileExists = nodeFileExists(options.cwd);
  const leaveOut = new Set<RecordDoc>();
  for (const file of ws.index.files()) {
    const errors = validateFileUpdatingIndex(ws.index, file.path, {
      config: ws.config,
      today,
      fileExists,
      once: true,
    }).filter((f) => f.severity === 'error');
    if (errors.length === 0) continue;
    for (const record of file.records)
      if (errors.some((f) => f.span.start >= record.span.start && f.span.start <= record.span.end))
        leaveOut.add(record);
  }
  const result = exportBackstage(ws.index, leaveOut);
  const notes = result.notes.map((n) => `svcm: export: ${n}\n`).join('');
  const stderr = (checked.exitCode !== 0 ? checked.stdout + checked.stderr : '') + notes;
  const exitCode = checked.exitCode === 0 ? 0 : 1;
  const yamlOf = (entity: unknown) => stringify(entity, { lineWidth: 0 });
  if (options.out === undefined) {
    const stdout = result.files.map((f) => `---\n# ${f.path}\n${yamlOf(f.entity)}`).join('');
    return { stdout, stderr, exitCode };
  }
  const dir = path.resolve(options.cwd, options.out);
  const existing = result.files.map((f) => path.join(dir, f.path)).filter((p) => fs.existsSync(p));
  if (existing.length > 0)
    return {
      stdout: '',
      stderr: `${stderr}svcm: export: refusing to overwrite ${existing.length === 1 ? 'a file' : `${existing.length} files`} under ${options.out}: ${existing
        .map((p) => path.relative(options.cwd, p).split(path.sep).join('/'))
        .join(', ')}; remove ${existing.length === 1 ? 'it' : 'them'} or choose another --out folder\n`,
      exitCode: 2,
    };
  for (const f of result.files) {
    const file = path.join(dir, f.path);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, yamlOf(f.entity), { flag: 'wx' });
  }
  return {
    stdout: `wrote ${result.files.length} files to ${options.out} (catalog-info.yaml is the root Location)\n`,
    stderr,
    exitCode,
  };
}
