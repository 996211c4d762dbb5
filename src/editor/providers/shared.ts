import * as vscode from 'vscode';
import type { RefKind } from '../../core/index/references';
import type { FolderModel, WorkspaceModel } from '../workspaceModel';

/** Documents svcm reads records from. */
export const RECORD_SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml', scheme: 'file' },
  { language: 'yaml', scheme: 'untitled' },
  { language: 'markdown', scheme: 'file' },
];

/** Documents where ids (CHG-…, REL-…, KB-…) get links and hovers: any file, and the commit message box. */
export const ANY_TEXT_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file' },
  { scheme: 'untitled' },
  { scheme: 'vscode-scm' },
  { language: 'git-commit' },
];

/**
 * The folder to resolve ids in for a document: its own folder, or, for text
 * outside every folder (the commit message box), the first folder that
 * defines the id.
 */
export function folderFor(
  model: WorkspaceModel,
  document: vscode.TextDocument,
  kind?: RefKind,
  name?: string,
): FolderModel | undefined {
  const own = model.locate(document.uri)?.folder;
  if (own) return own;
  const folders = model.allFolders();
  if (kind && name) return folders.find((f) => f.index.definitions(kind, name).length > 0) ?? folders[0];
  return folders[0];
}

/** Runs a provider body, logging instead of throwing to the editor. */
export function guard<T>(log: { error(message: string): void }, what: string, body: () => T): T | undefined {
  try {
    return body();
  } catch (error) {
    log.error(`[${what}] ${(error as Error).stack ?? String(error)}`);
    return undefined;
  }
}
