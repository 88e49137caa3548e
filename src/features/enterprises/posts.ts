// Company posts: news (企业动态, published as an article in the company's region) and investment
// needs (投资需求: sector, region, amount range in 万元, land or space), both through moderation.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Selectable } from 'kysely';
import { z } from 'zod';
import type { Db } from '../../db/database.js';
import type { CompanyPostsTable } from '../../db/schema.js';
import { html, type Html } from '../../html.js';
import { AppError } from '../../errors.js';
import { csrfInput, field, formErrorSummary, type FieldErrors } from '../../views/forms.js';
import { HTML, renderPage, type AppContext } from '../../web/context.js';
import { logAction } from '../admin/moderation-log.js';
import { notifyEditors, notifySender } from '../admin/notify.js';
import { requireRole } from '../auth/session.js';
import { bumpContentVersion, lockContentForWrite } from '../news/repository.js';
import { fieldErrors, idParams } from '../../forms/fields.js';
import { DecisionConflict } from '../submissions/service.js';
import { regionOptions } from '../submissions/views.js';
import { findEnterprise } from './repository.js';
import { sector, SECTOR_OPTIONS } from './sectors.js';
import { insertPublishedArticle } from '../news/write.js';
import { t } from '../../i18n/messages.js';
import { isEnglish } from '../../i18n/locale.js';
import { formatYuanEn } from '../../views/facts.js';
import { placeName, sectorName, zhLang } from '../../i18n/names.js';

export type PostRow = Selectable<CompanyPostsTable>;

const amount = z
  .string()
  .trim()
  .refine((s) => s === '' || /^\d{1,9}(\.\d{1,2})?$/.test(s), '金额请写数字（单位：万元），最多两位小数')
  .default('');

export const postFields = z
  .object({
    kind: z.enum(['news', 'need'], { error: '请选择类型' }),
    title: z.string().trim().min(1, '请填写标题').max(200, '标题最多 200 个字'),
    body: z.string().trim().min(10, '内容至少 10 个字').max(10_000, '内容最多 10000 个字'),
    sector: z.string().default(''),
    region: z.string().default(''),
    amount_min: amount,
    amount_max: amount,
    space_need: z.string().trim().max(500, '用地或场地需求最多 500 个字').default(''),
  })
  .superRefine((v, c) => {
    if (v.kind !== 'need') return;
    if (!sector(v.sector)) c.addIssue({ code: 'custom', path: ['sector'], message: '请选择行业' });
    if (!/^\d{6}$/.test(v.region)) c.addIssue({ code: 'custom', path: ['region'], message: '请选择意向地区' });
    if (v.amount_min && v.amount_max && Number(v.amount_min) > Number(v.amount_max)) c.addIssue({ code: 'custom', path: ['amount_max'], message: '最高金额不能小于最低金额' });
  });

async function postsOf(db: Db, enterpriseId: number, onlyPublished: boolean): Promise<PostRow[]> {
  let q = db.selectFrom('company_posts').selectAll().where('enterprise_id', '=', enterpriseId);
  if (onlyPublished) q = q.where('status', '=', 'published');
  return q.orderBy('created_at', 'desc').orderBy('id', 'desc').limit(100).execute();
}

export async function publishedNeeds(db: Db, enterpriseId: number): Promise<PostRow[]> {
  return (await postsOf(db, enterpriseId, true)).filter((p) => p.kind === 'need');
}

const STATUS: Record<PostRow['status'], string> = { pending: '等待审核', published: '已发布', rejected: '未通过' };

/** 12.5 (万元, at most two decimals) → "125000" (yuan), exactly. */
function wanToYuan(wan: string): string {
  const [int = '0', frac = ''] = wan.split('.');
  return `${int}${frac.padEnd(4, '0')}`.replace(/^0+(?=\d)/, '');
}

