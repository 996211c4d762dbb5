import { specOf } from '../index/references';
import { spanIn } from '../parse/span';
import { finding, type Rule } from './rule';
import { describeRecord, relatedAt, windowOf } from './ruleSupport';

/**
 * `window-order`: a change window whose `end` is not after its `start`, compared
 * as instants (offsets count). Reported on `window.end`'s value; skipped when
 * either end is not a valid date-time (the schema rule reports that).
 */
export const windowOrderRule: Rule = {
  codes: ['window-order'],
  local: true,
  kinds: ['Change'],
  check(record) {
    const spec = specOf(record, 'Change');
    const window = spec && windowOf(spec);
    if (!window || window.end > window.start) return [];
    const what = window.end === window.start ? 'is the same instant as' : 'is before';
    return [
      finding(
        'window-order',
        `window.end ${what} window.start in ${describeRecord(record, 'Change')}: a change window must end after it starts`,
        spanIn(record, ['spec', 'window', 'end']),
        { related: [relatedAt(record, ['spec', 'window', 'start'], 'the window starts here')] },
      ),
    ];
  },
};
