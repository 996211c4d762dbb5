import * as vscode from 'vscode';
import { COMMAND_FOLDERS_REQUEST, type CommandFoldersParams, type CommandFoldersResult } from '../../server/protocol';
import { reportError } from '../log';
import { WriteRefused } from '../write';

/**
 * What the record-writing commands share: running a command body (a refusal is
 * a short error message; anything else is logged and shown with "Show Log"),
 * reading the argument object of the contract (docs/commands.md), choosing the folder.
 */

/**
 * Registers a command whose body runs inside `runCommand` (the pattern of VS
 * Code's git extension, `createCommand`): a refusal is a short error message,
 * any other failure is logged and shown with "Show Log"; the command returns
 * the body's result, or undefined when it was refused or failed.
 */
export function createCommand<A extends unknown[], T>(
  id: string,
  log: vscode.LogOutputChannel,
  what: string,
  body: (...args: A) => Promise<T | undefined> | T | undefined,
): vscode.Disposable {
  return vscode.commands.registerCommand(id, (...args: unknown[]) =>
    runCommand(log, what, async () => body(...(args as A))),
  );
}

/** Runs a command body; returns its result, or undefined when it was refused or failed. */
async function runCommand<T>(
  log: vscode.LogOutputChannel,
  what: string,
  body: () => Promise<T | undefined>,
): Promise<T | undefined> {
  try {
    return await body();
  } catch (error) {
    if (error instanceof WriteRefused) {
      log.warn(`${what}: ${error.message}`);
      void vscode.window.showErrorMessage(`svcm: ${what}: ${error.message}`);
    } else {
      void reportError(log, what, error);
    }
    return undefined;
  }
}

/** The argument object of a command: `{}` for none (a palette run, or a Uri from a menu). */
export function argsOf(arg: unknown): Record<string, unknown> {
  return arg && typeof arg === 'object' && !(arg instanceof vscode.Uri) && !Array.isArray(arg)
    ? (arg as Record<string, unknown>)
    : {};
}

export function stringArg(args: Record<string, unknown>, key: string): string | undefined {
  const value = args[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'number' && key === 'version') return String(value);
  if (typeof value !== 'string') throw new WriteRefused(`the argument '${key}' must be a string`);
  return value;
}

/** A list argument: an array of strings, or one string. */
export function stringsArg(args: Record<string, unknown>, key: string): string[] | undefined {
  const value = args[key];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return [value];
  if (Array.isArray(value) && value.every((v) => typeof v === 'string')) return [...new Set(value as string[])];
  throw new WriteRefused(`the argument '${key}' must be a list of strings`);
}

export function oneOf<T extends string>(
  args: Record<string, unknown>,
  key: string,
  values: readonly T[],
): T | undefined {
  const value = stringArg(args, key);
  if (value === undefined) return undefined;
  if (!(values as readonly string[]).includes(value))
    throw new WriteRefused(`the argument '${key}' must be one of ${values.join(', ')}, not '${value}'`);
  return value as T;
}

/**
 * What the commands ask the language server through (`SvcmClient` satisfies it):
 * the index questions of docs/language-server.md, "What the record-writing commands ask".
 */
export interface IndexRequests {
  sendRequest<R>(method: string, params?: unknown, token?: vscode.CancellationToken): Promise<R>;
}

/** A workspace folder a command works in, and the name the language server knows it by. */
export class CommandFolder {
  /** The folder's URI as the server's requests take it. */
  readonly key: string;

  constructor(readonly folder: vscode.WorkspaceFolder) {
    this.key = folder.uri.toString();
  }

  /** The folder-relative path (with `/`) of a URI inside this folder, else undefined. */
  relative(uri: vscode.Uri): string | undefined {
    if (uri.scheme !== this.folder.uri.scheme || uri.authority !== this.folder.uri.authority) return undefined;
    const root = this.folder.uri.path.replace(/\/+$/, '');
    if (!uri.path.startsWith(`${root}/`)) return undefined;
    return uri.path.slice(root.length + 1);
  }

  uri(path: string): vscode.Uri {
    return vscode.Uri.joinPath(this.folder.uri, ...path.split('/'));
  }
}

/**
 * The workspace folder a command writes in: the one given; else the only one;
 * else, among those that fit what the command was given (`prefer`, asked of the
 * server; all when none fits), the active editor's, the only candidate, or
 * (with `acceptDefaults`) the first; else the person picks. Undefined when
 * they cancel. Refuses when no folder is open.
 */
