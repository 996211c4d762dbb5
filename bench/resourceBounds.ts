// Resource bounds (docs/security.md): a workspace of many small YAML files that
// are not svcm's, plus 1 GB files named `.yaml` (sparse: no disk used), one
// binary and one that starts like a record. Measures `svcm validate` (built CLI,
// whole process): wall time and peak memory. Not a test: run it by hand.
//   npx tsx bench/resourceBounds.ts [FILES=200000] [GB=1]
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const REPO = path.resolve(__dirname, '..');
const files = Number(process.argv[2] ?? 200_000);
const gigabytes = Number(process.argv[3] ?? 1);

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'svcm-bounds-'));
try {
  const started = Date.now();
  for (let i = 0; i < files; i++) {
    const dir = path.join(root, 'config', String(Math.floor(i / 1000)));
    if (i % 1000 === 0) fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, `app-${i}.yaml`), `name: app-${i}\nreplicas: ${i % 5}\nimage: registry/app:${i}\n`);
  }
  // Sparse: the size is 1 GB, the disk holds only the head.
  const big = (name: string, head: Buffer) => {
    const fd = fs.openSync(path.join(root, name), 'w');
    fs.writeSync(fd, head, 0, head.length, 0);
    fs.ftruncateSync(fd, gigabytes * 1024 ** 3);
    fs.closeSync(fd);
  };
  big('blob.yaml', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0, 0, 0, 0]));
  big('huge-record.yaml', Buffer.from('apiVersion: svcm/v1\nkind: Team\nmetadata:\n  name: huge\n'));
  fs.writeFileSync(path.join(root, 'team.yaml'), 'apiVersion: svcm/v1\nkind: Team\nmetadata:\n  name: real\n');
  console.log(
    `generated ${files} files + 2 x ${gigabytes} GB sparse in ${((Date.now() - started) / 1000).toFixed(1)} s`,
  );

  for (const workers of ['0', '1']) {
    const rssFile = path.join(root, '.rss');
    const t0 = process.hrtime.bigint();
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        path.join(REPO, 'bench', 'peakRss.mjs'),
        path.join(REPO, 'dist', 'cli.js'),
        'validate',
        '--format',
        'json',
      ],
      {
        cwd: root,
        encoding: 'utf8',
        maxBuffer: 64 * 1024 * 1024,
        env: { ...process.env, SVCM_WORKERS: workers, SVCM_BENCH_RSS_FILE: rssFile },
      },
    );
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    const report = JSON.parse(run.stdout) as { summary: unknown; diagnostics: { file: string; message: string }[] };
    const rss = Number(fs.readFileSync(rssFile, 'utf8')) / 1024;
    fs.rmSync(rssFile);
    console.log(
      `SVCM_WORKERS=${workers}: exit ${run.status}, ${(ms / 1000).toFixed(2)} s, peak RSS ${rss.toFixed(0)} MB, summary ${JSON.stringify(report.summary)}`,
    );
    for (const d of report.diagnostics) console.log(`  ${d.file}: ${d.message}`);
  }
} finally {
  fs.rmSync(root, { recursive: true, force: true });
}
