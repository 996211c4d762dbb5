import * as path from 'node:path';
import {
  createConnection,
  ErrorCodes,
  ResponseError,
  DidChangeConfigurationNotification,
  ProposedFeatures,
  TextDocumentSyncKind,
  type Connection,
  type InitializeParams,
  type InitializeResult,
  type WorkDoneProgressReporter,
} from 'vscode-languageserver/node';
import { GraphInputError } from '../core/graph/graphTypes';
import { layoutGraph, layoutRows } from '../core/graph/layout';
import { nodeDetails, serviceGraph } from '../core/graph/serviceGraph';
import type { Logger } from '../core/logger';
import { Configuration } from './configuration';
import { DiagnosticsPublisher } from './diagnostics';
import { OpenDocuments } from './documents';
import { registerFeatures } from './features';
import { fsPathOf } from './folders';
import { registerCommandRequests } from './requests/commands';
import {
  INDEX_CHANGED_NOTIFICATION,
  RESCAN_REQUEST,
  SERVICE_MAP_REQUEST,
  type ServiceMapParams,
  STATUS_REQUEST,
  type IndexChangedParams,
  type InitializationOptions,
  type StatusResult,
} from './protocol';
import { registerMapRequests } from './requests/serviceMap';
import { registerFileOwnersRequest } from './requests/owners';
import { registerTreeRequest } from './requests/tree';
import { Watching, watchesThroughClient } from './watching';
import { Workspace } from './workspace';

/** How often, at most, `svcm/indexChanged` is sent. */
const INDEX_CHANGED_MS = 100;
/**
 * What typing changed is told once the client has sent no edit for this long
 * (docs/performance.md, "Typing"): every view that listens asks again and
 * redraws, and back to back that kept the workbench busy when the next edit came.
 */
export const TYPING_PAUSE_MS = 300;
/** Nor is it held longer than this, so that the views never lag a long run of typing by more. */
const TYPING_HOLD_MAX_MS = 3000;

/**
 * Runs the svcm language server on a connection (stdio when none is given:
 * `svcm lsp --stdio`). The protocol wiring only: scanning, watching, open
 * documents, configuration and diagnostics are their own modules, and every
 * feature is a core/assist function behind features.ts.
 */
