// The back office's 要点 corrections: /admin/articles/:id/facts lists what was read out of an
// article, each fact with the words it came from, and lets an editor remove, change or add a fact
// or set the article's stage. Corrections are replayed after every re-extraction (facts/service).
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { html, type Html } from '../../html.js';
import { multiply } from '../../extraction/decimal.js';
import { applyCorrections, refOf, type CorrectableList, type Correction, type FactRef } from '../../extraction/corrections.js';
import { sectorNames } from '../../extraction/taxonomy.js';
import { STAGES, type AmountKind, type ArticleStage, type Facts, type Stage } from '../../extraction/types.js';
import { STAGE_LABEL, formatYuan } from '../../views/facts.js';
import { csrfInput } from '../../views/forms.js';
import type { AppContext } from '../../web/context.js';
import { requireRole } from '../auth/session.js';
import { loadFacts } from '../facts/repository.js';
import { articleFacts, loadCorrections, refreshFacts, type StoredCorrection } from '../facts/service.js';
import { addFactCorrection, CorrectionRejected, revokeFactCorrection } from '../projects/corrections.js';
import { actor, backOfficePage, formFields, shortTime } from './users.js';
import { idParams } from '../../forms/fields.js';
import { bumpContentVersion, lockContentForWrite } from '../news/repository.js';

const editors = requireRole('editor', 'admin');

export const KIND_LABEL: Record<AmountKind, string> = {
  total_investment: '总投资',
  project_investment: '单个项目投资',
  contract_investment: '合同引资',
  planned_investment: '计划投资',
  completed_investment: '完成投资',
  annual_output: '年产值',
  revenue: '收入',
  tax: '税收',
  gdp: '生产总值',
  threshold: '门槛（…以上项目）',
  other: '其他',
};

const LIST_LABEL: Record<Exclude<CorrectableList, 'regions'>, string> = { amounts: '金额', projectCounts: '项目数', sectors: '行业', companies: '企业', parks: '园区', projects: '项目名称' };

/** No one project is larger than this (100万亿元): a typo, not an amount. */
const MAX_YUAN = 100_000_000_000_000;

/** 6.1亿元, 6.1亿, 61000万元, 610000000 → yuan as an exact decimal string; null when unreadable or absurd. */
export function parseYuan(input: string): string | null {
  const m = input.replace(/[,，\s]/gu, '').match(/^(\d{1,15}(?:\.\d{1,12})?)(亿|万)?元?$/u);
  if (!m?.[1]) return null;
  const yuan = multiply(m[1], m[2] === '亿' ? 8 : m[2] === '万' ? 4 : 0);
  return Number(yuan) <= MAX_YUAN ? yuan : null;
}

function opts(list: readonly (readonly [string, string])[], value?: string | null): Html {
  return html`${list.map(([v, l]) => html`<option value="${v}"${v === value ? html` selected` : ''}>${l}</option>`)}`;
}

const kindOptions = (v?: string) => opts(Object.entries(KIND_LABEL), v);
const stageOptions = (v?: string | null) => html`<option value="">（未知）</option>${opts(STAGES.map((s) => [s, STAGE_LABEL[s]] as const), v)}`;

function evidence(text: string, s: { start: number; end: number }): Html {
  if (s.end <= s.start) return html`<span class="muted">（来自标签）</span>`;
  const before = text.slice(Math.max(0, s.start - 12), s.start);
  const after = text.slice(s.end, s.end + 12);
  return html`<span class="muted">…${before}</span><mark>${text.slice(s.start, s.end)}</mark><span class="muted">${after}…</span>`;
}

