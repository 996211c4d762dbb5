import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

/**
 * The peer benchmark: Red Hat's yaml-language-server (the server behind the
 * "YAML" VS Code extension), driven over LSP on stdio with our JSON Schema, on
 * the same files svcm validates. See PERFORMANCE.md.
 */

export interface PeerResult {
  /** ms from the first didOpen to the moment every opened file has had its diagnostics published */
  openToDiagnosticsMs: number;
  /** ms from a didChange of one file to the publishDiagnostics for that version (yls sends no version: the first publish for the file after the change) */
  editToDiagnosticsMs?: number;
  /** diagnostics on the edited file after the edit (sanity: the edit was really validated) */
  editDiagnostics?: number;
  /** total diagnostics count after opening (sanity: proves the schema was applied) */
  diagnostics: number;
  /** how many files got at least one diagnostic */
  filesWithDiagnostics: number;
  /** peak resident memory of the server process in MB (VmHWM from /proc/<pid>/status); NaN without /proc */
  peakRssMB: number;
}

export interface PeerOptions {
  /** absolute workspace folder */
  root: string;
  /** absolute paths of the YAML files to open (only .yaml/.yml; Markdown is not given) */
  files: string[];
  /** absolute path of a JSON Schema file (draft 2020-12) applied to all of those files */
  schema: string;
  /** one edit after all diagnostics arrived */
  edit?: { file: string; change: (text: string) => string };
  timeoutMs?: number;
}

interface Message {
  jsonrpc: '2.0';
  id?: number | string | null;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

interface Diagnostic {
  message: string;
}

/** Minimal JSON-RPC 2.0 over the LSP base protocol (Content-Length framed). */
class Connection {
  private buffer: Buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: unknown) => void; reject: (e: Error) => void }>();

  constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly onRequest: (method: string, params: unknown) => unknown,
    private readonly onNotification: (method: string, params: unknown) => void,
    private readonly onError: (e: Error) => void,
  ) {
    child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
  }

  request(method: string, params: unknown): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.send({ jsonrpc: '2.0', id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    this.write(Connection.frame({ jsonrpc: '2.0', method, params }));
  }

  /** Framing apart from writing, so the timed sections only write. */
  static frame(message: Message): Buffer {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
  }

  write(frame: Buffer): void {
    this.child.stdin.write(frame);
  }

  private send(message: Message): void {
    this.write(Connection.frame(message));
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const length = /content-length: *(\d+)/i.exec(this.buffer.toString('ascii', 0, headerEnd));
      if (!length)
        return this.onError(new Error(`peer: bad LSP header: ${this.buffer.toString('ascii', 0, headerEnd)}`));
      const start = headerEnd + 4;
      const end = start + Number(length[1]);
      if (this.buffer.length < end) return;
      const body = this.buffer.toString('utf8', start, end);
      this.buffer = this.buffer.subarray(end);
      try {
        this.dispatch(JSON.parse(body) as Message);
      } catch (e) {
        this.onError(e as Error);
      }
    }
  }

  private dispatch(message: Message): void {
    if (message.method !== undefined && message.id !== undefined) {
      // A request from the server: it waits for our answer, so always answer.
      let reply: Message;
      try {
        reply = { jsonrpc: '2.0', id: message.id, result: this.onRequest(message.method, message.params) ?? null };
      } catch (e) {
        reply = { jsonrpc: '2.0', id: message.id, error: { code: -32601, message: (e as Error).message } };
      }
      this.send(reply);
    } else if (message.method !== undefined) {
      this.onNotification(message.method, message.params);
    } else if (typeof message.id === 'number') {
      const waiter = this.pending.get(message.id);
      this.pending.delete(message.id);
      if (message.error) waiter?.reject(new Error(`peer: ${message.error.message} (${message.error.code})`));
      else waiter?.resolve(message.result);
    }
  }
}

