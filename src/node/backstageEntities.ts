import * as fs from 'node:fs';
import * as path from 'node:path';
import type { EntitySource } from '../core/config';
import type { Finding } from '../core/finding';
import { asExternal, externalEntitiesFromJson } from '../core/backstage/external';
import type { WorkspaceIndex } from '../core/index/workspaceIndex';
import { discover, reason, relativeTo } from './discover';
import { readAndParse, readRecordBytes } from './readFile';

/** The largest JSON export of `backstage.entities` svcm reads (a large organisation's is tens of MB). */
export const MAX_ENTITIES_JSON_BYTES = 256 * 1024 * 1024;

/**
 * Reads the places of `backstage.entities` (docs/backstage.md) into the index as
 * known entities that are not validated. Folders are walked like the
 * workspace, YAML files read like record files, JSON files read as the array
 * `GET /api/catalog/entities` returns. Returns findings for the config file, at
 * the entry at fault: a path that cannot be read, JSON that is cut short, too
 * large or not an array. Files the workspace already holds are not read twice.
 */
export function loadExternalEntities(
  sources: readonly EntitySource[],
  root: string,
  cwd: string,
  index: WorkspaceIndex,
): Finding[] {
  const findings: Finding[] = [];
  const problem = (source: EntitySource, message: string) =>
    findings.push({ code: 'schema', severity: 'error', message, span: source.span });
  for (const source of sources) {
    const abs = path.resolve(root, source.path);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(abs);
    } catch (error) {
      problem(source, `backstage.entities: cannot read '${source.path}': ${reason(error)}`);
      continue;
    }
    try {
      if (stat.isDirectory()) {
        const found = discover(abs, cwd, [abs]);
        for (const file of found.files) {
          if (index.has(file.rel) || !/\.ya?ml$/i.test(file.rel)) continue;
          const read = readAndParse(file);
          if (read.parsed && read.parsed.records.length > 0) index.upsert(asExternal(read.parsed), false);
        }
      } else if (/\.json$/i.test(abs)) {
        if (stat.size > MAX_ENTITIES_JSON_BYTES) {
          problem(
            source,
            `backstage.entities: '${source.path}' is ${(stat.size / 1048576).toFixed(0)} MB, above the ${MAX_ENTITIES_JSON_BYTES / 1048576} MB svcm reads: export fewer entities (e.g. filter by kind)`,
          );
          continue;
        }
        const read = readRecordBytes(abs, Infinity);
        if (!read) {
          problem(source, `backstage.entities: '${source.path}' is not a regular file`);
          continue;
        }
        const rel = relativeTo(cwd, abs);
        const result = externalEntitiesFromJson(rel, Buffer.from(read.bytes).toString('utf8'));
        if (result.problem) problem(source, `backstage.entities: ${result.problem}`);
        else if (result.parsed && !index.has(rel)) index.upsert(result.parsed, false);
      } else if (/\.ya?ml$/i.test(abs)) {
        const rel = relativeTo(cwd, abs);
        if (index.has(rel)) continue;
        const read = readAndParse({ abs, rel });
        if (read.warning) problem(source, `backstage.entities: ${read.warning}`);
        else if (read.parsed) index.upsert(asExternal(read.parsed), false);
      } else {
        problem(source, `backstage.entities: '${source.path}' is neither a folder, a YAML file nor a JSON file`);
      }
    } catch (error) {
      problem(source, `backstage.entities: cannot read '${source.path}': ${reason(error)}`);
    }
  }
  return findings;
}
