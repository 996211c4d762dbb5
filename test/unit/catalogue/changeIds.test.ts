import * as assert from 'node:assert/strict';
import { nextChangeId } from '../../../src/core/catalogue/changeIds';
import { lines, workspace } from '../helpers';
import { change } from '../builders';
import { CATALOGUE } from './fixture';

describe('nextChangeId', () => {
  it('is one above the highest sequence of the year, four digits', () => {
    assert.equal(nextChangeId(workspace(CATALOGUE), 2026), 'CHG-2026-0009');
    assert.equal(nextChangeId(workspace(CATALOGUE), 2027), 'CHG-2027-0001');
    assert.equal(nextChangeId(workspace({}), 2026), 'CHG-2026-0001');
  });

  it('does not reuse gaps, and goes past four digits', () => {
    const index = workspace({
      'a.yaml': change('CHG-2026-0002', { services: ['x'] }),
      'b.yaml': change('CHG-2026-9999', { services: ['x'] }),
    });
    assert.equal(nextChangeId(index, 2026), 'CHG-2026-10000');
  });

  it('counts ids only named by other records (a release listing a change not written yet) and ids of records with syntax errors', () => {
    const index = workspace({
      'rel.yaml': lines(
        'apiVersion: svcm/v1',
        'kind: Release',
        'metadata: { name: REL-1 }',
        'spec: { version: 1, services: [], changes: [CHG-2026-0020], status: planned }',
      ),
      'broken.yaml': lines(
        'apiVersion: svcm/v1',
        'kind: Change',
        'metadata: { name: CHG-2026-0031 }',
        'spec: { summary: [unclosed',
      ),
    });
    assert.equal(nextChangeId(index, 2026), 'CHG-2026-0032');
  });

  it('skips ids that an existing file is named after (exactly, or followed by -slug), whatever the folder', () => {
    const files = [
      'CHG-2026-0009.yaml',
      'changes/CHG-2026-0010-rotate-certs.md',
      'CHG-2026-0012.yaml',
      'CHG-2027-0011.yaml',
      'notes.txt',
    ];
    assert.equal(nextChangeId(workspace(CATALOGUE), 2026, files), 'CHG-2026-0011');
  });

  it('refuses a year that is not four digits', () => {
    assert.throws(() => nextChangeId(workspace({}), 26), RangeError);
    assert.throws(() => nextChangeId(workspace({}), 2026.5), RangeError);
  });
});
