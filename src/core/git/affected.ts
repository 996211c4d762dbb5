import { groupByService } from '../index/ownership';
import { specOf } from '../index/references';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { CLOSED_STATUSES } from '../schema/records';

/** One touched service in `svcm affected --format json` (SPEC §3). */
export interface AffectedService {
  name: string;
  /** The changed files its `code` globs match, sorted. */
  files: string[];
  /** Open Change records whose `spec.services` names it, sorted. */
  openChanges: string[];
  /** The services that depend on it, transitively (the blast radius), sorted. */
  dependents: string[];
}

/** The JSON of `svcm affected --format json` (SPEC §3), keys in contract order. */
export interface AffectedReport {
  version: 1;
  /** The commit compared against; null when only uncommitted changes were listed. */
  base: string | null;
  /** Sorted by name. */
  services: AffectedService[];
  /** Changed files no service's `code` globs match, sorted. */
  unowned: string[];
}

export type Risk = 'low' | 'medium' | 'high';

/**
 * Which services a set of changed files touches (SPEC §3 `svcm affected`): each
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
    dependents: index.dependentsOf(name),
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
  for (const ref of index.references('Service', service)) {
    const change = ref.from;
    if (change.kind !== 'Change' || ref.field !== 'spec.services' || change.name === undefined) continue;
    const status = specOf(change)?.status;
    if (typeof status === 'string' && (CLOSED_STATUSES as readonly string[]).includes(status)) continue;
    out.add(change.name);
  }
  return [...out].sort(compare);
}

/**
 * The most critical tier among the named services (1 is the most critical) and a
 * service that has it; undefined when none of them is defined with a valid tier.
 */
export function highestTier(
  index: WorkspaceIndex,
  services: readonly string[],
): { tier: number; service: string } | undefined {
  let best: { tier: number; service: string } | undefined;
  for (const service of services) {
    for (const record of index.definitions('Service', service)) {
      const tier = specOf(record)?.tier;
      if (typeof tier !== 'number' || !Number.isInteger(tier) || tier < 1 || tier > 4) continue;
      if (!best || tier < best.tier) best = { tier, service };
    }
  }
  return best;
}

/**
 * The risk Raise Change suggests for a change to these services: `high` when a
 * tier 1 service is touched, `medium` for tier 2, else `low` (also when no
 * service, or none with a tier, is given).
 */
export function suggestRisk(index: WorkspaceIndex, services: readonly string[]): Risk {
  const tier = highestTier(index, services)?.tier;
  return tier === 1 ? 'high' : tier === 2 ? 'medium' : 'low';
}

const CHANGE_ID = /^CHG-(\d{4})-(\d{4,})$/;

/**
 * The next free change id of `year`: `CHG-YYYY-NNNN`, one above the highest
 * sequence of that year among every Change id in the workspace (defined by a
 * record, or named by one: a release may list a change whose file is not written
 * yet), at least 4 digits (`CHG-2026-0001`; after 9999 comes 10000). Gaps are not
 * reused. Ids that a file is already named after (`CHG-2026-0043.yaml`,
 * `CHG-2026-0043-rotate-certs.md`), given as base names in `existingFileNames`,
 * are skipped, so the file written for the id never lands on an existing one.
 *
 * @param year a four-digit year, e.g. 2026
 * @throws RangeError when `year` is not a four-digit year
 */
export function nextChangeId(index: WorkspaceIndex, year: number, existingFileNames: Iterable<string> = []): string {
  if (!Number.isInteger(year) || year < 1000 || year > 9999) throw new RangeError(`not a four-digit year: ${year}`);
  const yearText = String(year);
  let highest = 0;
  const consider = (name: string) => {
    const match = CHANGE_ID.exec(name);
    if (match && match[1] === yearText) highest = Math.max(highest, Number(match[2]));
  };
  for (const name of index.names('Change')) consider(name);
  for (const file of index.files()) {
    for (const ref of index.referencesFrom(file.path)) if (ref.kind === 'Change') consider(ref.name);
  }
  const taken = new Set<number>();
  for (const fileName of existingFileNames) {
    const base = fileName.replace(/^.*[\\/]/, '');
    const match = /^CHG-(\d{4})-(\d{4,})(?:[-.]|$)/.exec(base);
    if (match && match[1] === yearText) taken.add(Number(match[2]));
  }
  let next = highest + 1;
  while (taken.has(next)) next++;
  return `CHG-${yearText}-${String(next).padStart(4, '0')}`;
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
