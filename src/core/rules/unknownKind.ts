import { spanIn } from '../parse/span';
import { API_VERSION, isKind, KINDS } from '../schema/vocabulary';
import { closest } from '../suggest';
import { finding, type Rule } from './rule';

/** `unknown-kind`: an `apiVersion: svcm/...` document of an unknown version or kind. */
export const unknownKindRule: Rule = {
  codes: ['unknown-kind'],
  local: true,
  check(record) {
    if (record.apiVersion === API_VERSION && isKind(record.kind)) return [];
    // `apiVersion` holds a string here, so its span is its scalar's; a fast-path record reads it from its text.
    if (record.apiVersion !== API_VERSION) {
      const span = spanIn(record, ['apiVersion']);
      return [
        finding(
          'unknown-kind',
          `unknown apiVersion '${record.apiVersion}': this version of svcm reads '${API_VERSION}'`,
          span,
          { data: { fix: 'replace', with: API_VERSION } },
        ),
      ];
    }
    if (isKind(record.kind)) return [];
    if (record.kind === undefined) {
      return [
        finding(
          'unknown-kind',
          `no kind: say which record this is (${KINDS.join(', ')})`,
          spanIn(record, ['apiVersion']),
        ),
      ];
    }
    const hint = closest(record.kind, KINDS);
    return [
      finding(
        'unknown-kind',
        `unknown kind '${record.kind}': use one of ${KINDS.join(', ')}${hint ? `; did you mean '${hint}'?` : ''}`,
        record.kindSpan ?? record.span,
        hint ? { data: { fix: 'replace', with: hint } } : {},
      ),
    ];
  },
};
