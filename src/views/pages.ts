// The public pages. Each takes a typed view model and returns escaped HTML.
import { html, type Html } from '../html.js';
import type { ArticleDetail, ArticleItem, RegionNode, RegionRef } from '../features/news/service.js';
import { locateSections, type LocatedSection, type Section } from '../content/sections.js';
import { zhPunctuation as zh } from '../content/text.js';
import type { Facts } from '../extraction/types.js';
import { planEvidence, withMarks, type Evidence, type Segment } from './evidence.js';
import { evidenceSpans, factsPanel } from './facts.js';
import { crumbs, newsList, pager, tagLabel, type PageInfo } from './components.js';
import { t, translateMarked } from '../i18n/messages.js';
import { placeName, zhLang, zhText } from '../i18n/names.js';

export function homePage(v: { items: readonly ArticleItem[]; page: PageInfo; siteName: string }): Html {
  return html`<h1>${v.page.page > 1 ? `${t('最新招商资讯')} · ${t('第 {page} 页', { page: v.page.page })}` : t('最新招商资讯')}</h1>
${newsList(v.items)}
${pager(v.page, (n) => (n === 1 ? '/' : `/?page=${n}`))}`;
}

/**
 * A section with evidence marks. `off` turns body offsets into offsets into "title\nbody", the text
 * the facts point into. zh() runs on the whole run before marks cut it (its rules look at neighbours;
 * it maps one character to one, so the offsets still hold).
 */
function sectionHtml(s: LocatedSection, off: number, ev: Evidence | null): Html {
  const full = zh(s.marker + s.title);
  const title = s.titleStart === null ? full : html`${full.slice(0, s.marker.length)}${withMarks(full.slice(s.marker.length), off + s.titleStart, ev)}`;
  const heading = s.level === 1 ? html`<h2 id="${s.id}">${title}</h2>` : s.level === 2 ? html`<h3 id="${s.id}">${title}</h3>` : s.level === 3 ? html`<h4 id="${s.id}">${title}</h4>` : '';
  return html`${heading}${s.paragraphs.map((p, i) => html`<p>${withMarks(zh(p), off + (s.paragraphStarts[i] ?? 0), ev)}</p>`)}`;
}

/** The runs of "title\nbody" the page shows as text, in order: where evidence marks can go. */
function segments(title: string, sections: readonly LocatedSection[]): Segment[] {
  const off = title.length + 1;
  const out: Segment[] = [{ start: 0, end: title.length }];
  for (const s of sections) {
    if (s.titleStart !== null) out.push({ start: off + s.titleStart, end: off + s.titleStart + s.title.length });
    s.paragraphs.forEach((p, i) => out.push({ start: off + (s.paragraphStarts[i] ?? 0), end: off + (s.paragraphStarts[i] ?? 0) + p.length }));
  }
  return out;
}

/** Nested lists from heading levels: each heading holds the deeper ones after it. */
function tocList(sections: readonly Section[], level: number): Html {
  const items: Html[] = [];
  for (let i = 0; i < sections.length; i++) {
    const s = sections[i];
    if (!s || s.level !== level) continue;
    let j = i + 1;
    while (j < sections.length && (sections[j]?.level ?? 0) > level) j++;
    const inner = sections.slice(i + 1, j);
    const deeper = inner.length ? Math.min(...inner.map((x) => x.level)) : 0;
    items.push(html`<li><a href="#${s.id}">${zh(s.marker + s.title)}</a>${inner.length ? html`<ol>${tocList(inner, deeper)}</ol>` : ''}</li>`);
    i = j - 1;
  }
  return html`${items}`;
}

function toc(sections: readonly Section[]): Html {
  const headings = sections.filter((s) => s.level > 0);
  const top = Math.min(...headings.map((s) => s.level));
  return html`<nav class="toc" aria-label="${t('目录')}"><h2>${t('目录')}</h2><ol${zhLang()}>${tocList(headings, top)}</ol></nav>`;
}

