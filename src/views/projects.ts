// 项目库: the filter form, the list with its counted-once total, and one project's page.
import { html, type Html } from '../html.js';
import type { ProjectDetail, ProjectItem } from '../features/projects/service.js';
import type { FieldSpec } from './forms.js';
import { pager } from './components.js';
import { zhPunctuation as zh } from '../content/text.js';
import { STAGE_LABEL } from './facts.js';

/** What the form shows: the raw strings as typed, so a wrong one is kept for correcting. */
export interface ProjectForm {
  readonly region?: string | undefined;
  readonly sector?: string | undefined;
  readonly stage?: string | undefined;
  readonly min?: string | undefined;
  readonly max?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly q?: string | undefined;
  readonly sort?: string | undefined;
}

export interface ProjectListView {
  readonly form: ProjectForm;
  readonly items: readonly ProjectItem[];
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
  readonly sumText: string;
  readonly withAmount: number;
  readonly regionName: string | null;
  readonly error?: string | undefined;
  readonly regionOptions: NonNullable<FieldSpec['options']>;
  readonly sectorOptions: readonly (readonly [string, string])[];
}

const SORT_LABEL: Record<string, string> = { newest: '最新', amount: '金额从高到低', amount_asc: '金额从低到高', name: '名称' };
const STAGES = ['signing', 'construction_start', 'completion', 'operating', 'planned'] as const;

export function projectsHref(f: ProjectForm, page = 1): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(f)) if (v) params.set(k, String(v));
  if (page > 1) params.set('page', String(page));
  const qs = params.toString();
  return qs ? `/projects?${qs}` : '/projects';
}

function options(list: readonly (readonly [string, string])[], value: string | undefined, any: string): Html {
  return html`<option value="">${any}</option>${list.map(([v, label]) => html`<option value="${v}"${v === value ? html` selected` : ''}>${label}</option>`)}`;
}

function regionSelect(opts: ProjectListView['regionOptions'], value: string | undefined): Html {
  return html`<option value="">全部地区</option>${opts.map((o) =>
    Array.isArray(o)
      ? html`<option value="${o[0]}"${o[0] === value ? html` selected` : ''}>${o[1]}</option>`
      : html`<optgroup label="${(o as { group: string }).group}">${(o as { options: readonly (readonly [string, string])[] }).options.map(
          ([v, label]) => html`<option value="${v}"${v === value ? html` selected` : ''}>${label}</option>`,
        )}</optgroup>`,
  )}`;
}

function filterForm(v: ProjectListView): Html {
  const f = v.form;
  return html`<form class="filters" action="/projects" method="get" aria-label="筛选项目">
<label>地区（含下级） <select name="region">${regionSelect(v.regionOptions, f.region)}</select></label>
<label>行业 <select name="sector">${options(v.sectorOptions, f.sector, '全部行业')}</select></label>
<label>阶段 <select name="stage">${options(STAGES.map((s) => [s, STAGE_LABEL[s]] as const), f.stage, '全部阶段')}</select></label>
<label>金额（亿元） <input name="min" inputmode="decimal" size="6" value="${f.min ?? ''}" placeholder="最低"> – <input name="max" inputmode="decimal" size="6" value="${f.max ?? ''}" placeholder="最高"></label>
<label>日期 <input type="date" name="from" value="${f.from ?? ''}"> – <input type="date" name="to" value="${f.to ?? ''}"></label>
<label>名称或企业 <input type="search" name="q" maxlength="100" value="${f.q ?? ''}"></label>
<label>排序 <select name="sort">${Object.entries(SORT_LABEL).map(([k, label]) => html`<option value="${k}"${(f.sort || 'newest') === k ? html` selected` : ''}>${label}</option>`)}</select></label>
<button type="submit">筛选</button> <a href="/projects">清除</a>
</form>`;
}

function amount(p: Pick<ProjectItem, 'amountText' | 'approx'>): string {
  return p.amountText ? `${p.approx ? '约 ' : ''}${p.amountText}` : '—';
}

