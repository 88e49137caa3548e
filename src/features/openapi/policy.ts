// What holds for every read under /api: CORS for GET and HEAD (any origin, no credentials, the
// caching and rate-limit headers readable by scripts), the preflight that If-None-Match needs,
// and a per-IP rate limit with Retry-After. One synchronous onRequest hook rather than
// @fastify/cors and a rate-limit route hook: the policy is a few headers and a counter, it sits
// on the cached path of every API request, and it must answer errors (404, 429) too so a browser
// can read them. Registered before the routes, like every root hook here.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { AppError } from '../../errors.js';
import { clientKey, FixedWindowLimiter } from './rate-window.js';
import type { Db } from '../../db/database.js';
import { shareLimiter } from '../../web/shared-rate.js';

const EXPOSED = 'ETag, Retry-After, Content-Disposition, X-RateLimit-Limit, X-RateLimit-Remaining';
/** Request headers a cross-origin reader may send: revalidation and content negotiation. */
const ALLOWED_HEADERS = 'If-None-Match, If-Modified-Since, Accept, Accept-Language, Cache-Control';
const PREFLIGHT_MAX_AGE = 86_400;
/** The rate limit's window; the limit itself is config.apiRateLimit requests in it. */
export const API_RATE_WINDOW_MS = 60_000;
/** How often an instance reports its API hits to the others (shared mode). */
const SHARE_EVERY_MS = 1000;

/** `perMinute` 0 turns the rate limit off (a deployment behind its own limiter). */
/** `shared`: the database whose rate_limits the instances of the site share (PostgreSQL). */
export function apiPolicy(app: FastifyInstance, perMinute: number, shared: Db | null = null): void {
  const limiter = perMinute > 0 ? new FixedWindowLimiter(perMinute, API_RATE_WINDOW_MS) : null;
  if (limiter && shared) {
    const stop = shareLimiter(shared, limiter, 'api', SHARE_EVERY_MS, (err) => app.log.warn({ err }, 'sharing the API rate limit failed'));
    app.addHook('onClose', async () => stop());
  }
  const limitText = String(perMinute);

  app.addHook('onRequest', (request, reply, done) => {
    if (!request.url.startsWith('/api/')) return done();
    const method = request.method;
    if (method === 'OPTIONS') {
      preflight(reply);
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') return done();
    reply.header('access-control-allow-origin', '*').header('access-control-expose-headers', EXPOSED);
    if (!limiter) return done();
    const v = limiter.hit(clientKey(request.ip));
    // No X-RateLimit-* on answers within the budget: two more headers cost ~2 µs a request
    // (~4 % of the cached path, measured); the 429 says everything a client needs.
    if (v.allowed) return done();
    reply.header('retry-after', String(v.resetSeconds)).header('x-ratelimit-limit', limitText).header('x-ratelimit-remaining', '0');
    // errors.ts turns this into {"error":{"code":"rate_limited",…}} with the headers above kept.
    done(new AppError('rate_limited', `请求太频繁，请 ${v.resetSeconds} 秒后再试（每个 IP 每分钟最多 ${perMinute} 次）。`));
  });
}

/**
 * The preflight for any /api URL, answered in the hook (no route: the router has no OPTIONS
 * routes otherwise). Only reads are allowed, so a browser never sends a cross-origin write.
 */
function preflight(reply: FastifyReply): void {
  void reply
    .code(204)
    .header('access-control-allow-origin', '*')
    .header('access-control-allow-methods', 'GET, HEAD, OPTIONS')
    .header('access-control-allow-headers', ALLOWED_HEADERS)
    .header('access-control-max-age', String(PREFLIGHT_MAX_AGE))
    .header('cache-control', 'public, max-age=86400')
    .send();
}
