import * as assert from 'node:assert/strict';
import { isUtf8 } from 'node:buffer';
import * as fs from 'node:fs';
import fc from 'fast-check';
import * as path from 'node:path';
import { DEFAULT_CONFIG } from '../../src/core/config';
import { firstInvalidUtf8 } from '../../src/core/parse/decode';
import { WorkspaceIndex } from '../../src/core/index/workspaceIndex';
import { parseBytes } from '../../src/core/parse/parseFile';
import { validateAllUpdatingIndex } from '../../src/core/validate';
import { assertClean, at, requireBuiltCli, TempDirs, validateJson, writeTree, type JsonDiagnostic } from './cliSupport';
import { lines, TODAY } from './helpers';

/** What a person sees of a diagnostic: where it starts (one-based), the code, the message. */
interface Seen {
  at: string;
  code: string;
  message: string;
}

const TEAM_HEAD = ['apiVersion: svcm/v1', 'kind: Team', 'metadata:', '  name: team-a'];

/**
 * Hostile and broken files: each must give a clear diagnostic at the right place,
 * through the built CLI, without a crash, a hang or a stack trace.
 */
describe('bad input (built CLI)', function () {
  this.timeout(120_000);
  const temp = new TempDirs();
  before(requireBuiltCli);
  after(() => temp.cleanup());

  /** Validates one file, alone in a fresh workspace; returns its diagnostics and the report. */
  function check(content: string | Uint8Array, name = 'record.yaml', status = 1) {
    const root = temp.make();
    writeTree(root, { [name]: content });
    const { report, run } = validateJson(root, [], status);
    assertClean(run, status);
    for (const d of report.diagnostics) assert.equal(d.file, name);
    return { seen: report.diagnostics.map(seen), diagnostics: report.diagnostics, summary: report.summary };
  }

  it('malformed YAML: a syntax error where the YAML breaks', () => {
    const { seen } = check(lines(...TEAM_HEAD, 'spec:', '  email: a: b'));
    assert.deepEqual(seen, [
      { at: '6:10', code: 'yaml-syntax', message: 'nested mappings are not allowed in compact mappings' },
    ]);
    const indented = check(lines(...TEAM_HEAD, 'spec:', '   email: a', '  chat: b'));
    assert.deepEqual(
      indented.seen.map((s) => [s.at, s.code]),
      [['7:1', 'yaml-syntax']],
    );
  });

  it('duplicate keys: an error on the second occurrence, covering the key', () => {
    const { diagnostics } = check(
      lines(...TEAM_HEAD, 'spec:', '  email: a@example.com', '  chat: "#team-a"', '  email: b@example.com'),
    );
    assert.deepEqual(diagnostics.map(seen), [
      { at: '8:3', code: 'yaml-syntax', message: "duplicate key 'email': each key may appear once in a map" },
    ]);
    assert.deepEqual(diagnostics[0].range.end, { line: 7, character: 7 });
  });

  it('an alias bomb (billion laughs, 9 levels): refused at the first alias, not expanded', () => {
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 9; i++) {
      const name = String.fromCharCode(97 + i);
      const previous = String.fromCharCode(96 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${previous}`).join(', ')}]`);
    }
    const { seen } = check(lines(...TEAM_HEAD, '  labels:', ...levels.map((l) => `    ${l}`)));
    assert.deepEqual(
      seen.map((s) => [s.at, s.code]),
      [['7:12', 'yaml-syntax']],
    );
    assert.match(seen[0].message, /too many alias expansions/);
  });

  it('50,000 nested flow sequences on one line: "nesting too deep" at the outermost bracket', () => {
    const { seen } = check(lines(...TEAM_HEAD, 'spec:', `  members: ${'['.repeat(50_000)}${']'.repeat(50_000)}`));
    assert.deepEqual(
      seen.map((s) => [s.at, s.code]),
      [['6:12', 'yaml-syntax']],
    );
    assert.match(seen[0].message, /nesting too deep/);
  });

  it('50,000 nested block sequences on one line (- - - -): "nesting too deep" at the line', () => {
    const { seen } = check(lines(...TEAM_HEAD, 'spec:', '  members:', `    ${'- '.repeat(50_000)}x`));
    assert.deepEqual(
      seen.map((s) => [s.at, s.code]),
      [['7:1', 'yaml-syntax']],
    );
    assert.match(seen[0].message, /nesting too deep/);
  });

  it('binary content (a NUL byte): one error at the NUL', () => {
    const bytes = Buffer.concat([
      Buffer.from(`${lines(...TEAM_HEAD, 'spec:')}  email: ab`),
      Buffer.from([0, 1, 2, 0]),
      Buffer.from('\n'),
    ]);
    const { seen } = check(bytes);
    assert.deepEqual(
      seen.map((s) => [s.at, s.code]),
      [['6:12', 'yaml-syntax']],
    );
    assert.match(seen[0].message, /NUL byte/);
  });

  it('invalid UTF-8: one error at the bad byte, in a file that declares apiVersion: svcm/v1', () => {
    const bytes = Buffer.concat([
      Buffer.from(`${lines(...TEAM_HEAD, 'spec:')}  email: é`),
      Buffer.from([0xc3, 0x28]),
      Buffer.from('\n'),
    ]);
    const { seen } = check(bytes);
    // Columns count UTF-16 units: "é" is two bytes but one column, so the bad byte is at column 11.
    assert.deepEqual(
      seen.map((s) => [s.at, s.code]),
      [['6:11', 'yaml-syntax']],
    );
    assert.match(seen[0].message, /invalid UTF-8/);
  });

  it('CRLF line endings with a BOM: the same lines and columns as the LF file', () => {
    const lf = lines(...TEAM_HEAD, '  titel: Team A', 'spec:', '  emial: a@example.com', '  members: [ann, 42]');
    const plain = check(lf).diagnostics;
    const crlf = check(`\uFEFF${lf.replace(/\n/g, '\r\n')}`).diagnostics;
    assert.equal(plain.length, 3);
    assert.deepEqual(crlf, plain);
    assert.deepEqual(
      plain.map((d) => at(d)),
      ['5:3', '7:3', '8:18'],
    );
  });

  it('__proto__ and constructor keys: unknown fields, and nothing is polluted', () => {
    const text = lines(
      'apiVersion: svcm/v1',
      'kind: Team',
      '__proto__: {polluted: yes}',
      'metadata:',
      '  name: team-a',
      '  constructor: {prototype: {polluted: yes}}',
      'spec:',
      '  __proto__:',
      '    polluted: yes',
    );
    const { seen } = check(text);
    assert.deepEqual(
      seen.map((s) => [s.at, s.code, s.message]),
      [
        ['3:1', 'schema', "unknown field '__proto__'"],
        ['6:3', 'schema', "unknown field 'constructor' in metadata"],
        ['8:3', 'schema', "unknown field '__proto__' in spec"],
      ],
    );
    // The same text through the core in this process: no object prototype gains a property.
    const index = new WorkspaceIndex();
    index.upsert(parseBytes('record.yaml', Buffer.from(text)));
    validateAllUpdatingIndex(index, { config: DEFAULT_CONFIG, today: TODAY });
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
    assert.equal((Object.prototype as Record<string, unknown>).polluted, undefined);
  });

  it('custom tags (!!js/function, !!python/object): schema errors, never resolved', () => {
    const { seen } = check(
      lines(
        ...TEAM_HEAD,
        'spec:',
        '  email: !!js/function "function () { return 1 }"',
        '  chat: !!python/object:os.system [ls]',
      ),
    );
    assert.deepEqual(
      seen.map((s) => [s.at, s.code]),
      [
        ['6:10', 'schema'],
        ['7:9', 'schema'],
      ],
    );
    assert.match(seen[0].message, /tag !!js\/function is not allowed/);
    assert.match(seen[1].message, /tag !!python\/object:os\.system is not allowed/);
  });

  it('null or a list where a map belongs', () => {
    const service = (spec: string) =>
      lines('apiVersion: svcm/v1', 'kind: Service', 'metadata:', '  name: pay', `spec: ${spec}`);
    assert.deepEqual(check(service('null')).seen, [
      { at: '5:7', code: 'schema', message: 'spec must be a map, not empty (null)' },
    ]);
    assert.deepEqual(check(service('[]')).seen, [
      { at: '5:7', code: 'schema', message: 'spec must be a map, not a list' },
    ]);
    const meta = check(lines('apiVersion: svcm/v1', 'kind: Team', 'metadata: [a]'));
    assert.deepEqual(meta.seen, [{ at: '3:11', code: 'schema', message: 'metadata must be a map, not a list' }]);
  });

  it('a file over the 5 MB limit holding a 20 MB string: one "too large" error, without parsing it', () => {
    const root = temp.make();
    const file = path.join(root, 'big.yaml');
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, lines(...TEAM_HEAD, 'spec:', '  email: "'));
    fs.writeSync(fd, Buffer.alloc(20 * 1024 * 1024, 0x78));
    fs.writeSync(fd, '"\n');
    fs.closeSync(fd);
    const { report } = validateJson(root, [], 1);
    assert.deepEqual(report.diagnostics.map(seen), [
      {
        at: '1:1',
        code: 'yaml-syntax',
        message: "file not checked: it is 20.0 MB, above svcm's 5.0 MB limit for a record file",
      },
    ]);
    assert.equal(report.summary.records, 0);
  });

  it('30,000 documents in one file: all read, the one error reported at its line', () => {
    const docs: string[] = [];
    for (let i = 0; i < 30_000; i++)
      docs.push(
        lines(
          'apiVersion: svcm/v1',
          'kind: Team',
          'metadata:',
          `  name: team-${i}`,
          i === 29_999 ? '  titel: Last' : '  title: Team',
        ),
      );
    const { seen, summary } = check(docs.join('---\n'));
    // Each document is 5 lines plus its `---`: the last one starts on line 6 * 29,999 + 1.
    assert.deepEqual(seen, [
      {
        at: `${6 * 29_999 + 5}:3`,
        code: 'schema',
        message: "unknown field 'titel' in metadata: did you mean 'title'?",
      },
    ]);
    assert.deepEqual(summary, { files: 1, records: 30_000, errors: 1, warnings: 0, infos: 0 });
  });
});

