// Request counters shared by the instances of one site (rate_limits, migration 0008), used on
// PostgreSQL. Forms and login: @fastify/rate-limit with a store that counts in the database (a
// few requests a minute per client: one upsert each). The open API: each instance counts in
// memory (policy.ts, ~0.1 µs a request) and every second adds its new hits to the shared row and
// reads back everyone's total, so a client's budget is the site's, give or take a second.
import type { FastifyRateLimitStore, FastifyRateLimitStoreCtor } from '@fastify/rate-limit';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';
import { outsideReadRoute } from '../db/read-routing.js';
import type { FixedWindowLimiter } from '../features/openapi/rate-window.js';

/** Rows per statement: far below PostgreSQL's 65,535 parameters. */
const BATCH = 500;

/** Adds hits to the shared counters (a newer window starts the count again); returns the totals. */
export async function addHits(db: Db, windowStart: number, hits: ReadonlyMap<string, number>): Promise<Map<string, number>> {
  const totals = new Map<string, number>();
  const rows = [...hits].map(([key, n]) => ({ key: key.slice(0, 200), window_start: windowStart, hits: n }));
  for (let i = 0; i < rows.length; i += BATCH) {
    const out = await db
      .insertInto('rate_limits')
      .values(rows.slice(i, i + BATCH))
      .onConflict((oc) =>
        oc.column('key').doUpdateSet({
          hits: sql`case when rate_limits.window_start = excluded.window_start then rate_limits.hits + excluded.hits
            when rate_limits.window_start < excluded.window_start then excluded.hits else rate_limits.hits end`,
          window_start: sql`case when rate_limits.window_start < excluded.window_start then excluded.window_start else rate_limits.window_start end`,
        }),
      )
      .returning(['key', 'hits'])
      .execute();
    for (const r of out) totals.set(r.key, Number(r.hits));
  }
  return totals;
}

export async function purgeRateLimits(db: Db, now = Date.now()): Promise<void> {
  await db.deleteFrom('rate_limits').where('window_start', '<', now - 86_400_000).execute();
}

interface RouteOptions {
  readonly routeInfo?: { readonly method?: string | string[]; readonly url?: string };
}

type IncrCallback = (err: Error | null, res?: { current: number; ttl: number }) => void;

/**
 * A @fastify/rate-limit store over rate_limits: one counter per route and client. (The plugin
 * hands child() the route's merged limit options, routeInfo among them; its types say otherwise.)
 */
export function databaseRateStore(db: Db): FastifyRateLimitStoreCtor {
  return class DatabaseRateStore implements FastifyRateLimitStore {
    private readonly route: string;

    constructor(opts: unknown = {}) {
      const options = opts as RouteOptions;
      const method = options.routeInfo?.method;
      this.route = `${Array.isArray(method) ? method.join(',') : (method ?? '')} ${options.routeInfo?.url ?? ''}`;
    }

    incr(key: string, cb: IncrCallback, timeWindow: number): void {
      const now = Date.now();
      const windowStart = now - (now % timeWindow);
      const k = `form ${this.route} ${key}`;
      // Not a write of the visitor's: it must not send their next pages to the primary.
      outsideReadRoute(() => addHits(db, windowStart, new Map([[k, 1]]))).then(
        (totals) => cb(null, { current: totals.get(k.slice(0, 200)) ?? 1, ttl: windowStart + timeWindow - now }),
        (err: unknown) => cb(err instanceof Error ? err : new Error(String(err))),
      );
    }

    child(routeOptions: unknown): FastifyRateLimitStore {
      return new DatabaseRateStore(routeOptions);
    }
  };
}

/** Keys a memory store keeps at most; past that a new window's keys start a fresh map. */
const MEMORY_KEYS = 100_000;

/**
 * The same fixed windows in memory, for a single process (SQLite). Not the plugin's LocalStore:
 * it hands every caller the same counter object, which the plugin reads after an await, so a
 * burst of parallel requests all saw the burst's final count — 30 parallel login posts were all
 * refused where 20 are allowed.
 */
export function memoryRateStore(): FastifyRateLimitStoreCtor {
  return class MemoryRateStore implements FastifyRateLimitStore {
    private readonly counts = new Map<string, { windowStart: number; hits: number }>();

    incr(key: string, cb: IncrCallback, timeWindow: number): void {
      const now = Date.now();
      const windowStart = now - (now % timeWindow);
      let c = this.counts.get(key);
      if (!c || c.windowStart !== windowStart) {
        if (!c && this.counts.size >= MEMORY_KEYS) this.counts.clear();
        this.counts.set(key, (c = { windowStart, hits: 0 }));
      }
      c.hits++;
      cb(null, { current: c.hits, ttl: windowStart + timeWindow - now });
    }

    child(): FastifyRateLimitStore {
      return new MemoryRateStore();
    }
  };
}

/** Every `everyMs`, reports the limiter's new hits under `prefix` and learns the site's totals. */
export function shareLimiter(db: Db, limiter: FixedWindowLimiter, prefix: string, everyMs: number, onError: (err: unknown) => void): () => void {
  let busy = false;
  const timer = setInterval(() => {
    if (busy) return;
    const { windowStart, hits } = limiter.drain();
    if (hits.size === 0) return;
    busy = true;
    const keyed = new Map([...hits].map(([k, n]) => [`${prefix} ${k}`, n]));
    addHits(db, windowStart, keyed)
      .then((totals) => limiter.learn(windowStart, new Map([...hits.keys()].map((k) => [k, totals.get(`${prefix} ${k}`.slice(0, 200)) ?? 0]))))
      .catch(onError)
      .finally(() => (busy = false));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
