import type { z } from 'zod';
import type { Finding, Span } from '../finding';
import type { RecordDoc } from '../parse/parseFile';
import { spanIn, type PathSegment, type SpanMode } from '../parse/span';
import { fieldsOf, schemaAt } from '../schema/introspect';
import { RECORD_SCHEMAS } from '../schema/records';
import { compileValidity, type Validity } from '../schema/compiled';
import { API_VERSION, isKind, type Kind } from '../schema/vocabulary';
import { closest } from '../suggest';
import { finding, type Rule } from './rule';
import { valueAt } from './ruleSupport';

type Issue = z.core.$ZodIssue;

/**
 * Values already found valid. A value is plain data that is never changed, so a
 * document taken over unchanged after an edit (`ParseOptions.previous`) is not
 * checked again.
 */
const validValues = new WeakSet<object>();

/** Each kind's checks compiled from its schema (core/schema/compiled.ts), made when first asked for. */
const compiledValidity = new Map<Kind, Validity>();

function validityOf(kind: Kind): Validity {
  let valid = compiledValidity.get(kind);
  if (valid === undefined) {
    valid = compileValidity(RECORD_SCHEMAS[kind]);
    compiledValidity.set(kind, valid);
  }
  return valid;
}

/** `schema`: the record against its zod schema, each issue placed on the smallest node at fault. */
export const schemaRule: Rule = {
  codes: ['schema'],
  local: true,
  check: (record, { once }) => schemaFindings(record, 'compiled', once !== true),
};

/**
 * The schema rule's findings on a record. `compiled`: a value the checks compiled
 * from the schema accept is valid without zod, and zod reads only the others
 * (so the findings are zod's either way); `zod`: zod reads every value and
 * nothing is remembered, the reference the compiled checks are tested against.
 * `remember`: a valid value is kept in `validValues` (not for a run that checks each record once).
 */
export function schemaFindings(record: RecordDoc, how: 'compiled' | 'zod', remember = true): Finding[] {
  if (!isKind(record.kind) || record.apiVersion !== API_VERSION) return [];
  const value = record.value;
  const plain =
    remember && how === 'compiled' && record.foreignTags.length === 0 && typeof value === 'object' && value !== null;
  if (plain && validValues.has(value)) return [];
  const findings: Finding[] = record.foreignTags.map(({ tag, span }) =>
    finding(
      'schema',
      `the tag ${tag} is not allowed: svcm reads plain YAML and never resolves custom tags; remove it`,
      span,
    ),
  );
  if (how === 'compiled' && validityOf(record.kind)(value)) {
    if (plain) validValues.add(value);
    return findings;
  }
  const schema = RECORD_SCHEMAS[record.kind];
  const result = schema.safeParse(value, { reportInput: true });
  if (result.success) {
    if (plain) validValues.add(value);
    return findings;
  }
  for (const issue of result.error.issues) {
    for (const f of issueToFindings(issue, record, schema)) {
      // A tagged value is already reported for its tag.
      if (record.foreignTags.some((t) => t.span.start <= f.span.start && f.span.end <= t.span.end)) continue;
      findings.push(f);
    }
  }
  return findings;
}

/**
 * Maps one zod issue to findings placed on the YAML tree: the value node for a
 * bad value, the key for an unknown key, the owning map's key for a missing
 * field, the nearest existing ancestor otherwise.
 */
