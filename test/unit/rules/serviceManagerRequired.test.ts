import * as assert from 'node:assert/strict';
import { BASE, liveService, service } from '../builders';
import { assertQuiet, check, only } from '../helpers';
import { detailed } from './support';

const FILE = 'services/ledger.yaml';

describe('service-manager-required rule', () => {
  it('reports a live service with no serviceManager on the spec key, with an addField fix', () => {
    const files = { ...BASE, [FILE]: liveService('ledger', { serviceManager: undefined }) };
    const seen = check(files);
    assert.deepEqual(only(seen, 'service-manager-required'), [{ file: FILE, at: '5:1', text: 'spec' }]);
    assertQuiet(seen, 'schema');
    const [f] = detailed(files, 'service-manager-required');
    assert.match(f.message, /^live service ledger has no serviceManager: name the person accountable for it/);
    assert.deepEqual(f.data, { fix: 'addField', field: 'serviceManager', parentPath: ['spec'], placeholder: '""' });
  });

  it('reports a blank serviceManager on its value', () => {
    assert.deepEqual(
      only(check({ ...BASE, [FILE]: liveService('ledger', { serviceManager: '' }) }), 'service-manager-required'),
      [{ file: FILE, at: '9:19', text: '""' }],
    );
  });

  it('is quiet on live services with a manager and on services not yet live', () => {
    assert.deepEqual(check({ ...BASE, [FILE]: liveService('ledger') }), []);
    for (const phase of ['discovery', 'alpha', 'beta', 'retired'])
      assert.deepEqual(check({ ...BASE, [FILE]: service('ledger', { phase }) }), [], phase);
  });
});
