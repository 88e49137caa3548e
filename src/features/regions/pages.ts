// Region pages: the whole tree with article counts, and one region with its descendants' articles.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../errors.js';
import { regionPage, regionsPage } from '../../views/pages.js';
import { HTML, regionCounts, renderPage, sendCached, type AppContext } from '../../web/context.js';
import { listPublished } from '../news/repository.js';
import { PAGE_SIZE, pageField, regionParams } from '../news/schema.js';
import { flattenTree, regionRef, regionTree, toItem } from '../news/service.js';
import { listProjectRows } from '../projects/repository.js';
import { toProjectItem } from '../projects/service.js';
import { loadStats } from '../stats/service.js';
import { regionFigures } from '../../views/stats.js';
import { t } from '../../i18n/messages.js';
import { placeName } from '../../i18n/names.js';

export function regionPages(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx.database;

  r.get('/regions', async (request, reply) =>
    sendCached(ctx, request, reply, async () => {
      const roots = regionTree(ctx.gazetteer, await regionCounts(ctx));
      return { type: HTML, body: renderPage(ctx, { title: `${t('按地区浏览')} · ${t(ctx.config.site.name)}`, nav: 'regions', canonicalPath: '/regions' }, regionsPage({ roots })) };
    }),
  );

  r.get('/regions/:code', { schema: { params: regionParams, querystring: z.object({ page: pageField }) } }, async (request, reply) =>
    sendCached(ctx, request, reply, async () => {
      const region = ctx.gazetteer.get(request.params.code);
      if (!region) throw notFound(`没有代码为 ${request.params.code} 的地区。`);
      const { page } = request.query;
      const where = { code: region.code, level: region.level };
      // The region's article count comes from the per-version counts (with its descendants).
      const counts = await regionCounts(ctx);
      const node = flattenTree(regionTree(ctx.gazetteer, counts)).find((n) => n.code === region.code);
      const [{ items, total }, stats, latest] = await Promise.all([
        listPublished(db, { region: where, page, pageSize: PAGE_SIZE }, node?.articleCount),
        page === 1 ? loadStats(db, ctx.gazetteer, { region: where }) : null,
        page === 1 ? listProjectRows(db, { region: where }, 'newest', 0, 5) : null,
      ]);
      const content = regionPage({
        region: regionRef(region),
        path: ctx.gazetteer.ancestry(region.code).reverse().map(regionRef),
        children: node?.children ?? [],
        items: items.map((a) => toItem(ctx.gazetteer, a)),
        page: { page, pageSize: PAGE_SIZE, total },
        figures: stats && latest ? regionFigures(stats, latest.map((p) => toProjectItem(ctx.gazetteer, p))) : undefined,
      });
      const heading = t('{region}招商资讯', { region: placeName(region) });
      return { type: HTML, body: renderPage(ctx, { title: `${heading} · ${t(ctx.config.site.name)}`, nav: 'regions', canonicalPath: `/regions/${region.code}`, feeds: [{ title: heading, href: `/regions/${region.code}/rss.xml` }] }, content) };
    }),
  );
}
