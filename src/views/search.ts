// The search page: form, notices, region facets, results with highlights, pagination.
import { html, raw, type Html } from '../html.js';
import type { SearchResult } from '../features/search/service.js';
import { pager, tagLabel } from './components.js';
import { zhPunctuation as zh } from '../content/text.js';
import { t, translateMarked } from '../i18n/messages.js';
import { placeName, zhLang } from '../i18n/names.js';

export interface SearchForm {
  readonly q: string;
  readonly sort: 'relevance' | 'newest';
  readonly region?: string | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
}

export const SEARCH_EXAMPLES = ['长沙', '新能源汽车', '桃源 签约', '嘉泰鞋业', '"黄花综合保税区"', '電商', 'changsha', '招商引资 -长沙'];

/** /search?… with the form's values, changed by `patch`; page 1 unless given. */
export function searchHref(f: SearchForm, patch: Partial<SearchForm> & { page?: number } = {}): string {
  const v = { ...f, ...patch };
  const params = new URLSearchParams();
  if (v.q) params.set('q', v.q);
  if (v.sort !== 'relevance') params.set('sort', v.sort);
  if (v.region) params.set('region', v.region);
  if (v.from) params.set('from', v.from);
  if (v.to) params.set('to', v.to);
  if (patch.page && patch.page > 1) params.set('page', String(patch.page));
  return `/search?${params.toString()}`;
}

function form(f: SearchForm, regionName: string | null): Html {
  return html`<form class="search-form" action="/search" method="get" role="search">
<label for="sq" class="visually-hidden">${t('搜索词')}</label>
<input id="sq" type="search" name="q" value="${f.q}" maxlength="1000" placeholder="${t('地名、行业、企业……')}" autofocus>
<button type="submit">${t('搜索')}</button>
<details${f.from || f.to || f.sort !== 'relevance' ? html` open` : ''}><summary>${t('筛选')}</summary>
<label>${t('排序')} <select name="sort"><option value="relevance"${f.sort === 'relevance' ? html` selected` : ''}>${t('相关度')}</option><option value="newest"${f.sort === 'newest' ? html` selected` : ''}>${t('最新')}</option></select></label>
<label>${t('从')} <input type="date" name="from" value="${f.from ?? ''}"></label>
<label>${t('到')} <input type="date" name="to" value="${f.to ?? ''}"></label>
${f.region ? html`<input type="hidden" name="region" value="${f.region}">` : ''}
</details>
${f.region ? html`<p class="muted">${t('地区：{region}（含下级）', { region: regionName ?? f.region })}· <a href="${searchHref(f, { region: undefined })}">${t('不限地区')}</a></p>` : ''}
</form>`;
}

export function searchStartPage(f: SearchForm, message?: string): Html {
  return html`<h1>${t('搜索')}</h1>
${form(f, null)}
${message ? html`<p class="notice" role="alert">${translateMarked(message)}</p>` : ''}
<p>${t('可以这样找：')}${SEARCH_EXAMPLES.map((e, i) => html`${i ? t('、') : ''}<a href="${searchHref({ q: e, sort: 'relevance' })}"${zhLang()}>${e}</a>`)}</p>
<p class="muted">${t('多个词用空格分开（都要出现）；“引号”里的词按原样连在一起找；词前加 - 排除；两个词之间写 OR 表示任一即可。繁体字、地名拼音（如 changsha）也能找到。')}</p>`;
}

export function searchResultsPage(f: SearchForm, r: SearchResult): Html {
  const facets = r.facets.length
    ? html`<nav class="facets" aria-label="${t('按地区')}"><h2>${t('按地区')}</h2><ul>${r.facets.map(
        (x) => html`<li><a href="${searchHref(f, { region: x.code })}">${placeName(x)}</a> <span class="count">(${x.count})</span></li>`,
      )}</ul></nav>`
    : '';
  const relevance = t('相关度');
  const newest = t('最新');
  const sortLinks = html`<p class="sort">${t('排序：')}${f.sort === 'relevance' ? html`<strong>${relevance}</strong>` : html`<a href="${searchHref(f, { sort: 'relevance' })}">${relevance}</a>`} · ${f.sort === 'newest' ? html`<strong>${newest}</strong>` : html`<a href="${searchHref(f, { sort: 'newest' })}">${newest}</a>`}</p>`;
  const regionName = r.region ? placeName(r.region) : null;
  return html`<h1>${t('搜索：')}<span${zhLang()}>${r.query.text}</span></h1>
${form(f, regionName)}
${r.query.notices.map((n) => html`<p class="notice" role="status">${translateMarked(n)}</p>`)}
<p class="result-count">${t('找到')} <strong>${r.total}</strong> ${t('篇')}${regionName ? t('（{region}）', { region: regionName }) : ''}</p>
${r.total > 0 ? sortLinks : ''}
<div class="search-layout">
<div class="search-results">
${r.items.length === 0 ? html`<p class="muted">${r.total === 0 ? t('没有找到相关文章。试试更短的词，或去掉筛选条件。') : t('这一页没有结果。')}</p>` : ''}
<ol class="news">${r.items.map(
    (a) => html`<li><h2${zhLang()}><a href="${a.url}"><span class="tag">${tagLabel(a)}</span>${raw(a.titleHtml)}</a></h2>
<p${zhLang()}>${raw(a.snippet)}</p><time datetime="${a.publishedAt}" class="muted">${a.publishedAt}</time> · <a class="muted" href="/regions/${a.region.code}">${zh(placeName(a.region))}</a></li>`,
  )}</ol>
${pager({ page: r.page, pageSize: r.pageSize, total: r.total }, (n) => searchHref(f, { page: n }))}
</div>
${facets}
</div>`;
}
