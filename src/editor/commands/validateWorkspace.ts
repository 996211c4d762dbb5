import * as vscode from 'vscode';
import type { DiagnosticsManager } from '../diagnostics';
import { createCommand } from './support';
import type { WorkspaceModel } from '../workspaceModel';

const VALIDATE_WORKSPACE = 'svcm.validateWorkspace';

/** What `svcm.validateWorkspace` returns (docs/commands.md). */
export interface ValidationTotals {
  errors: number;
  warnings: number;
  infos: number;
}

/**
 * `svcm.validateWorkspace`: reads every folder again from disk and open
 * editors, waits until the diagnostics are published, shows the totals and
 * returns them. Works in untrusted workspaces (it writes nothing).
 */
export function registerValidateWorkspace(
  model: WorkspaceModel,
  diagnostics: DiagnosticsManager,
  settled: () => Promise<void>,
  log: vscode.LogOutputChannel,
): vscode.Disposable {
  return createCommand(VALIDATE_WORKSPACE, log, 'validation failed', async (): Promise<ValidationTotals> => {
    const started = Date.now();
    await model.rescan();
    await settled();
    const { errors, warnings, infos } = diagnostics.totals();
    const records = model.allFolders().reduce((sum, folder) => sum + folder.index.records().length, 0);
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
