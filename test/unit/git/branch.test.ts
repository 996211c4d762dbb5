import * as assert from 'node:assert/strict';
import { defaultSummary, isDefaultBranch } from '../../../src/core/git/branch';

const commit = (subject: string) => ({ sha: subject.length.toString(16).padStart(40, '0'), subject });

describe('isDefaultBranch and defaultSummary', () => {
  it('knows the default branch, also as origin/<name>, and not in a detached HEAD', () => {
    assert.equal(isDefaultBranch({ branch: 'main', baseRef: 'main' }), true);
    assert.equal(isDefaultBranch({ branch: 'main', baseRef: 'origin/main' }), true);
    assert.equal(isDefaultBranch({ branch: 'feature/x', baseRef: 'main' }), false);
    assert.equal(isDefaultBranch({ branch: undefined, baseRef: undefined }), false);
  });

  it("suggests the only commit's subject, else the branch in words, else the newest subject, else ''", () => {
    const two = [commit('Newest'), commit('Older')];
    assert.equal(
      defaultSummary({ branch: 'feature/retry-card', baseRef: 'main', commits: [commit('Only one')] }),
      'Only one',
    );
    assert.equal(defaultSummary({ branch: 'feature/retry-card', baseRef: 'main', commits: two }), 'Retry card');
    assert.equal(defaultSummary({ branch: 'main', baseRef: 'origin/main', commits: two }), 'Newest');
    assert.equal(defaultSummary({ branch: 'main', baseRef: 'main', commits: [] }), '');
    assert.equal(defaultSummary(undefined), '');
  });
});
