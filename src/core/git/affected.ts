import { referencesTo } from '../backstage/bridge';
import { entityDependents } from '../backstage/impact';
import { groupByService } from '../index/ownership';
import { specOf } from '../index/references';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { CLOSED_STATUSES } from '../schema/vocabulary';

/** One touched service in `svcm affected --format json` (docs/cli.md). */
export interface AffectedService {
  name: string;
  /** The changed files its `code` globs match, sorted. */
  files: string[];
  /** Open Change records whose `spec.services` names it, sorted. */
  openChanges: string[];
  /** The services that depend on it, transitively (the blast radius), sorted. */
  dependents: string[];
}

/** The JSON of `svcm affected --format json` (docs/cli.md), keys in contract order. */
export interface AffectedReport {
  version: 1;
  /** The commit compared against; null when only uncommitted changes were listed. */
  base: string | null;
  /** Sorted by name. */
  services: AffectedService[];
  /** Changed files no service's `code` globs match, sorted. */
  unowned: string[];
}

/**
 * Which services a set of changed files touches (docs/cli.md, `svcm affected`): each
 * service whose `code` globs match a file, with its files, the open changes that
 * already name it and its dependents; and the files no service owns.
 *
 * @param changed.base the commit compared against (undefined: none, `base: null`)
 * @param changed.files workspace-relative paths with `/` (the root the globs are relative to); order and duplicates do not matter
 */
export function affected(
  index: WorkspaceIndex,
  changed: { base: string | undefined; files: readonly string[] },
): AffectedReport {
  const files = [...new Set(changed.files)].sort(compare);
  const { byService, unowned } = groupByService(index, files);
  const services = [...byService.keys()].sort(compare).map((name): AffectedService => ({
    name,
    // Two definitions of one service (a duplicate-name error) would list a file twice.
    files: [...new Set(byService.get(name))].sort(compare),
    openChanges: openChangesNaming(index, name),
    dependents: dependentsOfOwner(index, name),
  }));
  return { version: 1, base: changed.base ?? null, services, unowned: [...unowned].sort(compare) };
}

/**
 * The names of the open Change records (status not closed, rejected or failed; a
 * change without a readable status counts as open) whose `spec.services` names
 * `service`. Sorted, each once.
 */
export function openChangesNaming(index: WorkspaceIndex, service: string): string[] {
  const out = new Set<string>();
  const entity = parseOwner(service);
  const refs = entity ? referencesTo(index, 'Component', entity) : index.references('Service', service);
  for (const ref of refs) {
    const change = ref.from;
    if (change.kind !== 'Change' || ref.field !== 'spec.services' || change.name === undefined) continue;
    const status = specOf(change, 'Change')?.status;
    if (typeof status === 'string' && (CLOSED_STATUSES as readonly string[]).includes(status)) continue;
    out.add(change.name);
  }
  return [...out].sort(compare);
}

/** `component:default/x` -> `default/x`; undefined for an svcm Service's bare name. */
function parseOwner(name: string): string | undefined {
  return name.startsWith('component:') ? name.slice('component:'.length) : undefined;
}

/** The blast radius of an owner: an svcm Service's dependents, or a Component's (docs/backstage.md). */
function dependentsOfOwner(index: WorkspaceIndex, name: string): string[] {
  const entity = parseOwner(name);
  return entity ? entityDependents(index, 'Component', entity) : index.dependentsOf(name);
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
