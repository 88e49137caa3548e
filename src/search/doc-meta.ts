// Region and date of every published article in typed arrays indexed by id: filters, facet counts
// and newest-first order over a hit list of 70,000 ids in about a millisecond, with no query per id.
// Built once per content version (a few tens of ms at 100,000 articles).
import type { Db } from '../db/database.js';
import type { Gazetteer, RegionLevel } from '../regions/gazetteer.js';

const NONE = 0;
const DAY_MS = 86_400_000;

export interface MetaFilter {
  readonly region?: { readonly code: string; readonly level: RegionLevel } | undefined;
  readonly from?: string | undefined; // YYYY-MM-DD, inclusive
  readonly to?: string | undefined;
}

export function dayNumber(date: string): number {
  return Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);
}

export class DocMeta {
  private constructor(
    private readonly day: Int32Array, // 0: not a published article
    private readonly city: Uint16Array, // index into cityCodes; 0: province-level
    private readonly county: Uint16Array, // index into countyCodes; 0: none
    private readonly cityCodes: string[],
    private readonly countyCodes: string[],
    private readonly cityIndex: Map<string, number>,
    private readonly countyIndex: Map<string, number>,
  ) {}

  static async load(db: Db, gz: Gazetteer): Promise<DocMeta> {
    const rows = await db
      .selectFrom('articles')
      .select(['id', 'region_l2', 'region_l3', 'published_at'])
      .where('status', '=', 'published')
      .execute();
    const cityCodes = ['', ...gz.regions.filter((r) => r.level === 'city').map((r) => r.code)];
    const countyCodes = ['', ...gz.regions.filter((r) => r.level === 'county').map((r) => r.code)];
    const cityIndex = new Map(cityCodes.map((c, i) => [c, i]));
    const countyIndex = new Map(countyCodes.map((c, i) => [c, i]));
    const maxId = rows.reduce((m, r) => Math.max(m, Number(r.id)), 0);
    const day = new Int32Array(maxId + 1);
    const city = new Uint16Array(maxId + 1);
    const county = new Uint16Array(maxId + 1);
    for (const r of rows) {
      const id = Number(r.id);
      day[id] = dayNumber(r.published_at);
      city[id] = cityIndex.get(r.region_l2 ?? '') ?? NONE;
      county[id] = countyIndex.get(r.region_l3 ?? '') ?? NONE;
    }
    return new DocMeta(day, city, county, cityCodes, countyCodes, cityIndex, countyIndex);
  }

  /** Published articles among the ids that pass the filter. */
  filter(ids: readonly number[], f: MetaFilter): number[] {
    const from = f.from ? dayNumber(f.from) : -Infinity;
    const to = f.to ? dayNumber(f.to) : Infinity;
    const level = f.region?.level;
    const cityIdx = level === 'city' ? (this.cityIndex.get(f.region?.code ?? '') ?? -1) : -1;
    const countyIdx = level === 'county' ? (this.countyIndex.get(f.region?.code ?? '') ?? -1) : -1;
    const out: number[] = [];
    for (const id of ids) {
      const d = this.day[id] ?? 0;
      if (d === 0 || d < from || d > to) continue;
      if (level === 'city' && this.city[id] !== cityIdx) continue;
      if (level === 'county' && this.county[id] !== countyIdx) continue;
      out.push(id);
    }
    return out;
  }

  /** Counts by the level below the filter's: prefectures, or a prefecture's counties. Empty below a county. */
  facets(ids: readonly number[], regionLevel: RegionLevel | undefined): Map<string, number> {
    const counts = new Map<string, number>();
    if (regionLevel === 'county') return counts;
    const byCounty = regionLevel === 'city';
    const arr = byCounty ? this.county : this.city;
    const codes = byCounty ? this.countyCodes : this.cityCodes;
    const tally = new Uint32Array(codes.length);
    for (const id of ids) {
      const i = arr[id] ?? 0;
      tally[i] = (tally[i] ?? 0) + 1;
    }
    tally.forEach((n, i) => {
      if (i !== NONE && n > 0) counts.set(codes[i] as string, n);
    });
    return counts;
  }

  /** The first `k` ids newest first (date, then id, descending), without sorting them all. */
  newest(ids: readonly number[], k: number): number[] {
    if (k <= 0) return [];
    const top: number[] = [];
    const later = (a: number, b: number) => (this.day[a] ?? 0) - (this.day[b] ?? 0) || a - b; // > 0: a is newer
    for (const id of ids) {
      if (top.length === k && later(id, top[k - 1] as number) <= 0) continue;
      // Insertion into the sorted buffer; when full, the last (oldest) drops out.
      let i = top.length === k ? k - 1 : top.length;
      while (i > 0 && later(id, top[i - 1] as number) > 0) {
        top[i] = top[i - 1] as number;
        i--;
      }
      top[i] = id;
    }
    return top;
  }

  isPublished(id: number): boolean {
    return (this.day[id] ?? 0) !== 0;
  }
}
