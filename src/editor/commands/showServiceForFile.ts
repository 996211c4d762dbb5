import * as vscode from 'vscode';
import { FILE_OWNERS_REQUEST, type FileOwnersResult, type OwnedRecord } from '../../server/protocol';
import type { ServerLink } from '../serverLink';
import { createCommand } from './support';
import { openTarget, placeTarget } from './openRecord';

export const SHOW_SERVICE_FOR_FILE = 'svcm.showServiceForFile';

/** The icon of an owner: an svcm Service's, or a Backstage Component's (as the Services view shows them). */
export function ownerIcon(owner: OwnedRecord): string {
  return owner.ref !== undefined ? 'symbol-module' : 'symbol-class';
}

interface RecordPick extends vscode.QuickPickItem {
  record?: OwnedRecord;
}

/**
 * `svcm.showServiceForFile [uri]`: lists the services owning the file (default:
 * the active editor's), their open changes and known errors, as the language
 * server answers them (`svcm/fileOwners`), and opens the record picked. Returns
 * the opened record's URI, undefined when cancelled or when no service owns the file.
 */
export function registerShowServiceForFile(server: ServerLink, log: vscode.LogOutputChannel): vscode.Disposable {
  return createCommand(SHOW_SERVICE_FOR_FILE, log, 'cannot show the service for this file', (arg?: unknown) =>
    showServiceForFile(server, arg instanceof vscode.Uri ? arg : vscode.window.activeTextEditor?.document.uri),
  );
}

async function showServiceForFile(server: ServerLink, uri: vscode.Uri | undefined): Promise<vscode.Uri | undefined> {
  if (!uri) {
    void vscode.window.showInformationMessage('svcm: open a file to see the service that owns it.');
    return undefined;
  }
  const found = await server.sendRequest<FileOwnersResult | null>(FILE_OWNERS_REQUEST, { uri: uri.toString() });
  if (!found) {
    void vscode.window.showInformationMessage('svcm: this file is not in a workspace folder, so no service owns it.');
    return undefined;
  }
  if (found.services.length === 0) {
    void vscode.window.showInformationMessage(
      `svcm: no service's code globs match ${found.path}. Add the path to a service's spec.code to link it.`,
    );
    return undefined;
  }
  const picks: RecordPick[] = found.services.map((service) => ({
    label: `$(${ownerIcon(service)}) ${service.name}`,
    description: service.title,
    detail: [
      service.tier !== undefined ? `tier ${service.tier}` : undefined,
      service.phase,
      service.owner !== undefined ? `owned by ${service.owner}` : undefined,
    ]
      .filter(Boolean)
      .join(' · '),
    record: service,
  }));
  if (found.changes.length > 0) {
    picks.push({ label: 'Open changes', kind: vscode.QuickPickItemKind.Separator });
    for (const change of found.changes) {
      picks.push({
        label: `$(git-pull-request) ${change.name}`,
        description: change.status,
        detail: change.text,
        record: change,
      });
    }
  }
  if (found.knownErrors.length > 0) {
    picks.push({ label: 'Known errors', kind: vscode.QuickPickItemKind.Separator });
    for (const knowledge of found.knownErrors) {
      picks.push({
        label: `$(bug) ${knowledge.name}`,
        description: knowledge.title,
        detail: knowledge.workaround ? `Workaround: ${knowledge.workaround}` : undefined,
        record: knowledge,
      });
    }
  }
  const picked = await vscode.window.showQuickPick(picks, {
    title: `Services owning ${found.path}`,
    placeHolder: 'Open a service, change or known error',
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.record ? openTarget(placeTarget(picked.record.place)) : undefined;
}