function seen(d: JsonDiagnostic): Seen {
  return { at: at(d), code: d.code, message: d.message };
}

describe('UTF-8 check', () => {
  it("Node's isUtf8 refuses exactly the bytes firstInvalidUtf8 finds a bad byte in", () => {
    const piece = fc.oneof(
      fc.uint8Array({ maxLength: 6 }),
      fc.constantFrom(...['a', 'é', '€', '😀', '\uFFFF'].map((s) => Buffer.from(s))),
      fc.constantFrom([0xc0, 0x80], [0xed, 0xa0, 0x80], [0xf4, 0x90, 0x80, 0x80], [0xe2, 0x82], [0xf0, 0x9f, 0x98]),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), (pieces) => {
        const bytes = Buffer.concat(pieces.map((p) => Buffer.from(p)));
        assert.equal(isUtf8(bytes), firstInvalidUtf8(bytes) < 0, bytes.toString('hex'));
      }),
      { numRuns: 3000 },
    );
  });
});

/** Where nesting of `[`/`{` first goes deeper than `max`, character by character: what `parseFile` must find. */
function tooDeepFlowByCharacter(text: string, max: number): { start: number; end: number } | undefined {
  let depth = 0;
  let outermost = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' || c === '{') {
      if (depth === 0) outermost = i;
      if (++depth > max) return { start: outermost, end: i + 1 };
    } else if (c === ']' || c === '}') {
      if (depth > 0) depth--;
    } else if (c === '\n' && (text.startsWith('---', i + 1) || text.startsWith('...', i + 1))) depth = 0;
  }
  return undefined;
}

