import * as assert from 'node:assert/strict';
import { addFieldEdit, quickFixes, type QuickFix } from '../../../src/core/assist/fixes';
import { DEFAULT_CONFIG } from '../../../src/core/config';
import type { Finding } from '../../../src/core/finding';
import { parseFile } from '../../../src/core/parse/parseFile';
import type { RuleCode } from '../../../src/core/rules/codes';
import { validateFileUpdatingIndex } from '../../../src/core/validate';
import { check, lines, TODAY, workspace } from '../helpers';
import { applyEdits, CATALOGUE, FILES } from './support';

/** The findings of one file of a workspace, as the editor and the CLI compute them. */
function findingsOf(files: Record<string, string>, file: string): Finding[] {
  return validateFileUpdatingIndex(workspace(files), file, { config: DEFAULT_CONFIG, today: TODAY });
}

/** Findings as `{code, covers}`: what a person sees underlined. */
function seen(files: Record<string, string>, file: string): { code: RuleCode; covers: string }[] {
  return findingsOf(files, file).map((f) => ({ code: f.code, covers: files[file].slice(f.span.start, f.span.end) }));
}

/**
 * Takes the one finding with `code` in `file`, asks for its quick fixes, applies
 * the first (its edits, or its file rename), and validates again.
 */
function fix(files: Record<string, string>, file: string, code: RuleCode) {
  const matching = findingsOf(files, file).filter((f) => f.code === code);
  assert.equal(matching.length, 1, `one ${code} in ${file}`);
  const fixes = quickFixes(workspace(files).file(file)!, matching[0]);
  assert.ok(fixes.length > 0, `a fix for ${code}`);
  const [first] = fixes;
  const text = applyEdits(files[file], first.edits);
  const to = first.rename?.to ?? file;
  const after = { ...files, [file]: text };
  if (first.rename) {
    delete after[file];
    after[to] = text;
  }
  return { fixes, fixed: first, text, after: seen(after, to), files: after };
}

const CHANGE = FILES.change;
const SERVICE = FILES.ledger;

