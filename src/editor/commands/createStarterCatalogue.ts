import * as vscode from 'vscode';
import { STARTER_MAIN_FILE, starterCatalogue } from '../../core/assist/starterCatalogue';
import { todayUtc } from '../../core/today';
import { createCommand } from './support';

const CREATE_STARTER_CATALOGUE = 'svcm.createStarterCatalogue';

/**
 * `svcm.createStarterCatalogue [folderUri]`: writes a team, two services and a
 * standard change under `service-management/` of a workspace folder, creating
 * files only where none exist (an existing file is kept as it is), then opens
 * the first service. Returns that service file's URI, or undefined when
 * cancelled or refused (untrusted workspace, no folder).
 */
export function registerCreateStarterCatalogue(log: vscode.LogOutputChannel): vscode.Disposable {
  return createCommand(CREATE_STARTER_CATALOGUE, log, 'cannot create the starter catalogue', (arg?: unknown) =>
    createStarterCatalogue(log, arg instanceof vscode.Uri ? arg : undefined),
  );
}

async function createStarterCatalogue(
  log: vscode.LogOutputChannel,
  folderUri: vscode.Uri | undefined,
): Promise<vscode.Uri | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showErrorMessage(
      'svcm: this workspace is not trusted, so svcm does not write files. Trust the workspace to create a catalogue.',
    );
    return undefined;
  }
  const folder = folderUri ? vscode.workspace.getWorkspaceFolder(folderUri) : await chooseFolder();
  if (!folder) {
    if (folderUri || !vscode.workspace.workspaceFolders?.length)
      void vscode.window.showErrorMessage(
        'svcm: open a folder first: the catalogue is written into a workspace folder.',
      );
    return undefined;
  }
  const files = starterCatalogue(todayUtc()).map((file) => ({ ...file, uri: inside(folder.uri, file.path) }));
  await refuseLinks(
    folder.uri,
    files.map((f) => f.path),
  );

  const edit = new vscode.WorkspaceEdit();
  const kept: string[] = [];
  const encoder = new TextEncoder();
  for (const file of files) {
    if (await exists(file.uri)) {
      kept.push(file.path);
      continue;
    }
    // Exclusive: should a file appear meanwhile, the edit leaves it alone.
    edit.createFile(
      file.uri,
      { overwrite: false, ignoreIfExists: true, contents: encoder.encode(file.text) },
      { label: 'Create starter catalogue', needsConfirmation: false },
    );
  }
  if (kept.length < files.length && !(await vscode.workspace.applyEdit(edit)))
    throw new Error('the editor did not apply the file creation');
  log.info(
    `[starter] ${folder.name}: created ${files.length - kept.length} file(s)${kept.length > 0 ? `, kept existing ${kept.join(', ')}` : ''}`,
  );
  if (kept.length > 0) {
    void vscode.window.showWarningMessage(
      `svcm: kept ${kept.length === files.length ? 'the existing starter files' : `existing ${kept.join(', ')}`}; nothing was overwritten.`,
    );
  }
  const main = files.find((f) => f.path === STARTER_MAIN_FILE)!.uri;
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(main));
  return main;
}

async function chooseFolder(): Promise<vscode.WorkspaceFolder | undefined> {
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length <= 1) return folders[0];
  return vscode.window.showWorkspaceFolderPick({ placeHolder: 'Workspace folder for the service catalogue' });
}

/** The URI of a relative path, refusing one that would leave the folder. */
function inside(folder: vscode.Uri, path: string): vscode.Uri {
  const segments = path.split('/');
  if (path.startsWith('/') || segments.some((s) => s === '..' || s === ''))
    throw new Error(`refusing to write outside the workspace folder: ${path}`);
  return vscode.Uri.joinPath(folder, ...segments);
}

/** Refuses when a folder on the way is a symbolic link: it could lead outside the workspace folder. */
async function refuseLinks(folder: vscode.Uri, paths: string[]): Promise<void> {
  const dirs = new Set<string>();
  for (const path of paths) {
    const segments = path.split('/');
    for (let i = 1; i < segments.length; i++) dirs.add(segments.slice(0, i).join('/'));
  }
  for (const dir of dirs) {
    const stat = await statOf(inside(folder, dir));
    if (stat && stat.type & vscode.FileType.SymbolicLink)
      throw new Error(`refusing to write through the symbolic link ${dir}: it may lead outside the workspace folder`);
  }
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  return (await statOf(uri)) !== undefined;
}

async function statOf(uri: vscode.Uri): Promise<vscode.FileStat | undefined> {
  try {
    return await vscode.workspace.fs.stat(uri);
  } catch {
    return undefined;
  }
}
