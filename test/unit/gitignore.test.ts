import * as assert from 'node:assert/strict';
import { GitignoreRules } from '../../src/core/index/gitignore';

describe('GitignoreRules', () => {
  const rules = new GitignoreRules();
  rules.add('', 'build/\n*.log\ngenerated/*.yaml\n!generated/keep.yaml\n');
  rules.add('docs', 'drafts/\n!important.log\n');

  it('skips node_modules and .git anywhere', () => {
    assert.equal(rules.ignores('node_modules/x/a.yaml'), true);
    assert.equal(rules.ignores('a/.git/config.yaml'), true);
  });

  it('applies each file to its own folder', () => {
    assert.equal(rules.ignores('build/a.yaml'), true);
    assert.equal(rules.ignores('src/build/a.yaml'), true);
    assert.equal(rules.ignores('docs/drafts/a.md'), true);
    assert.equal(rules.ignores('drafts/a.md'), false);
  });

  it('lets the deepest file with an opinion decide', () => {
    assert.equal(rules.ignores('x.log'), true);
    assert.equal(rules.ignores('docs/important.log'), false);
    assert.equal(rules.ignores('generated/a.yaml'), true);
    assert.equal(rules.ignores('generated/keep.yaml'), false);
  });

  it('never brings back a file inside an ignored folder', () => {
    const r = new GitignoreRules();
    r.add('', 'out/\n!out/a.yaml\n');
    assert.equal(r.ignores('out/a.yaml'), true);
  });

  it('ignores nothing else', () => {
    assert.equal(rules.ignores('service-management/changes/CHG-2026-0001.yaml'), false);
  });
});
