// JSON API for articles and regions under /api/v1. Errors: {"error":{"code","message"}}.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { notFound } from '../../errors.js';
import { JSON_TYPE, regionCounts, sendCached, type AppContext } from '../../web/context.js';
import { findPublished, listPublished } from './repository.js';
import { articleIdParams, articleListQuery } from './schema.js';
import { articleDetail, articleList, regionList } from '../openapi/responses.js';
import { flattenTree, regionTree, toDetail, toItem } from './service.js';

export function newsApi(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx.database;

  r.get('/api/v1/articles', { schema: { tags: ['articles'], summary: '文章列表 (list articles)，最新在前', querystring: articleListQuery, response: { 200: articleList } } }, async (request, reply) =>
    sendCached(ctx, request, reply, async () => {
      const { page, pageSize, region: code } = request.query;
      const region = code ? ctx.gazetteer.get(code) : undefined;
      if (code && !region) throw notFound(`没有代码为 ${code} 的地区。`);
      const { items, total } = await listPublished(db, { region: region && { code: region.code, level: region.level }, page, pageSize });
      return { type: JSON_TYPE, body: JSON.stringify({ items: items.map((a) => toItem(ctx.gazetteer, a)), page, pageSize, total }) };
    }),
  );

  r.get('/api/v1/articles/:id', { schema: { tags: ['articles'], summary: '一篇文章 (one article)：正文与分节', params: articleIdParams, response: { 200: articleDetail } } }, async (request, reply) =>
    sendCached(ctx, request, reply, async () => {
      const row = await findPublished(db, request.params.id);
      if (!row) throw notFound('没有这篇文章。');
      const { toc: _toc, regionPath: _path, ...detail } = toDetail(ctx.gazetteer, row);
      return { type: JSON_TYPE, body: JSON.stringify(detail) };
    }),
  );

  r.get('/api/v1/regions', { schema: { tags: ['regions'], summary: '全部地区 (all regions)，含文章数；不分页', response: { 200: regionList } } }, async (request, reply) =>
    sendCached(ctx, request, reply, async () => {
      const nodes = flattenTree(regionTree(ctx.gazetteer, await regionCounts(ctx)));
      const items = nodes.map(({ code, name, level, parent, articleCount }) => ({ code, name, level, parent, articleCount }));
      return { type: JSON_TYPE, body: JSON.stringify({ items }) };
    }),
  );
}
