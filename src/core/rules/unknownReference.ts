import { entityHint, isClosedKind } from '../backstage/resolve';
import { BRIDGED_KIND, referencesOf } from '../index/references';
import { isKind, NAME_PATTERNS } from '../schema/vocabulary';
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

/**
 * `unknown-reference`: a reference that names no record, with "did you mean"
 * when one is close. A service or team named by its bare name may also be a
 * Backstage Component or Group of that name; one written as an entity
 * reference (`component:petstore`) is checked when its kind is closed
 * (docs/backstage.md).
 */
export const unknownReferenceRule: Rule = {
  codes: ['unknown-reference'],
  check(record, { index }) {
    const out = [];
    for (const ref of referencesOf(record)) {
      if (ref.entity) {
        if (isKind(ref.kind) || !isClosedKind(index, ref.kind)) continue;
        if (index.definitions(ref.kind, ref.name).length > 0) continue;
        const hint = entityHint(index, ref);
        out.push(
          finding(
            'unknown-reference',
            `unknown ${ref.kind} '${ref.entity.written}'${hint ? `: did you mean '${hint}'?` : ''}`,
            ref.span,
            hint ? { data: { fix: 'replace', with: hint } } : {},
          ),
        );
        continue;
      }
      if (!isKind(ref.kind)) continue;
      if (index.definitions(ref.kind, ref.name).length > 0) continue;
      // A malformed name is a schema error; don't report it twice. Tested only once nothing defines the name.
      if (!NAME_PATTERNS[ref.kind].test(ref.name)) continue;
      const bridged = BRIDGED_KIND[ref.kind];
      if (bridged && index.definitions(bridged, `default/${ref.name.toLowerCase()}`).length > 0) continue;
      let candidates = index.namesView(ref.kind);
      if (bridged) {
        const entities = index.namesView(bridged).filter((n) => n.startsWith('default/'));
        if (entities.length > 0) candidates = [...candidates, ...entities.map((n) => n.slice('default/'.length))];
      }
      const hint = closestName(ref.name, candidates);
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