function factRow(csrf: string, action: string, list: CorrectableList, f: { start: number; end: number; text?: string; name?: string }, text: string, label: Html | string, edit: Html | string): Html {
  const ref = JSON.stringify(refOf(list, f));
  return html`<tr><td>${label}</td><td>${evidence(text, f)}</td><td>
<form method="post" action="${action}" class="inline">${csrfInput(csrf)}<input type="hidden" name="op" value="remove"><input type="hidden" name="ref" value="${ref}"><button type="submit">删除</button></form>
${edit ? html`<details><summary>修改</summary><form method="post" action="${action}">${csrfInput(csrf)}<input type="hidden" name="op" value="edit"><input type="hidden" name="ref" value="${ref}">${edit}<button type="submit">保存修改</button></form></details>` : ''}</td></tr>`;
}

function factsPage(csrf: string, a: { id: number; title: string; body: string }, facts: Facts, corrections: readonly StoredCorrection[], orphans: ReadonlySet<number>, notice?: string, kept: (k: string) => string = () => ''): Html {
  const text = `${a.title}\n${a.body}`;
  const action = `/admin/articles/${a.id}/facts`;
  const rows: Html[] = [];
  for (const x of facts.amounts) {
    rows.push(factRow(csrf, action, 'amounts', x, text, html`${x.valueYuan ? formatYuan(x.valueYuan) : x.text} · ${KIND_LABEL[x.kind]}`,
      html`<label>金额 <input name="value" value="${x.valueYuan ? formatYuan(x.valueYuan) : ''}" size="12"></label> <label>类别 <select name="kind">${kindOptions(x.kind)}</select></label>`));
  }
  for (const x of facts.projectCounts) {
    rows.push(factRow(csrf, action, 'projectCounts', x, text, `${x.value} 个项目 · ${x.stage ? STAGE_LABEL[x.stage] : '阶段未知'}`,
      html`<label>个数 <input name="value" value="${x.value}" size="5" inputmode="numeric"></label> <label>阶段 <select name="stage">${stageOptions(x.stage)}</select></label>`));
  }
  for (const list of ['companies', 'parks', 'projects'] as const) {
    for (const x of facts[list]) rows.push(factRow(csrf, action, list, x, text, html`${LIST_LABEL[list]}：${x.name}`, html`<label>名称 <input name="name" value="${x.name}" maxlength="200"></label>`));
  }
  for (const x of facts.sectors) rows.push(factRow(csrf, action, 'sectors', x, text, `行业：${x.name}`, ''));
  return html`<h1>更正要点</h1>
<p><a href="/admin/articles/${a.id}/edit">返回编辑文章</a> · <a href="/articles/${a.id}">查看文章</a></p>
<p class="muted">#${a.id} ${a.title}</p>
${notice ? html`<p class="notice" role="status">${notice}</p>` : ''}
<form method="post" action="${action}" class="stack">${csrfInput(csrf)}<input type="hidden" name="op" value="stage">
<label>文章阶段（现在：${STAGE_LABEL[facts.stage]}） <select name="stage">${opts([...STAGES, 'mixed', 'none'].map((s) => [s, STAGE_LABEL[s as ArticleStage]] as const), facts.stage)}</select></label> <button type="submit">设定阶段</button></form>
<table class="admin"><thead><tr><th>要点</th><th>依据（原文）</th><th>更正</th></tr></thead><tbody>${rows}</tbody></table>
<h2>补充一条要点</h2>
<form method="post" action="${action}" class="stack">${csrfInput(csrf)}<input type="hidden" name="op" value="add">
<label>类别 <select name="list">${opts(Object.entries(LIST_LABEL), kept('list'))}</select></label>
<label>依据：原文中的文字（照抄，用来定位并高亮） <input name="evidence" maxlength="300" required value="${kept('evidence')}"></label>
<label>金额或个数（金额可写 6.1亿元、2000万元） <input name="value" maxlength="40" value="${kept('value')}"></label>
<label>金额类别 <select name="kind">${kindOptions(kept('kind') || 'total_investment')}</select></label>
<label>阶段（项目数用） <select name="stage">${stageOptions(kept('stage') || null)}</select></label>
<label>名称（企业、园区、项目；不填则用依据文字） <input name="name" maxlength="200" value="${kept('name')}"></label>
<label>行业 <select name="sectorId"><option value=""></option>${opts([...sectorNames], kept('sectorId'))}</select></label>
<button type="submit">补充</button></form>
<h2>更正记录（${corrections.length}）</h2>
${corrections.length === 0 ? html`<p class="muted">还没有更正。</p>` : html`<ol>${corrections.map(
    (c) => html`<li>${shortTime(c.createdAt)} ${describe(c.correction)}${orphans.has(c.id) ? html` <strong class="field-error">（与现在的原文对不上，未生效）</strong>` : ''}
<form method="post" action="${action}" class="inline">${csrfInput(csrf)}<input type="hidden" name="op" value="revoke"><input type="hidden" name="id" value="${c.id}"><button type="submit">撤销</button></form></li>`,
  )}</ol>`}`;
}

