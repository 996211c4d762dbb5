import { TextDocuments, type Connection } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { stripBom } from '../core/parse/decode';
import { readRecordBytes } from '../node/readFile';
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
  /**
   * What the disk held for each open document when last looked at (undefined: no file). A document
   * whose text differs holds unsaved text; one whose text is the disk's follows the disk.
   */
  private readonly onDisk = new Map<string, string | undefined>();
  private workspace?: Workspace;

  constructor(private readonly debounceMs: () => number) {
    this.documents.onDidOpen(({ document }) => {
      const abs = fsPathOf(document.uri);
      if (abs !== undefined) {
        this.byPath.set(abs, document);
        this.onDisk.set(abs, this.diskText(abs));
      }
      this.workspace?.setText(document.uri, document.getText(), false);
    });
    this.documents.onDidChangeContent(({ document }) => {
      const abs = fsPathOf(document.uri);
      if (abs !== undefined) this.byPath.set(abs, document);
      // didOpen fires this too: the document is indexed by then, and setText sees the same text.
      this.schedule(document);
    });
    this.documents.onDidClose(({ document }) => {
      this.cancel(document.uri);
      const abs = fsPathOf(document.uri);
      if (abs !== undefined && this.byPath.get(abs)?.uri === document.uri) {
        this.byPath.delete(abs);
        this.onDisk.delete(abs);
      }
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

  /** Whether the open document of a path holds text the disk did not when last looked at (unsaved edits). */
  unsaved(abs: string): boolean {
    const document = this.byPath.get(abs);
    return document !== undefined && document.getText() !== this.onDisk.get(abs);
  }

  /** The file of an open document was written on disk (a save, a checkout): remember what it holds now. */
  diskChanged(abs: string): void {
    if (this.byPath.has(abs)) this.onDisk.set(abs, this.diskText(abs));
  }

  /** A file's text as an editor shows it (UTF-8, no byte order mark); undefined when there is none, or it may not be read. */
  private diskText(abs: string): string | undefined {
    // Only what svcm may read at all: inside a workspace folder, not through a link leading out (docs/security.md).
    if (!this.workspace?.mayRead(abs)) return undefined;
    try {
      const read = readRecordBytes(abs);
      return read && read.bytes.length === read.size ? stripBom(Buffer.from(read.bytes).toString('utf8')) : undefined;
    } catch {
      return undefined;
    }
  }

  /** Applies a pending edit now (a request must see the text the client sees). */
  flush(uri: string): void {
    if (!this.pending.has(uri)) return;
    this.cancel(uri);
    const document = this.documents.get(uri);
    if (document) this.workspace?.setText(uri, document.getText());
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
