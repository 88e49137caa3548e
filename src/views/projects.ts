// 项目库: the filter form, the list with its counted-once total, and one project's page.
import { STAGES } from '../extraction/types.js';
import { html, type Html } from '../html.js';
import type { ProjectDetail, ProjectItem } from '../features/projects/service.js';
import type { FieldSpec } from './forms.js';
import { pager } from './components.js';
import { zhPunctuation as zh } from '../content/text.js';
import { stageText, yuanText } from './facts.js';
import { t, translateMarked } from '../i18n/messages.js';
import { placeName, sectorName, zhLang, zhText } from '../i18n/names.js';

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
  /** The counted-once sum as an exact yuan string. */
  readonly sumYuan: string;
  readonly withAmount: number;
  /** The projects as /stats counts them (a batch by its count). */
  readonly counted: number;
  readonly regionName: string | null;
  readonly error?: string | undefined;
  readonly regionOptions: NonNullable<FieldSpec['options']>;
  readonly sectorOptions: readonly (readonly [string, string])[];
}

export const SORT_LABEL: Record<string, string> = { newest: '最新', amount: '金额从高到低', amount_asc: '金额从低到高', name: '名称' };

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
  return html`<option value="">${t('全部地区')}</option>${opts.map((o) =>
    Array.isArray(o)
      ? html`<option value="${o[0]}"${o[0] === value ? html` selected` : ''}>${o[1]}</option>`
      : html`<optgroup label="${(o as { group: string }).group}">${(o as { options: readonly (readonly [string, string])[] }).options.map(
          ([v, label]) => html`<option value="${v}"${v === value ? html` selected` : ''}>${label}</option>`,
        )}</optgroup>`,
  )}`;
}

function filterForm(v: ProjectListView): Html {
  const f = v.form;
  // A label holds one control each (two inputs in one label name neither): the ranges are fieldsets.
  return html`<form class="filters" action="/projects" method="get" aria-label="${t('筛选项目')}">
<label>${t('地区（含下级）')} <select name="region">${regionSelect(v.regionOptions, f.region)}</select></label>
<label>${t('行业')} <select name="sector">${options(v.sectorOptions.map(([id, name]) => [id, sectorName({ id, name })] as const), f.sector, t('全部行业'))}</select></label>
<label>${t('阶段')} <select name="stage">${options(STAGES.map((s) => [s, stageText(s) ?? s] as const), f.stage, t('全部阶段'))}</select></label>
<fieldset class="range"><legend>${t('金额（亿元）')}</legend><input name="min" inputmode="decimal" size="6" value="${f.min ?? ''}" placeholder="${t('最低')}" aria-label="${t('最低金额')}"> – <input name="max" inputmode="decimal" size="6" value="${f.max ?? ''}" placeholder="${t('最高')}" aria-label="${t('最高金额')}"></fieldset>
<fieldset class="range"><legend>${t('日期')}</legend><input type="date" name="from" value="${f.from ?? ''}" aria-label="${t('开始日期')}"> – <input type="date" name="to" value="${f.to ?? ''}" aria-label="${t('结束日期')}"></fieldset>
<label>${t('名称或企业')} <input type="search" name="q" maxlength="100" value="${f.q ?? ''}"></label>
<label>${t('排序')} <select name="sort">${Object.entries(SORT_LABEL).map(([k, label]) => html`<option value="${k}"${(f.sort || 'newest') === k ? html` selected` : ''}>${t(label)}</option>`)}</select></label>
<button type="submit">${t('筛选')}</button> <a href="/projects">${t('清除')}</a>
</form>`;
}

/** The amount in the page's language (from the exact yuan string), 约 for an approximate one. */
function amount(p: Pick<ProjectItem, 'amountYuan' | 'approx'>): string {
  return p.amountYuan ? `${p.approx ? t('约 ') : ''}${yuanText(p.amountYuan)}` : '—';
}

function sectorList(p: ProjectItem): string {
  return p.sectors.map(sectorName).join(t('、')) || '—';
}

function row(p: ProjectItem): Html {
  return html`<tr><td><a href="${p.url}"${zhLang()}>${zh(p.name)}</a>${p.kind === 'group' && p.count ? html` <span class="badge">${t('{n} 个项目', { n: p.count })}</span>` : ''}${p.parentId ? html` <span class="muted">${t('（批次中的项目）')}</span>` : ''}</td>
<td>${stageText(p.stage) ?? '—'}</td><td class="num">${amount(p)}</td><td><a href="/projects?region=${p.region.code}">${placeName(p.region)}</a>${p.park ? html`<br><span class="muted"${zhLang()}>${p.park}</span>` : ''}</td>
<td>${sectorList(p)}</td><td><time datetime="${p.lastDate}">${p.lastDate}</time>${p.reports > 1 ? html`<br><span class="muted">${t('{n} 篇报道', { n: p.reports })}</span>` : ''}</td></tr>`;
}

