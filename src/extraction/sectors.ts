// Sectors: keyword mentions mapped to the taxonomy (taxonomy.ts) through the keyword list
// (data/sector-keywords.json, given to the constructor by lexicons.ts).
import { KeywordMatcher } from './keywords.js';
import { sectorNames } from './taxonomy.js';
import type { SectorFact } from './types.js';

export interface SectorKeywordsFile {
  readonly keywords: Readonly<Record<string, readonly string[]>>;
  /** Strings that look like a keyword across a word boundary (数字化工具 ≠ 化工): matched, then ignored. */
  readonly blockers?: readonly string[];
}

/** Later mentions kept per sector: enough for any article's projects, bounded for hostile text. */
const MAX_MORE = 200;

export class SectorLexicon {
  /** keyword → sector id. */
  readonly keywords: ReadonlyMap<string, string>;
  private readonly matcher: KeywordMatcher<string | null>;

  /** Throws on an unknown sector id or a keyword listed twice. */
  constructor(file: SectorKeywordsFile) {
    const map = new Map<string, string>();
    for (const [id, words] of Object.entries(file.keywords)) {
      if (!sectorNames.has(id)) throw new Error(`sector-keywords.json: unknown sector id ${id}`);
      for (const w of words) {
        const prev = map.get(w);
        if (prev !== undefined) throw new Error(`sector-keywords.json: ${w} is listed under ${prev} and ${id}`);
        map.set(w, id);
      }
    }
    this.keywords = map;
    this.matcher = new KeywordMatcher<string | null>([...(file.blockers ?? []).map((b) => [b, null] as const), ...map]);
  }

  /** Each sector once, at its first mention (the keyword's span) inside [from, to); later mentions in `more`. */
  extract(text: string, from = 0, to = text.length): SectorFact[] {
    const seen = new Map<string, { fact: SectorFact; more: { start: number; end: number }[] }>();
    for (const hit of this.matcher.scan(text, from, to)) {
      if (hit.value === null) continue;
      const s = seen.get(hit.value);
      if (s) {
        if (s.more.length < MAX_MORE) s.more.push({ start: hit.start, end: hit.end });
        continue;
      }
      seen.set(hit.value, { fact: { id: hit.value, name: sectorNames.get(hit.value) ?? hit.value, start: hit.start, end: hit.end }, more: [] });
    }
    return [...seen.values()].map(({ fact, more }) => (more.length ? { ...fact, more } : fact));
  }
}
