// Turns a body written as one line with inline markers (一、… (一)…) into headings and paragraphs.
import { smallChineseNumber } from './numerals.js';

export interface Section {
  /** Anchor id, s1, s2 …; the lead (text before the first heading) is s0. */
  readonly id: string;
  /**
   * 0 for the lead; then 1, 2, 3 from the outside in: a report's unmarked parts (2018年工作回顾),
   * 一、 lists, (一) lists. Without parts, 一、 is level 1 and (一) level 2.
   */
  readonly level: 0 | 1 | 2 | 3;
  readonly marker: string; // 一、 / (一) / ''
  readonly title: string;
  readonly paragraphs: readonly string[];
}

/**
 * A section plus where its parts sit in the body it came from (UTF-16 offsets into the untrimmed
 * body), so facts' offsets can be mapped onto the rendered text. Kept apart from Section so the
 * API's JSON and splitSections' results stay as they were.
 */
export interface LocatedSection extends Section {
  /** Where the title starts; null without a title or when it is made up (an opening cut with …). */
  readonly titleStart: number | null;
  /** body.slice(paragraphStarts[i], paragraphStarts[i] + paragraphs[i].length) === paragraphs[i]. */
  readonly paragraphStarts: readonly number[];
}

/** A piece of text and where it starts in the text it was cut from. */
interface Piece {
  readonly text: string;
  readonly start: number;
}

