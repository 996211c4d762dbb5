import picomatch from 'picomatch';
import type { RecordDoc } from '../parse/parseFile';
import type { WorkspaceIndex } from './workspaceIndex';
import { specOf } from './references';
import { componentRecordsOwning } from '../backstage/impact';

/**
 * How `code` globs match, as git's glob pathspecs do (docs/records.md): `dot` so
 * that `*` and `**` match names starting with `.` (`.github/**` means what it says);
 * `flags: 's'` so that `*`, `?` and `**` match every character git can store in a
 * name, line breaks (`\n`, `\r`, U+2028) included: picomatch's regex `.` would
 * stop at them. Names are compared as they are, code unit by code unit, like git's
 * bytes: a glob in NFC does not match a name in NFD (nor does git's).
 */
export const GLOB_OPTIONS = { dot: true, flags: 's' } as const;

// Matchers per record object: a record is replaced (not mutated) when its file changes, so this never goes stale.
const matchers = new WeakMap<RecordDoc, (path: string) => boolean>();

function matcherOf(record: RecordDoc): (path: string) => boolean {
  let match = matchers.get(record);
  if (!match) {
    const globs = specOf(record, 'Service')?.code;
    const patterns = Array.isArray(globs)
      ? globs.filter((g): g is string => typeof g === 'string' && g.length > 0).map((g) => g.replace(/^\.\//, ''))
      : [];
    match = patterns.length > 0 ? picomatch(patterns, GLOB_OPTIONS) : () => false;
    matchers.set(record, match);
  }
  return match;
}

/**
 * The answers of `servicesOwning` by path, per index, while its Service records are those
 * they were worked out from. The status bar asks for the active file after every edit, and
 * matching it against thousands of services' globs each time held edits up in the language
 * server (docs/performance.md, "stage by stage").
 */
const owningCache = new WeakMap<WorkspaceIndex, { version: number; byPath: Map<string, RecordDoc[]> }>();
/** Paths remembered per index before the cache starts again (a bound, not a tuning). */
const OWNING_CACHE_PATHS = 10_000;

/**
 * The services whose `code` globs match a workspace-relative path (with `/`),
 * sorted by name. Globs are relative to the workspace root.
 */
export function servicesOwning(index: WorkspaceIndex, path: string): RecordDoc[] {
  const version = index.kindVersion('Service');
  let cache = owningCache.get(index);
  if (!cache || cache.version !== version || cache.byPath.size >= OWNING_CACHE_PATHS) {
    cache = { version, byPath: new Map() };
    owningCache.set(index, cache);
  }
  let owning = cache.byPath.get(path);
  if (!owning) {
    owning = index
      .records('Service')
      .filter((record) => record.name !== undefined && record.syntax.length === 0 && matcherOf(record)(path))
      .sort((a, b) => (a.name! < b.name! ? -1 : 1));
    cache.byPath.set(path, owning);
  }
  return [...owning];
}

/** One owner of a file (docs/backstage.md, "Code ownership and blast radius"). */
export interface FileOwner {
  /**
   * As svcm prints it and as a Change's `services` may name it: an svcm
   * Service's bare name, a Backstage Component's full reference in lower case
   * (`component:default/petstore`).
   */
  name: string;
  kind: 'Service' | 'Component';
  /** The defining record (the first definition). */
  record: RecordDoc;
  /** `code`: the Service's `code` globs match the file; `folder`: the Component is defined in the nearest catalogue folder above it. */
  by: 'code' | 'folder';
}

/**
 * Who owns a workspace-relative path (with `/`), for Raise Change, the status
 * bar and `svcm affected`: the svcm Services whose `code` globs match it,
 * sorted by name; when none does, the Backstage Components defined in the
 * nearest folder at or above it that defines any, sorted by full reference.
 * Empty when nothing owns the path.
 */
export function ownersOfFile(index: WorkspaceIndex, path: string): FileOwner[] {
  const services = servicesOwning(index, path);
  if (services.length > 0) {
    // Two definitions of one name (a duplicate-name error) own the file once.
    const byName = new Map<string, RecordDoc>();
    for (const record of services) if (!byName.has(record.name!)) byName.set(record.name!, record);
    return [...byName].map(([name, record]) => ({ name, kind: 'Service' as const, record, by: 'code' as const }));
  }
  return componentRecordsOwning(index, path).map(({ ref, record }) => ({
    name: ref,
    kind: 'Component' as const,
    record,
    by: 'folder' as const,
  }));
}

/**
 * Changed files grouped by the services that own them, and the files no service
 * owns. A file no svcm Service's `code` globs match belongs to the Backstage
 * Components of the nearest catalogue folder above it (docs/backstage.md),
 * named by their full reference (`component:default/petstore`).
 */
export function groupByService(
  index: WorkspaceIndex,
  paths: readonly string[],
): { byService: Map<string, string[]>; unowned: string[] } {
  const byService = new Map<string, string[]>();
  const unowned: string[] = [];
  for (const path of paths) {
    const owners = ownersOfFile(index, path).map((o) => o.name);
    if (owners.length === 0) unowned.push(path);
    for (const owner of owners) {
      const list = byService.get(owner) ?? [];
      list.push(path);
      byService.set(owner, list);
    }
  }
  return { byService, unowned };
}