/** Escapes a literal path for picomatch, which yls uses for `yaml.schemas` globs. */
const globEscape = (s: string) => s.replace(/[\\*?[\]{}()!+@|^$]/g, (c) => `\\${c}`);

/** yls matches globs against the document URI as the client sent it, percent-encoding included. */
const uriPath = (file: string) => pathToFileURL(file).pathname;

/**
 * `yaml.schemas` globs for exactly the given files: one per folder, spelled out
 * literally. yls prefixes each glob with `**` and matches it against the file
 * URI, and picomatch's `**` skips dot-folders (a workspace under `.svcm-run/`),
 * so the usual "every .yaml" glob would silently leave such files without a
 * schema. One glob per file would make matching quadratic; folders are few.
 */
function schemaGlobs(files: string[]): Map<string, string> {
  /** glob -> the first file it is for */
  const globs = new Map<string, string>();
  for (const file of files) {
    const name = path.basename(file);
    // `*` does not match a leading dot either, so dot-files (and odd extensions) get their own glob.
    const glob =
      name.startsWith('.') || !/\.ya?ml$/.test(name)
        ? globEscape(uriPath(file))
        : `${globEscape(uriPath(path.dirname(file)))}/*.{yaml,yml}`;
    if (!globs.has(glob)) globs.set(glob, file);
  }
  return globs;
}

/** Waits for `p`, at most `ms`, whatever the outcome; the timer does not keep the process alive afterwards. */
async function settle(p: Promise<unknown>, ms: number): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  await Promise.race([p.catch(() => undefined), new Promise((resolve) => (timer = setTimeout(resolve, ms)))]);
  clearTimeout(timer);
}

function serverBin(): string {
  const pkgFile = require.resolve('yaml-language-server/package.json');
  const pkg = JSON.parse(fs.readFileSync(pkgFile, 'utf8')) as { bin: Record<string, string> };
  return path.join(path.dirname(pkgFile), pkg.bin['yaml-language-server']);
}

function peakRssMB(pid: number): number {
  try {
    const kB = /^VmHWM:\s*(\d+)\s*kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return kB ? Number(kB[1]) / 1024 : NaN;
  } catch {
    return NaN; // no /proc (macOS): memory is not measured
  }
}

