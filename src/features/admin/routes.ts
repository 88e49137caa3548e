// The back office: dashboard with queue figures, the tip queue (edit, publish, reject with a
// reason), and the moderation log. Every route states its roles.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { html, type Html } from '../../html.js';
import { AppError } from '../../errors.js';
import { csrfInput, field, formErrorSummary, type FieldErrors } from '../../views/forms.js';
import { HTML, renderPage, type AppContext } from '../../web/context.js';
import { requireRole } from '../auth/session.js';
import { findSubmission, medianWaitMs, pendingSubmissions, queueStats, type SubmissionRow } from '../submissions/repository.js';
import { DecisionConflict, publishTip, rejectTip } from '../submissions/service.js';
import { regionOptions } from '../submissions/views.js';
import { ACTION_LABEL, recentLog, targetOf } from './moderation-log.js';
import { notifySender } from './notify.js';
import { backOfficeNav } from './users.js';
import { idParams } from '../../forms/fields.js';

const editors = requireRole('editor', 'admin');

function duration(ms: number | null): string {
  if (ms === null) return '—';
  const h = ms / 3_600_000;
  return h < 1 ? `${Math.round(ms / 60_000)} 分钟` : h < 48 ? `${h.toFixed(1)} 小时` : `${(h / 24).toFixed(1)} 天`;
}

