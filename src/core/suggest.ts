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
  for (let i = 0; i < names.length; i++) {
    const candidate = names[i];
    if (candidate === word) continue;
    const other = lowerNames[i];
    // The distance is at least the difference in length: past the best so far, or past any limit (4), it cannot win.
    const least = Math.abs(other.length - lower.length);
    if (least > bestDistance || least > 4) continue;
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
