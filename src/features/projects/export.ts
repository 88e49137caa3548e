// 项目库 export: GET /api/v1/projects.csv and /api/v1/projects/export.json, with the filters of
// /api/v1/projects and every matching row (at most EXPORT_CAP). Rows are read a slice at a time
// and streamed, so a large export never sits in memory (the server runs with a 128 MB heap).
// Not in the page cache (bodies can be megabytes); the ETag is the content version and the
// request, so a client re-downloading an unchanged export gets a 304 without a query.
import { createHash } from 'node:crypto';
import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { etagMatches, JSON_TYPE, PAGE_CACHE_CONTROL, cacheKey, type AppContext } from '../../web/context.js';
import { siteUrl } from '../admin/notify.js';
import { readContentVersion } from '../news/repository.js';
import { clientKey, FixedWindowLimiter } from '../openapi/rate-window.js';
import { projectExport } from '../openapi/responses.js';
import { listProjectRows, listProjects, type ProjectFilter, type ProjectRow, type ProjectSort } from './repository.js';
import { projectQuery, type ProjectParams } from './schema.js';
import { toProjectItem, type ProjectItem } from './service.js';

export const EXPORT_CAP = 100_000;
/** Rows per query while streaming. */
const SLICE = 1_000;
/** Exports are the heaviest read: a stricter per-IP limit on top of the /api one. */
const EXPORTS_PER_MINUTE = 20;

/** The list's filters without page and pageSize (zod cannot omit from a refined object). */
const { page: _page, pageSize: _pageSize, ...filterShape } = projectQuery.shape;
export const exportQuery = z
  .object(filterShape)
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: '开始日期不能晚于结束日期', path: ['from'] })
  .refine((v) => v.min === undefined || v.max === undefined || v.min <= v.max, { message: '最低金额不能大于最高金额', path: ['min'] });
type ExportParams = Omit<ProjectParams, 'page' | 'pageSize'>;

const CSV_COLUMNS = ['id', 'name', 'kind', 'stage', 'count', 'amount_yuan', 'region_code', 'region_name', 'park', 'sectors', 'companies', 'first_date', 'last_date', 'source_url'] as const;

/** A text cell Excel would run as a formula (=, +, -, @) is kept as text with a leading '. */
const cell = (s: string | null): string => (s && /^[=+\-@\t\r]/.test(s) ? `'${s}` : (s ?? ''));

function csvRecord(p: ProjectItem, base: string): Record<(typeof CSV_COLUMNS)[number], string | number | null> {
  return {
    id: p.id,
    name: cell(p.name),
    kind: p.kind,
    stage: p.stage,
    count: p.count,
    amount_yuan: p.amountYuan,
    region_code: p.region.code,
    region_name: cell(p.region.name),
    park: cell(p.park),
    sectors: cell(p.sectors.map((s) => s.name).join('、')),
    companies: cell(p.companies.join('、')),
    first_date: p.firstDate,
    last_date: p.lastDate,
    source_url: `${base}/articles/${p.articleId}`,
  };
}

/** A download. The reply is untyped here: the route's response schema documents the stream. */
function sendFile(reply: FastifyReply, type: string, name: string, body: Readable): FastifyReply {
  return reply.type(type).header('content-disposition', `attachment; filename="${name}"`).send(body);
}

