import type { Span } from '../finding';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { ParsedFile } from '../parse/parseFile';
import { isKind, NAME_PATTERNS } from '../schema/vocabulary';
import type { RefKind } from '../index/references';
import { canonicalTarget, definitionsOf, referencesTo } from '../backstage/bridge';
import { isValidObjectName } from '../backstage/shape';
import { idMentionAt, targetAt, type Target } from './locate';

/** A place in a file of the workspace. */
export interface Place {
  file: string;
  span: Span;
}

/** The id under the cursor in a record file, or in any text (ids like CHG-2026-0042). */
export function symbolAt(parsed: ParsedFile | undefined, text: string, offset: number): Target | undefined {
  return (parsed && targetAt(parsed, offset)) ?? idMentionAt(text, offset);
}

/** Where the record named under the cursor is defined (its `metadata.name`). */
export function definitionPlaces(index: WorkspaceIndex, target: { kind: RefKind; name: string }): Place[] {
  return definitionsOf(index, target.kind, target.name).map((r) => ({ file: r.file, span: r.nameSpan ?? r.span }));
}

/** Every place that names the record: its definition(s) when asked, and every reference. */
export function referencePlaces(
  index: WorkspaceIndex,
  target: { kind: RefKind; name: string },
  includeDeclaration: boolean,
): Place[] {
  const places = includeDeclaration ? definitionPlaces(index, target) : [];
  // A bare svcm name may stand for a Component or Group (docs/backstage.md): its references are the entity's.
  const canonical = canonicalTarget(index, target.kind, target.name);
  for (const ref of referencesTo(index, canonical.kind, canonical.name))
    places.push({ file: ref.from.file, span: ref.span });
  return places;
}

export interface TextEdit {
  file: string;
  span: Span;
  newText: string;
}

export interface RenameResult {
  edits: TextEdit[];
  /** files named after the record (name-file-mismatch, docs/rules.md) to rename along: from -> to, workspace-relative */
  fileRenames: { from: string; to: string }[];
}

/** Why a name cannot be used, or undefined when it can. */
export function checkNewName(index: WorkspaceIndex, kind: RefKind, name: string): string | undefined {
  if (!isKind(kind)) {
    if (!isValidObjectName(name))
      return `'${name}' is not a valid ${kind} name: letters and digits separated by single '-', '_' or '.', at most 63 characters`;
    return undefined;
  }
  if (!NAME_PATTERNS[kind].test(name)) return `'${name}' is not a valid ${kind} name (${NAME_PATTERNS[kind].source})`;
  if (index.definitions(kind, name).length > 0) return `a ${kind} named '${name}' exists already`;
  return undefined;
}

/**
 * The edits that rename a record across the workspace: its `metadata.name`,
 * every reference, and the files named after it that hold only it. Returns an error message
 * instead when the new name is invalid or taken.
 */
export function renameEdits(
  index: WorkspaceIndex,
  target: { kind: RefKind; name: string },
  newName: string,
): RenameResult | string {
  const canonical = canonicalTarget(index, target.kind, target.name);
  if (!isKind(canonical.kind)) return renameEntityEdits(index, canonical, newName);
  const problem = checkNewName(index, target.kind, newName);
  if (problem) return problem;
  const edits: TextEdit[] = referencePlaces(index, target, true).map((p) => ({
    ...p,
    newText: quoteLike(index, p, newName),
  }));
  const fileRenames: RenameResult['fileRenames'] = [];
  for (const record of index.definitions(target.kind, target.name)) {
    // Only a file that is the record's own: renaming a file of several records would misname the others.
    if (index.file(record.file)?.records.length !== 1) continue;
    const slash = record.file.lastIndexOf('/');
    const base = record.file.slice(slash + 1);
    if (base.startsWith(`${target.name}.`) || base.startsWith(`${target.name}-`)) {
      fileRenames.push({
        from: record.file,
        to: `${record.file.slice(0, slash + 1)}${newName}${base.slice(target.name.length)}`,
      });
    }
  }
  return { edits, fileRenames };
}

/**
 * Renames an entity: its `metadata.name`, and every reference in the form it
 * was written (`component:default/x`, `component:x`, `x`, and bare svcm names
 * that stand for it), the name part replaced and the rest kept.
 */
function renameEntityEdits(
  index: WorkspaceIndex,
  target: { kind: RefKind; name: string },
  newName: string,
): RenameResult | string {
  const problem = checkNewName(index, target.kind, newName);
  if (problem) return problem;
  const slash = target.name.indexOf('/');
  const taken = `${target.name.slice(0, slash + 1)}${newName.toLowerCase()}`;
  if (taken !== target.name && index.definitions(target.kind, taken).length > 0)
    return `a ${target.kind} named '${newName}' exists already in namespace '${target.name.slice(0, slash)}'`;
  const edits: TextEdit[] = index.definitions(target.kind, target.name).map((r) => ({
    file: r.file,
    span: r.nameSpan ?? r.span,
    newText: quoteLike(index, { file: r.file, span: r.nameSpan ?? r.span }, newName),
  }));
  for (const ref of referencesTo(index, target.kind, target.name)) {
    const written = ref.entity?.written ?? ref.name;
    const cut = Math.max(written.lastIndexOf('/'), written.indexOf(':'));
    const place = { file: ref.from.file, span: ref.span };
    edits.push({ ...place, newText: quoteLike(index, place, `${written.slice(0, cut + 1)}${newName}`) });
  }
  return { edits, fileRenames: [] };
}

/** Keeps the quotes a name was written with. */
function quoteLike(index: WorkspaceIndex, place: Place, newName: string): string {
  const text = index.file(place.file)?.text ?? '';
  const first = text.charAt(place.span.start);
  return first === '"' || first === "'" ? `${first}${newName}${first}` : newName;
}