/** A range as the company typed it in 万元; English pages write yuan ("5 million yuan"). */
function amountRange(p: Pick<PostRow, 'amount_min' | 'amount_max'>): string {
  const show = (wan: string) => (isEnglish() ? formatYuanEn(wanToYuan(wan)) : wan);
  if (p.amount_min && p.amount_max) return t('{min}–{max} 万元', { min: show(p.amount_min), max: show(p.amount_max) });
  if (p.amount_min) return t('{min} 万元以上', { min: show(p.amount_min) });
  if (p.amount_max) return t('{max} 万元以内', { max: show(p.amount_max) });
  return t('面议');
}

/** A company's published needs on its public profile: interface and names in the page's language. */
export function needList(needs: readonly PostRow[], ctx: AppContext): Html {
  if (needs.length === 0) return html``;
  const sectorOf = (id: string | null) => (sector(id) ? sectorName({ id: id ?? '', name: sector(id)?.name ?? '' }) : '');
  const regionOf = (code: string | null) => {
    const r = ctx.gazetteer.get(code ?? '');
    return r ? placeName(r) : '';
  };
  return html`<h2>${t('投资需求')}</h2><ul>${needs.map(
    (n) => html`<li><strong${zhLang()}>${n.title}</strong>${t('：')}${sectorOf(n.sector)} · ${regionOf(n.region_code)} · ${amountRange(n)}${n.space_need ? html` · <span${zhLang()}>${n.space_need}</span>` : ''}<br><span${zhLang()}>${n.body}</span></li>`,
  )}</ul>`;
}

export async function publishPost(ctx: AppContext, id: number, editorId: number, edited: { title: string; body: string }): Promise<number | null> {
  return ctx.database.db.transaction().execute(async (trx) => {
    await lockContentForWrite(trx);
    const post = await trx.selectFrom('company_posts').selectAll().where('id', '=', id).executeTakeFirst();
    if (!post || post.status !== 'pending') throw new DecisionConflict('这条内容已经处理过了');
    let articleId: number | null = null;
    const changed = edited.title !== post.title || edited.body !== post.body;
    post.title = edited.title;
    post.body = edited.body;
    if (post.kind === 'news') {
      const company = await findEnterprise(trx, post.enterprise_id);
      const region = ctx.gazetteer.get(company?.region_code ?? '') ?? ctx.gazetteer.provinces[0];
      if (!region) throw new DecisionConflict('企业所在地区不存在');
      articleId = await insertPublishedArticle(trx, ctx, { title: post.title, body: post.body, region, importKey: `post:${id}`, sourceNote: company ? `来自入驻企业：${company.name}` : null });
    }
    await trx.updateTable('company_posts').set({ title: post.title, body: post.body, status: 'published', article_id: articleId, decided_at: new Date().toISOString(), decided_by: editorId }).where('id', '=', id).execute();
    await logAction(trx, { actorId: editorId, action: `post.publish`, targetType: 'company_post', targetId: id, details: { kind: post.kind, articleId, edited: changed } });
    await bumpContentVersion(trx);
    return articleId;
  });
}

