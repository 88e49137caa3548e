// Scraped pages sometimes repeat their own opening: a body that runs on, then starts over and is
// cut off mid-sentence (the 益阳 2019 report). Find where the repeat begins and keep the text once.

export interface Dedupe {
  readonly text: string;
  /** Where the repeat began in the original text, or null when none was found. */
  readonly repeatAt: number | null;
  readonly removedChars: number;
  /** The original text ends mid-sentence. */
  readonly truncated: boolean;
}

const WINDOW = 32;
const MIN_REPEAT = 300;
const MAX_SCAN = 400_000; // longer texts are left as they are: no page is that long
const COVERAGE = 0.8;

const SENTENCE_END = /[。!?\uff01\uff1f…”"’」』)\uff09.;\uff1b]$/u;

export function endsMidSentence(text: string): boolean {
  const t = text.trimEnd();
  return t.length > 0 && !SENTENCE_END.test(t);
}

export function removeInternalRepetition(text: string): Dedupe {
  const truncated = endsMidSentence(text);
  const n = text.length;
  if (n < 2 * MIN_REPEAT || n > MAX_SCAN) return { text, repeatAt: null, removedChars: 0, truncated };

  const first = new Map<string, number>();
  for (let q = 0; q + WINDOW <= n; q++) {
    const w = text.slice(q, q + WINDOW);
    if (!first.has(w)) first.set(w, q);
  }
  // A candidate p: its window was seen earlier, not overlapping. The tail from p is a repeat when
  // most of it (sampled) was seen before p — this tolerates small insertions in the second copy.
  let candidates = 0;
  for (let p = WINDOW; p + MIN_REPEAT <= n; p++) {
    const q = first.get(text.slice(p, p + WINDOW));
    if (q === undefined || q + WINDOW > p) continue;
    if (++candidates > 500) break;
    if (tailCoverage(text, first, p) >= COVERAGE) {
      const kept = text.slice(0, p).trimEnd();
      return { text: kept, repeatAt: p, removedChars: n - p, truncated };
    }
  }
  return { text, repeatAt: null, removedChars: 0, truncated };
}

function tailCoverage(text: string, first: Map<string, number>, p: number): number {
  let seen = 0;
  let total = 0;
  for (let x = p; x + WINDOW <= text.length; x += 8) {
    total++;
    const q = first.get(text.slice(x, x + WINDOW));
    if (q !== undefined && q + WINDOW <= p) seen++;
  }
  return total === 0 ? 0 : seen / total;
}
