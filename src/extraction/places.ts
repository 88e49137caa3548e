// Places named in a text: every Hunan division (full names, short forms where the context makes
// them clear, districts), each at its real offsets, told apart from same-named places elsewhere in
// China (福建龙岩市永定区 is not 张家界's 永定区, 四川资阳 is not 益阳's 资阳区), and the one place
// an article is about when it is clearly about one.
//
// Method: one trie over every Hunan name and form and every place name outside Hunan
// (data/places/china.json), matched leftmost-longest (雨花台区 before 雨花). A full name or a
// prefecture's short form is a mention wherever it stands. A county's two-character short form
// (华容, 辰溪, 会同, 沅江) is also an ordinary word or a river often enough that it counts only with
// evidence: its prefecture or province just before it (岳阳华容), its full name elsewhere in the
// text or the tag, a park or county word after it (华容工业集中区, 辰溪县城), a list of other
// places around it (华容、湘阴、平江), or a place verb before it and a boundary after it (落户辰溪，).
// A name shared with a place outside Hunan goes to the side its neighbour is on (龙岩市永定区),
// else to the side the article is about.
import type { Gazetteer, Region } from '../regions/gazetteer.js';
import { KeywordMatcher } from './keywords.js';
import type { RegionFact } from './types.js';

/** Places outside Hunan by name (data/places/china.json). */
export interface OutsidePlacesFile {
  readonly provinces: readonly { readonly name: string; readonly short: string }[];
  readonly places: readonly { readonly name: string; readonly short: string | null; readonly level: string; readonly province: string }[];
}

interface Entry {
  /** The Hunan division this string names, if any. */
  readonly hunan: Region | null;
  /** The province (short) of a place outside Hunan of this name, if any. */
  readonly outside: string | null;
  /** A county's short form of two characters: a mention only with evidence. */
  readonly weak: boolean;
}

export interface PlaceMention {
  readonly region: Region;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

export interface PlaceReading {
  /** Hunan mentions, left to right. */
  readonly mentions: readonly PlaceMention[];
  /** Provinces outside Hunan named (short form), with how often. */
  readonly outside: ReadonlyMap<string, number>;
}

/** After a short form, words that make it a place: its park, its county seat, its offices. */
const PLACE_AFTER_RE =
  /(?:县|市|区|经开区|经济开发区|高新区|工业园|工业集中区|产业园|产业开发区|开发区|园区|县城|城区|境内|县域|籍|段|站|港|镇|乡|人民政府|党委|政府|招商|农业|项目|片区)/y;
/** Before a short form, verbs of place: 落户辰溪, 位于华容, 走进会同. */
const PLACE_VERB_BEFORE_RE = /(?:落户|落地|位于|地处|坐落于|来到|走进|赴|到|在|于|扎根|布局)$/u;
/** After the short form, a boundary: punctuation or a particle. */
const BOUNDARY_AFTER_RE = /[，。、；：！？,.;:!?）)\s的等和与及]|$/y;
const LIST_SEP = new Set(['、', '和', '与', '及']);

export class PlaceFinder {
  private readonly matcher: KeywordMatcher<Entry>;

  constructor(
    readonly gazetteer: Gazetteer,
    outside: OutsidePlacesFile,
  ) {
    const entries = new Map<string, { hunan: Region | null; outside: string | null; weak: boolean }>();
    const entry = (s: string) => {
      let e = entries.get(s);
      if (!e) {
        e = { hunan: null, outside: null, weak: false };
        entries.set(s, e);
      }
      return e;
    };
    // Outside first; Hunan's own names then take the Hunan side of a shared string.
    for (const p of outside.provinces) {
      entry(p.name).outside = p.short;
      entry(p.short).outside = p.short;
    }
    for (const p of outside.places) {
      entry(p.name).outside = p.province;
      if (p.short && p.short.length >= 2) entry(p.short).outside = p.province;
    }
    const byDepth = [...gazetteer.regions].sort((a, b) => a.depth - b.depth);
    for (const r of byDepth) {
      const full = entry(r.name);
      if (!full.hunan) full.hunan = r;
      const short = entry(r.short);
      if (!short.hunan) {
        short.hunan = r;
        short.weak = r.level === 'county' && r.short.length === 2 && r.short !== r.name;
      }
      // 湘西州, 湘西自治州: the prefecture's common forms.
      if (r.name.endsWith('自治州')) for (const form of [`${r.short}州`, `${r.short}自治州`]) entry(form).hunan ??= r;
    }
    this.matcher = new KeywordMatcher<Entry>([...entries].map(([k, v]) => [k, v] as const));
  }

