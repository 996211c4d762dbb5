/** The workspace's configuration file, at its root (docs/rules.md, "svcm.config.yaml"). Its own module: the CLI's entry finds the root before it loads anything else (src/cli.ts). */
export const CONFIG_FILE = 'svcm.config.yaml';
