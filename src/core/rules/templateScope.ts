import type { Finding } from '../finding';
import { specOf } from '../index/references';
import { spanIn } from '../parse/span';
import { RISKS } from '../schema/vocabulary';
import { finding, str, strings, type Rule } from './rule';
import { describeRecord, relatedAt } from './ruleSupport';

/**
 * `template-scope`: a standard change that goes beyond its template: each
 * service entry the template does not cover (on the entry in `spec.services`),
 * and a risk above the template's `maxRisk` (on `spec.risk`'s value). Quiet when
 * the template is unknown (`unknown-reference`) or its fields are malformed (`schema`).
 */
export const templateScopeRule: Rule = {
  codes: ['template-scope'],
  kinds: ['Change'],
  check(record, { index }) {
    const spec = specOf(record, 'Change');
    if (!spec || spec.type !== 'standard') return [];
    const name = str(spec.template);
    const template = name === undefined ? undefined : index.lookup('StandardChange', name);
    const templateSpec = template && specOf(template, 'StandardChange');
    if (!template || !templateSpec) return [];
    const out: Finding[] = [];
    const change = describeRecord(record, 'Change');
    if (Array.isArray(templateSpec.services) && Array.isArray(spec.services)) {
      const covered = new Set(strings(templateSpec.services));
      spec.services.forEach((service: unknown, i) => {
        if (typeof service !== 'string' || covered.has(service)) return;
        out.push(
          finding(
            'template-scope',
            `template '${name}' does not cover service '${service}': ${change} may only touch ${listOr(strings(templateSpec.services))}; raise a normal change for '${service}', or extend the template`,
            spanIn(record, ['spec', 'services', i]),
            { related: [relatedAt(template, ['spec', 'services'], `the services template '${name}' covers`)] },
          ),
        );
      });
    }
    const risk = rank(spec.risk);
    const maxRisk = rank(templateSpec.maxRisk);
    if (risk >= 0 && maxRisk >= 0 && risk > maxRisk) {
      out.push(
        finding(
          'template-scope',
          `risk ${String(spec.risk)} is above template '${name}''s maxRisk ${String(templateSpec.maxRisk)}: a riskier change is not pre-approved; lower the risk or raise a normal change`,
          spanIn(record, ['spec', 'risk']),
          {
            related: [
              relatedAt(
                template,
                ['spec', 'maxRisk'],
                `template '${name}' allows risk up to ${String(templateSpec.maxRisk)}`,
              ),
            ],
          },
        ),
      );
    }
    return out;
  },
};

function rank(value: unknown): number {
  return (RISKS as readonly unknown[]).indexOf(value);
}

function listOr(names: string[]): string {
  if (names.length === 0) return 'no service';
  return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} or ${names[names.length - 1]}`;
}