export async function chooseFolder(
  server: IndexRequests,
  options: { given?: vscode.WorkspaceFolder; prefer?: CommandFoldersParams; acceptDefaults?: boolean } = {},
): Promise<CommandFolder | undefined> {
  if (options.given) return new CommandFolder(options.given);
  const folders = vscode.workspace.workspaceFolders ?? [];
  if (folders.length === 0) throw new WriteRefused('open a folder first: svcm writes records into a workspace folder');
  if (folders.length === 1) return new CommandFolder(folders[0]);
  let preferred: vscode.WorkspaceFolder[] = [];
  if (options.prefer) {
    const served = await server.sendRequest<CommandFoldersResult>(COMMAND_FOLDERS_REQUEST, options.prefer);
    const fits = new Set(served.folders.filter((f) => f.fits).map((f) => vscode.Uri.parse(f.uri).toString()));
    preferred = folders.filter((f) => fits.has(f.uri.toString()));
  }
  const candidates = preferred.length > 0 ? preferred : folders;
  const editor = vscode.window.activeTextEditor;
  const active = editor && vscode.workspace.getWorkspaceFolder(editor.document.uri);
  if (active && candidates.includes(active)) return new CommandFolder(active);
  if (candidates.length === 1 || options.acceptDefaults) return new CommandFolder(candidates[0]);
  const picked = await vscode.window.showWorkspaceFolderPick({
    placeHolder: 'The workspace folder to write the record in',
    ignoreFocusOut: true,
  });
  const folder = picked && folders.find((f) => f.uri.toString() === picked.uri.toString());
  return folder && new CommandFolder(folder);
}

/** A QuickPick item that carries a value. */
export interface ValueItem<T> extends vscode.QuickPickItem {
  value: T;
}

/** A single-choice pick; undefined when cancelled. */
export async function pickOne<T>(items: ValueItem<T>[], options: vscode.QuickPickOptions): Promise<T | undefined> {
  const picked = await vscode.window.showQuickPick(items, {
    ignoreFocusOut: true,
    matchOnDescription: true,
    matchOnDetail: true,
    ...options,
  });
  return picked?.value;
}

/**
 * A multiple-choice pick with some items picked at the start; `describe`
 * retitles it as the selection changes. Accepting with nothing selected is
 * refused unless `allowNone`. Undefined when cancelled.
 */
export function pickMany<T>(
  items: ValueItem<T>[],
  options: {
    title: string;
    placeholder: string;
    picked: (item: ValueItem<T>) => boolean;
    /** a note for the title on the selection (it may come later: only the latest selection's is shown) */
    describe?: (selected: T[]) => string | Promise<string>;
    allowNone?: boolean;
  },
): Promise<T[] | undefined> {
  return new Promise((resolve) => {
    const pick = vscode.window.createQuickPick<ValueItem<T>>();
    pick.canSelectMany = true;
    pick.ignoreFocusOut = true;
    pick.matchOnDescription = true;
    pick.matchOnDetail = true;
    pick.placeholder = options.placeholder;
    pick.items = items;
    pick.selectedItems = items.filter(options.picked);
    let asked = 0;
    const retitle = () => {
      const turn = ++asked;
      void Promise.resolve(options.describe?.(pick.selectedItems.map((i) => i.value))).then(
        (extra) => {
          if (turn === asked) pick.title = extra ? `${options.title} · ${extra}` : options.title;
        },
        () => undefined,
      );
    };
    pick.title = options.title;
    retitle();
    let result: T[] | undefined;
    pick.onDidChangeSelection(retitle);
    pick.onDidAccept(() => {
      if (pick.selectedItems.length === 0 && !options.allowNone) {
        asked++; // a note still coming for the earlier selection is dropped
        pick.title = `${options.title} · choose at least one`;
        return;
      }
      result = pick.selectedItems.map((i) => i.value);
      pick.hide();
    });
    pick.onDidHide(() => {
      pick.dispose();
      resolve(result);
    });
    pick.show();
  });
}

/** "a, b and 3 more" */
export function listed(names: readonly string[], max = 4): string {
  if (names.length === 0) return 'none';
  if (names.length <= max) return names.join(', ');
  return `${names.slice(0, max).join(', ')} and ${names.length - max} more`;
}