  /** Every Hunan division the text names and the provinces outside Hunan it names. */
  read(text: string, tag?: string | null): PlaceReading {
    const hits = this.matcher.scan(text);
    const gz = this.gazetteer;
    // Which side the article is on: the title's places first, then all unambiguous ones.
    const titleEnd = text.indexOf('\n');
    let hunanScore = 0;
    let outsideScore = 0;
    let titleSide: 'hunan' | 'outside' | null = null;
    for (const h of hits) {
      const e = h.value;
      if (e.hunan && !e.outside && !e.weak) hunanScore++;
      else if (e.outside && !e.hunan) outsideScore++;
      if (titleSide === null && titleEnd > 0 && h.start < titleEnd) {
        if (e.hunan && !e.outside && !e.weak) titleSide = 'hunan';
        else if (e.outside && !e.hunan) titleSide = 'outside';
      }
    }
    const tagRegion = tag ? gz.lookup(tag) : undefined;
    const side = tagRegion ? 'hunan' : (titleSide ?? (outsideScore > hunanScore ? 'outside' : 'hunan'));

    const fullNames = new Set<string>();
    for (const h of hits) if (h.value.hunan && !h.value.weak && h.value.hunan.level === 'county') fullNames.add(h.value.hunan.code);
    if (tagRegion) fullNames.add(tagRegion.code);

    // First pass: decide every hit that needs no neighbour; weak ones wait for the list pass.
    const decided: (Region | 'outside' | null | undefined)[] = hits.map(() => undefined);
    const prevAdjacent = (i: number) => {
      const p = hits[i - 1];
      const h = hits[i];
      return p && h && p.end === h.start ? i - 1 : -1;
    };
    for (let i = 0; i < hits.length; i++) {
      const h = hits[i];
      if (!h) continue;
      const e = h.value;
      const pi = prevAdjacent(i);
      const prev = pi >= 0 ? decided[pi] : undefined;
      if (e.hunan && e.outside) {
        // Shared name: the neighbour in front decides (龙岩市永定区, 张家界市永定区), else the article's side.
        if (prev === 'outside') decided[i] = 'outside';
        else if (prev && typeof prev === 'object') decided[i] = e.weak ? this.weakVerdict(text, h, e.hunan, prev, fullNames) : e.hunan;
        else if (side === 'outside') decided[i] = 'outside';
        else decided[i] = e.weak ? this.weakVerdict(text, h, e.hunan, null, fullNames) : e.hunan;
      } else if (e.outside) {
        decided[i] = 'outside';
      } else if (e.hunan && e.weak) {
        if (prev === 'outside') decided[i] = null;
        else decided[i] = this.weakVerdict(text, h, e.hunan, prev && typeof prev === 'object' ? prev : null, fullNames);
      } else if (e.hunan) {
        decided[i] = e.hunan;
      }
    }
    // List pass: an undecided weak short form beside an accepted Hunan place (华容、湘阴、平江), or
    // beside another such short form of a prefecture the text names (郴州 … 宜章、临武、汝城等).
    const namedCities = new Set<string>();
    for (const d of decided) if (d && d !== 'outside' && d.depth >= 2) namedCities.add(gz.path(d.code)[1] ?? '');
    const cityNamed = (r: Region) => namedCities.has(gz.path(r.code)[1] ?? '-');
    for (let round = 0; round < 3; round++) {
      let changed = false;
      for (let i = 0; i < hits.length; i++) {
        const h = hits[i];
        if (!h || decided[i] !== undefined || !h.value.hunan) continue;
        for (const j of [i - 1, i + 1]) {
          const o = hits[j];
          const od = decided[j];
          if (!o || od === 'outside' || od === null) continue;
          const gap = j < i ? text.slice(o.end, h.start) : text.slice(h.end, o.start);
          if (gap.length !== 1 || !LIST_SEP.has(gap)) continue;
          const sibling = od === undefined && o.value.hunan && o.value.weak && cityNamed(o.value.hunan) && cityNamed(h.value.hunan);
          if ((od && od.depth >= 2) || sibling) {
            decided[i] = h.value.hunan;
            changed = true;
            break;
          }
        }
      }
      if (!changed) break;
    }

    const mentions: PlaceMention[] = [];
    const outside = new Map<string, number>();
    for (let i = 0; i < hits.length; i++) {
      const h = hits[i];
      const d = decided[i];
      if (!h || !d) continue;
      if (d === 'outside') {
        const p = h.value.outside;
        if (p) outside.set(p, (outside.get(p) ?? 0) + 1);
      } else {
        mentions.push({ region: d, start: h.start, end: h.end, text: h.text });
      }
    }
    return { mentions, outside };
  }

  /** A county's two-character short form: a mention with evidence, else undecided (null = not a place). */
  private weakVerdict(text: string, h: { start: number; end: number }, r: Region, prev: Region | null, fullNames: ReadonlySet<string>): Region | undefined {
    if (prev && this.gazetteer.isWithin(r.code, prev.code)) return r; // 岳阳华容, 湖南辰溪
    if (fullNames.has(r.code)) return r; // 华容县 … 华容
    PLACE_AFTER_RE.lastIndex = h.end;
    if (PLACE_AFTER_RE.test(text)) return r; // 华容工业集中区, 辰溪县城
    BOUNDARY_AFTER_RE.lastIndex = h.end;
    if (PLACE_VERB_BEFORE_RE.test(text.slice(Math.max(0, h.start - 3), h.start)) && BOUNDARY_AFTER_RE.test(text)) return r; // 落户辰溪，
    return undefined; // the list pass may still take it
  }

