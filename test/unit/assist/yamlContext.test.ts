import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseDocument } from 'yaml';
import { yamlContextAt, type YamlContext } from '../../../src/core/assist/yamlContext';
import { lines } from '../helpers';
import { caret } from './caret';

/** The context at the caret, with `replace` shown as the text it covers around the caret (`te|am-a`). */
function contextAt(marked: string): (Omit<YamlContext, 'replace'> & { replace: string }) | undefined {
  const { text, offset } = caret(marked);
  const ctx = yamlContextAt(text, offset);
  if (!ctx) return undefined;
  assert.ok(ctx.replace.start <= offset && offset <= ctx.replace.end, 'the replaced word is around the caret');
  return { ...ctx, replace: `${text.slice(ctx.replace.start, offset)}|${text.slice(offset, ctx.replace.end)}` };
}

const CHANGE = lines('apiVersion: svcm/v1', 'kind: Change', 'metadata:', '  name: CHG-2026-0042', 'spec:');

describe('yamlContextAt', () => {
  describe('keys', () => {
    it('reads a top-level key between the envelope lines, with the keys around it as siblings', () => {
      assert.deepEqual(contextAt(lines('apiVersion: svcm/v1', '|', 'kind: Change')), {
        role: 'key',
        path: [],
        prefix: '',
        replace: '|',
        siblings: ['apiVersion', 'kind'],
        kind: 'Change',
      });
    });

    it('reads a spec key with the siblings before and after it, not the keys nested under them', () => {
      const marked =
        CHANGE +
        lines(
          '  type: normal',
          '  window:',
          '    start: 2026-12-01T10:00:00Z',
          '  ri|',
          '  status: draft',
          '  approvals:',
          '    - by: Ann',
          'kind2: x',
        );
      assert.deepEqual(contextAt(marked), {
        role: 'key',
        path: ['spec'],
        prefix: 'ri',
        replace: 'ri|',
        siblings: ['window', 'type', 'status', 'approvals'],
        kind: 'Change',
      });
    });

    it('reads a key two maps deep', () => {
      const marked = lines(
        'apiVersion: svcm/v1',
        'kind: Service',
        'spec:',
        '  serviceLevel:',
        '    availability: 99.9',
        '    responseTimes:',
        '      p1: 15m',
        '      |',
      );
      assert.deepEqual(contextAt(marked), {
        role: 'key',
        path: ['spec', 'serviceLevel', 'responseTimes'],
        prefix: '',
        replace: '|',
        siblings: ['p1'],
        kind: 'Service',
      });
    });

    it('reads a key of a list item map, without the keys of the next item', () => {
      const marked = CHANGE + lines('  approvals:', '    - by: Ann', '      de|', '    - by: Bob', '      role: cab');
      assert.deepEqual(contextAt(marked), {
        role: 'key',
        path: ['spec', 'approvals', -1],
        prefix: 'de',
        replace: 'de|',
        siblings: ['by'],
        kind: 'Change',
      });
    });

    it('reads a key of a list item map when the list is not indented under its key', () => {
      const marked = CHANGE + lines('  approvals:', '  - by: Ann', '    |', '  - by: Bob', '    role: cab');
      assert.deepEqual(contextAt(marked), {
        role: 'key',
        path: ['spec', 'approvals', -1],
        prefix: '',
        replace: '|',
        siblings: ['by'],
        kind: 'Change',
      });
    });
  });

  describe('values', () => {
    it('reads the value of kind, before the kind is known', () => {
      assert.deepEqual(contextAt('apiVersion: svcm/v1\nkind: Ch|'), {
        role: 'value',
        path: ['kind'],
        prefix: 'Ch',
        replace: 'Ch|',
        siblings: ['apiVersion'],
        kind: undefined,
      });
    });

    it('reads the value of a spec field, replacing the whole word around the caret', () => {
      const marked = lines(
        'apiVersion: svcm/v1',
        'kind: Service',
        'metadata:',
        '  name: pay',
        'spec:',
        '  owner: te|am-a',
        '  phase: live',
      );
      assert.deepEqual(contextAt(marked), {
        role: 'value',
        path: ['spec', 'owner'],
        prefix: 'te',
        replace: 'te|am-a',
        siblings: [],
        kind: 'Service',
      });
    });

    it('reads a quoted key and a quoted value', () => {
      const marked = lines('apiVersion: svcm/v1', "kind: 'Change'", 'spec:', '  "status": "appr|');
      assert.deepEqual(contextAt(marked), {
        role: 'value',
        path: ['spec', 'status'],
        prefix: 'appr',
        replace: 'appr|',
        siblings: [],
        kind: 'Change',
      });
    });

    it('reads an item of a block list', () => {
      assert.deepEqual(contextAt(CHANGE + lines('  services:', '    - pay', '    - le|')), {
        role: 'value',
        path: ['spec', 'services', -1],
        prefix: 'le',
        replace: 'le|',
        siblings: [],
        kind: 'Change',
      });
    });

    it('reads an item of a block list that is not indented under its key', () => {
      assert.deepEqual(contextAt(CHANGE + lines('  services:', '  - pay', '  - |')), {
        role: 'value',
        path: ['spec', 'services', -1],
        prefix: '',
        replace: '|',
        siblings: [],
        kind: 'Change',
      });
    });

    it('reads an item of a flow list, closed or still open', () => {
      const expected = {
        role: 'value',
        path: ['spec', 'services', -1],
        prefix: '',
        replace: '|',
        siblings: [],
        kind: 'Change',
      };
      assert.deepEqual(contextAt(CHANGE + '  services: [pay, |]\n'), expected);
      assert.deepEqual(contextAt(CHANGE + '  services: [pay, le|'), { ...expected, prefix: 'le', replace: 'le|' });
    });

    it('reads a value inside a list item map, with the item as a step of the path', () => {
      assert.deepEqual(contextAt(CHANGE + lines('  approvals:', '    - by: Ann', '      role: |')), {
        role: 'value',
        path: ['spec', 'approvals', -1, 'role'],
        prefix: '',
        replace: '|',
        siblings: ['by'],
        kind: 'Change',
      });
    });

    it('reads a value inside a list item map when the list is not indented under its key', () => {
      assert.deepEqual(contextAt(CHANGE + lines('  approvals:', '  - by: Ann', '    role: |')), {
        role: 'value',
        path: ['spec', 'approvals', -1, 'role'],
        prefix: '',
        replace: '|',
        siblings: ['by'],
        kind: 'Change',
      });
    });

    it('reads a value on the dash line of a new list item', () => {
      assert.deepEqual(contextAt(CHANGE + lines('  approvals:', '    - by: Ann', '    - role: e|')), {
        role: 'value',
        path: ['spec', 'approvals', -1, 'role'],
        prefix: 'e',
        replace: 'e|',
        siblings: [],
        kind: 'Change',
      });
    });

    it('reads a bare dash as a list item value (the caller asks the schema whether it holds maps)', () => {
      assert.deepEqual(contextAt(CHANGE + lines('  approvals:', '    - |')), {
        role: 'value',
        path: ['spec', 'approvals', -1],
        prefix: '',
        replace: '|',
        siblings: [],
        kind: 'Change',
      });
    });

    it('does not take a # inside a word for a comment', () => {
      assert.deepEqual(contextAt(CHANGE + '  pullRequest: org/repo#12|\n'), {
        role: 'value',
        path: ['spec', 'pullRequest'],
        prefix: '12',
        replace: '12|',
        siblings: [],
        kind: 'Change',
      });
    });
  });

  describe('the kind', () => {
    it('is read from its own document of a multi-document file', () => {
      const marked = lines(
        'apiVersion: svcm/v1',
        'kind: Team',
        'metadata:',
        '  name: team-a',
        '---',
        'apiVersion: svcm/v1',
        'kind: Service',
        'spec:',
        '  phase: |',
        '---',
        'kind: Release',
      );
      assert.equal(contextAt(marked)?.kind, 'Service');
    });

    it('is read when it comes after the caret, but not from the next document', () => {
      assert.equal(contextAt(lines('apiVersion: svcm/v1', 'spec:', '  |', 'kind: Release'))?.kind, 'Release');
      assert.equal(contextAt(lines('apiVersion: svcm/v1', 'spec:', '  |', '---', 'kind: Release'))?.kind, undefined);
    });

    it('is read without its quotes and trailing comment', () => {
      assert.deepEqual(contextAt(lines('apiVersion: svcm/v1', 'kind: "Change" # a request for change', '|')), {
        role: 'key',
        path: [],
        prefix: '',
        replace: '|',
        siblings: ['kind', 'apiVersion'],
        kind: 'Change',
      });
    });

    it('is read from Markdown front matter, whose opening --- starts the document', () => {
      const marked = lines(
        '---',
        'apiVersion: svcm/v1',
        'kind: Knowledge',
        'metadata:',
        '  name: KB-0012',
        'spec:',
        '  type: |',
        '---',
        '',
        '# Restart the ledger',
      );
      assert.deepEqual(contextAt(marked), {
        role: 'value',
        path: ['spec', 'type'],
        prefix: '',
        replace: '|',
        siblings: [],
        kind: 'Knowledge',
      });
    });
  });

  describe('what it cannot read', () => {
    it('gives nothing inside a comment, whole-line or trailing', () => {
      assert.equal(contextAt(CHANGE + '  # sta|'), undefined);
      assert.equal(contextAt(CHANGE + '  summary: Rotate the keys # see the runb|\n'), undefined);
    });

    it('gives nothing on a line of prose', () => {
      assert.equal(contextAt(CHANGE + lines('  summary: Rotate the keys', '  and then some|')), undefined);
    });
  });

  describe('line endings and odd starts', () => {
    it('reads CRLF text like LF text (and returns)', () => {
      const marked = lines(
        'apiVersion: svcm/v1',
        'kind: Change',
        'spec:',
        '  type: normal',
        '  |',
        '  risk: low',
        '---',
        'kind: Team',
      ).replace(/\n/g, '\r\n');
      assert.deepEqual(contextAt(marked), {
        role: 'key',
        path: ['spec'],
        prefix: '',
        replace: '|',
        siblings: ['type', 'risk'],
        kind: 'Change',
      });
    });

    it('reads a CRLF value, without the \\r in the replaced word', () => {
      const marked = lines('apiVersion: svcm/v1', 'kind: Change', 'spec:', '  status: dr|aft').replace(/\n/g, '\r\n');
      assert.deepEqual(contextAt(marked), {
        role: 'value',
        path: ['spec', 'status'],
        prefix: 'dr',
        replace: 'dr|aft',
        siblings: [],
        kind: 'Change',
      });
    });

    it('reads a text that starts with an empty line (and returns)', () => {
      assert.deepEqual(contextAt('\napiVersion: svcm/v1\n|'), {
        role: 'key',
        path: [],
        prefix: '',
        replace: '|',
        siblings: ['apiVersion'],
        kind: undefined,
      });
      assert.deepEqual(contextAt('|\napiVersion: svcm/v1\nkind: Team\n'), {
        role: 'key',
        path: [],
        prefix: '',
        replace: '|',
        siblings: ['apiVersion', 'kind'],
        kind: 'Team',
      });
    });

    it('reads an empty text', () => {
      assert.deepEqual(contextAt('|'), {
        role: 'key',
        path: [],
        prefix: '',
        replace: '|',
        siblings: [],
        kind: undefined,
      });
    });
  });
});

