import { specOf } from '../index/references';
import type { Rule } from './rule';
import { describeRecord, requireSpecField } from './ruleSupport';

/**
 * `service-level-required`: a `live` service of tier 1 or 2 with no
 * `serviceLevel`. Reported on the `spec` key with an `addField` fix.
 */
export const serviceLevelRequiredRule: Rule = {
  codes: ['service-level-required'],
  kinds: ['Service'],
  check(record) {
    const spec = specOf(record);
    if (spec?.phase !== 'live' || (spec.tier !== 1 && spec.tier !== 2)) return [];
    const f = requireSpecField(
      record,
      'service-level-required',
      'serviceLevel',
      `${describeRecord(record, 'Service', `live tier ${String(spec.tier)}`)} has no serviceLevel: state the availability and support hours its users can expect`,
      { placeholder: '{ availability: 99.9, supportHours: "" }', blankIsMissing: false },
    );
    return f ? [f] : [];
  },
};
