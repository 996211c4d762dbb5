import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  ErrorCodes,
  LanguageClient,
  ResponseError,
  RevealOutputChannelOn,
  State,
  TransportKind,
  type CloseHandlerResult,
  type ErrorHandler,
  type ErrorHandlerResult,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import {
  INDEX_CHANGED_NOTIFICATION,
  STATUS_REQUEST,
  type IndexChangedParams,
  type InitializationOptions,
  type StatusResult,
} from '../server/protocol';

/**
 * Documents the server is told about (docs/language-server.md). Records are
 * YAML and Markdown files; every other text (a plain file, the commit message
 * box) is synced too, because ids (`CHG-…`) get hovers and links anywhere.
 */
export const CLIENT_SELECTOR: vscode.DocumentSelector = [
  { scheme: 'file' },
  { scheme: 'untitled' },
  { scheme: 'vscode-scm' },
  { language: 'git-commit' },
];

/** Restarts allowed within RESTART_WINDOW_MS before the client gives up on a crashing server. */
const MAX_RESTARTS = 4;
const RESTART_WINDOW_MS = 3 * 60 * 1000;
/** How long `settled()` waits for the client to show what the server published before asking again. */
const RECHECK_MS = 1000;

/** Totals of what a diagnostics collection holds, in the shape of `svcm/status`. */
interface Totals {
  errors: number;
  warnings: number;
  infos: number;
  files: number;
}

/** What the client needs from the extension to start the server. */
export interface ClientOptions {
  /** Where the CLI bundle is (`dist/cli.js`); the server is its `lsp` command. */
  serverModule: string;
  log: vscode.LogOutputChannel;
  /** The workspace is trusted (read at every start, so a restart after trust is granted tells the server). */
  trusted: () => boolean;
}

/**
 * The VS Code side of the language server (docs/language-server.md, "VS Code"):
 * starts `svcm lsp --node-ipc` from the CLI bundle in a child Node process,
 * restarts it when it crashes (telling the user, with "Show Log"), and gives
 * the views and commands one way to ask it things.
 */
export class SvcmClient implements vscode.Disposable {
  /** Resolves when the server has done its first scan. */
  readonly ready: Promise<void>;
  /** The server's svcm/indexChanged notification. */
  readonly onDidChangeIndex: vscode.Event<IndexChangedParams>;

  private readonly client: LanguageClient;
  private readonly indexEmitter = new vscode.EventEmitter<IndexChangedParams>();
  private readonly restartEmitter = new vscode.EventEmitter<void>();
  /** Fires after the server was started again (after a crash or a trust change). */
  readonly onDidRestart = this.restartEmitter.event;
  private readonly shownEmitter = new vscode.EventEmitter<vscode.Uri>();
  /**
   * Fires when the client has put a file's diagnostics from the server into its collection:
   * what VS Code shows from then on. `languages.onDidChangeDiagnostics` follows up to 50 ms
   * later (the extension host batches that event), so the editor bench times both.
   */
  readonly onDidShowDiagnostics = this.shownEmitter.event;
  private readonly toldEmitter = new vscode.EventEmitter<string>();
  /** Fires with each message shown to the user about the server (it has a "Show Log" action). */
  readonly onDidTellUser = this.toldEmitter.event;
  private readonly subscriptions: vscode.Disposable[] = [];
  private disposed = false;
  private started = false;

  constructor(private readonly options: ClientOptions) {
    this.onDidChangeIndex = this.indexEmitter.event;
    const module = options.serverModule;
    const serverOptions: ServerOptions = {
      run: { module, args: ['lsp'], transport: TransportKind.ipc },
      debug: { module, args: ['lsp'], transport: TransportKind.ipc },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: CLIENT_SELECTOR as LanguageClientOptions['documentSelector'],
      diagnosticCollectionName: 'svcm',
      outputChannel: options.log,
      // Failures are surfaced by errorHandler below, with their own message; the log is not forced open.
      revealOutputChannelOn: RevealOutputChannelOn.Never,
      initializationOptions: (): InitializationOptions => ({
        trusted: options.trusted(),
        settings: { svcm: plainSettings() },
      }),
      errorHandler: this.errorHandler(),
      middleware: {
        handleDiagnostics: (uri, diagnostics, next) => {
          next(uri, diagnostics);
          this.shownEmitter.fire(uri);
        },
      },
      initializationFailedHandler: (error) => {
        void this.tell(`svcm: the language server did not start: ${messageOf(error)}`);
        return false;
      },
    };
    this.client = new LanguageClient('svcm', 'svcm language server', serverOptions, clientOptions);
    this.client.onNotification(INDEX_CHANGED_NOTIFICATION, (params: IndexChangedParams) =>
      this.indexEmitter.fire(params),
    );
    this.subscriptions.push(
      this.client.onDidChangeState((e) => {
        if (e.newState === State.Running && this.started) this.restartEmitter.fire();
        if (e.newState === State.Running) this.started = true;
      }),
    );
    this.ready = this.client.start().then(() => this.settled());
    // A failure to start is told by initializationFailedHandler; ready stays rejected for whoever waits.
    this.ready.catch((error: unknown) => options.log.error(`[client] the server did not start: ${messageOf(error)}`));
  }

  /** A request to the server: waits for the client to be running; a request cut by a server restart is sent again. */
  async sendRequest<R>(method: string, params?: unknown, token?: vscode.CancellationToken): Promise<R> {
    for (let attempt = 0; ; attempt++) {
      await this.running();
      try {
        return await this.send<R>(method, params, token);
      } catch (error) {
        if (attempt >= MAX_RESTARTS || this.disposed || !isConnectionLoss(error)) throw error;
        this.options.log.info(`[client] ${method} was cut by a server restart; sending it again`);
      }
    }
  }

