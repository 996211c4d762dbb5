import picomatch from 'picomatch';
import type { Finding, RelatedPlace } from '../finding';
import { referencesOf, specOf } from '../index/references';
import type { RecordDoc } from '../parse/parseFile';
import { spanIn, type PathSegment } from '../parse/span';
import { finding, type Rule, type RuleContext } from '../rules/rule';
import {
  ENTITY_REFERENCE_FIELDS,
  entityIndexName,
  entityNamespace,
  isEntityKind,
  type EntityKind,
  type EntityRefField,
} from './model';
import { resolveEntityRef } from './ref';
import { entityHint, isClosedKind } from './resolve';
import { entityShapeIssues, isPlaceholder } from './shape';

/** Values already found valid (values are never changed: see the schema rule). */
const validValues = new WeakSet<object>();

/** `schema` for entities: what Backstage's catalog model rejects, each fault at its own node. */
export const entitySchemaRule: Rule = {
  codes: ['schema'],
  local: true,
  check(record) {
    if (!isEntityKind(record.kind)) return [];
    const value = record.value;
    const plain = record.foreignTags.length === 0 && typeof value === 'object' && value !== null;
    if (plain && validValues.has(value)) return [];
    const findings: Finding[] = record.foreignTags.map(({ tag, span }) =>
      finding('schema', `the tag ${tag} is not allowed: Backstage reads plain YAML; remove it`, span),
    );
    const issues = entityShapeIssues(value, record.kind);
    if (issues.length === 0 && plain) validValues.add(value);
    for (const issue of issues) {
      const span = spanIn(record, issue.path, issue.mode);
      if (record.foreignTags.some((t) => t.span.start <= span.start && span.end <= t.span.end)) continue;
      findings.push(finding('schema', issue.message, span));
    }
    return findings;
  },
};

/** `duplicate-name` for entities: kind, namespace and name compared case-insensitively. */
export const entityDuplicateNameRule: Rule = {
  codes: ['duplicate-name'],
  check(record, { index }) {
    if (!isEntityKind(record.kind) || record.name === undefined || !record.nameSpan) return [];
    const namespace = entityNamespace(record);
    const others = index.definitions(record.kind, entityIndexName(namespace, record.name)).filter((d) => d !== record);
    if (others.length === 0) return [];
    const places = [...new Set(others.map((o) => (o.file === record.file ? 'this file' : o.file)))].join(', ');
    return [
      finding(
        'duplicate-name',
        `${record.kind} '${namespace}/${record.name}' is also defined in ${places}: Backstage keeps one entity per kind, namespace and name (compared without case), so rename one of them`,
        record.nameSpan,
        {
          related: others.map((o) => ({
            file: o.file,
            span: o.nameSpan ?? o.span,
            message: `the other ${record.kind} named '${o.name ?? record.name}'`,
          })),
        },
      ),
    ];
  },
};

/**
 * The references of an entity: `reference-kind-required` (a `dependsOn` or
 * `dependencyOf` entry without its kind), `reference-kind` (a kind the field
 * does not take) and `unknown-reference` (a closed kind, and no such entity).
 */