export async function measurePeer(options: PeerOptions): Promise<PeerResult> {
  const major = Number(process.versions.node.split('.')[0]);
  if (major < 22)
    throw new Error(
      `peer: yaml-language-server 2 needs Node >= 22.13; this is ${process.version} (run with npx tsx, which uses the repo's Node 24)`,
    );
  const timeoutMs = options.timeoutMs ?? 10 * 60_000;
  const schemaUri = pathToFileURL(options.schema).href;
  const uris = options.files.map((f) => pathToFileURL(f).href);
  const texts = options.files.map((f) => fs.readFileSync(f, 'utf8'));
  const editIndex = options.edit ? options.files.indexOf(options.edit.file) : -1;
  if (options.edit && editIndex < 0)
    throw new Error(`peer: the edited file is not among the opened files: ${options.edit.file}`);
  const globs = schemaGlobs(options.files);
  const yamlSettings = {
    validate: true,
    hover: true,
    completion: true,
    format: { enable: true },
    schemas: { [schemaUri]: [...globs.keys()] },
    // Both stores would fetch catalogues from the network and add schemas we do not measure.
    schemaStore: { enable: false },
    kubernetesCRDStore: { enable: false },
    customTags: [],
    yamlVersion: '1.2',
    maxItemsComputed: 5000,
  };

  const child = spawn(process.execPath, [serverBin(), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));

  // Every wait below races against one deadline and against the server dying.
  let phase = 'starting';
  let fail: (e: Error) => void = () => undefined;
  const failed = new Promise<never>((_, reject) => (fail = reject));
  failed.catch(() => undefined);
  const latest = new Map<string, Diagnostic[]>();
  // A set, not uris.every(): that check runs on each publish, O(n²) for 20,000 files.
  const unpublished = new Set(uris);
  const timer = setTimeout(
    () =>
      fail(
        new Error(
          `peer: timed out after ${timeoutMs} ms while ${phase} (${uris.length - unpublished.size}/${uris.length} files had diagnostics)`,
        ),
      ),
    timeoutMs,
  );
  let exiting = false;
  child.on('error', (e) => fail(new Error(`peer: cannot start yaml-language-server: ${e.message}`)));
  child.stdin.on('error', (e) =>
    fail(new Error(`peer: writing to yaml-language-server failed while ${phase}: ${e.message}\n${stderr}`)),
  );
  child.on('exit', (code, signal) => {
    if (!exiting) fail(new Error(`peer: yaml-language-server exited (${code ?? signal}) while ${phase}\n${stderr}`));
  });
  const within = <T>(p: Promise<T>): Promise<T> => Promise.race([p, failed]);

  // `waiters` are re-checked on every publishDiagnostics.
  let waiters: (() => void)[] = [];
  let settingsApplied: () => void = () => undefined;
  const settingsReady = new Promise<void>((resolve) => (settingsApplied = resolve));
  const waitFor = (done: () => boolean) =>
    within(
      new Promise<void>((resolve) => {
        const check = () => (done() ? resolve() : waiters.push(check));
        check();
      }),
    );

  const rpc = new Connection(
    child,
    (method, params) => {
      switch (method) {
        case 'workspace/configuration':
          // One answer per item, in order: the initial pull asks for yaml, http,
          // [yaml] and editor; each validation asks for [yaml] scoped to the file.
          return (params as { items: { section?: string }[] }).items.map(({ section }) =>
            section === 'yaml'
              ? yamlSettings
              : section === 'http'
                ? { proxy: '', proxyStrictSSL: false }
                : section === '[yaml]' || section === 'editor'
                  ? {}
                  : null,
          );
        case 'client/registerCapability':
        case 'client/unregisterCapability':
        case 'window/workDoneProgress/create':
          return null;
        default:
          throw new Error(`unhandled request ${method}`);
      }
    },
    (method, params) => {
      if (method === 'textDocument/publishDiagnostics') {
        const p = params as { uri: string; diagnostics: Diagnostic[] };
        latest.set(p.uri, p.diagnostics);
        unpublished.delete(p.uri);
        const ready = waiters;
        waiters = [];
        for (const w of ready) w();
      } else if (method === 'yaml/schema/store/initialized') {
        settingsApplied();
      }
    },
    fail,
  );

  try {
    phase = 'initializing';
    await within(
      rpc.request('initialize', {
        processId: process.pid,
        clientInfo: { name: 'svcm-bench' },
        locale: 'en',
        rootUri: pathToFileURL(options.root).href,
        workspaceFolders: [{ uri: pathToFileURL(options.root).href, name: path.basename(options.root) }],
        capabilities: {
          workspace: {
            configuration: true,
            workspaceFolders: true,
            didChangeConfiguration: { dynamicRegistration: false },
          },
          textDocument: {
            synchronization: { dynamicRegistration: false },
            publishDiagnostics: { relatedInformation: true, versionSupport: true },
          },
          window: { workDoneProgress: true },
        },
      }),
    );
    // As the Red Hat extension does: then yls notifies yaml/schema/store/initialized
    // once the settings it pulls on `initialized` are applied, so no file is
    // validated before the schema association exists.
    rpc.notify('yaml/supportSchemaSelection', {});
    rpc.notify('initialized', {});
    phase = 'waiting for the settings to be applied';
    await within(settingsReady);

    phase = 'opening files';
    const opens = uris.map((uri, i) =>
      Connection.frame({
        jsonrpc: '2.0',
        method: 'textDocument/didOpen',
        params: { textDocument: { uri, languageId: 'yaml', version: 1, text: texts[i] } },
      }),
    );
    const t0 = performance.now();
    for (const frame of opens) rpc.write(frame);
    phase = 'waiting for diagnostics on every opened file';
    await waitFor(() => unpublished.size === 0);
    const openToDiagnosticsMs = performance.now() - t0;
    let diagnostics = 0;
    let filesWithDiagnostics = 0;
    for (const uri of uris) {
      const n = latest.get(uri)!.length;
      diagnostics += n;
      if (n > 0) filesWithDiagnostics++;
    }
    const result: PeerResult = { openToDiagnosticsMs, diagnostics, filesWithDiagnostics, peakRssMB: NaN };

    if (options.edit) {
      const i = editIndex;
      // yls publishes without a version, so the first publish for that URI after the change is the answer.
      phase = 'waiting for diagnostics after the edit';
      const change = Connection.frame({
        jsonrpc: '2.0',
        method: 'textDocument/didChange',
        params: {
          textDocument: { uri: uris[i], version: 2 },
          contentChanges: [{ text: options.edit.change(texts[i]) }],
        },
      });
      latest.delete(uris[i]);
      const t1 = performance.now();
      rpc.write(change);
      await waitFor(() => latest.has(uris[i]));
      result.editToDiagnosticsMs = performance.now() - t1;
      result.editDiagnostics = latest.get(uris[i])!.length;
    }

    result.peakRssMB = peakRssMB(child.pid!);

    // Honesty check: ask yls which schemas it applied (the request behind the
    // extension's status-bar schema picker); zero diagnostics would otherwise
    // look like a fast, clean run. One file per glob: the files a glob covers
    // match it alike, and yls re-reads the schema file on every such request
    // (~1 ms each, 30 s for 25,000 files). A file's own `$schema` or modeline
    // would still override, which generated records do not have.
    phase = 'checking the schema association';
    const unmatched: string[] = [];
    await within(
      Promise.all(
        [...globs.values()].map(async (file) => {
          const uri = pathToFileURL(file).href;
          const schemas = (await rpc.request('yaml/get/jsonSchema', [uri])) as { uri: string }[];
          if (!schemas.some((s) => s.uri === schemaUri)) unmatched.push(uri);
        }),
      ),
    );
    if (unmatched.length > 0)
      throw new Error(
        `peer: yaml-language-server did not apply ${schemaUri} to ${unmatched.length} file(s), e.g. ${unmatched[0]}`,
      );

    phase = 'shutting down';
    exiting = true;
    await settle(rpc.request('shutdown', null), 5000);
    rpc.notify('exit', null);
    await settle(new Promise((resolve) => child.once('exit', resolve)), 3000);
    return result;
  } finally {
    exiting = true;
    clearTimeout(timer);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

function yamlFilesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name !== 'node_modules' && e.name !== '.git') out.push(...yamlFilesUnder(p));
    } else if (/\.ya?ml$/.test(e.name)) out.push(p);
  }
  return out.sort();
}

// `npx tsx bench/peer.ts <folder> [--edit]`: opens every .yaml/.yml under the
// folder with schemas/svcm.schema.json; --edit appends a comment to the first file.
if (require.main === module) {
  const args = process.argv.slice(2);
  const folder = args.find((a) => !a.startsWith('--'));
  if (!folder) {
    console.error('usage: npx tsx bench/peer.ts <folder> [--edit]');
    process.exit(2);
  }
  const root = path.resolve(folder);
  const files = yamlFilesUnder(root);
  measurePeer({
    root,
    files,
    schema: path.join(__dirname, '..', 'schemas', 'svcm.schema.json'),
    edit: args.includes('--edit') && files.length > 0 ? { file: files[0], change: (t) => `${t}# edited\n` } : undefined,
  }).then(
    (r) => console.log(JSON.stringify({ files: files.length, ...r }, null, 2)),
    (e: Error) => {
      console.error(e.message);
      process.exit(1);
    },
  );
}
