import * as assert from 'node:assert/strict';
import { BASE, service, standardChange, template } from '../builders';
import { assertQuiet, check, only } from '../helpers';
import { detailed } from './support';

const FILE = 'changes/CHG-2026-0001.yaml';
const files = (overrides: Record<string, unknown>, templateOverrides: Record<string, unknown> = {}) => ({
  ...BASE,
  'services/ledger.yaml': service('ledger'),
  'standard-changes/rotate-tls.yaml': template('rotate-tls', templateOverrides),
  [FILE]: standardChange('CHG-2026-0001', overrides),
});

// Standard change lines: 6 type, 7 template, 8 services, 9 summary, 10 risk.
describe('template-scope rule', () => {
  it('reports the service entry its template does not cover', () => {
    const all = files({ services: ['pay', 'ledger'] });
    assert.deepEqual(only(check(all), 'template-scope'), [{ file: FILE, at: '8:19', text: 'ledger' }]);
    const [f] = detailed(all, 'template-scope');
    assert.match(
      f.message,
      /^template 'rotate-tls' does not cover service 'ledger': change CHG-2026-0001 may only touch pay; raise a normal change/,
    );
    assert.deepEqual(f.related, [{ file: 'standard-changes/rotate-tls.yaml', at: '6:13', text: '[pay]' }]);
  });

  it('reports each uncovered entry', () => {
    assert.deepEqual(only(check(files({ services: ['ledger', 'pay', 'ledger'] })), 'template-scope'), [
      { file: FILE, at: '8:14', text: 'ledger' },
      { file: FILE, at: '8:27', text: 'ledger' },
    ]);
  });

  it('reports a risk above maxRisk on the risk value', () => {
    const all = files({ risk: 'high' });
    assert.deepEqual(only(check(all), 'template-scope'), [{ file: FILE, at: '10:9', text: 'high' }]);
    const [f] = detailed(all, 'template-scope');
    assert.match(f.message, /risk high is above template 'rotate-tls''s maxRisk medium/);
    assert.deepEqual(f.related, [{ file: 'standard-changes/rotate-tls.yaml', at: '7:12', text: 'medium' }]);
    assert.deepEqual(only(check(files({ risk: 'medium' }, { maxRisk: 'low' })), 'template-scope'), [
      { file: FILE, at: '10:9', text: 'medium' },
    ]);
  });

  it('is quiet within the template scope', () => {
    assert.deepEqual(check(files({ risk: 'medium' })), []);
    assert.deepEqual(check(files({ services: ['pay', 'ledger'] }, { services: ['ledger', 'pay'] })), []);
  });

  it('is quiet when the template is unknown or malformed, or the change is not standard', () => {
    assertQuiet(check(files({ template: 'rotate-tsl', services: ['ledger'] })), 'template-scope');
    assertQuiet(
      check(files({ services: ['ledger'], risk: 'high' }, { services: 'pay', maxRisk: 7 })),
      'template-scope',
    );
    assertQuiet(
      check(files({ type: 'normal', template: undefined, services: ['ledger'], risk: 'high' })),
      'template-scope',
    );
  });
});
