import * as vscode from 'vscode';
import type { RecordPlace } from '../../server/protocol';
import { createCommand } from './support';

export const OPEN_RECORD = 'svcm.openRecord';

/** A record to open: its workspace folder, its file relative to that folder (with `/`) and the UTF-16 offsets to select. */
export interface RecordTarget {
  folder: vscode.Uri;
  path: string;
  start?: number;
  end?: number;
}

/** A record the language server placed (svcm/tree, svcm/fileOwners), as a target for `svcm.openRecord`. */
export function placeTarget(place: RecordPlace): RecordTarget {
  return { folder: vscode.Uri.parse(place.folder), path: place.path, start: place.start, end: place.end };
}

/**
 * Opens a record's file and selects (and reveals) the given span. Returns the
 * file's URI. A path that leaves the folder is refused.
 */
export async function openTarget(
  target: RecordTarget,
  options: { viewColumn?: vscode.ViewColumn } = {},
): Promise<vscode.Uri> {
  const segments = target.path.split('/');
  if (target.path.startsWith('/') || segments.includes('..'))
    throw new Error(`not a path inside the workspace folder: ${target.path}`);
  const uri = vscode.Uri.joinPath(target.folder, ...segments);
  const document = await vscode.workspace.openTextDocument(uri);
  const start = document.positionAt(target.start ?? 0);
  const range = new vscode.Range(start, document.positionAt(target.end ?? target.start ?? 0));
  const editor = await vscode.window.showTextDocument(document, { selection: range, viewColumn: options.viewColumn });
  editor.revealRange(range, vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return uri;
}

/**
 * `svcm.openRecord`: from a Services view node (its `target`), from a
 * `RecordTarget`, or from `(folderUri, path, start?, end?)`. Returns the
 * opened file's URI, or undefined when the argument names no record.
 */
export function registerOpenRecord(log: vscode.LogOutputChannel): vscode.Disposable {
  return createCommand(
    OPEN_RECORD,
    log,
    'cannot open the record',
    async (arg?: unknown, path?: unknown, start?: unknown, end?: unknown) => {
      const target = targetFrom(arg, path, start, end);
      if (!target) {
        void vscode.window.showInformationMessage(
          'svcm: nothing to open here: choose a service, change, release or knowledge record.',
        );
        return undefined;
      }
      return openTarget(target);
    },
  );
}

function targetFrom(arg: unknown, path: unknown, start: unknown, end: unknown): RecordTarget | undefined {
  const offset = (value: unknown) =>
    typeof value === 'number' && Number.isInteger(value) && value >= 0 ? value : undefined;
  if (arg instanceof vscode.Uri || typeof arg === 'string') {
    const folder = typeof arg === 'string' ? vscode.Uri.parse(arg) : arg;
    return typeof path === 'string' ? { folder, path, start: offset(start), end: offset(end) } : undefined;
  }
  if (!arg || typeof arg !== 'object') return undefined;
  // A view node carries its record's target; a plain target is accepted as it is.
  const candidate = 'target' in arg ? (arg as { target?: unknown }).target : arg;
  if (!candidate || typeof candidate !== 'object') return undefined;
  const { folder, path: file, start: s, end: e } = candidate as Record<string, unknown>;
  if (typeof file !== 'string' || !(folder instanceof vscode.Uri || typeof folder === 'string')) return undefined;
  return {
    folder: typeof folder === 'string' ? vscode.Uri.parse(folder) : folder,
    path: file,
    start: offset(s),
    end: offset(e),
  };
}
