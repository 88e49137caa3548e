// /stats: every chart is drawn over a table with its numbers (the page works without script) and
// a CSV download; chart boxes have a fixed height, so drawing them shifts nothing.
import { sectorNames } from '../extraction/taxonomy.js';
import { STAGES } from '../extraction/types.js';
import { html, jsonForScript, type Html } from '../html.js';
import type { ConversionFigure, NamedFigure, StatsView } from '../features/stats/service.js';
import { stageText, yuanText } from './facts.js';
import { t, translateMarked } from '../i18n/messages.js';
import { placeName, sectorName, zhLang } from '../i18n/names.js';

export interface StatsForm {
  readonly region?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly sector?: string | undefined;
  readonly stage?: string | undefined;
}

export type StatsTable = 'regions' | 'sectors' | 'stages' | 'months' | 'conversion';

export function statsHref(path: string, f: StatsForm, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries({ ...f, ...extra })) if (v) params.set(k, v);
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}


const yi = (yuan: string) => Math.round(Number(yuan) / 1e6) / 100; // 亿元, two decimals
const pct = (v: number | null) => (v === null ? '—' : `${v.toFixed(1)}%`);

function share(part: string, whole: string): string {
  const w = Number(whole);
  return w > 0 ? `${((Number(part) / w) * 100).toFixed(1)}%` : '—';
}

/** A figure's amount in the page's language: '未披露' when it has projects but no amount known, '—' for nothing. */
const money = (f: { amountYuan: string; amountText: string; projects: number; withAmount: number }) =>
  f.amountText !== '—' ? yuanText(f.amountYuan) : f.projects > 0 && f.withAmount === 0 ? t('未披露') : '—';

/** Names in the page's language: the rows carry a key (region code, sector id, stage) and the Chinese. */
type Named = (r: NamedFigure) => string;
const regionNamed: Named = (r) => placeName({ code: r.key, name: r.name });
const sectorNamed: Named = (r) => sectorName({ id: r.key, name: r.name });
const stageNamed: Named = (r) => stageText(r.key) ?? t(r.name);
const asIs: Named = (r) => r.name;

/**
 * A table whose rows add up to the totals: 项目数, 投资额 (未披露 where no amount of the row is
 * known), the projects whose amount is not disclosed, and the share of the total investment.
 * `last`: a row without a link after the others (the projects not placed one level down).
 */
function figureTable(caption: string, head: string, rows: readonly NamedFigure[], total: string, name: Named, link?: (r: NamedFigure) => string, last?: NamedFigure | null): Html {
  if (rows.length === 0 && !last) return html`<p class="muted">${t('没有数据。')}</p>`;
  const line = (r: NamedFigure, label: Html | string) =>
    html`<tr><th scope="row">${label}</th><td class="num">${r.projects}</td><td class="num">${money(r)}</td><td class="num">${r.projects - r.withAmount}</td><td class="num">${share(r.amountYuan, total)}</td></tr>`;
  return html`<div class="table-wrap"><table class="stats"><caption>${caption}</caption><thead><tr><th scope="col">${head}</th><th scope="col" class="num">${t('项目数')}</th><th scope="col" class="num">${t('投资额')}</th><th scope="col" class="num">${t('金额未披露')}</th><th scope="col" class="num">${t('占比')}</th></tr></thead><tbody>${rows.map((r) =>
    line(r, link ? html`<a href="${link(r)}">${name(r)}</a>` : name(r)),
  )}${last ? line(last, t(last.name)) : ''}</tbody></table></div>`;
}

function conversionTable(rows: readonly ConversionFigure[], link: (code: string) => string): Html {
  if (rows.length === 0) return html`<p class="muted">${t('还没有报道过签约的项目。')}</p>`;
  return html`<div class="table-wrap"><table class="stats"><caption>${t('签约项目的后续进展')}</caption><thead><tr><th scope="col">${t('地区')}</th><th scope="col" class="num">${t('报道签约')}</th><th scope="col" class="num">${t('其后开工')}</th><th scope="col" class="num">${t('开工率')}</th><th scope="col" class="num">${t('其后竣工')}</th><th scope="col" class="num">${t('竣工率')}</th></tr></thead><tbody>${rows.map(
    (r) => html`<tr><th scope="row"><a href="${link(r.code)}">${placeName(r)}</a></th><td class="num">${r.signed}</td><td class="num">${r.started}</td><td class="num">${pct(r.startedRate)}</td><td class="num">${r.completed}</td><td class="num">${pct(r.completedRate)}</td></tr>`,
  )}</tbody></table></div>`;
}

