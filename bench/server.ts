import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from '../test/unit/lsp/lspClient';

/**
 * The language server (`svcm lsp --stdio`, the built CLI) as an editor drives
 * it, on a generated workspace: the first scan to its last diagnostic, the
 * server's memory beside the CLI's, and edit-to-diagnostics over the protocol
 * (no debounce: `didChange` to the edited file's `publishDiagnostics`). Separate from the editor bench (editorBench.ts): this one needs
 * no VS Code.
 */
export interface ServerFigures {
  /** initialize to the answer of svcm/status (the scan and every diagnostic published) */
  firstScanMs: number;
  diagnostics: number;
  files: number;
  /** resident memory once the scan is in, and the peak at exit */
  rssMB: number;
  peakMB: number;
  /** didChange to the file's publishDiagnostics, each edit */
  editMs: number[];
}

const now = () => performance.now();

export async function serverBench(
  cli: string,
  root: string,
  edit: { file: string; change: (text: string, i: number) => string },
  edits: number,
): Promise<ServerFigures> {
  const rssFile = path.join(os.tmpdir(), `svcm-bench-server-rss-${process.pid}`);
  const hook = pathToFileURL(path.join(__dirname, 'peakRss.mjs')).href;
  process.env.SVCM_BENCH_RSS_FILE = rssFile;
  // Ten minutes a wait: the first scan of the large workspace on a busy machine takes longer than a test's wait.
  const client = new LspClient(process.execPath, ['--import', hook, cli, 'lsp', '--stdio'], root, 600_000);
  delete process.env.SVCM_BENCH_RSS_FILE;
  client.answers.set('workspace/configuration', (p) =>
    (p as { items: unknown[] }).items.map(() => ({ validation: { debounce: 0 } })),
  );
  try {
    const rootUri = pathToFileURL(root).toString();
    const started = now();
    await client.request('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      capabilities: { workspace: { configuration: true, didChangeWatchedFiles: { dynamicRegistration: true } } },
    });
    client.notify('initialized', {});
    const status = await client.request<{
      errors: number;
      warnings: number;
      infos: number;
      folders: { files: number }[];
    }>('svcm/status');
    const firstScanMs = now() - started;
    const rssMB = residentMB(client.process.pid!);
    const uri = pathToFileURL(path.join(root, ...edit.file.split('/'))).toString();
    let text = fs.readFileSync(path.join(root, ...edit.file.split('/')), 'utf8');
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    await client.request('svcm/status');
    const editMs: number[] = [];
    const base = text;
    for (let i = 0; i < edits; i++) {
      // Every other edit adds a field the schema does not know and the next takes it away, so that
      // each one changes the file's findings and its diagnostics are published.
      text = i % 2 === 0 ? edit.change(base, i) : base;
      const mark = client.received.length;
      const t = now();
      client.notify('textDocument/didChange', { textDocument: { uri, version: i + 2 }, contentChanges: [{ text }] });
      await client.diagnostics(uri, () => true, `the diagnostics of edit ${i}`, mark);
      editMs.push(now() - t);
      // The files that depend on it are checked after; the next edit starts when they are done.
      await client.request('svcm/status');
    }
    await client.request('shutdown');
    client.notify('exit');
    await client.waitForExit();
    const peakMB = Number(fs.readFileSync(rssFile, 'utf8')) / 1024;
    return {
      firstScanMs,
      diagnostics: status.errors + status.warnings + status.infos,
      files: status.folders.reduce((n, f) => n + f.files, 0),
      rssMB,
      peakMB,
      editMs,
    };
  } finally {
    client.kill();
    fs.rmSync(rssFile, { force: true });
  }
}

/** The resident memory of a live process (Linux /proc), in MB; NaN elsewhere. */
function residentMB(pid: number): number {
  try {
    const match = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}
