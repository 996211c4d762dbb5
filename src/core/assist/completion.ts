import type { Span } from '../finding';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { REFERENCE_FIELDS, titleOf } from '../index/references';
import { entryForField, entryForValue } from '../glossary/lookup';
import type { PathSegment } from '../parse/span';
import { enumValuesAt, fieldsAt, typeAt } from '../schema/introspect';
import { API_VERSION, isKind, KINDS, type Kind } from '../schema/vocabulary';
import { recordSummary } from './summary';
import { yamlContextAt } from './yamlContext';
import {
  bridgedCandidates,
  entityApiVersionCandidates,
  entityCompletions,
  entityKindCandidates,
  isEntityDocumentAt,
} from '../backstage/completion';
import { isEntityKind } from '../backstage/model';

export interface CompletionCandidate {
  label: string;
  kind: 'kind' | 'field' | 'value' | 'reference';
  /** short text beside the label (a title, "required") */
  detail?: string;
  /** Markdown shown in the details pane */
  documentation?: string;
  /** text to insert; may contain snippet tab stops (`$1`) when `snippet` is set */
  insertText: string;
  snippet?: boolean;
  /** what the candidate replaces */
  replace: Span;
  /** sorts before others (required fields, close matches) */
  preselect?: boolean;
  sortText?: string;
}

const ENVELOPE_FIELDS = ['apiVersion', 'kind', 'metadata', 'spec'];

/**
 * Completion candidates at `offset` in a record file's text (which may be
 * half-typed): field names for the map being typed into, enum values, kinds,
 * and references with the titles of the records they name.
 */
export function completionsAt(index: WorkspaceIndex, text: string, offset: number): CompletionCandidate[] {
  const ctx = yamlContextAt(text, offset);
  if (!ctx) return [];
  const kind = ctx.kind;
  if (
    ctx.role === 'value' &&
    ctx.path[ctx.path.length - 1] === -1 &&
    isKind(kind) &&
    typeAt(kind, ctx.path) === 'object'
  ) {
    // `- |` in a list of maps (approvals, links): the item's first key. (After `window: ` a key would not be YAML.)
    return fieldCandidates(kind, ctx.path, [], ctx.replace);
  }
  if (ctx.role === 'key') {
    if (ctx.path.length > 0 && isEntityKind(kind) && isEntityDocumentAt(text, offset))
      return entityCompletions(index, kind, ctx, text, offset);
    if (ctx.path.length === 0) {
      return ENVELOPE_FIELDS.filter((f) => !ctx.siblings.includes(f)).map((f, i) => ({
        label: f,
        kind: 'field',
        insertText: `${f}: `,
        replace: ctx.replace,
        sortText: String(i),
      }));
    }
    return isKind(kind) ? fieldCandidates(kind, ctx.path, ctx.siblings, ctx.replace) : [];
  }
  const path = ctx.path;
  if (isEntityDocumentAt(text, offset)) {
    // A Backstage entity (docs/backstage.md).
    if (path.length === 1 && path[0] === 'kind') return entityKindCandidates(ctx.replace);
    if (path.length === 1 && path[0] === 'apiVersion') return entityApiVersionCandidates(ctx.replace);
    if (isEntityKind(kind)) return entityCompletions(index, kind, ctx, text, offset);
    return [];
  }
  if (path.length === 1 && path[0] === 'kind') {
    return KINDS.map((k) => ({
      label: k,
      kind: 'kind',
      insertText: k,
      replace: ctx.replace,
      documentation: kindDoc(k),
    }));
  }
  if (path.length === 1 && path[0] === 'apiVersion') {
    return [{ label: API_VERSION, kind: 'value', insertText: API_VERSION, replace: ctx.replace, preselect: true }];
  }
  if (!isKind(kind)) return [];
  const target = referenceTarget(kind, path);
  if (target) {
    const own: CompletionCandidate[] = index
      .names(target)
      .sort()
      .map((name) => {
        const record = index.lookup(target, name)!;
        const title = titleOf(record);
        return {
          label: name,
          kind: 'reference',
          detail: title,
          documentation: recordSummary(record),
          insertText: name,
          replace: ctx.replace,
        };
      });
    // The bridge: Backstage Components where a Service is named, Groups where a Team is.
    return target === 'Service' || target === 'Team' ? [...own, ...bridgedCandidates(index, target, ctx.replace)] : own;
  }
  return enumValuesAt(kind, path).map((value) => {
    const entry = entryForValue(kind, path, value);
    return {
      label: value,
      kind: 'value',
      insertText: value,
      replace: ctx.replace,
      documentation: entry ? `**${entry.term}**: ${entry.definition}` : undefined,
    };
  });
}

function fieldCandidates(kind: Kind, path: PathSegment[], siblings: string[], replace: Span): CompletionCandidate[] {
  return fieldsAt(kind, path)
    .filter((f) => !siblings.includes(f.name))
    .map((f, i) => {
      const entry = entryForField(kind, [...path, f.name]);
      // A map (`labels` is a record of strings) or a list opens on the next line.
      const insert =
        f.type === 'object' || f.type === 'record'
          ? `${f.name}:\n  $0`
          : f.type === 'array'
            ? `${f.name}:\n  - $0`
            : `${f.name}: $0`;
      return {
        label: f.name,
        kind: 'field' as const,
        detail: f.required ? 'required' : undefined,
        documentation: entry ? `**${entry.term}**: ${entry.definition}` : undefined,
        insertText: insert,
        snippet: true,
        replace,
        preselect: f.required,
        sortText: `${f.required ? 0 : 1}${String(i).padStart(2, '0')}`,
      };
    });
}

/** The kind a value at `path` names, when the path is a reference field (`spec.services[i]`, `spec.owner`). */
export function referenceTarget(kind: Kind, path: readonly PathSegment[]): Kind | undefined {
  if (path[0] !== 'spec' || path.length < 2 || path.length > 3) return undefined;
  const field = REFERENCE_FIELDS[kind].find((f) => f.field === path[1]);
  if (!field) return undefined;
  return (field.list ? path.length === 3 : path.length === 2) ? field.target : undefined;
}

function kindDoc(kind: Kind): string {
  switch (kind) {
    case 'Team':
      return 'A team that owns services and knowledge.';
    case 'Service':
      return 'A service catalogue entry: owner, phase, tier, service level, dependencies and the code that belongs to it.';
    case 'StandardChange':
      return 'A pre-approved change model: changes that follow it need no further approval.';
    case 'Change':
      return 'A request for change (RFC): what, why, risk, plans, window, approvals and the commits that implement it.';
    case 'Release':
      return 'A release: the changes deployed together.';
    case 'Knowledge':
      return 'A knowledge record (Markdown): runbook, known error, how-to, post-incident review or FAQ.';
  }
}
