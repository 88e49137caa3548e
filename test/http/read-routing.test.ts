// DATABASE_REPLICA_URLS: page and API reads go to a replica; writes, and the writer's reads for a
// few seconds after, go to the primary. Two databases of one throwaway cluster stand in for the
// primary and its replica here, with one article title changed on the "replica", so where each
// read went can be seen; test/cluster/ runs the real thing (streaming replication).
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { boot, type Runtime } from '../../src/boot.js';
import { loadConfig } from '../../src/config.js';
import type { FastifyInstance } from 'fastify';
import { FormClient } from '../helpers/client.js';
import { startPostgres, withPgClient, type PgCluster } from '../helpers/postgres.js';
import { tempDir } from '../helpers/app.js';

let cluster: PgCluster;
let runtime: Runtime;
let app: FastifyInstance;
let replicaUrl: string;
const dir = tempDir();

const onDb = withPgClient;

beforeAll(async () => {
  cluster = await startPostgres();
  const url = new URL(cluster.url);
  url.pathname = '/replica';
  replicaUrl = url.toString();
  await onDb(cluster.url, (c) => c.query('create database replica'));
  // The same demo content on both, then one title differs on the "replica".
  for (const u of [cluster.url, replicaUrl]) {
    const r = await boot(loadConfig({ DATABASE_URL: u, AUTO_MIGRATE: 'true', LOG_LEVEL: 'silent', UPLOAD_DIR: path.join(dir, 'uploads') }));
    await r.database.close();
  }
  await onDb(replicaUrl, (c) => c.query(`update articles set title = '【副本】副本里的标题' where id = 1`));
  const config = loadConfig({ DATABASE_URL: cluster.url, DATABASE_REPLICA_URLS: replicaUrl, LOG_LEVEL: 'silent', UPLOAD_DIR: path.join(dir, 'uploads') });
  runtime = await boot(config);
  app = await buildApp({ config, ...runtime, cachePollMs: 100 });
  await app.ready();
}, 60_000);

afterAll(async () => {
  await app?.close();
  await runtime?.database.close();
  cluster?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('reads from a replica', () => {
  it('a page and the API read from the replica', async () => {
    const page = await app.inject({ url: '/articles/1' });
    expect(page.body).toContain('副本里的标题');
    const api = await app.inject({ url: '/api/v1/articles/1' });
    expect(api.json().title).toContain('副本里的标题');
  });

  it('a write goes to the primary, and the writer then reads from the primary, past the page cache', async () => {
    const visitor = new FormClient(app, '10.9.0.1');
    const form = await visitor.get('/contact');
    expect(form.headers['set-cookie']?.toString() ?? '').not.toContain('zs_fresh');
    const sent = await visitor.post('/contact', { name: '李先生', contact: 'li@example.com', subject: '读写分离', message: '这条留言必须写到主库里，而不是副本。' });
    expect(sent.statusCode).toBeLessThan(400);
    expect(visitor.cookie('zs_fresh')).toBe('1');
    expect(sent.headers['set-cookie']?.toString()).toMatch(/zs_fresh=1; Max-Age=10/);
    const onPrimary = await onDb(cluster.url, (c) => c.query(`select count(*)::int as n from contact_messages where subject = '读写分离'`));
    const onReplica = await onDb(replicaUrl, (c) => c.query(`select count(*)::int as n from contact_messages where subject = '读写分离'`));
    expect([onPrimary.rows[0].n, onReplica.rows[0].n]).toEqual([1, 0]);
    // The writer: the primary's title, not cached.
    const mine = await visitor.get('/articles/1');
    expect(mine.body).not.toContain('副本里的标题');
    expect(mine.headers['cache-control']).toBe('no-store');
    // Everyone else: still the replica (and the page cache).
    expect((await app.inject({ url: '/articles/1' })).body).toContain('副本里的标题');
  });

  it('an editor logs in (a write) and moderates on the primary', async () => {
    const { hashPassword } = await import('../../src/features/auth/passwords.js');
    const { insertUser } = await import('../../src/features/auth/repository.js');
    await insertUser(runtime.database.db, { email: 'ed@example.org', passwordHash: await hashPassword('编辑的密码很长很长1'), role: 'editor', name: '编辑' });
    const editor = new FormClient(app, '10.9.0.2');
    expect((await editor.post('/login', { email: 'ed@example.org', password: '编辑的密码很长很长1' })).statusCode).toBe(303);
    // The session exists only on the primary: the next pages must read it there.
    const inbox = await editor.get('/admin');
    expect(inbox.statusCode).toBe(200);
  });
});

describe('a replica that does not answer', () => {
  it('is not an outage: the app starts, the primary serves the reads, /healthz says so', async () => {
    const config = loadConfig({ DATABASE_URL: cluster.url, DATABASE_REPLICA_URLS: 'postgres://zs@127.0.0.1:1/gone', LOG_LEVEL: 'silent', UPLOAD_DIR: path.join(dir, 'uploads') });
    const rt = await boot(config);
    const down = await buildApp({ config, ...rt, cachePollMs: 100 });
    try {
      const page = await down.inject({ url: '/articles/1' });
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('副本里的标题');
      expect((await down.inject({ url: '/search?q=桃源' })).statusCode).toBe(200);
      expect((await down.inject({ url: '/api/v1/articles' })).statusCode).toBe(200);
      expect((await down.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok', database: 'postgres', replicas: 1, replicasAnswering: 0 });
    } finally {
      await down.close();
      await rt.database.close();
    }
  });
});

describe('writers first', () => {
  it('a request that may write takes the next freed connection before waiting readers', async () => {
    const pg = (await import('pg')).default;
    const { WritersFirstPool } = await import('../../src/db/dialects/writers-first.js');
    const { withWritePriority } = await import('../../src/db/read-routing.js');
    const raw = new pg.Pool({ connectionString: cluster.url, max: 2 });
    const pool = new WritersFirstPool(raw, 2);
    try {
      const held = [await pool.connect(), await pool.connect()];
      const order: string[] = [];
      const take = (who: string) =>
        pool.connect().then(async (c) => {
          order.push(who);
          await c.query('select 1');
          c.release();
        });
      const waiting = [take('reader 1'), take('reader 2'), withWritePriority(() => take('writer'))];
      await new Promise((r) => setTimeout(r, 50));
      expect(pool.waiting).toEqual({ writers: 1, readers: 2 });
      for (const c of held) c.release();
      await Promise.all(waiting);
      expect(order[0]).toBe('writer');
      expect(order.slice(1).sort()).toEqual(['reader 1', 'reader 2']);
      // Every permit came back: two at once again, none waiting.
      const again = [await pool.connect(), await pool.connect()];
      expect(pool.waiting).toEqual({ writers: 0, readers: 0 });
      for (const c of again) c.release();
    } finally {
      await pool.end();
    }
  });

  it('a failed connect gives its permit back', async () => {
    const pg = (await import('pg')).default;
    const { WritersFirstPool } = await import('../../src/db/dialects/writers-first.js');
    const bad = new URL(cluster.url);
    bad.pathname = '/no_such_database';
    const pool = new WritersFirstPool(new pg.Pool({ connectionString: bad.toString(), max: 1 }), 1);
    try {
      await expect(pool.connect()).rejects.toThrow(/does not exist/);
      await expect(pool.connect()).rejects.toThrow(/does not exist/);
      expect(pool.waiting).toEqual({ writers: 0, readers: 0 });
    } finally {
      await pool.end();
    }
  });
});
