import * as assert from 'node:assert/strict';
import { completionsAt, referenceTarget, type CompletionCandidate } from '../../../src/core/assist/completion';
import { lines, workspace } from '../helpers';
import { caret } from './caret';
import { CATALOGUE } from './support';

const index = workspace(CATALOGUE);

/** A candidate as asserted: `replace` shown around the caret (`te|am-a`), documentation left to the tests that check it. */
type Seen = Omit<CompletionCandidate, 'replace' | 'documentation'> & { replace: string };

function complete(marked: string): CompletionCandidate[] {
  const { text, offset } = caret(marked);
  return completionsAt(index, text, offset);
}

function seen(marked: string): Seen[] {
  const { text, offset } = caret(marked);
  return completionsAt(index, text, offset).map(({ replace, documentation: _documentation, ...rest }) => ({
    ...rest,
    replace: `${text.slice(replace.start, offset)}|${text.slice(offset, replace.end)}`,
  }));
}

const labels = (marked: string) => complete(marked).map((c) => c.label);

const HEAD = (kind: string, name: string) =>
  lines('apiVersion: svcm/v1', `kind: ${kind}`, 'metadata:', `  name: ${name}`, 'spec:');
const CHANGE = HEAD('Change', 'CHG-2026-0050');
const SERVICE = HEAD('Service', 'billing');

/** A value candidate as the value completions make them. */
const value = (label: string, replace = '|'): Seen => ({ label, kind: 'value', insertText: label, replace });

