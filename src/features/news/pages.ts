// Public news pages: home (newest first, 20 a page) and the article page.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { notFound } from '../../errors.js';
import { articlePage, homePage } from '../../views/pages.js';
import { loadFacts } from '../facts/repository.js';
import { projectsOfArticle } from '../projects/repository.js';
import { stageText, yuanText } from '../../views/facts.js';
import { t } from '../../i18n/messages.js';
import { HTML, regionCounts, renderPage, sendCached, type AppContext } from '../../web/context.js';
import { findPublished, listPublished } from './repository.js';
import { articleIdParams, PAGE_SIZE, pageQuery } from './schema.js';
import { toDetail, toItem } from './service.js';
import { articleHead } from '../feeds/meta.js';

export function newsPages(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx.database;

  r.get('/', { schema: { querystring: pageQuery } }, async (request, reply) =>
    sendCached(ctx, request, reply, async () => {
      const { page } = request.query;
      // The total from the per-version region counts: counting 100,000 rows per uncached request
      // took PostgreSQL 13 ms and held the uncached home page at 230 req/s.
      const published = [...(await regionCounts(ctx)).values()].reduce((a, b) => a + b, 0);
      const { items, total } = await listPublished(db, { page, pageSize: PAGE_SIZE }, published);
      const content = homePage({ items: items.map((a) => toItem(ctx.gazetteer, a)), page: { page, pageSize: PAGE_SIZE, total }, siteName: ctx.config.site.name });
      const site = t(ctx.config.site.name);
      const title = page > 1 ? `${t('第 {page} 页', { page })} · ${site}` : `${site} · ${t('招商引资资讯')}`;
      return { type: HTML, body: renderPage(ctx, { title, nav: 'home', canonicalPath: page > 1 ? `/?page=${page}` : '/', description: t('湖南各地招商引资项目签约、开工、竣工资讯') }, content) };
    }),
  );

  r.get('/articles/:id', { schema: { params: articleIdParams } }, async (request, reply) =>
    sendCached(ctx, request, reply, async () => {
      // One round trip's wait instead of two: on PostgreSQL under load each wait is a lap of the
      // event loop (~160 ms a query at 200 readers in the load test), on SQLite it costs nothing.
      const id = request.params.id;
      const [row, stored, projects] = await Promise.all([findPublished(db, id), loadFacts(db, id), projectsOfArticle(db, id)]);
      if (!row) throw notFound('没有这篇文章，它可能已被删除或从未存在。');
      const a = toDetail(ctx.gazetteer, row);
      const links = projects.map((p) => ({
        id: p.id,
        name: p.name,
        kind: p.kind,
        detail: [stageText(p.stage) ?? '', p.amount_yuan ? yuanText(p.amount_yuan) : ''].filter(Boolean).join(' · '),
      }));
      // Open Graph and NewsArticle JSON-LD (features/feeds/meta.ts).
      const head = articleHead({ site: ctx.config.site, publicUrl: ctx.config.publicUrl }, a, row.updated_at);
      return { type: HTML, body: renderPage(ctx, { title: `${a.title} · ${t(ctx.config.site.name)}`, description: a.excerpt, canonicalPath: a.url, head }, articlePage(a, stored?.facts, links)) };
    }),
  );
}
