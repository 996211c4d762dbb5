import type { PathSegment, SpanMode } from '../parse/span';
import type { EntityKind } from './model';

/**
 * The shape of an entity as Backstage's catalog model judges it
 * (`@backstage/catalog-model` 1.10: the entity envelope and metadata schema, the
 * field-format and no-foreign-root-fields policies, and each kind's schema),
 * written out so that every fault is reported at its own node with a message a
 * person can act on. A property test holds the verdicts to Backstage's own.
 */
export interface ShapeIssue {
  path: PathSegment[];
  /** `value`: the node at `path`; `key`: its key; `missing`: `path` is absent (reported on its parent's key). */
  mode: SpanMode;
  message: string;
}

type Obj = Record<string, unknown>;

const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `{ $text: ./file }`, `{ $json: ... }`, `{ $yaml: ... }`: substitutions that
 * Backstage resolves before it validates, so they count as present values.
 */
export function isPlaceholder(v: unknown): v is Obj {
  if (!isObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === '$text' || keys[0] === '$json' || keys[0] === '$yaml');
}

/** A `$text` placeholder: it gives a string, never a map or a list. */
function isTextPlaceholder(v: unknown): boolean {
  return isPlaceholder(v) && '$text' in v;
}

/** A map where a map is expected (a `$text` placeholder is not one). */
function isMapValue(v: unknown): v is Obj {
  return isObject(v) && !isTextPlaceholder(v);
}

/** A placeholder that may stand for a map or a list: `$json` and `$yaml` (`$text` gives a string). */
function isStructuredPlaceholder(v: unknown): boolean {
  return isPlaceholder(v) && !('$text' in v);
}

const ROOT_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec'];

/** Kubernetes-style object name: `[A-Za-z0-9]` runs separated by `-`, `_`, `.`, at most 63. */
export function isValidObjectName(v: unknown): boolean {
  return (
    typeof v === 'string' && v.length >= 1 && v.length <= 63 && /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/.test(v)
  );
}

export function isValidDnsLabel(v: unknown): boolean {
  return typeof v === 'string' && v.length >= 1 && v.length <= 63 && /^[a-z0-9]+(?:-+[a-z0-9]+)*$/.test(v);
}

function isValidDnsSubdomain(v: string): boolean {
  return v.length >= 1 && v.length <= 253 && v.split('.').every(isValidDnsLabel);
}

/** `[prefix/]name`: a DNS subdomain, `/`, an object name (label and annotation keys). */
export function isValidPrefixedKey(v: string): boolean {
  const parts = v.split('/');
  if (parts.length === 1) return isValidObjectName(parts[0]);
  if (parts.length === 2) return isValidDnsSubdomain(parts[0]) && isValidObjectName(parts[1]);
  return false;
}