export const entityReferenceRule: Rule = {
  codes: ['reference-kind-required', 'reference-kind', 'unknown-reference'],
  check(record, { index }) {
    if (!isEntityKind(record.kind)) return [];
    const spec = specOf(record);
    if (!spec) return [];
    const namespace = entityNamespace(record);
    const out: Finding[] = [];
    const made = referencesOf(record);
    const check = (field: EntityRefField, text: string, path: PathSegment[]) => {
      const resolved = resolveEntityRef(text, { kind: field.defaultKind, namespace });
      if (!resolved) return;
      if (!resolved.kindText) {
        const choices = field.allowed.filter(
          (kind) => index.definitions(kind, entityIndexName(resolved.namespace, resolved.name)).length > 0,
        );
        const written = choices.map((kind) => `${kind.toLowerCase()}:${text}`);
        out.push(
          finding(
            'reference-kind-required',
            `'${text}' needs its kind: Backstage does not assume one for spec.${field.field}, so write ${field.allowed.map((k) => `'${k.toLowerCase()}:${text}'`).join(' or ')}`,
            spanIn(record, path),
            written.length > 0 ? { data: { fix: 'replaceOneOf', with: written } } : {},
          ),
        );
        return;
      }
      if (!resolved.kind || !field.allowed.includes(resolved.kind)) {
        out.push(
          finding(
            'reference-kind',
            `spec.${field.field} names ${resolved.kind ?? `a '${resolved.kindText}'`}${resolved.kind ? ` '${text}'` : ''}, but it takes ${field.allowed.join(' or ')}`,
            spanIn(record, path),
          ),
        );
        return;
      }
      const ref = made.find((r) => r.path.length === path.length && r.path.every((p, i) => p === path[i]));
      if (!ref || !isClosedKind(index, resolved.kind)) return;
      if (index.definitions(ref.kind, ref.name).length > 0) return;
      const hint = entityHint(index, ref);
      out.push(
        finding(
          'unknown-reference',
          `unknown ${resolved.kind} '${text}'${resolved.explicitKind ? '' : ` (read as ${resolved.kind.toLowerCase()}:${resolved.namespace}/${resolved.name})`}${hint ? `: did you mean '${hint}'?` : ''}`,
          ref.span,
          hint ? { data: { fix: 'replace', with: hint } } : {},
        ),
      );
    };
    for (const field of ENTITY_REFERENCE_FIELDS[record.kind]) {
      const value = spec[field.field];
      if (field.list) {
        if (Array.isArray(value))
          value.forEach((text, i) => {
            if (typeof text === 'string' && text !== '') check(field, text, ['spec', field.field, i]);
          });
      } else if (typeof value === 'string' && value !== '') check(field, value, ['spec', field.field]);
    }
    return out;
  },
};

/** `dependency-cycle` for entities: Components/Resources that depend on each other, Groups that are their own ancestors. */
export const entityCycleRule: Rule = {
  codes: ['dependency-cycle'],
  check(record, { index }) {
    if (!isEntityKind(record.kind) || record.name === undefined) return [];
    const self = `${record.kind}\u0000${entityIndexName(entityNamespace(record), record.name)}`;
    const cycle = index.entityCycles().get(self);
    if (!cycle || cycle.length === 0) return [];
    // A duplicate that the graph did not use is not on the cycle.
    if (index.lookup(record.kind, self.slice(self.indexOf('\u0000') + 1)) !== record) return [];
    const show = (k: string) => `${k.slice(0, k.indexOf('\u0000')).toLowerCase()}:${k.slice(k.indexOf('\u0000') + 1)}`;
    const next = cycle[1 % cycle.length];
    const edge = (def: RecordDoc, to: string) =>
      referencesOf(def).find(
        (r) => `${r.kind}\u0000${r.name}` === to && (r.field === 'spec.dependsOn' || r.field === 'spec.parent'),
      );
    const related: RelatedPlace[] = [];
    for (let j = 1; j < cycle.length; j++) {
      const k = cycle[j];
      const def = index.lookup(k.slice(0, k.indexOf('\u0000')) as EntityKind, k.slice(k.indexOf('\u0000') + 1));
      if (def) related.push({ file: def.file, span: def.nameSpan ?? def.span, message: `${show(k)} is on the cycle` });
    }
    const groups = record.kind === 'Group';
    const path = [...cycle, cycle[0]].map(show).join(' → ');
    const span = edge(record, next)?.span ?? record.nameSpan ?? record.span;
    return [
      finding(
        'dependency-cycle',
        groups
          ? `group cycle: ${path}: a group cannot be its own ancestor; fix one of these parent/children entries`
          : `dependency cycle: ${path}: entities that depend on each other cannot be changed or recovered one at a time; remove one of these dependsOn/dependencyOf entries`,
        span,
        { related },
      ),
    ];
  },
};

/** The longest target svcm resolves (a path or glob of files is far shorter; picomatch refuses patterns above 64 KiB). */
const MAX_TARGET = 4096;
const URL_SCHEME = /^[a-zA-Z][a-zA-Z0-9+.-]*:/;
const GLOB_CHARS = /[*?[\]{}]/;

