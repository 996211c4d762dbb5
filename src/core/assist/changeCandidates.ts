import { specFieldsOf, specOf, titleOf } from '../index/references';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { RecordDoc } from '../parse/parseFile';
import { CLOSED_STATUSES } from '../schema/vocabulary';

/**
 * What the editor's change commands offer to pick from (Raise Change, Link
 * Commits, New Release, commit-message completion): plain data from the index.
 */

/** A change as a picker shows it. */
export interface ChangeChoice {
  name: string;
  /** `spec.summary` when it is a string */
  summary?: string;
  /** `spec.status` when it is a string */
  status?: string;
  /** not closed, rejected or failed (a change without a readable status counts as open) */
  open: boolean;
  services: string[];
  /** `spec.commits` as written (strings only) */
  commits: string[];
  /** `spec.release` when it is a string */
  release?: string;
  branch?: string;
  record: RecordDoc;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

/** A Change record as a choice; undefined for a record without a readable name. */
export function changeChoice(record: RecordDoc): ChangeChoice | undefined {
  if (record.kind !== 'Change' || record.name === undefined) return undefined;
  const spec = specFieldsOf(record, 'Change');
  const status = text(spec.status);
  return {
    name: record.name,
    summary: text(spec.summary),
    status,
    open: !(status !== undefined && (CLOSED_STATUSES as readonly string[]).includes(status)),
    services: strings(spec.services),
    commits: strings(spec.commits),
    release: text(spec.release),
    branch: text(spec.branch),
    record,
  };
}

/**
 * Every change the workspace defines (the first definition of each name), open
 * changes first, then by id, newest (highest) first.
 */
export function changeChoices(index: WorkspaceIndex): ChangeChoice[] {
  const seen = new Set<string>();
  const out: ChangeChoice[] = [];
  for (const record of index.records('Change')) {
    if (record.name === undefined || seen.has(record.name)) continue;
    const first = index.definitions('Change', record.name)[0] ?? record;
    const choice = changeChoice(first);
    if (!choice) continue;
    seen.add(choice.name);
    out.push(choice);
  }
  return out.sort((a, b) => Number(b.open) - Number(a.open) || compareIds(b.name, a.name));
}

/** Compares change ids by year, then sequence as a number (`CHG-2026-10000` after `CHG-2026-9999`). */
function compareIds(a: string, b: string): number {
  const key = (id: string) => {
    const m = /^CHG-(\d{4})-(\d+)$/.exec(id);
    return m ? [Number(m[1]), Number(m[2])] : [0, 0];
  };
  const [ya, sa] = key(a);
  const [yb, sb] = key(b);
  return ya - yb || sa - sb || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The changes New Release offers (docs/commands.md: the implemented changes not yet
 * released): status `implemented`, and neither a `release` that names an
 * existing Release nor listed in any Release's `changes`. Sorted by id, oldest first.
 */
export function unreleasedChanges(index: WorkspaceIndex): ChangeChoice[] {
  const listed = new Set<string>();
  for (const release of index.records('Release'))
    for (const name of strings(specOf(release, 'Release')?.changes)) listed.add(name);
  return changeChoices(index)
    .filter(
      (c) =>
        c.status === 'implemented' &&
        !listed.has(c.name) &&
        !(c.release !== undefined && index.definitions('Release', c.release).length > 0),
    )
    .sort((a, b) => compareIds(a.name, b.name));
}

/** A standard change template as Raise Change offers it. */
export interface TemplateChoice {
  name: string;
  title?: string;
  services: string[];
  maxRisk?: string;
  /** whether its `services` include every service asked about */
  covers: boolean;
}

/**
 * The StandardChange templates, those whose `services` include all of
 * `services` first (`covers: true`), each group by name. With no services
 * given, every template covers.
 */
export function templateChoices(index: WorkspaceIndex, services: readonly string[]): TemplateChoice[] {
  const out: TemplateChoice[] = [];
  for (const name of index.names('StandardChange').sort()) {
    const record = index.definitions('StandardChange', name)[0];
    if (!record) continue;
    const spec = specFieldsOf(record, 'StandardChange');
    const covered = strings(spec.services);
    out.push({
      name,
      title: titleOf(record),
      services: covered,
      maxRisk: text(spec.maxRisk),
      covers: services.every((s) => covered.includes(s)),
    });
  }
  return out.sort((a, b) => Number(b.covers) - Number(a.covers));
}

/** A service as a picker shows it. */
export interface ServiceChoice {
  name: string;
  title?: string;
  tier?: number;
  phase?: string;
  owner?: string;
}

/** Every service the workspace defines (first definition of each name), by name. */
export function serviceChoices(index: WorkspaceIndex): ServiceChoice[] {
  return index
    .names('Service')
    .sort()
    .map((name) => {
      const record = index.definitions('Service', name)[0];
      const spec = specFieldsOf(record, 'Service');
      return {
        name,
        title: titleOf(record),
        tier: typeof spec.tier === 'number' ? spec.tier : undefined,
        phase: text(spec.phase),
        owner: text(spec.owner),
      };
    });
}

/**
 * The team a new knowledge record about `services` belongs to until someone
 * says otherwise: the owner of the first of them that is defined, when that
 * team is defined too.
 */
export function knowledgeOwner(index: WorkspaceIndex, services: readonly string[]): string | undefined {
  const first = services.map((s) => index.definitions('Service', s)[0]).find(Boolean);
  const owner = first ? specOf(first, 'Service')?.owner : undefined;
  return typeof owner === 'string' && index.definitions('Team', owner).length > 0 ? owner : undefined;
}
