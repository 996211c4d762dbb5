import { referencesOf } from '../index/references';
import { NAME_PATTERNS } from '../schema/records';
import { closestName } from '../suggest';
import { finding, type Rule } from './rule';

const NOUNS = {
  Team: 'team',
  Service: 'service',
  StandardChange: 'standard change template',
  Change: 'change',
  Release: 'release',
  Knowledge: 'knowledge record',
} as const;

/** `unknown-reference`: a reference that names no record, with "did you mean" when one is close. */
export const unknownReferenceRule: Rule = {
  codes: ['unknown-reference'],
  check(record, { index }) {
    const out = [];
    for (const ref of referencesOf(record)) {
      // A malformed name is a schema error; don't report it twice.
      if (!NAME_PATTERNS[ref.kind].test(ref.name)) continue;
      if (index.definitions(ref.kind, ref.name).length > 0) continue;
      const hint = closestName(ref.name, index.namesView(ref.kind));
      out.push(
        finding(
          'unknown-reference',
          `unknown ${NOUNS[ref.kind]} '${ref.name}'${hint ? `: did you mean '${hint}'?` : ''}`,
          ref.span,
          hint ? { data: { fix: 'replace', with: hint } } : {},
        ),
      );
    }
    return out;
  },
};
