// Public news pages: home (newest first, 20 a page) and the article page.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { notFound } from '../../errors.js';
import { articlePage, homePage } from '../../views/pages.js';
import { loadFacts } from '../facts/repository.js';
import { projectsOfArticle } from '../projects/repository.js';
import { STAGE_LABEL, formatYuan } from '../../views/facts.js';
import type { Stage } from '../../extraction/types.js';
import { HTML, renderPage, sendCached, type AppContext } from '../../web/context.js';
import { findPublished, listPublished } from './repository.js';
import { articleIdParams, PAGE_SIZE, pageQuery } from './schema.js';
import { toDetail, toItem } from './service.js';

export function newsPages(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx.database;

  r.get('/', { schema: { querystring: pageQuery } }, async (request, reply) =>
    sendCached(ctx, request, reply, async () => {
      const { page } = request.query;
      const { items, total } = await listPublished(db, { page, pageSize: PAGE_SIZE });
      const content = homePage({ items: items.map((a) => toItem(ctx.gazetteer, a)), page: { page, pageSize: PAGE_SIZE, total }, siteName: ctx.config.site.name });
      const title = page > 1 ? `第 ${page} 页 · ${ctx.config.site.name}` : `${ctx.config.site.name} · 招商引资资讯`;
      return { type: HTML, body: renderPage(ctx, { title, nav: 'home', canonicalPath: page > 1 ? `/?page=${page}` : '/', description: '湖南各地招商引资项目签约、开工、竣工资讯' }, content) };
    }),
  );

  r.get('/articles/:id', { schema: { params: articleIdParams } }, async (request, reply) =>
    sendCached(ctx, request, reply, async () => {
      const row = await findPublished(db, request.params.id);
      if (!row) throw notFound('没有这篇文章，它可能已被删除或从未存在。');
      const a = toDetail(ctx.gazetteer, row);
      const [stored, projects] = await Promise.all([loadFacts(db, row.id), projectsOfArticle(db, row.id)]);
      const links = projects.map((p) => ({
        id: p.id,
        name: p.name,
        kind: p.kind,
        detail: [p.stage ? STAGE_LABEL[p.stage as Stage] : '', p.amount_yuan ? formatYuan(p.amount_yuan) : ''].filter(Boolean).join(' · '),
      }));
      return { type: HTML, body: renderPage(ctx, { title: `${a.title} · ${ctx.config.site.name}`, description: a.excerpt, canonicalPath: a.url }, articlePage(a, stored?.facts, links)) };
    }),
  );
}
