import type { Span } from '../finding';
import { metadataOf, specOf } from '../index/references';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { PathSegment } from '../parse/span';
import type { RecordDoc } from '../parse/parseFile';
import { recordSummary } from '../assist/summary';
import type { CompletionCandidate } from '../assist/completion';
import {
  DEFAULT_NAMESPACE,
  ENTITY_API_VERSIONS,
  ENTITY_KINDS,
  ENTITY_REFERENCE_FIELDS,
  entityNamespace,
  isEntityApiVersion,
  type EntityKind,
  type EntityRefField,
} from './model';

/**
 * Completion inside Backstage entities (docs/backstage.md, "In the editor"):
 * the kinds, the fields each kind knows, well-known values, and references
 * written the shortest way Backstage reads them back: the field's default
 * kind and the referring entity's namespace are left out, other kinds and
 * namespaces are written (`user:jane`, `component:checkout`, `ops/payments`).
 * Plain data, like core/assist/completion.ts, which calls it.
 */

/** Candidates in completion.ts's shape (a type-only import: no runtime cycle). */
export type EntityCandidate = CompletionCandidate;

interface FieldInfo {
  name: string;
  required?: boolean;
  type: 'string' | 'list' | 'map';
  doc: string;
}

const METADATA_FIELDS: FieldInfo[] = [
  { name: 'name', required: true, type: 'string', doc: 'Letters and digits separated by `-`, `_` or `.`; at most 63.' },
  { name: 'namespace', type: 'string', doc: 'Lower-case letters and digits separated by `-` (default: `default`).' },
  { name: 'title', type: 'string', doc: 'A name for people.' },
  { name: 'description', type: 'string', doc: 'What the entity is, in a sentence or two.' },
  { name: 'labels', type: 'map', doc: 'Key/value pairs for selecting entities.' },
  { name: 'annotations', type: 'map', doc: 'Key/value pairs for tools (`backstage.io/techdocs-ref`, …).' },
  { name: 'tags', type: 'list', doc: 'Lower-case words, digits, `+`, `#`, `:` separated by `-`.' },
  { name: 'links', type: 'list', doc: 'Links with an absolute `url`, a `title` and an `icon`.' },
];

const ref = (name: string, doc: string, list = false): FieldInfo => ({ name, type: list ? 'list' : 'string', doc });

/** The `spec` fields each kind knows (Backstage's kind schemas); required ones first. */
const KIND_FIELDS: Record<EntityKind, FieldInfo[]> = {
  Component: [
    { name: 'type', required: true, type: 'string', doc: 'service, website, library, …' },
    { name: 'lifecycle', required: true, type: 'string', doc: 'experimental, production, deprecated, …' },
    { name: 'owner', required: true, type: 'string', doc: 'The Group (or User) that owns it.' },
    ref('system', 'The System it belongs to.'),
    ref('subcomponentOf', 'The Component it is part of.'),
    ref('providesApis', 'The APIs it provides.', true),
    ref('consumesApis', 'The APIs it consumes.', true),
    ref('dependsOn', 'Components and Resources it depends on (`component:` or `resource:` must be written).', true),
    ref('dependencyOf', 'Components and Resources that depend on it (the kind must be written).', true),
  ],
  API: [
    { name: 'type', required: true, type: 'string', doc: 'openapi, asyncapi, graphql, grpc, …' },
    { name: 'lifecycle', required: true, type: 'string', doc: 'experimental, production, deprecated, …' },
    { name: 'owner', required: true, type: 'string', doc: 'The Group (or User) that owns it.' },
    { name: 'definition', required: true, type: 'string', doc: 'The API definition, or `$text: ./openapi.yaml`.' },
    ref('system', 'The System it belongs to.'),
  ],
  Resource: [
    { name: 'type', required: true, type: 'string', doc: 'database, s3-bucket, cluster, …' },
    { name: 'owner', required: true, type: 'string', doc: 'The Group (or User) that owns it.' },
    ref('system', 'The System it belongs to.'),
    ref('dependsOn', 'Components and Resources it depends on (the kind must be written).', true),
    ref('dependencyOf', 'Components and Resources that depend on it (the kind must be written).', true),
  ],
  System: [
    { name: 'owner', required: true, type: 'string', doc: 'The Group (or User) that owns it.' },
    ref('domain', 'The Domain it belongs to.'),
    { name: 'type', type: 'string', doc: 'What kind of system it is.' },
  ],
  Domain: [
    { name: 'owner', required: true, type: 'string', doc: 'The Group (or User) that owns it.' },
    ref('subdomainOf', 'The Domain it is part of.'),
    { name: 'type', type: 'string', doc: 'What kind of domain it is.' },
  ],
  Group: [
    { name: 'type', required: true, type: 'string', doc: 'team, business-unit, product-area, …' },
    { name: 'children', required: true, type: 'list', doc: 'Its child Groups (may be empty: `[]`).' },
    ref('parent', 'Its parent Group.'),
    ref('members', 'Its Users.', true),
    { name: 'profile', type: 'map', doc: '`displayName`, `email`, `picture`.' },
  ],
  User: [
    { name: 'memberOf', required: true, type: 'list', doc: 'The Groups the User belongs to (may be empty: `[]`).' },
    { name: 'profile', type: 'map', doc: '`displayName`, `email`, `picture`.' },
  ],
  Location: [
    { name: 'type', type: 'string', doc: '`url` (the default) or `file`.' },
    { name: 'target', type: 'string', doc: 'A relative path, a glob or a URL of catalogue files.' },
    { name: 'targets', type: 'list', doc: 'Several targets.' },
    {
      name: 'presence',
      type: 'string',
      doc: '`required` (the default) or `optional`: an optional target may be missing.',
    },
  ],
};

