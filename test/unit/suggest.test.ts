import * as assert from 'node:assert/strict';
import fc from 'fast-check';
import { distance } from 'fastest-levenshtein';
import { closest, closestName, wordDistance } from '../../src/core/suggest';

/** `closest` as it was written first: fastest-levenshtein's `distance` for every name. */
function reference(word: string, names: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();
  for (const candidate of names) {
    if (candidate === word) continue;
    const other = candidate.toLowerCase();
    const d = other === lower ? 0.5 : distance(lower, other);
    if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  if (best === undefined) return undefined;
  const limit = Math.min(4, Math.max(1, Math.ceil(Math.max(word.length, best.length) / 3)));
  return bestDistance <= limit ? best : undefined;
}

describe('suggest', () => {
  const unit = fc.constantFrom('a', 'b', 'c', 'A', '-', '0', '1', 'é', '😀', 'z');
  const word = (max: number) => fc.array(unit, { minLength: 0, maxLength: max }).map((u) => u.join(''));

  it('works out the edit distance of fastest-levenshtein, for words of 1 to 32 code units', () => {
    fc.assert(
      fc.property(
        fc.oneof(word(16), fc.string({ unit: 'binary', maxLength: 32 })),
        fc.oneof(word(40), fc.string({ unit: 'binary', maxLength: 40 })),
        (a, b) => {
          if (a.length === 0 || a.length > 32) return;
          assert.equal(wordDistance(a, b), distance(a, b), `${JSON.stringify(a)} ${JSON.stringify(b)}`);
        },
      ),
      { numRuns: 3000 },
    );
  });

  it('suggests what it suggested with a distance per name, for short and long words', () => {
    fc.assert(
      fc.property(word(12), fc.array(word(12), { maxLength: 30 }), (w, names) => {
        assert.equal(closest(w, names), reference(w, names));
        assert.equal(closestName(w, [...names]), reference(w, names));
      }),
      { numRuns: 2000 },
    );
    const long = 'x'.repeat(40);
    assert.equal(closest(long, [`${long}y`, 'abc']), reference(long, [`${long}y`, 'abc']));
    assert.equal(closest('scv-02519', ['svc-02519', 'svc-02591', 'svc-12519']), 'svc-02519');
  });
});
