// buildApp: the portal as a Fastify instance. Tests build it and drive it with app.inject();
// server.ts builds it and listens.
import Fastify, { LogController, type FastifyInstance } from 'fastify';
import cookie from '@fastify/cookie';
import csrf from '@fastify/csrf-protection';
import formbody from '@fastify/formbody';
import multipart from '@fastify/multipart';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Config } from './config.js';
import type { Database } from './db/database.js';
import { AppError, sendError, toErrorView } from './errors.js';
import { readContentVersion } from './features/news/repository.js';
import { newsApi } from './features/news/api.js';
import { newsPages } from './features/news/pages.js';
import { regionPages } from './features/regions/pages.js';
import { feedRoutes } from './features/feeds/routes.js';
import { searchRoutes } from './features/search/routes.js';
import { authRoutes } from './features/auth/routes.js';
import { sessionHooks } from './features/auth/session.js';
import { loadStylesheet, systemRoutes } from './features/system/routes.js';
import type { Extractor } from './extraction/index.js';
import type { Gazetteer } from './regions/gazetteer.js';
import type { SearchIndex } from './search/search-index.js';
import type { Segmenter } from './search/segmenter.js';
import { errorPage } from './views/pages.js';
import { localeHooks, stripLanguage, withLocaleOf } from './i18n/locale.js';
import { t } from './i18n/messages.js';
import { renderPage, type AppContext } from './web/context.js';
import { PageCache } from './web/page-cache.js';
import { onReplica, readRoutingHooks, writePriorityHooks } from './web/read-routing.js';
import { databaseRateStore, memoryRateStore } from './web/shared-rate.js';
import { clearFault, currentFault, storageFault } from './db/storage-faults.js';
import { createMailer } from './mail/mailer.js';
import { purgeExpired } from './features/submissions/challenge.js';
import { submissionRoutes } from './features/submissions/routes.js';
import { adminRoutes } from './features/admin/routes.js';
import { adminUserRoutes } from './features/admin/users.js';
import { adminArticleRoutes } from './features/admin/articles.js';
import { enterpriseRoutes } from './features/enterprises/routes.js';
import { contactRoutes } from './features/contact/routes.js';
import { projectRoutes } from './features/projects/routes.js';
import { statsRoutes } from './features/stats/routes.js';
import { adminFactsRoutes } from './features/admin/facts.js';
import { adminProjectRoutes } from './features/admin/projects.js';
import { registerOpenApi } from './features/openapi/document.js';
import { apiPolicy } from './features/openapi/policy.js';
import { openApiRoutes } from './features/openapi/routes.js';
import { enterpriseApi } from './features/enterprises/api.js';

// 1,000 Chinese characters percent-encode to 9,000; a 10 kB query string is refused.
const MAX_URL_LENGTH = 10_000;

export interface AppDeps {
  readonly config: Config;
  readonly database: Database;
  readonly gazetteer: Gazetteer;
  readonly extractor: Extractor;
  readonly segmenter: Segmenter;
  readonly search: SearchIndex;
  /** How often to look for content written by other processes (ms). */
  readonly cachePollMs?: number;
}

// Validation messages people see are zh-CN; our own schemas say more where it helps.
z.config(z.locales.zhCN());