export function issueToFindings(issue: Issue, record: RecordDoc, schema: z.ZodType): Finding[] {
  const path = issue.path as PathSegment[];
  const at = (mode: SpanMode, p: PathSegment[] = path): Span => spanIn(record, p, mode);
  const where = describePath(path);
  if (
    issue.code !== 'unrecognized_keys' &&
    issue.code !== 'custom' &&
    path.length > 0 &&
    valueAt(record.value, path) === undefined
  ) {
    // Whatever zod calls it (a wrong type, a value not in the enum), an absent field is missing.
    const field = String(path[path.length - 1]);
    const parent = path.slice(0, -1);
    const inside = parent.length > 0 ? ` in ${describePath(parent)}` : '';
    const placeholder =
      issue.code === 'invalid_type'
        ? placeholderFor(issue.expected)
        : issue.code === 'invalid_value'
          ? String(issue.values[0])
          : '""';
    return [
      finding('schema', `missing required field '${field}'${inside}`, at('missing'), {
        data: { fix: 'addField', field, parentPath: parent, placeholder },
      }),
    ];
  }
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => {
        const hint = closest(
          k,
          fieldsOf(schemaAt(schema, path)).map((f) => f.name),
        );
        const inside = path.length > 0 ? ` in ${describePath(path)}` : '';
        return finding(
          'schema',
          `unknown field '${k}'${inside}${hint ? `: did you mean '${hint}'?` : ''}`,
          at('key', [...path, k]),
          hint ? { data: { fix: 'replace', with: hint } } : {},
        );
      });
    case 'invalid_type': {
      const value = valueAt(record.value, path);
      const hint = typeof value === 'number' && issue.expected === 'string' ? ` (quote it: '${String(value)}')` : '';
      return [
        finding(
          'schema',
          `${where} must be ${article(issue.expected)}, not ${describeValue(value)}${hint}`,
          at('value'),
        ),
      ];
    }
    case 'invalid_value': {
      const value = valueAt(record.value, path);
      const options = issue.values.map(String);
      if (path.length === 1 && path[0] === 'apiVersion') {
        return [finding('schema', `apiVersion must be '${API_VERSION}'`, at('value'))];
      }
      const hint = typeof value === 'string' ? closest(value, options) : undefined;
      const shown =
        typeof value === 'string' || typeof value === 'number' ? `'${String(value)}'` : describeValue(value);
      return [
        finding(
          'schema',
          `${shown} is not a valid ${where}: use ${listOf(options)}${hint ? `; did you mean '${hint}'?` : ''}`,
          at('value'),
          hint ? { data: { fix: 'replace', with: hint } } : {},
        ),
      ];
    }
    case 'invalid_format': {
      const value = valueAt(record.value, path);
      return [
        finding(
          'schema',
          `'${String(value)}' is not a valid ${where}: expected ${issue.message.replace(/^Invalid .*?: /, '')}`,
          at('value'),
        ),
      ];
    }
    case 'too_small': {
      const min = Number(issue.minimum);
      if (issue.origin === 'array')
        return [finding('schema', `${where} needs at least ${min} ${min === 1 ? 'entry' : 'entries'}`, at('value'))];
      if (issue.origin === 'string') return [finding('schema', `${where} must not be empty`, at('value'))];
      return [finding('schema', `${where} must be at least ${min}`, at('value'))];
    }
    case 'too_big': {
      return [finding('schema', `${where} must be at most ${String(issue.maximum)}`, at('value'))];
    }
    case 'invalid_union': {
      const value = valueAt(record.value, path);
      return [finding('schema', `${where} has the wrong type (${describeValue(value)})`, at('value'))];
    }
    case 'custom': {
      const missing = (issue.params as { missing?: boolean } | undefined)?.missing === true;
      return [finding('schema', issue.message, at(missing ? 'missing' : 'key'))];
    }
    default:
      return [finding('schema', `${where}: ${issue.message}`, at('value'))];
  }
}

function describePath(path: readonly PathSegment[]): string {
  if (path.length === 0) return 'the record';
  let out = '';
  for (const segment of path) out += typeof segment === 'number' ? `[${segment}]` : out ? `.${segment}` : segment;
  return out;
}

function describeValue(value: unknown): string {
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return `the number ${value}`;
  if (typeof value === 'boolean') return `${value}`;
  return typeof value;
}

function article(expected: string): string {
  switch (expected) {
    case 'object':
      return 'a map';
    case 'array':
      return 'a list';
    case 'string':
      return 'a string';
    case 'number':
      return 'a number';
    case 'int':
      return 'a whole number';
    case 'boolean':
      return 'true or false';
    default:
      return expected;
  }
}

function placeholderFor(expected: string): string {
  switch (expected) {
    case 'object':
      return '{}';
    case 'array':
      return '[]';
    case 'number':
    case 'int':
      return '1';
    default:
      return '""';
  }
}

function listOf(options: string[]): string {
  return options.length <= 1
    ? options.join('')
    : `${options.slice(0, -1).join(', ')} or ${options[options.length - 1]}`;
}
