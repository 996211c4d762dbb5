// Files that vanish or change while the language server's scan reads them (the editor's scan since
// the extension became its client): the BUILT `svcm lsp --stdio`, spawned, with a churning process
// beside it. No crash, no stack trace; once the churn stops, the next scan publishes exactly what
// `svcm validate` prints for the same files.
import * as assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { CLI, requireBuiltCli, TempDirs, validateJson, writeTree, type JsonDiagnostic } from '../cliSupport';
import { LspClient, type Diagnostic, type Message } from './lspClient';

const TEAMS = 2000; // above the reading thread's threshold
const SERVICES = 60;
const team = (i: number) =>
  `apiVersion: svcm/v1\nkind: Team\nmetadata:\n  name: team-${i}\nspec:\n  email: t${i}@example.com\n${i % 100 === 0 ? '  colour: red\n' : ''}`;
/** Services owned by churned teams: their findings change when a team goes or comes, though their file does not. */
const service = (i: number) =>
  `apiVersion: svcm/v1\nkind: Service\nmetadata:\n  name: svc-${i}\nspec:\n  owner: team-${(i * 7919) % TEAMS}\n  phase: beta\n  tier: 3\n`;

/** Deletes, truncates, replaces with a folder and rewrites team files in a tight loop, until killed. */
const CHURN = `
const fs = require('fs'), path = require('path');
const [root, n] = [process.argv[1], Number(process.argv[2])];
let i = 0;
const file = (k) => path.join(root, 'teams', 'team-' + k + '.yaml');
for (;;) {
  const k = (i++ * 7919) % n, f = file(k);
  try {
    switch (i % 5) {
      case 0: fs.rmSync(f, { force: true }); break;
      case 1: fs.writeFileSync(f, 'apiVersion: svcm/v1\\nkind: Team\\nmeta'); break;
      case 2: fs.rmSync(f, { force: true }); fs.mkdirSync(f); fs.rmdirSync(f); break;
      case 3: fs.rmSync(path.join(root, 'teams', 'sub'), { recursive: true, force: true }); fs.mkdirSync(path.join(root, 'teams', 'sub')); fs.writeFileSync(path.join(root, 'teams', 'sub', 'x.yaml'), 'apiVersion: svcm/v1\\nkind: Team\\nmetadata:\\n  name: sub-' + k + '\\n'); break;
      default: fs.writeFileSync(f, 'apiVersion: svcm/v1\\nkind: Team\\nmetadata:\\n  name: churned-' + k + '\\n');
    }
  } catch {}
}`;

const SEVERITY: Record<string, number> = { error: 1, warning: 2, info: 3 };

/** A diagnostic as a line both sides can be compared by. */
const key = (file: string, d: Diagnostic | JsonDiagnostic) =>
  JSON.stringify([
    file,
    d.range.start.line,
    d.range.start.character,
    d.range.end.line,
    d.range.end.character,
    typeof d.severity === 'number' ? d.severity : SEVERITY[d.severity],
    d.code,
    d.message,
  ]);

describe('svcm lsp: files that vanish or change while the server scans', function () {
  this.timeout(240_000);
  const temp = new TempDirs();
  const clients: LspClient[] = [];
  const churns: ReturnType<typeof spawn>[] = [];
  after(() => {
    for (const churn of churns) churn.kill();
    for (const client of clients) client.kill();
    temp.cleanup();
  });
  before(requireBuiltCli);

  for (const { workers, clientWatches } of [
    { workers: '1', clientWatches: true },
    { workers: '0', clientWatches: false },
  ]) {
    const how = `reading thread ${workers === '1' ? 'on' : 'off'}, ${clientWatches ? 'the client watches (as VS Code)' : "the server's own watcher"}`;
    it(`never crashes, and the scan after the churn publishes what svcm validate prints (${how})`, async () => {
      const root = temp.make('svcm-lsp-churn-');
      const files: Record<string, string> = {};
      for (let i = 0; i < TEAMS; i++) files[`teams/team-${i}.yaml`] = team(i);
      for (let i = 0; i < SERVICES; i++) files[`services/svc-${i}.yaml`] = service(i);
      writeTree(root, files);
      const churn = spawn(process.execPath, ['-e', CHURN, root, String(TEAMS)], { stdio: 'ignore' });
      churns.push(churn);
      const churned = new Promise((resolve) => churn.once('exit', resolve));
      let client: LspClient;
      const saved = process.env.SVCM_WORKERS;
      process.env.SVCM_WORKERS = workers;
      try {
        client = new LspClient(process.execPath, [CLI, 'lsp', '--stdio'], root, 120_000);
      } finally {
        if (saved === undefined) delete process.env.SVCM_WORKERS;
        else process.env.SVCM_WORKERS = saved;
      }
      clients.push(client);
      // A scan is over when its progress ends: the first one, then a rescan, both while the churn runs.
      const ended = (n: number) => (m: Message) =>
        client.received.filter(
          (r) => r.method === '$/progress' && (r.params as { value: { kind: string } }).value.kind === 'end',
        ).length >= n && m.method === '$/progress';
      let rescan: Promise<unknown> | undefined;
      try {
        // A client that watches (VS Code) gets no events from this one: the scans alone are tried. Without,
        // the server's own watcher sees the churn as well (on Linux, Node's recursive fs.watch hung here).
        await client.request('initialize', {
          processId: process.pid,
          rootUri: pathToFileURL(root).toString(),
          capabilities: {
            window: { workDoneProgress: true },
            workspace: { didChangeWatchedFiles: { dynamicRegistration: clientWatches } },
          },
          initializationOptions: {
            settings: { svcm: { validation: { debounce: 0 } } },
            watcher: clientWatches ? 'client' : 'server',
          },
        });
        client.notify('initialized', {});
        await client.waitFor(ended(1), 'the first scan to end', { since: 0 });
        rescan = client.request('svcm/rescan');
        await client.waitFor(ended(2), 'the rescan to end', { since: 0 });
      } finally {
        churn.kill();
        await churned;
      }
      assert.equal(client.exitCode, undefined, `the server exited during the churn: ${client.stderr.slice(-2000)}`);
      // Answered once the churn has stopped and the server has caught up with it.
      await rescan;
      const settled = await client.request<{ files: number }>('svcm/rescan');
      assert.ok(settled.files > 0);

      // What the server shows now: the last list it published for each file, empty lists left out.
      const published = () => {
        const last = new Map<string, Diagnostic[]>();
        for (const m of client.received as Message[])
          if (m.method === 'textDocument/publishDiagnostics') {
            const p = m.params as { uri: string; diagnostics: Diagnostic[] };
            last.set(p.uri, p.diagnostics);
          }
        const out: string[] = [];
        for (const [uri, list] of last) {
          const rel = path.relative(root, new URL(uri).pathname).split(path.sep).join('/');
          for (const d of list) out.push(key(rel, d));
        }
        return out.sort();
      };
      const { report } = validateJson(root);
      const expected = report.diagnostics.map((d) => key(d.file, d)).sort();
      assert.ok(expected.length > 0, 'the tree should have findings');
      // Events of the churn's last moments may still come in after the rescan: a later publish settles them.
      await client
        .waitFor(
          () => JSON.stringify(published()) === JSON.stringify(expected),
          'the published diagnostics to equal svcm validate',
          { since: 0 },
        )
        .catch(() => undefined);
      assert.deepEqual(published(), expected);
      assert.doesNotMatch(client.stderr, /internal error|\n\s+at /);
      await client.request('shutdown');
      client.notify('exit');
      assert.equal(await client.waitForExit(), 0);
    });
  }
});