/** The article; with its stored facts, the 要点 panel whose facts link to marks in the text. */
export interface ArticleProjectLink {
  readonly id: number;
  readonly name: string;
  readonly kind: 'group' | 'single';
  readonly detail: string;
}

/** The projects the article reports, as the 项目库 holds them (after the text, so they read as a summary). */
function projectLinks(list: readonly ArticleProjectLink[]): Html | string {
  if (list.length === 0) return '';
  return html`<section class="article-projects" aria-labelledby="article-projects"><h2 id="article-projects">${t('项目库中的项目')}</h2><ul>${list.map(
    (p) => html`<li><a href="/projects/${p.id}">${zhText(zh(p.name))}</a>${p.detail ? html` <span class="muted">${p.detail}</span>` : ''}</li>`,
  )}</ul></section>`;
}

export function articlePage(a: ArticleDetail, facts?: Facts | null, projects: readonly ArticleProjectLink[] = []): Html {
  // Located again from the body (cheap) rather than carried in ArticleDetail, whose sections the API serves.
  const sections = locateSections(a.body);
  const ev = facts ? planEvidence(`${a.title}\n${a.body}`, segments(a.title, sections), evidenceSpans(facts)) : null;
  const off = a.title.length + 1;
  return html`${crumbs(a.regionPath)}
<article>
<h1${zhLang()}><span class="tag">${tagLabel(a)}</span>${withMarks(zh(a.title), 0, ev)}</h1>
<p class="meta">${t('地区：')}<a href="/regions/${a.region.code}">${placeName(a.region)}</a> · ${t('发布日期：')}<time datetime="${a.publishedAt}">${a.publishedAt}</time></p>
${a.sourceNote ? html`<p class="notice" role="note">${t('原文说明：')}${zhText(a.sourceNote)}</p>` : ''}
${facts ? factsPanel(facts, ev) : ''}
${a.toc ? toc(a.sections) : ''}
<div class="body"${zhLang()}>${sections.map((s) => sectionHtml(s, off, ev))}</div>
${projectLinks(projects)}
</article>`;
}

function tree(nodes: readonly RegionNode[], root = true): Html {
  const items = nodes.map(
    (n) => html`<li${n.articleCount === 0 ? html` class="empty"` : ''}><a href="/regions/${n.code}">${placeName(n)}</a> <span class="count">(${n.articleCount})</span>${n.children.length ? tree(n.children, false) : ''}</li>`,
  );
  return root ? html`<ul class="tree">${items}</ul>` : html`<ul>${items}</ul>`;
}

export function regionsPage(v: { roots: readonly RegionNode[] }): Html {
  return html`<h1>${t('按地区浏览')}</h1>
<p class="muted">${t('括号内为文章数（含下级地区）。')}</p>
${tree(v.roots)}`;
}

export function regionPage(v: {
  region: RegionRef;
  path: readonly RegionRef[];
  children: readonly RegionNode[];
  items: readonly ArticleItem[];
  page: PageInfo;
  /** The region's project figures (first page only). */
  figures?: Html;
}): Html {
  const name = placeName(v.region);
  return html`${crumbs(v.path.slice(0, -1), name)}
<h1>${t('{region}招商资讯', { region: name })}</h1>
${v.figures ?? ''}
${v.children.length ? html`<ul class="children" aria-label="${t('下级地区')}">${v.children.map((c) => html`<li${c.articleCount === 0 ? html` class="empty"` : ''}><a href="/regions/${c.code}">${placeName(c)}</a> <span class="count">(${c.articleCount})</span></li>`)}</ul>` : ''}
${newsList(v.items)}
${pager(v.page, (n) => (n === 1 ? `/regions/${v.region.code}` : `/regions/${v.region.code}?page=${n}`))}`;
}

export function errorPage(v: { status: number; message: string }): Html {
  // The message was written in Chinese where the error arose (the API sends it so): translated here.
  return html`<div class="error-page"><h1>${v.status === 404 ? t('页面不存在') : t('出错了')}</h1><p>${translateMarked(v.message)}</p><p><a href="/">${t('返回首页')}</a></p></div>`;
}
