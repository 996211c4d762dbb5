import { specOf } from '../index/references';
import { spanIn } from '../parse/span';
import { finding, str, type Rule } from './rule';
import { describeRecord, isoDate, relatedAt } from './ruleSupport';

/**
 * `template-expired`: a standard change whose template's `reviewBy` date is
 * before today (`ctx.today`). Reported on the change's `spec.template` value,
 * whatever the change's status (docs/rules.md makes no exception).
 */
export const templateExpiredRule: Rule = {
  codes: ['template-expired'],
  kinds: ['Change'],
  check(record, { index, today }) {
    const spec = specOf(record, 'Change');
    if (!spec || spec.type !== 'standard') return [];
    const name = str(spec.template);
    const template = name === undefined ? undefined : index.lookup('StandardChange', name);
    const reviewBy = template && isoDate(specOf(template, 'StandardChange')?.reviewBy);
    if (!template || !reviewBy || reviewBy >= today) return [];
    return [
      finding(
        'template-expired',
        `template '${name}' was due for review on ${reviewBy}: ${describeRecord(record, 'Change')} relies on a pre-approval that may no longer hold; have the template reviewed (and its reviewBy moved on), or raise a normal change`,
        spanIn(record, ['spec', 'template']),
        { related: [relatedAt(template, ['spec', 'reviewBy'], `template '${name}' review date`)] },
      ),
    ];
  },
};