export function startServer(version: string, transport: 'stdio' | 'auto' = 'stdio'): Connection {
  const connection =
    transport === 'stdio'
      ? createConnection(ProposedFeatures.all, process.stdin, process.stdout)
      : createConnection(ProposedFeatures.all);
  const log: Logger = {
    info: (m) => connection.console.info(m),
    warn: (m) => connection.console.warn(m),
    error: (m) => connection.console.error(typeof m === 'string' ? m : (m.stack ?? m.message)),
    debug: (m) => connection.console.log(m),
  };
  let configuration: Configuration | undefined;
  const documents = new OpenDocuments(() => configuration?.settings.debounceMs ?? 250);
  let workspace: Workspace | undefined;
  let watching: Watching | undefined;
  let diagnostics: DiagnosticsPublisher | undefined;
  let params: InitializeParams | undefined;
  let pullConfiguration = false;
  let registerConfiguration = false;
  let startupDone = () => {};

  connection.onInitialize((init): InitializeResult => {
    params = init;
    const caps = init.capabilities;
    const options = (init.initializationOptions ?? {}) as InitializationOptions;
    pullConfiguration = caps.workspace?.configuration === true;
    registerConfiguration = caps.workspace?.didChangeConfiguration?.dynamicRegistration === true;
    configuration = new Configuration(connection, pullConfiguration, options.settings, log);
    const progressSupported = caps.window?.workDoneProgress === true;
    workspace = new Workspace({
      log,
      openTexts: documents,
      readerScript: path.join(__dirname, 'reader.js'),
      withProgress: async (title, work) => {
        let reporter: WorkDoneProgressReporter | undefined;
        if (progressSupported) {
          try {
            reporter = await connection.window.createWorkDoneProgress();
            reporter.begin(title, 0, undefined, false);
          } catch {
            reporter = undefined;
          }
        }
        try {
          return await work((message, percentage) => reporter?.report(percentage, message));
        } finally {
          reporter?.done();
        }
      },
    });
    documents.bind(workspace);
    startupDone = workspace.beginStartup();
    diagnostics = new DiagnosticsPublisher(workspace, (p) => void connection.sendDiagnostics(p), log);
    const clientCanWatch = caps.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
    watching = new Watching(connection, workspace, clientCanWatch && watchesThroughClient(options.watcher), log);
    const resourceOperations = caps.workspace?.workspaceEdit?.resourceOperations ?? [];
    registerFeatures(
      connection,
      workspace,
      documents,
      diagnostics,
      {
        renameFiles: caps.workspace?.workspaceEdit?.documentChanges === true && resourceOperations.includes('rename'),
        hierarchicalSymbols: caps.textDocument?.documentSymbol?.hierarchicalDocumentSymbolSupport === true,
        markdown: caps.textDocument?.hover?.contentFormat?.includes('markdown') ?? false,
        snippets: caps.textDocument?.completion?.completionItem?.snippetSupport === true,
        trusted: options.trusted !== false,
      },
      log,
    );
    registerIndexChanged(connection, workspace, documents);
    registerCommandRequests(connection, workspace, documents);
    registerTreeRequest(connection, workspace, log);
    registerFileOwnersRequest(connection, workspace);
    registerMapRequests(connection, workspace, documents);
    return {
      serverInfo: { name: 'svcm', version },
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: false },
        completionProvider: { triggerCharacters: [':', ' '], resolveProvider: false },
        hoverProvider: true,
        definitionProvider: true,
        referencesProvider: true,
        renameProvider: { prepareProvider: true },
        documentSymbolProvider: true,
        workspaceSymbolProvider: true,
        documentLinkProvider: { resolveProvider: false },
        codeActionProvider: { codeActionKinds: ['quickfix'] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
    };
  });

  connection.onInitialized(async () => {
    if (!params || !workspace || !watching || !configuration) return;
    // Requests wait for the scans from now on (workspace.ready()); the scans start once the settings are in.
    let scans: Promise<void>[] = [];
    try {
      if (registerConfiguration)
        void connection.client.register(DidChangeConfigurationNotification.type, { section: 'svcm' });
      await configuration.pull();
      const folders =
        params.workspaceFolders ??
        (params.rootUri ? [{ uri: params.rootUri, name: path.basename(fsPathOf(params.rootUri) ?? 'workspace') }] : []);
      if (params.capabilities.workspace?.workspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders((event) => {
          for (const removed of event.removed) {
            workspace!.removeFolder(removed.uri);
            const root = fsPathOf(removed.uri);
            if (root) watching!.folderRemoved(root);
          }
          for (const added of event.added) {
            void workspace!.addFolder(added.uri, added.name);
            const root = fsPathOf(added.uri);
            if (root) watching!.folderAdded(root);
          }
        });
      }
      await watching.start(folders.map((f) => fsPathOf(f.uri)).filter((r): r is string => r !== undefined));
      scans = folders.map((f) => workspace!.addFolder(f.uri, f.name));
    } finally {
      startupDone();
    }
    await Promise.all(scans);
  });

  const status = async (): Promise<StatusResult> => {
    if (!workspace || !diagnostics) return { folders: [], errors: 0, warnings: 0, infos: 0, files: 0 };
    // What the client sent before asking counts: edits still in their debounce are applied now.
    documents.flushAll();
    await workspace.ready();
    await diagnostics.whenSettled();
    const totals = diagnostics.totals();
    return {
      folders: workspace.allFolders().map((f) => ({
        uri: f.uri,
        name: f.name,
        files: f.index.files().length,
        records: f.index.records().length,
      })),
      ...totals,
    };
  };
  connection.onRequest(STATUS_REQUEST, status);
  connection.onRequest(SERVICE_MAP_REQUEST, async (p: ServiceMapParams | null) => {
    if (!workspace) return null;
    await workspace.ready();
    const folders = workspace.allFolders();
    const folder =
      (p?.folder && folders.find((f) => f.uri === p.folder || f.root === fsPathOf(p.folder!))) || folders[0];
    if (!folder) return { nodes: [], edges: [], details: {} };
    try {
      const graph = serviceGraph(folder.index, {
        focus: p?.focus,
        depth: p?.depth,
        direction: p?.direction,
        change: p?.change,
      });
      return {
        ...graph,
        details: nodeDetails(folder.index, graph),
        // The folder the records are in (a client opens them there).
        folder: folder.uri,
        // Laid out here rather than in the editor's process or the page: the page only draws.
        ...(p?.layout
          ? {
              layout: layoutRows(
                graph.nodes,
                layoutGraph(
                  graph.nodes.map(({ id, name }) => ({ id, name })),
                  graph.edges,
                  { grouped: false },
                ),
              ),
            }
          : {}),
      };
    } catch (error) {
      if (error instanceof GraphInputError)
        throw new ResponseError(ErrorCodes.InvalidParams, error.message, { argument: error.argument });
      throw error;
    }
  });
  connection.onRequest(RESCAN_REQUEST, async () => {
    await workspace?.rescanAll();
    return status();
  });

  connection.onShutdown(() => {
    watching?.dispose();
  });

  documents.listen(connection);
  connection.listen();
  return connection;
}

/**
 * `svcm/indexChanged`, throttled: a live view (the Services view, the status
 * bar, the service map) asks again when it arrives. A change that typing made
 * waits until the typing pauses (TYPING_PAUSE_MS), with every other change
 * that came meanwhile: the folders pile up, none is dropped.
 */
function registerIndexChanged(connection: Connection, workspace: Workspace, documents: OpenDocuments): void {
  const changed = new Set<string>();
  let timer: ReturnType<typeof setTimeout> | undefined;
  /** When the first change made by typing that is not told yet came. */
  let heldSince: number | undefined;
  const fire = () => {
    timer = undefined;
    if (heldSince !== undefined) {
      const wait =
        Math.min(documents.lastChangeAt + TYPING_PAUSE_MS, heldSince + TYPING_HOLD_MAX_MS) - performance.now();
      if (wait >= 1) {
        timer = setTimeout(fire, wait);
        return;
      }
    }
    heldSince = undefined;
    const params: IndexChangedParams = { folders: [...changed] };
    changed.clear();
    void connection.sendNotification(INDEX_CHANGED_NOTIFICATION, params);
  };
  workspace.onDidChange((change) => {
    changed.add(change.folder.uri);
    if (change.edited !== undefined) heldSince ??= performance.now();
    timer ??= setTimeout(fire, heldSince === undefined ? INDEX_CHANGED_MS : TYPING_PAUSE_MS);
  });
}
