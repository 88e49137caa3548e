// JSON API of the directory of companies (入驻企业): /api/v1/enterprises and /:id. A profile
// carries exactly what the public page /enterprises/:id shows (views.ts profilePage and posts.ts
// needList): never the contact's mobile or e-mail, which only editors and the company see.
// Company edits do not bump the content version, so these answers are not page-cached: each is
// built fresh (two small indexed queries) and its ETag is a hash of the body, still giving 304s.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { MAX_ROW_ID } from '../../db/database.js';
import { notFound } from '../../errors.js';
import { etagOf } from '../../web/page-cache.js';
import { etagMatches, JSON_TYPE, PAGE_CACHE_CONTROL, type AppContext } from '../../web/context.js';
import { optional, pageField, pageSizeField, regionCodeField } from '../news/schema.js';
import { enterpriseDetail, enterpriseList } from '../openapi/responses.js';
import { publishedNeeds, type PostRow } from './posts.js';
import { findEnterprise, listEnterprises, type EnterpriseRow } from './repository.js';
import { sector } from './sectors.js';


const listQuery = z.object({
  page: pageField,
  pageSize: pageSizeField,
  region: optional(regionCodeField),
  sector: optional(z.string().refine((s) => sector(s) !== undefined, '没有这个行业（见 /api/v1/sectors）')),
});

const idParams = z.object({ id: z.string().regex(/^\d{1,10}$/, '企业编号必须是整数').transform(Number).pipe(z.number().min(1, '企业编号不能小于 1').max(MAX_ROW_ID, '企业编号太大')) });

/** The directory shows the first 120 characters of the description. */
const EXCERPT_CHARS = 120;

function sendJson(request: FastifyRequest, reply: FastifyReply, value: unknown): FastifyReply {
  const body = Buffer.from(JSON.stringify(value), 'utf8');
  const etag = etagOf(body);
  reply.header('etag', etag).header('cache-control', PAGE_CACHE_CONTROL);
  if (etagMatches(request.headers['if-none-match'], etag)) return reply.code(304).send();
  return reply.type(JSON_TYPE).send(body);
}

export function enterpriseApi(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx.database;
  const gz = ctx.gazetteer;
  const regionOf = (code: string) => ({ code, name: gz.get(code)?.name ?? code });
  const sectorOf = (id: string) => ({ id, name: sector(id)?.name ?? id });

  const item = (e: EnterpriseRow) => ({
    id: e.id,
    name: e.name,
    url: `/enterprises/${e.id}`,
    sector: sectorOf(e.industry),
    region: regionOf(e.region_code),
    excerpt: e.description.slice(0, EXCERPT_CHARS),
  });

  const need = (n: PostRow) => ({
    title: n.title,
    body: n.body,
    sector: n.sector && sector(n.sector) ? sectorOf(n.sector) : null,
    region: n.region_code && gz.get(n.region_code) ? regionOf(n.region_code) : null,
    amountMinWan: n.amount_min || null,
    amountMaxWan: n.amount_max || null,
    spaceNeed: n.space_need || null,
  });

  r.get(
    '/api/v1/enterprises',
    { schema: { tags: ['enterprises'], summary: '入驻企业名录 (directory)，按名称排序', querystring: listQuery, response: { 200: enterpriseList } } },
    async (request, reply) => {
      const { page, pageSize, region: code, sector: industry } = request.query;
      const region = code ? gz.get(code) : undefined;
      if (code && !region) throw notFound(`没有代码为 ${code} 的地区。`);
      // The directory page's rule: a region and every region within it.
      const regionCodes = region ? [region.code, ...gz.regions.filter((x) => gz.isWithin(x.code, region.code)).map((x) => x.code)] : undefined;
      const { items, total } = await listEnterprises(db, { regionCodes, industry, page, pageSize });
      return sendJson(request, reply, { items: items.map(item), page, pageSize, total });
    },
  );

  r.get(
    '/api/v1/enterprises/:id',
    { schema: { tags: ['enterprises'], summary: '企业公开主页 (public profile)：简介、地址、联系人姓名、网站、投资需求', params: idParams, response: { 200: enterpriseDetail } } },
    async (request, reply) => {
      const e = await findEnterprise(db, request.params.id);
      if (!e || e.status !== 'active') throw notFound('没有这家企业。');
      const needs = await publishedNeeds(db, e.id);
      return sendJson(request, reply, {
        ...item(e),
        uscc: e.uscc,
        description: e.description,
        address: e.address,
        contactPerson: e.contact_person,
        website: e.website,
        needs: needs.map(need),
      });
    },
  );
}
