import * as assert from 'node:assert/strict';
import { openItemsForFile } from '../../../src/core/assist/catalogueTree';
import { blastRadius } from '../../../src/core/catalogue/impact';
import { ownersOfFile, servicesOwning } from '../../../src/core/index/ownership';
import { parseFile } from '../../../src/core/parse/parseFile';
import { change, knowledge, service } from '../builders';
import { lines, workspace } from '../helpers';

const component = (name: string, ...spec: string[]) =>
  lines(
    'apiVersion: backstage.io/v1alpha1',
    'kind: Component',
    `metadata: { name: ${name} }`,
    'spec:',
    '  type: service',
    '  lifecycle: production',
    '  owner: payments',
    ...spec,
  );

// payments (provides payments-api) <- checkout (consumes it) <- web (dependsOn checkout); ledger is an svcm Service with code globs.
const FILES: Record<string, string> = {
  'payments/catalog-info.yaml':
    component('payments', '  providesApis: [payments-api]') +
    '---\n' +
    lines(
      'apiVersion: backstage.io/v1alpha1',
      'kind: API',
      'metadata: { name: payments-api }',
      'spec: { type: openapi, lifecycle: production, owner: payments, definition: x }',
    ),
  'payments/worker/catalog-info.yaml': component('payments-worker'),
  'checkout/catalog-info.yaml': component('checkout', '  consumesApis: [payments-api]'),
  'web/catalog-info.yaml': component('web', '  dependsOn: [component:checkout]'),
  'services/ledger.yaml': service('ledger', { code: ['payments/ledger/**'], dependsOn: ['payments'] }),
  'services/audit.yaml': service('audit', { dependsOn: ['ledger'] }),
  'changes/CHG-2026-0001.yaml': change('CHG-2026-0001', { services: ['component:payments'] }),
  'changes/CHG-2026-0002.yaml': change('CHG-2026-0002', { services: ['payments'], status: 'closed' }),
  'changes/CHG-2026-0003.yaml': change('CHG-2026-0003', { services: ['component:default/payments', 'ledger'] }),
  'knowledge/KB-0001.md': knowledge('KB-0001', { type: 'known-error', services: ['payments'] }),
};

describe('ownersOfFile: which svcm Services and Backstage Components own a file', () => {
  const index = workspace(FILES);

  it('the nearest catalogue folder names its Components, by full reference, with their records', () => {
    const owners = ownersOfFile(index, 'payments/src/pay.ts');
    assert.deepEqual(
      owners.map((o) => [o.name, o.kind, o.by, o.record.file]),
      [['component:default/payments', 'Component', 'folder', 'payments/catalog-info.yaml']],
    );
    // A deeper catalogue folder wins over its parent's.
    assert.deepEqual(
      ownersOfFile(index, 'payments/worker/main.go').map((o) => o.name),
      ['component:default/payments-worker'],
    );
  });

  it("an svcm Service's code globs win over the catalogue folder; nothing owns a file outside both", () => {
    assert.deepEqual(
      ownersOfFile(index, 'payments/ledger/post.ts').map((o) => [o.name, o.kind, o.by]),
      [['ledger', 'Service', 'code']],
    );
    assert.deepEqual(ownersOfFile(index, 'README.md'), []);
  });

  it('openItemsForFile: the open changes and known errors naming a Component, in every written form', () => {
    const items = openItemsForFile(index, 'payments/src/pay.ts')!;
    assert.deepEqual(
      items.services.map((r) => r.name),
      ['payments'],
    );
    assert.deepEqual(
      items.changes.map((r) => r.name),
      ['CHG-2026-0001', 'CHG-2026-0003'],
    );
    assert.deepEqual(
      items.knownErrors.map((r) => r.name),
      ['KB-0001'],
    );
    assert.equal(openItemsForFile(index, 'README.md'), undefined);
  });

  it("blastRadius of a Component: its API's consumers, their dependents, and svcm Services that depend on it", () => {
    assert.deepEqual(blastRadius(index, ['component:default/payments']), [
      'audit',
      'component:default/checkout',
      'component:default/web',
      'ledger',
    ]);
    assert.deepEqual(blastRadius(index, ['component:payments']), blastRadius(index, ['component:default/payments']));
    assert.deepEqual(blastRadius(index, ['ledger']), ['audit']);
  });
});

describe('servicesOwning: the owners of a path, kept while the services stay the same', () => {
  const names = (records: { name?: string }[]) => records.map((r) => r.name);

  it('follows every change of a Service: its globs, a new one, one removed, one moved in its file', () => {
    const index = workspace({
      'services/ledger.yaml': service('ledger', { code: ['payments/ledger/**'] }),
      'services/audit.yaml': service('audit', { code: ['audit/**'] }),
      'changes/CHG-2026-0001.yaml': change('CHG-2026-0001', { services: ['ledger'] }),
    });
    const path = 'payments/ledger/main.go';
    assert.deepEqual(names(servicesOwning(index, path)), ['ledger']);
    // An edit to another kind of record keeps the answer.
    index.upsert(parseFile('changes/CHG-2026-0001.yaml', change('CHG-2026-0001', { services: ['audit'] })));
    assert.deepEqual(names(servicesOwning(index, path)), ['ledger']);
    // A service's globs changed.
    index.upsert(parseFile('services/audit.yaml', service('audit', { code: ['payments/**'] })));
    assert.deepEqual(names(servicesOwning(index, path)), ['audit', 'ledger']);
    // A new service, and one removed.
    index.upsert(parseFile('services/billing.yaml', service('billing', { code: ['**/*.go'] })));
    assert.deepEqual(names(servicesOwning(index, path)), ['audit', 'billing', 'ledger']);
    index.remove('services/ledger.yaml');
    assert.deepEqual(names(servicesOwning(index, path)), ['audit', 'billing']);
    // The same service further down its file: the record answered is the one indexed now, at its new place.
    index.upsert(parseFile('services/audit.yaml', `# moved down\n${service('audit', { code: ['payments/**'] })}`));
    const [audit] = servicesOwning(index, path);
    assert.equal(audit, index.lookup('Service', 'audit'));
  });

  it('a caller changing the list it got does not change the next answer', () => {
    const index = workspace({ 'services/ledger.yaml': service('ledger', { code: ['**'] }) });
    servicesOwning(index, 'a.go').pop();
    assert.deepEqual(names(servicesOwning(index, 'a.go')), ['ledger']);
  });
});
