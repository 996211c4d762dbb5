import * as assert from 'node:assert/strict';
import type { TextEdit } from '../../../src/core/assist/navigation';
import { appendToListEdit, setScalarEdit, yamlScalar } from '../../../src/core/assist/yamlEdits';
import { parseFile } from '../../../src/core/parse/parseFile';

const apply = (text: string, edit: TextEdit | undefined) =>
  edit ? text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end) : text;
const HEAD =
  'apiVersion: svcm/v1\nkind: Change\nmetadata:\n  name: CHG-2026-0001 # the id\nspec:\n  type: normal   # kept\n  status: implemented\n';

function append(text: string, items: string[]): string {
  const parsed = parseFile('c.yaml', text, undefined, { precise: true });
  return apply(text, appendToListEdit(parsed, parsed.records[0], ['spec', 'commits'], items, true));
}

describe('yamlEdits', () => {
  describe('appendToListEdit', () => {
    it('adds a missing list as a block list, comments and spacing kept', () => {
      assert.equal(append(HEAD, ['abc1234']), `${HEAD}  commits:\n    - "abc1234"\n`);
    });

    it('appends to a block list with its indentation, skipping items already there', () => {
      const text = `${HEAD}  commits:\n  - "abc1234"\n  # a comment\n`;
      assert.equal(
        append(text, ['abc1234', 'def5678']),
        `${HEAD}  commits:\n  - "abc1234"\n  - "def5678"\n  # a comment\n`,
      );
    });

    it('appends inside a flow list, or into []', () => {
      assert.equal(
        append(`${HEAD}  commits: ["abc1234"]\n`, ['def5678']),
        `${HEAD}  commits: ["abc1234", "def5678"]\n`,
      );
      assert.equal(append(`${HEAD}  commits: []\n`, ['def5678']), `${HEAD}  commits: ["def5678"]\n`);
    });

    it('fills an empty key on the lines below it', () => {
      assert.equal(
        append(`${HEAD}  commits:\n  branch: x\n`, ['abc1234']),
        `${HEAD}  commits:\n    - "abc1234"\n  branch: x\n`,
      );
    });

    it('keeps CRLF line endings', () => {
      const crlf = HEAD.replace(/\n/g, '\r\n');
      assert.equal(
        append(`${crlf}  commits:\r\n    - "abc1234"\r\n`, ['def5678']),
        `${crlf}  commits:\r\n    - "abc1234"\r\n    - "def5678"\r\n`,
      );
    });

    it('returns no edit when every item is there already', () => {
      const parsed = parseFile('c.yaml', `${HEAD}  commits: ["abc1234"]\n`, undefined, { precise: true });
      assert.equal(appendToListEdit(parsed, parsed.records[0], ['spec', 'commits'], ['abc1234']), undefined);
    });
  });

  describe('setScalarEdit', () => {
    it('replaces a value in place and adds a missing field', () => {
      const parsed = parseFile('c.yaml', HEAD, undefined, { precise: true });
      assert.equal(
        apply(HEAD, setScalarEdit(parsed, parsed.records[0], ['spec', 'status'], 'closed')),
        HEAD.replace('status: implemented', 'status: closed'),
      );
      assert.equal(
        apply(HEAD, setScalarEdit(parsed, parsed.records[0], ['spec', 'release'], 'REL-2026.12.1')),
        `${HEAD}  release: REL-2026.12.1\n`,
      );
    });
  });

  it('quotes scalars that YAML would read as something else', () => {
    assert.equal(yamlScalar('payments-api'), 'payments-api');
    assert.equal(yamlScalar('1234567'), '"1234567"');
    assert.equal(yamlScalar('yes'), '"yes"');
    assert.equal(yamlScalar('a: b'), '"a: b"');
  });
});
