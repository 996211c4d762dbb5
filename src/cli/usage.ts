/** The hint after a usage error; the entry (src/cli.ts) prints it too, without loading the commands. */
export const USAGE_HINT = "run 'svcm --help' for usage";
