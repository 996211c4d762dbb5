import * as os from 'node:os';
import { editorBench } from './editorBench';

/**
 * Only the service map's part of the editor benchmark (docs/service-map.md), on one generated
 * workspace: `npx tsx bench/map.ts [SERVICESxCHANGES] [RUNS]` (default 5000x20000, 1 run). The
 * same measurement as `npm run bench`'s (bench/editor.test.ts, measureServiceMap) with the
 * production bundles, without the rest of the benchmark; prints its rows, each run's, then with
 * several runs the median of each figure (VS Code started afresh for each run, on the same
 * workspace) and the load average before and after.
 */
const [services, changes] = (process.argv[2] ?? '5000x20000').split('x').map(Number);
const runs = Math.max(1, Number(process.argv[3] ?? '1') || 1);
process.env.SVCM_BENCH_MAP_ONLY = '1';
process.env.SVCM_BENCH_ONE_FILE = '0';
process.env.SVCM_BENCH_RUNS = String(runs);
const loadBefore = os.loadavg();
const { rows, perRun } = editorBench({ services, changes });
const loadAfter = os.loadavg();
for (const [workload, value] of rows) console.log(`${workload}: ${value}`);
if (runs > 1) {
  const keys = [...new Set(perRun.flatMap((f) => Object.keys(f)))].filter((k) => /^map|^mapStep /.test(k));
  console.log(`\nmedians of ${runs} runs:`);
  for (const key of keys) {
    const values = perRun.map((f) => f[key]).filter((v): v is number => v !== undefined);
    const sorted = [...values].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)];
    console.log(`${key}: ${median.toFixed(1)} (${values.map((v) => v.toFixed(0)).join(', ')})`);
  }
}
const load = (l: number[]) => l.map((x) => x.toFixed(2)).join(' ');
console.log(`load average: before ${load(loadBefore)}, after ${load(loadAfter)}`);
