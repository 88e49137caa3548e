// Pieces shared by pages: the news list, pagination, breadcrumbs.
import { html, type Html } from '../html.js';
import type { ArticleItem, RegionRef } from '../features/news/service.js';
import { zhPunctuation as zh } from '../content/text.js';

export function tagLabel(a: Pick<ArticleItem, 'regionTag' | 'region'>): string {
  return `【${a.regionTag ?? a.region.name}】`;
}

export function newsList(items: readonly ArticleItem[]): Html {
  if (items.length === 0) return html`<p class="muted">这里还没有文章。</p>`;
  return html`<ol class="news">${items.map(
    (a) => html`<li><h2><a href="${a.url}"><span class="tag">${tagLabel(a)}</span>${zh(a.title)}</a></h2>
<p>${zh(a.excerpt)}</p><time datetime="${a.publishedAt}" class="muted">${a.publishedAt}</time> · <a class="muted" href="/regions/${a.region.code}">${a.region.name}</a></li>`,
  )}</ol>`;
}

export interface PageInfo {
  readonly page: number;
  readonly pageSize: number;
  readonly total: number;
}

export function totalPages(p: PageInfo): number {
  return Math.max(1, Math.ceil(p.total / p.pageSize));
}

/** 上一页 · 第 N / M 页 · 下一页; `href(n)` builds the link so filters stay in the URL. */
export function pager(p: PageInfo, href: (page: number) => string, unit = '篇'): Html {
  const last = totalPages(p);
  if (last <= 1) return html``;
  const prev = p.page > 1 ? html`<a rel="prev" href="${href(p.page - 1)}">上一页</a>` : html`<span class="disabled">上一页</span>`;
  const next = p.page < last ? html`<a rel="next" href="${href(p.page + 1)}">下一页</a>` : html`<span class="disabled">下一页</span>`;
  return html`<nav class="pager" aria-label="分页">${prev}<span>第 ${p.page} / ${last} 页 · 共 ${p.total} ${unit}</span>${next}</nav>`;
}

export function crumbs(path: readonly RegionRef[], current?: string): Html {
  return html`<nav class="crumbs" aria-label="位置"><a href="/">首页</a>${path.map(
    (r) => html` › <a href="/regions/${r.code}">${r.name}</a>`,
  )}${current ? html` › <span>${current}</span>` : ''}</nav>`;
}
