// Live storage faults on PostgreSQL (test/http/storage-faults.test.ts does SQLite, and the error
// codes of both engines): the server really refuses writes, and the app must answer as it does on
// SQLite — a form post gets a 503 with a zh-CN message that says why and that nothing was stored,
// pages, search and the API keep answering, /healthz names the problem, and writes work again
// once the problem is gone.
//   Read-only: ALTER SYSTEM SET default_transaction_read_only + pg_reload_conf(), which the app's
//   pooled sessions pick up at their next statement (25006). Cluster-wide, hence a cluster of
//   this file's own, never the shared one of the *-pg projects.
//   Disk full: contact_messages (heap, TOAST, indexes) moved to a tablespace on a 2 MB tmpfs that
//   a filler file then fills (53100, "could not extend file"). Mounting needs root (or
//   CAP_SYS_ADMIN): without it this test fails and says so; it is never skipped.
import { execFileSync } from 'node:child_process';
import { randomInt } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { buildApp } from '../../src/app.js';
import { boot, type Runtime } from '../../src/boot.js';
import { loadConfig } from '../../src/config.js';
import { ipHash } from '../../src/features/submissions/challenge.js';
import { tempDir } from '../helpers/app.js';
import { FormClient } from '../helpers/client.js';
import { startPostgres, type PgCluster } from '../helpers/postgres.js';

let cluster: PgCluster | undefined;
let runtime: Runtime | undefined;
let app: FastifyInstance;
/** A session of our own beside the app's pools (superuser: ALTER SYSTEM, tablespaces). */
let admin: pg.Client | undefined;
const dir = tempDir('zs-pgfault-');
/** The tmpfs mount point while mounted (afterAll unmounts it, after the cluster has stopped). */
let mounted: string | null = null;
/** What the app's pools said on console.warn (a connection the server ended, and so on). */
const warnings: string[] = [];
let ipSeq = 0;

beforeAll(async () => {
  const warn = console.warn.bind(console);
  vi.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    warnings.push(args.map(String).join(' '));
    warn(...args);
  });
  cluster = await startPostgres();
  // No page cache: every read below reaches PostgreSQL, not a page rendered before the fault.
  const config = loadConfig({ DATABASE_URL: cluster.url, AUTO_MIGRATE: 'true', LOG_LEVEL: 'silent', PAGE_CACHE_ENTRIES: '0', UPLOAD_DIR: path.join(dir, 'uploads') });
  runtime = await boot(config);
  app = await buildApp({ config, ...runtime, cachePollMs: 100 });
  await app.ready();
  admin = new pg.Client({ connectionString: cluster.url });
  await admin.connect();
  await admin.query('create extension amcheck');
}, 120_000);

