// /stats (page), /stats.csv (each table), /api/v1/stats (JSON), and the chart assets, served by us.
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { stringify } from 'csv-stringify/sync';
import { z } from 'zod';
import { notFound } from '../../errors.js';
import { sectorNames } from '../../extraction/taxonomy.js';
import { assetsDir } from '../../paths.js';
import { statsPage, type StatsForm, type StatsTable } from '../../views/stats.js';
import { HTML, JSON_TYPE, renderPage, sendCached, type AppContext } from '../../web/context.js';
import { loadStats, type StatsView } from './service.js';
import { statsQuery, type StatsParams } from './schema.js';
import { t } from '../../i18n/messages.js';
import { placeName } from '../../i18n/names.js';

const require = createRequire(import.meta.url);
const SECTORS = [...sectorNames].map(([id, name]) => [id, name] as const);
const IMMUTABLE = 'public, max-age=31536000, immutable';

/** The chart library, from its npm package, under a versioned name. */
function echartsAsset(): { href: string; file: string } {
  const pkg = require.resolve('echarts/package.json');
  const version = (JSON.parse(fs.readFileSync(pkg, 'utf8')) as { version: string }).version;
  return { href: `/assets/echarts-${version}.min.js`, file: path.join(path.dirname(pkg), 'dist', 'echarts.min.js') };
}

function csvRows(v: StatsView, table: StatsTable): string[][] {
  const fig = (rows: StatsView['regions'], head: string) => [[head, 'projects', 'amount_yuan', 'projects_with_amount'], ...rows.map((r) => [r.key === r.name ? r.name : `${r.name} (${r.key})`, String(r.projects), r.amountYuan, String(r.withAmount)])];
  switch (table) {
    case 'regions':
      return fig(v.unplaced ? [...v.regions, v.unplaced] : v.regions, 'region');
    case 'sectors':
      return fig(v.sectors, 'sector');
    case 'stages':
      return fig(v.stages, 'stage');
    case 'months':
      return fig(v.months, 'month');
    case 'conversion':
      return [['region', 'signed', 'then_started', 'started_pct', 'then_completed', 'completed_pct'], ...v.conversion.map((c) => [`${c.name} (${c.code})`, String(c.signed), String(c.started), c.startedRate === null ? '' : String(c.startedRate), String(c.completed), c.completedRate === null ? '' : String(c.completedRate)])];
  }
}

export function statsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx.database;
  const gz = ctx.gazetteer;
  const echarts = echartsAsset();
  const echartsBody = fs.readFileSync(echarts.file);
  const statsJs = fs.readFileSync(path.join(assetsDir, 'stats.js'));
  const hunan = fs.readFileSync(path.join(assetsDir, 'maps', 'hunan.json'));

  app.get(echarts.href, async (_req, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', IMMUTABLE).send(echartsBody));
  app.get('/assets/stats.js', async (_req, reply) => reply.type('text/javascript; charset=utf-8').header('cache-control', 'public, max-age=300').send(statsJs));
  app.get('/assets/maps/hunan.json', async (_req, reply) => reply.type(JSON_TYPE).header('cache-control', 'public, max-age=86400').send(hunan));

  const filterOf = (p: StatsParams) => {
    const region = gz.get(p.region);
    if (!region) throw notFound(`没有代码为 ${p.region} 的地区。`);
    return { region: { code: region.code, level: region.level }, from: p.from, to: p.to, sector: p.sector, stage: p.stage };
  };
  // Not memoized per filter (any number of combinations): the bounded page cache holds responses.
  const load = (p: StatsParams) => loadStats(db, gz, filterOf(p));

  /** The page validates its own query so a wrong value is kept in the form with a message. */
  const loose = z.object(Object.fromEntries(['region', 'from', 'to', 'sector', 'stage'].map((k) => [k, z.string().optional()])));
  r.get('/stats', { schema: { querystring: loose } }, async (request, reply) => {
    const raw = request.query as Record<string, string | undefined>;
    const form: StatsForm = { region: raw['region'], from: raw['from'], to: raw['to'], sector: raw['sector'], stage: raw['stage'] };
    const parsed = statsQuery.safeParse(raw);
    if (!parsed.success) {
      const view = await load(statsQuery.parse({}));
      const message = `${parsed.error.issues[0]?.message ?? '参数不正确'}，其余条件已保留，请修改后再看。下面是全省、不加筛选的数字。`;
      return reply.code(400).type(HTML).header('cache-control', 'no-store').send(renderPage(ctx, { title: `${t('投资统计')} · ${t(ctx.config.site.name)}`, nav: 'stats' }, statsPage(view, form, SECTORS, message)));
    }
    return sendCached(ctx, request, reply, async () => {
      const view = await load(parsed.data);
      const title = `${t('投资统计')}${view.region.level !== 'province' ? ` · ${placeName(view.region)}` : ''} · ${t(ctx.config.site.name)}`;
      return { type: HTML, body: renderPage(ctx, { title, nav: 'stats', canonicalPath: '/stats', description: t('湖南各地招商引资项目投资额、项目数按地区、行业、阶段、月份统计与地图') }, statsPage(view, form, SECTORS)) };
    });
  });

  r.get('/stats.csv', { schema: { querystring: statsQuery.and(z.object({ table: z.enum(['regions', 'sectors', 'stages', 'months', 'conversion'], { error: 'table 只能是 regions、sectors、stages、months 或 conversion' }).default('regions') })) } }, async (request, reply) => {
    const { table, ...p } = request.query;
    reply.header('content-disposition', `attachment; filename="zhaoshang-stats-${table}.csv"`);
    return sendCached(ctx, request, reply, async () => {
      const view = await load(p);
      // A byte-order mark so spreadsheet programs read the Chinese names as UTF-8.
      return { type: 'text/csv; charset=utf-8', body: `\uFEFF${stringify(csvRows(view, table))}` };
    });
  });

  r.get('/api/v1/stats', { schema: { querystring: statsQuery, tags: ['stats'], summary: '投资统计：按地区、行业、阶段、月份，签约转化' } }, async (request, reply) =>
    sendCached(ctx, request, reply, async () => ({ type: JSON_TYPE, body: JSON.stringify(await load(request.query)) })),
  );
}