function row(p: ProjectItem): Html {
  return html`<tr><td><a href="${p.url}">${zh(p.name)}</a>${p.kind === 'group' && p.count ? html` <span class="badge">${p.count} 个项目</span>` : ''}${p.parentId ? html` <span class="muted">（批次中的项目）</span>` : ''}</td>
<td>${p.stageLabel ?? '—'}</td><td class="num">${amount(p)}</td><td><a href="/projects?region=${p.region.code}">${p.region.name}</a>${p.park ? html`<br><span class="muted">${p.park}</span>` : ''}</td>
<td>${p.sectors.map((s) => s.name).join('、') || '—'}</td><td><time datetime="${p.lastDate}">${p.lastDate}</time>${p.reports > 1 ? html`<br><span class="muted">${p.reports} 篇报道</span>` : ''}</td></tr>`;
}

export function projectListPage(v: ProjectListView): Html {
  const summary = html`<p class="result-count">共 <strong>${v.total}</strong> 个${v.regionName ? `（${v.regionName}）` : ''}，其中 ${v.withAmount} 个有金额，合计 <strong>${v.sumText}</strong><span class="muted">（批次总额已含其中单个项目，只计一次）</span></p>`;
  return html`<h1>项目库</h1>
<p class="muted">从各地招商资讯中读出的签约、开工、竣工项目，每条都链接到原文。同一项目的后续报道并入它的进展。</p>
${filterForm(v)}
${v.error ? html`<p class="notice" role="alert">${v.error}</p>` : summary}
${v.items.length === 0 ? html`<p class="muted">${v.error ? '' : '没有符合条件的项目。试试放宽筛选条件。'}</p>` : html`<div class="table-wrap"><table class="projects"><thead><tr><th>项目</th><th>阶段</th><th class="num">投资额</th><th>地区</th><th>行业</th><th>日期</th></tr></thead><tbody>${v.items.map(row)}</tbody></table></div>`}
${pager({ page: v.page, pageSize: v.pageSize, total: v.total }, (n) => projectsHref(v.form, n), '个')}
<p class="muted">数据也可以从 <a href="/api/v1/projects">/api/v1/projects</a> 取得（JSON，参数同上）。</p>`;
}

export function projectPage(p: ProjectDetail, canEdit: boolean): Html {
  const facts: [string, Html | string][] = [
    ['阶段', p.stageLabel ?? '—'],
    ['投资额', amount(p)],
    ['地区', html`<a href="/regions/${p.region.code}">${p.region.name}</a>`],
  ];
  if (p.kind === 'group' && p.count) facts.push(['项目数', `${p.count} 个`]);
  if (p.park) facts.push(['园区', p.park]);
  if (p.sectors.length) facts.push(['行业', html`${p.sectors.map((s, i) => html`${i ? '、' : ''}<a href="/projects?sector=${s.id}">${s.name}</a>`)}`]);
  if (p.companies.length) facts.push(['企业', p.companies.join('、')]);
  if (p.parent) facts.push(['所属批次', html`<a href="${p.parent.url}">${zh(p.parent.name)}</a>`]);
  return html`<nav class="crumbs" aria-label="位置"><a href="/">首页</a> › <a href="/projects">项目库</a> › <span>${zh(p.name)}</span></nav>
<h1>${zh(p.name)}</h1>
<dl class="project-facts">${facts.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
${canEdit ? html`<p><a href="/admin/projects/${p.id}">更正这个项目</a></p>` : ''}
<h2>进展</h2>
<ol class="timeline">${p.timeline.map(
    (t) => html`<li><time datetime="${t.date}">${t.date}</time> <strong>${t.stageLabel ?? '报道'}</strong>${t.amountText ? html` · ${t.amountEvidenceUrl ? html`<a href="${t.amountEvidenceUrl}">${t.amountText}</a>` : t.amountText}` : ''}
<br><a href="${t.evidenceUrl}">${zh(t.title)}</a></li>`,
  )}</ol>
${p.children.length ? html`<h2>其中的项目（${p.children.length}）</h2><ul class="children">${p.children.map((c) => html`<li><a href="${c.url}">${zh(c.name)}</a>${c.amountText ? ` · ${amount(c)}` : ''}${c.stage !== p.stage && c.stageLabel ? ` · ${c.stageLabel}` : ''}</li>`)}</ul>` : ''}
<p class="muted">由程序从原文读出，编辑核对更正；金额以原文为准。</p>`;
}
