import { change } from '../builders';
import { lines } from '../helpers';

/** A small catalogue: five services with tiers, code globs and dependencies, and changes in every state. */

export function service(name: string, spec: { tier?: number | string; code?: string[]; dependsOn?: string[] }): string {
  return lines(
    'apiVersion: svcm/v1',
    'kind: Service',
    `metadata: { name: ${name} }`,
    'spec:',
    '  owner: team-a',
    '  phase: beta',
    ...(spec.tier !== undefined ? [`  tier: ${spec.tier}`] : []),
    ...(spec.code ? [`  code: ${JSON.stringify(spec.code)}`] : []),
    ...(spec.dependsOn ? [`  dependsOn: [${spec.dependsOn.join(', ')}]`] : []),
  );
}

export const CATALOGUE = {
  'sm/payments.yaml': service('payments-api', { tier: 1, code: ['src/payments/**', './shared/money.ts'] }),
  'sm/checkout.yaml': service('checkout', { tier: 2, code: ['src/checkout/**'], dependsOn: ['payments-api'] }),
  'sm/storefront.yaml': service('storefront', { tier: 3, code: ['web/**'], dependsOn: ['checkout'] }),
  'sm/ledger.yaml': service('ledger', {
    tier: 4,
    code: ['src/ledger/**', 'shared/**', '.github/workflows/ledger.yml'],
  }),
  'sm/reports.yaml': service('reports', { tier: 3 }),
  'sm/changes/CHG-2026-0008.yaml': change('CHG-2026-0008', { services: ['payments-api'], status: 'approved' }),
  'sm/changes/CHG-2026-0003.yaml': change('CHG-2026-0003', { services: ['payments-api', 'checkout'], status: 'draft' }),
  'sm/changes/CHG-2026-0001.yaml': change('CHG-2026-0001', { services: ['checkout'], status: 'closed' }),
  'sm/changes/CHG-2026-0002.yaml': change('CHG-2026-0002', { services: ['ledger'], status: 'rejected' }),
  'sm/changes/CHG-2026-0004.yaml': change('CHG-2026-0004', { services: ['ledger'], status: 'failed' }),
};
