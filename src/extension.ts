import * as vscode from 'vscode';
import { TEST_INTERNALS } from './activate';
import { SvcmClient } from './editor/client';
import { createLog, reportError } from './editor/log';
import { GitPorts } from './editor/git';
import { registerCommitIdCompletion } from './editor/providers/commitIds';
import { registerCreateStarterCatalogue } from './editor/commands/createStarterCatalogue';
import { registerGroupServicesView } from './editor/commands/groupServicesView';
import { registerLinkCommits } from './editor/commands/linkCommits';
import { registerNewKnowledgeRecord } from './editor/commands/newKnowledgeRecord';
import { registerNewRelease } from './editor/commands/newRelease';
import { registerNewService } from './editor/commands/newService';
import { registerOpenRecord } from './editor/commands/openRecord';
import { registerRaiseChange } from './editor/commands/raiseChange';
import { registerRefreshServicesView } from './editor/commands/refreshServicesView';
import { registerShowServiceForFile } from './editor/commands/showServiceForFile';
import { registerShowServiceMap } from './editor/commands/showServiceMap';
import { registerServiceMapLens } from './editor/providers/serviceMapLens';
import { ServiceMapPanel } from './editor/serviceMap/panel';
import { serverGraphSource, serverSuggestions } from './editor/serviceMap/source';
import { registerValidateWorkspace } from './editor/commands/validateWorkspace';
import { ServiceStatusBar } from './editor/statusBar';
import { ServicesTree } from './editor/tree/servicesTree';

/** When the extension started, in the extension host's `performance.now()` milliseconds. */
export interface SvcmTimings {
  /** The entry bundle's first line ran (undefined when not loaded from the bundle). */
  loadStart?: number;
  /** activate() (src/activate.ts) was entered. */
  activateStart: number;
  /** activate() returned. */
  activateEnd: number;
  /** dist/main.js (this module's bundle) started and finished loading, after activate() returned. */
  mainLoadStart?: number;
  mainLoadEnd?: number;
  /** This module's activate() returned: commands, views and the language client are in. */
  mainActivateEnd?: number;
  /** Outside production: the extension host's event-loop delay from activation until `ready()`, p99 and max. */
  eventLoopDelayP99Ms?: number;
  eventLoopDelayMaxMs?: number;
}

/**
 * The extension's internals, for its own tests and bench: answered by the command
 * TEST_INTERNALS, which exists only when VS Code runs the extension's tests. What other
 * extensions may rely on is SvcmPublicApi (src/activate.ts).
 */
export interface SvcmApi {
  /** The language server's client (test use: its server's pid, restarts). */
  client: SvcmClient;
  /** The Services view's data: `getChildren`/`getTreeItem` read the nodes as the view shows them. */
  tree: ServicesTree;
  /** The status bar item naming the active file's service. */
  statusBar: ServiceStatusBar;
  /** The service map panel (svcm.showServiceMap): what it shows, and an event when its webview has drawn. */
  serviceMap: ServiceMapPanel;
  /** Resolves when the language server's first scan is done and all its diagnostics have reached VS Code. */
  ready(): Promise<void>;
  /** Resolves when the language server has no work queued and all its diagnostics have reached VS Code. */
  settled(): Promise<void>;
  /** How long the entry's activate() took, in milliseconds (this part loads after it, the scan runs in the server). */
  activationMs: number;
  timings: SvcmTimings;
}

/** Starts the extension's work; called by src/activate.ts once activation has returned. */
export function activate(context: vscode.ExtensionContext, timings: SvcmTimings): SvcmApi {
  const started = performance.now();
  const log = createLog();
  context.subscriptions.push(log);
  try {
    // Diagnostics and the language features come from the language server (docs/language-server.md),
    // started from the CLI bundle in a child process. A trusted workspace restarts it, so that it may rename.
    const client = new SvcmClient({
      serverModule: context.asAbsolutePath('dist/cli.js'),
      log,
      trusted: () => vscode.workspace.isTrusted,
    });
    context.subscriptions.push(
      client,
      vscode.workspace.onDidGrantWorkspaceTrust(() => {
        client
          .restart()
          .catch((error: unknown) => void reportError(log, 'restarting the language server failed', error));
      }),
    );
    const settled = () => client.settled();
    // The Services view, the status bar and the map ask the language server (svcm/tree,
    // svcm/fileOwners, svcm/serviceMap) and follow its svcm/indexChanged.
    const tree = new ServicesTree(client, log);
    const statusBar = new ServiceStatusBar(client, log);
    // The map's webview script is a bundle of its own (dist/serviceMap.js), loaded when the map opens.
    const serviceMap = new ServiceMapPanel(
      context.extensionUri,
      serverGraphSource(client),
      serverSuggestions(client),
      client.onDidChangeIndex,
      log,
    );
    context.subscriptions.push(
      serviceMap,
      registerShowServiceMap(serviceMap, log),
      registerServiceMapLens(client, log),
      tree,
      statusBar,
      registerOpenRecord(log),
      registerShowServiceForFile(client, log),
      registerCreateStarterCatalogue(log),
      registerValidateWorkspace(client, log),
      registerRefreshServicesView(client, tree, log),
      registerGroupServicesView(tree, log),
    );
    // Git runs only in a trusted workspace; the commands that write refuse in an untrusted one.
    const gits = new GitPorts(log);
    context.subscriptions.push(
      gits,
      registerRaiseChange(client, gits, log),
      registerLinkCommits(client, gits, log),
      registerNewRelease(client, log),
      registerNewKnowledgeRecord(client, log),
      registerNewService(client, log),
      registerCommitIdCompletion(client, log),
    );
    const api: SvcmApi = {
      client,
      tree,
      statusBar,
      serviceMap,
      ready: async () => {
        await client.ready;
        await settled();
      },
      settled,
      activationMs: NaN,
      timings,
    };
    if (context.extensionMode === vscode.ExtensionMode.Test)
      context.subscriptions.push(vscode.commands.registerCommand(TEST_INTERNALS, () => api));
    timings.mainActivateEnd = performance.now();
    api.activationMs = timings.activateEnd - timings.activateStart;
    const load =
      timings.mainLoadStart === undefined || timings.mainLoadEnd === undefined
        ? ''
        : `; dist/main.js loaded in ${(timings.mainLoadEnd - timings.mainLoadStart).toFixed(0)} ms`;
    log.info(
      `[activate] svcm ${context.extension.packageJSON.version} on ${vscode.workspace.workspaceFolders?.length ?? 0} folder(s): activate() ${api.activationMs.toFixed(1)} ms${load}, started in ${(timings.mainActivateEnd - started).toFixed(0)} ms`,
    );
    return api;
  } catch (error) {
    void reportError(log, 'svcm failed to start', error);
    throw error;
  }
}
