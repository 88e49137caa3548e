// What an article page tells crawlers and link previews in its <head>: Open Graph tags and a
// schema.org NewsArticle as JSON-LD. The page is cached without regard to the Host header, so
// absolute URLs (og:url, the JSON-LD url) appear only when PUBLIC_URL is set.
import type { Config } from '../../config.js';
import { html, jsonForScript, raw, type Html } from '../../html.js';
import type { ArticleDetail } from '../news/service.js';
import { chinaMidnightIso } from './feed.js';

/** A JSON-LD data block (see jsonForScript for why it is safe inside HTML). */
export function jsonLd(data: unknown): Html {
  return html`<script type="application/ld+json">${jsonForScript(data)}</script>`;
}

export interface ArticleHeadDeps {
  readonly site: Config['site'];
  readonly publicUrl: string | undefined;
}

/** Open Graph and NewsArticle JSON-LD for one article. `updatedAt` is the row's last write (ISO). */
export function articleHead(deps: ArticleHeadDeps, a: ArticleDetail, updatedAt: string): Html {
  const url = deps.publicUrl ? deps.publicUrl + a.url : undefined;
  const published = chinaMidnightIso(a.publishedAt);
  // Never before publication: an article can be imported ahead of its date.
  const modified = Date.parse(updatedAt) > Date.parse(published) ? updatedAt : published;
  const ld = {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    headline: a.title,
    description: a.excerpt,
    datePublished: published,
    dateModified: modified,
    inLanguage: 'zh-CN',
    ...(url ? { url, mainEntityOfPage: { '@type': 'WebPage', '@id': url } } : {}),
    contentLocation: { '@type': 'Place', name: a.region.name },
    author: { '@type': 'Organization', name: deps.site.contact.org },
    publisher: { '@type': 'Organization', name: deps.site.name, ...(deps.publicUrl ? { url: `${deps.publicUrl}/` } : {}) },
  };
  return html`<meta property="og:type" content="article">
<meta property="og:title" content="${a.title}">
<meta property="og:description" content="${a.excerpt}">
${url ? html`<meta property="og:url" content="${url}">\n` : ''}<meta property="og:site_name" content="${deps.site.name}">
<meta property="og:locale" content="zh_CN">
<meta property="article:published_time" content="${published}">
<meta property="article:section" content="${a.region.name}">
${jsonLd(ld)}`;
}
