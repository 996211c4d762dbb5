import { editorBench } from './editorBench';

/**
 * Only the service map's part of the editor benchmark (docs/service-map.md), on one generated
 * workspace: `npx tsx bench/map.ts [SERVICESxCHANGES]` (default 5000x20000). The same
 * measurement as `npm run bench`'s (bench/editor.test.ts, measureServiceMap) with the production
 * bundles, without the rest of the benchmark; prints its rows.
 */
const [services, changes] = (process.argv[2] ?? '5000x20000').split('x').map(Number);
process.env.SVCM_BENCH_MAP_ONLY = '1';
process.env.SVCM_BENCH_ONE_FILE = '0';
const { rows } = editorBench({ services, changes });
for (const [workload, value] of rows) console.log(`${workload}: ${value}`);
