// Pieces shared by pages: the news list, pagination, breadcrumbs.
import { html, type Html, type Renderable } from '../html.js';
import type { ArticleItem, RegionRef } from '../features/news/service.js';
import { zhPunctuation as zh } from '../content/text.js';
import { t } from '../i18n/messages.js';
import { placeName, zhLang } from '../i18n/names.js';

export function tagLabel(a: Pick<ArticleItem, 'regionTag' | 'region'>): string {
  return `【${a.regionTag ?? a.region.name}】`;
}

/** Titles and excerpts are content (Chinese on every page); the region is named in the page's language. */
export function newsList(items: readonly ArticleItem[]): Html {
  if (items.length === 0) return html`<p class="muted">${t('这里还没有文章。')}</p>`;
  return html`<ol class="news">${items.map(
    (a) => html`<li><h2${zhLang()}><a href="${a.url}"><span class="tag">${tagLabel(a)}</span>${zh(a.title)}</a></h2>
<p${zhLang()}>${zh(a.excerpt)}</p><time datetime="${a.publishedAt}" class="muted">${a.publishedAt}</time> · <a class="muted" href="/regions/${a.region.code}">${placeName(a.region)}</a></li>`,
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
export function pager(p: PageInfo, href: (page: number) => string, unit: 'articles' | 'projects' | 'companies' = 'articles'): Html {
  const last = totalPages(p);
  if (last <= 1) return html``;
  const prev = p.page > 1 ? html`<a rel="prev" href="${href(p.page - 1)}">${t('上一页')}</a>` : html`<span class="disabled">${t('上一页')}</span>`;
  const next = p.page < last ? html`<a rel="next" href="${href(p.page + 1)}">${t('下一页')}</a>` : html`<span class="disabled">${t('下一页')}</span>`;
  const n = { page: p.page, last, total: p.total };
  const where = unit === 'projects' ? t('第 {page} / {last} 页 · 共 {total} 个', n) : unit === 'companies' ? t('第 {page} / {last} 页 · 共 {total} 家', n) : t('第 {page} / {last} 页 · 共 {total} 篇', n);
  return html`<nav class="pager" aria-label="${t('分页')}">${prev}<span>${where}</span>${next}</nav>`;
}

/** Regions in the page's language; `current` is the caller's (a title as content: zhText). */
export function crumbs(path: readonly RegionRef[], current?: Renderable): Html {
  return html`<nav class="crumbs" aria-label="${t('位置')}"><a href="/">${t('首页')}</a>${path.map(
    (r) => html` › <a href="/regions/${r.code}">${placeName(r)}</a>`,
  )}${current ? html` › <span>${current}</span>` : ''}</nav>`;
}
