// Literal keyword matching over a trie: the one matcher every dictionary of the extractor uses
// (places, sectors, companies). Leftmost-longest, no overlaps, no regular expression.
interface TrieNode<T> {
  readonly next: Map<number, TrieNode<T>>;
  value?: T;
}

export interface KeywordHit<T> {
  readonly start: number;
  readonly end: number;
  readonly text: string;
  readonly value: T;
}

const pairBit = (c0: number, c1: number): number => ((c0 & 0x3ff) << 10) | (c1 & 0x3ff);
// (c1 is NaN past the text's end: NaN & 0x3ff is 0, a harmless extra trie walk.)
const hasPair = (pairs: Uint32Array, c0: number, c1: number): boolean => {
  const h = pairBit(c0, c1);
  return ((pairs[h >>> 5] as number) & (1 << (h & 31))) !== 0;
};

/**
 * Literal keywords, matched leftmost-longest and without overlaps, in O(text × longest keyword):
 * a trie of UTF-16 code units walked from each position (no regular expression, no backtracking).
 */
export class KeywordMatcher<T> {
  private readonly root: TrieNode<T> = { next: new Map() };
  readonly size: number;
  /**
   * Quick rejects for scan(), which is asked at every position of every text: by UTF-16 code, 1
   * when a keyword starts with it, 2 when a one-character keyword is it; and every keyword's first
   * two code units, as bits of a 2^20-bit set indexed by the low ten bits of each (a filter: a
   * shared bit only costs a trie walk; small integers, where a Set of c0 × 65536 + c1 hashed a
   * heap number for every CJK pair). Most positions are turned away without walking the trie.
   */
  private readonly starts = new Uint8Array(65536);
  private readonly pairs = new Uint32Array(1 << 15);

  constructor(entries: Iterable<readonly [string, T]>) {
    let size = 0;
    for (const [word, value] of entries) {
      if (word.length === 0) continue;
      let node = this.root;
      for (let i = 0; i < word.length; i++) {
        const code = word.charCodeAt(i);
        let child = node.next.get(code);
        if (!child) {
          child = { next: new Map() };
          node.next.set(code, child);
        }
        node = child;
      }
      if (node.value === undefined) size++;
      node.value = value;
      const c0 = word.charCodeAt(0);
      if (word.length === 1) this.starts[c0] = 2;
      else {
        if (this.starts[c0] === 0) this.starts[c0] = 1;
        const h = pairBit(c0, word.charCodeAt(1));
        this.pairs[h >>> 5] = (this.pairs[h >>> 5] as number) | (1 << (h & 31));
      }
    }
    this.size = size;
  }

  /** The longest keyword starting exactly at `at`, if any. */
  matchAt(text: string, at: number): KeywordHit<T> | null {
    let node: TrieNode<T> | undefined = this.root;
    let bestEnd = -1;
    let bestValue: T | undefined;
    for (let i = at; i < text.length; i++) {
      node = node.next.get(text.charCodeAt(i));
      if (!node) break;
      if (node.value !== undefined) {
        bestEnd = i + 1;
        bestValue = node.value;
      }
    }
    return bestEnd < 0 ? null : { start: at, end: bestEnd, text: text.slice(at, bestEnd), value: bestValue as T };
  }

  /**
   * All hits left to right; after a hit the scan resumes at its end. `accept` may turn a hit down
   * (a word that only counts before certain characters); the scan then moves on by one. (An array,
   * not a generator: it is on every text's path.)
   */
  scan(text: string, from = 0, to = text.length, accept?: (hit: KeywordHit<T>) => boolean): KeywordHit<T>[] {
    const { starts, pairs } = this;
    const out: KeywordHit<T>[] = [];
    let i = from;
    while (i < to) {
      const c = text.charCodeAt(i);
      const s = starts[c];
      if (s === 0 || (s === 1 && !hasPair(pairs, c, text.charCodeAt(i + 1)))) {
        i++;
        continue;
      }
      const hit = this.matchAt(text, i);
      if (hit && hit.end <= to && (!accept || accept(hit))) {
        out.push(hit);
        i = hit.end;
      } else {
        i++;
      }
    }
    return out;
  }
}
