import type * as vscode from 'vscode';
import type { IndexChangedParams } from '../server/protocol';

/**
 * What the views and commands need of the language server's client
 * (`SvcmClient`, editor/client.ts): requests, and word that records changed.
 * Plain structural typing, so that they do not depend on how the client runs.
 */
export interface ServerLink {
  /** Resolves when the server has done its first scan. */
  readonly ready: Promise<void>;
  /** svcm/indexChanged: records changed in these folders. */
  readonly onDidChangeIndex: vscode.Event<IndexChangedParams>;
  sendRequest<R>(method: string, params?: unknown, token?: vscode.CancellationToken): Promise<R>;
  /** Resolves when the server has no work queued and its diagnostics have reached VS Code. */
  settled(): Promise<void>;
}
