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

/** Paragraphs: the source's own breaks (white space after a sentence), and long runs cut after a sentence. */
export function paragraphs(text: string): string[] {
  const out: string[] = [];
  for (const block of text.split(/(?<=[。!?;:\uff01\uff1f\uff1b\uff1a”"」』)\uff09])\s+|\n\s*/u)) {
    const b = block.trim();
    if (!b) continue;
    if (b.length <= LONG_PARAGRAPH) {
      out.push(b);
      continue;
    }
    let current = '';
    for (const sentence of b.match(/[^。!?\uff01\uff1f]+[。!?\uff01\uff1f]*[”"」』)\uff09]?/gu) ?? [b]) {
      current += sentence;
      if (current.length >= LONG_PARAGRAPH * 0.6) {
        out.push(current);
        current = '';
      }
    }
    if (current) out.push(current);
  }
  return out;
}

export function splitSections(body: string): Section[] {
  const text = body.trim();
  const hits = findHeadings(text);
  const sections: Section[] = [];
  const lead = text.slice(0, hits[0]?.start ?? text.length);
  if (lead.trim() || hits.length === 0) sections.push({ id: 's0', level: 0, marker: '', title: '', paragraphs: paragraphs(lead) });
  hits.forEach((h, i) => {
    const chunk = text.slice(h.end, hits[i + 1]?.start ?? text.length).trim();
    const { title, rest } = h.title !== undefined ? { title: h.title, rest: chunk } : splitHeading(chunk);
    sections.push({ id: `s${i + 1}`, level: h.level, marker: h.marker, title, paragraphs: paragraphs(rest) });
  });
  return sections;
}

/** Long reports get a table of contents. */
export function wantsToc(body: string, sections: readonly Section[]): boolean {
  return body.length >= 4000 && sections.filter((s) => s.level > 0).length >= 3;
}