  /**
   * Passes on only what is there: vscode-jsonrpc sends `sendRequest(method, params, undefined)` as
   * the list `[params, null]`, and a handler then finds `null` where its token should be.
   */
  private send<R>(method: string, params: unknown, token: vscode.CancellationToken | undefined): Promise<R> {
    if (params === undefined)
      return token === undefined ? this.client.sendRequest<R>(method) : this.client.sendRequest<R>(method, token);
    return token === undefined
      ? this.client.sendRequest<R>(method, params)
      : this.client.sendRequest<R>(method, params, token);
  }

  /**
   * Resolves when the server has no work queued (`svcm/status`) and every
   * diagnostic it published has reached VS Code: the totals of the client's
   * collection match the server's.
   */
  async settled(): Promise<void> {
    for (;;) {
      const status = await this.sendRequest<StatusResult>(STATUS_REQUEST);
      if (await this.caughtUp(status)) return;
    }
  }

  /** The server process's id (for tests that make it crash), while it runs. */
  get serverPid(): number | undefined {
    return this.client.serverProcess?.pid;
  }

  /** Starts the server again (a new trust state reaches it through initializationOptions). */
  async restart(): Promise<void> {
    await this.client.restart();
  }

  dispose(): void {
    this.disposed = true;
    for (const s of this.subscriptions) s.dispose();
    this.indexEmitter.dispose();
    this.restartEmitter.dispose();
    this.shownEmitter.dispose();
    this.toldEmitter.dispose();
    void this.client.dispose().catch(() => undefined);
  }

  private totals(): Totals {
    const totals: Totals = { errors: 0, warnings: 0, infos: 0, files: 0 };
    this.client.diagnostics?.forEach((_uri, list) => {
      if (list.length === 0) return;
      totals.files++;
      for (const d of list) {
        if (d.severity === vscode.DiagnosticSeverity.Error) totals.errors++;
        else if (d.severity === vscode.DiagnosticSeverity.Warning) totals.warnings++;
        else totals.infos++;
      }
    });
    return totals;
  }

  /** True once the collection holds what `status` counts; false when it did not within RECHECK_MS (ask again). */
  private caughtUp(status: StatusResult): Promise<boolean> {
    const same = () => {
      const t = this.totals();
      return (
        t.errors === status.errors &&
        t.warnings === status.warnings &&
        t.infos === status.infos &&
        t.files === status.files
      );
    };
    if (same()) return Promise.resolve(true);
    return new Promise((resolve) => {
      const finish = (value: boolean) => {
        clearTimeout(timer);
        subscription.dispose();
        resolve(value);
      };
      const timer = setTimeout(() => finish(false), RECHECK_MS);
      const subscription = vscode.languages.onDidChangeDiagnostics(() => {
        if (same()) finish(true);
      });
    });
  }

  /** Resolves once the client is running (at once when it is). */
  private running(): Promise<void> {
    if (this.client.state === State.Running) return Promise.resolve();
    if (this.disposed) return Promise.reject(new Error('the svcm language client is disposed'));
    return new Promise((resolve, reject) => {
      const subscription = this.client.onDidChangeState((e) => {
        if (e.newState === State.Running) {
          subscription.dispose();
          resolve();
        } else if (e.newState === State.Stopped && this.gaveUp) {
          subscription.dispose();
          reject(new Error('the svcm language server is not running'));
        }
      });
    });
  }

  private gaveUp = false;

  /** Restarts a server that died (up to MAX_RESTARTS in RESTART_WINDOW_MS), always telling the user. */
  private errorHandler(): ErrorHandler {
    const restarts: number[] = [];
    return {
      error: (): ErrorHandlerResult => ({ action: ErrorAction.Continue, handled: true }),
      closed: (): CloseHandlerResult => {
        if (this.disposed) return { action: CloseAction.DoNotRestart, handled: true };
        const now = Date.now();
        restarts.push(now);
        while (restarts.length > 0 && now - restarts[0] > RESTART_WINDOW_MS) restarts.shift();
        if (restarts.length > MAX_RESTARTS) {
          this.gaveUp = true;
          void this.tell(
            `svcm: the language server stopped ${restarts.length} times in 3 minutes and will not be restarted. Diagnostics and language features are off until the window is reloaded.`,
          );
          return { action: CloseAction.DoNotRestart, handled: true };
        }
        void this.tell('svcm: the language server stopped unexpectedly and was restarted.');
        return { action: CloseAction.Restart, handled: true };
      },
    };
  }

  private async tell(message: string): Promise<void> {
    this.options.log.error(`[client] ${message}`);
    const shown = vscode.window.showErrorMessage(message, 'Show Log');
    this.toldEmitter.fire(message);
    const choice = await shown;
    if (choice === 'Show Log') this.options.log.show();
  }
}

/** The `svcm` settings as plain data (for initializationOptions). */
function plainSettings(): unknown {
  const config = vscode.workspace.getConfiguration('svcm');
  return { validation: { debounce: config.get<number>('validation.debounce') } };
}

function isConnectionLoss(error: unknown): boolean {
  if (error instanceof ResponseError)
    return error.code === ErrorCodes.ConnectionInactive || error.code === ErrorCodes.PendingResponseRejected;
  return /connection got disposed|Client is not running|connection is closed/i.test(messageOf(error));
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
