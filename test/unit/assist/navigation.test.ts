import * as assert from 'node:assert/strict';
import {
  checkNewName,
  definitionPlaces,
  referencePlaces,
  renameEdits,
  symbolAt,
  type Place,
  type RenameResult,
} from '../../../src/core/assist/navigation';
import type { Kind } from '../../../src/core/schema/vocabulary';
import { check, lines, workspace } from '../helpers';
import { caret } from './caret';
import { applyEdits, at, CATALOGUE, FILES } from './support';

const index = workspace(CATALOGUE);

/** A place as `{file, covers, line}`: the text it covers and its one-based line, readable in a diff. */
function show(place: Place, files: Record<string, string> = CATALOGUE) {
  const text = files[place.file];
  return {
    file: place.file,
    covers: text.slice(place.span.start, place.span.end),
    line: text.slice(0, place.span.start).split('\n').length,
  };
}

/** The symbol under the caret of a marked CATALOGUE-like file. */
function symbol(file: string, marked: string) {
  const { text, offset } = caret(marked);
  const parsed = workspace({ ...CATALOGUE, [file]: text }).file(file);
  const s = symbolAt(parsed, text, offset);
  return s && { kind: s.kind, name: s.name, covers: text.slice(s.span.start, s.span.end) };
}

/** Renames in CATALOGUE and returns the edits as shown places with their new text. */
function rename(kind: Kind, name: string, newName: string) {
  const result = renameEdits(index, { kind, name }, newName);
  if (typeof result === 'string') return result;
  return { edits: result.edits.map((e) => ({ ...show(e), newText: e.newText })), fileRenames: result.fileRenames };
}

/** The workspace after a rename: edits applied, files renamed. */
function applyRename(result: RenameResult): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [file, text] of Object.entries(CATALOGUE)) {
    const to = result.fileRenames.find((r) => r.from === file)?.to ?? file;
    out[to] = applyEdits(
      text,
      result.edits.filter((e) => e.file === file),
    );
  }
  return out;
}

describe('symbolAt', () => {
  it('finds a reference and a record name in a record file', () => {
    assert.deepEqual(symbol(FILES.change, at(FILES.change, '[pa|y]')), { kind: 'Service', name: 'pay', covers: 'pay' });
    assert.deepEqual(symbol(FILES.pay, at(FILES.pay, 'name: p|ay')), { kind: 'Service', name: 'pay', covers: 'pay' });
  });

  it('finds an id in free text: a commit message, a comment of a record file, a knowledge body', () => {
    const { text, offset } = caret('Rotate keys\n\nFixes CHG-2026-0|042\n');
    assert.deepEqual(symbolAt(undefined, text, offset)?.name, 'CHG-2026-0042');
    assert.deepEqual(symbol(FILES.pay, `${CATALOGUE[FILES.pay]}# rotated by CHG-2026-0042|\n`), {
      kind: 'Change',
      name: 'CHG-2026-0042',
      covers: 'CHG-2026-0042',
    });
    assert.deepEqual(symbol(FILES.knowledge, at(FILES.knowledge, 'plan of |CHG-2026-0042')), {
      kind: 'Change',
      name: 'CHG-2026-0042',
      covers: 'CHG-2026-0042',
    });
  });

  it('finds nothing on other text', () => {
    assert.equal(symbol(FILES.change, at(FILES.change, 'summary: Ro|tate')), undefined);
  });
});

describe('definitionPlaces', () => {
  it("goes from a reference to the record's name, in another file", () => {
    assert.deepEqual(
      definitionPlaces(index, { kind: 'Service', name: 'pay' }).map((p) => show(p)),
      [{ file: FILES.pay, covers: 'pay', line: 4 }],
    );
    assert.deepEqual(
      definitionPlaces(index, { kind: 'Team', name: 'team-b' }).map((p) => show(p)),
      [{ file: FILES.teams, covers: 'team-b', line: 13 }],
    );
    assert.deepEqual(
      definitionPlaces(index, { kind: 'Knowledge', name: 'KB-0012' }).map((p) => show(p)),
      [{ file: FILES.knowledge, covers: 'KB-0012', line: 5 }],
    );
  });

  it('gives every definition of a duplicated name, and none for an unknown one', () => {
    const files = { ...CATALOGUE, 'services/pay-copy.yaml': CATALOGUE[FILES.pay] };
    assert.deepEqual(
      definitionPlaces(workspace(files), { kind: 'Service', name: 'pay' }).map((p) => show(p, files)),
      [
        { file: FILES.pay, covers: 'pay', line: 4 },
        { file: 'services/pay-copy.yaml', covers: 'pay', line: 4 },
      ],
    );
    assert.deepEqual(definitionPlaces(index, { kind: 'Service', name: 'payments' }), []);
  });

  it('does not confuse kinds that share a name', () => {
    assert.deepEqual(definitionPlaces(index, { kind: 'Team', name: 'pay' }), []);
  });
});

