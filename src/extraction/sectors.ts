// Sectors: keyword mentions mapped to the taxonomy (taxonomy.ts) through the keyword list
// (data/sector-keywords.json, given to the constructor by lexicons.ts).
import { KeywordMatcher } from './keywords.js';
import { sectorNames } from './taxonomy.js';
import type { SectorFact } from './types.js';

export interface SectorKeywordsFile {
  /** Names of industries: also kinds of projects and parks (新能源项目, 电商产业园). */
  readonly keywords: Readonly<Record<string, readonly string[]>>;
  /** Product and trade words: they tell a clause's industry, but make no name generic (汽车零部件产业园). */
  readonly products?: Readonly<Record<string, readonly string[]>>;
  /** Strings that look like a keyword across a word boundary (数字化工具 ≠ 化工): matched, then ignored. */
  readonly blockers?: readonly string[];
}

/** Later mentions kept per sector: enough for any article's projects, bounded for hostile text. */
const MAX_MORE = 200;

export class SectorLexicon {
  /** Industry keyword → sector id (products not included: see SectorKeywordsFile). */
  readonly keywords: ReadonlyMap<string, string>;
  /** Every word that names a sector, keywords and products: word → sector id. */
  readonly vocabulary: ReadonlyMap<string, string>;
  private readonly matcher: KeywordMatcher<string | null>;

  /** Throws on an unknown sector id or a keyword listed twice. */
  constructor(file: SectorKeywordsFile) {
    const map = new Map<string, string>();
    const all = new Map<string, string>();
    const add = (into: Map<string, string>, lists: Readonly<Record<string, readonly string[]>>) => {
      for (const [id, words] of Object.entries(lists)) {
        if (!sectorNames.has(id)) throw new Error(`sector-keywords.json: unknown sector id ${id}`);
        for (const w of words) {
          const prev = all.get(w);
          if (prev !== undefined) throw new Error(`sector-keywords.json: ${w} is listed under ${prev} and ${id}`);
          all.set(w, id);
          into.set(w, id);
        }
      }
    };
    add(map, file.keywords);
    add(new Map(), file.products ?? {});
    this.keywords = map;
    this.vocabulary = all;
    this.matcher = new KeywordMatcher<string | null>([...(file.blockers ?? []).map((b) => [b, null] as const), ...all]);
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