  /**
   * The one Hunan place the article is about, most specific first: the tag, refined by the title's
   * places inside it; without a tag the title's places, else the lead sentence's. Places of equal
   * depth that differ give their common ancestor. null when the article is about a place outside
   * Hunan or names none.
   */
  place(text: string, reading: PlaceReading, tag?: string | null): Region | null {
    const gz = this.gazetteer;
    const tagRegion = tag ? (gz.lookup(tag) ?? null) : null;
    const titleEnd = Math.max(0, text.indexOf('\n'));
    const inTitle = reading.mentions.filter((m) => m.start < titleEnd);
    const leadEnd = leadSentenceEnd(text, titleEnd);
    const inLead = reading.mentions.filter((m) => m.start >= titleEnd && m.start < leadEnd);
    const within = (ms: readonly PlaceMention[]) => (tagRegion ? ms.filter((m) => gz.isWithin(m.region.code, tagRegion.code)) : ms);
    for (const group of [within(inTitle), within(inLead)]) {
      const pick = this.mostSpecific(group.map((m) => m.region));
      if (pick && (!tagRegion || pick.depth >= tagRegion.depth)) return this.onlyCountyIn(pick, reading);
    }
    if (tagRegion) return this.onlyCountyIn(tagRegion, reading);
    if (reading.mentions.length === 0) return null;
    // No place in the title or lead: the body's, if it speaks of Hunan more than of anywhere else.
    const outsideCount = [...reading.outside.values()].reduce((s, n) => s + n, 0);
    if (outsideCount > reading.mentions.length) return null;
    return this.mostMentioned(reading.mentions.map((m) => m.region));
  }

  /**
   * A prefecture whose text names one county of it and no other (郴州…, then only 苏仙区): the
   * article is about that county.
   */
  private onlyCountyIn(r: Region, reading: PlaceReading): Region {
    if (r.level !== 'city') return r;
    let only: Region | null = null;
    for (const m of reading.mentions) {
      if (m.region.level !== 'county' || m.region.parent !== r.code) continue;
      if (only && only.code !== m.region.code) return r;
      only = m.region;
    }
    return only ?? r;
  }

  /** For a whole body: the one county, else the one prefecture all mentions fall in, else the province. */
  private mostMentioned(regions: readonly Region[]): Region | null {
    const gz = this.gazetteer;
    const cities = new Set(regions.map((r) => gz.path(r.code)[1]).filter((c): c is string => c !== null));
    if (cities.size !== 1) return gz.provinces[0] ?? null;
    const counties = new Set(regions.filter((r) => r.depth === 3).map((r) => r.code));
    const only = counties.size === 1 ? [...counties][0] : [...cities][0];
    return (only && gz.get(only)) || null;
  }

  /** The deepest place of a group; several different ones at that depth give their common ancestor. */
  private mostSpecific(regions: readonly Region[]): Region | null {
    if (regions.length === 0) return null;
    const gz = this.gazetteer;
    // A chain (株洲市茶陵县) is one place: its deepest link. Unrelated places: their common ancestor.
    // A loop, not Math.max(...): a hostile text may name places a million times.
    const deepest = regions.reduce((d, r) => Math.max(d, r.depth), 0);
    const leaves = [...new Map(regions.filter((r) => r.depth === deepest).map((r) => [r.code, r])).values()];
    if (leaves.length === 1) return leaves[0] ?? null;
    let common = gz.ancestry(leaves[0]?.code ?? '');
    for (const l of leaves.slice(1)) {
      const chain = new Set(gz.ancestry(l.code).map((r) => r.code));
      common = common.filter((r) => chain.has(r.code));
    }
    return common[0] ?? null;
  }

  /** Each Hunan division once, at its first mention, left to right; later mentions in `more`. */
  static facts(reading: PlaceReading): RegionFact[] {
    const byCode = new Map<string, { fact: RegionFact; more: { start: number; end: number }[] }>();
    for (const m of reading.mentions) {
      const seen = byCode.get(m.region.code);
      if (seen) seen.more.push({ start: m.start, end: m.end });
      else byCode.set(m.region.code, { fact: { code: m.region.code, name: m.region.name, level: m.region.level, start: m.start, end: m.end }, more: [] });
    }
    return [...byCode.values()].map(({ fact, more }) => (more.length ? { ...fact, more } : fact));
  }
}

/** End of the body's first sentence (the lead), or of the text. */
function leadSentenceEnd(text: string, bodyStart: number): number {
  const re = /[。！？!?\n]/gu;
  re.lastIndex = bodyStart + 1;
  const m = re.exec(text);
  return m ? m.index : text.length;
}
