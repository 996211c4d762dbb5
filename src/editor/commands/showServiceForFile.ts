import * as vscode from 'vscode';
import { openItemsForFile } from '../../core/assist/catalogueTree';
import { specFieldsOf, specOf, titleOf } from '../../core/index/references';
import type { RecordDoc } from '../../core/parse/parseFile';
import { createCommand } from './support';
import type { FolderModel, WorkspaceModel } from '../workspaceModel';
import { openTarget, targetOf } from './openRecord';

export const SHOW_SERVICE_FOR_FILE = 'svcm.showServiceForFile';

interface RecordPick extends vscode.QuickPickItem {
  record?: RecordDoc;
}

/**
 * `svcm.showServiceForFile [uri]`: lists the services owning the file (default:
 * the active editor's), their open changes and known errors, and opens the
 * record picked. Returns the opened record's URI, undefined when cancelled or
 * when no service owns the file.
 */
export function registerShowServiceForFile(model: WorkspaceModel, log: vscode.LogOutputChannel): vscode.Disposable {
  return createCommand(SHOW_SERVICE_FOR_FILE, log, 'cannot show the service for this file', (arg?: unknown) =>
    showServiceForFile(model, arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri),
  );
}

async function showServiceForFile(model: WorkspaceModel, uri: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  if (!uri) {
    void vscode.window.showInformationMessage('svcm: open a file to see the service that owns it.');
    return undefined;
  }
  await model.ready;
  const where = model.locate(uri);
  if (!where) {
    void vscode.window.showInformationMessage('svcm: this file is not in a workspace folder, so no service owns it.');
    return undefined;
  }
  const found = openItemsForFile(where.folder.index, where.path);
  if (!found) {
    void vscode.window.showInformationMessage(
      `svcm: no service's code globs match ${where.path}. Add the path to a service's spec.code to link it.`,
    );
    return undefined;
  }
  const picks: RecordPick[] = found.services.map((service) => {
    const spec = specFieldsOf(service, 'Service');
    return {
      label: `$(symbol-class) ${service.name}`,
      description: titleOf(service),
      detail: [
        spec.tier !== undefined ? `tier ${spec.tier}` : undefined,
        spec.phase,
        spec.owner !== undefined ? `owned by ${spec.owner}` : undefined,
      ]
        .filter(Boolean)
        .join(' · '),
      record: service,
    };
  });
  if (found.changes.length > 0) {
    picks.push({ label: 'Open changes', kind: vscode.QuickPickItemKind.Separator });
    for (const change of found.changes) {
      const spec = specFieldsOf(change, 'Change');
      picks.push({
        label: `$(git-pull-request) ${change.name ?? change.file}`,
        description: text(spec.status),
        detail: text(spec.summary),
        record: change,
      });
    }
  }
  if (found.knownErrors.length > 0) {
    picks.push({ label: 'Known errors', kind: vscode.QuickPickItemKind.Separator });
    for (const knowledge of found.knownErrors) {
      const workaround = text(specOf(knowledge, 'Knowledge')?.workaround);
      picks.push({
        label: `$(bug) ${knowledge.name ?? knowledge.file}`,
        description: titleOf(knowledge),
        detail: workaround ? `Workaround: ${workaround}` : undefined,
        record: knowledge,
      });
    }
  }
  const picked = await vscode.window.showQuickPick(picks, {
    title: `Services owning ${where.path}`,
    placeHolder: 'Open a service, change or known error',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.record ? openRecordIn(where.folder, picked.record) : undefined;
}

function openRecordIn(folder: FolderModel, record: RecordDoc): Promise<vscode.Uri> {
  return openTarget(targetOf(folder, record));
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' || typeof value === 'number' ? String(value).replace(/\s+/g, ' ').trim() : undefined;
}
