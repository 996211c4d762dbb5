import { ErrorCodes, ResponseError, type Connection } from 'vscode-languageserver';
import { openItemsForFile } from '../../core/assist/catalogueTree';
import { recordSummary } from '../../core/assist/summary';
import { entityRefOf } from '../../core/backstage/model';
import { specOf, titleOf } from '../../core/index/references';
import type { RecordDoc } from '../../core/parse/parseFile';
import type { FolderState } from '../folders';
import { FILE_OWNERS_REQUEST, type FileOwnersParams, type FileOwnersResult, type OwnedRecord } from '../protocol';
import type { Workspace } from '../workspace';
import { placeOf } from './places';

/**
 * `svcm/fileOwners` (docs/language-server.md): who owns a file and what is
 * open on them, for the status bar and Show Service for File, over
 * core/assist/catalogueTree.ts `openItemsForFile`.
 */
export function registerFileOwnersRequest(connection: Connection, workspace: Workspace): void {
  connection.onRequest(
    FILE_OWNERS_REQUEST,
    async (params: FileOwnersParams | null): Promise<FileOwnersResult | null> => {
      if (!params || typeof params.uri !== 'string')
        throw new ResponseError(ErrorCodes.InvalidParams, 'svcm/fileOwners needs { uri }');
      await workspace.ready();
      const where = workspace.locate(params.uri);
      if (!where) return null;
      const { folder, path } = where;
      const found = openItemsForFile(folder.index, path);
      const list = (records: RecordDoc[] | undefined) =>
        (records ?? []).map((r) => owned(folder, r)).filter((r): r is OwnedRecord => r !== undefined);
      return {
        folder: folder.uri,
        path,
        services: list(found?.services),
        changes: list(found?.changes),
        knownErrors: list(found?.knownErrors),
      };
    },
  );
}

function owned(folder: FolderState, record: RecordDoc): OwnedRecord | undefined {
  const place = placeOf(folder, record);
  if (!place) return undefined;
  const spec = specOf(record) ?? {};
  const out: OwnedRecord = {
    kind: record.kind ?? 'record',
    name: record.name ?? record.file,
    summary: recordSummary(record),
    place,
  };
  const ref = entityRefOf(record);
  if (ref !== undefined) out.ref = ref;
  const title = titleOf(record);
  if (title !== undefined) out.title = title;
  if (typeof spec.tier === 'number') out.tier = spec.tier;
  const phase = oneLine(spec.phase);
  if (phase) out.phase = phase;
  const owner = oneLine(spec.owner);
  if (owner) out.owner = owner;
  if (record.kind === 'Change') {
    const status = oneLine(spec.status);
    if (status) out.status = status;
    const text = oneLine(spec.summary);
    if (text) out.text = text;
  }
  if (record.kind === 'Knowledge') {
    const workaround = oneLine(spec.workaround);
    if (workaround) out.workaround = workaround;
  }
  return out;
}

/** A scalar as one line of text; undefined for anything else. */
function oneLine(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value).replace(/\s+/g, ' ').trim() : undefined;
}