/** Well-known values (Backstage's documentation); other values are allowed. */
const VALUES: Partial<Record<EntityKind, Record<string, readonly string[]>>> = {
  Component: { type: ['service', 'website', 'library'], lifecycle: ['experimental', 'production', 'deprecated'] },
  API: { type: ['openapi', 'asyncapi', 'graphql', 'grpc'], lifecycle: ['experimental', 'production', 'deprecated'] },
  Resource: { type: ['database', 's3-bucket', 'cluster'] },
  Group: { type: ['team', 'business-unit', 'product-area', 'root'] },
  Location: { type: ['url', 'file'], presence: ['required', 'optional'] },
};

const KIND_DOCS: Record<EntityKind, string> = {
  Component: 'A piece of software: a service, a website, a library.',
  API: 'An interface a Component provides or consumes.',
  Resource: 'Infrastructure a Component needs at run time: a database, a bucket, a cluster.',
  System: 'A set of Components, APIs and Resources that work together.',
  Domain: 'A set of Systems that belong to one area of the business.',
  Group: 'A team or another organisational unit.',
  User: 'A person.',
  Location: 'Points at more catalogue files.',
};

/** Whether the YAML document around `offset` says it is a Backstage entity (`apiVersion: backstage.io/v1…`). */
export function isEntityDocumentAt(text: string, offset: number): boolean {
  const { start, end } = documentAround(text, offset);
  const m = /^apiVersion\s*:\s*["']?([^\s"'#]+)/m.exec(text.slice(start, end));
  return m !== null && isEntityApiVersion(m[1]);
}

/** The kinds after `kind: ` in an entity document. */
export function entityKindCandidates(replace: Span): EntityCandidate[] {
  return ENTITY_KINDS.map((k) => ({ label: k, kind: 'kind', insertText: k, replace, documentation: KIND_DOCS[k] }));
}

/** The apiVersions Backstage reads, for `apiVersion: ` in a document that already names one. */
export function entityApiVersionCandidates(replace: Span): EntityCandidate[] {
  return ENTITY_API_VERSIONS.map((v, i) => ({ label: v, kind: 'value', insertText: v, replace, preselect: i === 0 }));
}

/**
 * Candidates in an entity of `kind` at `path` (a completion context read by
 * core/assist/yamlContext): field names under `metadata` and `spec`, the
 * well-known values, and references for the reference fields.
 */
export function entityCompletions(
  index: WorkspaceIndex,
  kind: EntityKind,
  ctx: { role: 'key' | 'value'; path: PathSegment[]; siblings: string[]; replace: Span },
  text: string,
  offset: number,
): EntityCandidate[] {
  const { path, replace } = ctx;
  if (ctx.role === 'key') {
    const fields =
      path.length === 1 && path[0] === 'metadata'
        ? METADATA_FIELDS
        : path.length === 1 && path[0] === 'spec'
          ? KIND_FIELDS[kind]
          : [];
    return fields
      .filter((f) => !ctx.siblings.includes(f.name))
      .map((f, i) => ({
        label: f.name,
        kind: 'field',
        detail: f.required ? 'required' : undefined,
        documentation: f.doc,
        insertText: f.type === 'map' ? `${f.name}:\n  $0` : f.type === 'list' ? `${f.name}:\n  - $0` : `${f.name}: $0`,
        snippet: true,
        replace,
        preselect: f.required,
        sortText: `${f.required ? 0 : 1}${String(i).padStart(2, '0')}`,
      }));
  }
  if (path[0] !== 'spec' || path.length < 2 || typeof path[1] !== 'string') return [];
  const field = ENTITY_REFERENCE_FIELDS[kind].find((f) => f.field === path[1]);
  if (field) {
    if ((field.list ? path.length === 3 : path.length === 2) === false) return [];
    return referenceCandidates(index, field, referringNamespace(text, offset), replace);
  }
  const values = path.length === 2 ? VALUES[kind]?.[path[1]] : undefined;
  return (values ?? []).map((v) => ({ label: v, kind: 'value', insertText: v, replace }));
}

/**
 * The entities a reference field may name, each written as Backstage would
 * read it back from this entity: entities of the field's default kind first.
 */
export function referenceCandidates(
  index: WorkspaceIndex,
  field: Pick<EntityRefField, 'defaultKind' | 'allowed'>,
  namespace: string,
  replace: Span,
): EntityCandidate[] {
  const out: EntityCandidate[] = [];
  // The default kind first, then the other kinds in the field's order; in each, the referring namespace first.
  const kinds = [...field.allowed].sort((a, b) => Number(b === field.defaultKind) - Number(a === field.defaultKind));
  kinds.forEach((kind, rank) => {
    for (const indexName of index.names(kind).sort()) {
      const record = index.lookup(kind, indexName);
      if (!record || record.name === undefined) continue;
      const own = entityNamespace(record);
      const written = writtenRef(kind, own, record.name, field.defaultKind, namespace);
      const local = own.toLowerCase() === namespace.toLowerCase() ? 0 : 1;
      out.push(entityCandidate(record, written, kind, replace, `${rank}${local}${written.toLowerCase()}`));
    }
  });
  return out;
}

/**
 * Components for a field of an svcm record that names a Service (Change
 * `services`, Service `dependsOn`, …), or Groups for one that names a Team
 * (Service and Knowledge `owner`): the bare name when the entity is in the
 * default namespace and no svcm record of that kind takes the name, else its
 * full reference (docs/backstage.md, "Bridged with svcm records").
 */
export function bridgedCandidates(
  index: WorkspaceIndex,
  svcmKind: 'Service' | 'Team',
  replace: Span,
): EntityCandidate[] {
  const kind: EntityKind = svcmKind === 'Service' ? 'Component' : 'Group';
  const taken = new Set(index.names(svcmKind).map((n) => n.toLowerCase()));
  const out: EntityCandidate[] = [];
  for (const indexName of index.names(kind).sort()) {
    const record = index.lookup(kind, indexName);
    if (!record || record.name === undefined) continue;
    const namespace = entityNamespace(record);
    const bare = namespace.toLowerCase() === DEFAULT_NAMESPACE && !taken.has(record.name.toLowerCase());
    const written = bare ? record.name : `${kind.toLowerCase()}:${namespace}/${record.name}`;
    out.push(entityCandidate(record, written, kind, replace));
  }
  return out;
}

function writtenRef(
  kind: EntityKind,
  namespace: string,
  name: string,
  defaultKind: EntityKind | undefined,
  referring: string,
): string {
  const kindPart = kind === defaultKind ? '' : `${kind.toLowerCase()}:`;
  const nsPart = namespace.toLowerCase() === referring.toLowerCase() ? '' : `${namespace}/`;
  return `${kindPart}${nsPart}${name}`;
}

function entityCandidate(
  record: RecordDoc,
  written: string,
  kind: EntityKind,
  replace: Span,
  sortText?: string,
): EntityCandidate {
  const title = metadataOf(record)?.title;
  const lifecycle = specOf(record)?.lifecycle;
  const facts = [
    typeof title === 'string' ? title : undefined,
    kind,
    lifecycle === 'deprecated' ? 'deprecated' : undefined,
  ].filter(Boolean);
  return {
    label: written,
    kind: 'reference',
    detail: facts.join(' · '),
    documentation: recordSummary(record),
    insertText: written,
    replace,
    ...(sortText !== undefined ? { sortText } : {}),
  };
}

/** The `metadata.namespace` of the entity around `offset`, as written (`default` when none). */
function referringNamespace(text: string, offset: number): string {
  const { start, end } = documentAround(text, offset);
  const m = /^metadata\s*:[^\n]*\n(?:(?:[ \t]+[^\n]*|[ \t]*)\n)*?[ \t]+namespace\s*:\s*["']?([\w.-]+)/m.exec(
    text.slice(start, end),
  );
  const flow = /^metadata\s*:\s*\{[^}]*\bnamespace\s*:\s*["']?([\w.-]+)/m.exec(text.slice(start, end));
  return m?.[1] ?? flow?.[1] ?? DEFAULT_NAMESPACE;
}

/** The YAML document (between `---` lines) that holds `offset`. */
function documentAround(text: string, offset: number): { start: number; end: number } {
  const separator = /^(---|\.\.\.)[ \t]*(#.*)?\r?$/gm;
  let start = 0;
  let end = text.length;
  for (let m = separator.exec(text); m; m = separator.exec(text)) {
    if (m.index + m[0].length < offset) start = m.index + m[0].length;
    else if (m.index >= offset) {
      end = m.index;
      break;
    }
  }
  return { start, end };
}
