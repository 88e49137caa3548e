// Two instances of the app on one PostgreSQL database share their rate limits (rate_limits,
// migration 0008): form posts count per route and client for the site, and the open API's
// per-IP budget is the site's within about a second (instances report their hits every second).
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { boot, type Runtime } from '../../src/boot.js';
import { loadConfig } from '../../src/config.js';
import { FORM_RATE_LIMIT } from '../../src/features/submissions/routes.js';
import { FormClient } from '../helpers/client.js';
import { startPostgres, withPgClient, type PgCluster } from '../helpers/postgres.js';
import { tempDir } from '../helpers/app.js';

let cluster: PgCluster;
const instances: { runtime: Runtime; app: FastifyInstance }[] = [];
const dir = tempDir();
const API_LIMIT = 10;

async function instance(): Promise<FastifyInstance> {
  const config = loadConfig({ DATABASE_URL: cluster.url, AUTO_MIGRATE: 'true', LOG_LEVEL: 'silent', API_RATE_LIMIT: String(API_LIMIT), UPLOAD_DIR: path.join(dir, 'uploads') });
  const runtime = await boot(config);
  const app = await buildApp({ config, ...runtime, cachePollMs: 100 });
  await app.ready();
  instances.push({ runtime, app });
  return app;
}

let a: FastifyInstance;
let b: FastifyInstance;
beforeAll(async () => {
  cluster = await startPostgres();
  a = await instance();
  b = await instance();
}, 60_000);
afterAll(async () => {
  for (const i of instances) {
    await i.app.close();
    await i.runtime.database.close();
  }
  cluster?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Waits until the site's count for `key` in rate_limits reaches `n` — an instance has reported —
 * then a moment for the reporting instance to take in the totals it got back. Fixed sleeps of one
 * report interval failed when a loaded machine ran the reporter's timer late.
 */
async function reported(key: string, n: number): Promise<void> {
  const started = Date.now();
  for (;;) {
    const hits = await withPgClient(cluster.url, async (c) => Number((await c.query<{ hits: string }>('select hits from rate_limits where key = $1', [key])).rows[0]?.hits ?? 0));
    if (hits >= n) break;
    if (Date.now() - started > 15_000) throw new Error(`rate_limits ${key}: ${hits} hits, expected ${n}`);
    await sleep(100);
  }
  await sleep(200);
}

describe('limits shared by two instances', () => {
  it('form posts: the limit is per client for the site, whichever instance takes the post', async () => {
    const ip = '10.20.0.1';
    const codes: number[] = [];
    for (let i = 0; i < FORM_RATE_LIMIT.max; i++) {
      // Alternating instances, each post with its own CSRF pair from the same instance.
      const client = new FormClient(i % 2 ? b : a, ip);
      codes.push((await client.post('/contact', { name: `甲${i}`, contact: 'a@example.com', subject: '共享限流', message: '两台实例共用一个提交次数上限。' })).statusCode);
    }
    expect(codes.every((c) => c !== 429)).toBe(true);
    const over = await new FormClient(a, ip).post('/contact', { name: '乙', contact: 'a@example.com', subject: '共享限流', message: '第六次，超过上限。' });
    expect(over.statusCode).toBe(429);
    expect(over.body).toContain('提交太频繁');
    // Another client is not affected.
    expect((await new FormClient(b, '10.20.0.2').get('/contact')).statusCode).toBe(200);
  });

  it('the open API: hits through one instance count against the budget on the other', async () => {
    const ip = '10.20.1.1';
    const get = (app: FastifyInstance) => app.inject({ url: '/api/v1/regions', remoteAddress: ip });
    for (let i = 0; i < 6; i++) expect((await get(a)).statusCode).toBe(200);
    await reported(`api ${ip}`, 6); // a reports its six hits
    expect((await get(b)).statusCode).toBe(200);
    await reported(`api ${ip}`, 7); // b reports its one and learns the site's seven
    const codes: number[] = [];
    for (let i = 0; i < 4; i++) codes.push((await get(b)).statusCode);
    expect(codes).toEqual([200, 200, 200, 429]);
    const r = await get(b);
    expect(r.json().error.code).toBe('rate_limited');
  });
});
