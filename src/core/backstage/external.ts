import { Document } from 'yaml';
import type { ParsedFile, RecordDoc } from '../parse/parseFile';
import { ENTITY_API_VERSIONS, isEntityKind } from './model';

/** At most this many entities are taken from one JSON file of `backstage.entities`. */
export const MAX_EXTERNAL_ENTITIES = 200_000;

/**
 * The entities of a JSON file that Backstage's `GET /api/catalog/entities`
 * returns (an array of entities; `{ items: [...] }` too), as a file of known
 * entities that are not validated. Pure: the node layer reads the file. Either
 * `parsed` or `problem` (a message for the config file's entry).
 */
export function externalEntitiesFromJson(path: string, text: string): { parsed?: ParsedFile; problem?: string } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { problem: `'${path}' is not valid JSON (${(error as Error).message}): is it cut short? Export it again` };
  }
  const list = Array.isArray(value)
    ? value
    : value && typeof value === 'object' && Array.isArray((value as { items?: unknown }).items)
      ? (value as { items: unknown[] }).items
      : undefined;
  if (!list)
    return {
      problem: `'${path}' must hold a JSON array of entities (what GET /api/catalog/entities returns), not ${value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value === 'object' ? 'an object' : `a ${typeof value}`}`,
    };
  if (list.length > MAX_EXTERNAL_ENTITIES)
    return {
      problem: `'${path}' holds ${list.length} entities, more than svcm reads from one file (${MAX_EXTERNAL_ENTITIES})`,
    };
  const records: RecordDoc[] = [];
  list.forEach((entity, docIndex) => {
    const record = externalRecord(path, entity, docIndex);
    if (record) records.push(record);
  });
  return { parsed: { path, text: '', format: 'yaml', records, fileFindings: [], precise: true, external: true } };
}

/** A known entity from outside the workspace: its identity and value, no source text. */
export function externalRecord(file: string, entity: unknown, docIndex: number): RecordDoc | undefined {
  if (!entity || typeof entity !== 'object' || Array.isArray(entity)) return undefined;
  const e = entity as Record<string, unknown>;
  if (!isEntityKind(e.kind)) return undefined;
  const metadata = e.metadata as Record<string, unknown> | undefined;
  if (!metadata || typeof metadata !== 'object' || typeof metadata.name !== 'string') return undefined;
  const apiVersion =
    typeof e.apiVersion === 'string' && e.apiVersion.startsWith('backstage.io/')
      ? e.apiVersion
      : ENTITY_API_VERSIONS[0];
  return {
    file,
    docIndex,
    doc: new Document(entity) as unknown as Document.Parsed,
    span: { start: 0, end: 0 },
    syntax: [],
    apiVersion,
    kind: e.kind,
    name: metadata.name,
    value: entity,
    foreignTags: [],
  };
}

/** A parsed YAML file from `backstage.entities`: its entities only, marked external. */
export function asExternal(parsed: ParsedFile): ParsedFile {
  return {
    ...parsed,
    records: parsed.records.filter((r) => r.apiVersion.startsWith('backstage.io/')),
    fileFindings: [],
    external: true,
  };
}
