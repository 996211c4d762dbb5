import * as path from 'node:path';
import { TextDocuments, type Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { fsPathOf } from './folders';
import type { OpenTexts, Workspace } from './workspace';

/**
 * The documents open in the client (full and incremental sync, through
 * `TextDocuments`), fed to the workspace: an edit after the debounce, an
 * opened document at once, a closed one back to what the disk holds.
 */
export class OpenDocuments implements OpenTexts {
  readonly documents = new TextDocuments(TextDocument);
  private readonly byPath = new Map<string, TextDocument>();
  private readonly pending = new Map<string, ReturnType<typeof setTimeout>>();
  private workspace?: Workspace;
  /**
   * When the client last changed an open document (`performance.now()`): how the
   * server tells that typing goes on. An opened document counts too, which only
   * holds back for a moment what typing had already held back.
   */
  lastChangeAt = -Infinity;

  constructor(private readonly debounceMs: () => number) {
    this.documents.onDidOpen(({ document }) => {
      const abs = fsPathOf(document.uri);
      if (abs !== undefined) this.byPath.set(abs, document);
      this.workspace?.setText(document.uri, document.getText(), false);
    });
    this.documents.onDidChangeContent(({ document }) => {
      const abs = fsPathOf(document.uri);
      if (abs !== undefined) this.byPath.set(abs, document);
      this.lastChangeAt = performance.now();
      // didOpen fires this too: the document is indexed by then, and setText sees the same text.
      this.schedule(document);
    });
    this.documents.onDidClose(({ document }) => {
      this.cancel(document.uri);
      const abs = fsPathOf(document.uri);
      if (abs !== undefined && this.byPath.get(abs)?.uri === document.uri) this.byPath.delete(abs);
      this.workspace?.closed(document.uri);
    });
  }

  /** Listens for the document notifications; call before `connection.listen()`. */
  listen(connection: Connection): void {
    this.documents.listen(connection);
  }

  /** The workspace that edits go to (made at `initialize`). */
  bind(workspace: Workspace): void {
    this.workspace = workspace;
  }

  get(uri: string): TextDocument | undefined {
    return this.documents.get(uri);
  }

  textOf(abs: string): string | undefined {
    return this.byPath.get(abs)?.getText();
  }

  paths(): string[] {
    return [...this.byPath.keys()];
  }

  /** Applies a pending edit now (a request must see the text the client sees). */
  flush(uri: string): void {
    if (!this.pending.has(uri)) return;
    this.cancel(uri);
    const document = this.documents.get(uri);
    if (document) this.workspace?.setText(uri, document.getText());
  }

  /** Applies now the pending edits of the documents at `abs` or below it (a folder). */
  flushUnder(abs: string): void {
    const prefix = abs.endsWith(path.sep) ? abs : `${abs}${path.sep}`;
    for (const uri of [...this.pending.keys()]) {
      const at = fsPathOf(uri);
      if (at !== undefined && (at === abs || at.startsWith(prefix))) this.flush(uri);
    }
  }

  /** Applies every pending edit now. */
  flushAll(): void {
    for (const uri of [...this.pending.keys()]) this.flush(uri);
  }

  private schedule(document: TextDocument): void {
    this.cancel(document.uri);
    const uri = document.uri;
    this.pending.set(
      uri,
      setTimeout(() => {
        this.pending.delete(uri);
        const current = this.documents.get(uri);
        if (current) this.workspace?.setText(uri, current.getText());
      }, this.debounceMs()),
    );
  }

  private cancel(uri: string): void {
    const timer = this.pending.get(uri);
    if (timer !== undefined) clearTimeout(timer);
    this.pending.delete(uri);
  }
}
