import * as vscode from 'vscode';
import { idMentions } from '../../core/assist/locate';
import type { Logger } from '../../core/logger';
import { linesOf } from '../convert';
import type { WorkspaceModel } from '../workspaceModel';
import { ANY_TEXT_SELECTOR, folderFor, guard } from './shared';

/** Largest text scanned for ids: links are a convenience, never a cost on huge files. */
const MAX_TEXT = 2_000_000;

/** Links on `CHG-…`, `REL-…` and `KB-…` ids in any file, commit messages included, to the record they name. */
export function registerLinks(model: WorkspaceModel, log: Logger): vscode.Disposable {
  return vscode.languages.registerDocumentLinkProvider(ANY_TEXT_SELECTOR, {
    provideDocumentLinks(document) {
      return guard(log, 'links', () => {
        const text = document.getText();
        if (text.length > MAX_TEXT) return [];
        const own = model.locate(document.uri);
        const links: vscode.DocumentLink[] = [];
        for (const mention of idMentions(text)) {
          const folder = folderFor(model, document, mention.kind, mention.name);
          const record = folder?.index.lookup(mention.kind, mention.name);
          if (!folder || !record) continue;
          // A record's own name is not a link to itself.
          if (own && record.file === own.path && record.nameSpan?.start === mention.span.start) continue;
          const position = linesOf(folder.index.file(record.file)!).positionAt(
            record.nameSpan?.start ?? record.span.start,
          );
          const target = folder.uri(record.file).with({ fragment: `L${position.line + 1},${position.character + 1}` });
          const link = new vscode.DocumentLink(
            new vscode.Range(document.positionAt(mention.span.start), document.positionAt(mention.span.end)),
            target,
          );
          link.tooltip = `Open ${mention.kind} ${mention.name}`;
          links.push(link);
        }
        return links;
      });
    },
  });
}
