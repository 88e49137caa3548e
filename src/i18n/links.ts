// English pages keep the reader in English: every internal link, form action and redirect gets the
// /en prefix. Views write plain paths (/regions/430100); an English page's rendered HTML is
// rewritten once in renderPage, and Location headers in an onSend hook (locale.ts).

/**
 * Paths that have one address in every language: files (a dot in the last segment: /rss.xml,
 * /stats.csv, /favicon.svg), the API, assets, and the back office, which is Chinese only.
 */
const SHARED = /^\/(?:api|assets|admin|account|logout)(?:[/?#]|$)|^\/[^?#]*\.[a-z0-9]+(?:[?#]|$)/i;

/** '/regions/430100?page=2' → '/en/regions/430100?page=2'; '/' → '/en/'; others unchanged. */
export function localizeUrl(url: string): string {
  if (!url.startsWith('/') || url.startsWith('//') || url.startsWith('/\\')) return url;
  if (/^\/en(?:[/?#]|$)/.test(url) || SHARED.test(url)) return url;
  return `/en${url}`;
}

const LINK = /(\s)(href|action)="(\/[^"]*)"/g;

/**
 * Prefixes href="/…" and action="/…" in markup we rendered. Safe on escaped user text: html``
 * writes every " in text as &quot;, so text cannot contain href="/.
 */
export function localizeLinks(markup: string): string {
  return markup.replace(LINK, (m, space: string, attr: string, url: string) => {
    const out = localizeUrl(url);
    return out === url ? m : `${space}${attr}="${out}"`;
  });
}
