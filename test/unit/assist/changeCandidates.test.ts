import * as assert from 'node:assert/strict';
import {
  changeChoices,
  knowledgeOwner,
  serviceChoices,
  templateChoices,
  unreleasedChanges,
} from '../../../src/core/assist/changeCandidates';
import { change as changeRecord, record } from '../builders';
import { workspace } from '../helpers';
import { CATALOGUE } from './support';

const change = (name: string, spec: Record<string, unknown>) =>
  changeRecord(name, { summary: `summary of ${name}`, ...spec });

describe('changeCandidates', () => {
  it('changeChoices: open changes first, newest first, with their facts', () => {
    const index = workspace({
      ...CATALOGUE,
      'a.yaml': change('CHG-2026-0100', { status: 'closed' }),
      'b.yaml': change('CHG-2026-0043', { status: 'implemented', commits: ['abc1234'] }),
      'c.yaml': change('CHG-2025-0999', { status: 'draft' }),
      'd.yaml': change('CHG-2026-10000', { status: 'submitted' }),
    });
    assert.deepEqual(
      changeChoices(index).map((c) => [c.name, c.open]),
      [
        ['CHG-2026-10000', true],
        ['CHG-2026-0043', true],
        ['CHG-2026-0042', true],
        ['CHG-2025-0999', true],
        ['CHG-2026-0100', false],
      ],
    );
    const implemented = changeChoices(index).find((c) => c.name === 'CHG-2026-0043')!;
    assert.deepEqual(
      [implemented.status, implemented.summary, implemented.services, implemented.commits],
      ['implemented', 'summary of CHG-2026-0043', ['pay'], ['abc1234']],
    );
  });

  it('unreleasedChanges: implemented, and in no existing release either way', () => {
    const index = workspace({
      ...CATALOGUE,
      'a.yaml': change('CHG-2026-0043', { status: 'implemented' }),
      'b.yaml': change('CHG-2026-0044', { status: 'implemented', release: 'REL-2026.12.1' }),
      'c.yaml': change('CHG-2026-0045', { status: 'implemented', release: 'REL-2026.11.2' }),
      'd.yaml': change('CHG-2026-0046', { status: 'closed' }),
      'e.yaml': change('CHG-2026-0047', { status: 'implemented' }),
      'r.yaml': record('Release', 'REL-2026.11.5', {
        version: '5',
        services: ['pay'],
        changes: ['CHG-2026-0047'],
        status: 'planned',
      }),
    });
    // 0044 names a release that does not exist; 0045 names one that does; 0047 is listed by one.
    assert.deepEqual(
      unreleasedChanges(index).map((c) => c.name),
      ['CHG-2026-0043', 'CHG-2026-0044'],
    );
  });

  it('templateChoices: the templates that cover every service first', () => {
    const index = workspace({
      ...CATALOGUE,
      't.yaml': record('StandardChange', 'add-pay-node', {
        services: ['pay'],
        maxRisk: 'low',
        approvedBy: 'CAB',
        approvedOn: '2026-01-10',
        steps: ['Add'],
        backoutPlan: 'Remove',
      }),
    });
    assert.deepEqual(
      templateChoices(index, ['pay', 'ledger']).map((t) => [t.name, t.covers]),
      [
        ['rotate-tls', true],
        ['add-pay-node', false],
      ],
    );
    assert.deepEqual(
      templateChoices(index, ['pay']).map((t) => [t.name, t.covers]),
      [
        ['add-pay-node', true],
        ['rotate-tls', true],
      ],
    );
    assert.deepEqual(
      templateChoices(index, []).find((t) => t.name === 'rotate-tls'),
      {
        name: 'rotate-tls',
        title: 'Rotate TLS certificates',
        services: ['pay', 'ledger'],
        maxRisk: 'medium',
        covers: true,
      },
    );
  });

  it('serviceChoices: every service by name, with title, tier, phase and owner', () => {
    assert.deepEqual(serviceChoices(workspace(CATALOGUE)), [
      { name: 'ledger', title: 'Ledger', tier: 3, phase: 'beta', owner: 'team-b' },
      { name: 'pay', title: 'Payments API', tier: 1, phase: 'live', owner: 'team-a' },
    ]);
  });

  it('knowledgeOwner: the owner of the first defined service, when that team is defined', () => {
    const index = workspace(CATALOGUE);
    assert.equal(knowledgeOwner(index, ['pay', 'ledger']), 'team-a');
    assert.equal(knowledgeOwner(index, ['nowhere', 'ledger']), 'team-b');
    assert.equal(knowledgeOwner(index, ['nowhere']), undefined);
    assert.equal(knowledgeOwner(index, []), undefined);
    const orphan = workspace({
      ...CATALOGUE,
      'service-management/services/pay.yaml': CATALOGUE['service-management/services/pay.yaml'].replace(
        'owner: team-a',
        'owner: team-gone',
      ),
    });
    assert.equal(knowledgeOwner(orphan, ['pay']), undefined);
  });
});
