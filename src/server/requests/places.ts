import { recordPlace } from '../../core/assist/catalogueTree';
import type { Span } from '../../core/finding';
import type { RecordDoc } from '../../core/parse/parseFile';
import { fsPathOf, uriOf, type FolderState } from '../folders';
import { linesOf, toRange } from '../positions';
import type { RecordPlace } from '../protocol';
import type { Workspace } from '../workspace';

/** The workspace folder a client names by its URI (as given, or as the same path), else undefined. */
export function folderOf(workspace: Workspace, uri: string): FolderState | undefined {
  if (typeof uri !== 'string') return undefined;
  const folders = workspace.allFolders();
  const exact = folders.find((f) => f.uri === uri);
  if (exact) return exact;
  const root = fsPathOf(uri);
  return root === undefined ? undefined : folders.find((f) => f.root === root);
}

/** Where a record's name is, for a client to open it; undefined when its file is no longer indexed. */
export function placeOf(folder: FolderState, record: RecordDoc): RecordPlace | undefined {
  const { file, span } = recordPlace(record);
  return placeAt(folder, file, span);
}

/** A span of an indexed file, for a client to open; undefined when the file is no longer indexed. */
export function placeAt(folder: FolderState, file: string, span: Span): RecordPlace | undefined {
  const parsed = folder.index.file(file);
  if (!parsed) return undefined;
  return {
    folder: folder.uri,
    path: file,
    uri: uriOf(folder.absolute(file)),
    range: toRange(linesOf(parsed), span),
    start: span.start,
    end: span.end,
  };
}