describe('completionsAt', () => {
  describe('kinds and the envelope', () => {
    it('offers the six kinds after `kind: `, each with what it is', () => {
      const candidates = complete('apiVersion: svcm/v1\nkind: |');
      assert.deepEqual(
        candidates.map(({ label, kind, insertText }) => ({ label, kind, insertText })),
        ['Team', 'Service', 'StandardChange', 'Change', 'Release', 'Knowledge'].map((k) => ({
          label: k,
          kind: 'kind',
          insertText: k,
        })),
      );
      assert.equal(
        candidates.find((c) => c.label === 'StandardChange')?.documentation,
        'A pre-approved change model: changes that follow it need no further approval.',
      );
    });

    it('replaces the part of the kind already typed', () => {
      assert.deepEqual(seen('apiVersion: svcm/v1\nkind: Chan|')[3], {
        label: 'Change',
        kind: 'kind',
        insertText: 'Change',
        replace: 'Chan|',
      });
    });

    it('offers the one apiVersion', () => {
      assert.deepEqual(seen('apiVersion: |'), [
        { label: 'svcm/v1', kind: 'value', insertText: 'svcm/v1', replace: '|', preselect: true },
      ]);
    });

    it('offers the envelope keys not yet written, at the top level', () => {
      assert.deepEqual(seen(lines('apiVersion: svcm/v1', 'kind: Service', '|')), [
        { label: 'metadata', kind: 'field', insertText: 'metadata: ', replace: '|', sortText: '0' },
        { label: 'spec', kind: 'field', insertText: 'spec: ', replace: '|', sortText: '1' },
      ]);
    });

    it('offers the metadata fields, name first as it is required', () => {
      assert.deepEqual(seen(lines('apiVersion: svcm/v1', 'kind: Service', 'metadata:', '  |')), [
        {
          label: 'name',
          kind: 'field',
          detail: 'required',
          insertText: 'name: $0',
          snippet: true,
          replace: '|',
          preselect: true,
          sortText: '000',
        },
        {
          label: 'title',
          kind: 'field',
          detail: undefined,
          insertText: 'title: $0',
          snippet: true,
          replace: '|',
          preselect: false,
          sortText: '101',
        },
        {
          label: 'description',
          kind: 'field',
          detail: undefined,
          insertText: 'description: $0',
          snippet: true,
          replace: '|',
          preselect: false,
          sortText: '102',
        },
        {
          label: 'labels',
          kind: 'field',
          detail: undefined,
          insertText: 'labels:\n  $0',
          snippet: true,
          replace: '|',
          preselect: false,
          sortText: '103',
        },
      ]);
    });
  });

  describe('spec fields', () => {
    it('offers every Change field, the required ones marked and sorted first, maps and lists opened on the next line', () => {
      const candidates = seen(CHANGE + '  |');
      const required = candidates.filter((c) => c.preselect).map((c) => c.label);
      assert.deepEqual(required, ['type', 'services', 'summary', 'risk', 'impact', 'status']);
      assert.deepEqual(
        [...candidates].sort((a, b) => a.sortText!.localeCompare(b.sortText!)).map((c) => c.label),
        [
          'type',
          'services',
          'summary',
          'risk',
          'impact',
          'status',
          'template',
          'implementationPlan',
          'backoutPlan',
          'testPlan',
          'window',
          'approvals',
          'commits',
          'branch',
          'pullRequest',
          'release',
          'knowledge',
          'review',
        ],
      );
      assert.deepEqual(
        candidates.find((c) => c.label === 'services'),
        {
          label: 'services',
          kind: 'field',
          detail: 'required',
          insertText: 'services:\n  - $0',
          snippet: true,
          replace: '|',
          preselect: true,
          sortText: '002',
        },
      );
      assert.deepEqual(
        candidates.find((c) => c.label === 'window'),
        {
          label: 'window',
          kind: 'field',
          detail: undefined,
          insertText: 'window:\n  $0',
          snippet: true,
          replace: '|',
          preselect: false,
          sortText: '110',
        },
      );
      assert.deepEqual(
        candidates.find((c) => c.label === 'backoutPlan'),
        {
          label: 'backoutPlan',
          kind: 'field',
          detail: undefined,
          insertText: 'backoutPlan: $0',
          snippet: true,
          replace: '|',
          preselect: false,
          sortText: '108',
        },
      );
    });

    it('explains a field with its glossary entry', () => {
      const backout = complete(CHANGE + '  back|').find((c) => c.label === 'backoutPlan');
      assert.equal(
        backout?.documentation,
        '**Backout plan**: How to undo a change and return the service to its previous working state if the change fails.',
      );
      assert.equal(complete(CHANGE + '  |').find((c) => c.label === 'commits')?.documentation, undefined);
    });

    it('leaves out the fields already there, above and below the caret', () => {
      const marked =
        CHANGE +
        lines(
          '  type: normal',
          '  services: [pay]',
          '  summary: Rotate keys',
          '  |',
          '  risk: low',
          '  window:',
          '    start: 2026-12-01T10:00:00Z',
          '  status: draft',
        );
      assert.deepEqual(labels(marked), [
        'template',
        'impact',
        'implementationPlan',
        'backoutPlan',
        'testPlan',
        'approvals',
        'commits',
        'branch',
        'pullRequest',
        'release',
        'knowledge',
        'review',
      ]);
    });

    it('replaces the part of the field name already typed', () => {
      const marked = CHANGE + '  test|';
      assert.deepEqual(seen(marked).find((c) => c.label === 'testPlan')?.replace, 'test|');
    });

    it('offers the spec fields of every kind, required first', () => {
      const required = (kind: string, name: string) =>
        seen(HEAD(kind, name) + '  |')
          .filter((c) => c.detail === 'required')
          .map((c) => c.label);
      const all = (kind: string, name: string) => labels(HEAD(kind, name) + '  |');
      assert.deepEqual(
        [all('Team', 'team-c'), required('Team', 'team-c')],
        [['email', 'chat', 'members', 'onCall'], []],
      );
      assert.deepEqual(
        [all('Service', 'billing'), required('Service', 'billing')],
        [
          [
            'owner',
            'serviceManager',
            'phase',
            'type',
            'tier',
            'serviceLevel',
            'continuity',
            'dependsOn',
            'code',
            'suppliers',
            'links',
          ],
          ['owner', 'phase', 'tier'],
        ],
      );
      assert.deepEqual(
        [all('StandardChange', 'restart'), required('StandardChange', 'restart')],
        [
          ['services', 'maxRisk', 'approvedBy', 'approvedOn', 'reviewBy', 'steps', 'backoutPlan'],
          ['services', 'maxRisk', 'approvedBy', 'approvedOn', 'steps', 'backoutPlan'],
        ],
      );
      assert.deepEqual(
        [all('Release', 'REL-2026.12.1'), required('Release', 'REL-2026.12.1')],
        [
          ['version', 'services', 'changes', 'status', 'plannedFor', 'deployedAt', 'notes'],
          ['version', 'services', 'changes', 'status'],
        ],
      );
      assert.deepEqual(
        [all('Knowledge', 'KB-0013'), required('Knowledge', 'KB-0013')],
        [
          ['type', 'services', 'changes', 'owner', 'reviewBy', 'workaround'],
          ['type', 'services'],
        ],
      );
    });

    it('offers the fields of nested maps', () => {
      assert.deepEqual(labels(CHANGE + lines('  window:', '    |')), ['start', 'end']);
      assert.deepEqual(labels(SERVICE + lines('  serviceLevel:', '    availability: 99.9', '    |')), [
        'supportHours',
        'responseTimes',
      ]);
      assert.deepEqual(labels(SERVICE + lines('  serviceLevel:', '    responseTimes:', '      p1: 15m', '      |')), [
        'p2',
        'p3',
        'p4',
      ]);
      assert.deepEqual(labels(SERVICE + lines('  continuity:', '    |')), ['rto', 'rpo']);
    });

    it('offers nothing for the fields of a kind it does not know, or of a document with no kind', () => {
      assert.deepEqual(complete(HEAD('Incident', 'INC-1') + '  |'), []);
      assert.deepEqual(complete(lines('apiVersion: svcm/v1', 'spec:', '  |')), []);
    });

    it('offers no keys after `key: ` on a map field, where a key would not be YAML', () => {
      assert.deepEqual(complete(CHANGE + '  window: |'), []);
      assert.deepEqual(complete(lines('apiVersion: svcm/v1', 'kind: Change', 'spec: |')), []);
    });
  });

  describe('list-of-map items', () => {
    it('offers the keys of a new approval after `- `', () => {
      assert.deepEqual(seen(CHANGE + lines('  approvals:', '    - |')), [
        {
          label: 'by',
          kind: 'field',
          detail: 'required',
          insertText: 'by: $0',
          snippet: true,
          replace: '|',
          preselect: true,
          sortText: '000',
        },
        {
          label: 'role',
          kind: 'field',
          detail: 'required',
          insertText: 'role: $0',
          snippet: true,
          replace: '|',
          preselect: true,
          sortText: '001',
        },
        {
          label: 'decision',
          kind: 'field',
          detail: 'required',
          insertText: 'decision: $0',
          snippet: true,
          replace: '|',
          preselect: true,
          sortText: '002',
        },
        {
          label: 'at',
          kind: 'field',
          detail: 'required',
          insertText: 'at: $0',
          snippet: true,
          replace: '|',
          preselect: true,
          sortText: '003',
        },
      ]);
    });

    it('offers the keys of an approval not yet written, not those of the next approval', () => {
      const marked =
        CHANGE + lines('  approvals:', '    - by: Ann Example', '      |', '    - by: Bob Example', '      role: cab');
      assert.deepEqual(labels(marked), ['role', 'decision', 'at']);
    });

    it('offers the approval roles, each with its glossary entry', () => {
      const marked = CHANGE + lines('  approvals:', '    - by: Ann Example', '      role: |');
      assert.deepEqual(
        complete(marked).map((c) => [c.label, c.documentation?.split(':')[0]]),
        [
          ['peer', '**Peer approval**'],
          ['service-manager', '**Service manager**'],
          ['cab', '**Change advisory board**'],
          ['ecab', '**Emergency change advisory board**'],
        ],
      );
    });

    it('offers the approval roles in a list that is not indented under its key', () => {
      assert.deepEqual(labels(CHANGE + lines('  approvals:', '  - by: Ann Example', '    role: |')), [
        'peer',
        'service-manager',
        'cab',
        'ecab',
      ]);
      assert.deepEqual(
        labels(CHANGE + lines('  approvals:', '  - by: Ann Example', '    decision: approved', '    |')),
        ['role', 'at'],
      );
    });

    it('offers the link types of a service link and the decisions of an approval on its dash line', () => {
      assert.deepEqual(labels(SERVICE + lines('  links:', '    - title: Dashboard', '      type: |')), [
        'runbook',
        'dashboard',
        'repository',
        'documentation',
        'status-page',
        'other',
      ]);
      assert.deepEqual(labels(CHANGE + lines('  approvals:', '    - decision: |')), ['approved', 'rejected']);
    });
  });

  describe('enum values', () => {
    it('offers the change statuses after `status: `', () => {
      assert.deepEqual(
        seen(CHANGE + '  status: |'),
        ['draft', 'submitted', 'approved', 'scheduled', 'implemented', 'closed', 'rejected', 'failed'].map((s) =>
          value(s),
        ),
      );
    });

    it('replaces the whole value around the caret', () => {
      assert.deepEqual(seen(CHANGE + '  status: ap|prved\n')[2], value('approved', 'ap|prved'));
    });

    it('offers the phases of a service, with their glossary entries', () => {
      const candidates = complete(SERVICE + '  phase: |');
      assert.deepEqual(
        candidates.map((c) => c.label),
        ['discovery', 'alpha', 'beta', 'live', 'retired'],
      );
      assert.equal(
        candidates[3].documentation,
        '**Live phase**: The service is fully open to its users and is run and improved continuously.',
      );
    });

    it('offers the types of the kind at hand: a Change, a Service, a Knowledge record', () => {
      assert.deepEqual(labels(CHANGE + '  type: |'), ['standard', 'normal', 'emergency']);
      assert.deepEqual(labels(SERVICE + '  type: |'), ['business', 'technical']);
      assert.deepEqual(labels(HEAD('Knowledge', 'KB-0013') + '  type: |'), [
        'runbook',
        'known-error',
        'how-to',
        'post-incident-review',
        'faq',
      ]);
      assert.equal(complete(CHANGE + '  type: |')[2].documentation?.split(':')[0], '**Emergency change**');
    });

    it('offers risk, impact, maxRisk, release status and review outcome values', () => {
      assert.deepEqual(labels(CHANGE + '  risk: |'), ['low', 'medium', 'high']);
      assert.deepEqual(labels(CHANGE + '  impact: |'), ['low', 'medium', 'high']);
      assert.deepEqual(labels(HEAD('StandardChange', 'restart') + '  maxRisk: |'), ['low', 'medium']);
      assert.deepEqual(labels(HEAD('Release', 'REL-2026.12.1') + '  status: |'), [
        'planned',
        'in-progress',
        'deployed',
        'rolled-back',
        'cancelled',
      ]);
      assert.deepEqual(labels(CHANGE + lines('  review:', '    outcome: |')), [
        'successful',
        'partially-successful',
        'failed',
      ]);
    });

    it('offers nothing for free text, numbers and dates', () => {
      assert.deepEqual(complete(CHANGE + '  summary: |'), []);
      assert.deepEqual(complete(SERVICE + '  tier: |'), []);
      assert.deepEqual(complete(CHANGE + lines('  window:', '    start: |')), []);
    });
  });

  describe('references', () => {
    it('offers the teams after `owner: `, with their titles and a summary of each', () => {
      const candidates = complete(SERVICE + '  owner: |');
      assert.deepEqual(
        candidates.map(({ label, kind, detail, insertText }) => ({ label, kind, detail, insertText })),
        [
          { label: 'team-a', kind: 'reference', detail: 'Payments Team', insertText: 'team-a' },
          { label: 'team-b', kind: 'reference', detail: undefined, insertText: 'team-b' },
        ],
      );
      assert.equal(
        candidates[0].documentation,
        '**Payments Team** · Team `team-a`\n\nemail: payments@example\\.com · on call: @payments\\-oncall',
      );
    });

    it('replaces the whole name around the caret', () => {
      assert.deepEqual(seen(SERVICE + '  owner: te|am-a\n')[0], {
        label: 'team-a',
        kind: 'reference',
        detail: 'Payments Team',
        insertText: 'team-a',
        replace: 'te|am-a',
      });
    });

    it('offers the services in a block list of a change, each with its owner, phase and tier', () => {
      const candidates = complete(CHANGE + lines('  services:', '    - |'));
      assert.deepEqual(
        candidates.map((c) => [c.label, c.detail]),
        [
          ['ledger', 'Ledger'],
          ['pay', 'Payments API'],
        ],
      );
      assert.equal(
        candidates[1].documentation,
        '**Payments API** · Service `pay`\n\nowner: team\\-a · phase: live · tier: 1 · service manager: Ann Example',
      );
    });

    it('offers the services in a flow list, closed or still open', () => {
      assert.deepEqual(seen(CHANGE + '  services: [pay, |]\n'), [
        { label: 'ledger', kind: 'reference', detail: 'Ledger', insertText: 'ledger', replace: '|' },
        { label: 'pay', kind: 'reference', detail: 'Payments API', insertText: 'pay', replace: '|' },
      ]);
      assert.deepEqual(labels(CHANGE + '  services: [pay, le|'), ['ledger', 'pay']);
    });

    it('offers the services in a list that is not indented under its key', () => {
      assert.deepEqual(labels(CHANGE + lines('  services:', '  - pay', '  - |')), ['ledger', 'pay']);
    });

    it('offers the standard changes after `template: `', () => {
      assert.deepEqual(seen(CHANGE + '  template: |'), [
        {
          label: 'rotate-tls',
          kind: 'reference',
          detail: 'Rotate TLS certificates',
          insertText: 'rotate-tls',
          replace: '|',
        },
      ]);
      assert.equal(
        complete(CHANGE + '  template: |')[0].documentation,
        '**Rotate TLS certificates** · StandardChange `rotate-tls`\n\nmax risk: medium · approved by: CAB · review by: 2027\\-01\\-10',
      );
    });

    it('offers the releases after `release: ` and the knowledge records in `knowledge:`', () => {
      assert.deepEqual(seen(CHANGE + '  release: |'), [
        {
          label: 'REL-2026.11.2',
          kind: 'reference',
          detail: 'November release',
          insertText: 'REL-2026.11.2',
          replace: '|',
        },
      ]);
      assert.deepEqual(seen(CHANGE + '  knowledge: [|]'), [
        { label: 'KB-0012', kind: 'reference', detail: 'Restart the ledger', insertText: 'KB-0012', replace: '|' },
      ]);
    });

    it('offers the changes of a release, described by their summary', () => {
      const [candidate] = complete(HEAD('Release', 'REL-2026.12.1') + lines('  changes:', '    - |'));
      assert.deepEqual(candidate, {
        label: 'CHG-2026-0042',
        kind: 'reference',
        detail: undefined,
        documentation:
          '**CHG\\-2026\\-0042** · Change `CHG-2026-0042`\n\nstatus: draft · type: normal · risk: low · impact: medium · services: pay\n\nRotate the ledger keys',
        insertText: 'CHG-2026-0042',
        replace: candidate.replace,
      });
    });

    it('offers the services a service may depend on', () => {
      assert.deepEqual(labels(SERVICE + lines('  dependsOn:', '    - |')), ['ledger', 'pay']);
    });

    it('offers nothing after a reference list key itself, nor for a field that only looks like one', () => {
      assert.deepEqual(complete(CHANGE + '  services: |'), []);
      assert.deepEqual(complete(HEAD('Team', 'team-c') + '  members: [|]'), []);
    });
  });

  describe('Markdown front matter', () => {
    const KB = (spec: string) =>
      `${lines('---', 'apiVersion: svcm/v1', 'kind: Knowledge', 'metadata:', '  name: KB-0013', 'spec:')}${spec}${lines('---', '', '# Rotate the ledger keys')}`;

    it('offers the Knowledge types and fields in the front matter', () => {
      assert.deepEqual(labels(KB('  type: |\n')), ['runbook', 'known-error', 'how-to', 'post-incident-review', 'faq']);
      assert.deepEqual(labels(KB(lines('  type: runbook', '  |'))), [
        'services',
        'changes',
        'owner',
        'reviewBy',
        'workaround',
      ]);
    });

    it('offers the services, changes and teams a knowledge record names', () => {
      assert.deepEqual(labels(KB('  services: [|]\n')), ['ledger', 'pay']);
      assert.deepEqual(labels(KB(lines('  changes:', '    - |'))), ['CHG-2026-0042']);
      assert.deepEqual(labels(KB('  owner: |\n')), ['team-a', 'team-b']);
    });
  });

  describe('where it offers nothing', () => {
    it('offers nothing inside a comment', () => {
      assert.deepEqual(complete(CHANGE + '  # status: |'), []);
      assert.deepEqual(complete(CHANGE + '  status: draft # or appr|'), []);
    });

    it('offers nothing inside a block scalar', () => {
      assert.deepEqual(complete(CHANGE + lines('  backoutPlan: |', '    Restore the old keys', '    sta|')), []);
      assert.deepEqual(complete(CHANGE + lines('  backoutPlan: >', '    status: |')), []);
    });
  });
});

describe('referenceTarget', () => {
  it('names the kind a reference field holds, for its values only', () => {
    assert.deepEqual(
      [
        referenceTarget('Change', ['spec', 'services', 0]),
        referenceTarget('Change', ['spec', 'services']),
        referenceTarget('Change', ['spec', 'template']),
        referenceTarget('Change', ['spec', 'template', 0]),
        referenceTarget('Service', ['spec', 'owner']),
        referenceTarget('Service', ['spec', 'dependsOn', -1]),
        referenceTarget('Knowledge', ['spec', 'owner']),
        referenceTarget('Release', ['spec', 'changes', 2]),
        referenceTarget('Change', ['spec', 'summary']),
        referenceTarget('Change', ['metadata', 'name']),
      ],
      ['Service', undefined, 'StandardChange', undefined, 'Team', 'Service', 'Team', 'Change', undefined, undefined],
    );
  });
});