const MARKER = /([一二三四五六七八九十]{1,3})、|[(\uff08]([一二三四五六七八九十]{1,3})[)\uff09]/gu;
/** A marker counts only at the start or after a sentence ends (so 五 一、 and 合 一、 stay text). */
const BEFORE_MARKER = /(^|[。:;!?\uff1a\uff1b\uff01\uff1f”"」』)\uff09]\s*|\s)$/u;
const STRICT_BEFORE = /(^|[。:;!?\uff1a\uff1b\uff01\uff1f”"」』)\uff09])\s*$/u;
const MAX_TITLE = 40;
const LONG_PARAGRAPH = 400;

/** A report's unmarked part heading: 2018年工作回顾 between a sentence end and the next year. */
const PART = /(?<=[。!?\uff01\uff1f]\s*)(\d{4}年工作(?:回顾|安排|重点|任务|建议))(?=\d{4}年)/gu;

interface Hit {
  start: number;
  end: number;
  level: 1 | 2 | 3;
  marker: string;
  /** Set for part headings, whose whole text is the title. */
  title?: string;
}

function findHeadings(text: string): Hit[] {
  const parts: Hit[] = [...text.matchAll(PART)].map((m) => ({ start: m.index ?? 0, end: (m.index ?? 0) + m[0].length, level: 1, marker: '', title: m[0] }));
  const shift = parts.length > 0 ? 1 : 0;
  const listLevel = (1 + shift) as 1 | 2;
  const subLevel = (2 + shift) as 2 | 3;
  const hits: Hit[] = [];
  let partIdx = 0;
  let next1 = 1;
  let next2 = 1;
  let last1 = 0;
  for (const m of text.matchAll(MARKER)) {
    const start = m.index ?? 0;
    // A new part starts a new 一、 list.
    while (partIdx < parts.length && (parts[partIdx]?.start ?? Infinity) < start) {
      partIdx++;
      next1 = 1;
      last1 = 0;
    }
    const before = text.slice(Math.max(0, start - 3), start);
    if (!(start === 0 ? true : BEFORE_MARKER.test(before))) continue;
    if (m[1] !== undefined) {
      const n = smallChineseNumber(m[1]);
      if (n === null) continue;
      // In sequence, or a new list 一、 after a finished one of at least three items.
      const restart = n === 1 && last1 >= 3 && (start === 0 || STRICT_BEFORE.test(before));
      if (n !== next1 && !restart) continue;
      if (!STRICT_BEFORE.test(before) && start !== 0) continue;
      hits.push({ start, end: start + m[0].length, level: listLevel, marker: m[0] });
      last1 = n;
      next1 = n + 1;
      next2 = 1;
    } else if (m[2] !== undefined) {
      const n = smallChineseNumber(m[2]);
      if (n === null || n !== next2) continue;
      hits.push({ start, end: start + m[0].length, level: subLevel, marker: `(${m[2]})` });
      next2 = n + 1;
    }
  }
  const all = [...hits, ...parts].sort((a, b) => a.start - b.start);
  // Only (一) markers in a text: they are its top level.
  const shiftUp = all.length > 0 && all.every((h) => h.level > 1) ? 1 : 0;
  return shiftUp ? all.map((h) => ({ ...h, level: (h.level - shiftUp) as 1 | 2 | 3 })) : all;
}

/** Heading text and the rest: up to the first space or sentence end when short, else a lead-in. */
function splitHeading(chunk: string): { title: string; rest: string } {
  const yearAfter = chunk.match(/^(.{2,20}?(?:回顾|重点|安排|目标|任务))(?=\d{4}年)/u);
  if (yearAfter?.[1]) return { title: yearAfter[1], rest: chunk.slice(yearAfter[1].length) };
  const end = chunk.search(/\s|[。!?\uff01\uff1f]/u);
  const first = end === -1 ? chunk : chunk.slice(0, end);
  if (first.length > 0 && first.length <= MAX_TITLE) {
    return { title: first, rest: chunk.slice(first.length).replace(/^[。!?\uff01\uff1f]/u, '') };
  }
  // A long first sentence: its first clause is the heading when it reads as one.
  const clause = first.match(/^([^,\uff0c;\uff1b:\uff1a]{4,30})[,\uff0c;\uff1b]/u)?.[1];
  if (clause) return { title: clause, rest: chunk.slice(clause.length + 1) };
  // No short title: show the opening as the heading and keep the whole text as the paragraph.
  return { title: [...chunk].slice(0, 24).join('') + '…', rest: chunk };
}

const BREAK = /(?<=[。!?;:\uff01\uff1f\uff1b\uff1a”"」』)\uff09])\s+|\n\s*/gu;
const SENTENCE = /[^。!?\uff01\uff1f]+[。!?\uff01\uff1f]*[”"」』)\uff09]?/gu;

/**
 * Paragraphs with their offsets in `text`: the source's own breaks (white space after a sentence),
 * and long runs cut after a sentence. Every paragraph is a slice of the text (never pieced
 * together), so one start offset locates it.
 */
function paragraphPieces(text: string, base = 0): Piece[] {
  const out: Piece[] = [];
  const block = (from: number, to: number) => {
    const raw = text.slice(from, to);
    const b = raw.trim();
    if (!b) return;
    const at = from + raw.length - raw.trimStart().length;
    if (b.length <= LONG_PARAGRAPH) {
      out.push({ text: b, start: base + at });
      return;
    }
    // Cut after the sentence that brings the run to 60% of the limit.
    let cut = 0;
    for (const m of b.matchAll(SENTENCE)) {
      const end = m.index + m[0].length;
      if (end - cut >= LONG_PARAGRAPH * 0.6) {
        out.push({ text: b.slice(cut, end), start: base + at + cut });
        cut = end;
      }
    }
    if (cut < b.length) out.push({ text: b.slice(cut), start: base + at + cut });
  };
  let from = 0;
  for (const m of text.matchAll(BREAK)) {
    block(from, m.index);
    from = m.index + m[0].length;
  }
  block(from, text.length);
  return out;
}

/** Paragraphs: the source's own breaks (white space after a sentence), and long runs cut after a sentence. */
export function paragraphs(text: string): string[] {
  return paragraphPieces(text).map((p) => p.text);
}

export function splitSections(body: string): Section[] {
  return locateSections(body).map(({ id, level, marker, title, paragraphs }) => ({ id, level, marker, title, paragraphs }));
}

/** splitSections with each title's and paragraph's start offset in `body`. */
export function locateSections(body: string): LocatedSection[] {
  const text = body.trim();
  // Offsets below are into the trimmed text; `base` turns them into offsets into the body.
  const base = body.length - body.trimStart().length;
  const hits = findHeadings(text);
  const sections: LocatedSection[] = [];
  const located = (s: Section & { titleStart: number | null }, pieces: Piece[]): LocatedSection => ({
    ...s,
    paragraphs: pieces.map((p) => p.text),
    paragraphStarts: pieces.map((p) => p.start),
  });
  const leadEnd = hits[0]?.start ?? text.length;
  const lead = text.slice(0, leadEnd);
  if (lead.trim() || hits.length === 0) {
    sections.push(located({ id: 's0', level: 0, marker: '', title: '', paragraphs: [], titleStart: null }, paragraphPieces(lead, base)));
  }
  hits.forEach((h, i) => {
    const raw = text.slice(h.end, hits[i + 1]?.start ?? text.length);
    const chunk = raw.trim();
    const chunkStart = h.end + raw.length - raw.trimStart().length;
    // A part heading's title is the matched text itself; otherwise the title leads the chunk and the
    // rest is always a suffix of it (a made-up title keeps the whole chunk as the rest).
    const { title, rest } = h.title !== undefined ? { title: h.title, rest: chunk } : splitHeading(chunk);
    const titleStart = h.title !== undefined ? h.start : rest === chunk ? null : chunkStart;
    const restStart = chunkStart + chunk.length - rest.length;
    sections.push(located({ id: `s${i + 1}`, level: h.level, marker: h.marker, title, paragraphs: [], titleStart: titleStart === null ? null : base + titleStart }, paragraphPieces(rest, base + restStart)));
  });
  return sections;
}

/** Long reports get a table of contents. */
export function wantsToc(body: string, sections: readonly Section[]): boolean {
  return body.length >= 4000 && sections.filter((s) => s.level > 0).length >= 3;
}
