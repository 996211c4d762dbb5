import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ID_PATTERN } from '../../src/core/assist/locate';
import { KINDS } from '../../src/core/schema/vocabulary';
import { ENTITY_KINDS } from '../../src/core/backstage/model';
import { check } from './helpers';

const REPO = path.resolve(__dirname, '../..');
const read = (file: string) => JSON.parse(fs.readFileSync(path.join(REPO, file), 'utf8'));

/** A snippet body as the text it inserts when every placeholder keeps its default (first choice). */
function expand(body: string[]): string {
  const vars: Record<string, string> = {
    CURRENT_YEAR: '2026',
    CURRENT_MONTH: '11',
    CURRENT_DATE: '26',
    CURRENT_HOUR: '18',
    CURRENT_MINUTE: '00',
  };
  let text = body.join('\n');
  for (let i = 0; i < 5; i++) {
    text = text
      .replace(/\$\{(\d+)\|([^,|]*)[^}]*\|\}/g, '$2')
      .replace(/\$\{(\d+):([^{}]*)\}/g, '$2')
      .replace(/\$\{([A-Z_]+)\}/g, (_, v: string) => vars[v] ?? '')
      .replace(/\$\d+/g, '');
  }
  // `\$` is a literal dollar (a Backstage `$text` placeholder).
  return `${text.replace(/\\\$/g, '$')}\n`;
}

describe('contributed snippets and grammar', () => {
  const yamlSnippets = read('snippets/yaml.json') as Record<string, { prefix: string[]; body: string[] }>;
  const markdownSnippets = read('snippets/markdown.json') as Record<string, { prefix: string[]; body: string[] }>;

  it('there is a snippet for every kind and every change type', () => {
    const bodies = Object.values(yamlSnippets).map((s) => expand(s.body));
    for (const kind of KINDS)
      assert.ok(
        bodies.some((b) => b.includes(`kind: ${kind}\n`)),
        `no snippet for ${kind}`,
      );
    for (const kind of ENTITY_KINDS)
      assert.ok(
        bodies.some((b) => b.includes('apiVersion: backstage.io/v1alpha1\n') && b.includes(`kind: ${kind}\n`)),
        `no snippet for the Backstage ${kind}`,
      );
    for (const type of ['standard', 'normal', 'emergency'])
      assert.ok(
        bodies.some((b) => b.includes(`type: ${type}\n`)),
        `no snippet for a ${type} change`,
      );
  });

  for (const [name, snippet] of [...Object.entries(yamlSnippets), ...Object.entries(markdownSnippets)]) {
    it(`'${name}' inserts a record with no syntax or schema errors`, () => {
      const markdown = Object.prototype.hasOwnProperty.call(markdownSnippets, name);
      const text = expand(snippet.body);
      const file = markdown ? 'knowledge/KB-0001-title.md' : `records/${/name: (\S+)/.exec(text)?.[1] ?? 'x'}.yaml`;
      const bad = check({ [file]: text }).filter((s) => ['yaml-syntax', 'schema', 'unknown-kind'].includes(s.code));
      assert.deepEqual(bad, [], text);
    });
  }

  it('the injection grammar matches the same ids as document links', () => {
    const grammar = read('syntaxes/svcm-ids.injection.tmLanguage.json');
    const patterns = Object.values(grammar.repository as Record<string, { match: string }>).map(
      (r) => new RegExp(r.match, 'g'),
    );
    const text = 'Fixes CHG-2026-0042 (REL-2026.11.2, KB-0012); not CHG-26-1 or KB-12 or XCHG-2026-0001.';
    const byGrammar = patterns.flatMap((p) => [...text.matchAll(p)].map((m) => m[0])).sort();
    const byLinks = [...text.matchAll(ID_PATTERN)].map((m) => m[1]).sort();
    assert.deepEqual(byGrammar, byLinks);
    assert.deepEqual(byLinks, ['CHG-2026-0042', 'KB-0012', 'REL-2026.11.2']);
  });
});
