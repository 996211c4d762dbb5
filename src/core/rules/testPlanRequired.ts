import { specOf } from '../index/references';
import type { Rule } from './rule';
import { describeRecord, requireSpecField } from './ruleSupport';

/**
 * `test-plan-required`: a normal change with no `testPlan` (absent, or only
 * whitespace). An absent field is reported on the `spec` key with an
 * `addField` fix; a blank one on its value.
 */
export const testPlanRequiredRule: Rule = {
  codes: ['test-plan-required'],
  kinds: ['Change'],
  check(record) {
    if (specOf(record)?.type !== 'normal') return [];
    const f = requireSpecField(
      record,
      'test-plan-required',
      'testPlan',
      `${describeRecord(record, 'Change', 'normal')} has no testPlan: say how you will know it worked`,
      { placeholder: '""', blankIsMissing: true },
    );
    return f ? [f] : [];
  },
};
