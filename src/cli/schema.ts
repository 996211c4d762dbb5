import * as fs from 'node:fs';
import * as path from 'node:path';
import { CATALOG_SCHEMA_FILE, catalogJsonSchema, kindJsonSchema, schemaFileName } from '../core/schema/jsonSchema';
import { KINDS, type Kind } from '../core/schema/vocabulary';
import { closest } from '../core/suggest';
import { reason, UsageError } from '../node/discover';
import type { CommandResult } from './validate';

/** The kind named on the command line (any case: `service` is `Service`). */
export function kindArgument(arg: string): Kind {
  const kind = KINDS.find((k) => k.toLowerCase() === arg.toLowerCase());
  if (kind) return kind;
  const hint = closest(arg, KINDS);
  throw new UsageError(
    `unknown kind '${arg}': use one of ${KINDS.join(', ')}${hint ? `; did you mean '${hint}'?` : ''}`,
  );
}

/**
 * `svcm schema [KIND] [--out DIR]`: prints the JSON Schema of one kind, or of every
 * kind; with `--out`, writes it to DIR instead (one file per kind plus
 * `svcm.schema.json`, or the one kind's file), quietly.
 *
 * @throws UsageError for an unknown kind or a DIR that cannot be written
 */
export function runSchema(options: { cwd: string; kind?: string; out?: string }): CommandResult {
  const kind = options.kind === undefined ? undefined : kindArgument(options.kind);
  const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`;
  if (options.out === undefined)
    return { stdout: json(kind ? kindJsonSchema(kind) : catalogJsonSchema()), stderr: '', exitCode: 0 };

  const dir = path.resolve(options.cwd, options.out);
  const files: [string, unknown][] = kind
    ? [[schemaFileName(kind), kindJsonSchema(kind)]]
    : [
        ...KINDS.map((k): [string, unknown] => [schemaFileName(k), kindJsonSchema(k)]),
        [CATALOG_SCHEMA_FILE, catalogJsonSchema()],
      ];
  try {
    fs.mkdirSync(dir, { recursive: true });
    for (const [name, schema] of files) fs.writeFileSync(path.join(dir, name), json(schema));
  } catch (error) {
    throw new UsageError(`cannot write to '${options.out}': ${reason(error)}`);
  }
  return { stdout: '', stderr: '', exitCode: 0 };
}
