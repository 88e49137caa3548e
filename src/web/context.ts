// What every route handler gets: config, database, gazetteer, page cache, and the page renderer.
import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { Mailer } from '../mail/mailer.js';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Extractor } from '../extraction/index.js';
import type { Gazetteer } from '../regions/gazetteer.js';
import type { SearchIndex } from '../search/search-index.js';
import type { Segmenter } from '../search/segmenter.js';
import { raw, type Html } from '../html.js';
import { isEnglish, localeOf, markCached } from '../i18n/locale.js';
import { localizeLinks } from '../i18n/links.js';
import { layout, type LayoutContext, type PageMeta } from '../views/layout.js';
import { etagOf, type CachedResponse, type PageCache } from './page-cache.js';
import { countPublishedByRegion } from '../features/news/repository.js';
import { mustReadFresh } from './read-routing.js';

export interface AppContext {
  readonly config: Config;
  readonly database: Database;
  readonly gazetteer: Gazetteer;
  /** Built once at start from the lexicons; its gazetteer is `gazetteer`. */
  readonly extractor: Extractor;
  readonly segmenter: Segmenter;
  readonly search: SearchIndex;
  readonly cache: PageCache;
  readonly layout: LayoutContext;
  readonly mailer: Mailer | null;
  readonly log: FastifyBaseLogger;
}

/** Published articles per stored region code, computed once per content version. */
export function regionCounts(ctx: AppContext): Promise<Map<string, number>> {
  return ctx.cache.memo('regionCounts', () => countPublishedByRegion(ctx.database.db));
}

/** The page in its language: on an English page every internal link of the content gets /en. */
export function renderPage(ctx: AppContext, meta: PageMeta, content: Html): string {
  return layout(ctx.layout, meta, isEnglish() ? raw(localizeLinks(content.value)) : content).value;
}

export const PAGE_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

/**
 * The route and its validated parameters: a route's query schema drops unknown parameters and a
 * route without one ignores the query, so /regions/430100?x=1 and /regions/430100 share one entry
 * and made-up URLs cannot fill the cache.
 */
export function cacheKey(request: FastifyRequest): string {
  const query = request.routeOptions.schema?.querystring ? JSON.stringify(request.query ?? {}) : '';
  // /en/… and /… are one route: the language keeps their pages apart.
  return `${localeOf(request)}|${request.routeOptions.url ?? request.url}|${JSON.stringify(request.params ?? {})}|${query}`;
}

/** If-None-Match may hold several tags and weak ones (W/"…"); weak comparison is right for GET. */
export function etagMatches(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((t) => t.trim().replace(/^W\//, '') === etag);
}

/**
 * Serves a GET from the page cache, or produces it, caches it and serves it. ETag on every
 * response; a matching If-None-Match gets 304 without a body.
 */
export async function sendCached(
  ctx: AppContext,
  request: FastifyRequest,
  reply: FastifyReply,
  produce: () => Promise<{ type: string; body: string }>,
): Promise<FastifyReply> {
  if (mustReadFresh()) {
    // A writer a moment ago (with replicas): straight from the primary, not stored.
    const { type, body } = await produce();
    return reply.header('cache-control', 'no-store').type(type).send(body);
  }
  // The layout's language switch may then carry only the query parameters the key holds.
  markCached();
  const entry = await ctx.cache.getOrRender(cacheKey(request), async () => {
    const { type, body } = await produce();
    const bytes = Buffer.from(body, 'utf8');
    return { status: 200, type, body: bytes, etag: etagOf(bytes) };
  });
  reply.header('etag', entry.etag).header('cache-control', PAGE_CACHE_CONTROL).header('vary', 'accept-encoding');
  if (etagMatches(request.headers['if-none-match'], entry.etag)) return reply.code(304).send();
  return reply.code(entry.status).type(entry.type).send(entry.body);
}

export const HTML = 'text/html; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';
