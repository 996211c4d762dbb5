import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { load } from 'js-yaml';
import { parse } from 'yaml';
import {
  aYearAfter,
  changeRecordText,
  knowledgeFileName,
  knowledgeRecordText,
  nextKnowledgeId,
  nextReleaseName,
  releaseRecordText,
  serviceRecordText,
  slugify,
  summaryFromBranch,
  versionFromName,
  yamlText,
  type NewRecordText,
} from '../../../src/core/assist/newRecords';
import { check, lines, workspace, type Seen } from '../helpers';
import { CATALOGUE } from './support';

const CHANGES = 'service-management/changes';

/** The findings of the catalogue with extra files, as `code at "text"` lines (the catalogue alone has none). */
function findings(files: Record<string, string>): string[] {
  return check({ ...CATALOGUE, ...files }).map(
    (s: Seen) => `${s.file.replace(/^.*\//, '')} ${s.code} ${s.at} ${JSON.stringify(s.text)}`,
  );
}

/** The text at the cursor: the rest of its line. */
function atCursor(record: NewRecordText): string {
  const end = record.text.indexOf('\n', record.cursor);
  return record.text.slice(record.cursor, end < 0 ? undefined : end);
}

describe('newRecords', () => {
  describe('changeRecordText', () => {
    const normal = changeRecordText({
      id: 'CHG-2026-0043',
      type: 'normal',
      services: ['pay', 'ledger'],
      summary: 'Retry card authorisations',
      risk: 'high',
      riskNote: 'suggested: pay is tier 1',
      impactNote: 'blast radius: checkout',
      branch: 'feature/retry',
      commits: ['0123456789abcdef0123456789abcdef01234567', '1234567'],
    });

    it('writes a normal change with its plans left as placeholders, commits quoted', () => {
      assert.equal(
        normal.text,
        lines(
          'apiVersion: svcm/v1',
          'kind: Change',
          'metadata:',
          '  name: CHG-2026-0043',
          'spec:',
          '  type: normal',
          '  services:',
          '    - pay',
          '    - ledger',
          '  summary: Retry card authorisations',
          '  risk: high # suggested: pay is tier 1',
          '  impact: high # blast radius: checkout',
          '  status: draft',
          '  implementationPlan: # TODO: the steps that make the change, in order',
          '  backoutPlan: "" # TODO: how to undo the change if it goes wrong',
          '  testPlan: "" # TODO: how you will know it worked',
          '  branch: feature/retry',
          '  commits:',
          '    - "0123456789abcdef0123456789abcdef01234567"',
          '    - "1234567"',
        ),
      );
      assert.deepEqual(parse(normal.text).spec.commits, ['0123456789abcdef0123456789abcdef01234567', '1234567']);
    });

    it('leaves exactly the three plans for the validator to point at, and puts the cursor on the first', () => {
      assert.deepEqual(findings({ [`${CHANGES}/CHG-2026-0043.yaml`]: normal.text }), [
        'CHG-2026-0043.yaml schema 14:3 "implementationPlan"',
        'CHG-2026-0043.yaml backout-plan-required 15:16 "\\"\\""',
        'CHG-2026-0043.yaml test-plan-required 16:13 "\\"\\""',
      ]);
      assert.equal(atCursor(normal), '# TODO: the steps that make the change, in order');
      assert.ok(normal.text.slice(0, normal.cursor).endsWith('  implementationPlan: '));
    });

    it('an emergency change needs no test plan', () => {
      const emergency = changeRecordText({
        id: 'CHG-2026-0043',
        type: 'emergency',
        services: ['pay'],
        summary: 'Stop the bleeding',
        risk: 'high',
      });
      assert.deepEqual(findings({ [`${CHANGES}/CHG-2026-0043.yaml`]: emergency.text }), [
        'CHG-2026-0043.yaml schema 13:3 "implementationPlan"',
        'CHG-2026-0043.yaml backout-plan-required 14:16 "\\"\\""',
      ]);
      assert.ok(!emergency.text.includes('testPlan'));
    });

    it('a standard change follows its template: nothing left to fill in, the cursor on the summary', () => {
      const standard = changeRecordText({
        id: 'CHG-2026-0043',
        type: 'standard',
        template: 'rotate-tls',
        services: ['pay'],
        summary: 'Rotate the pay certificate',
        risk: 'low',
      });
      assert.deepEqual(findings({ [`${CHANGES}/CHG-2026-0043.yaml`]: standard.text }), []);
      assert.match(standard.text, /\n {2}template: rotate-tls\n/);
      assert.equal(atCursor(standard), 'Rotate the pay certificate');
    });

    it('a blank summary is a placeholder the validator reports, with the cursor inside its quotes', () => {
      const blank = changeRecordText({
        id: 'CHG-2026-0043',
        type: 'normal',
        services: ['pay'],
        summary: '  ',
        risk: 'low',
      });
      assert.deepEqual(findings({ [`${CHANGES}/CHG-2026-0043.yaml`]: blank.text }).slice(0, 2), [
        'CHG-2026-0043.yaml schema 9:12 "\\"\\""',
        'CHG-2026-0043.yaml schema 13:3 "implementationPlan"',
      ]);
      assert.equal(atCursor(blank), '" # TODO: what changes, and why');
    });

    it('quotes what YAML would read differently, and keeps SHA-256 names to 40 digits', () => {
      const tricky = changeRecordText({
        id: 'CHG-2026-0043',
        type: 'normal',
        services: ['pay'],
        summary: 'fix: retry # twice',
        risk: 'low',
        branch: 'no',
        commits: ['a'.repeat(64)],
      });
      const spec = parse(tricky.text).spec;
      assert.equal(spec.summary, 'fix: retry # twice');
      assert.equal(spec.branch, 'no');
      assert.deepEqual(spec.commits, ['a'.repeat(40)]);
    });
  });

  describe('yamlText', () => {
    it('reads back as the same string in both YAML parsers, whatever the text', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary' }), (s) => {
          const text = `k: ${yamlText(s)}\n`;
          assert.equal(parse(text).k, s);
          assert.equal((load(text) as { k: unknown }).k, s);
        }),
        { numRuns: 2000 },
      );
    });

    it('is plain when it can be', () => {
      assert.equal(yamlText('Retry card authorisations, once'), 'Retry card authorisations, once');
      assert.deepEqual(['yes', 'Null', '12', '- x', 'a: b', 'x #y', 'trailing '].map(yamlText), [
        '"yes"',
        '"Null"',
        '"12"',
        '"- x"',
        '"a: b"',
        '"x #y"',
        '"trailing "',
      ]);
    });
  });

  describe('releaseRecordText', () => {
    it('links both ways with the changes that name it: no findings', () => {
      const release = releaseRecordText({
        name: 'REL-2026.11.3',
        version: '2026.11',
        services: ['ledger', 'pay'],
        changes: ['CHG-2026-0043'],
      });
      const change =
        changeRecordText({
          id: 'CHG-2026-0043',
          type: 'standard',
          template: 'rotate-tls',
          services: ['pay'],
          summary: 'Rotate',
          risk: 'low',
        }).text + '  release: REL-2026.11.3\n';
      assert.deepEqual(
        findings({
          'service-management/releases/REL-2026.11.3.yaml': release.text,
          [`${CHANGES}/CHG-2026-0043.yaml`]: change,
        }),
        [],
      );
      assert.equal(parse(release.text).spec.version, '2026.11');
      assert.equal(parse(release.text).spec.status, 'planned');
      assert.equal(atCursor(release), '"2026.11"');
    });
  });

  describe('knowledgeRecordText', () => {
    it('a runbook is valid and named after its file, the cursor under the first heading', () => {
      const kb = knowledgeRecordText({
        id: 'KB-0013',
        type: 'runbook',
        title: 'Restart the ledger',
        services: ['ledger'],
        owner: 'team-b',
        reviewBy: '2027-11-26',
      });
      const file = `service-management/knowledge/${knowledgeFileName('KB-0013', 'Restart the ledger')}`;
      assert.equal(file, 'service-management/knowledge/KB-0013-restart-the-ledger.md');
      assert.deepEqual(findings({ [file]: kb.text }), []);
      assert.ok(kb.text.startsWith('---\napiVersion: svcm/v1\nkind: Knowledge\n'));
      assert.match(kb.text, /\n---\n\n# Restart the ledger\n\n## When to use this\n\n\n\n## Before you start\n/);
      assert.ok(kb.text.slice(0, kb.cursor).endsWith('## When to use this\n\n'));
    });

    it('a known error leaves its workaround for the validator to point at', () => {
      const kb = knowledgeRecordText({
        id: 'KB-0013',
        type: 'known-error',
        title: 'Webhooks arrive twice',
        services: ['pay'],
      });
      assert.deepEqual(findings({ 'service-management/knowledge/KB-0013-webhooks-arrive-twice.md': kb.text }), [
        'KB-0013-webhooks-arrive-twice.md known-error-workaround 11:15 "\\"\\""',
      ]);
      assert.match(kb.text, /## Symptoms[\s\S]*## Cause[\s\S]*## Workaround[\s\S]*## Permanent fix/);
    });

    it("every type is valid but for the known error's workaround", () => {
      for (const type of ['runbook', 'how-to', 'post-incident-review', 'faq'] as const) {
        const kb = knowledgeRecordText({ id: 'KB-0013', type, title: `A ${type}`, services: [] });
        assert.deepEqual(findings({ [`k/${knowledgeFileName('KB-0013', `A ${type}`)}`]: kb.text }), [], type);
      }
    });
  });

  describe('serviceRecordText', () => {
    it('a beta service is valid as written', () => {
      const s = serviceRecordText({
        name: 'fraud-check',
        title: 'Fraud check',
        owner: 'team-a',
        phase: 'beta',
        tier: 3,
      });
      assert.deepEqual(findings({ 'service-management/services/fraud-check.yaml': s.text }), []);
      assert.equal(parse(s.text).metadata.title, 'Fraud check');
      assert.ok(s.text.slice(s.cursor).startsWith('  # dependsOn'));
    });

    it('a live tier 1 service leaves its service manager (and service level) to fill in', () => {
      const s = serviceRecordText({ name: 'fraud-check', owner: 'team-a', phase: 'live', tier: 1 });
      assert.deepEqual(findings({ 'service-management/services/fraud-check.yaml': s.text }), [
        'fraud-check.yaml service-level-required 5:1 "spec"',
        'fraud-check.yaml service-manager-required 7:19 "\\"\\""',
      ]);
      assert.equal(atCursor(s), '" # TODO: the person accountable for the service');
    });
  });

  describe('ids and names', () => {
    const index = () => workspace(CATALOGUE);

    it('nextReleaseName: one above the highest of the month, skipping taken file names', () => {
      assert.equal(nextReleaseName(index(), '2026-11-26'), 'REL-2026.11.3');
      assert.equal(nextReleaseName(index(), '2026-12-01'), 'REL-2026.12.1');
      assert.equal(
        nextReleaseName(index(), '2026-11-26', [
          'REL-2026.11.3.yaml',
          'REL-2026.11.4-hotfix.yaml',
          'REL-2026.11.40.yaml',
        ]),
        'REL-2026.11.5',
      );
      // A name only referenced (the release file not written yet) is taken too.
      const referenced = workspace({
        ...CATALOGUE,
        'c.yaml': CATALOGUE['service-management/changes/CHG-2026-0042.yaml'].replace(
          "'REL-2026.11.2'",
          'REL-2026.11.9',
        ),
      });
      assert.equal(nextReleaseName(referenced, '2026-11-26'), 'REL-2026.11.10');
      assert.throws(() => nextReleaseName(index(), 'soon'), RangeError);
    });

    it('versionFromName drops the prefix', () => {
      assert.equal(versionFromName('REL-2026.11.3'), '2026.11.3');
    });

    it('nextKnowledgeId: one above the highest, at least four digits, skipping taken file names', () => {
      assert.equal(nextKnowledgeId(index()), 'KB-0013');
      assert.equal(nextKnowledgeId(index(), ['KB-0013-x.md', 'KB-0014.md', 'README.md']), 'KB-0015');
      assert.equal(
        nextKnowledgeId(
          workspace({
            'k.md':
              '---\napiVersion: svcm/v1\nkind: Knowledge\nmetadata:\n  name: KB-9999\nspec:\n  type: faq\n  services: []\n---\n',
          }),
        ),
        'KB-10000',
      );
      assert.equal(nextKnowledgeId(workspace({})), 'KB-0001');
    });

    it('slugify and knowledgeFileName', () => {
      assert.equal(slugify('Re-run the Ledger close (by hand)!'), 're-run-the-ledger-close-by-hand');
      assert.equal(slugify('Café déjà vu'), 'cafe-deja-vu');
      assert.equal(slugify('a'.repeat(60)), 'a'.repeat(48));
      assert.ok(slugify('one two three four five six seven eight nine ten eleven').length <= 48);
      assert.equal(knowledgeFileName('KB-0013', '¿?'), 'KB-0013.md');
    });

    it('summaryFromBranch and aYearAfter', () => {
      assert.equal(summaryFromBranch('feature/retry-card_auth'), 'Retry card auth');
      assert.equal(summaryFromBranch(undefined), '');
      assert.equal(summaryFromBranch('feature/'), 'Feature');
      assert.equal(aYearAfter('2028-02-29'), '2029-02-28');
    });
  });
});
