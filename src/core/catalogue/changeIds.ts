import type { WorkspaceIndex } from '../index/workspaceIndex';

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
