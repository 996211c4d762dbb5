import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { escapeGithubData, escapeGithubProperty } from '../../src/cli/format';
import { RULE_CODES, RULE_TABLE } from '../../src/core/rules/codes';
import { KINDS } from '../../src/core/schema/vocabulary';
import {
  assertClean,
  copyFixture,
  REPO,
  requireBuiltCli,
  svcm,
  TempDirs,
  validateJson,
  writeTree,
  type JsonReport,
} from './cliSupport';

const UNKNOWN_SERVICE = "unknown service 'cli-paymnts': did you mean 'cli-payments'?";
const CHANGE = 'changes/CHG-2026-0001.yaml';
const VERSION = (JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

describe('svcm (built CLI)', function () {
  this.timeout(60_000);
  const temp = new TempDirs();
  /** A fresh copy of test/fixtures/cli: 4 records, one unknown reference. */
  let ws: string;

  before(requireBuiltCli);
  beforeEach(() => {
    ws = copyFixture('cli', path.join(temp.make(), 'ws'));
  });
  after(() => temp.cleanup());

  describe('help and version', () => {
    it('--version prints the package version', () => {
      const run = svcm(['--version'], ws);
      assertClean(run, 0);
      assert.equal(run.stdout, `${VERSION}\n`);
    });

    it('--help shows both commands, the formats and the exit statuses', () => {
      const run = svcm(['--help'], ws);
      assertClean(run, 0);
      for (const word of [
        'svcm validate [PATH...]',
        'svcm schema [KIND]',
        '--format',
        'sarif',
        'github',
        '--out DIR',
        'Exit status',
      ])
        assert.ok(run.stdout.includes(word), word);
      assert.equal(svcm(['help'], ws).stdout, run.stdout);
      assert.equal(svcm(['validate', '--help'], ws).stdout, run.stdout);
    });

    for (const [args, message] of [
      [[], /no command given/],
      [['lint'], /unknown command 'lint'/],
      [['validate', '--colour'], /unknown option '--colour'/i],
      [['validate', '--format', 'xml'], /unknown format 'xml': use text, json, sarif, github/],
      [['validate', '--format'], /argument missing|--format/],
      [['schema', '--format', 'json'], /--format applies to svcm validate/],
      [['validate', '--out', 'x'], /--out applies to svcm schema/],
    ] as [string[], RegExp][]) {
      it(`exits 2 with one line for: svcm ${args.join(' ')}`, () => {
        const run = svcm(args, ws);
        assertClean(run, 2);
        assert.equal(run.stdout, '');
        assert.match(run.stderr, /^svcm: /);
        assert.match(run.stderr, message);
      });
    }
  });

  describe('text format', () => {
    it('prints file:line:col severity code message, one-based, and a summary on stderr', () => {
      const run = svcm(['validate'], ws);
      assertClean(run, 1);
      assert.equal(run.stdout, `${CHANGE}:7:14 error unknown-reference ${UNKNOWN_SERVICE}\n`);
      assert.equal(run.stderr, 'svcm: 1 error, 0 warnings, 0 infos (4 records in 4 files)\n');
    });

    it('says so when there are no problems, and exits 0', () => {
      fs.rmSync(path.join(ws, CHANGE));
      const run = svcm(['validate'], ws);
      assertClean(run, 0);
      assert.equal(run.stdout, '');
      assert.equal(run.stderr, 'svcm: no problems (3 records in 3 files)\n');
    });
  });

  describe('json format', () => {
    it('is the contract of docs/cli.md: version 1, summary, zero-based ranges, paths with /', () => {
      const { report, run } = validateJson(ws, [], 1);
      assert.equal(run.stderr, '');
      assert.deepEqual(report, {
        version: 1,
        summary: { files: 4, records: 4, errors: 1, warnings: 0, infos: 0 },
        diagnostics: [
          {
            file: CHANGE,
            range: { start: { line: 6, character: 13 }, end: { line: 6, character: 24 } },
            severity: 'error',
            code: 'unknown-reference',
            message: UNKNOWN_SERVICE,
          },
        ],
      } satisfies JsonReport);
    });

    it('makes paths relative to the current folder, and resolves references across the whole workspace root', () => {
      // Run from the folder above: the PATH is inside the workspace whose root holds svcm.config.yaml.
      const parent = path.dirname(ws);
      const { report } = validateJson(parent, ['ws/changes'], 1);
      assert.deepEqual(report.summary, { files: 1, records: 1, errors: 1, warnings: 0, infos: 0 });
      assert.deepEqual(
        report.diagnostics.map((d) => [d.file, d.message]),
        [[`ws/${CHANGE}`, UNKNOWN_SERVICE]],
      );
    });

    it('reports only the files under the PATHs, counting only files that hold records', () => {
      const { report } = validateJson(ws, ['services', 'sub', 'knowledge/KB-0001-restart.md'], 0);
      // sub/notes.yaml holds no record: not counted.
      assert.deepEqual(report.summary, { files: 2, records: 2, errors: 0, warnings: 0, infos: 0 });
      assert.deepEqual(report.diagnostics, []);
    });

    it('counts warnings and infos, and exits 0 when there are no errors', () => {
      fs.writeFileSync(path.join(ws, 'svcm.config.yaml'), 'rules:\n  unknown-reference: warning\n');
      let { report } = validateJson(ws, [], 0);
      assert.deepEqual(report.summary, { files: 4, records: 4, errors: 0, warnings: 1, infos: 0 });
      assert.equal(report.diagnostics[0].severity, 'warning');
      fs.writeFileSync(path.join(ws, 'svcm.config.yaml'), 'rules:\n  unknown-reference: info\n');
      ({ report } = validateJson(ws, [], 0));
      assert.deepEqual(report.summary, { files: 4, records: 4, errors: 0, warnings: 0, infos: 1 });
      fs.writeFileSync(path.join(ws, 'svcm.config.yaml'), 'rules:\n  unknown-reference: off\n');
      ({ report } = validateJson(ws, [], 0));
      assert.deepEqual(report.diagnostics, []);
    });

    it('reports problems of svcm.config.yaml against the config file', () => {
      fs.writeFileSync(path.join(ws, 'svcm.config.yaml'), 'rules:\n  test-plan-requird: error\n');
      const { report } = validateJson(ws, [], 1);
      const config = report.diagnostics.filter((d) => d.file === 'svcm.config.yaml');
      assert.equal(config.length, 1);
      assert.deepEqual(config[0].range.start, { line: 1, character: 2 });
      assert.equal(config[0].code, 'schema');
      assert.match(config[0].message, /did you mean 'test-plan-required'/);
    });
  });

  describe('sarif format', () => {
    it('is SARIF 2.1.0 with the rule table and one-based regions', () => {
      const run = svcm(['validate', '--format', 'sarif'], ws);
      assertClean(run, 1);
      assert.equal(run.stderr, '');
      assertSarifShape(JSON.parse(run.stdout));
      const result = JSON.parse(run.stdout).runs[0].results[0];
      assert.equal(result.ruleId, 'unknown-reference');
      assert.equal(result.level, 'error');
      assert.equal(result.message.text, UNKNOWN_SERVICE);
      assert.deepEqual(result.locations[0].physicalLocation, {
        artifactLocation: { uri: CHANGE },
        region: { startLine: 7, startColumn: 14, endLine: 7, endColumn: 25 },
      });
    });

    it('maps info to note and keeps an empty run valid', () => {
      fs.writeFileSync(path.join(ws, 'svcm.config.yaml'), 'rules:\n  unknown-reference: info\n');
      let sarif = JSON.parse(svcm(['validate', '--format', 'sarif'], ws).stdout);
      assertSarifShape(sarif);
      assert.equal(sarif.runs[0].results[0].level, 'note');
      fs.rmSync(path.join(ws, CHANGE));
      sarif = JSON.parse(svcm(['validate', '--format', 'sarif'], ws).stdout);
      assertSarifShape(sarif);
      assert.deepEqual(sarif.runs[0].results, []);
    });
  });

  describe('github format', () => {
    it('prints one workflow command per diagnostic', () => {
      const run = svcm(['validate', '--format', 'github'], ws);
      assertClean(run, 1);
      assert.equal(
        run.stdout,
        `::error file=${CHANGE},line=7,col=14,endLine=7,endColumn=25,title=unknown-reference::${UNKNOWN_SERVICE}\n`,
      );
    });

    it('uses warning and notice, and escapes , and : in properties', () => {
      writeTree(ws, {
        'svcm.config.yaml': 'rules:\n  unknown-reference: warning\n  schema: info\n',
        'odd/a,b:c.yaml': 'apiVersion: svcm/v1\nkind: Team\nmetadata:\n  name: odd-team\n  titel: Odd\n',
      });
      const lines = svcm(['validate', '--format', 'github'], ws).stdout.trimEnd().split('\n');
      assert.deepEqual(lines, [
        `::warning file=${CHANGE},line=7,col=14,endLine=7,endColumn=25,title=unknown-reference::${UNKNOWN_SERVICE}`,
        "::notice file=odd/a%2Cb%3Ac.yaml,line=5,col=3,endLine=5,endColumn=8,title=schema::unknown field 'titel' in metadata: did you mean 'title'?",
      ]);
    });

    it('escapes %, CR and LF in messages, and also , and : in properties', () => {
      assert.equal(escapeGithubData('100% done\r\nnext: a,b'), '100%25 done%0D%0Anext: a,b');
      assert.equal(escapeGithubProperty('a%b\nc:d,e'), 'a%25b%0Ac%3Ad%2Ce');
    });
  });

  describe('exit status', () => {
    it('is 2, with the reason and no output, for a PATH that does not exist', () => {
      const run = svcm(['validate', 'services', 'no-such-folder'], ws);
      assertClean(run, 2);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, /^svcm: cannot read 'no-such-folder': no such file or folder\n/);
    });

    it('is 2 for a PATH that is not a file or folder (a FIFO), without opening it', function () {
      if (process.platform === 'win32') this.skip();
      execMkfifo(path.join(ws, 'pipe.yaml'));
      const run = svcm(['validate', 'pipe.yaml'], ws, 20_000);
      assertClean(run, 2);
      assert.match(run.stderr, /cannot read 'pipe\.yaml': not a regular file or folder/);
    });

    it('is 1 for errors and 0 for a clean workspace, in every format', () => {
      for (const format of ['text', 'json', 'sarif', 'github'])
        assertClean(svcm(['validate', '--format', format], ws), 1);
      fs.rmSync(path.join(ws, CHANGE));
      for (const format of ['text', 'json', 'sarif', 'github'])
        assertClean(svcm(['validate', '--format', format], ws), 0);
    });
  });

  describe('schema', () => {
    it('prints one JSON Schema document for every kind, with $defs and oneOf', () => {
      const run = svcm(['schema'], ws);
      assertClean(run, 0);
      const schema = JSON.parse(run.stdout);
      assert.equal(schema.$schema, 'https://json-schema.org/draft/2020-12/schema');
      assert.ok(schema.title && schema.description);
      assert.deepEqual(Object.keys(schema.$defs).sort(), [...KINDS].sort());
      assert.deepEqual(
        schema.oneOf,
        KINDS.map((k) => ({ $ref: `#/$defs/${k}` })),
      );
      for (const kind of KINDS) {
        assert.equal(schema.$defs[kind].properties.kind.const, kind);
        assert.equal(schema.$defs[kind].properties.apiVersion.const, 'svcm/v1');
        assert.equal(schema.$defs[kind].$schema, undefined, 'no $schema inside $defs');
      }
    });

    it('prints one kind, with title and description, defaults not required (io: input)', () => {
      const run = svcm(['schema', 'Service'], ws);
      assertClean(run, 0);
      const schema = JSON.parse(run.stdout);
      assert.equal(schema.title, 'svcm Service');
      assert.match(schema.description, /service catalogue/);
      assert.equal(schema.properties.kind.const, 'Service');
      const spec = schema.properties.spec;
      assert.deepEqual([...spec.required].sort(), ['owner', 'phase', 'tier']);
      assert.deepEqual(spec.properties.type.enum, ['business', 'technical']);
      assert.equal(spec.additionalProperties, false);
      assert.deepEqual(JSON.parse(svcm(['schema', 'service'], ws).stdout), schema, 'kinds are matched in any case');
    });

    it('fails on an unknown kind with exit 2 and a suggestion', () => {
      const run = svcm(['schema', 'Servce'], ws);
      assertClean(run, 2);
      assert.equal(run.stdout, '');
      assert.match(
        run.stderr,
        /^svcm: unknown kind 'Servce': use one of Team, Service, StandardChange, Change, Release, Knowledge; did you mean 'Service'\?/,
      );
    });

    it('--out DIR writes one file per kind plus svcm.schema.json', () => {
      const run = svcm(['schema', '--out', 'out/schemas'], ws);
      assertClean(run, 0);
      const dir = path.join(ws, 'out', 'schemas');
      assert.deepEqual(fs.readdirSync(dir).sort(), [
        'change.schema.json',
        'knowledge.schema.json',
        'release.schema.json',
        'service.schema.json',
        'standard-change.schema.json',
        'svcm.schema.json',
        'team.schema.json',
      ]);
      assert.equal(
        JSON.parse(fs.readFileSync(path.join(dir, 'standard-change.schema.json'), 'utf8')).properties.kind.const,
        'StandardChange',
      );
      assert.deepEqual(
        JSON.parse(fs.readFileSync(path.join(dir, 'svcm.schema.json'), 'utf8')),
        JSON.parse(svcm(['schema'], ws).stdout),
      );
    });
  });
});

