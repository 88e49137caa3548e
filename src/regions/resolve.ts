// Region tags and the fallback place. Which place an article is about is the extractor's work
// (extraction/places.ts): the tag, refined by the title and lead, else the body.
import type { Gazetteer, Region } from './gazetteer.js';

/** 长沙招商 → 长沙; 桃源县招商 → 桃源县. */
export function tagPlaceName(tag: string): string {
  return tag.replace(/招商(引资)?$/, '').trim();
}

/** Where an article that names no Hunan place is filed: the province. */
export function defaultRegion(gz: Gazetteer): Region {
  const p = gz.provinces[0];
  if (!p) throw new Error('gazetteer has no province');
  return p;
}