/** Joins a relative path to a folder and normalises it; undefined when it leaves the workspace (or is absolute). */
export function resolveTarget(folder: string, target: string): string | undefined {
  if (target.startsWith('/') || /^[a-zA-Z]:[\\/]/.test(target)) return undefined;
  const parts = folder === '' ? [] : folder.split('/');
  for (const part of target.replace(/\\/g, '/').split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return undefined;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

function folderOf(file: string): string {
  const slash = file.lastIndexOf('/');
  return slash < 0 ? '' : file.slice(0, slash);
}

/** Whether a relative target (a path or a glob, already resolved) names a file the workspace holds. */
function targetMatches(ctx: RuleContext, resolved: string, isGlob: boolean): boolean | undefined {
  if (isGlob) {
    let match: (path: string) => boolean;
    try {
      match = picomatch(resolved, { dot: true });
    } catch {
      // Not a glob picomatch can read: it matches nothing.
      return false;
    }
    for (const file of ctx.index.files()) if (!file.external && match(file.path)) return true;
    if (ctx.fileExists) return ctx.fileExists(resolved, true);
    // svcm indexes YAML and Markdown files: a glob that can match others cannot be judged without the file system.
    return /\.(ya?ml|md|markdown)$/i.test(resolved) ? false : undefined;
  }
  if (ctx.index.has(resolved)) return true;
  if (ctx.fileExists) return ctx.fileExists(resolved, false);
  // svcm indexes YAML and Markdown files: of other files it cannot say without the file system.
  return /\.(ya?ml|md|markdown)$/i.test(resolved) ? false : undefined;
}

/**
 * `location-target`: a Location's relative `target`/`targets` entry (a path or
 * a glob, from the Location file's folder) that matches no file, unless
 * `presence: optional`, or that leaves the workspace (reported, never read);
 * also a `$text`/`$json`/`$yaml` placeholder whose relative target is missing.
 * URLs are neither fetched nor reported.
 */
export const locationTargetRule: Rule = {
  codes: ['location-target'],
  check(record, ctx) {
    if (!isEntityKind(record.kind)) return [];
    const out: Finding[] = [];
    const folder = folderOf(record.file);
    const checkOne = (target: string, path: PathSegment[], optional: boolean, what: string) => {
      if (URL_SCHEME.test(target) && !/^[a-zA-Z]:[\\/]/.test(target)) return;
      if (target.length > MAX_TARGET) {
        out.push(
          finding(
            'location-target',
            `${what} is ${target.length} characters long, above the ${MAX_TARGET} svcm reads: write the path or glob of the files it means`,
            spanIn(record, path),
          ),
        );
        return;
      }
      const resolved = resolveTarget(folder, target);
      if (resolved === undefined) {
        out.push(
          finding(
            'location-target',
            `${what} '${target}' leaves the workspace: svcm reads only files inside it (this one is not read); point it at a file inside the workspace or use a URL`,
            spanIn(record, path),
          ),
        );
        return;
      }
      if (optional) return;
      const found = targetMatches(ctx, resolved, GLOB_CHARS.test(target));
      if (found === false)
        out.push(
          finding(
            'location-target',
            `${what} '${target}' matches no file (looked for '${resolved}' from this file's folder)${what === 'target' ? ": fix the path, or add 'presence: optional' if it may be missing" : ''}`,
            spanIn(record, path),
          ),
        );
    };
    const spec = specOf(record);
    if (record.kind === 'Location' && spec) {
      const optional = spec.presence === 'optional';
      if (typeof spec.target === 'string' && spec.target !== '')
        checkOne(spec.target, ['spec', 'target'], optional, 'target');
      if (Array.isArray(spec.targets))
        spec.targets.forEach((t, i) => {
          if (typeof t === 'string' && t !== '') checkOne(t, ['spec', 'targets', i], optional, 'target');
        });
    }
    // Substitution placeholders anywhere in the entity.
    const walk = (value: unknown, path: PathSegment[], depth: number) => {
      if (depth > 64 || value === null || typeof value !== 'object') return;
      if (isPlaceholder(value)) {
        const [key, target] = Object.entries(value)[0];
        if (typeof target === 'string' && target !== '')
          checkOne(target, [...path, key], false, `${key} placeholder target`);
        return;
      }
      if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...path, i], depth + 1));
      else for (const [k, v] of Object.entries(value)) walk(v, [...path, k], depth + 1);
    };
    walk(record.value, [], 0);
    return out;
  },
};

/** The rules that run on Backstage entities (svcm's own rules run on svcm records only). */
export const ENTITY_RULES: readonly Rule[] = [
  entitySchemaRule,
  entityDuplicateNameRule,
  entityReferenceRule,
  entityCycleRule,
  locationTargetRule,
];
