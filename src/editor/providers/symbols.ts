import * as vscode from 'vscode';
import { documentSymbols, workspaceSymbols, type RecordSymbol } from '../../core/assist/symbols';
import type { Kind } from '../../core/schema/records';
import type { Logger } from '../../core/logger';
import { linesOf, toRange } from '../convert';
import type { WorkspaceModel } from '../workspaceModel';
import { guard, RECORD_SELECTOR } from './shared';

const SYMBOL_KINDS: Record<Kind, vscode.SymbolKind> = {
  Team: vscode.SymbolKind.Namespace,
  Service: vscode.SymbolKind.Class,
  StandardChange: vscode.SymbolKind.Interface,
  Change: vscode.SymbolKind.Event,
  Release: vscode.SymbolKind.Package,
  Knowledge: vscode.SymbolKind.File,
};

/** Document symbols (one per record) and workspace symbols (every record by id or title). */
export function registerSymbols(model: WorkspaceModel, log: Logger): vscode.Disposable {
  return vscode.Disposable.from(
    vscode.languages.registerDocumentSymbolProvider(RECORD_SELECTOR, {
      provideDocumentSymbols(document) {
        return guard(log, 'documentSymbols', () => {
          const where = model.parsedFor(document);
          if (!where) return undefined;
          const lines = linesOf(where.parsed);
          return documentSymbols(where.parsed).map(
            (s) =>
              new vscode.DocumentSymbol(
                s.name,
                s.detail,
                SYMBOL_KINDS[s.kind],
                toRange(lines, s.span),
                toRange(lines, s.selection),
              ),
          );
        });
      },
    }),
    vscode.languages.registerWorkspaceSymbolProvider({
      provideWorkspaceSymbols(query) {
        return guard(log, 'workspaceSymbols', () => {
          const out: vscode.SymbolInformation[] = [];
          for (const folder of model.allFolders()) {
            for (const s of workspaceSymbols(folder.index, query))
              out.push(toSymbolInformation(s, folder.uri(s.file), linesOf(folder.index.file(s.file)!)));
          }
          return out;
        });
      },
    }),
  );
}

function toSymbolInformation(
  s: RecordSymbol,
  uri: vscode.Uri,
  lines: ReturnType<typeof linesOf>,
): vscode.SymbolInformation {
  return new vscode.SymbolInformation(
    s.name,
    SYMBOL_KINDS[s.kind],
    s.detail,
    new vscode.Location(uri, toRange(lines, s.selection)),
  );
}
