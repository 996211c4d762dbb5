import * as assert from 'node:assert/strict';
import { BASE, change, service, standardChange, template } from '../builders';
import { assertQuiet, check, only } from '../helpers';
import { detailed } from './support';

const FILE = 'changes/CHG-2026-0001.yaml';

describe('template-required rule', () => {
  it('reports a standard change with no template on the spec key, with an addField fix', () => {
    const files = { ...BASE, [FILE]: standardChange('CHG-2026-0001', { template: undefined }) };
    const seen = check(files);
    assert.deepEqual(only(seen, 'template-required'), [{ file: FILE, at: '5:1', text: 'spec' }]);
    assertQuiet(seen, 'schema');
    const [f] = detailed(files, 'template-required');
    assert.match(
      f.message,
      /^standard change CHG-2026-0001 has no template: name the pre-approved standard change it follows, or make it a normal change$/,
    );
    assert.deepEqual(f.data, { fix: 'addField', field: 'template', parentPath: ['spec'], placeholder: '""' });
  });

  it('suggests the one template that covers all the change services', () => {
    const files = {
      ...BASE,
      'services/ledger.yaml': service('ledger'),
      'standard-changes/rotate-tls.yaml': template('rotate-tls', { services: ['pay', 'ledger'] }),
      'standard-changes/restart-pay.yaml': template('restart-pay', { services: ['pay'] }),
      [FILE]: standardChange('CHG-2026-0001', { template: undefined, services: ['pay', 'ledger'] }),
    };
    const [f] = detailed(files, 'template-required');
    assert.match(f.message, /\(rotate-tls covers its services\)/);
    assert.deepEqual(f.data, { fix: 'addField', field: 'template', parentPath: ['spec'], placeholder: 'rotate-tls' });
  });

  it('suggests nothing when several templates fit', () => {
    const files = {
      ...BASE,
      'standard-changes/rotate-tls.yaml': template('rotate-tls'),
      'standard-changes/restart-pay.yaml': template('restart-pay'),
      [FILE]: standardChange('CHG-2026-0001', { template: undefined }),
    };
    assert.deepEqual(detailed(files, 'template-required')[0].data, {
      fix: 'addField',
      field: 'template',
      parentPath: ['spec'],
      placeholder: '""',
    });
  });

  it('leaves a malformed template name to the schema rule', () => {
    const seen = check({ ...BASE, [FILE]: standardChange('CHG-2026-0001', { template: '' }) });
    assertQuiet(seen, 'template-required');
    assert.deepEqual(only(seen, 'schema'), [{ file: FILE, at: '7:13', text: '""' }]);
  });

  it('is quiet on normal changes and on standard changes with a template', () => {
    const files = {
      ...BASE,
      'standard-changes/rotate-tls.yaml': template('rotate-tls'),
      [FILE]: standardChange('CHG-2026-0001'),
      'changes/CHG-2026-0002.yaml': change('CHG-2026-0002'),
    };
    assert.deepEqual(check(files), []);
  });
});
