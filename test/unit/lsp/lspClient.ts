// A plain Language Server Protocol client for the tests: Content-Length framing over a spawned
// server's stdio, answers to the server's requests, and a timeout on every wait. No VS Code.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';

export interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

/** How long any wait lasts before the test fails with what was seen. */
export const WAIT_MS = 20_000;

export class LspClient {
  readonly process: ChildProcessWithoutNullStreams;
  /** Every message the server sent, in order. */
  readonly received: Message[] = [];
  stderr = '';
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly waiters: { test: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
  private exitWaiters: ((code: number | null) => void)[] = [];
  exitCode: number | null | undefined;
  /** Answers to the server's requests, by method; unknown methods get `null`. */
  readonly answers = new Map<string, (params: unknown) => unknown>();

  /**
   * @param waitMs how long each wait lasts (the bench's first scan of a large workspace needs longer)
   * @param env the server's environment, when not this process's
   */
  constructor(
    command: string,
    args: string[],
    cwd: string,
    private readonly waitMs = WAIT_MS,
    env?: NodeJS.ProcessEnv,
  ) {
    this.process = spawn(command, args, { cwd, stdio: 'pipe', env });
    this.process.stdout.on('data', (chunk: Buffer) => this.onData(chunk));
    this.process.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString()));
    this.process.on('exit', (code) => {
      this.exitCode = code;
      for (const resolve of this.exitWaiters.splice(0)) resolve(code);
    });
  }

  private onData(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const match = /Content-Length: (\d+)/i.exec(header);
      if (!match) throw new Error(`bad header from the server: ${header}`);
      const length = Number(match[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const body = this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString('utf8');
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      this.onMessage(JSON.parse(body) as Message);
    }
  }

  private onMessage(message: Message): void {
    this.received.push(message);
    if (message.method !== undefined && message.id !== undefined) {
      // A request from the server: answer it, as an editor would.
      const answer = this.answers.get(message.method);
      this.write({ jsonrpc: '2.0', id: message.id, result: answer ? answer(message.params) : null });
    }
    for (const waiter of [...this.waiters]) {
      if (waiter.test(message)) {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        waiter.resolve(message);
      }
    }
  }

  write(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.process.stdin.write(Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]));
  }

  /** Sends a request; returns its id and the promise of its response (the whole message: result or error). */
  send(method: string, params?: unknown): { id: number; response: Promise<Message> } {
    const id = this.nextId++;
    const response = this.waitFor((m) => m.id === id && m.method === undefined, `the answer to ${method}`);
    this.write({ jsonrpc: '2.0', id, method, params });
    return { id, response };
  }

  /** Sends a request and returns its result; fails on an error answer. */
  async request<T>(method: string, params?: unknown): Promise<T> {
    const message = await this.send(method, params).response;
    if (message.error) throw new Error(`${method} failed: ${message.error.code} ${message.error.message}`);
    return message.result as T;
  }

  notify(method: string, params?: unknown): void {
    this.write({ jsonrpc: '2.0', method, params });
  }

  /** The first message, already received or still to come, that passes `test`. */
  waitFor(test: (m: Message) => boolean, what: string, options: { since?: number } = {}): Promise<Message> {
    const seen = this.received.slice(options.since ?? 0).find(test);
    if (seen && options.since !== undefined) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const waiter = { test, resolve: (m: Message) => (clearTimeout(timer), resolve(m)) };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(
          new Error(
            `timed out after ${this.waitMs} ms waiting for ${what}; last messages:\n${this.received
              .slice(-8)
              .map((m) => JSON.stringify(m).slice(0, 400))
              .join('\n')}\nstderr: ${this.stderr.slice(-2000)}`,
          ),
        );
      }, this.waitMs);
      this.waiters.push(waiter);
    });
  }

  /** The next diagnostics published for `uri` (after message number `since`) that pass `test`. */
  diagnostics(uri: string, test: (d: Diagnostic[]) => boolean, what: string, since = 0): Promise<Diagnostic[]> {
    const matches = (m: Message) =>
      m.method === 'textDocument/publishDiagnostics' &&
      (m.params as { uri: string }).uri === uri &&
      test((m.params as { diagnostics: Diagnostic[] }).diagnostics);
    return this.waitFor(matches, `diagnostics for ${uri}: ${what}`, { since }).then(
      (m) => (m.params as { diagnostics: Diagnostic[] }).diagnostics,
    );
  }

  /** The diagnostics last published for `uri` ([] when none). */
  lastDiagnostics(uri: string): Diagnostic[] {
    for (let i = this.received.length - 1; i >= 0; i--) {
      const m = this.received[i];
      if (m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri)
        return (m.params as { diagnostics: Diagnostic[] }).diagnostics;
    }
    return [];
  }

  waitForExit(): Promise<number | null> {
    if (this.exitCode !== undefined) return Promise.resolve(this.exitCode);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`the server did not exit within ${this.waitMs} ms`)),
        this.waitMs,
      );
      this.exitWaiters.push((code) => {
        clearTimeout(timer);
        resolve(code);
      });
    });
  }

  kill(): void {
    if (this.exitCode === undefined) this.process.kill();
  }
}

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface Diagnostic {
  range: Range;
  severity: number;
  source: string;
  code: string;
  message: string;
}

/** The position of the `nth` occurrence of `needle` in `text` (plus `delta` characters), in UTF-16 units as LSP counts. */
export function positionOf(text: string, needle: string, delta = 0, nth = 0): Position {
  let offset = -1;
  for (let i = 0; i <= nth; i++) {
    offset = text.indexOf(needle, offset + 1);
    if (offset < 0) throw new Error(`'${needle}' not in the text`);
  }
  offset += delta;
  const before = text.slice(0, offset);
  const line = before.split('\n').length - 1;
  return { line, character: offset - (before.lastIndexOf('\n') + 1) };
}
