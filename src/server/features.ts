import * as fs from 'node:fs';
import {
  CodeActionKind,
  CompletionItemKind,
  InsertTextFormat,
  LSPErrorCodes,
  ResponseError,
  SymbolKind,
  type CancellationToken,
  type CodeAction,
  type CompletionItem,
  type Connection,
  type DocumentSymbol,
  type Location,
  type SymbolInformation,
  type TextDocumentEdit,
  type TextEdit as LspTextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { completionsAt, type CompletionCandidate } from '../core/assist/completion';
import { quickFixes } from '../core/assist/fixes';
import { hoverAt } from '../core/assist/hover';
import { idMentionAt, idMentions } from '../core/assist/locate';
import { definitionPlaces, referencePlaces, renameEdits, symbolAt } from '../core/assist/navigation';
import { documentSymbols, workspaceSymbols, type RecordSymbol } from '../core/assist/symbols';
import type { Span } from '../core/finding';
import type { Logger } from '../core/logger';
import { LineIndex } from '../core/parse/lines';
import type { ParsedFile } from '../core/parse/parseFile';
import type { Kind } from '../core/schema/vocabulary';
import type { EntityKind } from '../core/backstage/model';
import type { RefKind } from '../core/index/references';
import { mentionsSvcm } from '../core/parse/decode';
import type { DiagnosticsPublisher } from './diagnostics';
import type { OpenDocuments } from './documents';
import { fsPathOf, type FolderState } from './folders';
import { linesOf, sameRange, toOffset, toRange } from './positions';
import type { Workspace } from './workspace';

/** What the client said it can do, as far as the handlers care. */
export interface ClientAbilities {
  /** WorkspaceEdit.documentChanges with file renames. */
  renameFiles: boolean;
  hierarchicalSymbols: boolean;
  markdown: boolean;
  snippets: boolean;
  /** The workspace is trusted: edits that rename files and rename itself are offered. */
  trusted: boolean;
}

const COMPLETION_KINDS: Record<CompletionCandidate['kind'], CompletionItemKind> = {
  kind: CompletionItemKind.Class,
  field: CompletionItemKind.Property,
  value: CompletionItemKind.EnumMember,
  reference: CompletionItemKind.Reference,
};

export const SYMBOL_KINDS: Record<Kind | EntityKind, SymbolKind> = {
  Team: SymbolKind.Namespace,
  Service: SymbolKind.Class,
  StandardChange: SymbolKind.Interface,
  Change: SymbolKind.Event,
  Release: SymbolKind.Package,
  Knowledge: SymbolKind.File,
  // Backstage entities (docs/backstage.md)
  Component: SymbolKind.Class,
  API: SymbolKind.Interface,
  Resource: SymbolKind.Struct,
  System: SymbolKind.Module,
  Domain: SymbolKind.Package,
  Group: SymbolKind.Namespace,
  User: SymbolKind.Object,
  Location: SymbolKind.File,
};

/** Largest text scanned for ids to link: links are a convenience, never a cost on huge files. */
const MAX_LINK_TEXT = 2_000_000;

interface Context {
  uri: string;
  text: string;
  /** the record file the document is, when it is one */
  where?: { folder: FolderState; path: string; parsed: ParsedFile };
  lines: LineIndex;
}

/**
 * The language features as LSP handlers: each converts positions (positions.ts),
 * calls the same core/assist function the CLI's and the editor's features are
 * built on, and converts the plain data back. Handlers never throw to the
 * client for a bug: they log and answer nothing. A request that waited for the
 * scan while its document changed is answered `ContentModified` (stale), one
 * the client cancelled `RequestCancelled`.
 */
export function registerFeatures(
  connection: Connection,
  workspace: Workspace,
  documents: OpenDocuments,
  diagnostics: DiagnosticsPublisher,
  abilities: ClientAbilities,
  log: Logger,
): void {
  /** The document's text and parsed file, once the scan is in; throws when the request went stale meanwhile. */
  const contextFor = async (uri: string, token: CancellationToken): Promise<Context | undefined> => {
    const before = documents.get(uri)?.version;
    if (workspace.scanningNow) await workspace.ready();
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    const document = documents.get(uri);
    if (document && document.version !== before)
      throw new ResponseError(LSPErrorCodes.ContentModified, 'the document changed');
    documents.flush(uri);
    const text = document ? document.getText() : readDisk(uri);
    if (text === undefined) return undefined;
    const where = workspace.parsedFor(uri, text);
    return { uri, text, where, lines: where ? linesOf(where.parsed) : new LineIndex(text) };
  };

  const handle =
    <P extends { textDocument: { uri: string } }, R>(
      what: string,
      body: (ctx: Context, params: P, token: CancellationToken) => R | undefined,
    ) =>
    async (params: P, token: CancellationToken): Promise<R | null> => {
      const ctx = await contextFor(params.textDocument.uri, token);
      if (!ctx) return null;
      try {
        return body(ctx, params, token) ?? null;
      } catch (error) {
        if (error instanceof ResponseError) throw error;
        log.error(`[${what}] ${(error as Error).stack ?? String(error)}`);
        return null;
      }
    };

  /** The folder to resolve an id in: the document's own, else the first that defines it. */
  const folderFor = (ctx: Context, kind?: RefKind, name?: string): FolderState | undefined => {
    if (ctx.where) return ctx.where.folder;
    const own = workspace.locate(ctx.uri)?.folder;
    if (own) return own;
    const folders = workspace.allFolders();
    if (kind && name) return folders.find((f) => f.index.definitions(kind, name).length > 0) ?? folders[0];
    return folders[0];
  };

  const location = (folder: FolderState, file: string, span: Span): Location | undefined => {
    const parsed = folder.index.file(file);
    return parsed ? { uri: workspace.uriOf(folder, file), range: toRange(linesOf(parsed), span) } : undefined;
  };

  const targetAt = (ctx: Context, position: { line: number; character: number }) => {
    const target = symbolAt(ctx.where?.parsed, ctx.text, toOffset(ctx.lines, position));
    if (!target) return undefined;
    const folder = folderFor(ctx, target.kind, target.name);
    return folder ? { folder, target } : undefined;
  };

  connection.onCompletion(
    handle('completion', (ctx, params): CompletionItem[] | undefined => {
      if (!mentionsSvcm(ctx.text)) return undefined;
      const folder = folderFor(ctx);
      if (!folder) return undefined;
      const offset = toOffset(ctx.lines, params.position);
      const parsed = ctx.where?.parsed;
      const markdown = parsed ? parsed.format === 'markdown' : /\.(md|markdown)$/i.test(ctx.uri);
      // In Markdown, only the front matter holds fields.
      if (markdown && !(parsed?.bodyStart !== undefined && offset < parsed.bodyStart)) return undefined;
      return completionsAt(folder.index, ctx.text, offset).map((c) => {
        const snippet = c.snippet && abilities.snippets;
        const item: CompletionItem = {
          label: c.label,
          kind: COMPLETION_KINDS[c.kind],
          textEdit: { range: toRange(ctx.lines, c.replace), newText: snippet ? c.insertText : plain(c) },
          insertTextFormat: snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
        };
        if (c.detail) item.detail = c.detail;
        if (c.documentation)
          item.documentation = abilities.markdown ? { kind: 'markdown', value: c.documentation } : c.documentation;
        if (c.sortText) item.sortText = c.sortText;
        if (c.preselect) item.preselect = true;
        return item;
      });
    }),
  );

  connection.onHover(
    handle('hover', (ctx, params) => {
      const offset = toOffset(ctx.lines, params.position);
      const mention = ctx.where ? undefined : idMentionAt(ctx.text, offset);
      const isRecordFile = /\.(ya?ml|md|markdown)$/i.test(ctx.uri);
      // Other files get hovers on ids only.
      if (!ctx.where && !isRecordFile && !mention) return undefined;
      const folder = folderFor(ctx, mention?.kind, mention?.name);
      if (!folder) return undefined;
      const info = hoverAt(folder.index, ctx.where?.parsed, ctx.text, offset);
      if (!info) return undefined;
      return {
        contents: abilities.markdown ? { kind: 'markdown' as const, value: info.markdown } : info.markdown,
        range: toRange(ctx.lines, info.span),
      };
    }),
  );

  connection.onDefinition(
    handle('definition', (ctx, params) => {
      const hit = targetAt(ctx, params.position);
      if (!hit) return undefined;
      return definitionPlaces(hit.folder.index, hit.target)
        .map((p) => location(hit.folder, p.file, p.span))
        .filter((l): l is Location => l !== undefined);
    }),
  );

  connection.onReferences(
    handle('references', (ctx, params) => {
      const hit = targetAt(ctx, params.position);
      if (!hit) return undefined;
      return referencePlaces(hit.folder.index, hit.target, params.context.includeDeclaration)
        .map((p) => location(hit.folder, p.file, p.span))
        .filter((l): l is Location => l !== undefined);
    }),
  );

  // Rename is offered on a record's name or a reference to it, never on free text.
  const renameTarget = (ctx: Context, position: { line: number; character: number }) => {
    if (!ctx.where) return undefined;
    const hit = targetAt(ctx, position);
    if (!hit || hit.folder.index.definitions(hit.target.kind, hit.target.name).length === 0) return undefined;
    return hit;
  };

  connection.onPrepareRename(
    handle('prepareRename', (ctx, params) => {
      const hit = renameTarget(ctx, params.position);
      if (!hit) return undefined;
      const span = hit.target.span;
      // The name, not its quotes.
      const quoted = /["']/.test(ctx.text.charAt(span.start));
      const inner = { start: span.start + (quoted ? 1 : 0), end: span.end - (quoted ? 1 : 0) };
      return { range: toRange(ctx.lines, inner), placeholder: hit.target.name };
    }),
  );

  connection.onRenameRequest(async (params, token) => {
    const ctx = await contextFor(params.textDocument.uri, token);
    if (!ctx) return null;
    if (!abilities.trusted)
      throw new ResponseError(LSPErrorCodes.RequestFailed, 'svcm does not write files in an untrusted workspace.');
    const hit = renameTarget(ctx, params.position);
    if (!hit)
      throw new ResponseError(LSPErrorCodes.RequestFailed, 'Only the id of a record in this workspace can be renamed.');
    const result = renameEdits(hit.folder.index, hit.target, params.newName.trim());
    if (typeof result === 'string') throw new ResponseError(LSPErrorCodes.RequestFailed, result);
    const { folder } = hit;
    const byFile = new Map<string, LspTextEdit[]>();
    for (const e of result.edits) {
      const parsed = folder.index.file(e.file);
      if (!parsed) continue;
      const list = byFile.get(e.file) ?? [];
      list.push({ range: toRange(linesOf(parsed), e.span), newText: e.newText });
      byFile.set(e.file, list);
    }
    if (!abilities.renameFiles || result.fileRenames.length === 0) {
      const changes: Record<string, LspTextEdit[]> = {};
      for (const [file, edits] of byFile) changes[workspace.uriOf(folder, file)] = edits;
      return { changes } satisfies WorkspaceEdit;
    }
    // Files are renamed first, then edited at their new names (documentChanges apply in order).
    const moved = new Map(result.fileRenames.map((r) => [r.from, r.to]));
    const documentChanges: WorkspaceEdit['documentChanges'] = result.fileRenames.map((r) => ({
      kind: 'rename' as const,
      oldUri: workspace.uriOf(folder, r.from),
      newUri: workspace.uriOf(folder, r.to),
      options: { overwrite: false, ignoreIfExists: false },
    }));
    for (const [file, edits] of byFile) {
      const edit: TextDocumentEdit = {
        textDocument: { uri: workspace.uriOf(folder, moved.get(file) ?? file), version: null },
        edits,
      };
      documentChanges.push(edit);
    }
    return { documentChanges } satisfies WorkspaceEdit;
  });

  connection.onDocumentSymbol(
    handle('documentSymbol', (ctx): DocumentSymbol[] | SymbolInformation[] | undefined => {
      if (!ctx.where) return undefined;
      const symbols = documentSymbols(ctx.where.parsed);
      if (abilities.hierarchicalSymbols)
        return symbols.map((s) => ({
          name: s.name,
          detail: s.detail,
          kind: SYMBOL_KINDS[s.kind],
          range: toRange(ctx.lines, s.span),
          selectionRange: toRange(ctx.lines, s.selection),
        }));
      return symbols.map((s) => symbolInformation(s, ctx.uri, ctx.lines));
    }),
  );

  connection.onWorkspaceSymbol(async (params, token) => {
    if (workspace.scanningNow) await workspace.ready();
    if (token.isCancellationRequested) throw new ResponseError(LSPErrorCodes.RequestCancelled, 'cancelled');
    const out: SymbolInformation[] = [];
    for (const folder of workspace.allFolders()) {
      for (const s of workspaceSymbols(folder.index, params.query)) {
        const parsed = folder.index.file(s.file);
        if (parsed) out.push(symbolInformation(s, workspace.uriOf(folder, s.file), linesOf(parsed)));
      }
    }
    return out;
  });

  connection.onDocumentLinks(
    handle('documentLinks', (ctx) => {
      if (ctx.text.length > MAX_LINK_TEXT) return [];
      const own = workspace.locate(ctx.uri);
      const links = [];
      for (const mention of idMentions(ctx.text)) {
        const folder = folderFor(ctx, mention.kind, mention.name);
        const record = folder?.index.lookup(mention.kind, mention.name);
        if (!folder || !record) continue;
        // A record's own name is not a link to itself.
        if (own && record.file === own.path && record.nameSpan?.start === mention.span.start) continue;
        const parsed = folder.index.file(record.file);
        if (!parsed) continue;
        const at = linesOf(parsed).positionAt(record.nameSpan?.start ?? record.span.start);
        links.push({
          range: toRange(ctx.lines, mention.span),
          target: `${workspace.uriOf(folder, record.file)}#L${at.line + 1},${at.character + 1}`,
          tooltip: `Open ${mention.kind} ${mention.name}`,
        });
      }
      return links;
    }),
  );

  connection.onCodeAction(
    handle('codeAction', (ctx, params) => {
      if (!ctx.where) return undefined;
      const { folder, parsed } = ctx.where;
      const findings = diagnostics.findingsFor(ctx.uri);
      const actions: CodeAction[] = [];
      for (const diagnostic of params.context.diagnostics) {
        if (diagnostic.source !== 'svcm') continue;
        // Find the finding the diagnostic came from by code and place.
        const finding = findings.find(
          (f) => f.code === diagnostic.code && sameRange(toRange(ctx.lines, f.span), diagnostic.range),
        );
        if (!finding) continue;
        for (const fix of quickFixes(parsed, finding)) {
          if (fix.rename && (!abilities.renameFiles || !abilities.trusted)) continue;
          const edits = fix.edits.map((e) => ({ range: toRange(ctx.lines, e.span), newText: e.newText }));
          const edit: WorkspaceEdit = fix.rename
            ? {
                documentChanges: [
                  ...(edits.length > 0 ? [{ textDocument: { uri: ctx.uri, version: null }, edits }] : []),
                  {
                    kind: 'rename',
                    oldUri: workspace.uriOf(folder, fix.rename.from),
                    newUri: workspace.uriOf(folder, fix.rename.to),
                    options: { overwrite: false },
                  },
                ],
              }
            : { changes: { [ctx.uri]: edits } };
          actions.push({
            title: fix.title,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            isPreferred: fix.preferred,
            edit,
          });
        }
      }
      return actions;
    }),
  );
}

function symbolInformation(s: RecordSymbol, uri: string, lines: LineIndex): SymbolInformation {
  return {
    name: s.name,
    kind: SYMBOL_KINDS[s.kind],
    containerName: s.detail,
    location: { uri, range: toRange(lines, s.selection) },
  };
}

/** A snippet's text without its tab stops, for clients that take plain text only. */
function plain(c: CompletionCandidate): string {
  return c.snippet ? c.insertText.replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\d+/g, '') : c.insertText;
}

function readDisk(uri: string): string | undefined {
  const abs = fsPathOf(uri);
  if (abs === undefined) return undefined;
  try {
    return fs.readFileSync(abs, 'utf8');
  } catch {
    return undefined;
  }
}
