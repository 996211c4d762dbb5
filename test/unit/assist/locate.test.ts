import * as assert from 'node:assert/strict';
import { idMentionAt, idMentions, nodeAt, recordAt, targetAt } from '../../../src/core/assist/locate';
import { parseFile } from '../../../src/core/parse/parseFile';
import { lines } from '../helpers';
import { caret } from './caret';
import { at, CATALOGUE, FILES } from './support';

const TWO_TEAMS = CATALOGUE[FILES.teams];

/** Parses the marked text as `file` and returns it with the caret offset. */
function parsedAt(file: string, marked: string) {
  const { text, offset } = caret(marked);
  return { parsed: parseFile(file, text), text, offset };
}

/** The node under the caret: its path, whether it is a key, its value and the text it covers. */
function node(file: string, marked: string) {
  const { parsed, text, offset } = parsedAt(file, marked);
  const record = recordAt(parsed, offset);
  const hit = record && nodeAt(record, offset);
  return (
    hit && {
      name: hit.record.name,
      path: hit.path,
      onKey: hit.onKey,
      value: hit.value,
      covers: text.slice(hit.span.start, hit.span.end),
    }
  );
}

/** The target under the caret, its span shown as the text it covers, and the field of its reference. */
function target(file: string, marked: string) {
  const { parsed, text, offset } = parsedAt(file, marked);
  const t = targetAt(parsed, offset);
  return (
    t && {
      kind: t.kind,
      name: t.name,
      covers: text.slice(t.span.start, t.span.end),
      field: t.reference?.field,
      from: t.reference?.from.name,
    }
  );
}

describe('recordAt', () => {
  it('finds the document of a multi-document file under the offset', () => {
    const parsed = parseFile(FILES.teams, TWO_TEAMS);
    const second = TWO_TEAMS.indexOf('team-b');
    assert.deepEqual(
      [0, TWO_TEAMS.indexOf('team-a'), second, TWO_TEAMS.length].map((o) => recordAt(parsed, o)?.name),
      ['team-a', 'team-a', 'team-b', 'team-b'],
    );
  });

  it('finds a knowledge record only in its front matter, not in the body', () => {
    const text = CATALOGUE[FILES.knowledge];
    const parsed = parseFile(FILES.knowledge, text);
    assert.equal(recordAt(parsed, text.indexOf('KB-0012'))?.name, 'KB-0012');
    assert.equal(recordAt(parsed, text.indexOf('# Restart')), undefined);
    assert.equal(recordAt(parsed, text.indexOf('backout plan')), undefined);
  });

  it('finds nothing in a file without records', () => {
    assert.equal(recordAt(parseFile('deploy.yaml', 'apiVersion: v1\nkind: Service\n'), 3), undefined);
  });
});

describe('nodeAt', () => {
  it('finds a key, with its path', () => {
    assert.deepEqual(node(FILES.change, at(FILES.change, 'back|outPlan:')), {
      name: 'CHG-2026-0042',
      path: ['spec', 'backoutPlan'],
      onKey: true,
      value: 'backoutPlan',
      covers: 'backoutPlan',
    });
  });

  it('finds a scalar value, with its path and parsed value', () => {
    assert.deepEqual(node(FILES.change, at(FILES.change, 'risk: l|ow')), {
      name: 'CHG-2026-0042',
      path: ['spec', 'risk'],
      onKey: false,
      value: 'low',
      covers: 'low',
    });
    assert.deepEqual(node(FILES.pay, at(FILES.pay, 'availability: 99|.9')), {
      name: 'pay',
      path: ['spec', 'serviceLevel', 'availability'],
      onKey: false,
      value: 99.9,
      covers: '99.9',
    });
  });

  it('finds an item of a flow list and of a block list by its index', () => {
    assert.deepEqual(node(FILES.template, at(FILES.template, '[pay, led|ger]')), {
      name: 'rotate-tls',
      path: ['spec', 'services', 1],
      onKey: false,
      value: 'ledger',
      covers: 'ledger',
    });
    assert.deepEqual(node(FILES.release, at(FILES.release, '- CHG|-2026-0042')), {
      name: 'REL-2026.11.2',
      path: ['spec', 'changes', 0],
      onKey: false,
      value: 'CHG-2026-0042',
      covers: 'CHG-2026-0042',
    });
  });

  it('finds a key and a value inside a list of maps', () => {
    const marked = (needle: string) =>
      CATALOGUE[FILES.change] +
      lines(
        '  approvals:',
        '    - by: Ann Example',
        '      role: peer',
        '    - by: Bob Example',
        '      role: cab',
      ).replace(needle.replace('|', ''), needle);
    assert.deepEqual(node(FILES.change, marked('      ro|le: cab')), {
      name: 'CHG-2026-0042',
      path: ['spec', 'approvals', 1, 'role'],
      onKey: true,
      value: 'role',
      covers: 'role',
    });
    assert.deepEqual(node(FILES.change, marked('role: ca|b')), {
      name: 'CHG-2026-0042',
      path: ['spec', 'approvals', 1, 'role'],
      onKey: false,
      value: 'cab',
      covers: 'cab',
    });
  });

  it('covers the quotes of a quoted value', () => {
    assert.deepEqual(node(FILES.ledger, at(FILES.ledger, '"team|-b"')), {
      name: 'ledger',
      path: ['spec', 'owner'],
      onKey: false,
      value: 'team-b',
      covers: '"team-b"',
    });
  });

  it('finds a node in Markdown front matter at its offset in the whole file', () => {
    assert.deepEqual(node(FILES.knowledge, at(FILES.knowledge, 'type: run|book')), {
      name: 'KB-0012',
      path: ['spec', 'type'],
      onKey: false,
      value: 'runbook',
      covers: 'runbook',
    });
  });

  it('finds nothing between a key and its value', () => {
    assert.equal(node(FILES.change, at(FILES.change, 'risk:| low')), undefined);
  });

  it('finds an empty value as a null of no width where it would start', () => {
    assert.deepEqual(node(FILES.change, CATALOGUE[FILES.change].replace('  risk: low', '  risk: |')), {
      name: 'CHG-2026-0042',
      path: ['spec', 'risk'],
      onKey: false,
      value: null,
      covers: '',
    });
  });
});