export function adminRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { db } = ctx.database;
  const send = (reply: FastifyReply, title: string, content: Html, status = 200) =>
    reply
      .code(status)
      .type(HTML)
      .header('cache-control', 'no-store')
      .send(renderPage(ctx, { title: `${title} · 后台 · ${ctx.config.site.name}`, nav: 'admin' }, html`${backOfficeNav(reply.generateCsrf(), reply.request.user?.role)}${content}`));

  async function messageMedianMs(): Promise<number | null> {
    const rows = await db.selectFrom('contact_messages').select(['created_at', 'handled_at']).where('handled_at', 'is not', null).orderBy('handled_at', 'desc').limit(200).execute();
    return medianWaitMs(rows.map((r) => [r.created_at, r.handled_at]));
  }

  app.get('/admin', { preHandler: editors }, async (request, reply) => {
    const [tips, applications, posts] = await Promise.all([queueStats(db, 'submissions'), queueStats(db, 'enterprise_applications'), queueStats(db, 'company_posts')]);
    const inbox = await db.selectFrom('contact_messages').select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.min('created_at').as('oldest')]).where('status', '=', 'new').executeTakeFirstOrThrow();
    const row = (label: string, href: string, q: { pending: number; oldest: string | null; medianMs: number | null }) =>
      html`<tr><td><a href="${href}">${label}</a></td><td>${q.pending}</td><td>${q.oldest ? duration(Date.now() - Date.parse(q.oldest)) : '—'}</td><td>${duration(q.medianMs)}</td></tr>`;
    return send(
      reply,
      '概览',
      html`<h1>后台概览</h1><p>你好，${request.user?.name ?? ''}（${request.user?.role === 'admin' ? '管理员' : '编辑'}）。</p>
<table class="admin"><thead><tr><th>队列</th><th>待处理</th><th>最早一条等了</th><th>处理用时中位数</th></tr></thead>
<tbody>${row('投稿', '/admin/tips', tips)}${row('企业入驻', '/admin/applications', applications)}${row('企业动态与投资需求', '/admin/posts', posts)}
${row('留言', '/admin/inbox', { pending: Number(inbox.n), oldest: (inbox.oldest as string | null) ?? null, medianMs: await messageMedianMs() })}</tbody></table>`,
    );
  });

  app.get('/admin/tips', { preHandler: editors }, async (_request, reply) => {
    const rows = await pendingSubmissions(db);
    return send(
      reply,
      '投稿',
      html`<h1>待审核投稿（${rows.length}）</h1>${rows.length === 0 ? html`<p class="muted">没有待审核的投稿。</p>` : ''}
<table class="admin"><thead><tr><th>标题</th><th>地区</th><th>来自</th><th>提交时间</th></tr></thead><tbody>${rows.map(
        (r) => html`<tr><td><a href="/admin/tips/${r.id}">${r.title}</a></td><td>${ctx.gazetteer.get(r.region_code)?.name ?? r.region_code}</td><td>${r.name}</td><td>${r.created_at.slice(0, 16).replace('T', ' ')}</td></tr>`,
      )}</tbody></table>`,
    );
  });


  function tipPage(reply: FastifyReply, tip: SubmissionRow, v: { title?: string; body?: string; region?: string; reason?: string }, errors: FieldErrors, status = 200) {
    const csrf = reply.generateCsrf();
    return send(
      reply,
      tip.title,
      html`<h1>审核投稿</h1>${formErrorSummary(errors)}
<p class="muted">来自 ${tip.name}（${tip.contact}）· ${tip.created_at.slice(0, 16).replace('T', ' ')} · 查询码 ${tip.tracking_code}${tip.source_url ? html` · 来源 <a href="${tip.source_url}" rel="nofollow noopener noreferrer" target="_blank">${tip.source_url}</a>` : ''}</p>
${tip.status !== 'pending' ? html`<p class="notice">已处理：${tip.status === 'published' ? '已发布' : `未采用（${tip.reason ?? ''}）`}</p>` : ''}
<form class="stack" method="post" action="/admin/tips/${tip.id}/publish">${csrfInput(csrf)}
${field({ name: 'title', label: '标题', value: v.title ?? tip.title, error: errors['title'], required: true, maxlength: 200 })}
${field({ name: 'region', label: '地区', type: 'select', value: v.region ?? tip.region_code, error: errors['region'], required: true, options: regionOptions(ctx.gazetteer) })}
${field({ name: 'body', label: '正文', type: 'textarea', rows: 16, value: v.body ?? tip.body, error: errors['body'], required: true })}
<button class="primary" type="submit">发布</button></form>
<form class="stack" method="post" action="/admin/tips/${tip.id}/reject">${csrfInput(csrf)}
${field({ name: 'reason', label: '不采用的原因（投稿人能看到）', value: v.reason, error: errors['reason'], required: true, maxlength: 500 })}
<button type="submit">不采用</button></form>`,
      status,
    );
  }

  app.get('/admin/tips/:id', { preHandler: editors }, async (request, reply) => {
    const id = idParams.safeParse(request.params);
    const tip = id.success ? await findSubmission(db, id.data.id) : undefined;
    if (!tip) throw new AppError('not_found', '没有这条投稿。');
    return tipPage(reply, tip, {}, {});
  });

  const publishBody = z.object({
    title: z.string().trim().min(1, '请填写标题').max(200, '标题最多 200 个字'),
    region: z.string().regex(/^\d{6}$/, '请选择地区'),
    body: z.string().trim().min(1, '请填写正文').max(20_000, '正文最多 20000 个字'),
  });

  app.post('/admin/tips/:id/publish', { preHandler: editors, preValidation: app.csrfProtection }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const tip = await findSubmission(db, id);
    if (!tip) throw new AppError('not_found', '没有这条投稿。');
    const raw = z.record(z.string(), z.unknown()).catch({}).parse(request.body);
    const v = { title: String(raw['title'] ?? ''), body: String(raw['body'] ?? ''), region: String(raw['region'] ?? '') };
    const parsed = publishBody.safeParse(v);
    const errors: FieldErrors = {};
    if (!parsed.success) for (const i of parsed.error.issues) errors[String(i.path[0])] ??= i.message;
    else if (!ctx.gazetteer.get(parsed.data.region)) errors['region'] = '请选择地区';
    if (!parsed.success || Object.keys(errors).length) return tipPage(reply, tip, v, errors, 400);
    try {
      const articleId = await publishTip(ctx, id, parsed.data, request.user?.id ?? 0);
      ctx.cache.clear(); // at once on this instance; others see the new content version within 0.5 s
      notifySender(ctx, tip.contact, { kind: 'tip', title: parsed.data.title, decision: 'published', trackPath: `/track?code=${tip.tracking_code}` });
      return reply.redirect(`/articles/${articleId}`, 303);
    } catch (err) {
      if (err instanceof DecisionConflict) return tipPage(reply, tip, v, { title: err.message }, 409);
      throw err;
    }
  });

  app.post('/admin/tips/:id/reject', { preHandler: editors, preValidation: app.csrfProtection }, async (request, reply) => {
    const { id } = idParams.parse(request.params);
    const tip = await findSubmission(db, id);
    if (!tip) throw new AppError('not_found', '没有这条投稿。');
    const reason = z.object({ reason: z.string().trim().max(500).default('') }).catch({ reason: '' }).parse(request.body).reason;
    if (!reason) return tipPage(reply, tip, { reason }, { reason: '请写明不采用的原因' }, 400);
    try {
      await rejectTip(ctx, id, reason, request.user?.id ?? 0);
    } catch (err) {
      if (err instanceof DecisionConflict) return tipPage(reply, tip, { reason }, { reason: err.message }, 409);
      throw err;
    }
    notifySender(ctx, tip.contact, { kind: 'tip', title: tip.title, decision: 'rejected', reason, trackPath: `/track?code=${tip.tracking_code}` });
    return reply.redirect('/admin/tips', 303);
  });

  app.get('/admin/log', { preHandler: editors }, async (_request, reply) => {
    const rows = await recentLog(db);
    return send(
      reply,
      '审核记录',
      html`<h1>审核记录</h1><table class="admin"><thead><tr><th>时间</th><th>谁</th><th>做了什么</th><th>对象</th><th>原因</th></tr></thead><tbody>${rows.map(
        (r) => {
          const target = targetOf(r.target_type, r.target_id);
          return html`<tr><td>${r.created_at.slice(0, 19).replace('T', ' ')}</td><td>${r.actor_email ?? '系统'}</td><td>${ACTION_LABEL[r.action] ?? ''} <code class="muted">${r.action}</code></td><td>${target.href ? html`<a href="${target.href}">${target.label}</a>` : target.label}</td><td>${r.reason ?? ''}</td></tr>`;
        },
      )}</tbody></table>`,
    );
  });
}
