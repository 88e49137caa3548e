// The back office's 项目库: find a project, correct its name, stage, amount or place, hide it
// (not a project), or merge it into another (the same project reported twice). Stored by the
// project's key in project_overrides, so it holds through every re-extraction; logged.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { html, type Html } from '../../html.js';
import { STAGES, type Stage } from '../../extraction/types.js';
import { STAGE_LABEL, formatYuan } from '../../views/facts.js';
import { pager } from '../../views/components.js';
import { csrfInput, field, formErrorSummary, type FieldErrors } from '../../views/forms.js';
import type { AppContext } from '../../web/context.js';
import { requireRole } from '../auth/session.js';
import { pageField } from '../news/schema.js';
import { CorrectionRejected, correctProject, dropOverride, mergedInto, strandedOverrides, unmerge } from '../projects/corrections.js';
import { findProject, listProjects, type ProjectRow } from '../projects/repository.js';
import { loadPatch, type ProjectPatch } from '../projects/store.js';
import { regionOptions } from '../submissions/views.js';
import { parseYuan } from './facts.js';
import { actor, backOfficePage, formFields } from './users.js';
import { idParams } from '../../forms/fields.js';

const editors = requireRole('editor', 'admin');
const PAGE = 50;

interface Values {
  name: string;
  stage: string;
  amount: string;
  region: string;
  hidden: string;
  merge: string;
  reason: string;
}

function valuesOf(p: ProjectRow): Values {
  return { name: p.name, stage: p.stage ?? '', amount: p.amount_yuan ? formatYuan(p.amount_yuan) : '', region: p.region_code, hidden: p.hidden ? '1' : '', merge: '', reason: '' };
}

function editPage(ctx: AppContext, csrf: string, p: ProjectRow, patch: ProjectPatch, merged: readonly { key: string; name: string }[], v: Values, e: FieldErrors, notice?: string): Html {
  const action = `/admin/projects/${p.id}`;
  return html`<h1>更正项目</h1>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<p class="muted">#${p.id} · ${p.kind === 'group' ? `批次（${p.project_count ?? '?'} 个项目）` : '单个项目'} · ${p.event_count} 篇报道 · ${p.hidden ? '已隐藏' : html`<a href="/projects/${p.id}">查看</a>`}${Object.keys(patch).length ? ' · 已有编辑更正' : ''}</p>
${formErrorSummary(e)}<form class="stack" method="post" action="${action}" novalidate>${csrfInput(csrf)}
${field({ name: 'name', label: '名称', value: v.name, error: e['name'], required: true, maxlength: 300 })}
${field({ name: 'stage', label: '阶段', type: 'select', value: v.stage, error: e['stage'], options: STAGES.map((s) => [s, STAGE_LABEL[s]] as const) })}
${field({ name: 'amount', label: '投资额', value: v.amount, error: e['amount'], maxlength: 40, hint: '如 6.1亿元、2000万元；清空表示没有金额。' })}
${field({ name: 'region', label: '地区', type: 'select', value: v.region, error: e['region'], required: true, options: regionOptions(ctx.gazetteer) })}
${field({ name: 'merge', label: '并入另一个项目（填它的编号）', value: v.merge, error: e['merge'], maxlength: 10, hint: '同一个项目被报道了两次时用：报道并入那个项目的进展，金额只算一次。' })}
<div class="field"><label><input type="checkbox" name="hidden" value="1"${v.hidden ? html` checked` : ''}> 不是项目，从项目库隐藏</label></div>
${field({ name: 'reason', label: '说明（可不填，记入审核记录）', value: v.reason, error: e['reason'], maxlength: 500 })}
<button class="primary" type="submit">保存更正</button></form>
${Object.keys(patch).length ? html`<form method="post" action="${action}/reset" class="inline">${csrfInput(csrf)}<button type="submit">清除更正，恢复程序读出的结果</button></form>` : ''}
${merged.length ? html`<h2>已并入这个项目的</h2><ul>${merged.map((m) => html`<li>${m.name} <form method="post" action="${action}/unmerge" class="inline">${csrfInput(csrf)}<input type="hidden" name="key" value="${m.key}"><button type="submit">撤销合并</button></form></li>`)}</ul>` : ''}`;
}

function listPage(csrf: string, items: readonly ProjectRow[], q: string, page: number, total: number, stranded: readonly { key: string; label: string; updatedAt: string }[]): Html {
  const strandedList = stranded.length
    ? html`<h2>未生效的更正（${stranded.length}）</h2><p class="muted">这些更正对应的项目已不在项目库中（文章下线，或项目名称被改得无法对应）。可以找到现在的项目重新更正，再删除旧的。</p>
<ul>${stranded.map((x) => html`<li>${x.label} <span class="muted">${x.updatedAt.slice(0, 10)}</span> <form method="post" action="/admin/projects/stranded/drop" class="inline">${csrfInput(csrf)}<input type="hidden" name="key" value="${x.key}"><button type="submit">删除</button></form></li>`)}</ul>`
    : '';
  return html`<h1>项目库（${total}）</h1>${strandedList}
<form method="get" action="/admin/projects" class="inline"><label>名称或企业 <input type="search" name="q" value="${q}" maxlength="100"></label> <button type="submit">查找</button></form>
<table class="admin"><thead><tr><th>#</th><th>名称</th><th>阶段</th><th>投资额</th><th>日期</th></tr></thead><tbody>${items.map(
    (p) => html`<tr><td>${p.id}</td><td><a href="/admin/projects/${p.id}">${p.name}</a>${p.hidden ? html` <span class="muted">（已隐藏）</span>` : ''}</td><td>${p.stage ? STAGE_LABEL[p.stage as Stage] : '—'}</td><td>${p.amount_yuan ? formatYuan(p.amount_yuan) : '—'}</td><td>${p.last_date}</td></tr>`,
  )}</tbody></table>
${pager({ page, pageSize: PAGE, total }, (n) => `/admin/projects?${new URLSearchParams({ q, page: String(n) }).toString()}`, 'projects')}`;
}

