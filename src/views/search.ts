// The search page: form, notices, region facets, results with highlights, pagination.
import { html, raw, type Html } from '../html.js';
import type { SearchResult } from '../features/search/service.js';
import { pager, tagLabel } from './components.js';
import { zhPunctuation as zh } from '../content/text.js';

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
<label for="sq" class="visually-hidden">搜索词</label>
<input id="sq" type="search" name="q" value="${f.q}" maxlength="1000" placeholder="地名、行业、企业……" autofocus>
<button type="submit">搜索</button>
<details${f.from || f.to || f.sort !== 'relevance' ? html` open` : ''}><summary>筛选</summary>
<label>排序 <select name="sort"><option value="relevance"${f.sort === 'relevance' ? html` selected` : ''}>相关度</option><option value="newest"${f.sort === 'newest' ? html` selected` : ''}>最新</option></select></label>
<label>从 <input type="date" name="from" value="${f.from ?? ''}"></label>
<label>到 <input type="date" name="to" value="${f.to ?? ''}"></label>
${f.region ? html`<input type="hidden" name="region" value="${f.region}">` : ''}
</details>
${f.region ? html`<p class="muted">地区：${regionName ?? f.region}（含下级）· <a href="${searchHref(f, { region: undefined })}">不限地区</a></p>` : ''}
</form>`;
}

export function searchStartPage(f: SearchForm, message?: string): Html {
  return html`<h1>搜索</h1>
${form(f, null)}
${message ? html`<p class="notice" role="alert">${message}</p>` : ''}
<p>可以这样找：${SEARCH_EXAMPLES.map((e, i) => html`${i ? '、' : ''}<a href="${searchHref({ q: e, sort: 'relevance' })}">${e}</a>`)}</p>
<p class="muted">多个词用空格分开（都要出现）；“引号”里的词按原样连在一起找；词前加 - 排除；两个词之间写 OR 表示任一即可。繁体字、地名拼音（如 changsha）也能找到。</p>`;
}

export function searchResultsPage(f: SearchForm, r: SearchResult): Html {
  const facets = r.facets.length
    ? html`<nav class="facets" aria-label="按地区"><h2>按地区</h2><ul>${r.facets.map(
        (x) => html`<li><a href="${searchHref(f, { region: x.code })}">${x.name}</a> <span class="count">(${x.count})</span></li>`,
      )}</ul></nav>`
    : '';
  const sortLinks = html`<p class="sort">排序：${f.sort === 'relevance' ? html`<strong>相关度</strong>` : html`<a href="${searchHref(f, { sort: 'relevance' })}">相关度</a>`} · ${f.sort === 'newest' ? html`<strong>最新</strong>` : html`<a href="${searchHref(f, { sort: 'newest' })}">最新</a>`}</p>`;
  return html`<h1>搜索：${r.query.text}</h1>
${form(f, r.region?.name ?? null)}
${r.query.notices.map((n) => html`<p class="notice" role="status">${n}</p>`)}
<p class="result-count">找到 <strong>${r.total}</strong> 篇${r.region ? `（${r.region.name}）` : ''}</p>
${r.total > 0 ? sortLinks : ''}
<div class="search-layout">
<div class="search-results">
${r.items.length === 0 ? html`<p class="muted">${r.total === 0 ? '没有找到相关文章。试试更短的词，或去掉筛选条件。' : '这一页没有结果。'}</p>` : ''}
<ol class="news">${r.items.map(
    (a) => html`<li><h2><a href="${a.url}"><span class="tag">${tagLabel(a)}</span>${raw(a.titleHtml)}</a></h2>
<p>${raw(a.snippet)}</p><time datetime="${a.publishedAt}" class="muted">${a.publishedAt}</time> · <a class="muted" href="/regions/${a.region.code}">${zh(a.region.name)}</a></li>`,
  )}</ol>
${pager({ page: r.page, pageSize: r.pageSize, total: r.total }, (n) => searchHref(f, { page: n }))}
</div>
${facets}
</div>`;
}