export function companyPostRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { db } = ctx.database;
  const company = requireRole('company');
  const editors = requireRole('editor', 'admin');
  const page = (reply: FastifyReply, title: string, content: Html, status = 200) =>
    reply.code(status).type(HTML).header('cache-control', 'no-store').send(renderPage(ctx, { title: `${title} · ${ctx.config.site.name}` }, content));

  async function own(request: FastifyRequest) {
    const e = request.user?.enterpriseId ? await findEnterprise(db, request.user.enterpriseId) : undefined;
    if (!e) throw new AppError('forbidden', '这个账号没有关联企业。');
    return e;
  }

  const postsPage = async (request: FastifyRequest, reply: FastifyReply, v: Record<string, string | undefined>, errors: FieldErrors, status = 200) => {
    const e = await own(request);
    const posts = await postsOf(db, e.id, false);
    return page(
      reply,
      '企业动态与投资需求',
      html`<h1>${e.name}：动态与投资需求</h1><p><a href="/account">企业资料</a></p>
<h2>已提交</h2>${posts.length === 0 ? html`<p class="muted">还没有提交过。</p>` : ''}
<ul>${posts.map((p) => html`<li>${p.kind === 'news' ? '动态' : '投资需求'}：${p.title} — <strong>${STATUS[p.status]}</strong>${p.reason ? `（${p.reason}）` : ''}</li>`)}</ul>
<h2>新提交</h2>${formErrorSummary(errors)}
<form class="stack" method="post" action="/account/posts">${csrfInput(reply.generateCsrf())}
${field({ name: 'kind', label: '类型', type: 'select', value: v['kind'], error: errors['kind'], required: true, options: [['news', '企业动态（审核后作为新闻发布）'], ['need', '投资需求（审核后显示在企业主页）']] })}
${field({ name: 'title', label: '标题', value: v['title'], error: errors['title'], required: true, maxlength: 200 })}
${field({ name: 'body', label: '内容', type: 'textarea', rows: 8, value: v['body'], error: errors['body'], required: true })}
<fieldset><legend>投资需求（类型为投资需求时填写）</legend>
${field({ name: 'sector', label: '行业', type: 'select', value: v['sector'], error: errors['sector'], options: SECTOR_OPTIONS })}
${field({ name: 'region', label: '意向地区', type: 'select', value: v['region'], error: errors['region'], options: regionOptions(ctx.gazetteer) })}
${field({ name: 'amount_min', label: '投资金额下限（万元）', value: v['amount_min'], error: errors['amount_min'] })}
${field({ name: 'amount_max', label: '投资金额上限（万元）', value: v['amount_max'], error: errors['amount_max'] })}
${field({ name: 'space_need', label: '用地或场地需求', value: v['space_need'], error: errors['space_need'], maxlength: 500 })}
</fieldset>
<button class="primary" type="submit">提交审核</button></form>`,
      status,
    );
  };

  app.get('/account/posts', { preHandler: company }, async (request, reply) => postsPage(request, reply, {}, {}));

  app.post('/account/posts', { preValidation: app.csrfProtection, preHandler: company, config: { rateLimit: { max: 10, timeWindow: '1 minute' } } }, async (request, reply) => {
    const e = await own(request);
    const raw = z.record(z.string(), z.unknown()).catch({}).parse(request.body);
    const v = Object.fromEntries(['kind', 'title', 'body', 'sector', 'region', 'amount_min', 'amount_max', 'space_need'].map((k) => [k, typeof raw[k] === 'string' ? (raw[k] as string) : undefined]));
    const parsed = postFields.safeParse(v);
    const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
    if (parsed.success && parsed.data.kind === 'need' && !ctx.gazetteer.get(parsed.data.region)) errors['region'] = '请选择意向地区';
    if (!parsed.success || Object.keys(errors).length) return postsPage(request, reply, v, errors, 400);
    const d = parsed.data;
    const need = d.kind === 'need';
    await db
      .insertInto('company_posts')
      .values({
        enterprise_id: e.id,
        kind: d.kind,
        title: d.title,
        body: d.body,
        sector: need ? d.sector : null,
        region_code: need ? d.region : null,
        amount_min: need ? d.amount_min || null : null,
        amount_max: need ? d.amount_max || null : null,
        space_need: need ? d.space_need || null : null,
        status: 'pending',
        reason: null,
        article_id: null,
        created_at: new Date().toISOString(),
        decided_at: null,
        decided_by: null,
      })
      .execute();
    notifyEditors(ctx, { kind: 'company_post', title: d.title, adminPath: '/admin/posts' });
    return reply.redirect('/account/posts', 303);
  });


  /** The company's own users hear of the decision (when mail is configured). */
  async function tellCompany(postId: number, decision: 'published' | 'rejected', reason?: string): Promise<void> {
    if (!ctx.mailer) return;
    const post = await db.selectFrom('company_posts').select(['title', 'enterprise_id']).where('id', '=', postId).executeTakeFirst();
    if (!post) return;
    const users = await db.selectFrom('users').select('email').where('enterprise_id', '=', post.enterprise_id).where('status', '=', 'active').execute();
    for (const u of users) notifySender(ctx, u.email, { kind: 'company_post', title: post.title, decision, reason, trackPath: '/account/posts' });
  }

  app.get('/admin/posts', { preHandler: editors }, async (_request, reply) => {
    const rows = await db
      .selectFrom('company_posts')
      .innerJoin('enterprises', 'enterprises.id', 'company_posts.enterprise_id')
      .select(['company_posts.id', 'company_posts.kind', 'company_posts.title', 'company_posts.body', 'company_posts.created_at', 'enterprises.name as company'])
      .where('company_posts.status', '=', 'pending')
      .orderBy('company_posts.created_at')
      .orderBy('company_posts.id')
      .limit(200)
      .execute();
    const csrf = reply.generateCsrf();
    return page(
      reply,
      '企业动态与投资需求',
      html`<nav class="admin-nav"><a href="/admin">概览</a></nav><h1>待审核的企业动态与投资需求（${rows.length}）</h1>
${rows.map(
  (r) => html`<section class="card"><h2>${r.kind === 'news' ? '动态' : '投资需求'}：${r.title}</h2><p class="muted">${r.company} · ${r.created_at.slice(0, 16).replace('T', ' ')}</p><p>${r.body}</p>
<form method="post" action="/admin/posts/${r.id}/publish" class="stack">${csrfInput(csrf)}
${field({ name: 'title', label: '标题（可修改后发布）', value: r.title, required: true, maxlength: 200 })}
${field({ name: 'body', label: '内容', type: 'textarea', rows: 6, value: r.body, required: true })}
<button class="primary" type="submit">发布</button></form>
<form method="post" action="/admin/posts/${r.id}/reject" class="inline-form">${csrfInput(csrf)}<label>原因 <input name="reason" required maxlength="500"></label> <button type="submit">不通过</button></form></section>`,
)}`,
    );
  });

  app.post('/admin/posts/:id/publish', { preValidation: app.csrfProtection, preHandler: editors }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const edited = z.object({ title: z.string().trim().min(1, '请填写标题').max(200, '标题最多 200 个字'), body: z.string().trim().min(1, '请填写内容').max(10_000, '内容最多 10000 个字') }).safeParse(request.body);
    if (!edited.success) throw new AppError('invalid_parameter', edited.error.issues[0]?.message ?? '请填写标题和内容');
    try {
      await publishPost(ctx, id, request.user?.id ?? 0, edited.data);
      ctx.cache.clear();
    } catch (err) {
      if (err instanceof DecisionConflict) throw new AppError('bad_request', err.message);
      throw err;
    }
    await tellCompany(id, 'published');
    return reply.redirect('/admin/posts', 303);
  });

  app.post('/admin/posts/:id/reject', { preValidation: app.csrfProtection, preHandler: editors }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const reason = z.object({ reason: z.string().trim().max(500).default('') }).catch({ reason: '' }).parse(request.body).reason;
    if (!reason) throw new AppError('invalid_parameter', '请写明不通过的原因。');
    await db.transaction().execute(async (trx) => {
      const r = await trx.updateTable('company_posts').set({ status: 'rejected', reason, decided_at: new Date().toISOString(), decided_by: request.user?.id ?? 0 }).where('id', '=', id).where('status', '=', 'pending').executeTakeFirst();
      if (Number(r.numUpdatedRows) !== 1) throw new AppError('bad_request', '这条内容已经处理过了。');
      await logAction(trx, { actorId: request.user?.id ?? null, action: 'post.reject', targetType: 'company_post', targetId: id, reason });
    });
    await tellCompany(id, 'rejected', reason);
    return reply.redirect('/admin/posts', 303);
  });
}
