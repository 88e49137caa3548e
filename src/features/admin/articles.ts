// The article editor, for editors and admins: every article with its status (newest first, 50 a
// page), create, edit, unpublish and publish again. Each change is one transaction that takes the
// content write lock first, writes the row and the search index, logs the action and bumps the
// content version; the page cache is cleared afterwards, so / , region pages, the article page
// and search agree at once.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { ArticleRow, ArticleUpdate } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import { html, type Html } from '../../html.js';
import { pager } from '../../views/components.js';
import { csrfInput, field, formErrorSummary, type FieldErrors } from '../../views/forms.js';
import type { AppContext } from '../../web/context.js';
import { requireRole } from '../auth/session.js';
import { bumpContentVersion, lockContentForWrite, updateArticle } from '../news/repository.js';
import { pageField } from '../news/schema.js';
import { regionOptions } from '../submissions/views.js';
import { logAction } from './moderation-log.js';
import { actor, backOfficePage, firstErrors, formFields, shortTime } from './users.js';
import { idParams } from '../../forms/fields.js';
import { afterArticleWrite, articleColumns, insertPublishedArticle } from '../news/write.js';
import { toSearchDoc } from '../../search/documents.js';
import { loadFacts } from '../facts/repository.js';
import { refreshArticleProjects } from '../projects/store.js';

const editors = requireRole('editor', 'admin');

export const ADMIN_PAGE_SIZE = 50;
const TITLE_MAX = 200;
const BODY_MAX = 50_000;
const REASON_MAX = 500;

const STATUS_LABEL: Record<ArticleRow['status'], string> = { published: '已发布', unpublished: '已下线', draft: '草稿' };

// ---------------------------------------------------------------------------
// SQL
// ---------------------------------------------------------------------------

export type AdminArticleItem = Pick<ArticleRow, 'id' | 'title' | 'region_code' | 'published_at' | 'status' | 'updated_at'>;

/**
 * Every article, newest first. The page's ids come from the covering index articles_list
 * (status, published_at, id) without touching the table, then 50 rows by primary key: ordering
 * the table itself would read every row's body on the way to published_at.
 */
