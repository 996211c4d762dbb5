import * as fs from 'node:fs';
import { CONFIG_FILE, parseConfig } from '../core/config';
import type { Logger } from '../core/logger';
import { stripBom } from '../core/parse/decode';
import { parseFile } from '../core/parse/parseFile';
import { skippedLinksNote } from '../node/boundary';
import { loadExternalEntities } from '../node/backstageEntities';
import { discover, reason } from '../node/discover';
import { readAndParse, readRecordBytes, type ReadResult } from '../node/readFile';
import { readInThread, useReaderThread } from '../node/readerThread';
import type { FolderState } from './folders';

export interface ScanOptions {
  /** The reading thread's script (dist/reader.js); without it every file is read on this thread. */
  readerScript?: string;
  /** Texts of open documents by folder-relative path: they win over the disk. */
  openTexts: ReadonlyMap<string, string>;
  /** Called now and then with how far the scan is. */
  progress(done: number, total: number): void;
  /** Whether the scan is no longer wanted (a newer scan of the folder started, the folder was removed). */
  stale(): boolean;
  log: Logger;
}

/** Files read between two turns of the event loop, so requests and edits are answered during a scan. */
const BATCH = 64;

/**
 * Reads a workspace folder into `folder`: its `svcm.config.yaml` and every
 * record file the CLI would read (src/node's discovery: `.gitignore`,
 * `node_modules`, links and special files treated as `svcm validate` treats
 * them), read by src/node's reader (a second thread above its threshold).
 * Returns the number of candidate files.
 */
export async function scanFolder(folder: FolderState, options: ScanOptions): Promise<number> {
  loadConfig(folder, options.openTexts.get(CONFIG_FILE), options.log);
  let files;
  try {
    const found = discover(folder.root, folder.root, []);
    files = found.files;
    if (found.skippedLinks.length > 0) options.log.info(`[scan] ${skippedLinksNote(found.skippedLinks, folder.name)}`);
  } catch (error) {
    options.log.warn(`[scan] cannot read ${folder.root}: ${reason(error)}`);
    return 0;
  }
  let done = 0;
  const add = (i: number, result: ReadResult) => {
    done++;
    if (result.warning) options.log.debug(`[scan] ${result.warning}`);
    const open = options.openTexts.get(files[i].rel);
    if (open !== undefined) folder.index.upsert(parseFile(files[i].rel, open), false);
    else if (result.parsed) folder.index.upsert(result.parsed, false);
    if (done % 500 === 0) options.progress(done, files.length);
  };
  options.progress(0, files.length);
  if (options.readerScript && useReaderThread(files.length) && fs.existsSync(options.readerScript)) {
    await readInThread(files, options.readerScript, add, (message) => options.log.warn(`[scan] ${message}`));
  } else {
    for (let i = 0; i < files.length; i++) {
      add(i, readAndParse(files[i]));
      if (i % BATCH === BATCH - 1) {
        await new Promise((resolve) => setImmediate(resolve));
        if (options.stale()) return files.length;
      }
    }
  }
  options.progress(files.length, files.length);
  loadExternalEntitiesOf(folder, options.log);
  return files.length;
}

/** Reads the folder's `svcm.config.yaml` (the open document's text when given): severities, as the CLI reads them. */
export function loadConfig(folder: FolderState, openText: string | undefined, log: Logger): void {
  let text = openText ?? '';
  if (openText === undefined) {
    try {
      const read = readRecordBytes(folder.absolute(CONFIG_FILE), Infinity);
      text = read ? stripBom(Buffer.from(read.bytes).toString('utf8')) : '';
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
        log.warn(`[scan] cannot read ${CONFIG_FILE}: ${reason(error)}`);
    }
  }
  const { config, findings } = parseConfig(text);
  folder.config = config;
  folder.configFindings = findings;
  folder.configText = text;
  // A scan reads them once its files are in; a config that changed later reads them again now.
  if (folder.index.files().length > 0) loadExternalEntitiesOf(folder, log);
}

/**
 * Reads the places of `backstage.entities` into the folder's index as known
 * entities that are not validated, as the CLI does (docs/backstage.md),
 * replacing what an earlier config had read; a place that cannot be read is a
 * finding on its entry of `svcm.config.yaml`.
 */
export function loadExternalEntitiesOf(folder: FolderState, log: Logger): void {
  for (const path of folder.externalFiles) if (folder.index.file(path)?.external) folder.index.remove(path);
  folder.externalFiles = [];
  const sources = folder.config.backstageEntities ?? [];
  if (sources.length === 0) return;
  const before = new Set(folder.index.files().map((f) => f.path));
  try {
    folder.configFindings = [
      ...folder.configFindings,
      ...loadExternalEntities(sources, folder.root, folder.root, folder.index),
    ];
  } catch (error) {
    log.warn(`[scan] backstage.entities: ${reason(error)}`);
  }
  folder.externalFiles = folder.index
    .files()
    .filter((f) => f.external && !before.has(f.path))
    .map((f) => f.path);
}
