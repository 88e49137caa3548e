// Snippets and highlights built from the original text (not the segmented index text): the best
// passage — the window with the most distinct query terms, then the most matches — with every
// match in <mark> and everything else escaped.
import { escapeHtml } from '../html.js';
import { zhPunctuation } from '../content/text.js';

export const SNIPPET_CHARS = 120;

interface Hit {
  start: number;
  end: number;
  term: number;
}

/** Non-overlapping matches, longest term first at each position. Terms must be sorted longest first. */
function findHits(text: string, terms: readonly string[], limit = 2000): Hit[] {
  const lower = text.toLowerCase();
  const hits: Hit[] = [];
  terms.forEach((t, term) => {
    const needle = t.toLowerCase();
    if (!needle) return;
    for (let i = lower.indexOf(needle); i !== -1 && hits.length < limit; i = lower.indexOf(needle, i + needle.length)) {
      hits.push({ start: i, end: i + needle.length, term });
    }
  });
  hits.sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Hit[] = [];
  let until = -1;
  for (const h of hits) {
    if (h.start >= until) {
      out.push(h);
      until = h.end;
    }
  }
  return out;
}

/** The text with matches marked and everything escaped (full-width punctuation for display). */
export function markText(text: string, hits: readonly Hit[], from = 0, to = text.length): string {
  let out = '';
  let at = from;
  for (const h of hits) {
    if (h.end <= from || h.start >= to) continue;
    const s = Math.max(h.start, from);
    const e = Math.min(h.end, to);
    out += escapeHtml(zhPunctuation(text.slice(at, s))) + '<mark>' + escapeHtml(zhPunctuation(text.slice(s, e))) + '</mark>';
    at = e;
  }
  return out + escapeHtml(zhPunctuation(text.slice(at, to)));
}

export function highlight(text: string, terms: readonly string[]): string {
  return markText(text, findHits(text, terms));
}

/**
 * The best passage of about `size` characters around the query terms, as HTML. A window scores
 * the squared lengths of the distinct terms in it, so one 天易科技城 outweighs 天, 易, 科技 and 城
 * scattered; ties go to more hits, then to the earlier window.
 */
export function snippet(text: string, terms: readonly string[], size = SNIPPET_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const hits = findHits(flat, terms);
  if (hits.length === 0) return markText(flat, [], 0, Math.min(flat.length, size)) + (flat.length > size ? '…' : '');
  // Slide a window over the hits: most distinct terms, then most hits, then earliest.
  const weight = terms.map((t) => [...t].length ** 2);
  let best = { start: hits[0]?.start ?? 0, score: 0, count: 0 };
  let j = 0;
  const inWindow = new Map<number, number>();
  for (let i = 0; i < hits.length; i++) {
    const h = hits[i] as Hit;
    inWindow.set(h.term, (inWindow.get(h.term) ?? 0) + 1);
    while ((hits[j] as Hit).start < h.end - size) {
      const old = hits[j] as Hit;
      const n = (inWindow.get(old.term) ?? 1) - 1;
      if (n === 0) inWindow.delete(old.term);
      else inWindow.set(old.term, n);
      j++;
    }
    const count = i - j + 1;
    let score = 0;
    for (const term of inWindow.keys()) score += weight[term] ?? 1;
    if (score > best.score || (score === best.score && count > best.count)) {
      best = { start: (hits[j] as Hit).start, score, count };
    }
  }
  // Start a little before the first hit, at a sentence start when one is near.
  let from = Math.max(0, best.start - 20);
  const sentence = flat.slice(from, best.start).search(/[。!?;！？；][^。!?;！？；]*$/u);
  if (sentence !== -1) from += sentence + 1;
  const to = Math.min(flat.length, from + size);
  return (from > 0 ? '…' : '') + markText(flat, hits, from, to) + (to < flat.length ? '…' : '');
}
