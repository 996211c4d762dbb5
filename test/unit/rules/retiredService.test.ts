import * as assert from 'node:assert/strict';
import { BASE, change, knowledge, release, service } from '../builders';
import { assertQuiet, check, only } from '../helpers';
import { detailed } from './support';

const RETIRED = { ...BASE, 'services/old-pay.yaml': service('old-pay', { phase: 'retired' }) };

describe('retired-service rule', () => {
  it('warns about a change that targets a retired service, on the services entry', () => {
    const files = {
      ...RETIRED,
      'changes/CHG-2026-0042.yaml': change('CHG-2026-0042', { services: ['pay', 'old-pay'] }),
    };
    const seen = check(files);
    assert.deepEqual(only(seen, 'retired-service'), [
      { file: 'changes/CHG-2026-0042.yaml', at: '7:19', text: 'old-pay' },
    ]);
    assert.equal(seen[0].severity, 'warning');
    const [f] = detailed(files, 'retired-service');
    assert.match(f.message, /^'old-pay' is a retired service: change CHG-2026-0042 should not change it; /);
    assert.deepEqual(f.related, [{ file: 'services/old-pay.yaml', at: '7:10', text: 'retired' }]);
  });

  it('warns about a release that ships a retired service', () => {
    const seen = check({ ...RETIRED, 'releases/REL-1.yaml': release('REL-1', { services: ['old-pay'] }) });
    assert.deepEqual(only(seen, 'retired-service'), [{ file: 'releases/REL-1.yaml', at: '7:14', text: 'old-pay' }]);
    assert.match(seen[0].message, /release REL-1 should not ship it/);
  });

  it('warns about a service that depends on a retired service', () => {
    const seen = check({
      ...RETIRED,
      'services/checkout.yaml': service('checkout', { dependsOn: ['pay', 'old-pay'] }),
    });
    assert.deepEqual(only(seen, 'retired-service'), [{ file: 'services/checkout.yaml', at: '9:20', text: 'old-pay' }]);
    assert.match(seen[0].message, /^service checkout depends on 'old-pay', which is retired: /);
  });

  it('is quiet on services that are not retired, on unknown services, and on knowledge records', () => {
    assert.deepEqual(
      check({
        ...RETIRED,
        'changes/CHG-2026-0042.yaml': change('CHG-2026-0042'),
        'services/checkout.yaml': service('checkout', { dependsOn: ['pay'] }),
      }),
      [],
    );
    assertQuiet(
      check({ ...RETIRED, 'changes/CHG-2026-0042.yaml': change('CHG-2026-0042', { services: ['old-pya'] }) }),
      'retired-service',
    );
    assert.deepEqual(
      check({ ...RETIRED, 'knowledge/KB-0001.md': knowledge('KB-0001', { services: ['old-pay'] }) }),
      [],
    );
  });
});
