import type { Finding } from '../finding';
import { specOf } from '../index/references';
import type { WorkspaceIndex as Index } from '../index/workspaceIndex';
import type { RecordDoc } from '../parse/parseFile';
import { spanIn } from '../parse/span';
import { finding, str, type Rule } from './rule';
import { relatedAt } from './ruleSupport';

/**
 * `release-mismatch`, reported on the record that names the other: a change's
 * `spec.release` value when that release does not list the change in its
 * `changes`, and a release's `spec.changes` entry when that change does not name
 * the release. Quiet when the other record is unknown (`unknown-reference`) or
 * the field to compare is not a list or string (`schema`).
 */
export const releaseMismatchRule: Rule = {
  codes: ['release-mismatch'],
  kinds: ['Change', 'Release'],
  check(record, { index }) {
    const spec = specOf(record);
    if (!spec || record.name === undefined) return [];
    return record.kind === 'Change'
      ? changeSide(record, record.name, spec, index)
      : releaseSide(record, record.name, spec, index);
  },
};

function changeSide(record: RecordDoc, name: string, spec: Record<string, unknown>, index: Index): Finding[] {
  const release = str(spec.release);
  if (release === undefined) return [];
  const defs = index.definitions('Release', release);
  const lists = defs.map((def) => specOf(def, 'Release')?.changes).filter(Array.isArray);
  if (lists.length === 0 || lists.some((changes) => changes.includes(name))) return [];
  const def = defs.find((d) => Array.isArray(specOf(d, 'Release')?.changes))!;
  return [
    finding(
      'release-mismatch',
      `release ${release} does not list change ${name}: add ${name} to its changes, or remove the release from this change`,
      spanIn(record, ['spec', 'release']),
      {
        related: [relatedAt(def, ['spec', 'changes'], `the changes of release ${release}`)],
      },
    ),
  ];
}

function releaseSide(record: RecordDoc, name: string, spec: Record<string, unknown>, index: Index): Finding[] {
  if (!Array.isArray(spec.changes)) return [];
  const out: Finding[] = [];
  spec.changes.forEach((change: unknown, i) => {
    if (typeof change !== 'string') return;
    const defs = index.definitions('Change', change).filter((d) => specOf(d, 'Change') !== undefined);
    if (defs.length === 0 || defs.some((d) => specOf(d, 'Change')!.release === name)) return;
    const named = specOf(defs[0], 'Change')!.release;
    // A release that is not a string is the schema rule's to report.
    if (named !== undefined && typeof named !== 'string') return;
    const other = str(named);
    const message =
      other === undefined
        ? `change ${change} does not name a release: add 'release: ${name}' to it, or take it off this release`
        : `change ${change} names release ${other}, not ${name}: take it off one of the two releases`;
    const related =
      other === undefined
        ? relatedAt(defs[0], ['spec'], `change ${change}`, 'key')
        : relatedAt(defs[0], ['spec', 'release'], `change ${change} names ${other}`);
    out.push(finding('release-mismatch', message, spanIn(record, ['spec', 'changes', i]), { related: [related] }));
  });
  return out;
}
