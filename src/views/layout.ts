// The page frame: header with site name, navigation and the language switch, main content, footer
// with 联系我们. In the page's language (i18n/): the same frame serves / and /en/.
import type { Config } from '../config.js';
import { html, type Html, type Renderable } from '../html.js';
import { isEnglish, pageUrl } from '../i18n/locale.js';
import { localizeUrl } from '../i18n/links.js';
import { t, tc } from '../i18n/messages.js';
import { zhLang } from '../i18n/names.js';

export interface PageMeta {
  readonly title: string;
  readonly description?: string | undefined;
  readonly canonicalPath?: string | undefined;
  /** Which navigation item is current. */
  readonly nav?: 'home' | 'regions' | 'projects' | 'stats' | 'search' | 'submit' | 'admin' | undefined;
  // Feeds and crawler metadata (features/feeds).
  /** Feeds of this page besides the site's own (a region's RSS…). */
  readonly feeds?: readonly { readonly title: string; readonly href: string }[] | undefined;
  /** More <head> markup built by a feature: an article's Open Graph tags and JSON-LD. */
  readonly head?: Html | undefined;
}

export interface LayoutContext {
  readonly site: Config['site'];
  readonly publicUrl: string | undefined;
  readonly cssHref: string;
}

export function layout(ctx: LayoutContext, meta: PageMeta, content: Renderable): Html {
  const { site } = ctx;
  const en = isEnglish();
  // The layout's own links are written localized; the content arrives localized (renderPage).
  const u = en ? localizeUrl : (p: string) => p;
  const current = (k: PageMeta['nav']) => (meta.nav === k ? html` aria-current="page"` : '');
  // This page in both languages: the switch and the hreflang links (x-default: the Chinese page).
  const zhUrl = pageUrl();
  const enUrl = localizeUrl(zhUrl);
  // The back office and the API docs have one address (Chinese): no switch, no alternates.
  const bilingual = enUrl !== zhUrl;
  const base = ctx.publicUrl ?? '';
  // Without PUBLIC_URL the canonical link is the path, which a crawler resolves against the host it
  // asked: pages are cached regardless of the Host header, so a host must never be written into one.
  // Each language's page is its own canonical; hreflang ties the two together.
  const canonical = meta.canonicalPath ? html`<link rel="canonical" href="${base + u(meta.canonicalPath)}">` : '';
  // The default name has an English entry; a configured one is shown as configured.
  const siteName = t(site.name);
  const feeds = [{ title: `${siteName} · ${t('最新资讯')}`, href: '/rss.xml' }, ...(meta.feeds ?? [])];
  return html`<!doctype html>
<html lang="${en ? 'en' : 'zh-CN'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${meta.title}</title>
${meta.description ? html`<meta name="description" content="${meta.description}">` : ''}
${canonical}
${bilingual ? html`<link rel="alternate" hreflang="zh-CN" href="${base + zhUrl}">
<link rel="alternate" hreflang="en" href="${base + enUrl}">
<link rel="alternate" hreflang="x-default" href="${base + zhUrl}">
` : ''}${feeds.map((f) => html`<link rel="alternate" type="application/rss+xml" title="${f.title}" href="${f.href}">\n`)}<link rel="alternate" type="application/atom+xml" title="${siteName} · ${t('最新资讯')} (Atom)" href="/atom.xml">
${meta.head ?? ''}
<link rel="stylesheet" href="${ctx.cssHref}">
<link rel="icon" href="/favicon.svg" type="image/svg+xml">
</head>
<body>
<a class="skip" href="#main">${t('跳到正文')}</a>
<header class="site"><div class="wrap">
<a class="brand" href="${u('/')}"${/\p{Script=Han}/u.test(siteName) ? zhLang() : ''}>${siteName}</a>
<nav aria-label="${t('主导航')}"><a href="${u('/')}"${current('home')}>${t('首页')}</a><a href="${u('/regions')}"${current('regions')}>${tc('nav', '地区')}</a><a href="${u('/projects')}"${current('projects')}>${t('项目库')}</a><a href="${u('/stats')}"${current('stats')}>${t('统计')}</a><a href="${u('/search')}"${current('search')}>${t('搜索')}</a><a href="${u('/submit')}"${current('submit')}>${t('投稿')}</a></nav>
<form class="header-search" action="${u('/search')}" method="get" role="search" aria-label="${t('全站搜索')}"><label for="hq" class="visually-hidden">${t('搜索')}</label><input id="hq" type="search" name="q" placeholder="${t('搜索地区、行业、企业')}" maxlength="1000"><button type="submit">${t('搜索')}</button></form>
${bilingual ? html`<p class="lang-switch">${en ? html`<a href="${zhUrl}" hreflang="zh-CN" lang="zh-CN">中文</a> | <span aria-current="true">English</span>` : html`<span aria-current="true">中文</span> | <a href="${enUrl}" hreflang="en" lang="en">English</a>`}</p>` : ''}
</div></header>
<main id="main"><div class="wrap">
${content}
</div></main>
<footer class="site"><div class="wrap">
<h2 class="footer-title">${t('联系我们')}</h2>
<dl>
<dt>${t('单位')}</dt><dd${zhLang()}>${site.contact.org}</dd>
<dt>${t('电话')}</dt><dd>${site.contact.phone}</dd>
<dt>${t('邮箱')}</dt><dd><a href="mailto:${site.contact.email}">${site.contact.email}</a></dd>
<dt>${t('地址')}</dt><dd${zhLang()}>${site.contact.address}</dd>
</dl>
<p class="footer-links"><a href="${u('/submit')}">${t('点我投稿')}</a> · <a href="${u('/contact')}">${t('联系我们')}</a> · <a href="${u('/join')}">${t('企业入驻')}</a> · <a href="${u('/enterprises')}">${t('入驻企业')}</a> · <a href="${u('/track')}">${t('查询处理结果')}</a> · <a href="/api/docs">${t('开放接口')}</a> · <a href="/rss.xml">RSS</a> · <a href="${u('/login')}">${t('登录')}</a></p>
</div></footer>
</body>
</html>`;
}
