import type { Finding } from '../finding';
import { referencesOf, specOf } from '../index/references';
import type { Kind } from '../schema/vocabulary';
import { finding, type Rule } from './rule';
import { describeRecord, relatedAt } from './ruleSupport';

/** The reference fields that "target" a service (docs/rules.md: a change, release or dependency). */
const TARGETS: Partial<Record<Kind, string>> = {
  Change: 'spec.services',
  Release: 'spec.services',
  Service: 'spec.dependsOn',
};

/**
 * `retired-service`: a change's or release's `services` entry, or a service's
 * `dependsOn` entry, that names a `retired` service. Reported on the entry,
 * with the retired service's `phase` as the related place.
 */
export const retiredServiceRule: Rule = {
  codes: ['retired-service'],
  kinds: ['Change', 'Release', 'Service'],
  check(record, { index }) {
    const kind = record.kind as Kind;
    const field = TARGETS[kind];
    const out: Finding[] = [];
    for (const ref of referencesOf(record)) {
      if (ref.kind !== 'Service' || ref.field !== field) continue;
      const target = index.lookup('Service', ref.name);
      if (!target || specOf(target, 'Service')?.phase !== 'retired') continue;
      const message =
        kind === 'Service'
          ? `${describeRecord(record, 'Service')} depends on '${ref.name}', which is retired: move to its replacement and drop the dependency`
          : `'${ref.name}' is a retired service: ${describeRecord(record, kind)} should not ${kind === 'Release' ? 'ship' : 'change'} it; name the service that replaced it`;
      out.push(
        finding('retired-service', message, ref.span, {
          related: [relatedAt(target, ['spec', 'phase'], `'${ref.name}' is retired here`)],
        }),
      );
    }
    return out;
  },
};
