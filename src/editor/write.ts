import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { CreateFailed, createFileExclusive } from '../node/createFile';
import {
  RECORD_EDITS_REQUEST,
  type RecordEdit,
  type RecordEditsParams,
  type RecordEditsResult,
} from '../server/protocol';
import type { IndexRequests } from './commands/support';

/**
 * How svcm writes (docs/commands.md, "Writing is safe"): only in a trusted workspace,
 * only inside the workspace folder, new files exclusively (never over an
 * existing one), and edits to existing records through the editor, so that
 * unsaved text is never lost and what was clean is saved again.
 */

/** A write svcm will not make, with the reason in words a person can act on (shown without a stack). */
export class WriteRefused extends Error {
  override readonly name = 'WriteRefused';
}

/** Throws WriteRefused in an untrusted workspace. */
export function assertTrusted(): void {
  if (!vscode.workspace.isTrusted)
    throw new WriteRefused('this workspace is not trusted, so svcm does not write files: trust the workspace first');
}

/**
 * The folder a setting names (`svcm.changesFolder` …), relative to the
 * workspace folder. Refuses (WriteRefused) an absolute path, `..`, and, on
 * disk, a path that leads outside the folder through a symbolic link.
 */
export async function folderInside(
  folder: vscode.WorkspaceFolder,
  setting: string,
  value: string,
): Promise<vscode.Uri> {
  const relative = value
    .trim()
    .replace(/\\/g, '/')
    .replace(/^(\.\/)+/, '')
    .replace(/\/+$/, '');
  const refuse = (why: string) =>
    new WriteRefused(
      `the setting ${setting} ('${value}') ${why}: use a folder inside the workspace folder '${folder.name}', like 'service-management/changes'`,
    );
  if (/^([a-zA-Z]:|\/|~)/.test(relative) || path.isAbsolute(value.trim())) throw refuse('is an absolute path');
  const segments = relative === '' || relative === '.' ? [] : relative.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) throw refuse('leads outside the workspace folder');
  const uri = segments.length > 0 ? vscode.Uri.joinPath(folder.uri, ...segments) : folder.uri;
  if (folder.uri.scheme === 'file') await refuseEscapingLinks(folder.uri.fsPath, uri.fsPath, refuse);
  return uri;
}

/** Refuses when the nearest existing folder on the way resolves (through links) outside the workspace folder. */
async function refuseEscapingLinks(root: string, target: string, refuse: (why: string) => Error): Promise<void> {
  const realRoot = await fs.promises.realpath(root);
  let existing = target;
  for (;;) {
    try {
      const real = await fs.promises.realpath(existing);
      if (real !== realRoot && !real.startsWith(realRoot + path.sep))
        throw refuse('leads outside the workspace folder through a symbolic link');
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      const parent = path.dirname(existing);
      if (parent === existing) return;
      existing = parent;
    }
  }
}

/** The names of the entries of a folder; [] when it does not exist. */
export async function entryNames(dir: vscode.Uri): Promise<string[]> {
  try {
    return (await vscode.workspace.fs.readDirectory(dir)).map(([name]) => name);
  } catch {
    return [];
  }
}

/**
 * Creates a file with `text` only if nothing is there: `open(…, 'wx')` on disk,
 * elsewhere a WorkspaceEdit that does not overwrite. Returns false on a clash
 * (the file exists, or appeared meanwhile). Folders on the way are created.
 */
export async function createExclusive(uri: vscode.Uri, text: string): Promise<boolean> {
  assertTrusted();
  if (uri.scheme === 'file') {
    try {
      return await createFileExclusive(uri.fsPath, text, vscode.workspace.asRelativePath(uri, false));
    } catch (error) {
      // A read-only folder, a full disk: said in a sentence; nothing half-written is left (docs/security.md).
      if (error instanceof CreateFailed) throw new WriteRefused(error.message);
      throw error;
    }
  }
  if (await exists(uri)) return false;
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(
    uri,
    { overwrite: false, contents: new TextEncoder().encode(text) },
    { label: 'svcm: new record', needsConfirmation: false },
  );
  if (await vscode.workspace.applyEdit(edit)) return true;
  if (await exists(uri)) return false;
  throw new Error(`the editor did not create ${uri.toString(true)}`);
}

