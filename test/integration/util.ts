// Helpers shared by the integration tests: they reach svcm only through what
// VS Code and the extension expose, and wait on events, never on a clock.
import * as assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { TEST_INTERNALS, type SvcmPublicApi } from '../../src/activate';
import type { SvcmApi } from '../../src/extension';
import { TREE_REQUEST, type TreeResult } from '../../src/server/protocol';

/** Rejects after `ms` so that a hang fails the test with a reason instead of the suite timeout. */
export function within<T>(ms: number, what: string, promise: Thenable<T>): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${what} did not finish within ${ms} ms`)), ms);
    Promise.resolve(promise).then(
      (value) => (clearTimeout(timer), resolve(value)),
      (error) => (clearTimeout(timer), reject(error)),
    );
  });
}

/** What `waitFor` checks: a value when the condition holds, else `undefined`/`false`. */
export type Condition<T> = () => T | undefined | false;

/**
 * Resolves with the first truthy value of `condition`, checked now, on every
 * diagnostics change, on every one of `events`, and every `recheckMs` as a
 * safety net for state that changes without an event (a file on disk). Rejects
 * after `timeoutMs` with `what` and, when given, `explain()` of the last state.
 */
export function waitFor<T>(
  what: string,
  condition: Condition<T>,
  options: { timeoutMs?: number; events?: vscode.Event<unknown>[]; explain?: () => string; recheckMs?: number } = {},
): Promise<T> {
  const { timeoutMs = 30000, events = [], explain, recheckMs = 500 } = options;
  return new Promise<T>((resolve, reject) => {
    const subscriptions: vscode.Disposable[] = [];
    let done = false;
    const finish = (settle: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      clearInterval(recheck);
      for (const s of subscriptions) s.dispose();
      settle();
    };
    const check = () => {
      if (done) return;
      try {
        const value = condition();
        if (value) finish(() => resolve(value));
      } catch (error) {
        finish(() => reject(error));
      }
    };
    const timer = setTimeout(
      () => finish(() => reject(new Error(`${what}: not within ${timeoutMs} ms${explain ? `\n${explain()}` : ''}`))),
      timeoutMs,
    );
    const recheck = setInterval(check, recheckMs);
    for (const event of [vscode.languages.onDidChangeDiagnostics as vscode.Event<unknown>, ...events])
      subscriptions.push(event(check));
    check();
  });
}

/**
 * The extension's internals (its model, views, language client), after its first scan has been
 * published: through the test-only command, since the exported API holds only what other
 * extensions may rely on (SvcmPublicApi).
 */
export async function svcm(): Promise<SvcmApi> {
  const extension = vscode.extensions.getExtension<SvcmPublicApi>('svcm.svcm');
  assert.ok(extension, 'svcm.svcm is not installed in this extension host');
  const api = await within(30000, 'activation', extension.activate());
  await within(60000, 'the first scan', api.ready());
  const internals = await vscode.commands.executeCommand<SvcmApi | undefined>(TEST_INTERNALS);
  assert.ok(internals, `${TEST_INTERNALS} answered nothing: is the extension running in test mode?`);
  return internals;
}

/**
 * The set-up of a suite that works in the editor: svcm activated and its
 * first scan published before the first test (`ready` gets the API), unsaved
 * edits discarded and editors closed after each test, and a quiet editor
 * (`quiet`) left for the next suite.
 */
export function editorSuite(ready: (api: SvcmApi) => void): void {
  let api: SvcmApi | undefined;
  suiteSetup(async () => {
    api = await svcm();
    ready(api);
  });
  teardown(async () => {
    // The workspace's documents only: VS Code edits the user settings.json through a document of its own
    // (at start-up, after a setting is written), and reverting that one races with its save.
    for (const document of vscode.workspace.textDocuments)
      if (document.isDirty && relativePath(document.uri) !== undefined) await discard(document.uri);
    await closeAll();
  });
  suiteTeardown(async () => {
    if (api) await quiet(api);
  });
}

/**
 * Waits until the editor has caught up with the files a suite changed: the language server's work
 * done, its diagnostics in VS Code, and the Services view counting the services the server has (the
 * view redraws a moment after the index changes). Suites that write files end with it, so that the
 * suites after them start from a quiet editor.
 */
export async function quiet(api: SvcmApi): Promise<void> {
  await within(60000, 'validation', api.settled());
  const served = async () =>
    (await api.client.sendRequest<TreeResult>(TREE_REQUEST, { groupBy: api.tree.groupBy })).folders.reduce(
      (n, folder) => n + folder.services,
      0,
    );
  const shown = () => Number(/^(\d+) /.exec(api.tree.view.description ?? '')?.[1] ?? 0);
  await eventually(
    [api.tree.onDidChangeTreeData as vscode.Event<unknown>, api.client.onDidChangeIndex],
    async () => (await served()) === shown(),
    'the Services view counts the services the language server has',
    60000,
  );
}

export function workspaceFolder(): vscode.WorkspaceFolder {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'no workspace folder is open');
  return folder;
}

/** The URI of a workspace-relative path (with `/`). */
export function fileUri(relative: string): vscode.Uri {
  return vscode.Uri.joinPath(workspaceFolder().uri, ...relative.split('/'));
}

/** The path on disk of a workspace-relative path, for writing "from outside" with `fs`. */
export function diskPath(relative: string): string {
  return path.join(workspaceFolder().uri.fsPath, ...relative.split('/'));
}

export function readDisk(relative: string): string {
  return fs.readFileSync(diskPath(relative), 'utf8');
}

/** The workspace-relative path of a URI in the workspace folder, else undefined. */
export function relativePath(uri: vscode.Uri): string | undefined {
  const root = workspaceFolder().uri;
  if (uri.scheme !== root.scheme || uri.authority !== root.authority) return undefined;
  const prefix = `${root.path.replace(/\/+$/, '')}/`;
  return uri.path.startsWith(prefix) ? uri.path.slice(prefix.length) : undefined;
}

/**
 * The files of the records named `name` that the language server has indexed, found through its
 * workspace symbols (VS Code's own provider command), sorted.
 */
export async function indexed(name: string): Promise<string[]> {
  const symbols = await vscode.commands.executeCommand<vscode.SymbolInformation[]>(
    'vscode.executeWorkspaceSymbolProvider',
    name,
  );
  return symbols
    .filter((s) => s.name === name)
    .map((s) => relativePath(s.location.uri) ?? s.location.uri.toString())
    .sort();
}

/** svcm's diagnostics on one file. */
export function svcmDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'svcm');
}

/** Totals of svcm's diagnostics as VS Code holds them, over every file. */
export function publishedTotals(): { errors: number; warnings: number; infos: number } {
  const totals = { errors: 0, warnings: 0, infos: 0 };
  for (const [, list] of vscode.languages.getDiagnostics()) {
    for (const d of list) {
      if (d.source !== 'svcm') continue;
      if (d.severity === vscode.DiagnosticSeverity.Error) totals.errors++;
      else if (d.severity === vscode.DiagnosticSeverity.Warning) totals.warnings++;
      else totals.infos++;
    }
  }
  return totals;
}

/** A diagnostic as the CLI's `--format json` prints it: the shape both sides are compared in. */
export interface PlainDiagnostic {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: 'error' | 'warning' | 'info';
  code: string;
  message: string;
}

const SEVERITY_NAMES = new Map<vscode.DiagnosticSeverity, PlainDiagnostic['severity']>([
  [vscode.DiagnosticSeverity.Error, 'error'],
  [vscode.DiagnosticSeverity.Warning, 'warning'],
  [vscode.DiagnosticSeverity.Information, 'info'],
]);

/** Every svcm diagnostic published for files of the workspace folder, in the CLI's shape, sorted. */
export function workspaceDiagnostics(): PlainDiagnostic[] {
  const out: PlainDiagnostic[] = [];
  for (const [uri, list] of vscode.languages.getDiagnostics()) {
    const file = relativePath(uri);
    if (file === undefined) continue;
    for (const d of list) {
      if (d.source !== 'svcm') continue;
      out.push({
        file,
        range: plainRange(d.range),
        severity: SEVERITY_NAMES.get(d.severity) ?? 'info',
        code: String(typeof d.code === 'object' ? d.code.value : d.code),
        message: d.message,
      });
    }
  }
  return sortDiagnostics(out);
}

function plainRange(range: vscode.Range): PlainDiagnostic['range'] {
  return {
    start: { line: range.start.line, character: range.start.character },
    end: { line: range.end.line, character: range.end.character },
  };
}

export function sortDiagnostics(list: PlainDiagnostic[]): PlainDiagnostic[] {
  return list
    .map((d) => [JSON.stringify(d), d] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, d]) => d);
}

/** One line per diagnostic, for messages. */
export function listing(list: readonly PlainDiagnostic[]): string {
  if (list.length === 0) return '  (none)';
  return list
    .map(
      (d) =>
        `  ${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1} ${d.severity} ${d.code} ${d.message}`,
    )
    .join('\n');
}

/** The text a range covers in `text` (what a person sees underlined). */
export function covered(text: string, range: vscode.Range): string {
  const lines = text.split('\n');
  if (range.start.line === range.end.line)
    return (lines[range.start.line] ?? '').slice(range.start.character, range.end.character);
  const middle = lines.slice(range.start.line + 1, range.end.line);
  return [
    (lines[range.start.line] ?? '').slice(range.start.character),
    ...middle,
    (lines[range.end.line] ?? '').slice(0, range.end.character),
  ].join('\n');
}

/** A text with a caret marker `|` taken out, and the position it marked. */
export function caret(marked: string): { text: string; position: vscode.Position } {
  const at = marked.indexOf('|');
  assert.ok(at >= 0 && marked.indexOf('|', at + 1) < 0, 'one caret marker');
  const before = marked.slice(0, at).split('\n');
  return {
    text: marked.slice(0, at) + marked.slice(at + 1),
    position: new vscode.Position(before.length - 1, before[before.length - 1].length),
  };
}

/** The position of the `nth` occurrence (0-based) of `needle` in a document, plus `offset` characters. */
export function positionOf(document: vscode.TextDocument, needle: string, offset = 0, nth = 0): vscode.Position {
  const text = document.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `'${needle}' (#${i}) not in ${document.uri.path}`);
  }
  return document.positionAt(at + offset);
}

