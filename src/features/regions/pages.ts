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

export function regionPages(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx.database;

  r.get('/regions', async (request, reply) =>
    sendCached(ctx, request, reply, async () => {
      const roots = regionTree(ctx.gazetteer, await regionCounts(ctx));
      return { type: HTML, body: renderPage(ctx, { title: `按地区浏览 · ${ctx.config.site.name}`, nav: 'regions', canonicalPath: '/regions' }, regionsPage({ roots })) };
    }),
  );

  r.get('/regions/:code', { schema: { params: regionParams, querystring: z.object({ page: pageField }) } }, async (request, reply) =>
    sendCached(ctx, request, reply, async () => {
      const region = ctx.gazetteer.get(request.params.code);
      if (!region) throw notFound(`没有代码为 ${request.params.code} 的地区。`);
      const { page } = request.query;
      const [{ items, total }, counts] = await Promise.all([
        listPublished(db, { region: { code: region.code, level: region.level }, page, pageSize: PAGE_SIZE }),
        regionCounts(ctx),
      ]);
      const node = flattenTree(regionTree(ctx.gazetteer, counts)).find((n) => n.code === region.code);
      const content = regionPage({
        region: regionRef(region),
        path: ctx.gazetteer.ancestry(region.code).reverse().map(regionRef),
        children: node?.children ?? [],
        items: items.map((a) => toItem(ctx.gazetteer, a)),
        page: { page, pageSize: PAGE_SIZE, total },
      });
      return { type: HTML, body: renderPage(ctx, { title: `${region.name}招商资讯 · ${ctx.config.site.name}`, nav: 'regions', canonicalPath: `/regions/${region.code}` }, content) };
    }),
  );
}