/*
 * Why yamlContextAt reads lines itself instead of asking `yaml`'s error-tolerant
 * parse: while a person types a new key above an existing one (`  serv|` over
 * `  summary: ...`), `yaml` reads the half-typed word and the next key line as
 * one multi-line key ("serv summary"), so the key being typed and its sibling
 * are lost. This property holds yamlContextAt to the right answer and shows that
 * `yaml` gets it wrong in most cases (a one-letter word it reads as a key);
 * when a `yaml` release reads them right, this test fails: then try replacing
 * yamlContextAt with the tolerant parse.
 */
describe('property: typing a new key above an existing one', () => {
  const FIELDS = ['type', 'services', 'summary', 'risk', 'impact', 'status', 'testPlan', 'backoutPlan'];

  it('yamlContextAt reads the key being typed and its siblings; the tolerant parse of `yaml` merges it with the next line', () => {
    const RUNS = 300;
    let lost = 0;
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.constantFrom(...FIELDS), { minLength: 2, maxLength: FIELDS.length }),
        fc.nat(),
        fc.stringMatching(/^[a-z][a-zA-Z]{0,8}$/),
        (keys, at, typed) => {
          const before = at % (keys.length - 1); // a key line always follows the one being typed
          const rows = keys.map((k) => `  ${k}: x`);
          rows.splice(before + 1, 0, `  ${typed}`);
          const text = CHANGE + rows.join('\n') + '\n';
          const offset = text.indexOf(`\n  ${typed}\n`) + 3 + typed.length;

          const ctx = yamlContextAt(text, offset);
          assert.equal(ctx?.role, 'key');
          assert.deepEqual(ctx?.path, ['spec']);
          assert.equal(ctx?.prefix, typed);
          assert.deepEqual([...(ctx?.siblings ?? [])].sort(), [...keys].sort());

          const spec = (parseDocument(text).toJS() as { spec?: Record<string, unknown> } | null)?.spec ?? {};
          if (!(keys[before + 1] in spec) || !(typed in spec)) lost++;
        },
      ),
      { numRuns: RUNS },
    );
    assert.ok(lost > RUNS / 2, `yaml lost the key being typed or its sibling in only ${lost} of ${RUNS} cases`);
  });
});
