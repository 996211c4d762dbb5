import { API_VERSION, isKind, KINDS } from '../schema/vocabulary';
import { closest } from '../suggest';
import { finding, type Rule } from './rule';

/** `unknown-kind`: an `apiVersion: svcm/...` document of an unknown version or kind. */
export const unknownKindRule: Rule = {
  codes: ['unknown-kind'],
  local: true,
  check(record) {
    if (record.apiVersion === API_VERSION && isKind(record.kind)) return [];
    // Only now touch the `yaml` tree: fast-path records build it on first use.
    const { doc } = record;
    if (record.apiVersion !== API_VERSION) {
      const node = doc.get('apiVersion', true) as { range?: [number, number, number] } | undefined;
      const span = node?.range ? { start: node.range[0], end: node.range[1] } : record.span;
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
      const apiNode = doc.get('apiVersion', true) as { range?: [number, number, number] } | undefined;
      const span = apiNode?.range ? { start: apiNode.range[0], end: apiNode.range[1] } : record.span;
      return [
        finding('unknown-kind', `no kind: say which record this is (${KINDS.join(', ')})`, record.kindSpan ?? span),
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