function chart(id: string, label: string): Html {
  return html`<figure class="chart" id="${id}" aria-hidden="true" data-label="${label}"><p class="chart-fallback muted">${t('图表需要 JavaScript；数字见下表。')}</p></figure>`;
}

function csvLink(form: StatsForm, table: StatsTable): Html {
  return html`<p class="downloads"><a href="${statsHref('/stats.csv', form, { table })}" download>${t('下载 CSV')}</a></p>`;
}

function filterForm(v: StatsView, form: StatsForm, sectors: readonly (readonly [string, string])[], error?: string): Html {
  const opt = (value: string, label: string, current?: string) => html`<option value="${value}"${value === (current ?? '') ? html` selected` : ''}>${label}</option>`;
  return html`<form class="filters" action="/stats" method="get" aria-label="${t('筛选统计')}">
${form.region && form.region !== '430000' ? html`<input type="hidden" name="region" value="${form.region}">` : ''}
<label>${t('从（月）')} <input type="month" name="from" value="${form.from ?? ''}"></label>
<label>${t('到（月）')} <input type="month" name="to" value="${form.to ?? ''}"></label>
<label>${t('行业')} <select name="sector">${opt('', t('全部行业'), form.sector)}${sectors.map(([id, name]) => opt(id, sectorName({ id, name }), form.sector))}</select></label>
<label>${t('阶段')} <select name="stage">${opt('', t('全部阶段'), form.stage)}${STAGES.map((s) => opt(s, stageText(s) ?? s, form.stage))}</select></label>
<button type="submit">${t('查看')}</button> <a href="/stats">${t('清除')}</a>
</form>${error ? html`<p class="notice" role="alert">${translateMarked(error)}</p>` : ''}${v.region.level !== 'province' ? html`<p class="muted">${t('地区：')}${placeName(v.region)} · <a href="${statsHref('/stats', { ...form, region: undefined })}">${t('全省')}</a></p>` : ''}`;
}

export function statsPage(v: StatsView, form: StatsForm, sectors: readonly (readonly [string, string])[], error?: string): Html {
  const regionLink = (r: NamedFigure) => `/regions/${r.key}`;
  const total = v.totals.amountYuan;
  // Names in the page's language; the map matches its areas by the Chinese name (geo).
  const chartData = {
    level: v.region.level,
    regions: v.regions.map((r) => ({ code: r.key, name: regionNamed(r), geo: r.name, yi: yi(r.amountYuan), projects: r.projects, undisclosed: r.projects - r.withAmount })),
    sectors: v.sectors.map((r) => ({ name: sectorNamed(r), yi: yi(r.amountYuan), projects: r.projects })),
    stages: v.stages.map((r) => ({ name: stageNamed(r), yi: yi(r.amountYuan), projects: r.projects })),
    months: v.months.map((r) => ({ name: r.name, yi: yi(r.amountYuan), projects: r.projects })),
    conversion: v.conversion.map((c) => ({ name: placeName(c), signed: c.signed, started: c.started, completed: c.completed })),
  };
  const province = v.region.level === 'province';
  const childLabel = province ? t('市州') : t('县市区');
  const regionName = placeName(v.region);
  return html`<h1>${t('投资统计')}${province ? '' : ` · ${regionName}`}</h1>
<p class="muted">${t('从各地招商资讯读出的项目：投资额按项目只计一次（批次总额已含其中的单个项目），项目数中一个批次按它报道的个数计。')}</p>
${filterForm(v, form, sectors, error)}
<p class="result-count">${t('共')} <strong>${v.totals.projects}</strong> ${t('个项目，投资额')} <strong>${money(v.totals)}</strong>${t('（{n} 个有金额）', { n: v.totals.withAmount })}</p>
<section aria-labelledby="s-regions"><h2 id="s-regions">${province ? t('按市州') : t('按县市区')}</h2>
${province ? chart('chart-map', t('湖南各市州投资额地图')) : chart('chart-regions', t('{level}投资额', { level: childLabel }))}
${figureTable(province ? t('各市州的项目与投资额') : t('各县市区的项目与投资额'), childLabel, v.regions, total, regionNamed, regionLink, v.unplaced)}${csvLink(form, 'regions')}</section>
<section aria-labelledby="s-sectors"><h2 id="s-sectors">${t('按行业')}</h2>${chart('chart-sectors', t('各行业投资额'))}
<p class="muted">${t('每个项目计入它自己的文字最先说到的行业；一批项目的总额无法按行业拆分时计入“多个行业”，没有说到行业的计入“行业未识别”，所以各行业相加等于总数。')}</p>
${figureTable(t('各行业的项目与投资额（每个项目只计入一个行业）'), t('行业'), v.sectors, total, sectorNamed)}${csvLink(form, 'sectors')}</section>
<section aria-labelledby="s-stages"><h2 id="s-stages">${t('按阶段')}</h2>${chart('chart-stages', t('签约、开工、竣工'))}
${figureTable(t('各阶段的项目与投资额（项目的最新阶段）'), t('阶段'), v.stages, total, stageNamed)}${csvLink(form, 'stages')}</section>
<section aria-labelledby="s-months"><h2 id="s-months">${t('按月份')}</h2>${chart('chart-months', t('每月首次报道的项目投资额'))}
${figureTable(t('每月首次报道的项目'), t('月份'), v.months, total, asIs)}${csvLink(form, 'months')}</section>
<section aria-labelledby="s-conversion"><h2 id="s-conversion">${t('签约转化')}</h2>
<p class="muted">${t('报道过签约的项目中，后来又被报道开工、竣工的有多少——按项目进展（同一项目的多篇报道）统计。')}</p>
${chart('chart-conversion', t('签约后开工、竣工的项目数'))}
${conversionTable(v.conversion, (code) => `/regions/${code}`)}${csvLink(form, 'conversion')}</section>
<p class="muted">${t('数据也可以从')} <a href="${statsHref('/api/v1/stats', form)}">/api/v1/stats</a> ${t('取得（JSON）。')}</p>
<script type="application/json" id="stats-data">${jsonForScript(chartData)}</script>
<script src="/assets/echarts-5.6.0.min.js" defer></script>
<script src="/assets/stats.js" defer></script>`;
}