export async function open(relative: string): Promise<vscode.TextEditor> {
  return vscode.window.showTextDocument(await vscode.workspace.openTextDocument(fileUri(relative)), { preview: false });
}

/** Throws away the unsaved edits of a document (as File: Revert does) and closes its editors. */
export async function discard(uri: vscode.Uri): Promise<void> {
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  if (document?.isDirty) {
    await vscode.window.showTextDocument(document, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
    await waitFor(`${relativePath(uri) ?? uri.path} reverted`, () => !document.isDirty, {
      events: [vscode.workspace.onDidChangeTextDocument as vscode.Event<unknown>],
    });
  }
  const tabs = vscode.window.tabGroups.all
    .flatMap((g) => g.tabs)
    .filter((t) => t.input instanceof vscode.TabInputText && t.input.uri.toString() === uri.toString());
  if (tabs.length > 0) await vscode.window.tabGroups.close(tabs);
}

/**
 * Closes every editor; refuses (rather than hang on a "Save?" prompt) when a document of the workspace
 * has unsaved edits (not one of VS Code's own, such as the user settings.json it is saving).
 */
export async function closeAll(): Promise<void> {
  const dirty = vscode.workspace.textDocuments.filter((d) => d.isDirty && relativePath(d.uri) !== undefined);
  assert.deepEqual(
    dirty.map((d) => relativePath(d.uri) ?? d.uri.toString()),
    [],
    'a test left unsaved edits',
  );
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * Empties what VS Code still holds of files a test wrote (a document outlives its editor for a while),
 * so that nothing re-reading the open documents later (the language client after a restart) finds
 * their records. Through the document, then saved: VS Code re-reads a document without an editor
 * from disk only when its file watcher reports the change, which it does not promise in time (a CI
 * run waited 30 s for a file written from outside to reach its document).
 */
export async function emptyHeldDocuments(files: Iterable<string>): Promise<void> {
  const wanted = new Set(files);
  for (const document of vscode.workspace.textDocuments) {
    const file = relativePath(document.uri);
    if (file === undefined || !wanted.has(file) || document.isClosed || document.getText() === '') continue;
    // Saving a file already deleted would write it again.
    if (!fs.existsSync(diskPath(file))) continue;
    const edit = new vscode.WorkspaceEdit();
    edit.delete(
      document.uri,
      new vscode.Range(new vscode.Position(0, 0), document.positionAt(document.getText().length)),
    );
    assert.ok(await vscode.workspace.applyEdit(edit), `${file}: the edit that empties it was refused`);
    assert.ok(await document.save(), `${file}: not saved once emptied`);
  }
}

/** Writes a file "from outside" (as git would), creating its folder. */
export function writeDisk(relative: string, text: string): void {
  fs.mkdirSync(path.dirname(diskPath(relative)), { recursive: true });
  fs.writeFileSync(diskPath(relative), text);
}

/** Lines joined with `\n`, with a final newline: records written inline in tests. */
export function lines(...list: string[]): string {
  return `${list.join('\n')}\n`;
}

/** `svcm validate --format json` of the built CLI beside the extension, run in the workspace folder as CI would. */
export function cli(cwd = workspaceFolder().uri.fsPath): Promise<PlainDiagnostic[]> {
  const extension = vscode.extensions.getExtension('svcm.svcm')!;
  const bin = path.join(extension.extensionPath, 'dist', 'cli.js');
  assert.ok(fs.existsSync(bin), `no CLI at ${bin}: build it with node esbuild.js`);
  return new Promise((resolve, reject) => {
    // Async: a synchronous child would stall the extension host that the editor side runs in.
    execFile(
      process.execPath,
      [bin, 'validate', '--format', 'json'],
      { cwd, encoding: 'utf8', timeout: 120000, maxBuffer: 256 * 1024 * 1024 },
      (error, stdout, stderr) => {
        // Exit 1 means "errors found", which the fixture has on purpose.
        const status = (error as { code?: unknown } | null)?.code;
        if (error && status !== 1)
          return reject(new Error(`svcm validate failed (${status ?? error.message}): ${stderr}`));
        try {
          const report = JSON.parse(stdout) as { version: number; diagnostics: PlainDiagnostic[] };
          assert.equal(report.version, 1);
          resolve(sortDiagnostics(report.diagnostics.map(normalise)));
        } catch (parseError) {
          reject(
            new Error(`svcm validate printed no JSON report (${(parseError as Error).message}):\n${stdout}\n${stderr}`),
          );
        }
      },
    );
  });
}

/** The same shape, keys in the same order, as `workspaceDiagnostics()` gives. */
function normalise(d: PlainDiagnostic): PlainDiagnostic {
  const { start, end } = d.range;
  return {
    file: d.file,
    range: {
      start: { line: start.line, character: start.character },
      end: { line: end.line, character: end.character },
    },
    severity: d.severity,
    code: d.code,
    message: d.message,
  };
}

export function difference(editor: PlainDiagnostic[], command: PlainDiagnostic[]): string {
  const key = (d: PlainDiagnostic) => JSON.stringify(d);
  const inCli = new Set(command.map(key));
  const inEditor = new Set(editor.map(key));
  return [
    `only in the editor:\n${listing(editor.filter((d) => !inCli.has(key(d))))}`,
    `only in the CLI:\n${listing(command.filter((d) => !inEditor.has(key(d))))}`,
  ].join('\n');
}

/** Waits until the editor publishes exactly what the CLI prints for the files on disk, then asserts it. */
export async function expectParity(api: SvcmApi, what: string): Promise<PlainDiagnostic[]> {
  assert.deepEqual(
    vscode.workspace.textDocuments.filter((d) => d.isDirty).map((d) => d.uri.path),
    [],
    'the CLI reads the disk: no unsaved edits may differ from it',
  );
  const command = await cli();
  await waitFor(what, () => JSON.stringify(workspaceDiagnostics()) === JSON.stringify(command), {
    events: [api.client.onDidChangeIndex],
    explain: () => difference(workspaceDiagnostics(), command),
  });
  await api.settled();
  assert.deepEqual(workspaceDiagnostics(), command, difference(workspaceDiagnostics(), command));
  return command;
}

/**
 * `svcm validate --format json` for the tree the editor checks: a copy of the workspace folder
 * (`.git` left out) with the text of each given document written in place of its file, as if saved.
 */
export async function cliWithUnsaved(documents: readonly vscode.TextDocument[]): Promise<PlainDiagnostic[]> {
  const root = workspaceFolder().uri.fsPath;
  const copy = fs.mkdtempSync(path.join(path.dirname(root), 'svcm-same-tree-'));
  try {
    fs.cpSync(root, copy, { recursive: true, filter: (source) => path.basename(source) !== '.git' });
    for (const document of documents) {
      const rel = relativePath(document.uri);
      assert.ok(rel !== undefined, `${document.uri.toString()} is not in the workspace folder`);
      fs.mkdirSync(path.dirname(path.join(copy, ...rel.split('/'))), { recursive: true });
      fs.writeFileSync(path.join(copy, ...rel.split('/')), document.getText());
    }
    return await cli(copy);
  } finally {
    fs.rmSync(copy, { recursive: true, force: true });
  }
}

/**
 * Resolves once `check` holds, checking now and again whenever one of `events` fires (one check at
 * a time: the view's answers come from the language server); rejects after `ms`.
 */
export function eventually(
  events: vscode.Event<unknown> | vscode.Event<unknown>[],
  check: () => boolean | Promise<boolean>,
  what: string,
  ms = 10000,
): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    let done = false;
    let running = false;
    let again = false;
    const finish = (error?: Error) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      for (const s of subscriptions) s.dispose();
      if (error) reject(error);
      else resolve();
    };
    const run = async () => {
      if (done) return;
      if (running) {
        again = true;
        return;
      }
      running = true;
      try {
        do {
          again = false;
          if (await check()) return finish();
        } while (again && !done);
      } catch (error) {
        finish(error as Error);
      } finally {
        running = false;
      }
    };
    const subscriptions = (Array.isArray(events) ? events : [events]).map((event) => event(() => void run()));
    const timer = setTimeout(() => finish(new Error(`${what} within ${ms} ms`)), ms);
    void run();
  });
}

/**
 * git in the workspace copy only, as Dana Reyes: its own git dir and work tree, whatever repository
 * the copy sits in. Returns what git printed, trimmed.
 */
export function workspaceGit(root: string, ...args: string[]): string {
  return execFileSync(
    'git',
    [
      `--git-dir=${path.join(root, '.git')}`,
      `--work-tree=${root}`,
      '-c',
      'user.name=Dana Reyes',
      '-c',
      'user.email=dana@example.com',
      '-c',
      'commit.gpgsign=false',
      ...args,
    ],
    { cwd: root, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } },
  ).trim();
}