export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  // Set once the layout exists; framework errors before that (none in practice) get plain text.
  let renderErrorPage = (v: { status: number; message: string }) => `${v.status} ${v.message}`;
  const app = Fastify({
    logger: deps.config.logLevel === 'silent' ? false : { level: deps.config.logLevel },
    // A 10 kB query string is a bad request, not a crash; bodies are small until forms arrive.
    bodyLimit: 1024 * 1024,
    // One hop (our nginx): the client cannot choose its address with X-Forwarded-For.
    trustProxy: deps.config.trustProxy ? (_address: string, hop: number) => hop === 0 : false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // English pages: /en/… routes as /…; the language is read back from request.originalUrl.
    rewriteUrl: (req) => stripLanguage(req.url ?? '/'),
    logController: new LogController({ disableRequestLogging: deps.config.logLevel !== 'debug' && deps.config.logLevel !== 'trace' }),
    // A request line Node cannot parse (raw bytes in the URL…): a short zh-CN answer, no internals.
    clientErrorHandler: (_err, socket) => {
      const body = '请求格式不正确（网址中的中文等字符需要编码）。';
      if (socket.writable) socket.end(`HTTP/1.1 400 Bad Request\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`);
    },
    // Errors the router raises before any handler (broken percent-encoding…) get the same pages.
    frameworkErrors: (err, request, reply) => {
      void sendError(request, reply, toErrorView(err, request.method), (v) => withLocaleOf(request, () => renderErrorPage(v)));
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  await app.register(helmet, {
    contentSecurityPolicy: {
      directives: { defaultSrc: ["'self'"], scriptSrc: ["'self'"], styleSrc: ["'self'"], imgSrc: ["'self'", 'data:'], upgradeInsecureRequests: null },
    },
    hsts: false,
  });

  await app.register(cookie);
  await app.register(formbody, { bodyLimit: 256 * 1024 });
  // Multipart only for 企业入驻's licence; the upload store enforces 5 MB while streaming.
  await app.register(multipart, { limits: { fileSize: 6 * 1024 * 1024, files: 1, fields: 40, fieldSize: 20_000 } });
  // Double-submit CSRF: a secret in an httpOnly cookie, a token derived from it in every form.
  await app.register(csrf, { cookieOpts: { path: '/', httpOnly: true, sameSite: 'lax', secure: 'auto' }, getToken: (req) => (req.body as { _csrf?: string } | undefined)?._csrf });
  // Several instances on PostgreSQL: form and login limits count in the database, for the site.
  const shared = deps.database.info.name === 'postgres';
  await app.register(rateLimit, {
    global: false,
    ...(shared ? { store: databaseRateStore(deps.database.db), skipOnError: true } : { store: memoryRateStore() }),
    errorResponseBuilder: (_req, c) => Object.assign(new AppError('rate_limited', `提交太频繁，请 ${Math.ceil(c.ttl / 1000)} 秒后再试。`), { statusCode: 429 }),
  });
  // Open API: the OpenAPI document collects routes as they are added, and the /api read policy
  // (CORS, per-IP limit) is a root hook: both before any route.
  await registerOpenApi(app, deps.config);
  apiPolicy(app, deps.config.apiRateLimit, shared ? deps.database.db : null);

  const css = loadStylesheet();
  const cache = new PageCache(deps.config.pageCacheEntries);
  const ctx: AppContext = {
    config: deps.config,
    database: deps.database,
    gazetteer: deps.gazetteer,
    extractor: deps.extractor,
    segmenter: deps.segmenter,
    search: deps.search,
    cache,
    layout: { site: deps.config.site, publicUrl: deps.config.publicUrl, cssHref: css.href },
    mailer: createMailer({ smtpUrl: deps.config.smtpUrl, from: deps.config.mailFrom, logger: app.log }),
    log: app.log,
  };
  app.addHook('onClose', async () => ctx.mailer?.close());
  // Expired challenges, sessions and throttling rows: hourly.
  const purge = setInterval(() => void purgeExpired(deps.database.db).catch((err: unknown) => app.log.warn({ err }, 'purge failed')), 3_600_000);
  purge.unref();
  app.addHook('onClose', async () => clearInterval(purge));
  // With replicas, the version is read where pages are read: a page cached after a change is
  // never rendered from a replica that has not caught up with it.
  const readVersion = () => onReplica(() => readContentVersion(deps.database.db));
  await cache.checkVersion(readVersion);
  cache.startPolling(readVersion, deps.cachePollMs ?? 500, (err) => app.log.warn({ err }, 'content version poll failed'));
  app.addHook('onClose', async () => cache.stopPolling());

  const renderError = (v: { status: number; message: string }) =>
    renderPage(ctx, { title: `${v.status === 404 ? t('页面不存在') : t('出错了')} · ${t(deps.config.site.name)}` }, errorPage(v));
  renderErrorPage = renderError;

  app.setErrorHandler((err, request, reply) => {
    const view = toErrorView(err, request.method);
    // A database fault (down, full, read-only) fails every request alike: one line each, no stack.
    if (storageFault(err)) request.log.warn({ code: (err as { code?: unknown }).code, reason: (err as { message?: unknown }).message }, 'request refused: database unavailable');
    else if (view.status >= 500) request.log.error({ err }, 'request failed');
    else request.log.debug({ err }, 'request rejected');
    return sendError(request, reply, view, (v) => withLocaleOf(request, () => renderError(v)));
  });
  app.setNotFoundHandler((request, reply) => sendError(request, reply, toErrorView(new AppError('not_found')), (v) => withLocaleOf(request, () => renderError(v))));

  // The page's language for every view (i18n/locale.ts); before any hook that can fail.
  localeHooks(app);

  // No page of ours has a URL this long; refuse before any parsing or caching.
  app.addHook('onRequest', async (request) => {
    if (request.url.length > MAX_URL_LENGTH) throw new AppError('uri_too_long', `网址太长（超过 ${MAX_URL_LENGTH} 个字符）。`);
  });

  // A write that went through: whatever storage fault healthz was reporting is over.
  app.addHook('onResponse', (request, reply, done) => {
    if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400 && currentFault()) clearFault();
    done();
  });
  readRoutingHooks(app, deps.database.info.replicas);
  if (deps.database.info.pooled) writePriorityHooks(app);
  sessionHooks(app, ctx);

  // The route table, public site first.
  newsPages(app, ctx);
  regionPages(app, ctx);
  projectRoutes(app, ctx);
  statsRoutes(app, ctx);
  searchRoutes(app, ctx);
  submissionRoutes(app, ctx);
  contactRoutes(app, ctx);
  authRoutes(app, ctx);
  adminRoutes(app, ctx);
  adminUserRoutes(app, ctx);
  adminArticleRoutes(app, ctx);
  adminFactsRoutes(app, ctx);
  adminProjectRoutes(app, ctx);
  enterpriseRoutes(app, ctx);
  newsApi(app, ctx);
  enterpriseApi(app, ctx);
  openApiRoutes(app, ctx);
  feedRoutes(app, ctx);
  systemRoutes(app, ctx, css);

  return app;
}
