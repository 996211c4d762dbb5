import * as vscode from 'vscode';
import { RESCAN_REQUEST, type StatusResult } from '../../server/protocol';
import type { ServerLink } from '../serverLink';
import { createCommand } from './support';

const VALIDATE_WORKSPACE = 'svcm.validateWorkspace';

/** What `svcm.validateWorkspace` returns (docs/commands.md). */
export interface ValidationTotals {
  errors: number;
  warnings: number;
  infos: number;
}

/**
 * `svcm.validateWorkspace`: the language server reads every folder again from
 * disk and open editors (`svcm/rescan`); waits until its diagnostics have
 * reached VS Code, shows the totals and returns them. Works in untrusted
 * workspaces (it writes nothing).
 */
export function registerValidateWorkspace(server: ServerLink, log: vscode.LogOutputChannel): vscode.Disposable {
  return createCommand(VALIDATE_WORKSPACE, log, 'validation failed', async (): Promise<ValidationTotals> => {
    const started = Date.now();
    const status = await server.sendRequest<StatusResult>(RESCAN_REQUEST);
    await server.settled();
    const { errors, warnings, infos } = status;
    const records = status.folders.reduce((sum, folder) => sum + folder.records, 0);
    const summary = `${plural(records, 'record')}: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}, ${plural(infos, 'info')}`;
    log.info(`[validate] ${summary} in ${Date.now() - started} ms`);
    const show = errors > 0 ? vscode.window.showWarningMessage : vscode.window.showInformationMessage;
    void show(`svcm: ${summary}`, ...(errors + warnings + infos > 0 ? ['Show Problems'] : [])).then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
    return { errors, warnings, infos };
  });
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
