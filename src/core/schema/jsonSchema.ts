import { z } from 'zod';
import { RECORD_SCHEMAS } from './records';
import { API_VERSION, KINDS, type Kind } from './vocabulary';

/** What each kind is, for the schema's `description` (and editors' hovers through it). */
const KIND_DESCRIPTIONS: Record<Kind, string> = {
  Team: 'A team that owns services and answers for them.',
  Service:
    'A service catalogue entry: who owns it, its phase and tier, service levels, dependencies and the code that belongs to it.',
  StandardChange:
    'A standard change: a pre-approved change model that low-risk changes to the named services may follow.',
  Change:
    'A request for change: what changes and why, its risk, plans, window, approvals and the commits that implement it.',
  Release: 'A release: the changes deployed together to the named services.',
  Knowledge:
    'A knowledge record (the front matter of a Markdown article): a runbook, known error, how-to, post-incident review or FAQ.',
};

type JsonSchema = Record<string, unknown>;

/** The file name `svcm schema --out` writes a kind's schema to (`standard-change.schema.json`). */
export function schemaFileName(kind: Kind): string {
  return `${kind.replace(/([a-z])([A-Z])/g, '$1-$2').toLowerCase()}.schema.json`;
}

/** The file name of the schema of every kind. */
export const CATALOG_SCHEMA_FILE = 'svcm.schema.json';

function kindBody(kind: Kind): JsonSchema {
  // `io: 'input'`: the schema of what is written, so fields with defaults stay optional.
  const body = z.toJSONSchema(RECORD_SCHEMAS[kind], { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  // `$schema` belongs at the top of a document, not inside `$defs`.
  delete body.$schema;
  return { title: `svcm ${kind}`, description: KIND_DESCRIPTIONS[kind], ...body };
}

/**
 * The JSON Schema (draft 2020-12) of one kind's records, generated from the zod
 * schema the validator uses. Rules that look across records or depend on other
 * fields (references, required-when) are not in it: `svcm validate` checks those.
 */
export function kindJsonSchema(kind: Kind): JsonSchema {
  return { $schema: 'https://json-schema.org/draft/2020-12/schema', ...kindBody(kind) };
}

/** The JSON Schema of any svcm record: each kind under `$defs`, and a `oneOf` chosen by `kind`. */
export function catalogJsonSchema(): JsonSchema {
  const defs: Record<string, JsonSchema> = {};
  for (const kind of KINDS) defs[kind] = kindBody(kind);
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    title: 'svcm record',
    description: `A service management record (apiVersion ${API_VERSION}): ${KINDS.join(', ')}.`,
    type: 'object',
    oneOf: KINDS.map((kind) => ({ $ref: `#/$defs/${kind}` })),
    $defs: defs,
  };
}