describe('referencePlaces', () => {
  it('finds every reference to a service across files, with or without its declaration', () => {
    const references = [
      { file: FILES.ledger, covers: 'pay', line: 11 },
      { file: FILES.template, covers: 'pay', line: 7 },
      { file: FILES.change, covers: 'pay', line: 7 },
      { file: FILES.release, covers: 'pay', line: 8 },
    ];
    assert.deepEqual(
      referencePlaces(index, { kind: 'Service', name: 'pay' }, false).map((p) => show(p)),
      references,
    );
    assert.deepEqual(
      referencePlaces(index, { kind: 'Service', name: 'pay' }, true).map((p) => show(p)),
      [{ file: FILES.pay, covers: 'pay', line: 4 }, ...references],
    );
  });

  it('finds references in YAML and in Markdown front matter, quotes included', () => {
    assert.deepEqual(
      referencePlaces(index, { kind: 'Team', name: 'team-b' }, true).map((p) => show(p)),
      [
        { file: FILES.teams, covers: 'team-b', line: 13 },
        { file: FILES.ledger, covers: '"team-b"', line: 7 },
        { file: FILES.knowledge, covers: 'team-b', line: 11 },
      ],
    );
    assert.deepEqual(
      referencePlaces(index, { kind: 'Change', name: 'CHG-2026-0042' }, false).map((p) => show(p)),
      [
        { file: FILES.release, covers: 'CHG-2026-0042', line: 10 },
        { file: FILES.knowledge, covers: 'CHG-2026-0042', line: 10 },
      ],
    );
  });

  it('finds the references to a record that does not exist', () => {
    const files = { ...CATALOGUE, [FILES.ledger]: CATALOGUE[FILES.ledger].replace('    - pay', '    - payments') };
    assert.deepEqual(
      referencePlaces(workspace(files), { kind: 'Service', name: 'payments' }, true).map((p) => show(p, files)),
      [{ file: FILES.ledger, covers: 'payments', line: 11 }],
    );
  });
});

describe('checkNewName', () => {
  it('accepts a valid free name and refuses an invalid or taken one', () => {
    assert.deepEqual(
      [
        checkNewName(index, 'Service', 'payments'),
        checkNewName(index, 'Service', 'Payments'),
        checkNewName(index, 'Service', 'ledger'),
        checkNewName(index, 'Team', 'ledger'),
        checkNewName(index, 'Change', 'CHG-2026-0043'),
        checkNewName(index, 'Change', 'CHG-42'),
        checkNewName(index, 'Knowledge', 'KB-12'),
      ],
      [
        undefined,
        "'Payments' is not a valid Service name (^[a-z][a-z0-9-]{0,62}$)",
        "a Service named 'ledger' exists already",
        undefined,
        undefined,
        "'CHG-42' is not a valid Change name (^CHG-\\d{4}-\\d{4,}$)",
        "'KB-12' is not a valid Knowledge name (^KB-\\d{4,}$)",
      ],
    );
  });
});