export function projectListPage(v: ProjectListView): Html {
  const region = v.regionName ? t('（{region}）', { region: v.regionName }) : '';
  const summary = html`<p class="result-count">${t('共')} <strong>${v.total}</strong> ${t('个{region}，其中 {n} 个有金额，合计', { region, n: v.withAmount })} <strong>${yuanText(v.sumYuan)}</strong><span class="muted">${t('（批次总额已含其中单个项目，只计一次）')}</span></p>
<p class="muted">${t('按统计口径（批次按报道的个数计，其中的项目不再计）共 {n} 个项目；“投资统计”在同一地区、阶段下数出的项目与此相同。', { n: v.counted })}</p>`;
  return html`<h1>${t('项目库')}</h1>
<p class="muted">${t('从各地招商资讯中读出的签约、开工、竣工项目，每条都链接到原文。同一项目的后续报道并入它的进展。')}</p>
${filterForm(v)}
${v.error ? html`<p class="notice" role="alert">${translateMarked(v.error)}</p>` : summary}
${v.items.length === 0 ? html`<p class="muted">${v.error ? '' : t('没有符合条件的项目。试试放宽筛选条件。')}</p>` : html`<div class="table-wrap"><table class="projects"><thead><tr><th scope="col">${t('项目')}</th><th scope="col">${t('阶段')}</th><th scope="col" class="num">${t('投资额')}</th><th scope="col">${t('地区')}</th><th scope="col">${t('行业')}</th><th scope="col">${t('日期')}</th></tr></thead><tbody>${v.items.map(row)}</tbody></table></div>`}
${pager({ page: v.page, pageSize: v.pageSize, total: v.total }, (n) => projectsHref(v.form, n), 'projects')}
<p class="muted">${t('数据也可以从')} <a href="/api/v1/projects">/api/v1/projects</a> ${t('取得（JSON，参数同上）。')}</p>`;
}

export function projectPage(p: ProjectDetail, canEdit: boolean): Html {
  const facts: [string, Html | string][] = [
    [t('阶段'), stageText(p.stage) ?? '—'],
    [t('投资额'), amount(p)],
    [t('地区'), html`<a href="/regions/${p.region.code}">${placeName(p.region)}</a>`],
  ];
  if (p.kind === 'group' && p.count) facts.push([t('项目数'), t('{n} 个', { n: p.count })]);
  if (p.park) facts.push([t('园区'), zhText(p.park)]);
  if (p.sectors.length) facts.push([t('行业'), html`${p.sectors.map((s, i) => html`${i ? t('、') : ''}<a href="/projects?sector=${s.id}">${sectorName(s)}</a>`)}`]);
  if (p.companies.length) facts.push([t('企业'), zhText(p.companies.join('、'))]);
  if (p.parent) facts.push([t('所属批次'), html`<a href="${p.parent.url}"${zhLang()}>${zh(p.parent.name)}</a>`]);
  const name = zhText(zh(p.name));
  return html`<nav class="crumbs" aria-label="${t('位置')}"><a href="/">${t('首页')}</a> › <a href="/projects">${t('项目库')}</a> › <span>${name}</span></nav>
<h1>${name}</h1>
<dl class="project-facts">${facts.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>
${canEdit ? html`<p><a href="/admin/projects/${p.id}">${t('更正这个项目')}</a></p>` : ''}
<h2>${t('进展')}</h2>
<ol class="timeline">${p.timeline.map((e) => {
    const money = e.amountYuan ? yuanText(e.amountYuan) : null;
    return html`<li><time datetime="${e.date}">${e.date}</time> <strong>${stageText(e.stage) ?? t('报道')}</strong>${money ? html` · ${e.amountEvidenceUrl ? html`<a href="${e.amountEvidenceUrl}">${money}</a>` : money}` : ''}
<br><a href="${e.evidenceUrl}"${zhLang()}>${zh(e.title)}</a></li>`;
  })}</ol>
${p.children.length ? html`<h2>${t('其中的项目（{n}）', { n: p.children.length })}</h2><ul class="children">${p.children.map((c) => html`<li><a href="${c.url}"${zhLang()}>${zh(c.name)}</a>${c.amountYuan ? ` · ${amount(c)}` : ''}${c.stage !== p.stage && c.stage ? ` · ${stageText(c.stage) ?? ''}` : ''}</li>`)}</ul>` : ''}
<p class="muted">${t('由程序从原文读出，编辑核对更正；金额以原文为准。')}</p>`;
}