function describe(c: Correction): string {
  switch (c.op) {
    case 'remove':
      return `删除「${c.ref.text}」`;
    case 'edit':
      return `修改「${c.ref.text}」为 ${[c.patch.value && (c.ref.list === 'amounts' ? formatYuan(c.patch.value) : c.patch.value), c.patch.kind && KIND_LABEL[c.patch.kind], c.patch.stage && STAGE_LABEL[c.patch.stage], c.patch.name].filter(Boolean).join(' · ')}`;
    case 'add':
      return `补充${LIST_LABEL[c.list] ?? c.list}「${c.item.name ?? c.evidence}」`;
    case 'stage':
      return `阶段设为${STAGE_LABEL[c.stage] ?? c.stage}`;
    default:
      return '（无法识别的更正）';
  }
}

/** A project stage from the form: one of STAGES, '' for unknown (null), anything else undefined. */
function formStage(v: string): Stage | null | undefined {
  if (v === '') return null;
  return (STAGES as readonly string[]).includes(v) ? (v as Stage) : undefined;
}

/** The form as a correction, or a zh-CN message saying what is wrong. */
function readCorrection(f: (k: string) => string): Correction | string {
  const op = f('op');
  const refResult = () => {
    try {
      return JSON.parse(f('ref')) as FactRef;
    } catch {
      return null;
    }
  };
  if (op === 'stage') {
    const stage = f('stage');
    return [...STAGES, 'mixed', 'none'].includes(stage) ? { op, stage: stage as ArticleStage } : '请选择阶段。';
  }
  if (op === 'remove' || op === 'edit') {
    const ref = refResult();
    if (!ref) return '表单已过期，请刷新后再试。';
    if (op === 'remove') return { op, ref };
    if (ref.list === 'amounts') {
      const value = parseYuan(f('value'));
      if (!value) return '金额写法不对：请写 6.1亿元、2000万元 或以元计的数字。';
      return { op, ref, patch: { value, kind: f('kind') as AmountKind } };
    }
    if (ref.list === 'projectCounts') {
      if (!/^\d{1,6}$/.test(f('value')) || Number(f('value')) < 1) return '项目个数应为正整数。';
      const stage = formStage(f('stage'));
      if (stage === undefined) return '请选择阶段。';
      return { op, ref, patch: { value: String(Number(f('value'))), stage } };
    }
    const name = f('name').trim();
    return name ? { op, ref, patch: { name } } : '名称不能为空。';
  }
  if (op === 'add') {
    const list = f('list') as keyof typeof LIST_LABEL;
    if (!(list in LIST_LABEL)) return '请选择要补充的类别。';
    const evidenceText = f('evidence').trim();
    if (!evidenceText) return '请照抄原文中的依据文字。';
    if (list === 'amounts') {
      const value = parseYuan(f('value') || evidenceText);
      return value ? { op, list, evidence: evidenceText, item: { value, kind: f('kind') as AmountKind } } : '金额写法不对：请写 6.1亿元、2000万元 或以元计的数字。';
    }
    if (list === 'projectCounts') {
      const stage = formStage(f('stage'));
      if (stage === undefined) return '请选择阶段。';
      return /^\d{1,6}$/.test(f('value')) && Number(f('value')) >= 1 ? { op, list, evidence: evidenceText, item: { value: String(Number(f('value'))), stage } } : '项目个数应为正整数。';
    }
    if (list === 'sectors') return sectorNames.has(f('sectorId')) ? { op, list, evidence: evidenceText, item: { sectorId: f('sectorId') } } : '请选择行业。';
    return { op, list, evidence: evidenceText, item: { name: f('name').trim() || evidenceText } };
  }
  return '无法识别的操作。';
}

