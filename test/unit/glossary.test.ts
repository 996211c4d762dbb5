import * as assert from 'node:assert/strict';
import {
  entryById,
  entryForField,
  entryForValue,
  entryForWord,
  findTermAt,
  hoverMarkdown,
  termKey,
} from '../../src/core/glossary/lookup';
import { GLOSSARY, type GlossaryEntry } from '../../src/core/glossary/terms';
import { changeSpec, knowledgeSpec, releaseSpec, serviceSpec, standardChangeSpec } from '../../src/core/schema/records';
import {
  CHANGE_STATUSES,
  CHANGE_TYPES,
  KINDS,
  KNOWLEDGE_TYPES,
  PHASES,
  RELEASE_STATUSES,
  RISKS,
} from '../../src/core/schema/vocabulary';

/** The seed's lists (shared/seed/service-management.txt), copied so the test does not depend on shared/. */
const SEED_PROCESSES: Record<string, string[]> = {
  'Service Strategy': [
    'IT service management',
    'Service portfolio management',
    'Financial management for IT services',
    'Demand management',
    'Business relationship management',
  ],
  'Service Design': [
    'Design coordination',
    'Service Catalogue management',
    'Service level management',
    'Availability management',
    'Capacity Management',
    'IT service continuity management',
    'Information security management system',
    'Supplier management',
  ],
  'Service Transition': [
    'Transition planning and support',
    'Change management',
    'Service asset and configuration management',
    'Release and deployment management',
    'Service validation and testing',
    'Change evaluation',
    'Knowledge management',
  ],
  'Service Operation': [
    'Event management',
    'Incident management',
    'Request fulfillment',
    'Problem management',
    'Identity management',
  ],
  'Continual Service Improvement': [],
};
const SEED_FUNCTIONS = [
  'Service operations',
  'Technical management',
  'Application management',
  'Operations management',
];
const STAGES = [
  'Service Strategy',
  'Service Design',
  'Service Transition',
  'Service Operation',
  'Continual Service Improvement',
];

function byTerm(term: string): GlossaryEntry | undefined {
  return GLOSSARY.find((e) => e.term === term);
}

function id(entry: GlossaryEntry | undefined): string | undefined {
  return entry?.id;
}

/** findTermAt at the `|` marker, as `{ id, text }` of the span found. */
function termAt(marked: string): { id: string; text: string } | undefined {
  const offset = marked.indexOf('|');
  const text = marked.slice(0, offset) + marked.slice(offset + 1);
  const found = findTermAt(text, offset);
  return found && { id: found.entry.id, text: text.slice(found.start, found.end) };
}