describe('quickFixes', () => {
  it('starts from a catalogue with no findings', () => {
    assert.deepEqual(check(CATALOGUE), []);
  });

  describe('replace', () => {
    it('replaces an unknown reference with the close name, and the finding goes', () => {
      const files = { ...CATALOGUE, [CHANGE]: CATALOGUE[CHANGE].replace('services: [pay]', 'services: [pai]') };
      const result = fix(files, CHANGE, 'unknown-reference');
      assert.deepEqual(result.fixes, [
        {
          title: "Change to 'pay'",
          edits: [
            {
              file: CHANGE,
              span: { start: files[CHANGE].indexOf('pai'), end: files[CHANGE].indexOf('pai') + 3 },
              newText: 'pay',
            },
          ],
          preferred: true,
        },
      ]);
      assert.equal(result.text, CATALOGUE[CHANGE]);
      assert.deepEqual(result.after, []);
    });

    it('keeps the double or single quotes of the value it replaces', () => {
      const double = fix(
        { ...CATALOGUE, [SERVICE]: CATALOGUE[SERVICE].replace('"team-b"', '"teamb"') },
        SERVICE,
        'unknown-reference',
      );
      assert.deepEqual(
        double.fixed.edits.map((e) => e.newText),
        ['"team-b"'],
      );
      assert.equal(double.text, CATALOGUE[SERVICE]);
      assert.deepEqual(double.after, []);
      const single = fix(
        { ...CATALOGUE, [CHANGE]: CATALOGUE[CHANGE].replace("'REL-2026.11.2'", "'REL-2026.11.3'") },
        CHANGE,
        'unknown-reference',
      );
      assert.deepEqual(
        single.fixed.edits.map((e) => e.newText),
        ["'REL-2026.11.2'"],
      );
      assert.deepEqual(single.after, []);
    });

    it('replaces an enum value typo and an unknown key typo', () => {
      const risk = fix(
        { ...CATALOGUE, [CHANGE]: CATALOGUE[CHANGE].replace('risk: low', 'risk: lov') },
        CHANGE,
        'schema',
      );
      assert.equal(risk.fixed.title, "Change to 'low'");
      assert.equal(risk.text, CATALOGUE[CHANGE]);
      assert.deepEqual(risk.after, []);
      const key = fix({ ...CATALOGUE, [CHANGE]: CATALOGUE[CHANGE].replace('testPlan:', 'tesPlan:') }, CHANGE, 'schema');
      assert.equal(key.fixed.title, "Change to 'testPlan'");
      assert.equal(key.text, CATALOGUE[CHANGE]);
      assert.deepEqual(key.after, []);
    });
  });

  describe('addField', () => {
    it('adds a missing field under spec, after the last field, indented like its siblings', () => {
      const files = { ...CATALOGUE, [CHANGE]: CATALOGUE[CHANGE].replace('  backoutPlan: Restore the old keys\n', '') };
      const result = fix(files, CHANGE, 'backout-plan-required');
      assert.deepEqual(
        result.fixes.map((f) => [f.title, f.preferred, f.edits.length]),
        [["Add 'backoutPlan'", true, 1]],
      );
      assert.equal(result.text, files[CHANGE] + '  backoutPlan: \n');
      // The finding is gone; the empty value left for the person to fill is a schema error on the new line.
      assert.deepEqual(result.after, [{ code: 'schema', covers: 'backoutPlan' }]);
    });

    it('fills in the placeholder the rule offers, so that the record is whole', () => {
      const standard = lines(
        'apiVersion: svcm/v1',
        'kind: Change',
        'metadata:',
        '  name: CHG-2026-0043',
        'spec:',
        '  type: standard',
        '  services: [pay]',
        '  summary: Rotate the TLS certificate',
        '  risk: low',
        '  impact: low',
        '  status: draft',
      );
      const file = 'service-management/changes/CHG-2026-0043.yaml';
      const result = fix({ ...CATALOGUE, [file]: standard }, file, 'template-required');
      assert.equal(result.text, standard + '  template: rotate-tls\n');
      assert.deepEqual(result.after, []);
    });

    it('adds the field after a last field that is a block list, a nested map or a block scalar', () => {
      const service = lines(
        'apiVersion: svcm/v1',
        'kind: Service',
        'metadata:',
        '  name: billing',
        'spec:',
        '  owner: team-a',
        '  tier: 3',
        '  code:',
        '    - src/billing/**',
        '# billing owns the invoices',
      );
      const file = 'service-management/services/billing.yaml';
      assert.equal(
        fix({ ...CATALOGUE, [file]: service }, file, 'schema').text,
        service.replace('# billing', '  phase: discovery\n# billing'),
      );

      const nested = lines(
        'apiVersion: svcm/v1',
        'kind: Service',
        'metadata:',
        '  name: billing',
        'spec:',
        '  owner: team-a',
        '  tier: 3',
        '  continuity:',
        '    rto: 4h',
        '    rpo: 15m',
      );
      const withNested = fix({ ...CATALOGUE, [file]: nested }, file, 'schema');
      assert.equal(withNested.text, nested + '  phase: discovery\n');
      assert.deepEqual(withNested.after, []);

      const scalar = lines(
        'apiVersion: svcm/v1',
        'kind: Team',
        'metadata:',
        '  name: team-c',
        'spec:',
        '  members:',
        '    - Ann',
        '  chat: |',
        '    #team-c on the company chat',
        '',
        '---',
        'apiVersion: svcm/v1',
        'kind: Service',
        'metadata:',
        '  name: billing',
        'spec:',
        '  owner: team-c',
        '  tier: 3',
      );
      const fixed = fix({ ...CATALOGUE, [file]: scalar }, file, 'schema');
      assert.equal(fixed.text, scalar + '  phase: discovery\n');
      assert.deepEqual(fixed.after, []);
    });

    it('adds to a spec indented by four, at four', () => {
      const four = CATALOGUE[CHANGE].replace('  backoutPlan: Restore the old keys\n', '').replace(
        /^ {2}(?=\S)/gm,
        '    ',
      );
      const result = fix({ ...CATALOGUE, [CHANGE]: four }, CHANGE, 'backout-plan-required');
      assert.equal(result.text, four + '    backoutPlan: \n');
    });

    it('adds a missing field of a nested map under that map', () => {
      const files = {
        ...CATALOGUE,
        [CHANGE]: CATALOGUE[CHANGE].replace('  testPlan:', '  window:\n    start: 2026-12-01T10:00:00Z\n  testPlan:'),
      };
      const result = fix(files, CHANGE, 'schema');
      assert.equal(
        result.text,
        files[CHANGE].replace('    start: 2026-12-01T10:00:00Z\n', '    start: 2026-12-01T10:00:00Z\n    end: \n'),
      );
    });

    it('adds into a flow map, inside its braces', () => {
      const flow = lines(
        'apiVersion: svcm/v1',
        'kind: Service',
        'metadata:',
        '  name: billing',
        'spec: {owner: team-a, tier: 3}',
      );
      const file = 'service-management/services/billing.yaml';
      const result = fix({ ...CATALOGUE, [file]: flow }, file, 'schema');
      assert.equal(result.text, flow.replace('tier: 3}', 'tier: 3, phase: discovery}'));
      assert.deepEqual(result.after, []);
      const spaced = flow.replace('{owner: team-a, tier: 3}', '{ owner: team-a, tier: 3 }');
      assert.equal(
        fix({ ...CATALOGUE, [file]: spaced }, file, 'schema').text,
        spaced.replace('tier: 3 }', 'tier: 3, phase: discovery }'),
      );
      const multiline = flow.replace(
        '{owner: team-a, tier: 3}',
        '{\n  owner: team-a,\n  tier: 3,\n  dependsOn: [pay, ledger]\n}',
      );
      const nested = fix({ ...CATALOGUE, [file]: multiline }, file, 'schema');
      assert.equal(nested.text, multiline.replace('[pay, ledger]', '[pay, ledger], phase: discovery'));
      assert.deepEqual(nested.after, []);
    });

    it('adds a blank field into a flow map as an empty string, which its rule then reports on its value', () => {
      const flow = CATALOGUE[CHANGE].replace(
        /spec:\n[\s\S]*$/,
        'spec: {type: emergency, services: [pay], summary: Hotfix, risk: high, impact: high, status: draft, implementationPlan: Deploy}\n',
      );
      const result = fix({ ...CATALOGUE, [CHANGE]: flow }, CHANGE, 'backout-plan-required');
      assert.equal(result.text, flow.replace('Deploy}', 'Deploy, backoutPlan: ""}'));
      assert.deepEqual(result.after, [{ code: 'backout-plan-required', covers: '""' }]);
    });

    it('adds a missing spec, and then its fields into it, until only the values are left to write', () => {
      const file = 'service-management/services/billing.yaml';
      let files: Record<string, string> = {
        ...CATALOGUE,
        [file]: lines('apiVersion: svcm/v1', 'kind: Service', 'metadata:', '  name: billing'),
      };
      const spec = fix(files, file, 'schema');
      assert.equal(
        spec.text,
        lines('apiVersion: svcm/v1', 'kind: Service', 'metadata:', '  name: billing', 'spec: {}'),
      );
      assert.deepEqual(spec.after, [
        { code: 'schema', covers: 'spec' },
        { code: 'schema', covers: 'spec' },
        { code: 'schema', covers: 'spec' },
      ]);
      files = spec.files;
      for (let i = 0; i < 3; i++) {
        const [finding] = findingsOf(files, file);
        const [first] = quickFixes(workspace(files).file(file)!, finding);
        files = { ...files, [file]: applyEdits(files[file], first.edits) };
      }
      assert.equal(
        files[file],
        lines(
          'apiVersion: svcm/v1',
          'kind: Service',
          'metadata:',
          '  name: billing',
          'spec: {owner: "", phase: discovery, tier: 1}',
        ),
      );
      assert.deepEqual(seen(files, file), [{ code: 'schema', covers: '""' }]);
    });

    it('adds into the front matter of a Markdown knowledge record', () => {
      const files = {
        ...CATALOGUE,
        [FILES.knowledge]: CATALOGUE[FILES.knowledge].replace('type: runbook', 'type: known-error'),
      };
      const result = fix(files, FILES.knowledge, 'known-error-workaround');
      assert.equal(
        result.text,
        files[FILES.knowledge].replace('  owner: team-b\n---', '  owner: team-b\n  workaround: \n---'),
      );
      assert.deepEqual(result.after, [{ code: 'schema', covers: 'workaround' }]);
    });

    it('adds to the document of the finding in a multi-document file', () => {
      const teams = `${CATALOGUE[FILES.teams]}---\n${lines('apiVersion: svcm/v1', 'kind: Service', 'metadata:', '  name: billing', 'spec:', '  owner: team-a', '  tier: 3')}`;
      const result = fix({ ...CATALOGUE, [FILES.teams]: teams }, FILES.teams, 'schema');
      assert.equal(result.text, teams + '  phase: discovery\n');
      assert.deepEqual(result.after, []);
    });

    it('keeps CRLF line endings, with or without a last line break', () => {
      const crlf = CATALOGUE[CHANGE].replace('  backoutPlan: Restore the old keys\n', '').replace(/\n/g, '\r\n');
      const result = fix({ ...CATALOGUE, [CHANGE]: crlf }, CHANGE, 'backout-plan-required');
      assert.equal(result.text, crlf + '  backoutPlan: \r\n');
      const unterminated = crlf.replace(/\r\n$/, '');
      assert.equal(
        fix({ ...CATALOGUE, [CHANGE]: unterminated }, CHANGE, 'backout-plan-required').text,
        unterminated + '\r\n  backoutPlan: ',
      );
    });
  });

  describe('renameFile', () => {
    it('renames a change file after its record, and the finding goes', () => {
      const files: Record<string, string> = { ...CATALOGUE };
      delete files[CHANGE];
      files['service-management/changes/rotate-keys.yaml'] = CATALOGUE[CHANGE];
      const result = fix(files, 'service-management/changes/rotate-keys.yaml', 'name-file-mismatch');
      assert.deepEqual(result.fixes, [
        {
          title: "Rename file to 'CHG-2026-0042.yaml'",
          edits: [],
          rename: { from: 'service-management/changes/rotate-keys.yaml', to: CHANGE },
        },
      ]);
      assert.deepEqual(result.after, []);
      assert.deepEqual(check(result.files), []);
    });

    it('keeps the extension of a Markdown knowledge record, and a release id with dots whole', () => {
      const kb: Record<string, string> = {
        ...CATALOGUE,
        'service-management/knowledge/ledger-restart.md': CATALOGUE[FILES.knowledge],
      };
      delete kb[FILES.knowledge];
      assert.deepEqual(fix(kb, 'service-management/knowledge/ledger-restart.md', 'name-file-mismatch').fixed.rename, {
        from: 'service-management/knowledge/ledger-restart.md',
        to: 'service-management/knowledge/KB-0012.md',
      });
      const rel: Record<string, string> = { ...CATALOGUE, 'november.yml': CATALOGUE[FILES.release] };
      delete rel[FILES.release];
      const result = fix(rel, 'november.yml', 'name-file-mismatch');
      assert.deepEqual(result.fixed.rename, { from: 'november.yml', to: 'REL-2026.11.2.yml' });
      assert.deepEqual(check(result.files), []);
    });
  });

  describe('nothing to do', () => {
    it('offers nothing for a finding without fix data, or with data it does not fix here', () => {
      const parsed = parseFile(CHANGE, CATALOGUE[CHANGE]);
      const base: Finding = {
        code: 'window-conflict',
        severity: 'warning',
        message: 'overlap',
        span: { start: 0, end: 1 },
      };
      assert.deepEqual(quickFixes(parsed, base), []);
      assert.deepEqual(quickFixes(parsed, { ...base, data: { fix: 'linkCommits', change: 'CHG-2026-0042' } }), []);
    });
  });
});

