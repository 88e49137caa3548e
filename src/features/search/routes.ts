// /search (page) and /api/v1/search (JSON).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { EmptyQueryError } from '../../search/search-index.js';
import { searchResultsPage, searchStartPage, type SearchForm } from '../../views/search.js';
import { HTML, JSON_TYPE, renderPage, sendCached, type AppContext } from '../../web/context.js';
import { searchQuery } from './schema.js';
import { searchResponse } from '../openapi/responses.js';
import { parse, search } from './service.js';
import { t } from '../../i18n/messages.js';

/** The page takes any strings (kept in the form when wrong) and validates them itself. */
const looseQuery = z.object({
  q: z.string().optional(),
  page: z.string().optional(),
  sort: z.string().optional(),
  region: z.string().optional(),
  from: z.string().optional(),
  to: z.string().optional(),
});

export function searchRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const title = (q: string) => `${q ? `${q} - ` : ''}${t('搜索')} · ${t(ctx.config.site.name)}`;

  r.get('/search', { schema: { querystring: looseQuery } }, async (request, reply) => {
    const raw = request.query;
    const kept: SearchForm = { q: raw.q ?? '', sort: raw.sort === 'newest' ? 'newest' : 'relevance', region: raw.region, from: raw.from, to: raw.to };
    const parsed = searchQuery.safeParse(raw);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      const message = `${issue?.message ?? '参数不正确'}，其余条件已保留，请修改后再搜索。`;
      return reply.code(400).type(HTML).header('cache-control', 'no-store').send(renderPage(ctx, { title: title(kept.q) }, searchStartPage(kept, message)));
    }
    const p = parsed.data;
    if (p.region && !ctx.gazetteer.get(p.region)) {
      return reply.code(404).type(HTML).header('cache-control', 'no-store').send(renderPage(ctx, { title: title(kept.q) }, searchStartPage(kept, `没有代码为 ${p.region} 的地区。`)));
    }
    const query = parse(ctx, p.q);
    if (query.must.length === 0) {
      const message = p.q.trim() ? '没有可以查找的词：请至少输入一个不带 - 的词。' : undefined;
      return reply.code(p.q.trim() ? 400 : 200).type(HTML).send(renderPage(ctx, { title: title(''), nav: 'search' }, searchStartPage(kept, message)));
    }
    return sendCached(ctx, request, reply, async () => {
      const result = await search(ctx, { ...p, pageSize: 20 }, query);
      return { type: HTML, body: renderPage(ctx, { title: title(query.text), nav: 'search' }, searchResultsPage({ ...kept, q: query.text }, result)) };
    });
  });

  r.get('/api/v1/search', { schema: { tags: ['search'], summary: '全文搜索 (full-text search)：高亮片段、按地区计数', querystring: searchQuery, response: { 200: searchResponse } } }, async (request, reply) => {
    const p = request.query;
    if (p.region && !ctx.gazetteer.get(p.region)) throw new AppError('not_found', `没有代码为 ${p.region} 的地区。`);
    const query = parse(ctx, p.q);
    if (query.must.length === 0) throw new AppError('invalid_parameter', 'q：请至少输入一个要查找的词（不带 - 的词）。');
    return sendCached(ctx, request, reply, async () => {
      const result = await search(ctx, p, query).catch((err: unknown) => {
        throw err instanceof EmptyQueryError ? new AppError('invalid_parameter', err.message) : err;
      });
      const body = {
        query: result.query.text,
        notices: result.query.notices,
        items: result.items.map(({ titleHtml: _t, excerpt: _e, ...item }) => item),
        page: result.page,
        pageSize: result.pageSize,
        total: result.total,
        facets: { region: result.facets },
      };
      return { type: JSON_TYPE, body: JSON.stringify(body) };
    });
  });
}
