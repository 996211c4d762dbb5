import * as assert from 'node:assert/strict';
import { documentSymbols, workspaceSymbols, type RecordSymbol } from '../../../src/core/assist/symbols';
import { parseFile } from '../../../src/core/parse/parseFile';
import { lines, workspace } from '../helpers';
import { CATALOGUE, FILES } from './support';

const index = workspace(CATALOGUE);

/** A symbol with its spans shown as the text they cover (the document's first line, and the name). */
function show(symbol: RecordSymbol, files: Record<string, string> = CATALOGUE) {
  const text = files[symbol.file];
  const { span, selection, ...rest } = symbol;
  return {
    ...rest,
    starts: text.slice(span.start).split('\n')[0],
    selects: text.slice(selection.start, selection.end),
  };
}

describe('documentSymbols', () => {
  it('gives one symbol per record of a multi-document file, in file order, spanning each document', () => {
    const parsed = parseFile(FILES.teams, CATALOGUE[FILES.teams]);
    const symbols = documentSymbols(parsed);
    assert.deepEqual(
      symbols.map((s) => show(s)),
      [
        {
          name: 'team-a',
          detail: 'Payments Team',
          kind: 'Team',
          file: FILES.teams,
          starts: 'apiVersion: svcm/v1',
          selects: 'team-a',
        },
        // A document's span starts at its `---` marker.
        { name: 'team-b', detail: 'Team', kind: 'Team', file: FILES.teams, starts: '---', selects: 'team-b' },
      ],
    );
    const text = CATALOGUE[FILES.teams];
    assert.deepEqual(
      symbols.map((s) => [s.span.start, s.span.end]),
      [
        [0, text.indexOf('---\n')],
        [text.indexOf('---\n'), text.length],
      ],
    );
  });

  it('describes a change by its summary and a knowledge record by its title, spanning only the front matter', () => {
    assert.deepEqual(
      documentSymbols(parseFile(FILES.change, CATALOGUE[FILES.change])).map((s) => show(s)),
      [
        {
          name: 'CHG-2026-0042',
          detail: 'Rotate the ledger keys',
          kind: 'Change',
          file: FILES.change,
          starts: 'apiVersion: svcm/v1',
          selects: 'CHG-2026-0042',
        },
      ],
    );
    const [kb] = documentSymbols(parseFile(FILES.knowledge, CATALOGUE[FILES.knowledge]));
    assert.deepEqual(show(kb), {
      name: 'KB-0012',
      detail: 'Restart the ledger',
      kind: 'Knowledge',
      file: FILES.knowledge,
      starts: '---',
      selects: 'KB-0012',
    });
    assert.ok(kb.span.end < CATALOGUE[FILES.knowledge].indexOf('# Restart'));
  });

  it('leaves out records with no name or an unknown kind, and files that are not ours', () => {
    const text = lines(
      'apiVersion: svcm/v1',
      'kind: Incident',
      'metadata:',
      '  name: inc-1',
      '---',
      'apiVersion: svcm/v1',
      'kind: Service',
      'metadata:',
      '  title: Nameless',
      '---',
      'apiVersion: svcm/v1',
      'kind: Service',
      'metadata:',
      '  name: billing',
    );
    assert.deepEqual(
      documentSymbols(parseFile('mixed.yaml', text)).map((s) => show(s, { 'mixed.yaml': text })),
      [{ name: 'billing', detail: 'Service', kind: 'Service', file: 'mixed.yaml', starts: '---', selects: 'billing' }],
    );
    assert.deepEqual(
      documentSymbols(parseFile('deploy.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n')),
      [],
    );
  });

  it('still names a record with a syntax error, by its kind', () => {
    const text = lines(
      'apiVersion: svcm/v1',
      'kind: Service',
      'metadata:',
      '  name: billing',
      '  title: Billing',
      'spec:',
      '  owner: team-a',
      '  owner: team-b',
    );
    assert.deepEqual(
      documentSymbols(parseFile('billing.yaml', text)).map((s) => show(s, { 'billing.yaml': text })),
      [
        {
          name: 'billing',
          detail: 'Service',
          kind: 'Service',
          file: 'billing.yaml',
          starts: 'apiVersion: svcm/v1',
          selects: 'billing',
        },
      ],
    );
  });
});

describe('workspaceSymbols', () => {
  const names = (query: string, limit?: number) => workspaceSymbols(index, query, limit).map((s) => s.name);

  it('lists every record for an empty query, by name', () => {
    assert.deepEqual(names(''), [
      'CHG-2026-0042',
      'KB-0012',
      'ledger',
      'pay',
      'REL-2026.11.2',
      'rotate-tls',
      'team-a',
      'team-b',
    ]);
  });

  it('finds a record by a prefix of its name, case-insensitively, with its file and name span', () => {
    const [symbol, ...rest] = workspaceSymbols(index, 'chg-2026');
    assert.deepEqual(rest, []);
    assert.deepEqual(show(symbol), {
      name: 'CHG-2026-0042',
      detail: 'Rotate the ledger keys',
      kind: 'Change',
      file: FILES.change,
      starts: 'apiVersion: svcm/v1',
      selects: 'CHG-2026-0042',
    });
  });

  it('ranks a name prefix over a name substring over a subsequence, and names over titles', () => {
    // "led": prefix of ledger; in the summary of the change ("the ledger keys") and the title of KB-0012 ("Restart the ledger").
    assert.deepEqual(names('led'), ['ledger', 'CHG-2026-0042', 'KB-0012']);
    // "tls": a substring of rotate-tls; only a subsequence of the change's summary ("roTate the Ledger keyS").
    assert.deepEqual(names('tls'), ['rotate-tls', 'CHG-2026-0042']);
    // "rot-s": only a subsequence, of rotate-tls.
    assert.deepEqual(names('rot-s'), ['rotate-tls']);
  });

  it('finds a record by its title', () => {
    assert.deepEqual(names('payments'), ['pay', 'team-a']);
    assert.deepEqual(names('November'), ['REL-2026.11.2']);
  });

  it('finds nothing for a query that matches nothing, and stops at the limit', () => {
    assert.deepEqual(names('zzz'), []);
    assert.deepEqual(names('', 3), ['CHG-2026-0042', 'KB-0012', 'ledger']);
  });
});