/** The line whose run of indentation and block indicators first passes `max`, character by character. */
function tooDeepByCharacter(text: string, max: number): { start: number; end: number } | undefined {
  for (let start = 0; start <= text.length;) {
    let end = start;
    while (end < text.length && ' \t-?:'.includes(text[end])) end++;
    if (end - start > max) return { start, end };
    const nl = text.indexOf('\n', end);
    if (nl < 0) return undefined;
    start = nl + 1;
  }
  return undefined;
}

describe('nesting too deep', () => {
  it('is found where counting character by character finds it: lines start after \\n only', () => {
    const MAX_INDENT_PREFIX = 2000;
    const piece = fc.oneof(
      // Long runs of blanks, a few indicators among them (long runs of those make a slow parse when not refused).
      fc.integer({ min: 1, max: 1200 }).map((n) => ' '.repeat(n)),
      fc.integer({ min: 1, max: 600 }).map((n) => '\t'.repeat(n)),
      fc.constantFrom('- ', '?', ':', '\n', '\r\n', '\r', 'x', '# c', '\u2028'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 8 }), fc.boolean(), (pieces, first) => {
        const record = 'apiVersion: svcm/v1\nkind: Team\nmetadata:\n  name: a\nspec:\n';
        const text = first ? `${pieces.join('')}\n${record}` : `${record}${pieces.join('')}\n`;
        const want = tooDeepByCharacter(text, MAX_INDENT_PREFIX);
        const deep = parseBytes('deep.yaml', Buffer.from(text)).fileFindings.find((f) =>
          f.message.includes(`more than ${MAX_INDENT_PREFIX} columns`),
        );
        assert.deepEqual(deep?.span, want);
      }),
      { numRuns: 400 },
    );
  });

  it('is found where counting bracket by bracket finds it, across document markers, quotes and closers', () => {
    const MAX_FLOW_DEPTH = 500;
    // Runs of openers long enough to pass the limit now and then, closers, document markers, and text between.
    const piece = fc.oneof(
      fc.integer({ min: 1, max: 260 }).map((n) => '['.repeat(n)),
      fc.integer({ min: 1, max: 260 }).map((n) => '{'.repeat(n)),
      fc.integer({ min: 1, max: 200 }).map((n) => ']}'.repeat(n)),
      fc.constantFrom('\n---\n', '\n...\n', '\n--', '\n..', 'a: ', '"[{"', '\n', ' # ]'),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 12 }), (pieces) => {
        const text = `apiVersion: svcm/v1\nkind: Team\nmetadata:\n  name: a\nspec: ${pieces.join('')}\n`;
        const want = tooDeepFlowByCharacter(text, MAX_FLOW_DEPTH);
        const deep = parseBytes('deep.yaml', Buffer.from(text)).fileFindings.find((f) =>
          f.message.includes(`more than ${MAX_FLOW_DEPTH} levels`),
        );
        assert.deepEqual(deep?.span, want);
      }),
      { numRuns: 400 },
    );
  });
});