function execMkfifo(file: string): void {
  execFileSync('mkfifo', [file]);
}

/** The fields of SARIF 2.1.0 that code scanning reads, checked one by one. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function assertSarifShape(sarif: any): void {
  assert.equal(typeof sarif.$schema, 'string');
  assert.match(sarif.$schema, /sarif.*2\.1\.0/);
  assert.equal(sarif.version, '2.1.0');
  assert.ok(Array.isArray(sarif.runs) && sarif.runs.length === 1, 'one run');
  const driver = sarif.runs[0].tool.driver;
  assert.equal(driver.name, 'svcm');
  assert.deepEqual(
    driver.rules.map((r: { id: string }) => r.id),
    RULE_CODES,
  );
  for (const rule of driver.rules) {
    assert.equal(typeof rule.shortDescription.text, 'string');
    assert.ok(rule.shortDescription.text.length > 0);
    const code = rule.id as keyof typeof RULE_TABLE;
    assert.equal(
      rule.defaultConfiguration.level,
      { error: 'error', warning: 'warning', info: 'note' }[RULE_TABLE[code].severity],
    );
  }
  assert.ok(Array.isArray(sarif.runs[0].results));
  for (const result of sarif.runs[0].results) {
    assert.ok(RULE_CODES.includes(result.ruleId), `ruleId ${result.ruleId}`);
    assert.ok(['error', 'warning', 'note'].includes(result.level), `level ${result.level}`);
    assert.equal(typeof result.message.text, 'string');
    const location = result.locations[0].physicalLocation;
    assert.equal(typeof location.artifactLocation.uri, 'string');
    assert.ok(!location.artifactLocation.uri.includes('\\'), 'uri uses /');
    const { startLine, startColumn, endLine, endColumn } = location.region;
    for (const n of [startLine, startColumn, endLine, endColumn])
      assert.ok(Number.isInteger(n) && n >= 1, 'one-based region');
    assert.ok(
      endLine > startLine || (endLine === startLine && endColumn >= startColumn),
      'region ends after it starts',
    );
  }
}
