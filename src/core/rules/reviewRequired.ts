import { specOf } from '../index/references';
import type { Rule } from './rule';
import { describeRecord, requireSpecField } from './ruleSupport';

/**
 * `review-required`: an emergency change that is `implemented` or `closed` with
 * no post-implementation `review`. Reported on the `spec` key with an
 * `addField` fix.
 */
export const reviewRequiredRule: Rule = {
  codes: ['review-required'],
  kinds: ['Change'],
  check(record, { today }) {
    const spec = specOf(record);
    if (spec?.type !== 'emergency' || (spec.status !== 'implemented' && spec.status !== 'closed')) return [];
    const f = requireSpecField(
      record,
      'review-required',
      'review',
      `${describeRecord(record, 'Change', 'emergency')} is ${String(spec.status)} but has no review: record the post-implementation review (outcome, notes, date)`,
      { placeholder: `{ outcome: "", notes: "", at: "${today}" }`, blankIsMissing: false },
    );
    return f ? [f] : [];
  },
};
