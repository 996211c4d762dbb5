import * as vscode from 'vscode';

/** Documents svcm reads records from. */
export const RECORD_SELECTOR: vscode.DocumentSelector = [
  { language: 'yaml', scheme: 'file' },
  { language: 'yaml', scheme: 'untitled' },
  { language: 'markdown', scheme: 'file' },
];

/** Runs a provider body, logging instead of throwing to the editor. */
export function guard<T>(log: { error(message: string): void }, what: string, body: () => T): T | undefined {
  try {
    return body();
  } catch (error) {
    log.error(`[${what}] ${(error as Error).stack ?? String(error)}`);
    return undefined;
  }
}
