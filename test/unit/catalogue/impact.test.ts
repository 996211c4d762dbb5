import * as assert from 'node:assert/strict';
import { blastRadius, highestTier, suggestRisk } from '../../../src/core/catalogue/impact';
import { workspace } from '../helpers';
import { CATALOGUE, service } from './fixture';

describe('suggestRisk', () => {
  const index = workspace(CATALOGUE);

  it('suggests high for a tier 1 service, medium for tier 2, low for tiers 3 and 4', () => {
    assert.equal(suggestRisk(index, ['storefront', 'payments-api']), 'high');
    assert.equal(suggestRisk(index, ['checkout', 'ledger']), 'medium');
    assert.equal(suggestRisk(index, ['storefront']), 'low');
    assert.equal(suggestRisk(index, ['ledger']), 'low');
  });

  it('suggests low for no services, unknown services and services without a valid tier', () => {
    const odd = workspace({
      'a.yaml': service('no-tier', {}),
      'b.yaml': service('text-tier', { tier: '"1"' }),
      'c.yaml': service('tier-zero', { tier: 0 }),
    });
    assert.equal(suggestRisk(index, []), 'low');
    assert.equal(suggestRisk(index, ['nope']), 'low');
    assert.equal(suggestRisk(odd, ['no-tier', 'text-tier', 'tier-zero']), 'low');
  });

  it('names the service with the highest tier, for the message', () => {
    assert.deepEqual(highestTier(index, ['ledger', 'checkout', 'storefront']), { tier: 2, service: 'checkout' });
    assert.equal(highestTier(index, ['reports-x']), undefined);
  });
});

describe('blastRadius', () => {
  const index = workspace(CATALOGUE);

  it('is every service that depends on the given ones, transitively, without those, sorted', () => {
    assert.deepEqual(blastRadius(index, ['payments-api']), ['checkout', 'storefront']);
    assert.deepEqual(blastRadius(index, ['payments-api', 'checkout']), ['storefront']);
    assert.deepEqual(blastRadius(index, ['storefront']), []);
    assert.deepEqual(blastRadius(index, []), []);
  });
});
