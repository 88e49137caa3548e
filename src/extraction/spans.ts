// Spans sorted by start, and the one search over them that the extractor and the project drafts
// both need.
import type { Span } from './types.js';

/** The spans of a list sorted by start that start inside [from, to): a binary search, then a walk. */
export function startingIn<T extends Span>(sorted: readonly T[], from: number, to: number): T[] {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((sorted[mid]?.start ?? 0) < from) lo = mid + 1;
    else hi = mid;
  }
  const out: T[] = [];
  for (let i = lo; i < sorted.length && (sorted[i]?.start ?? to) < to; i++) out.push(sorted[i] as T);
  return out;
}