afterAll(async () => {
  // Each step on its own: whatever failed, the cluster stops and then the tmpfs is unmounted.
  const steps: Array<[string, () => unknown]> = [
    ['admin session', () => admin?.end()],
    ['app', () => app?.close()],
    ['database', () => runtime?.database.close()],
    ['cluster', () => cluster?.stop()],
    ['tmpfs', () => mounted && unmount(mounted)],
    ['temp folder', () => fs.rmSync(dir, { recursive: true, force: true })],
  ];
  const failed: string[] = [];
  for (const [what, step] of steps) {
    try {
      await step();
    } catch (err) {
      failed.push(`${what}: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  vi.restoreAllMocks();
  if (failed.length > 0) throw new Error(`cleanup failed:\n${failed.join('\n')}`);
}, 60_000);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls fn until it returns true, or fails after ms saying what did not happen. */
async function within(ms: number, what: string, fn: () => Promise<boolean>): Promise<void> {
  const t0 = Date.now();
  while (!(await fn())) {
    if (Date.now() - t0 > ms) throw new Error(`not within ${ms} ms: ${what}`);
    await sleep(25);
  }
}

function db() {
  return runtime!.database.db;
}

const nextIp = () => `10.40.${Math.floor(++ipSeq / 250)}.${(ipSeq % 250) + 1}`;

/** A message of `chars` random CJK characters (3 bytes each in UTF-8, nothing for pglz to squeeze). */
function randomText(chars: number): string {
  let s = '';
  for (let i = 0; i < chars; i++) s += String.fromCharCode(0x4e00 + randomInt(0x9fa5 - 0x4e00));
  return s;
}

async function send(subject: string, body = `关于${subject}的咨询，想了解用地和厂房政策。`.repeat(20)) {
  const ip = nextIp();
  const res = await new FormClient(app, ip).post('/contact', { name: '李女士', contact: 'li@example.com', subject, message: body });
  return { res, ip };
}

async function stored(subject: string): Promise<number> {
  const r = await db().selectFrom('contact_messages').select((eb) => eb.fn.countAll<string>().as('n')).where('subject', '=', subject).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function allMessages(): Promise<number> {
  return Number((await admin!.query<{ n: string }>('select count(*) as n from contact_messages')).rows[0]!.n);
}

async function formPostsOf(ip: string): Promise<number> {
  return Number((await admin!.query<{ n: string }>('select count(*) as n from form_posts where ip_hash = $1', [ipHash(ip)])).rows[0]!.n);
}

async function readsWork(): Promise<void> {
  for (const url of ['/', '/articles/1', '/regions/430100', '/search?q=桃源', '/api/v1/articles']) {
    expect((await app.inject({ url })).statusCode, url).toBe(200);
  }
}

async function health(): Promise<{ status: number; body: Record<string, unknown> }> {
  const h = await app.inject({ url: '/healthz' });
  return { status: h.statusCode, body: h.json() };
}

/** A post refused for `words`; nothing of it stored; reads go on; healthz says `writes`. */
async function expectRefused(subject: string, words: RegExp, writes: RegExp, body?: string): Promise<void> {
  const before = await allMessages();
  const { res, ip } = await send(subject, body);
  expectRefusal(res, words);
  expect(await stored(subject)).toBe(0);
  expect(await allMessages()).toBe(before);
  // The form post is recorded only after the message: not that either.
  expect(await formPostsOf(ip)).toBe(0);
  await readsWork();
  const h = await health();
  expect(h.status).toBe(503);
  expect(h.body).toMatchObject({ status: 'degraded', database: 'postgres', reads: 'ok' });
  expect(h.body.writes).toMatch(writes);
}

function expectRefusal(res: { statusCode: number; headers: Record<string, unknown>; body: string }, words: RegExp): void {
  expect(res.statusCode, res.body.slice(0, 300)).toBe(503);
  expect(res.headers['retry-after']).toBe('60');
  expect(res.body).toMatch(words);
  expect(res.body).toContain('没有保存');
  expect(res.body).not.toMatch(/25006|53100|read-only transaction|could not extend|No space left|at \w+ \(|node_modules/);
}

async function expectHealthy(subject: string, body?: string): Promise<void> {
  const { res } = await send(subject, body);
  expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
  expect(await stored(subject)).toBe(1);
  const h = await health();
  expect(h.status).toBe(200);
  expect(h.body.status).toBe('ok');
}

/** The app's primary pool: which sessions answer `n` statements at once, and what each has for a setting. */
async function appSessions(n: number): Promise<Array<{ pid: number; ro: string }>> {
  const rows = await Promise.all(
    Array.from({ length: n }, () =>
      sql<{ pid: number; ro: string }>`select pg_backend_pid() as pid, current_setting('default_transaction_read_only') as ro from pg_sleep(0.05)`.execute(db()).then((r) => r.rows[0]!),
    ),
  );
  return rows;
}

/** The database is whole: every heap page and TOAST value of contact_messages, every index entry. */
async function expectIntact(): Promise<void> {
  const heap = await admin!.query(`select * from verify_heapam('contact_messages', check_toast => true)`);
  expect(heap.rows).toEqual([]);
  const indexes = await admin!.query<{ name: string }>(`select indexrelid::regclass::text as name from pg_index where indrelid = 'contact_messages'::regclass`);
  for (const { name } of indexes.rows) await admin!.query(`select bt_index_check($1::regclass, true)`, [name]);
}

function expectNoPoolTrouble(): void {
  expect(warnings.filter((w) => /连接断开|Connection terminated|terminat|ECONNRESET/i.test(w))).toEqual([]);
}

function unmount(point: string): void {
  for (let i = 0; ; i++) {
    try {
      execFileSync('umount', [point], { stdio: 'pipe' });
      break;
    } catch (err) {
      // Busy for a moment after PostgreSQL stopped: retry, then detach it rather than leave it.
      if (i < 20) {
        execFileSync('sleep', ['0.1']);
        continue;
      }
      execFileSync('umount', ['-l', point], { stdio: 'pipe' });
      throw new Error(`umount ${point} failed, detached it (umount -l): ${String((err as { stderr?: Buffer }).stderr ?? err)}`);
    }
  }
  mounted = null;
  fs.rmdirSync(point);
}

describe('PostgreSQL set read-only (default_transaction_read_only, cluster-wide)', () => {
  it('a form post gets 503 and a clear message, nothing is stored, reads go on, healthz says read-only; after RESET writes work again', async () => {
    await expectHealthy('只读之前的留言');
    // Sessions the pool holds now: they must pick the setting up, not only new ones.
    const before = await appSessions(4);
    expect(before.map((s) => s.ro)).toEqual(['off', 'off', 'off', 'off']);

    await admin!.query('alter system set default_transaction_read_only = on');
    await admin!.query('select pg_reload_conf()');
    await within(5_000, 'our own session sees the reload', async () => (await admin!.query<{ ro: string }>("select current_setting('default_transaction_read_only') as ro")).rows[0]?.ro === 'on');
    await within(5_000, "the app's pooled sessions see the reload", async () => (await appSessions(4)).every((s) => s.ro === 'on'));
    // The same backends as before the reload (no reconnect): held sessions took the setting.
    // (Not all four need be: the page cache's poll may hold one of them for a moment.)
    const after = await appSessions(4);
    expect(after.some((s) => before.some((b) => b.pid === s.pid)), `sessions before ${JSON.stringify(before)}, after ${JSON.stringify(after)}`).toBe(true);
    expect(after.every((s) => s.ro === 'on')).toBe(true);

    // healthz finds it before any write has failed (a look at the setting, no lock).
    const first = await health();
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({ status: 'degraded', reads: 'ok' });
    expect(first.body.writes).toMatch(/read-only/);

    await expectRefused('只读时的留言', /只读/, /read-only/);
    // A second post is refused the same way, not as a 500 from a session left in a bad state.
    await expectRefused('只读时的第二条留言', /只读/, /read-only/);

    // ALTER SYSTEM is no transaction's write: a session that is itself read-only now may run it.
    expect((await admin!.query<{ ro: string }>("select current_setting('default_transaction_read_only') as ro")).rows[0]?.ro).toBe('on');
    await admin!.query('alter system reset default_transaction_read_only');
    await admin!.query('select pg_reload_conf()');
    await within(5_000, "the app's pooled sessions see the reset", async () => (await appSessions(4)).every((s) => s.ro === 'off'));

    await expectHealthy('恢复读写后的留言');
    expect(await stored('只读时的留言')).toBe(0);
    expect(await stored('只读时的第二条留言')).toBe(0);
    await expectIntact();
    expectNoPoolTrouble();
  });
});

describe('PostgreSQL out of disk space (a tablespace on a full tmpfs)', () => {
  it('a form post gets 503 and a clear message, nothing is half stored, healthz says disk full until a write succeeds', async () => {
    const point = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-pgfull-'));
    const owner = process.getuid?.() === 0 ? execFileSync('id', ['-u', 'postgres']).toString().trim() + ':' + execFileSync('id', ['-g', 'postgres']).toString().trim() : null;
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m,mode=0700', 'tmpfs', point], { stdio: 'pipe' });
    } catch (err) {
      fs.rmdirSync(point);
      const why = String((err as { stderr?: Buffer }).stderr ?? err).trim();
      throw new Error(
        `cannot make a small filesystem for PostgreSQL to fill: \`mount -t tmpfs\` was refused (${why}). ` +
          `This test must run as root with CAP_SYS_ADMIN (uid ${process.getuid?.()}); in a container, give it --cap-add SYS_ADMIN or --privileged.`,
      );
    }
    mounted = point;
    if (owner) execFileSync('chown', [owner, point]);

    await admin!.query(`create tablespace small_disk location '${point}'`);
    // The table and its TOAST table move; its indexes do not, unless told one by one.
    await admin!.query('alter table contact_messages set tablespace small_disk');
    const indexes = await admin!.query<{ name: string }>(`select indexrelid::regclass::text as name from pg_index where indrelid = 'contact_messages'::regclass`);
    expect(indexes.rows.length).toBeGreaterThan(0);
    for (const { name } of indexes.rows) await admin!.query(`alter index ${name} set tablespace small_disk`);
    // Aborted rows stay dead (no autovacuum) so freed room cannot make a refused post pass later.
    await admin!.query('alter table contact_messages set (autovacuum_enabled = false, toast.autovacuum_enabled = false)');
    const where = await admin!.query<{ relname: string; relkind: string; spc: string | null }>(`
      select c.relname, c.relkind, t.spcname as spc from pg_class c left join pg_tablespace t on t.oid = c.reltablespace
      where c.oid in (select 'contact_messages'::regclass union select reltoastrelid from pg_class where oid = 'contact_messages'::regclass)
         or c.oid in (select indexrelid from pg_index where indrelid in (select 'contact_messages'::regclass union select reltoastrelid from pg_class where oid = 'contact_messages'::regclass))`);
    expect(where.rows.map((r) => r.relkind).sort()).toEqual([...'i'.repeat(indexes.rows.length + 1), 'r', 't'].sort());
    expect(where.rows.filter((r) => r.spc !== 'small_disk')).toEqual([]);

    // Room still: long messages are stored.
    const long = () => randomText(4_900);
    await expectHealthy('小磁盘上的留言', long());

    // Fill the rest of the filesystem with a file of our own, to the last byte it takes.
    const filler = path.join(point, 'filler');
    const fd = fs.openSync(filler, 'w');
    let filled = 0;
    try {
      for (const size of [65_536, 4_096, 512, 1]) {
        const chunk = Buffer.alloc(size, 0x5a);
        for (;;) {
          try {
            filled += fs.writeSync(fd, chunk);
          } catch (err) {
            if ((err as NodeJS.ErrnoException).code !== 'ENOSPC') throw err;
            break;
          }
        }
      }
    } finally {
      fs.closeSync(fd);
    }
    expect(filled).toBeGreaterThan(0);

    // What pages the table has left fill up; then PostgreSQL cannot extend it.
    let refused: Awaited<ReturnType<typeof send>> | null = null;
    let accepted = 0;
    for (let i = 0; i < 100 && !refused; i++) {
      const before = await allMessages();
      const subject = `填满磁盘 ${i}`;
      const sent = await send(subject, long());
      if (sent.res.statusCode === 303) {
        accepted++;
        expect(await stored(subject)).toBe(1);
        continue;
      }
      refused = sent;
      expectRefusal(sent.res, /存储空间已满/);
      expect(await stored(subject)).toBe(0);
      expect(await allMessages()).toBe(before);
      expect(await formPostsOf(sent.ip)).toBe(0);
    }
    // It is PostgreSQL's own disk-full error (53100) the app turned into that page.
    const direct = await admin!
      .query(`insert into contact_messages (name, contact, subject, message, status, created_at) values ('测试', 'x', '直接写入', $1, 'new', '2025-01-01')`, [long()])
      .then(() => null, (err: { code?: string; message?: string }) => err);
    expect(direct?.code, direct?.message).toBe('53100');
    expect(direct?.message).toMatch(/could not extend file .*No space left on device/);
    console.log(`tmpfs filled with ${filled} bytes; ${accepted} long message(s) still fitted, then: ${direct?.message}`);
    expect(refused, `all 100 long messages were stored on a full disk (${accepted})`).not.toBeNull();

    await expectRefused('磁盘满时的留言', /存储空间已满/, /disk full/, long());
    await expectIntact();

    // Room again. healthz still reports the fault until a write goes through.
    fs.rmSync(filler);
    const h = await health();
    expect(h.status).toBe(503);
    expect(h.body.writes).toMatch(/disk full/);
    await expectHealthy('空间恢复后的留言', long());
    expect(await stored('磁盘满时的留言')).toBe(0);
    await expectIntact();
    expectNoPoolTrouble();
  });
});