describe('glossary', () => {
  describe('coverage', () => {
    it('has the five lifecycle stages', () => {
      for (const stage of STAGES) {
        const e = byTerm(stage);
        assert.ok(e, stage);
        assert.equal(e.group, 'stage');
        assert.equal(e.stage, stage);
      }
      assert.equal(GLOSSARY.filter((e) => e.group === 'stage').length, 5);
    });

    it('has every process the seed names, under its name and stage, and 26 in all', () => {
      for (const [stage, names] of Object.entries(SEED_PROCESSES)) {
        for (const name of names) {
          const e = byTerm(name);
          assert.ok(e, name);
          assert.equal(e.group, 'process', name);
          assert.equal(e.stage, stage, name);
        }
      }
      const processes = GLOSSARY.filter((e) => e.group === 'process');
      assert.equal(processes.length, 26);
      // The one from outside the seed, whose CSI list is empty.
      const extra = processes
        .filter((e) => !Object.values(SEED_PROCESSES).flat().includes(e.term))
        .map((e) => [e.term, e.stage]);
      assert.deepEqual(extra, [['Seven-step improvement process', 'Continual Service Improvement']]);
    });

    it('has the four functions the seed names', () => {
      for (const name of SEED_FUNCTIONS) assert.equal(byTerm(name)?.group, 'function', name);
      assert.equal(GLOSSARY.filter((e) => e.group === 'function').length, 4);
    });

    it("knows the ITIL 2011 names of the seed's renamed processes", () => {
      assert.equal(id(entryForWord('Access management')), 'identity-management');
      assert.equal(id(entryForWord('Strategy management for IT services')), 'it-service-management');
      assert.equal(id(entryForWord('service desk')), 'service-operations');
    });

    it('has the words the records use', () => {
      const words: Record<string, string> = {
        service: 'service',
        'service catalogue': 'service-catalogue',
        'service owner': 'service-owner',
        'service manager': 'service-manager',
        'business service': 'business-service',
        'technical service': 'technical-service',
        criticality: 'service-tier',
        RFC: 'request-for-change',
        'request for change': 'request-for-change',
        change: 'change',
        'standard change': 'standard-change',
        'pre-approved change': 'standard-change',
        'normal change': 'normal-change',
        'emergency change': 'emergency-change',
        'change model': 'change-model',
        'standard change template': 'change-model',
        CAB: 'change-advisory-board',
        ECAB: 'emergency-change-advisory-board',
        'change window': 'change-window',
        risk: 'risk',
        impact: 'impact',
        'backout plan': 'backout-plan',
        'implementation plan': 'implementation-plan',
        'test plan': 'test-plan',
        PIR: 'post-implementation-review',
        'post-implementation review': 'post-implementation-review',
        release: 'release',
        deployment: 'deployment',
        rollback: 'rollback',
        'known error': 'known-error',
        problem: 'problem',
        incident: 'incident',
        workaround: 'workaround',
        runbook: 'runbook',
        'knowledge record': 'knowledge-record',
        SLA: 'service-level-agreement',
        OLA: 'operational-level-agreement',
        'underpinning contract': 'underpinning-contract',
        supplier: 'supplier',
        availability: 'availability',
        'support hours': 'support-hours',
        'response time': 'response-time',
        P1: 'priority',
        P4: 'priority',
        RTO: 'recovery-time-objective',
        RPO: 'recovery-point-objective',
        'service continuity': 'service-continuity',
        dependency: 'dependency',
        'blast radius': 'blast-radius',
        'configuration item': 'configuration-item',
        discovery: 'discovery-phase',
        alpha: 'alpha-phase',
        beta: 'beta-phase',
        live: 'live-phase',
        retired: 'retired-phase',
        'peer approval': 'peer-approval',
        'stale record': 'stale-record',
        'review date': 'review-date',
      };
      for (const [word, expected] of Object.entries(words)) assert.equal(id(entryForWord(word)), expected, word);
    });
  });

  describe('entries', () => {
    it('have unique slug ids', () => {
      const ids = GLOSSARY.map((e) => e.id);
      assert.equal(new Set(ids).size, ids.length);
      for (const i of ids) assert.match(i, /^[a-z0-9]+(-[a-z0-9]+)*$/);
      for (const e of GLOSSARY) assert.equal(entryById(e.id), e);
    });

    it('have a definition, a reason to care and plain one-line text', () => {
      for (const e of GLOSSARY) {
        for (const text of [e.term, e.definition, e.whyItMatters, e.field ?? 'x']) {
          assert.ok(text.trim().length > 0, e.id);
          assert.doesNotMatch(text, /\n/, e.id);
        }
      }
    });

    it('have no term or alias that matches another entry, or itself twice', () => {
      const owner = new Map<string, string>();
      for (const e of GLOSSARY) {
        for (const spelling of [e.term, ...e.aliases]) {
          const key = termKey(spelling);
          assert.ok(key.length > 0, e.id);
          assert.equal(owner.get(key), undefined, `'${spelling}' of ${e.id} is also ${owner.get(key)}`);
          owner.set(key, e.id);
        }
      }
    });

    it('gives processes and functions a stage', () => {
      for (const e of GLOSSARY) if (e.group !== 'term') assert.ok(e.stage, e.id);
    });
  });

  describe('entryForField', () => {
    it('finds the entry for a field path', () => {
      assert.equal(id(entryForField('Change', ['spec', 'backoutPlan'])), 'backout-plan');
      assert.equal(id(entryForField('StandardChange', ['spec', 'backoutPlan'])), 'backout-plan');
      assert.equal(id(entryForField('Change', ['spec', 'type'])), 'change-type');
      assert.equal(id(entryForField('Service', ['spec', 'type'])), 'service-type');
      assert.equal(id(entryForField('Service', ['spec', 'continuity', 'rto'])), 'recovery-time-objective');
      assert.equal(id(entryForField('Service', ['spec', 'continuity', 'rpo'])), 'recovery-point-objective');
      assert.equal(id(entryForField('Service', ['spec', 'serviceLevel', 'responseTimes', 'p1'])), 'priority');
      assert.equal(id(entryForField('Service', ['spec', 'tier'])), 'service-tier');
      assert.equal(id(entryForField('Change', ['spec', 'review'])), 'post-implementation-review');
      assert.equal(id(entryForField('Knowledge', ['spec', 'workaround'])), 'workaround');
    });

    it('ignores list indices', () => {
      assert.equal(id(entryForField('Change', ['spec', 'approvals', 0, 'role'])), 'change-approval');
      assert.equal(id(entryForField('Service', ['spec', 'suppliers', 2, 'contract'])), 'underpinning-contract');
    });

    it('returns undefined for fields without an entry, and for the wrong kind', () => {
      assert.equal(entryForField('Change', ['spec', 'commits']), undefined);
      assert.equal(entryForField('Change', ['metadata', 'name']), undefined);
      assert.equal(entryForField('Service', ['spec', 'backoutPlan']), undefined);
      assert.equal(entryForField('Nope', ['spec', 'type']), undefined);
      assert.equal(entryForField('Change', []), undefined);
    });

    it('covers the spec fields of every kind but the bookkeeping ones', () => {
      const shapes = {
        Service: serviceSpec.shape,
        StandardChange: standardChangeSpec.shape,
        Change: changeSpec.shape,
        Release: releaseSpec.shape,
        Knowledge: knowledgeSpec.shape,
      };
      const without = new Set([
        'Service:links',
        'Change:commits',
        'Change:branch',
        'Change:pullRequest',
        'Knowledge:owner',
      ]);
      const missing = Object.entries(shapes).flatMap(([kind, shape]) =>
        Object.keys(shape)
          .filter((key) => !without.has(`${kind}:${key}`) && entryForField(kind, ['spec', key]) === undefined)
          .map((key) => `${kind}.${key}`),
      );
      assert.deepEqual(missing, []);
    });
  });

  describe('entryForValue', () => {
    it('finds entries for enum values', () => {
      assert.equal(id(entryForValue('Change', ['spec', 'type'], 'emergency')), 'emergency-change');
      assert.equal(id(entryForValue('Change', ['spec', 'type'], 'standard')), 'standard-change');
      assert.equal(id(entryForValue('Change', ['spec', 'status'], 'scheduled')), 'change-status');
      assert.equal(id(entryForValue('Change', ['spec', 'approvals', 1, 'role'], 'cab')), 'change-advisory-board');
      assert.equal(
        id(entryForValue('Change', ['spec', 'approvals', 0, 'role'], 'ecab')),
        'emergency-change-advisory-board',
      );
      assert.equal(id(entryForValue('Change', ['spec', 'approvals', 0, 'role'], 'peer')), 'peer-approval');
      assert.equal(id(entryForValue('Change', ['spec', 'approvals', 0, 'role'], 'service-manager')), 'service-manager');
      assert.equal(id(entryForValue('Service', ['spec', 'phase'], 'alpha')), 'alpha-phase');
      assert.equal(id(entryForValue('Service', ['spec', 'type'], 'technical')), 'technical-service');
      assert.equal(id(entryForValue('Service', ['spec', 'tier'], 1)), 'service-tier');
      assert.equal(id(entryForValue('Service', ['spec', 'links', 3, 'type'], 'runbook')), 'runbook');
      assert.equal(id(entryForValue('Knowledge', ['spec', 'type'], 'known-error')), 'known-error');
      assert.equal(id(entryForValue('Knowledge', ['spec', 'type'], 'faq')), 'knowledge-record');
      assert.equal(id(entryForValue('Release', ['spec', 'status'], 'rolled-back')), 'rollback');
      assert.equal(id(entryForValue('Release', ['spec', 'status'], 'planned')), 'release-status');
    });

    it('finds the record kind at kind', () => {
      assert.equal(id(entryForValue('Change', ['kind'], 'Change')), 'request-for-change');
      assert.equal(id(entryForValue('Service', ['kind'], 'StandardChange')), 'change-model');
      assert.equal(entryForValue('Team', ['kind'], 'Team'), undefined);
    });

    it("returns undefined for values that are not the field's, and for non-scalars", () => {
      assert.equal(entryForValue('Service', ['spec', 'phase'], 'prod'), undefined);
      assert.equal(entryForValue('Service', ['spec', 'tier'], 5), undefined);
      assert.equal(entryForValue('Change', ['spec', 'type'], 'toString'), undefined);
      assert.equal(entryForValue('Change', ['spec', 'summary'], 'emergency'), undefined);
      assert.equal(entryForValue('Change', ['spec', 'type'], null), undefined);
      assert.equal(entryForValue('Change', ['spec', 'type'], ['emergency']), undefined);
    });

    it('resolves every value of every ITIL enum in the schema', () => {
      const enums: [string, (string | number)[], readonly (string | number)[]][] = [
        ['Change', ['spec', 'type'], CHANGE_TYPES],
        ['Change', ['spec', 'status'], CHANGE_STATUSES],
        ['Change', ['spec', 'risk'], RISKS],
        ['Change', ['spec', 'impact'], RISKS],
        ['Change', ['spec', 'approvals', 0, 'role'], ['peer', 'service-manager', 'cab', 'ecab']],
        ['Change', ['spec', 'approvals', 0, 'decision'], ['approved', 'rejected']],
        ['Change', ['spec', 'review', 'outcome'], ['successful', 'partially-successful', 'failed']],
        ['Service', ['spec', 'phase'], PHASES],
        ['Service', ['spec', 'type'], ['business', 'technical']],
        ['Service', ['spec', 'tier'], [1, 2, 3, 4, '1']],
        ['StandardChange', ['spec', 'maxRisk'], ['low', 'medium']],
        ['Release', ['spec', 'status'], RELEASE_STATUSES],
        ['Knowledge', ['spec', 'type'], KNOWLEDGE_TYPES],
        ['Change', ['kind'], KINDS.filter((k) => k !== 'Team')],
      ];
      for (const [kind, path, values] of enums) {
        for (const v of values) assert.ok(entryForValue(kind, path, v), `${kind} ${path.join('.')}: ${v}`);
      }
    });
  });

  describe('entryForWord', () => {
    it('matches term and aliases case-insensitively, hyphens and spaces alike', () => {
      assert.equal(id(entryForWord('Backout Plan')), 'backout-plan');
      assert.equal(id(entryForWord('back-out plan')), 'backout-plan');
      assert.equal(id(entryForWord('cab')), 'change-advisory-board');
      assert.equal(id(entryForWord('known-error')), 'known-error');
      assert.equal(id(entryForWord('  standard   changes ')), 'standard-change');
    });

    it('does not match part of a term', () => {
      assert.equal(entryForWord('backout'), undefined);
      assert.equal(entryForWord(''), undefined);
    });
  });

  describe('findTermAt', () => {
    it('finds the multi-word term around a word, with its exact span', () => {
      const text = 'the backout plan is ready';
      assert.deepEqual(findTermAt(text, 6), { entry: entryById('backout-plan'), start: 4, end: 16 });
      assert.deepEqual(findTermAt(text, 14), { entry: entryById('backout-plan'), start: 4, end: 16 });
      // On the space inside the term.
      assert.deepEqual(findTermAt(text, 11), { entry: entryById('backout-plan'), start: 4, end: 16 });
    });

    it('prefers the longest term covering the offset', () => {
      assert.deepEqual(termAt('needs an emergency C|AB approval'), {
        id: 'emergency-change-advisory-board',
        text: 'emergency CAB',
      });
      assert.deepEqual(termAt('see Service Level Man|agement'), {
        id: 'service-level-management',
        text: 'Service Level Management',
      });
      assert.deepEqual(termAt('see service le|vel docs'), { id: 'service-level-agreement', text: 'service level' });
      assert.deepEqual(termAt('the ser|vice owner decides'), { id: 'service-owner', text: 'service owner' });
      assert.deepEqual(termAt('a standard change templ|ate is a change model'), {
        id: 'change-model',
        text: 'standard change template',
      });
    });

    it('treats hyphens and line breaks between words as spaces', () => {
      assert.deepEqual(termAt('a kno|wn-error record'), { id: 'known-error', text: 'known-error' });
      assert.deepEqual(termAt('a standard\n  cha|nge'), { id: 'standard-change', text: 'standard\n  change' });
      assert.deepEqual(termAt('**Back-out pl|an**:'), { id: 'backout-plan', text: 'Back-out plan' });
    });

    it('respects word boundaries', () => {
      assert.equal(termAt('a cab|inet'), undefined);
      assert.equal(termAt('the cabl|e'), undefined);
      assert.deepEqual(termAt('(|CAB)'), { id: 'change-advisory-board', text: 'CAB' });
      assert.equal(termAt('sub|problems'), undefined);
    });

    it('finds a term when the caret is just after it, and nothing elsewhere', () => {
      assert.deepEqual(findTermAt('RTO', 3), { entry: entryById('recovery-time-objective'), start: 0, end: 3 });
      assert.deepEqual(termAt('ask the RPO| owner'), { id: 'recovery-point-objective', text: 'RPO' });
      assert.equal(termAt('nothing he|re at all'), undefined);
      assert.equal(findTermAt('RTO', -1), undefined);
      assert.equal(findTermAt('RTO', 4), undefined);
      assert.equal(findTermAt('', 0), undefined);
    });

    it('stays fast on long text', () => {
      const text = 'Some words about services, a backout plan and the CAB. '.repeat(5000);
      const started = process.hrtime.bigint();
      for (let i = 0; i < 2000; i++) findTermAt(text, (i * 7919) % text.length);
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      assert.ok(ms < 1000, `2000 lookups took ${ms} ms`);
    });
  });

  describe('hoverMarkdown', () => {
    it('shows the term, definition, why it matters, the field and the stage', () => {
      const e = entryById('backout-plan')!;
      const md = hoverMarkdown(e);
      assert.ok(md.startsWith('**Backout plan**\n\n'));
      assert.ok(md.includes(e.definition));
      assert.ok(md.includes(`**Why it matters:** ${e.whyItMatters}`));
      assert.ok(md.includes('**In svcm:** Change `spec.backoutPlan`; StandardChange `spec.backoutPlan`'));
      assert.ok(md.endsWith('*ITIL term · Service Transition*'));
    });

    it('shows acronyms with the term, and values as code', () => {
      const md = hoverMarkdown(entryById('change-advisory-board')!);
      assert.ok(md.startsWith('**Change advisory board** (CAB)'));
      assert.ok(md.includes('`spec.approvals[].role: cab`'));
    });

    it('labels stages, processes and functions, and leaves out a missing field', () => {
      assert.ok(hoverMarkdown(entryById('service-design')!).endsWith('*ITIL lifecycle stage*'));
      assert.ok(hoverMarkdown(entryById('change-management')!).endsWith('*ITIL process · Service Transition*'));
      const fn = hoverMarkdown(entryById('technical-management')!);
      assert.ok(fn.endsWith('*ITIL function · Service Operation*'));
      assert.ok(!fn.includes('In svcm:'));
    });
  });
});
