// The extension's entry (dist/extension.js): as small as can be, so that activation is quick.
// activate() registers a stand-in for every contributed command and returns; the rest of the
// extension (dist/main.js: the language client, the views, the commands) loads on the next turn
// of the event loop, replaces the stand-ins, and a command called meanwhile runs once it is in
// (docs/architecture.md, "Activation").
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import * as vscode from 'vscode';
import type * as Main from './extension';

/** The test-only command that answers the extension's internals (SvcmApi of src/extension.ts); it exists in test runs only. */
export const TEST_INTERNALS = 'svcm.test.internals';

/** Set by the bundle's first line (esbuild.js): when the bundle started to run. */
declare const __svcmLoadStart: number | undefined;

/**
 * What the extension exports to other extensions (docs/language-server.md, "VS Code"): when
 * svcm is ready, and its language server's requests and notification. Tests reach the
 * internals through the test-only command `svcm.test.internals` (src/extension.ts).
 */
export interface SvcmPublicApi {
  /** Resolves when the language server's first scan is done and all its diagnostics have reached VS Code. */
  ready(): Promise<void>;
  /** Resolves when the language server has no work queued and all its diagnostics have reached VS Code. */
  settled(): Promise<void>;
  /** A request to svcm's language server: any LSP request, or svcm's own (`svcm/status`, `svcm/serviceMap`, …). */
  sendRequest<R>(method: string, params?: unknown): Promise<R>;
  /** The server's `svcm/indexChanged` notification: records changed in these workspace folders (URIs). */
  readonly onDidChangeIndex: vscode.Event<{ folders: string[] }>;
}

export function activate(context: vscode.ExtensionContext): SvcmPublicApi {
  const timings: Main.SvcmTimings = {
    loadStart: typeof __svcmLoadStart === 'number' ? __svcmLoadStart : undefined,
    activateStart: performance.now(),
    activateEnd: NaN,
  };
  // Tests and the bench: the extension host's event-loop delay until the first scan is in.
  const delay =
    context.extensionMode === vscode.ExtensionMode.Production ? undefined : monitorEventLoopDelay({ resolution: 10 });
  delay?.enable();
  const contributed =
    (context.extension.packageJSON as { contributes?: { commands?: { command: string }[] } }).contributes?.commands ??
    [];
  let loaded: Promise<Main.SvcmApi> | undefined;
  const standIns = contributed.map(({ command }) =>
    vscode.commands.registerCommand(command, async (...args: unknown[]) => {
      await main();
      return vscode.commands.executeCommand(command, ...args);
    }),
  );
  const main = (): Promise<Main.SvcmApi> =>
    (loaded ??= new Promise<Main.SvcmApi>((resolve, reject) => {
      setImmediate(() => {
        try {
          for (const standIn of standIns) standIn.dispose();
          timings.mainLoadStart = performance.now();
          // Not bundled here: dist/main.js is its own bundle, beside this one.
          // eslint-disable-next-line @typescript-eslint/no-require-imports
          const module = require(path.join(__dirname, 'main.js')) as typeof Main;
          timings.mainLoadEnd = performance.now();
          resolve(module.activate(context, timings));
        } catch (error) {
          reject(error);
        }
      });
    }));
  /** The first time the first scan is seen done: the event-loop delay until then is kept. */
  const scanned = () => {
    if (!delay || timings.eventLoopDelayP99Ms !== undefined) return;
    delay.disable();
    timings.eventLoopDelayP99Ms = delay.percentile(99) / 1e6;
    timings.eventLoopDelayMaxMs = delay.max / 1e6;
  };
  const indexChanged = new vscode.EventEmitter<{ folders: string[] }>();
  context.subscriptions.push(indexChanged);
  const api: SvcmPublicApi = {
    ready: () =>
      main()
        .then((m) => m.ready())
        .then(scanned),
    settled: () => main().then((m) => m.settled()),
    sendRequest: <R>(method: string, params?: unknown) => main().then((m) => m.client.sendRequest<R>(method, params)),
    onDidChangeIndex: indexChanged.event,
  };
  void main().then(
    (m) => {
      context.subscriptions.push(m.client.onDidChangeIndex((e) => indexChanged.fire(e)));
      void m.ready().then(scanned, () => undefined);
    },
    (error: unknown) => {
      // dist/main.js failed to load or start (a broken install): say so, the log channel is in it.
      const message = error instanceof Error ? error.message : String(error);
      void vscode.window.showErrorMessage(`svcm failed to start: ${message}`);
    },
  );
  timings.activateEnd = performance.now();
  return api;
}

export function deactivate(): void {}
