// The page's language, from its URL: /en/… is English, everything else zh-CN. Fastify's rewriteUrl
// strips the /en before routing (stripLanguage), so one route serves both; the request keeps its
// original URL (request.originalUrl), which is all localeOf() reads. Views learn the language from
// an AsyncLocalStorage set in the request's hooks (currentLang()), so t() works in any view without
// a language parameter threaded through every function.
import { AsyncLocalStorage } from 'node:async_hooks';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { localizeUrl } from './links.js';

export type Lang = 'zh-CN' | 'en';

/** /en, /en/…, /en?… — and not /english or the API (which has one address: /api/…). */
const EN_PREFIX = /^\/en(?=$|[/?])(?!\/api\/)/;

/** For Fastify's rewriteUrl: the URL without its language prefix ('/en' → '/'). */
export function stripLanguage(url: string): string {
  if (!EN_PREFIX.test(url)) return url;
  const rest = url.slice(3);
  return rest.startsWith('/') ? rest : `/${rest}`;
}

export function isEnglishUrl(url: string): boolean {
  return EN_PREFIX.test(url);
}

export function localeOf(request: FastifyRequest): Lang {
  return isEnglishUrl(request.originalUrl) ? 'en' : 'zh-CN';
}

interface LocaleStore {
  readonly lang: Lang;
  readonly request: FastifyRequest | null;
  /** Set by sendCached(): the page is stored for every URL with the same cache key. */
  cached: boolean;
}

const storage = new AsyncLocalStorage<LocaleStore>();

/** zh-CN outside a request (the CLI, mail, tests calling views directly). */
export function currentLang(): Lang {
  return storage.getStore()?.lang ?? 'zh-CN';
}

export function isEnglish(): boolean {
  return storage.getStore()?.lang === 'en';
}

/** Runs `fn` with the language (and page URL) of `request`: for code outside the hook chain. */
export function withLocaleOf<T>(request: FastifyRequest, fn: () => T): T {
  const store = storage.getStore();
  if (store?.request === request) return fn();
  return storage.run({ lang: localeOf(request), request, cached: false }, fn);
}

/** Runs `fn` in a language without a request (tests, previews). */
export function withLang<T>(lang: Lang, fn: () => T): T {
  return storage.run({ lang, request: null, cached: false }, fn);
}

export function markCached(): void {
  const store = storage.getStore();
  if (store) store.cached = true;
}

/**
 * The page's own URL without the language prefix, for the language switch and hreflang links.
 * A cached page is served for every URL with its cache key, so it may only carry the query
 * parameters its route validates (the key's parts), never whatever the first visitor typed.
 */
export function pageUrl(): string {
  const store = storage.getStore();
  const request = store?.request;
  if (!request) return '/';
  // A form's POST answers at the form's address: the other language's form, without the body.
  if (request.method !== 'GET' && request.method !== 'HEAD') return request.url.split('?')[0] ?? '/';
  const [pathname = '/', qs = ''] = request.url.split('?', 2);
  let pairs = qs.split('&').filter(Boolean);
  if (store.cached) {
    const known = request.routeOptions.schema?.querystring && request.query && typeof request.query === 'object' ? new Set(Object.keys(request.query)) : new Set<string>();
    pairs = pairs.filter((p) => known.has(safeDecode(p.split('=')[0] ?? '')));
  }
  return pairs.length ? `${pathname}?${pairs.join('&')}` : pathname;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s.replace(/\+/g, ' '));
  } catch {
    return s;
  }
}

/**
 * Enters the request's language in onRequest: callback hooks, so `done` — the later hooks, the
 * handler, the views — runs inside. Entered again in preValidation when it was lost: a body is read
 * from socket events, which need not run in the request's context (the guard of
 * @fastify/request-context; Node 20 with Fastify 5 keeps it, and test/unit/i18n.test.ts checks
 * a large form over a real socket). In English, redirects stay under /en (Location in onSend).
 */
export function localeHooks(app: FastifyInstance): void {
  const enter = (request: FastifyRequest, _reply: unknown, done: () => void) => {
    if (storage.getStore()?.request === request) return done();
    storage.run({ lang: localeOf(request), request, cached: false }, done);
  };
  app.addHook('onRequest', enter);
  app.addHook('preValidation', enter);
  app.addHook('onSend', (request, reply, payload, done) => {
    const location = reply.getHeader('location');
    if (typeof location === 'string' && localeOf(request) === 'en') reply.header('location', localizeUrl(location));
    done(null, payload);
  });
}
