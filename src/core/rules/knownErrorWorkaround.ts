import { specOf } from '../index/references';
import type { Rule } from './rule';
import { requireSpecField } from './ruleSupport';

/**
 * `known-error-workaround`: a `known-error` knowledge record with no
 * `workaround` (absent, or only whitespace). An absent field is reported on
 * the `spec` key with an `addField` fix; a blank one on its value.
 */
export const knownErrorWorkaroundRule: Rule = {
  codes: ['known-error-workaround'],
  kinds: ['Knowledge'],
  check(record) {
    if (specOf(record)?.type !== 'known-error') return [];
    const f = requireSpecField(
      record,
      'known-error-workaround',
      'workaround',
      `${record.name !== undefined ? `known error ${record.name}` : 'this known error'} has no workaround: say what users and support can do until it is fixed`,
      { placeholder: '""', blankIsMissing: true },
    );
    return f ? [f] : [];
  },
};
