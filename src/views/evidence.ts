// Evidence marks: the spans of the text that facts were read from, wrapped in <mark class="ev">
// so that a link to #ev-START-END highlights them with CSS :target alone (no script allowed).
// Pure: offsets in, a plan and escaped HTML out.
import { html, type Html } from '../html.js';
import type { Span } from '../extraction/types.js';

/** A run of the text rendered as one piece (the title, a heading, a paragraph); offsets are absolute. */
export interface Segment {
  readonly start: number;
  readonly end: number;
}

export interface EvidenceMark extends Span {
  /** ev-START-END of the fact span it was chosen for (not of the part shown, which may be cut). */
  readonly id: string;
  /** Ids of other spans that overlap this mark and got none of their own: links to them still land here. */
  readonly aliases: readonly string[];
}

export interface Evidence {
  /** Sorted by start, never overlapping, each inside one segment. */
  readonly marks: readonly EvidenceMark[];
  /** The id a link to this span should use, or null when its evidence is not shown. */
  target(span: Span): string | null;
}

/** A fact's span, with the text it claims to cover when the fact records it (amounts, counts). */
export type EvidenceSpan = Span & { readonly text?: string };

export function evidenceId(span: Span): string {
  return `ev-${span.start}-${span.end}`;
}

const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * A span we can trust to point at `text`: inside it, not empty (start === end means "known, but not
 * from the text", e.g. a region from the listing tag), not splitting a surrogate pair, and equal to
 * the fact's own text where it has one (stale facts after an edit would otherwise mark nonsense).
 */
function usable(text: string, s: EvidenceSpan): boolean {
  if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.end > text.length || s.start >= s.end) return false;
  if (isLow(text.charCodeAt(s.start)) || (s.end < text.length && isLow(text.charCodeAt(s.end)))) return false;
  return s.text === undefined || text.slice(s.start, s.end) === s.text;
}

/** The part of the span inside the first segment it touches: marks never cross an element boundary. */
function clip(segments: readonly Segment[], s: Span): Span | null {
  // Segments are in text order; binary search for the first one ending after the span starts.
  let lo = 0;
  let hi = segments.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((segments[mid]?.end ?? 0) <= s.start) lo = mid + 1;
    else hi = mid;
  }
  const seg = segments[lo];
  if (!seg || seg.start >= s.end) return null; // the span lies in text that is not shown (gaps, markers)
  return { start: Math.max(s.start, seg.start), end: Math.min(s.end, seg.end) };
}

/**
 * Chooses the marks greedily in the given priority order: a span gets its own mark unless the part
 * of it that is shown overlaps a mark already chosen, in which case it links to that mark.
 * `text` is the full text the offsets point into; `segments` are the rendered runs in text order.
 */
export function planEvidence(text: string, segments: readonly Segment[], spans: readonly EvidenceSpan[]): Evidence {
  const chosen: { id: string; shown: Span; aliases: string[] }[] = [];
  const targets = new Map<string, string>();
  for (const s of spans) {
    const id = evidenceId(s);
    if (targets.has(id) || !usable(text, s)) continue;
    const shown = clip(segments, s);
    if (!shown) continue;
    const hit = chosen.find((m) => m.shown.start < shown.end && shown.start < m.shown.end);
    if (hit) {
      // Links from elsewhere (project pages) use the span's own id: keep it as an alias in that mark.
      hit.aliases.push(id);
      targets.set(id, hit.id);
    } else {
      chosen.push({ id, shown, aliases: [] });
      targets.set(id, id);
    }
  }
  const marks = chosen.map((m) => ({ ...m.shown, id: m.id, aliases: m.aliases })).sort((a, b) => a.start - b.start);
  return { marks, target: (s) => targets.get(evidenceId(s)) ?? null };
}

/**
 * `display` (the segment's text after 1:1 display changes such as zhPunctuation) starting at
 * absolute offset `start`, escaped, with the marks that fall inside it.
 */
export function withMarks(display: string, start: number, ev: Evidence | null | undefined): Html {
  const end = start + display.length;
  const inside = ev ? ev.marks.filter((m) => m.start >= start && m.end <= end) : [];
  if (inside.length === 0) return html`${display}`;
  const out: Html[] = [];
  let pos = 0;
  for (const m of inside) {
    const from = m.start - start;
    const to = m.end - start;
    // An empty span per alias: CSS highlights the mark when the alias is the :target.
    const aliases = m.aliases.map((a) => html`<span class="ev-alias" id="${a}"></span>`);
    out.push(html`${display.slice(pos, from)}<mark class="ev" id="${m.id}">${aliases}${display.slice(from, to)}</mark>`);
    pos = to;
  }
  out.push(html`${display.slice(pos)}`);
  return html`${out}`;
}
