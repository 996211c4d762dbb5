import { specOf } from '../index/references';
import type { Rule } from './rule';
import { describeRecord, requireSpecField } from './ruleSupport';

const NEEDS_WINDOW: readonly unknown[] = ['scheduled', 'implemented', 'closed'];

/**
 * `window-required`: a change that is `scheduled`, `implemented` or `closed`
 * with no `window`. Reported on the `spec` key with an `addField` fix (a
 * `window:` that is there but empty or malformed is a `schema` error).
 */
export const windowRequiredRule: Rule = {
  codes: ['window-required'],
  kinds: ['Change'],
  check(record) {
    const status = specOf(record)?.status;
    if (!NEEDS_WINDOW.includes(status)) return [];
    const f = requireSpecField(
      record,
      'window-required',
      'window',
      `${describeRecord(record, 'Change')} is ${String(status)} but has no window: say when it ${status === 'scheduled' ? 'will happen' : 'happened'} (window.start and window.end)`,
      { placeholder: '{ start: "", end: "" }', blankIsMissing: false },
    );
    return f ? [f] : [];
  },
};
