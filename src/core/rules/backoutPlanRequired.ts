import { specOf } from '../index/references';
import type { Rule } from './rule';
import { describeRecord, requireSpecField } from './ruleSupport';

/**
 * `backout-plan-required`: a normal or emergency change with no `backoutPlan`
 * (absent, or only whitespace). An absent field is reported on the `spec` key
 * with an `addField` fix; a blank one on its value.
 */
export const backoutPlanRequiredRule: Rule = {
  codes: ['backout-plan-required'],
  kinds: ['Change'],
  check(record) {
    const type = specOf(record)?.type;
    if (type !== 'normal' && type !== 'emergency') return [];
    const f = requireSpecField(
      record,
      'backout-plan-required',
      'backoutPlan',
      `${describeRecord(record, 'Change', type)} has no backoutPlan: say how to undo it if it goes wrong`,
      { placeholder: '""', blankIsMissing: true },
    );
    return f ? [f] : [];
  },
};
