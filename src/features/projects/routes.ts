// 项目库: /projects, /projects/:id, and the same as JSON under /api/v1/projects; /api/v1/sectors.
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { notFound } from '../../errors.js';
import { sectorNames } from '../../extraction/taxonomy.js';
import { projectListPage, projectPage, type ProjectForm } from '../../views/projects.js';
import { HTML, JSON_TYPE, renderPage, sendCached, type AppContext } from '../../web/context.js';
import { regionOptions } from '../submissions/views.js';
import { childProjects, findProject, listProjects, projectEvents, type ProjectFilter } from './repository.js';
import { projectIdParams, projectQuery, type ProjectParams } from './schema.js';
import { sumDecimal, toProjectItem, toTimeline, yiToYuan, type ProjectDetail } from './service.js';
import { t } from '../../i18n/messages.js';
import { placeName } from '../../i18n/names.js';
import { projectDetail, projectList, sectorList } from '../openapi/responses.js';
import { projectExportRoutes } from './export.js';

/** The page takes any strings (kept in the form when wrong) and validates them itself. */
const looseQuery = z.object(Object.fromEntries(['page', 'pageSize', 'region', 'sector', 'stage', 'min', 'max', 'from', 'to', 'q', 'sort'].map((k) => [k, z.string().optional()])));

const SECTOR_OPTIONS = [...sectorNames].map(([id, name]) => [id, name] as const);

export function projectRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx.database;
  const gz = ctx.gazetteer;

  const filterOf = (p: Omit<ProjectParams, 'page' | 'pageSize'>): ProjectFilter => {
    const region = p.region ? gz.get(p.region) : undefined;
    if (p.region && !region) throw notFound(`没有代码为 ${p.region} 的地区。`);
    return {
      region: region && { code: region.code, level: region.level },
      sector: p.sector,
      stage: p.stage,
      minYuan: yiToYuan(p.min),
      maxYuan: yiToYuan(p.max),
      from: p.from,
      to: p.to,
      q: p.q?.trim() || undefined,
    };
  };

  const detail = async (id: number): Promise<ProjectDetail> => {
    const row = await findProject(db, id);
    if (!row || row.hidden) throw notFound('没有这个项目，它可能已被编辑合并或删除。');
    const [events, children, parent] = await Promise.all([projectEvents(db, id), childProjects(db, id), row.parent_id ? findProject(db, row.parent_id) : undefined]);
    return {
      ...toProjectItem(gz, row),
      timeline: toTimeline(events),
      parent: parent && !parent.hidden ? { id: parent.id, name: parent.name, url: `/projects/${parent.id}` } : null,
      children: children.map((c) => toProjectItem(gz, c)),
    };
  };

  r.get('/projects', { schema: { querystring: looseQuery } }, async (request, reply) => {
    const raw = request.query as Record<string, string | undefined>;
    const form: ProjectForm = { region: raw['region'], sector: raw['sector'], stage: raw['stage'], min: raw['min'], max: raw['max'], from: raw['from'], to: raw['to'], q: raw['q'], sort: raw['sort'] };
    const view = { form, items: [], page: 1, pageSize: 20, total: 0, sumYuan: '0', withAmount: 0, counted: 0, regionName: null, regionOptions: regionOptions(gz), sectorOptions: SECTOR_OPTIONS };
    const parsed = projectQuery.safeParse(raw);
    const region = parsed.success && parsed.data.region ? gz.get(parsed.data.region) : undefined;
    const error = !parsed.success ? `${parsed.error.issues[0]?.message ?? '参数不正确'}，其余条件已保留，请修改后再筛选。` : parsed.data.region && !region ? `没有代码为 ${parsed.data.region} 的地区。` : null;
    if (error || !parsed.success) {
      const page = projectListPage({ ...view, error: error ?? undefined });
      return reply.code(400).type(HTML).header('cache-control', 'no-store').send(renderPage(ctx, { title: `${t('项目库')} · ${t(ctx.config.site.name)}`, nav: 'projects' }, page));
    }
    return sendCached(ctx, request, reply, async () => {
      const p = parsed.data;
      const result = await listProjects(db, filterOf(p), p.sort, p.page, p.pageSize);
      const page = projectListPage({ ...view, items: result.items.map((x) => toProjectItem(gz, x)), page: p.page, pageSize: p.pageSize, total: result.total, sumYuan: sumDecimal(result.sumYuan), withAmount: result.withAmount, counted: result.counted, regionName: region ? placeName(region) : null });
      return { type: HTML, body: renderPage(ctx, { title: `${t('项目库')}${region ? ` · ${placeName(region)}` : ''} · ${t(ctx.config.site.name)}`, nav: 'projects', description: t('湖南各地招商引资签约、开工、竣工项目库') }, page) };
    });
  });

  r.get('/projects/:id', { schema: { params: projectIdParams } }, async (request, reply) =>
    sendCached(ctx, request, reply, async () => {
      const d = await detail(request.params.id);
      return { type: HTML, body: renderPage(ctx, { title: `${d.name} · ${t('项目库')} · ${t(ctx.config.site.name)}`, nav: 'projects', canonicalPath: d.url }, projectPage(d, false)) };
    }),
  );

  r.get('/api/v1/projects', { schema: { tags: ['projects'], summary: '项目列表 (list projects)，含一次计入的投资额合计', querystring: projectQuery, response: { 200: projectList } } }, async (request, reply) =>
    sendCached(ctx, request, reply, async () => {
      const p = request.query;
      const result = await listProjects(db, filterOf(p), p.sort, p.page, p.pageSize);
      const body = { items: result.items.map((x) => toProjectItem(gz, x)), page: p.page, pageSize: p.pageSize, total: result.total, sumYuan: result.sumYuan.toFixed(0), withAmount: result.withAmount, projectsCounted: result.counted };
      return { type: JSON_TYPE, body: JSON.stringify(body) };
    }),
  );

  r.get('/api/v1/projects/:id', { schema: { tags: ['projects'], summary: '一个项目 (one project)：时间线、所属批次与批次内项目', params: projectIdParams, response: { 200: projectDetail } } }, async (request, reply) =>
    sendCached(ctx, request, reply, async () => ({ type: JSON_TYPE, body: JSON.stringify(await detail(request.params.id)) })),
  );

  r.get('/api/v1/sectors', { schema: { tags: ['projects'], summary: '行业分类 (sector taxonomy)：项目与企业共用；不分页', response: { 200: sectorList } } }, async (request, reply) =>
    sendCached(ctx, request, reply, async () => ({ type: JSON_TYPE, body: JSON.stringify({ items: SECTOR_OPTIONS.map(([id, name]) => ({ id, name })) }) })),
  );

  // CSV and JSON export, with the same filters (export.ts).
  projectExportRoutes(app, ctx, filterOf);
}
