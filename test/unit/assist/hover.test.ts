import * as assert from 'node:assert/strict';
import { hoverAt } from '../../../src/core/assist/hover';
import { entryById, hoverMarkdown } from '../../../src/core/glossary/lookup';
import { parseFile } from '../../../src/core/parse/parseFile';
import { lines, workspace } from '../helpers';
import { caret } from './caret';
import { at, CATALOGUE, FILES } from './support';

/**
 * The hover at the caret in `file`, its span shown as the text it covers.
 * The file is indexed with the caret removed (as the editor sees it); files
 * that are not svcm records are parsed like the editor parses them.
 */
function hover(file: string, marked: string): { markdown: string; covers: string } | undefined {
  const { text, offset } = caret(marked);
  const index = workspace({ ...CATALOGUE, [file]: text });
  const info = hoverAt(index, index.file(file), text, offset);
  return info && { markdown: info.markdown, covers: text.slice(info.span.start, info.span.end) };
}

/** The hover of a glossary entry over `covers`. */
const glossary = (id: string, covers: string) => ({ markdown: hoverMarkdown(entryById(id)!), covers });

const PAY_SUMMARY =
  '**Payments API** · Service `pay`\n\nowner: team\\-a · phase: live · tier: 1 · service manager: Ann Example';
const CHANGE_SUMMARY =
  '**CHG\\-2026\\-0042** · Change `CHG-2026-0042`\n\nstatus: draft · type: normal · risk: low · impact: medium · services: pay\n\nRotate the ledger keys';

