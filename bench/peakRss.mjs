// Preloaded by bench/run.ts into `svcm validate` (node --import): writes the process's
// peak resident memory (KB, all threads) to SVCM_BENCH_RSS_FILE when it exits.
import * as fs from 'node:fs';

process.on('exit', () => {
  if (process.env.SVCM_BENCH_RSS_FILE)
    fs.writeFileSync(process.env.SVCM_BENCH_RSS_FILE, String(process.resourceUsage().maxRSS));
});
