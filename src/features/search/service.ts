// A search from parameters to results: parse the query, match, filter and count by region in
// memory, order (bounded relevance or newest), then load the page's articles and build snippets.
import { DocMeta } from '../../search/doc-meta.js';
import { highlight, snippet } from '../../search/snippet.js';
import { highlightTerms, loosen, parseQuery, type ParsedQuery } from '../../search/query.js';
import { RANK_CANDIDATES } from '../../search/search-index.js';
import type { AppContext } from '../../web/context.js';
import { findPublishedByIds, textsByIds } from '../news/repository.js';
import { regionRef, toItem, type ArticleItem, type RegionRef } from '../news/service.js';
import type { SearchParams } from './schema.js';

export interface SearchItem extends ArticleItem {
  /** HTML: the best passage, matches in <mark>, everything else escaped. */
  readonly snippet: string;
  /** HTML: the title with matches in <mark>. */
  readonly titleHtml: string;
}

export interface RegionFacet {
  readonly code: string;
  readonly name: string;
  readonly count: number;
}

export interface SearchResult {
  readonly query: ParsedQuery;
  readonly items: readonly SearchItem[];
  readonly total: number;
  readonly page: number;
  readonly pageSize: number;
  readonly region: RegionRef | null;
  readonly facets: readonly RegionFacet[];
}

export function parse(ctx: AppContext, q: string): ParsedQuery {
  return parseQuery(q, {
    segment: (t) => ctx.segmenter.forQuery(t),
    pinyinPlace: (key) => ctx.gazetteer.pinyin(key)?.short,
  });
}

function docMeta(ctx: AppContext): Promise<DocMeta> {
  return ctx.cache.memo('docMeta', () => DocMeta.load(ctx.database.db, ctx.gazetteer));
}

/** Loose candidates checked for the exact strings; more than this many are not checked. */
const VERIFY_MAX = 5000;

/**
 * The strict query found nothing. Segmentation depends on context (科技城内 → 科技 城内), so a
 * word can be in the text yet not as the tokens the query expects: take the loose matches, keep
 * those whose text has every word as written; if none has, show the loose matches and say so
 * (桃源签约 → 桃源 … 签约).
 */
async function loosened(ctx: AppContext, strict: ParsedQuery, loose: ParsedQuery): Promise<{ query: ParsedQuery; ids: number[] }> {
  const ids = await ctx.search.matchAll(ctx.database.db, loose);
  if (ids.length === 0 || ids.length > VERIFY_MAX) return { query: loose, ids };
  const texts = await textsByIds(ctx.database.db, ids);
  const words = strict.must.filter((t) => t.tokens.length > 1 && !t.or).map((t) => t.text.toLowerCase());
  const exact = ids.filter((id) => {
    const text = texts.get(id)?.toLowerCase() ?? '';
    return words.every((w) => text.includes(w));
  });
  return exact.length > 0 ? { query: strict, ids: exact } : { query: loose, ids };
}

/** The plain relevance page: needs no date filter, so it can be asked for while the hits are counted. */
function rankedPage(ctx: AppContext, query: ParsedQuery, p: SearchParams): Promise<number[]> | null {
  if (p.sort === 'newest' || p.from || p.to) return null;
  return ctx.search.rankTop(ctx.database.db, query, { regionCode: p.region, limit: p.pageSize, offset: (p.page - 1) * p.pageSize });
}

/** Ids of the requested page, in order. */
async function order(ctx: AppContext, query: ParsedQuery, p: SearchParams, filtered: number[], meta: DocMeta): Promise<number[]> {
  const offset = (p.page - 1) * p.pageSize;
  if (p.sort === 'newest') return meta.newest(filtered, offset + p.pageSize).slice(offset);
  const { db } = ctx.database;
  if (!p.from && !p.to) return (rankedPage(ctx, query, p) as Promise<number[]>);
  // A date range is not in the index: rank the candidates, keep those in range, then fill up
  // newest-first from the rest of the (exactly counted) hits.
  const ranked = meta.filter(await ctx.search.rankTop(db, query, { regionCode: p.region, limit: RANK_CANDIDATES, offset: 0 }), { from: p.from, to: p.to });
  if (ranked.length < offset + p.pageSize && ranked.length < filtered.length) {
    const seen = new Set(ranked);
    for (const id of meta.newest(filtered, offset + p.pageSize + ranked.length)) if (!seen.has(id)) ranked.push(id);
  }
  return ranked.slice(offset, offset + p.pageSize);
}

export async function search(ctx: AppContext, p: SearchParams, strict: ParsedQuery): Promise<SearchResult> {
  const { db } = ctx.database;
  const region = p.region ? (ctx.gazetteer.get(p.region) ?? null) : null;
  const meta = await docMeta(ctx);
  let query = strict;
  // On PostgreSQL the page's ranking runs on a second connection while the hits are collected
  // (each ~10–35 ms at 100,000 articles); kept only if the strict query finds something.
  const early = rankedPage(ctx, strict, p);
  early?.catch(() => undefined);
  let ids = await ctx.search.matchAll(db, query);
  const loose = ids.length === 0 ? loosen(strict) : null;
  if (loose) ({ query, ids } = await loosened(ctx, strict, loose));
  const filtered = meta.filter(ids, { region: region ?? undefined, from: p.from, to: p.to });
  const counts = meta.facets(filtered, region?.level);
  const pageIds = early && !loose ? await early : await order(ctx, query, p, filtered, meta);
  const rows = new Map((await findPublishedByIds(db, pageIds)).map((r) => [r.id, r]));
  const terms = highlightTerms(query);
  const items: SearchItem[] = [];
  for (const id of pageIds) {
    const row = rows.get(id);
    if (!row) continue;
    items.push({ ...toItem(ctx.gazetteer, row), snippet: snippet(row.body, terms), titleHtml: highlight(row.title, terms) });
  }
  const facets = [...counts.entries()]
    .map(([code, count]) => ({ code, name: ctx.gazetteer.get(code)?.name ?? code, count }))
    .sort((a, b) => b.count - a.count || a.code.localeCompare(b.code));
  return { query, items, total: filtered.length, page: p.page, pageSize: p.pageSize, region: region ? regionRef(region) : null, facets };
}