export function adminProjectRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx.database;
  const send = backOfficePage(ctx);

  const load = async (id: number) => {
    const p = await findProject(db, id);
    if (!p) throw new AppError('not_found', '没有这个项目，它可能已并入另一个项目。');
    return p;
  };
  const show = async (request: FastifyRequest, reply: FastifyReply, p: ProjectRow, v: Values, e: FieldErrors, notice?: string, status = 200) => {
    const [patch, merged] = await Promise.all([loadPatch(db, p.key), mergedInto(db, p.key)]);
    return send(request, reply, `更正项目 · ${p.name}`, (csrf) => editPage(ctx, csrf, p, patch, merged, v, e, notice), status);
  };

  r.get('/admin/projects', { preHandler: editors, schema: { querystring: z.object({ page: pageField, q: z.string().max(100).default('') }) } }, async (request, reply) => {
    const { page, q } = request.query;
    const [{ items, total }, stranded] = await Promise.all([listProjects(db, { q: q.trim() || undefined, includeHidden: true }, 'newest', page, PAGE), strandedOverrides(db)]);
    return send(request, reply, '项目库', (csrf) => listPage(csrf, items, q, page, total, stranded));
  });

  r.post('/admin/projects/stranded/drop', { preHandler: editors, preValidation: app.csrfProtection }, async (request, reply) => {
    await dropOverride(ctx, formFields(request.body)('key'), actor(request).id);
    return reply.redirect('/admin/projects', 303);
  });

  r.get('/admin/projects/:id', { preHandler: editors, schema: { params: idParams, querystring: z.object({ done: z.string().optional() }) } }, async (request, reply) => {
    const p = await load(request.params.id);
    return show(request, reply, p, valuesOf(p), {}, request.query.done ? '已保存：项目库、项目页和接口已按更正显示，重新提取也会保留。' : undefined);
  });

  r.post('/admin/projects/:id', { preHandler: editors, preValidation: app.csrfProtection, schema: { params: idParams } }, async (request, reply) => {
    const p = await load(request.params.id);
    const f = formFields(request.body);
    const v: Values = { name: f('name').trim(), stage: f('stage'), amount: f('amount').trim(), region: f('region'), hidden: f('hidden'), merge: f('merge').trim(), reason: f('reason').trim() };
    const e: FieldErrors = {};
    if (!v.name) e['name'] = '请填写名称';
    else if (v.name.length > 300) e['name'] = '名称最多 300 个字';
    if (v.stage && !(STAGES as readonly string[]).includes(v.stage)) e['stage'] = '请选择阶段';
    const amount = v.amount ? parseYuan(v.amount) : null;
    if (v.amount && !amount) e['amount'] = '金额写法不对：请写 6.1亿元、2000万元 或以元计的数字';
    if (!ctx.gazetteer.get(v.region)) e['region'] = '请选择地区';
    if (v.merge && !/^\d{1,10}$/.test(v.merge)) e['merge'] = '请填写项目编号（数字）';
    if (v.reason.length > 500) e['reason'] = '说明最多 500 个字';
    if (Object.keys(e).length) return show(request, reply, p, v, e, undefined, 400);
    // Only what differs from the project as it stands becomes part of the correction.
    const before = await loadPatch(db, p.key);
    const patch: ProjectPatch = {
      ...before,
      ...(v.name !== p.name ? { name: v.name } : {}),
      ...((v.stage || null) !== p.stage ? { stage: (v.stage || null) as Stage | null } : {}),
      ...(amount !== p.amount_yuan ? { amountYuan: amount } : {}),
      ...(v.region !== p.region_code ? { regionCode: v.region } : {}),
      ...(Boolean(v.hidden) !== Boolean(p.hidden) ? { hidden: Boolean(v.hidden) } : {}),
    };
    try {
      await correctProject(ctx, p.id, patch, v.merge ? Number(v.merge) : null, actor(request).id, v.reason || null);
    } catch (err) {
      if (err instanceof CorrectionRejected) return show(request, reply, p, v, { merge: err.message }, undefined, 409);
      throw err;
    }
    const after = await findProject(db, p.id);
    if (!after) return reply.redirect(`/admin/projects/${Number(v.merge)}?done=1`, 303);
    return reply.redirect(`/admin/projects/${p.id}?done=1`, 303);
  });

  r.post('/admin/projects/:id/reset', { preHandler: editors, preValidation: app.csrfProtection, schema: { params: idParams } }, async (request, reply) => {
    const p = await load(request.params.id);
    await correctProject(ctx, p.id, null, null, actor(request).id, '清除更正');
    return reply.redirect(`/admin/projects/${p.id}?done=1`, 303);
  });

  r.post('/admin/projects/:id/unmerge', { preHandler: editors, preValidation: app.csrfProtection, schema: { params: idParams } }, async (request, reply) => {
    const p = await load(request.params.id);
    const key = formFields(request.body)('key');
    if (!(await mergedInto(db, p.key)).some((m) => m.key === key)) return show(request, reply, p, valuesOf(p), {}, '这个合并已经撤销了。', 409);
    await unmerge(ctx, p.id, key, actor(request).id, null);
    return reply.redirect(`/admin/projects/${p.id}?done=1`, 303);
  });
}
