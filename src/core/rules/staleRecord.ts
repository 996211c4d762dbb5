import { specOf } from '../index/references';
import { spanIn } from '../parse/span';
import { finding, type Rule } from './rule';
import { describeRecord, isoDate } from './ruleSupport';

/**
 * `stale-record` (info): a knowledge record or standard change template whose
 * `reviewBy` date is before today (`ctx.today`). Reported on `reviewBy`'s value;
 * skipped when it is not a valid date (the schema rule reports that).
 */
export const staleRecordRule: Rule = {
  codes: ['stale-record'],
  local: true,
  kinds: ['Knowledge', 'StandardChange'],
  check(record, { today }) {
    const reviewBy = isoDate(specOf(record)?.reviewBy);
    if (!reviewBy || reviewBy >= today) return [];
    const kind = record.kind === 'Knowledge' ? 'Knowledge' : 'StandardChange';
    return [
      finding(
        'stale-record',
        `${describeRecord(record, kind)} was due for review on ${reviewBy}: check that it is still right, then move reviewBy forward`,
        spanIn(record, ['spec', 'reviewBy']),
      ),
    ];
  },
};
