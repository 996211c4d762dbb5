import type { Finding } from '../finding';
import { specOf } from '../index/references';
import type { RecordDoc } from '../parse/parseFile';
import { spanIn } from '../parse/span';
import { API_VERSION } from '../schema/vocabulary';
import { finding, strings, type Rule } from './rule';
import { describeRecord, windowOf } from './ruleSupport';

const ACTIVE: readonly unknown[] = ['approved', 'scheduled'];

/**
 * `window-conflict`: two changes that are both `approved` or `scheduled`, share
 * a service, and have overlapping windows (half-open: one may start when the
 * other ends). Each change is reported on its `spec.window` key, once per
 * conflicting change, with the other's window as the related place. The other
 * changes are found through the index's references to the shared services.
 */
export const windowConflictRule: Rule = {
  codes: ['window-conflict'],
  kinds: ['Change'],
  check(record, { index }) {
    const window = activeWindow(record);
    if (!window || window.end <= window.start) return [];
    const spec = specOf(record, 'Change')!;
    const conflicts = new Map<RecordDoc, string[]>();
    for (const service of new Set(strings(spec.services))) {
      for (const ref of index.references('Service', service)) {
        const other = ref.from;
        if (
          other === record ||
          other.kind !== 'Change' ||
          ref.field !== 'spec.services' ||
          other.apiVersion !== API_VERSION
        )
          continue;
        const shared = conflicts.get(other);
        if (shared) {
          if (!shared.includes(service)) shared.push(service);
          continue;
        }
        const otherWindow = activeWindow(other);
        if (!otherWindow || !(window.start < otherWindow.end && otherWindow.start < window.end)) continue;
        conflicts.set(other, [service]);
      }
    }
    const out: Finding[] = [];
    for (const [other, services] of conflicts) {
      const otherName = describeRecord(other, 'Change');
      out.push(
        finding(
          'window-conflict',
          `the window of ${describeRecord(record, 'Change')} overlaps that of ${otherName} (${String(specOf(other, 'Change')!.status)}) on the same ${services.length === 1 ? 'service' : 'services'} ${services.map((s) => `'${s}'`).join(', ')}: move one of the windows, or merge the changes`,
          spanIn(record, ['spec', 'window'], 'key'),
          {
            related: [
              {
                file: other.file,
                span: spanIn(other, ['spec', 'window'], 'key'),
                message: `the window of ${otherName}`,
              },
            ],
          },
        ),
      );
    }
    return out;
  },
};

/**
 * A change's window when the change takes part in window conflicts: it is
 * `approved` or `scheduled` and both ends are valid date-times (the end may be
 * before the start: `window-order` reports that, and the window still overlaps others).
 */
export function activeWindow(record: RecordDoc): { start: number; end: number } | undefined {
  const spec = specOf(record, 'Change');
  return spec && ACTIVE.includes(spec.status) ? windowOf(spec) : undefined;
}
