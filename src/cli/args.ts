import { parseArgs } from 'node:util';

/**
 * The command line's options, parsed (strict: an unknown option throws). Its
 * own module: the CLI's entry reads the PATHs of `svcm validate` before it
 * loads the commands (src/cli.ts).
 */
export function parse(args: readonly string[]) {
  return parseArgs({
    args: [...args],
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f' },
      out: { type: 'string', short: 'o' },
      base: { type: 'string', short: 'b' },
      'require-change': { type: 'boolean' },
      cache: { type: 'boolean' },
      'cache-location': { type: 'string' },
      focus: { type: 'string' },
      depth: { type: 'string' },
      direction: { type: 'string' },
      change: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'V' },
    },
  });
}