export function adminFactsRoutes(app: FastifyInstance, ctx: AppContext): void {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { db } = ctx.database;
  const send = backOfficePage(ctx);

  const show = async (request: Parameters<typeof send>[0], reply: Parameters<typeof send>[1], id: number, notice?: string, status = 200, kept?: (k: string) => string) => {
    const a = await db.selectFrom('articles').select(['id', 'title', 'body', 'region_tag']).where('id', '=', id).executeTakeFirst();
    if (!a) throw new AppError('not_found', '没有这篇文章。');
    const stored = (await loadFacts(db, id))?.facts ?? (await extractNow(a));
    const corrections = await loadCorrections(db, id);
    // Which corrections no longer match: replayed here without writing anything.
    const { orphans } = corrections.length ? await refreshOrphans(a, corrections) : { orphans: [] as number[] };
    return send(request, reply, `更正要点 · ${a.title}`, (csrf) => factsPage(csrf, a, stored, corrections, new Set(orphans), notice, kept), status);
  };

  /** An article without stored facts (written before extraction existed): extracted as any write is. */
  const extractNow = async (a: { id: number; title: string; body: string; region_tag: string | null }) => {
    const facts = await db.transaction().execute(async (trx) => {
      await lockContentForWrite(trx);
      const r = await refreshFacts(trx, ctx.extractor, a);
      await bumpContentVersion(trx);
      return r.facts;
    });
    ctx.cache.clear();
    return facts;
  };

  const refreshOrphans = async (a: { id: number; title: string; body: string; region_tag: string | null }, corrections: readonly StoredCorrection[]) => {
    const applied = applyCorrections(`${a.title}\n${a.body}`, articleFacts(ctx.extractor, a), corrections.map((c) => c.correction), (id) => sectorNames.get(id));
    return { orphans: applied.orphans.map((i) => corrections[i]?.id ?? -1) };
  };

  r.get('/admin/articles/:id/facts', { preHandler: editors, schema: { params: idParams, querystring: z.object({ done: z.string().optional() }) } }, async (request, reply) =>
    show(request, reply, request.params.id, request.query.done === '1' ? '已更正：文章页、项目库和接口已按更正显示，以后重新提取也会保留。' : undefined),
  );

  r.post('/admin/articles/:id/facts', { preHandler: editors, preValidation: app.csrfProtection, schema: { params: idParams } }, async (request, reply) => {
    const { id } = request.params;
    const f = formFields(request.body);
    try {
      if (f('op') === 'revoke') {
        if (!/^\d{1,10}$/.test(f('id'))) return show(request, reply, id, '表单已过期，请刷新后再试。', 400);
        await revokeFactCorrection(ctx, id, Number(f('id')), actor(request).id, null);
      } else {
        const c = readCorrection(f);
        if (typeof c === 'string') return show(request, reply, id, c, 400, f('op') === 'add' ? f : undefined);
        await addFactCorrection(ctx, id, c, actor(request).id, null);
      }
    } catch (err) {
      if (err instanceof CorrectionRejected) return show(request, reply, id, err.message, 409, f('op') === 'add' ? f : undefined);
      throw err;
    }
    return reply.redirect(`/admin/articles/${id}/facts?done=1`, 303);
  });
}