export async function listAllArticles(db: Db, page: number, pageSize = ADMIN_PAGE_SIZE): Promise<{ items: AdminArticleItem[]; total: number }> {
  const [ids, count] = await Promise.all([
    db
      .selectFrom('articles')
      .select('id')
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .limit(pageSize)
      .offset((page - 1) * pageSize)
      .execute(),
    db.selectFrom('articles').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  const order = ids.map((r) => Number(r.id));
  const rows = order.length
    ? await db.selectFrom('articles').select(['id', 'title', 'region_code', 'published_at', 'status', 'updated_at']).where('id', 'in', order).execute()
    : [];
  const byId = new Map(rows.map((r) => [Number(r.id), r]));
  return { items: order.flatMap((id) => byId.get(id) ?? []), total: Number(count.n) };
}

export async function findArticle(db: Db, id: number): Promise<ArticleRow | undefined> {
  return db.selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirst();
}

// ---------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------

/** Today's date where the portal's readers are (China Standard Time), as YYYY-MM-DD. */
export function todayInChina(now = new Date()): string {
  return new Date(now.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

function isCalendarDate(s: string): boolean {
  const t = Date.parse(`${s}T00:00:00Z`);
  return Number.isFinite(t) && new Date(t).toISOString().slice(0, 10) === s;
}

const articleSchema = z.object({
  title: z.string().trim().min(1, '请填写标题').max(TITLE_MAX, `标题最多 ${TITLE_MAX} 个字`),
  region: z.string().regex(/^\d{6}$/, '请选择地区'),
  date: z
    .string()
    .trim()
    .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD，例如 2024-05-01')
    .refine(isCalendarDate, '没有这一天，请检查月份和日期')
    .refine((d) => d >= '1990-01-01', '日期不能早于 1990-01-01')
    .refine((d) => d <= todayInChina(), '日期不能晚于今天'),
  body: z
    .string()
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().min(1, '请填写正文').refine((s) => [...s].length <= BODY_MAX, `正文最多 ${BODY_MAX} 个字`)),
  reason: z.string().trim().max(REASON_MAX, `说明最多 ${REASON_MAX} 个字`),
});

export interface ArticleInput {
  readonly title: string;
  readonly region: string;
  readonly date: string;
  readonly body: string;
}

/** The stored columns an editor's input decides. */

/** Refused because the article is not in the state the editor saw. */
export class ArticleConflict extends Error {}

export async function createArticle(ctx: AppContext, a: ArticleInput, editorId: number, reason: string | null): Promise<number> {
  const region = ctx.gazetteer.get(a.region);
  if (!region) throw new ArticleConflict('地区不存在');
  const id = await ctx.database.db.transaction().execute(async (trx) => {
    await lockContentForWrite(trx);
    const articleId = await insertPublishedArticle(trx, ctx, { title: a.title, body: a.body, region, publishedAt: a.date, importKey: `admin:${randomUUID()}` });
    await logAction(trx, { actorId: editorId, action: 'article.create', targetType: 'article', targetId: articleId, reason, details: { title: a.title } });
    await bumpContentVersion(trx);
    return articleId;
  });
  ctx.cache.clear();
  return id;
}

/**
 * Saves an edit. `version` is the updated_at the editor's form was made from: a save over someone
 * else's newer one is refused. The search index follows only while the article is published.
 * Returns the fields that changed (none: nothing written, nothing logged).
 */
export async function editArticle(ctx: AppContext, id: number, a: ArticleInput, version: string, editorId: number, reason: string | null): Promise<string[]> {
  const region = ctx.gazetteer.get(a.region);
  if (!region) throw new ArticleConflict('地区不存在');
  const changed = await ctx.database.db.transaction().execute(async (trx) => {
    await lockContentForWrite(trx);
    const row = await findArticle(trx, id);
    if (!row) throw new AppError('not_found', '没有这篇文章。');
    if (version && row.updated_at !== version) throw new ArticleConflict('这篇文章在你编辑期间已被别人修改。你的内容仍在下面，请先打开最新版本核对后再保存。');
    // An imported article keeps the tag its source gave it unless the editor moves it.
    const cols = articleColumns(ctx.gazetteer, region, { title: a.title, body: a.body, publishedAt: a.date, tag: region.code === row.region_code ? row.region_tag : `${region.short}招商` });
    const fields = (['title', 'region_code', 'body', 'published_at'] as const).filter((k) => cols[k] !== row[k]);
    if (fields.length === 0) return fields;
    const patch: ArticleUpdate = { ...cols, updated_at: new Date().toISOString() };
    await updateArticle(trx, id, patch);
    await afterArticleWrite(trx, ctx, { id, ...cols }, row.status === 'published');
    await logAction(trx, { actorId: editorId, action: 'article.edit', targetType: 'article', targetId: id, reason, details: { fields, ...(fields.includes('title') ? { from: row.title, to: a.title } : {}) } });
    await bumpContentVersion(trx);
    return fields;
  });
  if (changed.length) ctx.cache.clear();
  return changed;
}

/** Takes an article off the site (status 'unpublished', out of the index) or puts it back. */
export async function setArticleStatus(ctx: AppContext, id: number, to: 'published' | 'unpublished', editorId: number, reason: string | null): Promise<void> {
  await ctx.database.db.transaction().execute(async (trx) => {
    await lockContentForWrite(trx);
    const row = await findArticle(trx, id);
    if (!row) throw new AppError('not_found', '没有这篇文章。');
    if (row.status === to) throw new ArticleConflict(to === 'published' ? '这篇文章已经是发布状态。' : '这篇文章已经下线了。');
    await updateArticle(trx, id, { status: to, updated_at: new Date().toISOString() });
    if (to === 'published') await ctx.search.upsert(trx, toSearchDoc(ctx.gazetteer, row));
    else await ctx.search.remove(trx, id);
    // The project database holds published articles only.
    const stored = await loadFacts(trx, id);
    if (stored) await refreshArticleProjects(trx, ctx.gazetteer, id, stored.facts);
    await logAction(trx, { actorId: editorId, action: to === 'published' ? 'article.publish' : 'article.unpublish', targetType: 'article', targetId: id, reason, details: { title: row.title, from: row.status } });
    await bumpContentVersion(trx);
  });
  ctx.cache.clear();
}

// ---------------------------------------------------------------------------
// Pages
// ---------------------------------------------------------------------------

interface FormValues {
  title?: string;
  region?: string;
  date?: string;
  body?: string;
  reason?: string;
  version?: string;
}

const DONE: Record<string, string> = {
  created: '已发布。',
  saved: '已保存。',
  unchanged: '没有改动，未保存。',
  unpublished: '已下线：首页、地区页、文章页和搜索中都不再出现。',
  published: '已重新发布。',
};

function articleForm(ctx: AppContext, csrf: string, action: string, v: FormValues, e: FieldErrors, submit: string): Html {
  return html`${formErrorSummary(e)}<form class="stack" method="post" action="${action}" novalidate>${csrfInput(csrf)}
${v.version !== undefined ? html`<input type="hidden" name="version" value="${v.version}">` : ''}
${field({ name: 'title', label: '标题', value: v.title, error: e['title'], required: true, maxlength: TITLE_MAX })}
${field({ name: 'region', label: '地区', type: 'select', value: v.region, error: e['region'], required: true, options: regionOptions(ctx.gazetteer) })}
${field({ name: 'date', label: '日期', type: 'date', value: v.date, error: e['date'], required: true, hint: 'YYYY-MM-DD；列表按这个日期排序。' })}
${field({ name: 'body', label: '正文', type: 'textarea', rows: 18, value: v.body, error: e['body'], required: true, hint: '纯文本；空一行分段。' })}
${field({ name: 'reason', label: '说明（可不填，记入审核记录）', value: v.reason, error: e['reason'], maxlength: REASON_MAX })}
<button class="primary" type="submit">${submit}</button></form>`;
}

function listPage(ctx: AppContext, items: AdminArticleItem[], p: { page: number; total: number }): Html {
  return html`<h1>文章（${p.total}）</h1><p><a href="/admin/articles/new">写新文章</a></p>
<table class="admin"><thead><tr><th>标题</th><th>地区</th><th>日期</th><th>状态</th><th>最后修改</th></tr></thead><tbody>${items.map(
    (a) => html`<tr><td><a href="/admin/articles/${a.id}/edit">${a.title}</a>${a.status === 'published' ? html` <a class="muted" href="/articles/${a.id}">查看</a>` : ''}</td>
<td>${ctx.gazetteer.get(a.region_code)?.name ?? a.region_code}</td><td>${a.published_at}</td><td>${STATUS_LABEL[a.status]}</td><td>${shortTime(a.updated_at)}</td></tr>`,
  )}</tbody></table>
${pager({ page: p.page, pageSize: ADMIN_PAGE_SIZE, total: p.total }, (n) => `/admin/articles?page=${n}`)}`;
}

function editPage(ctx: AppContext, csrf: string, row: ArticleRow, v: FormValues, e: FieldErrors, notice?: string): Html {
  const published = row.status === 'published';
  return html`<h1>编辑文章</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<p class="muted">#${row.id} · 状态：<strong>${STATUS_LABEL[row.status]}</strong> · 创建 ${shortTime(row.created_at)} · 最后修改 ${shortTime(row.updated_at)}${published ? html` · <a href="/articles/${row.id}">查看文章</a>` : ''} · <a href="/admin/articles/${row.id}/facts">更正要点</a></p>
${articleForm(ctx, csrf, `/admin/articles/${row.id}`, v, e, '保存')}
<form class="stack" method="post" action="/admin/articles/${row.id}/${published ? 'unpublish' : 'publish'}">${csrfInput(csrf)}
${field({ name: 'status_reason', label: published ? '下线原因（可不填）' : '重新发布的说明（可不填）', maxlength: REASON_MAX })}
<button type="submit">${published ? '下线' : '重新发布'}</button></form>`;
}

function valuesOf(row: ArticleRow): FormValues {
  return { title: row.title, region: row.region_code, date: row.published_at, body: row.body, reason: '', version: row.updated_at };
}

// ---------------------------------------------------------------------------
// Routes
// ---------------------------------------------------------------------------

export function adminArticleRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx.database;
  const send = backOfficePage(ctx);

  const load = async (id: number): Promise<ArticleRow> => {
    const row = await findArticle(db, id);
    if (!row) throw new AppError('not_found', '没有这篇文章。');
    return row;
  };

  /** The form's fields, checked; errors by field name. */
  const readForm = (body: unknown) => {
    const f = formFields(body);
    const values: FormValues = { title: f('title'), region: f('region'), date: f('date'), body: f('body'), reason: f('reason'), version: f('version') };
    const parsed = articleSchema.safeParse(values);
    const errors = parsed.success ? {} : firstErrors(parsed.error.issues);
    if (parsed.success && !ctx.gazetteer.get(parsed.data.region)) errors['region'] = '请选择地区';
    return { values, data: parsed.success && Object.keys(errors).length === 0 ? parsed.data : null, errors };
  };

  r.get('/admin/articles', { preHandler: editors, schema: { querystring: z.object({ page: pageField }) } }, async (request, reply) => {
    const { page } = request.query;
    const { items, total } = await listAllArticles(db, page);
    return send(request, reply, '文章', () => listPage(ctx, items, { page, total }));
  });

  const newPage = (request: FastifyRequest, reply: FastifyReply, v: FormValues, e: FieldErrors, status = 200) =>
    send(request, reply, '写新文章', (csrf) => html`<h1>写新文章</h1><p class="muted">保存后立即发布，并可在搜索中找到。</p>${articleForm(ctx, csrf, '/admin/articles', v, e, '发布')}`, status);

  r.get('/admin/articles/new', { preHandler: editors }, async (request, reply) => newPage(request, reply, { date: todayInChina() }, {}));

  r.post('/admin/articles', { preHandler: editors, preValidation: app.csrfProtection }, async (request, reply) => {
    const { values, data, errors } = readForm(request.body);
    if (!data) return newPage(request, reply, values, errors, 400);
    try {
      const id = await createArticle(ctx, data, actor(request).id, data.reason || null);
      return reply.redirect(`/admin/articles/${id}/edit?done=created`, 303);
    } catch (err) {
      if (err instanceof ArticleConflict) return newPage(request, reply, values, { region: err.message }, 409);
      throw err;
    }
  });

  r.get('/admin/articles/:id/edit', { preHandler: editors, schema: { params: idParams, querystring: z.object({ done: z.string().optional() }) } }, async (request, reply) => {
    const row = await load(request.params.id);
    const notice = DONE[request.query.done ?? ''];
    return send(request, reply, row.title, (csrf) => editPage(ctx, csrf, row, valuesOf(row), {}, notice));
  });

  r.post('/admin/articles/:id', { preHandler: editors, preValidation: app.csrfProtection, schema: { params: idParams } }, async (request, reply) => {
    const { id } = request.params;
    const row = await load(id);
    const { values, data, errors } = readForm(request.body);
    if (!data) return send(request, reply, row.title, (csrf) => editPage(ctx, csrf, row, values, errors), 400);
    try {
      const changed = await editArticle(ctx, id, data, values.version ?? '', actor(request).id, data.reason || null);
      return reply.redirect(`/admin/articles/${id}/edit?done=${changed.length ? 'saved' : 'unchanged'}`, 303);
    } catch (err) {
      if (!(err instanceof ArticleConflict)) throw err;
      const latest = await load(id);
      // The editor's text stays in the form, now against the latest version: saving again after
      // checking overwrites it knowingly.
      return send(request, reply, latest.title, (csrf) => editPage(ctx, csrf, latest, { ...values, version: latest.updated_at }, {}, err.message), 409);
    }
  });

  for (const to of ['unpublished', 'published'] as const) {
    const path = to === 'published' ? 'publish' : 'unpublish';
    r.post(`/admin/articles/:id/${path}`, { preHandler: editors, preValidation: app.csrfProtection, schema: { params: idParams } }, async (request, reply) => {
      const { id } = request.params;
      await load(id);
      const reason = formFields(request.body)('status_reason').trim().slice(0, REASON_MAX);
      try {
        await setArticleStatus(ctx, id, to, actor(request).id, reason || null);
      } catch (err) {
        if (!(err instanceof ArticleConflict)) throw err;
        const latest = await load(id);
        return send(request, reply, latest.title, (csrf) => editPage(ctx, csrf, latest, valuesOf(latest), {}, err.message), 409);
      }
      return reply.redirect(`/admin/articles/${id}/edit?done=${to}`, 303);
    });
  }
}