describe('addFieldEdit', () => {
  const TEAM = lines('apiVersion: svcm/v1', 'kind: Team', 'metadata:', '  name: team-c');
  const add = (
    text: string,
    parentPath: (string | number)[],
    field: string,
    placeholder: string,
  ): QuickFix['edits'][number] | undefined => {
    const parsed = parseFile('team-c.yaml', text);
    return addFieldEdit(parsed, parsed.records[0], parentPath, field, placeholder);
  };
  const addTo = (text: string, parentPath: (string | number)[], field: string, placeholder: string) => {
    const edit = add(text, parentPath, field, placeholder);
    return edit && applyEdits(text, [edit]);
  };

  it('adds under an empty `spec:`, indented one step under it', () => {
    assert.equal(
      addTo(TEAM + 'spec:\n', ['spec'], 'email', 'team-c@example.com'),
      TEAM + 'spec:\n  email: team-c@example.com\n',
    );
    assert.equal(addTo(TEAM + 'spec: # to do\n', ['spec'], 'email', '""'), TEAM + 'spec: # to do\n  email: \n');
    assert.equal(addTo(TEAM + 'spec:', ['spec'], 'email', '""'), TEAM + 'spec:\n  email: ');
    assert.equal(
      addTo((TEAM + 'spec:\n').replace(/\n/g, '\r\n'), ['spec'], 'email', '""'),
      (TEAM + 'spec:\n  email: \n').replace(/\n/g, '\r\n'),
    );
  });

  it('adds a missing spec with the field, at the end of the record', () => {
    assert.equal(addTo(TEAM, ['spec'], 'email', '""'), TEAM + 'spec:\n  email: \n');
    assert.equal(
      addTo(TEAM.replace(/\n/g, '\r\n'), ['spec'], 'email', '""'),
      (TEAM + 'spec:\n  email: \n').replace(/\n/g, '\r\n'),
    );
  });

  it('adds a missing nested map with the field, under its parent', () => {
    const change = lines(
      'apiVersion: svcm/v1',
      'kind: Change',
      'metadata:',
      '  name: CHG-2026-0043',
      'spec:',
      '  type: normal',
      '  status: scheduled',
    );
    assert.equal(addTo(change, ['spec', 'window'], 'start', '""'), change + '  window:\n    start: \n');
  });

  it('adds into an empty flow map', () => {
    assert.equal(addTo(TEAM + 'spec: {}\n', ['spec'], 'email', '""'), TEAM + 'spec: {email: ""}\n');
  });

  it('gives nothing when the parent is not a map', () => {
    assert.equal(add(TEAM + 'spec: [a]\n', ['spec'], 'email', '""'), undefined);
    assert.equal(add(TEAM + 'spec: text\n', ['spec'], 'email', '""'), undefined);
  });
});
