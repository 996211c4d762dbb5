import * as vscode from 'vscode';
import type { Logger } from '../core/logger';

/** The one output channel; a LogOutputChannel already has the Logger methods. */
export function createLog(): vscode.LogOutputChannel & Logger {
  return vscode.window.createOutputChannel('svcm', { log: true });
}

/** Logs an error and shows a short message with a "Show Log" action. */
export async function reportError(log: vscode.LogOutputChannel, what: string, error: unknown): Promise<void> {
  log.error(`${what}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  const choice = await vscode.window.showErrorMessage(
    `svcm: ${what}: ${error instanceof Error ? error.message : String(error)}`,
    'Show Log',
  );
  if (choice === 'Show Log') log.show();
}
