// Feeds (/rss.xml, /atom.xml, per region and per sector), sitemaps and robots.txt: what feed
// readers and crawlers fetch. All are cached like pages and dropped when the content changes.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../errors.js';
import { sectorNames } from '../../extraction/taxonomy.js';
import type { AppContext } from '../../web/context.js';
import { ATOM_TYPE, FEED_SIZE, renderFeed, RSS_TYPE, type Channel } from './feed.js';
import { sendSiteDoc } from './origin.js';
import { newestPublished, newestWithSector } from './repository.js';
import { parseChunkName, SITEMAP_TYPE, sitemapChunk, sitemapRoot } from './sitemap.js';

/** Paths crawlers have no business in: the back office, accounts, the API, sign-in and tracking. */
const PRIVATE_PREFIXES = ['/admin', '/account', '/api/', '/login', '/logout', '/invite', '/track'];
/** Exceptions inside them: the API's documentation page is for people (the longest match wins). */
const PUBLIC_EXCEPTIONS = ['/api/docs'];

// Unknown codes and ids are a 404 whatever their shape, so the parameters are only bounded here.
const regionFeedParams = z.object({ code: z.string().max(12) });
const sectorFeedParams = z.object({ id: z.string().max(40) });
const chunkParams = z.object({ file: z.string().max(40) });

export function feedRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx.database;
  const site = ctx.config.site.name;
  const deps = { site: ctx.config.site, gazetteer: ctx.gazetteer };

  const siteChannel = (selfPath: string): Channel => ({
    title: `${site} · 最新招商资讯`,
    description: `${site}：湖南各地招商引资项目签约、开工、竣工资讯，最新 ${FEED_SIZE} 篇。`,
    pagePath: '/',
    selfPath,
  });

  r.get('/rss.xml', async (request, reply) =>
    sendSiteDoc(ctx, request, reply, async (origin) => ({ type: RSS_TYPE, body: renderFeed(deps, origin, siteChannel('/rss.xml'), await newestPublished(db, FEED_SIZE), 'rss') })),
  );

  r.get('/atom.xml', async (request, reply) =>
    sendSiteDoc(ctx, request, reply, async (origin) => ({ type: ATOM_TYPE, body: renderFeed(deps, origin, siteChannel('/atom.xml'), await newestPublished(db, FEED_SIZE), 'atom') })),
  );

  r.get('/regions/:code/rss.xml', { schema: { params: regionFeedParams } }, async (request, reply) =>
    sendSiteDoc(ctx, request, reply, async (origin) => {
      const region = ctx.gazetteer.get(request.params.code);
      if (!region) throw notFound(`没有代码为 ${request.params.code} 的地区，无法提供它的订阅。`);
      const channel: Channel = {
        title: `${region.name}招商资讯 · ${site}`,
        description: `${site}：${region.name}（含下辖地区）的招商引资资讯，最新 ${FEED_SIZE} 篇。`,
        pagePath: `/regions/${region.code}`,
        selfPath: `/regions/${region.code}/rss.xml`,
      };
      const items = await newestPublished(db, FEED_SIZE, { code: region.code, level: region.level });
      return { type: RSS_TYPE, body: renderFeed(deps, origin, channel, items, 'rss') };
    }),
  );

  r.get('/sectors/:id/rss.xml', { schema: { params: sectorFeedParams } }, async (request, reply) =>
    sendSiteDoc(ctx, request, reply, async (origin) => {
      const { id } = request.params;
      const name = sectorNames.get(id);
      if (!name) throw notFound(`没有编号为 ${id} 的行业，无法提供它的订阅。`);
      const channel: Channel = {
        title: `${name}行业招商资讯 · ${site}`,
        description: `${site}：涉及${name}行业的招商引资资讯，最新 ${FEED_SIZE} 篇。`,
        // The 项目库 filtered by the sector is the public page about it.
        pagePath: `/projects?sector=${encodeURIComponent(id)}`,
        selfPath: `/sectors/${encodeURIComponent(id)}/rss.xml`,
      };
      return { type: RSS_TYPE, body: renderFeed(deps, origin, channel, await newestWithSector(db, id, FEED_SIZE), 'rss') };
    }),
  );

  r.get('/sitemap.xml', async (request, reply) =>
    sendSiteDoc(ctx, request, reply, async (origin) => ({ type: SITEMAP_TYPE, body: await sitemapRoot(db, ctx.gazetteer, origin) })),
  );

  r.get('/sitemaps/:file', { schema: { params: chunkParams } }, async (request, reply) =>
    sendSiteDoc(ctx, request, reply, async (origin) => {
      const chunk = parseChunkName(request.params.file);
      const body = chunk ? await sitemapChunk(db, ctx.gazetteer, origin, chunk) : null;
      if (body === null) throw notFound('没有这个网站地图文件。');
      return { type: SITEMAP_TYPE, body };
    }),
  );

  r.get('/robots.txt', async (request, reply) =>
    sendSiteDoc(ctx, request, reply, async (origin) => ({
      type: 'text/plain; charset=utf-8',
      body: ['User-agent: *', ...PRIVATE_PREFIXES.map((p) => `Disallow: ${p}`), ...PUBLIC_EXCEPTIONS.map((p) => `Allow: ${p}`), 'Allow: /', '', `Sitemap: ${origin}/sitemap.xml`, ''].join('\n'),
    })),
  );
}
