import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { RULE_TABLE } from '../../src/core/rules/codes';

// docs/ is the contract in our own words: these tests keep it and the code from drifting apart.

const ROOT = path.resolve(__dirname, '../..');
const read = (file: string) => fs.readFileSync(path.join(ROOT, file), 'utf8');

/** The rows of the first Markdown table whose header starts with `| code | severity |`: code -> severity. */
function codeTable(markdown: string): Map<string, string> {
  const start = markdown.indexOf('| code | severity |');
  assert.ok(start >= 0, 'no rule table');
  const rows = new Map<string, string>();
  for (const line of markdown.slice(start).split('\n').slice(2)) {
    const m = /^\| `([a-z-]+)` \| (error|warning|info) \|/.exec(line);
    if (!m) break;
    rows.set(m[1], m[2]);
  }
  return rows;
}

describe('docs/', () => {
  it('docs/rules.md and the README list exactly the rule codes of the code, with their default severities, in order', () => {
    const expected = Object.entries(RULE_TABLE).map(([code, { severity }]) => [code, severity]);
    assert.deepEqual([...codeTable(read('docs/rules.md'))], expected);
    assert.deepEqual([...codeTable(read('README.md'))], expected);
  });

  it('docs/commands.md lists commands that package.json contributes', () => {
    const contributed = new Set(
      (
        JSON.parse(read('package.json')) as { contributes: { commands: { command: string }[] } }
      ).contributes.commands.map((c) => c.command),
    );
    const documented = [...read('docs/commands.md').matchAll(/^\| `(svcm\.[A-Za-z.]+)` \|/gm)].map((m) => m[1]);
    assert.ok(documented.length >= 6, documented.join(', '));
    for (const command of documented) assert.ok(contributed.has(command), `${command} is not contributed`);
  });

  it("docs/language-server.md states every one of svcm's own requests and notifications", () => {
    const methods = [...read('src/server/protocol.ts').matchAll(/^export const \w+ = '(svcm\/\w+)';$/gm)].map(
      (m) => m[1],
    );
    assert.ok(methods.length >= 10, methods.join(', '));
    const documented = new Set([...read('docs/language-server.md').matchAll(/^\| `(svcm\/\w+)`/gm)].map((m) => m[1]));
    assert.deepEqual(
      methods.filter((m) => !documented.has(m)),
      [],
    );
  });

  it('the code cites docs/, not a brief outside the repository', () => {
    const brief = ['SP', 'EC'].join('');
    const offenders: string[] = [];
    const cited = new Set<string>();
    const walk = (dir: string) => {
      for (const entry of fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true })) {
        const rel = `${dir}/${entry.name}`;
        if (entry.isDirectory()) walk(rel);
        else if (/\.(ts|mjs|js)$/.test(entry.name)) {
          const text = read(rel);
          if (text.includes(brief)) offenders.push(rel);
          if (dir.startsWith('src')) for (const m of text.matchAll(/docs\/[a-z-]+\.md/g)) cited.add(m[0]);
        }
      }
    };
    walk('src');
    walk('test');
    assert.deepEqual(offenders, []);
    assert.ok(cited.size >= 4, [...cited].join(', '));
    for (const doc of cited) assert.ok(fs.existsSync(path.join(ROOT, doc)), `src cites ${doc}, which does not exist`);
  });
});
