// What every route handler gets: config, database, gazetteer, page cache, and the page renderer.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Database } from '../db/database.js';
import type { Gazetteer } from '../regions/gazetteer.js';
import type { Html } from '../html.js';
import { layout, type LayoutContext, type PageMeta } from '../views/layout.js';
import { etagOf, type CachedResponse, type PageCache } from './page-cache.js';

export interface AppContext {
  readonly config: Config;
  readonly database: Database;
  readonly gazetteer: Gazetteer;
  readonly cache: PageCache;
  readonly layout: LayoutContext;
}

export function renderPage(ctx: AppContext, meta: PageMeta, content: Html): string {
  return layout(ctx.layout, meta, content).value;
}

const MAX_CACHE_KEY = 512;
export const PAGE_CACHE_CONTROL = 'public, max-age=0, must-revalidate';

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
  const key = request.url;
  let entry: CachedResponse | undefined = ctx.cache.get(key);
  if (!entry) {
    const { type, body } = await produce();
    entry = { status: 200, type, body, etag: etagOf(body) };
    if (key.length <= MAX_CACHE_KEY) ctx.cache.set(key, entry);
  }
  reply.header('etag', entry.etag).header('cache-control', PAGE_CACHE_CONTROL).header('vary', 'accept-encoding');
  if (request.headers['if-none-match'] === entry.etag) return reply.code(304).send();
  return reply.code(entry.status).type(entry.type).send(entry.body);
}

export const HTML = 'text/html; charset=utf-8';
export const JSON_TYPE = 'application/json; charset=utf-8';