/** A region page's own figures: totals, the stage funnel, top sectors, the scorecard, latest projects. */
export function regionFigures(v: StatsView, latest: readonly { url: string; name: string; stage: string | null; amountYuan: string | null; lastDate: string }[]): Html {
  if (v.totals.projects === 0) return html``;
  const stage = (key: string) => v.stages.find((s) => s.key === key);
  const funnel = (['signing', 'construction_start', 'completion'] as const).map((k) => ({ label: stageText(k) ?? k, f: stage(k) }));
  const conv = v.conversion.reduce((a, c) => ({ signed: a.signed + c.signed, started: a.started + c.started, completed: a.completed + c.completed }), { signed: 0, started: 0, completed: 0 });
  const code = v.region.code;
  return html`<section class="region-figures" aria-labelledby="rf-h"><h2 id="rf-h">${t('项目与投资')}</h2>
<p class="result-count"><strong>${v.totals.projects}</strong> ${t('个项目，投资额')} <strong>${money(v.totals)}</strong>${t('（按项目只计一次）')}</p>
<dl class="project-facts">
<dt>${t('当前阶段')}</dt><dd>${funnel.map((s, i) => html`${i ? ' → ' : ''}${s.label} ${t('{n} 个', { n: s.f?.projects ?? 0 })}`)}</dd>
${v.sectors.length ? html`<dt>${t('主要行业')}</dt><dd>${v.sectors.slice(0, 5).map((s, i) => html`${i ? t('、') : ''}${sectorNames.has(s.key) ? html`<a href="/projects?region=${code}&amp;sector=${s.key}">${sectorNamed(s)}</a>` : sectorNamed(s)}${s.amountText !== '—' ? ` ${money(s)}` : ''}`)}</dd>` : ''}
${conv.signed ? html`<dt>${t('签约转化')}</dt><dd>${t('报道签约 {signed} 个，其后开工 {started} 个，竣工 {completed} 个', conv)}</dd>` : ''}
</dl>
${latest.length ? html`<h3>${t('最新项目')}</h3><ul>${latest.map((p) => html`<li><a href="${p.url}"${zhLang()}>${p.name}</a> <span class="muted">${[stageText(p.stage), p.amountYuan ? yuanText(p.amountYuan) : null, p.lastDate].filter(Boolean).join(' · ')}</span></li>`)}</ul>` : ''}
<p><a href="/projects?region=${code}">${t('项目库中的全部项目')}</a> · <a href="/stats?region=${code}">${t('统计与地图')}</a></p></section>`;
}
