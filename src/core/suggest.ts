import { distance } from 'fastest-levenshtein';

/**
 * The candidate closest to `word`, when it is close enough to be a likely typo
 * (a third of the longer word's length rounded up, at least 1, at most 4 edits); else undefined.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  const names = [...candidates];
  return closestIn(
    word,
    names,
    names.map((n) => n.toLowerCase()),
  );
}

const lowered = new WeakMap<readonly string[], string[]>();

/**
 * `closest` among a list that never changes (`WorkspaceIndex.namesView`): the
 * lower-case forms are made once per list, not once per question.
 */
export function closestName(word: string, names: readonly string[]): string | undefined {
  let lower = lowered.get(names);
  if (!lower) lowered.set(names, (lower = names.map((n) => n.toLowerCase())));
  return closestIn(word, names, lower);
}

function closestIn(word: string, names: readonly string[], lowerNames: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = word.toLowerCase();
  // The word's side of the edit distance is set up once for the whole list, not once per name.
  const pattern = lower.length > 0 && lower.length <= 32;
  if (pattern) for (let i = 0; i < lower.length; i++) PEQ[lower.charCodeAt(i)] |= 1 << i;
  try {
    for (let i = 0; i < names.length; i++) {
      const candidate = names[i];
      if (candidate === word) continue;
      const other = lowerNames[i];
      // The distance is at least the difference in length: past the best so far, or past any limit (4), it cannot win.
      const least = Math.abs(other.length - lower.length);
      if (least > bestDistance || least > 4) continue;
      const d = other === lower ? 0.5 : pattern ? patternDistance(lower.length, other) : distance(lower, other);
      if (d < bestDistance || (d === bestDistance && best !== undefined && candidate < best)) {
        best = candidate;
        bestDistance = d;
      }
    }
  } finally {
    if (pattern) for (let i = 0; i < lower.length; i++) PEQ[lower.charCodeAt(i)] = 0;
  }
  if (best === undefined) return undefined;
  const limit = Math.min(4, Math.max(1, Math.ceil(Math.max(word.length, best.length) / 3)));
  return bestDistance <= limit ? best : undefined;
}

/** For each UTF-16 code unit, the positions where the word being matched holds it (bit i: position i); zero elsewhere. */
const PEQ = new Uint32Array(0x10000);

/**
 * The edit distance between the word whose positions are in `PEQ` (`n` code units, 1 to 32) and
 * `text`: Myers' bit-parallel algorithm, as fastest-levenshtein's `distance` runs it, with the
 * word's bit masks made once by the caller.
 */
function patternDistance(n: number, text: string): number {
  const last = 1 << (n - 1);
  let pv = -1;
  let mv = 0;
  let score = n;
  for (let i = 0; i < text.length; i++) {
    let eq = PEQ[text.charCodeAt(i)];
    const xv = eq | mv;
    eq |= ((eq & pv) + pv) ^ pv;
    mv |= ~(eq | pv);
    pv &= eq;
    if (mv & last) score++;
    if (pv & last) score--;
    mv = (mv << 1) | 1;
    pv = (pv << 1) | ~(xv | mv);
    mv &= xv;
  }
  return score;
}

/** The edit distance between `word` (1 to 32 code units) and `text`, as `closestIn` works it out. */
export function wordDistance(word: string, text: string): number {
  for (let i = 0; i < word.length; i++) PEQ[word.charCodeAt(i)] |= 1 << i;
  try {
    return patternDistance(word.length, text);
  } finally {
    for (let i = 0; i < word.length; i++) PEQ[word.charCodeAt(i)] = 0;
  }
}