/** A file a command proposes to write: its name in the folder, and its text. */
export interface Proposal {
  fileName: string;
  text: string;
}

/**
 * Writes the first proposal whose file does not exist yet. `propose` gets the
 * names taken in `dir` (listed first, then every clash met) and returns the
 * next proposal (e.g. the next free id, which the language server may be
 * asked for), or undefined to give up. Returns the
 * proposal written and its URI.
 */
export async function createFirstFree<P extends Proposal>(
  dir: vscode.Uri,
  propose: (taken: ReadonlySet<string>) => P | undefined | Promise<P | undefined>,
  attempts = 50,
): Promise<{ uri: vscode.Uri; proposal: P } | undefined> {
  const taken = new Set(await entryNames(dir));
  for (let i = 0; i < attempts; i++) {
    const proposal = await propose(taken);
    if (!proposal) return undefined;
    if (taken.has(proposal.fileName))
      throw new Error(`internal error: ${proposal.fileName} was proposed again after a clash`);
    const uri = vscode.Uri.joinPath(dir, proposal.fileName);
    if (await createExclusive(uri, proposal.text)) return { uri, proposal };
    taken.add(proposal.fileName);
  }
  throw new Error(`no free file name found in ${dir.toString(true)} after ${attempts} attempts`);
}

/** How often the edits are worked out again when the document changed while the server worked them out. */
const EDIT_ATTEMPTS = 3;

/**
 * Edits a record file through the editor: the language server works out the
 * edits (`svcm/recordEdits`) on the document's text as it stands (opened if it
 * is not), unsaved edits included, and they are applied with a WorkspaceEdit
 * only while the document is still that text (asked again when it changed
 * meanwhile). A document that had no unsaved changes is saved afterwards; one
 * that had keeps them, with the edits on top, unsaved. Returns whether anything
 * was edited; throws WriteRefused with the server's reason when it refuses.
 */
export async function editRecordFile(server: IndexRequests, uri: vscode.Uri, edit: RecordEdit): Promise<boolean> {
  assertTrusted();
  const document = await vscode.workspace.openTextDocument(uri);
  const wasDirty = document.isDirty;
  for (let attempt = 1; ; attempt++) {
    const version = document.version;
    const result = await server.sendRequest<RecordEditsResult>(RECORD_EDITS_REQUEST, {
      uri: uri.toString(),
      text: document.getText(),
      edit,
    } satisfies RecordEditsParams);
    if (document.version !== version) {
      if (attempt < EDIT_ATTEMPTS) continue;
      throw new WriteRefused(`${vscode.workspace.asRelativePath(uri, false)} kept changing: run the command again`);
    }
    if (result.refused !== undefined) throw new WriteRefused(result.refused);
    if (result.edits.length === 0) return false;
    const workspaceEdit = new vscode.WorkspaceEdit();
    for (const e of result.edits)
      workspaceEdit.replace(
        uri,
        new vscode.Range(e.range.start.line, e.range.start.character, e.range.end.line, e.range.end.character),
        e.newText,
      );
    if (!(await vscode.workspace.applyEdit(workspaceEdit)))
      throw new Error(`the editor did not apply the edit to ${uri.toString(true)}`);
    if (!wasDirty && !(await document.save())) throw new Error(`the editor did not save ${uri.toString(true)}`);
    return true;
  }
}

/** Opens a file written by a command, with the cursor at a UTF-16 offset. */
export async function openAt(uri: vscode.Uri, offset: number): Promise<vscode.TextEditor | undefined> {
  const document = await vscode.workspace.openTextDocument(uri);
  const position = document.positionAt(offset);
  let editor: vscode.TextEditor;
  try {
    editor = await vscode.window.showTextDocument(document, {
      selection: new vscode.Range(position, position),
      preview: false,
    });
  } catch {
    // The record is written; showing it is a courtesy. VS Code refuses an editor that another
    // opening superseded ("Could NOT open editor", e.g. two commands run at once): the command
    // still succeeded and returns its file.
    return undefined;
  }
  editor.revealRange(new vscode.Range(position, position), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
  return editor;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}