export function isValidTag(v: unknown): boolean {
  return typeof v === 'string' && v.length >= 1 && v.length <= 63 && /^[a-z0-9:+#]+(-[a-z0-9:+#]+)*$/.test(v);
}

function isValidUrl(v: string): boolean {
  try {
    new URL(v);
    return true;
  } catch {
    return false;
  }
}

const NAME_RULE = "letters and digits, separated by single '-', '_' or '.', at most 63 characters";
const NAMESPACE_RULE = "lower-case letters and digits separated by '-', at most 63 characters";
const TAG_RULE = "lower-case letters, digits, '+', '#' and ':', separated by single '-', at most 63 characters";

function typeName(v: unknown): string {
  if (v === null) return 'empty';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object') return 'a map';
  if (typeof v === 'string') return v === '' ? 'an empty string' : 'a string';
  return `a ${typeof v}`;
}

/** The fields of a kind's `spec`: required ones, and the type of each known one. */
type FieldType = 'string' | 'strings' | 'profile' | 'presence';
interface SpecShape {
  required: readonly string[];
  fields: Record<string, FieldType>;
}

const KIND_SHAPES: Record<EntityKind, SpecShape> = {
  Component: {
    required: ['type', 'lifecycle', 'owner'],
    fields: {
      type: 'string',
      lifecycle: 'string',
      owner: 'string',
      system: 'string',
      subcomponentOf: 'string',
      providesApis: 'strings',
      consumesApis: 'strings',
      dependsOn: 'strings',
    },
  },
  API: {
    required: ['type', 'lifecycle', 'owner', 'definition'],
    fields: { type: 'string', lifecycle: 'string', owner: 'string', system: 'string', definition: 'string' },
  },
  Resource: {
    required: ['type', 'owner'],
    fields: { type: 'string', owner: 'string', dependsOn: 'strings', system: 'string' },
  },
  System: { required: ['owner'], fields: { owner: 'string', domain: 'string', type: 'string' } },
  Domain: { required: ['owner'], fields: { owner: 'string', subdomainOf: 'string', type: 'string' } },
  Group: {
    required: ['type', 'children'],
    fields: { type: 'string', profile: 'profile', parent: 'string', children: 'strings', members: 'strings' },
  },
  User: { required: ['memberOf'], fields: { profile: 'profile', memberOf: 'strings' } },
  Location: {
    required: [],
    fields: { type: 'string', target: 'string', targets: 'strings', presence: 'presence' },
  },
};

/** The `spec` fields svcm knows for a kind (completion and hover read them). */
export function specFieldsOf(kind: EntityKind): { field: string; required: boolean; type: string }[] {
  const shape = KIND_SHAPES[kind];
  return Object.entries(shape.fields).map(([field, type]) => ({
    field,
    required: shape.required.includes(field),
    type,
  }));
}

/** Every fault Backstage's catalog model would reject the entity for; empty when it accepts it. */
export function entityShapeIssues(value: unknown, kind: EntityKind): ShapeIssue[] {
  const out: ShapeIssue[] = [];
  const issue = (path: PathSegment[], message: string, mode: SpanMode = 'value') => out.push({ path, mode, message });
  if (!isObject(value)) {
    issue([], 'an entity must be a map with apiVersion, kind, metadata and spec');
    return out;
  }
  for (const key of Object.keys(value))
    if (!ROOT_FIELDS.includes(key))
      issue(
        [key],
        `unknown field '${key}' at the top of an entity: Backstage allows only apiVersion, kind, metadata and spec here (relations and status are written by Backstage itself)`,
        'key',
      );
  checkMetadata(value.metadata, issue);
  const spec = value.spec;
  if (spec === undefined) issue(['spec'], `a ${kind} needs a 'spec' map`, 'missing');
  else if (!isStructuredPlaceholder(spec)) {
    if (!isMapValue(spec)) issue(['spec'], `'spec' must be a map, not ${typeName(spec)}`);
    else checkSpec(spec, kind, issue);
  }
  return out;
}

type Report = (path: PathSegment[], message: string, mode?: SpanMode) => void;

function checkMetadata(metadata: unknown, issue: Report): void {
  if (metadata === undefined) {
    issue(['metadata'], "an entity needs 'metadata' with at least a 'name'", 'missing');
    return;
  }
  if (isStructuredPlaceholder(metadata)) return;
  if (!isMapValue(metadata)) {
    issue(['metadata'], `'metadata' must be a map, not ${typeName(metadata)}`);
    return;
  }
  const at = (field: string): PathSegment[] => ['metadata', field];
  const name = metadata.name;
  if (name === undefined) issue(at('name'), "'metadata.name' is required", 'missing');
  else if (!isPlaceholder(name) && !isValidObjectName(name))
    issue(
      at('name'),
      typeof name === 'string'
        ? `'${name}' is not a valid entity name: use ${NAME_RULE}`
        : `'metadata.name' must be a string (${NAME_RULE}), not ${typeName(name)}`,
    );
  const ns = metadata.namespace;
  if (ns !== undefined && !isPlaceholder(ns) && !isValidDnsLabel(ns))
    issue(
      at('namespace'),
      typeof ns === 'string'
        ? `'${ns}' is not a valid namespace: use ${NAMESPACE_RULE}`
        : `'metadata.namespace' must be a string (${NAMESPACE_RULE}), not ${typeName(ns)}`,
    );
  for (const field of ['uid', 'etag', 'title']) {
    const v = metadata[field];
    if (v !== undefined && !isPlaceholder(v) && (typeof v !== 'string' || v.length === 0))
      issue(at(field), `'metadata.${field}' must be a non-empty string, not ${typeName(v)}`);
  }
  const description = metadata.description;
  if (description !== undefined && !isPlaceholder(description) && typeof description !== 'string')
    issue(at('description'), `'metadata.description' must be a string, not ${typeName(description)}`);
  for (const field of ['labels', 'annotations'] as const) {
    const map = metadata[field];
    if (map === undefined || isStructuredPlaceholder(map)) continue;
    if (!isMapValue(map)) {
      issue(at(field), `'metadata.${field}' must be a map of strings, not ${typeName(map)}`);
      continue;
    }
    for (const [k, v] of Object.entries(map)) {
      if (!isValidPrefixedKey(k))
        issue(
          [...at(field), k],
          `'${k}' is not a valid ${field === 'labels' ? 'label' : 'annotation'} key: use an optional DNS prefix and '/', then ${NAME_RULE}`,
          'key',
        );
      if (isPlaceholder(v)) continue;
      if (typeof v !== 'string')
        issue(
          [...at(field), k],
          `the value of ${field === 'labels' ? 'label' : 'annotation'} '${k}' must be a string, not ${typeName(v)}: quote it`,
        );
      else if (field === 'labels' && v !== '' && !isValidObjectName(v))
        issue([...at(field), k], `'${v}' is not a valid label value: use ${NAME_RULE} (or an empty string)`);
    }
  }
  const tags = metadata.tags;
  if (tags !== undefined && !isStructuredPlaceholder(tags)) {
    if (!Array.isArray(tags)) issue(at('tags'), `'metadata.tags' must be a list of tags, not ${typeName(tags)}`);
    else
      tags.forEach((tag, i) => {
        if (isPlaceholder(tag) || isValidTag(tag)) return;
        issue(
          ['metadata', 'tags', i],
          typeof tag === 'string'
            ? `'${tag}' is not a valid tag: use ${TAG_RULE}`
            : `a tag must be a string, not ${typeName(tag)}`,
        );
      });
  }
  const links = metadata.links;
  if (links !== undefined && !isStructuredPlaceholder(links)) {
    if (!Array.isArray(links)) issue(at('links'), `'metadata.links' must be a list, not ${typeName(links)}`);
    else links.forEach((link, i) => checkLink(link, ['metadata', 'links', i], issue));
  }
}

function checkLink(link: unknown, path: PathSegment[], issue: Report): void {
  if (isStructuredPlaceholder(link)) return;
  if (!isMapValue(link)) {
    issue(path, `a link must be a map with at least a 'url', not ${typeName(link)}`);
    return;
  }
  const url = link.url;
  if (url === undefined) issue([...path, 'url'], "a link needs a 'url'", 'missing');
  else if (!isPlaceholder(url) && (typeof url !== 'string' || !isValidUrl(url)))
    issue(
      [...path, 'url'],
      typeof url === 'string'
        ? `'${url}' is not an absolute URL: write it with its scheme, e.g. https://…`
        : `a link's url must be a string, not ${typeName(url)}`,
    );
  for (const field of ['title', 'icon']) {
    const v = link[field];
    if (v !== undefined && !isPlaceholder(v) && (typeof v !== 'string' || v.trim().length === 0))
      issue([...path, field], `a link's ${field} must be a non-empty text, not ${typeName(v)}`);
  }
  const type = link.type;
  if (type !== undefined && !isPlaceholder(type) && (typeof type !== 'string' || type.length === 0))
    issue([...path, 'type'], `a link's type must be a non-empty string, not ${typeName(type)}`);
}

function checkSpec(spec: Obj, kind: EntityKind, issue: Report): void {
  const shape = KIND_SHAPES[kind];
  for (const field of shape.required)
    if (spec[field] === undefined) issue(['spec', field], `a ${kind} needs 'spec.${field}'`, 'missing');
  for (const [field, type] of Object.entries(shape.fields)) {
    const v = spec[field];
    if (v === undefined || (type === 'string' || type === 'presence' ? isPlaceholder(v) : isStructuredPlaceholder(v)))
      continue;
    const path: PathSegment[] = ['spec', field];
    switch (type) {
      case 'string':
        if (typeof v !== 'string' || v.length === 0)
          issue(path, `'spec.${field}' must be a non-empty string, not ${typeName(v)}`);
        break;
      case 'strings':
        if (!Array.isArray(v)) issue(path, `'spec.${field}' must be a list of strings, not ${typeName(v)}`);
        else
          v.forEach((item, i) => {
            if (!isPlaceholder(item) && (typeof item !== 'string' || item.length === 0))
              issue([...path, i], `each entry of 'spec.${field}' must be a non-empty string, not ${typeName(item)}`);
          });
        break;
      case 'presence':
        if (v !== 'required' && v !== 'optional')
          issue(
            path,
            `'spec.presence' must be 'required' or 'optional', not ${typeof v === 'string' ? `'${v}'` : typeName(v)}`,
          );
        break;
      case 'profile':
        if (!isMapValue(v)) issue(path, `'spec.profile' must be a map, not ${typeName(v)}`);
        else
          for (const p of ['displayName', 'email', 'picture']) {
            const pv = v[p];
            if (pv !== undefined && !isPlaceholder(pv) && (typeof pv !== 'string' || pv.length === 0))
              issue([...path, p], `'spec.profile.${p}' must be a non-empty string, not ${typeName(pv)}`);
          }
        break;
    }
  }
}
