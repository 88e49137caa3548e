// Which place an article is about: the tag (【桃源县招商】) first, refined by the title, and for
// province-wide tags by the body when it speaks of one prefecture only.
import type { Gazetteer, Region } from './gazetteer.js';

export interface ResolvedRegion {
  readonly region: Region;
  readonly how: 'tag' | 'title' | 'body' | 'default';
}

/** 长沙招商 → 长沙; 桃源县招商 → 桃源县. */
export function tagPlaceName(tag: string): string {
  return tag.replace(/招商(引资)?$/, '').trim();
}

export function resolveArticleRegion(gz: Gazetteer, input: { tag: string | null; title: string; body: string }): ResolvedRegion {
  const fromTag = input.tag ? gz.lookup(tagPlaceName(input.tag)) : undefined;
  const base: ResolvedRegion = fromTag ? { region: fromTag, how: 'tag' } : { region: defaultProvince(gz), how: 'default' };

  // The title may name a place inside the tag's region: the most specific one wins, then the first.
  const inTitle = gz
    .mentions(input.title)
    .filter((m) => m.region.depth > base.region.depth && gz.isWithin(m.region.code, base.region.code));
  if (inTitle.length > 0) {
    const deepest = Math.max(...inTitle.map((m) => m.region.depth));
    const pick = inTitle.find((m) => m.region.depth === deepest);
    if (pick) return { region: pick.region, how: 'title' };
  }

  // A province-wide tag on a body that speaks of exactly one prefecture (at least twice): that prefecture.
  if (base.region.level === 'province') {
    const cities = new Map<string, number>();
    for (const m of gz.mentions(input.body)) {
      if (m.region.depth < 2 || !gz.isWithin(m.region.code, base.region.code)) continue;
      const city = gz.path(m.region.code)[1];
      if (city) cities.set(city, (cities.get(city) ?? 0) + 1);
    }
    const only = cities.size === 1 ? [...cities.entries()][0] : undefined;
    if (only && only[1] >= 2) {
      const region = gz.get(only[0]);
      if (region) return { region, how: 'body' };
    }
  }
  return base;
}

function defaultProvince(gz: Gazetteer): Region {
  const p = gz.provinces[0];
  if (!p) throw new Error('gazetteer has no province');
  return p;
}
