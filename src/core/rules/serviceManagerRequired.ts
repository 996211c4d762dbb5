import { specOf } from '../index/references';
import type { Rule } from './rule';
import { describeRecord, requireSpecField } from './ruleSupport';

/**
 * `service-manager-required`: a `live` service with no `serviceManager`
 * (absent, or only whitespace). An absent field is reported on the `spec` key
 * with an `addField` fix; a blank one on its value.
 */
export const serviceManagerRequiredRule: Rule = {
  codes: ['service-manager-required'],
  kinds: ['Service'],
  check(record) {
    if (specOf(record)?.phase !== 'live') return [];
    const f = requireSpecField(
      record,
      'service-manager-required',
      'serviceManager',
      `${describeRecord(record, 'Service', 'live')} has no serviceManager: name the person accountable for it, who decides on its changes`,
      { placeholder: '""', blankIsMissing: true },
    );
    return f ? [f] : [];
  },
};