describe('hoverAt', () => {
  describe('glossary on field names and values', () => {
    it('explains a field name on its key, in full', () => {
      assert.deepEqual(hover(FILES.change, at(FILES.change, 'backout|Plan:')), {
        markdown: [
          '**Backout plan**',
          'How to undo a change and return the service to its previous working state if the change fails.',
          '**Why it matters:** Decide how to get back before you go: data migrations and config changes are often harder to undo than a deploy.',
          '**In svcm:** Change `spec.backoutPlan`; StandardChange `spec.backoutPlan`',
          '*ITIL term · Service Transition*',
        ].join('\n\n'),
        covers: 'backoutPlan',
      });
    });

    it('explains a field name with the caret at either end of the key', () => {
      assert.deepEqual(hover(FILES.change, at(FILES.change, '|testPlan:')), glossary('test-plan', 'testPlan'));
      assert.deepEqual(hover(FILES.change, at(FILES.change, 'testPlan|:')), glossary('test-plan', 'testPlan'));
    });

    it('explains an enum value by its own entry: an emergency change, a live service, a runbook', () => {
      const emergency = CATALOGUE[FILES.change].replace('type: normal', 'type: emerg|ency');
      assert.deepEqual(hover(FILES.change, emergency), glossary('emergency-change', 'emergency'));
      assert.deepEqual(hover(FILES.pay, at(FILES.pay, 'phase: li|ve')), glossary('live-phase', 'live'));
      assert.deepEqual(hover(FILES.knowledge, at(FILES.knowledge, 'type: run|book')), glossary('runbook', 'runbook'));
    });

    it('explains the value of an approval role in a list of maps', () => {
      const marked =
        CATALOGUE[FILES.change] +
        lines(
          '  approvals:',
          '    - by: Bob Example',
          '      role: c|ab',
          '      decision: approved',
          '      at: 2026-11-20T10:00:00Z',
        );
      assert.deepEqual(hover(FILES.change, marked), glossary('change-advisory-board', 'cab'));
    });

    it("explains a value without an entry of its own by its field's entry", () => {
      assert.deepEqual(
        hover(FILES.change, at(FILES.change, 'summary: Rotate the le|dger keys')),
        glossary('request-for-change', 'Rotate the ledger keys'),
      );
      assert.deepEqual(hover(FILES.pay, at(FILES.pay, 'tier: |1')), glossary('service-tier', '1'));
    });

    it('explains the kind of a record', () => {
      assert.deepEqual(
        hover(FILES.change, at(FILES.change, 'kind: Cha|nge')),
        glossary('request-for-change', 'Change'),
      );
    });

    it('says nothing on fields without an ITIL meaning, between nodes, or on its own name', () => {
      assert.equal(hover(FILES.change, `${CATALOGUE[FILES.change]}  comm|its:\n    - 3f2a9c1\n`), undefined);
      assert.equal(hover(FILES.change, at(FILES.change, 'type:| normal')), undefined);
      assert.equal(hover(FILES.change, at(FILES.change, 'name: CHG-2026-00|42')), undefined);
    });
  });

  describe('references', () => {
    it('shows the service a change names: title, owner, phase, tier', () => {
      assert.deepEqual(hover(FILES.change, at(FILES.change, 'services: [p|ay]')), {
        markdown: PAY_SUMMARY,
        covers: 'pay',
      });
    });

    it('shows the record a quoted reference names, the span covering the quotes', () => {
      assert.deepEqual(hover(FILES.ledger, at(FILES.ledger, 'owner: "team|-b"')), {
        markdown: '**team\\-b** · Team `team-b`\n\nemail: platform@example\\.com',
        covers: '"team-b"',
      });
      assert.deepEqual(hover(FILES.change, at(FILES.change, "release: 'REL-2026|.11.2'")), {
        markdown: '**November release** · Release `REL-2026.11.2`\n\nstatus: planned · version: 2026\\.11\\.2',
        covers: "'REL-2026.11.2'",
      });
    });

    it('shows the dependency of a service and the template of a standard change', () => {
      assert.deepEqual(hover(FILES.ledger, at(FILES.ledger, '- p|ay')), { markdown: PAY_SUMMARY, covers: 'pay' });
      const standard = lines(
        'apiVersion: svcm/v1',
        'kind: Change',
        'metadata:',
        '  name: CHG-2026-0043',
        'spec:',
        '  type: standard',
        '  template: rotate-|tls',
      );
      assert.deepEqual(hover('service-management/changes/CHG-2026-0043.yaml', standard), {
        markdown:
          '**Rotate TLS certificates** · StandardChange `rotate-tls`\n\nmax risk: medium · approved by: CAB · review by: 2027\\-01\\-10',
        covers: 'rotate-tls',
      });
    });

    it('shows the change a release lists and a knowledge record names, in YAML and in front matter', () => {
      assert.deepEqual(hover(FILES.release, at(FILES.release, '- CHG-2026-|0042')), {
        markdown: CHANGE_SUMMARY,
        covers: 'CHG-2026-0042',
      });
      assert.deepEqual(hover(FILES.knowledge, at(FILES.knowledge, 'changes: [CHG|-2026-0042]')), {
        markdown: CHANGE_SUMMARY,
        covers: 'CHG-2026-0042',
      });
    });

    it('says when a reference names no record', () => {
      assert.deepEqual(
        hover(FILES.change, CATALOGUE[FILES.change].replace('services: [pay]', 'services: [pay, paym|ents]')),
        {
          markdown: 'No Service named `payments` in this workspace.',
          covers: 'payments',
        },
      );
    });
  });

  describe('ids in free text', () => {
    it('shows the change a commit message names', () => {
      assert.deepEqual(hover('COMMIT_EDITMSG', 'Rotate the ledger keys\n\nFixes CHG-2026-00|42\n'), {
        markdown: CHANGE_SUMMARY,
        covers: 'CHG-2026-0042',
      });
    });

    it('shows the record an id names in a YAML comment and in source code', () => {
      assert.deepEqual(hover(FILES.pay, `${CATALOGUE[FILES.pay]}# keys rotated by |CHG-2026-0042\n`), {
        markdown: CHANGE_SUMMARY,
        covers: 'CHG-2026-0042',
      });
      assert.deepEqual(hover('src/ledger/restart.ts', '// See KB-0012| before changing this.\n'), {
        markdown: '**Restart the ledger** · Knowledge `KB-0012`\n\ntype: runbook · owner: team\\-b',
        covers: 'KB-0012',
      });
    });

    it('says when an id in text names no record, and ignores what only looks like an id', () => {
      assert.deepEqual(hover('COMMIT_EDITMSG', 'Refs REL-2027|.1\n'), {
        markdown: 'No Release named `REL-2027.1` in this workspace.',
        covers: 'REL-2027.1',
      });
      assert.equal(hover('COMMIT_EDITMSG', 'Bump XCHG-2026-00|42'), undefined);
      assert.equal(hover('COMMIT_EDITMSG', 'Bump KB-12|'), undefined);
    });
  });

  describe('Markdown knowledge bodies', () => {
    it('explains a term of the body, over all its words', () => {
      assert.deepEqual(
        hover(FILES.knowledge, at(FILES.knowledge, 'the back|out plan')),
        glossary('backout-plan', 'backout plan'),
      );
    });

    it('explains an acronym of the body', () => {
      assert.deepEqual(
        hover(FILES.knowledge, at(FILES.knowledge, 'the C|AB.')),
        glossary('change-advisory-board', 'CAB'),
      );
    });

    it('shows the record an id of the body names', () => {
      assert.deepEqual(hover(FILES.knowledge, at(FILES.knowledge, 'of CHG-2026-|0042')), {
        markdown: CHANGE_SUMMARY,
        covers: 'CHG-2026-0042',
      });
    });

    it('says nothing on a word of the body that is no term', () => {
      assert.equal(hover(FILES.knowledge, at(FILES.knowledge, 'If the rest|art fails')), undefined);
    });
  });

  describe('files that are not ours', () => {
    it('says nothing on the words of a Kubernetes YAML file', () => {
      const k8s = lines(
        'apiVersion: v1',
        'kind: Service',
        'metadata:',
        '  name: payments',
        '  # owned by the change advisory board',
        'spec:',
        '  type: LoadBalancer',
      );
      assert.equal(hover('deploy/service.yaml', k8s.replace('type: Load', 'ty|pe: Load')), undefined);
      assert.equal(hover('deploy/service.yaml', k8s.replace('kind: Service', 'kind: Serv|ice')), undefined);
      assert.equal(hover('deploy/service.yaml', k8s.replace('change advisory', 'change adv|isory')), undefined);
    });

    it('says nothing on the words of a Markdown file that is not a knowledge record', () => {
      assert.equal(hover('README.md', '# Payments\n\nEvery release has a backout pl|an.\n'), undefined);
      assert.equal(parseFile('README.md', '# Payments\n').records.length, 0);
    });

    it('still shows the record an id names in such a file', () => {
      assert.deepEqual(hover('README.md', '# Payments\n\nSee KB-00|12.\n')?.covers, 'KB-0012');
    });
  });
});