describe('targetAt', () => {
  it("finds a record's own name", () => {
    assert.deepEqual(target(FILES.change, at(FILES.change, 'name: CHG-2026-|0042')), {
      kind: 'Change',
      name: 'CHG-2026-0042',
      covers: 'CHG-2026-0042',
      field: undefined,
      from: undefined,
    });
    assert.deepEqual(target(FILES.teams, TWO_TEAMS.replace('name: team-b', 'name: team-|b')), {
      kind: 'Team',
      name: 'team-b',
      covers: 'team-b',
      field: undefined,
      from: undefined,
    });
  });

  it('finds a reference, with the kind it names and the field it is in', () => {
    assert.deepEqual(target(FILES.change, at(FILES.change, '[p|ay]')), {
      kind: 'Service',
      name: 'pay',
      covers: 'pay',
      field: 'spec.services',
      from: 'CHG-2026-0042',
    });
    assert.deepEqual(target(FILES.change, at(FILES.change, "'REL-2026.11.2|'")), {
      kind: 'Release',
      name: 'REL-2026.11.2',
      covers: "'REL-2026.11.2'",
      field: 'spec.release',
      from: 'CHG-2026-0042',
    });
    assert.deepEqual(target(FILES.ledger, at(FILES.ledger, '- pa|y')), {
      kind: 'Service',
      name: 'pay',
      covers: 'pay',
      field: 'spec.dependsOn',
      from: 'ledger',
    });
    assert.deepEqual(target(FILES.knowledge, at(FILES.knowledge, 'owner: |team-b')), {
      kind: 'Team',
      name: 'team-b',
      covers: 'team-b',
      field: 'spec.owner',
      from: 'KB-0012',
    });
  });

  it('finds nothing on other values, on keys, or in a record of an unknown kind', () => {
    assert.equal(target(FILES.change, at(FILES.change, 'summary: Rot|ate')), undefined);
    assert.equal(target(FILES.change, at(FILES.change, 'serv|ices: [pay]')), undefined);
    assert.equal(
      target('x.yaml', lines('apiVersion: svcm/v1', 'kind: Incident', 'metadata:', '  name: inc-|1')),
      undefined,
    );
  });
});

describe('idMentions', () => {
  it('finds change, release and knowledge ids in text, with their kinds and spans', () => {
    const text =
      'Fixes CHG-2026-0042 (see KB-0012) for REL-2026.11.2.\nAlso CHG-2026-10042, REL-v2_rc-1 and refs/KB-12345.';
    assert.deepEqual(
      idMentions(text).map((m) => ({ kind: m.kind, name: m.name, covers: text.slice(m.span.start, m.span.end) })),
      [
        { kind: 'Change', name: 'CHG-2026-0042', covers: 'CHG-2026-0042' },
        { kind: 'Knowledge', name: 'KB-0012', covers: 'KB-0012' },
        { kind: 'Release', name: 'REL-2026.11.2', covers: 'REL-2026.11.2' },
        { kind: 'Change', name: 'CHG-2026-10042', covers: 'CHG-2026-10042' },
        { kind: 'Release', name: 'REL-v2_rc-1', covers: 'REL-v2_rc-1' },
        { kind: 'Knowledge', name: 'KB-12345', covers: 'KB-12345' },
      ],
    );
  });

  it('ignores what only looks like an id', () => {
    assert.deepEqual(idMentions('XCHG-2026-0042 CHG-26-0042 CHG-2026-004 KB-123 KB-0012x REL- CHG-2026-0042a'), []);
  });

  it('gives the same results when called again (the shared pattern keeps no state)', () => {
    assert.deepEqual(idMentions('CHG-2026-0042'), idMentions('CHG-2026-0042'));
    assert.equal(idMentions('a KB-0012').length, 1);
  });
});

describe('idMentionAt', () => {
  const mention = (marked: string) => {
    const { text, offset } = caret(marked);
    const m = idMentionAt(text, offset);
    return m && { kind: m.kind, name: m.name, covers: text.slice(m.span.start, m.span.end) };
  };

  it('finds the id under the caret, at its start, inside and at its end', () => {
    const expected = { kind: 'Change', name: 'CHG-2026-0042', covers: 'CHG-2026-0042' };
    assert.deepEqual(
      [mention('Fixes |CHG-2026-0042\n'), mention('Fixes CHG-20|26-0042\n'), mention('Fixes CHG-2026-0042|\n')],
      [expected, expected, expected],
    );
  });

  it('finds the id on a later line, in CRLF text', () => {
    assert.deepEqual(mention('Rotate keys\r\n\r\nSee KB-00|12\r\n'), {
      kind: 'Knowledge',
      name: 'KB-0012',
      covers: 'KB-0012',
    });
  });

  it('finds nothing beside an id or on a line without one', () => {
    assert.equal(mention('Fixes| CHG-2026-0042'), undefined);
    assert.equal(mention('CHG-2026-0042\nno id h|ere'), undefined);
    assert.equal(mention('|\nCHG-2026-0042'), undefined);
  });
});
