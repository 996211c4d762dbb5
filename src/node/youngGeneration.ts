/**
 * The young generation of the threads that run `svcm validate`, in MB. Node
 * lets it grow much further (Node 24 further than Node 20), and a large
 * workspace's peak memory grows with it: 371 MB under Node 24 on one thread
 * against 282 MB with 8 MB here (docs/performance.md). Node's
 * `--max-semi-space-size` cannot be set from inside the process; a worker's
 * `resourceLimits` can. `SVCM_YOUNG_GENERATION_MB` overrides it, for measuring.
 */
export const VALIDATE_YOUNG_MB = Number(process.env.SVCM_YOUNG_GENERATION_MB) || 8;
