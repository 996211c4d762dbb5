import * as path from 'node:path';
import { CONFIG_FILE, DEFAULT_CONFIG, parseConfig, type SvcmConfig } from '../core/config';
import { findRoot, isFile } from './workspaceRoot';
import type { Finding } from '../core/finding';
import { WorkspaceIndex } from '../core/index/workspaceIndex';
import { stripBom } from '../core/parse/decode';
import type { RecordDoc } from '../core/parse/parseFile';
import { ReadBoundary, skippedLinksNote } from './boundary';
import { discover, reason, relativeTo } from './discover';
import { readAndParse, readRecordBytes, type ReadResult } from './readFile';
import { readInThread, useReaderThread } from './readerThread';
import { parseInThread, useParserThread } from './parserThread';
import { loadExternalEntities } from './backstageEntities';

export interface LoadOptions {
  /** Absolute path of the current folder: what shown paths are relative to (and the root when no config says otherwise). */
  cwd: string;
  /** PATH arguments as typed; `[]` for the whole root. */
  paths: readonly string[];
}

export interface ConfigFile {
  /** Relative to `cwd`, with `/` (`svcm.config.yaml`). */
  path: string;
  text: string;
  findings: Finding[];
}

export interface LoadedWorkspace {
  /** Absolute path of the workspace root. */
  root: string;
  /** Every record file of the root and the PATHs, by path relative to `cwd` with `/`. */
  index: WorkspaceIndex;
  /** The indexed paths under the PATHs, sorted: the files to report on. */
  reported: string[];
  config: SvcmConfig;
  /** `svcm.config.yaml` at the root, when there is one. */
  configFile?: ConfigFile;
  /** Files and folders inside the tree that could not be read; they do not change the exit status. */
  warnings: string[];
  /** What was left out on purpose, said once at info level (links leading outside the folders being validated). */
  notes: string[];
  /**
   * The local rules' findings of the records parsed on the parsing thread
   * (`ValidateOptions.localFindings`); absent when every file was parsed here.
   */
  localFindings?: Map<RecordDoc, Finding[]>;
}

/**
 * Loads a workspace for the CLI: finds the root (`findRoot`), reads and indexes
 * every record file under it and under the PATHs (so references resolve against
 * the whole root), reads `svcm.config.yaml` at the root, and lists the files under
 * the PATHs in `reported`. Paths are relative to `cwd`, with `/`.
 *
 * @throws UsageError when a PATH cannot be read
 */
export function loadWorkspace(options: LoadOptions): LoadedWorkspace {
  const loading = startLoading(options);
  loading.found.files.forEach((file, i) => loading.add(i, readAndParse(file)));
  return loading.finish();
}

/**
 * `loadWorkspace`, with a large workspace's files read on a second thread that
 * runs `readerScript` (readerThread.ts) while this one parses. The result is the
 * same, in the same order.
 *
 * @throws UsageError when a PATH cannot be read
 */
export async function loadWorkspaceInParallel(options: LoadOptions, readerScript: string): Promise<LoadedWorkspace> {
  const loading = startLoading(options);
  const files = loading.found.files;
  if (useReaderThread(files.length)) await readInThread(files, readerScript, loading.add, loading.warn);
  else files.forEach((file, i) => loading.add(i, readAndParse(file)));
  return loading.finish();
}

/**
 * `loadWorkspaceInParallel`, or, when `useParserThread` says so, with a large
 * workspace's files parsed partly on a second thread that runs `parserScript`
 * (parserThread.ts). The local rules then run as each file is parsed, on
 * whichever thread: their findings are in `localFindings`, for
 * `ValidateOptions.localFindings`. The index is the same, in the same order.
 * `today` is the local rules' today.
 *
 * @throws UsageError when a PATH cannot be read
 */
export async function loadWorkspaceParsingInParallel(
  options: LoadOptions,
  scripts: { reader: string; parser: string },
  today: string,
  resourceLimits?: { maxYoungGenerationSizeMb?: number },
): Promise<LoadedWorkspace> {
  const loading = startLoading(options);
  const files = loading.found.files;
  if (!useParserThread(files.length)) {
    if (useReaderThread(files.length)) await readInThread(files, scripts.reader, loading.add, loading.warn);
    else files.forEach((file, i) => loading.add(i, readAndParse(file)));
    return loading.finish();
  }
  const localFindings = new Map<RecordDoc, Finding[]>();
  await parseInThread(
    files,
    scripts.parser,
    today,
    resourceLimits,
    (i, result, local) => {
      if (local) for (const [record, findings] of local) localFindings.set(record, findings);
      loading.add(i, result);
    },
    loading.warn,
  );
  return { ...loading.finish(), localFindings };
}

/** The parts of a load around reading the files: discovery before, the index as results come in, the config after. */
export function startLoading(options: LoadOptions) {
  const root = findRoot(options.cwd, options.paths);
  const found = discover(root, options.cwd, options.paths);
  const warnings = [...found.warnings];
  const index = new WorkspaceIndex();
  const reported: string[] = [];
  return {
    found,
    /** Results must come in the order of `found.files` (the index keeps the first of a duplicate). */
    add(i: number, result: ReadResult): void {
      if (result.warning !== undefined) warnings.push(result.warning);
      if (!result.parsed) return;
      // A bulk load: neighbours are not tracked, everything is validated afterwards.
      index.upsert(result.parsed, false);
      if (found.reported.has(found.files[i].rel)) reported.push(found.files[i].rel);
    },
    /**
     * Counts the file as read without putting it in the index: a run that takes its
     * findings from elsewhere (`svcm validate --cache`). In the order of `add`.
     */
    keep(i: number): void {
      if (found.reported.has(found.files[i].rel)) reported.push(found.files[i].rel);
    },
    warn(message: string): void {
      warnings.push(message);
    },
    finish(): LoadedWorkspace {
      reported.sort(comparePaths);
      const skipped = [...found.skippedLinks];
      const { config, configFile } = readConfig(root, options.cwd, warnings, skipped);
      if (config.backstageEntities?.length) {
        const findings = loadExternalEntities(config.backstageEntities, root, options.cwd, index);
        if (configFile) configFile.findings.push(...findings);
      }
      const notes = skipped.length > 0 ? [skippedLinksNote(skipped, 'the folders being validated')] : [];
      return { root, index, reported, config, configFile, warnings, notes };
    },
  };
}

function readConfig(
  root: string,
  cwd: string,
  warnings: string[],
  skippedLinks: string[],
): { config: SvcmConfig; configFile?: ConfigFile } {
  const configAbs = path.join(root, CONFIG_FILE);
  // A config linked from outside the root is not read either (its text would be quoted in its findings).
  if (new ReadBoundary([root]).escapes(configAbs) !== undefined) {
    if (!skippedLinks.includes(relativeTo(cwd, configAbs))) skippedLinks.push(relativeTo(cwd, configAbs));
    return { config: DEFAULT_CONFIG };
  }
  try {
    const read = isFile(configAbs) ? readRecordBytes(configAbs, Infinity) : undefined;
    if (read) {
      const text = stripBom(Buffer.from(read.bytes).toString('utf8'));
      const parsed = parseConfig(text);
      return {
        config: parsed.config,
        configFile: { path: relativeTo(cwd, configAbs), text, findings: parsed.findings },
      };
    }
  } catch (error) {
    warnings.push(`cannot read '${CONFIG_FILE}': ${reason(error)}`);
  }
  return { config: DEFAULT_CONFIG };
}

/** Orders paths as a person lists them: by folder, then name (plain code-unit order, the same on every OS). */
export function comparePaths(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