describe('renameEdits', () => {
  it('renames a service: its name and every reference', () => {
    assert.deepEqual(rename('Service', 'pay', 'payments'), {
      edits: [
        { file: FILES.pay, covers: 'pay', line: 4, newText: 'payments' },
        { file: FILES.ledger, covers: 'pay', line: 11, newText: 'payments' },
        { file: FILES.template, covers: 'pay', line: 7, newText: 'payments' },
        { file: FILES.change, covers: 'pay', line: 7, newText: 'payments' },
        { file: FILES.release, covers: 'pay', line: 8, newText: 'payments' },
      ],
      // The service's file is named after it too, as the README's suggested layout does.
      fileRenames: [{ from: FILES.pay, to: 'service-management/services/payments.yaml' }],
    });
  });

  it('keeps the quotes a name was written with', () => {
    assert.deepEqual(rename('Team', 'team-b', 'platform'), {
      edits: [
        { file: FILES.teams, covers: 'team-b', line: 13, newText: 'platform' },
        { file: FILES.ledger, covers: '"team-b"', line: 7, newText: '"platform"' },
        { file: FILES.knowledge, covers: 'team-b', line: 11, newText: 'platform' },
      ],
      fileRenames: [],
    });
    assert.deepEqual(rename('Release', 'REL-2026.11.2', 'REL-2026.12.0'), {
      edits: [
        { file: FILES.release, covers: 'REL-2026.11.2', line: 4, newText: 'REL-2026.12.0' },
        { file: FILES.change, covers: "'REL-2026.11.2'", line: 15, newText: "'REL-2026.12.0'" },
      ],
      fileRenames: [{ from: FILES.release, to: 'service-management/releases/REL-2026.12.0.yaml' }],
    });
  });

  it('renames the file named after a change, and after a knowledge record keeping its words', () => {
    assert.deepEqual(rename('Change', 'CHG-2026-0042', 'CHG-2026-0043'), {
      edits: [
        { file: FILES.change, covers: 'CHG-2026-0042', line: 4, newText: 'CHG-2026-0043' },
        { file: FILES.release, covers: 'CHG-2026-0042', line: 10, newText: 'CHG-2026-0043' },
        { file: FILES.knowledge, covers: 'CHG-2026-0042', line: 10, newText: 'CHG-2026-0043' },
      ],
      fileRenames: [{ from: FILES.change, to: 'service-management/changes/CHG-2026-0043.yaml' }],
    });
    assert.deepEqual(rename('Knowledge', 'KB-0012', 'KB-0013'), {
      edits: [
        { file: FILES.knowledge, covers: 'KB-0012', line: 5, newText: 'KB-0013' },
        { file: FILES.change, covers: 'KB-0012', line: 16, newText: 'KB-0013' },
      ],
      fileRenames: [{ from: FILES.knowledge, to: 'service-management/knowledge/KB-0013-ledger-restart.md' }],
    });
  });

  it('leaves a file alone that is not named after the record, or whose name only starts with its id', () => {
    for (const file of [
      'service-management/changes/rotate-keys.yaml',
      'service-management/changes/CHG-2026-00501.yaml',
    ]) {
      const files = { ...CATALOGUE, [file]: CATALOGUE[FILES.change].replace('CHG-2026-0042', 'CHG-2026-0050') };
      const result = renameEdits(workspace(files), { kind: 'Change', name: 'CHG-2026-0050' }, 'CHG-2026-0051');
      assert.deepEqual(result, {
        edits: [{ file, span: workspace(files).file(file)!.records[0].nameSpan!, newText: 'CHG-2026-0051' }],
        fileRenames: [],
      });
    }
  });

  it('leaves a workspace that validates clean still clean, for every kind renamed', () => {
    const renames: [Kind, string, string][] = [
      ['Team', 'team-b', 'platform'],
      ['Service', 'pay', 'payments'],
      ['StandardChange', 'rotate-tls', 'rotate-certificates'],
      ['Change', 'CHG-2026-0042', 'CHG-2026-0043'],
      ['Release', 'REL-2026.11.2', 'REL-2026.12.0'],
      ['Knowledge', 'KB-0012', 'KB-0013'],
    ];
    assert.deepEqual(check(CATALOGUE), []);
    for (const [kind, from, to] of renames) {
      const result = renameEdits(index, { kind, name: from }, to);
      assert.ok(typeof result !== 'string', result as string);
      const renamed = applyRename(result);
      assert.deepEqual(check(renamed), [], `after renaming ${kind} ${from} to ${to}`);
      assert.deepEqual(workspace(renamed).definitions(kind, to).length, 1);
    }
  });

  it('refuses an invalid name and a name that is taken, with the reason', () => {
    assert.equal(
      rename('Service', 'pay', 'Payments API'),
      "'Payments API' is not a valid Service name (^[a-z][a-z0-9-]{0,62}$)",
    );
    assert.equal(rename('Service', 'pay', 'ledger'), "a Service named 'ledger' exists already");
    assert.equal(
      rename('Release', 'REL-2026.11.2', '2026.12'),
      "'2026.12' is not a valid Release name (^REL-[A-Za-z0-9._-]+$)",
    );
  });

  it('renames the references of a name nothing defines (fixing a typo everywhere)', () => {
    const files = {
      ...CATALOGUE,
      [FILES.ledger]: CATALOGUE[FILES.ledger].replace('    - pay', '    - pya'),
      'other.yaml': lines(
        'apiVersion: svcm/v1',
        'kind: StandardChange',
        'metadata:',
        '  name: other',
        'spec:',
        '  services: [pya]',
      ),
    };
    const result = renameEdits(workspace(files), { kind: 'Service', name: 'pya' }, 'pay-v2');
    assert.ok(typeof result !== 'string');
    assert.deepEqual(
      result.edits.map((e) => ({ ...show(e, files), newText: e.newText })),
      [
        { file: FILES.ledger, covers: 'pya', line: 11, newText: 'pay-v2' },
        { file: 'other.yaml', covers: 'pya', line: 6, newText: 'pay-v2' },
      ],
    );
    assert.deepEqual(result.fileRenames, []);
  });
});