export function projectExportRoutes(app: FastifyInstance, ctx: AppContext, filterOf: (p: ExportParams) => ProjectFilter): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx.database;
  const limiter = ctx.config.apiRateLimit > 0 ? new FixedWindowLimiter(Math.min(EXPORTS_PER_MINUTE, ctx.config.apiRateLimit), 60_000) : null;

  async function* rows(filter: ProjectFilter, sort: ProjectSort): AsyncGenerator<ProjectItem> {
    for (let offset = 0; offset < EXPORT_CAP; offset += SLICE) {
      const slice: ProjectRow[] = await listProjectRows(db, filter, sort, offset, Math.min(SLICE, EXPORT_CAP - offset));
      for (const row of slice) yield toProjectItem(ctx.gazetteer, row);
      if (slice.length < SLICE) return;
    }
  }

  /** Rate limit, then ETag: true when a 304 has been sent. */
  async function prepare(request: FastifyRequest, reply: FastifyReply, kind: string): Promise<boolean> {
    const verdict = limiter?.hit(clientKey(request.ip));
    if (verdict && !verdict.allowed) {
      reply.header('retry-after', String(verdict.resetSeconds));
      throw new AppError('rate_limited', `导出太频繁，请 ${verdict.resetSeconds} 秒后再试（每个 IP 每分钟最多导出 ${limiter?.max ?? 0} 次）。`);
    }
    const key = `${kind}|${cacheKey(request)}|${ctx.config.publicUrl ? '' : siteUrl(ctx, request)}|${await readContentVersion(db)}`;
    const etag = `"x${createHash('sha1').update(key).digest('base64url').slice(0, 27)}"`;
    reply.header('etag', etag).header('cache-control', PAGE_CACHE_CONTROL);
    if (!etagMatches(request.headers['if-none-match'], etag)) return false;
    await reply.code(304).send();
    return true;
  }

  const filename = (p: ExportParams, ext: string) => `zhaoshang-projects${p.region ? `-${p.region}` : ''}-${new Date().toISOString().slice(0, 10).replace(/-/g, '')}.${ext}`;

  r.get(
    '/api/v1/projects.csv',
    {
      schema: {
        tags: ['projects'],
        summary: '导出项目库为 CSV (export as CSV)：UTF-8 带 BOM，Excel 可直接打开',
        description: `筛选条件与 /api/v1/projects 相同，导出全部符合条件的项目（最多 ${EXPORT_CAP} 行），不分页。列：${CSV_COLUMNS.join(', ')}。`,
        querystring: exportQuery,
        response: { 200: { description: 'CSV 文件 (attachment)', content: { 'text/csv': { schema: z.string() } } } },
      },
    },
    async (request, reply) => {
      if (await prepare(request, reply, 'csv')) return reply;
      const p = request.query;
      const base = siteUrl(ctx, request);
      const records = Readable.from((async function* () {
        for await (const item of rows(filterOf(p), p.sort)) yield csvRecord(item, base);
      })());
      const csv = stringify({ bom: true, header: true, columns: [...CSV_COLUMNS], record_delimiter: 'windows' });
      // A failure halfway (the database went away) ends the download cut short; log it.
      pipeline(records, csv, (err) => err && request.log.error({ err }, 'project CSV export failed'));
      return sendFile(reply, 'text/csv; charset=utf-8', filename(p, 'csv'), csv);
    },
  );

  r.get(
    '/api/v1/projects/export.json',
    {
      schema: {
        tags: ['projects'],
        summary: '导出项目库为 JSON (export as JSON)',
        description: `筛选条件与 /api/v1/projects 相同，导出全部符合条件的项目（最多 ${EXPORT_CAP} 个），不分页；items 的字段与列表接口相同。`,
        querystring: exportQuery,
        response: { 200: projectExport },
      },
    },
    async (request, reply) => {
      if (await prepare(request, reply, 'json')) return reply;
      const p = request.query;
      const filter = filterOf(p);
      const { total } = await listProjects(db, filter, p.sort, 1, 1);
      const chunks = async function* () {
        yield `{"total":${total},"truncated":${total > EXPORT_CAP},"items":[`;
        let first = true;
        for await (const item of rows(filter, p.sort)) {
          yield `${first ? '' : ','}${JSON.stringify(item)}`;
          first = false;
        }
        yield ']}';
      };
      const body = Readable.from(chunks());
      body.on('error', (err) => request.log.error({ err }, 'project JSON export failed'));
      return sendFile(reply, JSON_TYPE, filename(p, 'json'), body);
    },
  );
}
