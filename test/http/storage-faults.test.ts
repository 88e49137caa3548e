// When the database cannot write: a form post gets a 503 with a zh-CN message that says why and
// that nothing was stored, pages and the API keep answering, /healthz names the problem, the
// database stays intact, and writes work again once the problem is gone. SQLite: query_only
// (a read-only database) and max_page_count (no room to grow: SQLITE_FULL, as on a full disk).
// PostgreSQL's codes (53100 disk full, 25006 read-only) map the same way (last test); live
// PostgreSQL faults (a cluster set read-only, a tablespace on a full tmpfs) are in
// test/cluster/pg-faults.test.ts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { FormClient } from '../helpers/client.js';

let t: TestApp;
let ipSeq = 0;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const message = (subject: string) => ({ name: '李女士', contact: 'li@example.com', subject, message: `关于${subject}的咨询，想了解用地和厂房政策。`.repeat(20) });

async function send(subject: string) {
  return new FormClient(t.app, `10.30.0.${++ipSeq}`).post('/contact', message(subject));
}

async function stored(subject: string): Promise<number> {
  const r = await t.runtime.database.db.selectFrom('contact_messages').select((eb) => eb.fn.countAll<number | string>().as('n')).where('subject', '=', subject).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function readsWork(): Promise<void> {
  for (const url of ['/', '/articles/1', '/regions/430100', '/search?q=桃源', '/api/v1/articles']) {
    expect((await t.app.inject({ url })).statusCode, url).toBe(200);
  }
}

async function expectRefused(subject: string, words: RegExp, health: RegExp): Promise<void> {
  const res = await send(subject);
  expect(res.statusCode).toBe(503);
  expect(res.headers['retry-after']).toBe('60');
  expect(res.body).toMatch(words);
  expect(res.body).toContain('没有保存');
  expect(res.body).not.toMatch(/SQLITE_|at \w+ \(|node_modules/);
  expect(await stored(subject)).toBe(0);
  await readsWork();
  const h = await t.app.inject({ url: '/healthz' });
  expect(h.statusCode).toBe(503);
  expect(h.json()).toMatchObject({ status: 'degraded', reads: 'ok' });
  expect(h.json().writes).toMatch(health);
}

async function expectHealthy(subject: string): Promise<void> {
  expect((await send(subject)).statusCode).toBe(303);
  expect(await stored(subject)).toBe(1);
  const h = await t.app.inject({ url: '/healthz' });
  expect(h.statusCode).toBe(200);
  expect(h.json().status).toBe('ok');
}

describe('SQLite', () => {
  it('a read-only database: 503 and a clear message, reads go on, healthz says read-only, then recovers', async () => {
    const writer = t.runtime.database.sqlite!.writer;
    writer.pragma('query_only = 1');
    try {
      await expectRefused('只读时的留言', /只读/, /read-only/);
    } finally {
      writer.pragma('query_only = 0');
    }
    await expectHealthy('恢复后的留言');
    expect(writer.pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('a full disk (no page to grow into): 503, nothing half-stored, healthz says disk full until a write succeeds', async () => {
    const writer = t.runtime.database.sqlite!.writer;
    writer.pragma('wal_checkpoint(TRUNCATE)');
    const pages = writer.pragma('page_count', { simple: true }) as number;
    writer.pragma(`max_page_count = ${pages}`);
    try {
      // Fill what free pages are left, then the next message cannot be stored.
      let status = 303;
      for (let i = 0; i < 200 && status === 303; i++) status = (await send(`填满磁盘 ${i}`)).statusCode;
      expect(status).toBe(503);
      await expectRefused('磁盘满时的留言', /存储空间已满/, /disk full/);
    } finally {
      writer.pragma('max_page_count = 1073741823');
    }
    // Still reported until a write goes through.
    expect((await t.app.inject({ url: '/healthz' })).json().writes).toMatch(/disk full/);
    await expectHealthy('空间恢复后的留言');
    expect(writer.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});

describe('error codes of both engines', () => {
  it('map to the fault they mean', async () => {
    const { storageFault } = await import('../../src/db/storage-faults.js');
    const f = (code: string) => storageFault(Object.assign(new Error('x'), { code }));
    expect([f('SQLITE_FULL'), f('SQLITE_READONLY'), f('SQLITE_READONLY_DBMOVED'), f('SQLITE_IOERR_WRITE'), f('SQLITE_BUSY')]).toEqual(['disk_full', 'read_only', 'read_only', 'io_error', 'busy']);
    expect([f('53100'), f('25006'), f('58030'), f('55P03'), f('23505'), f('SQLITE_CONSTRAINT')]).toEqual(['disk_full', 'read_only', 'io_error', 'busy', null, null]);
    // PostgreSQL down or restarting: refused, cut, shutting down, starting up; pg's own messages.
    // No connection made: nothing was sent. A connection that broke in use: perhaps during COMMIT.
    expect([f('ECONNREFUSED'), f('57P03'), f('08001')]).toEqual(['unreachable', 'unreachable', 'unreachable']);
    expect([f('ECONNRESET'), f('57P01'), f('57P02'), f('08006')]).toEqual(['connection_lost', 'connection_lost', 'connection_lost', 'connection_lost']);
    expect(storageFault(new Error('Connection terminated unexpectedly'))).toBe('connection_lost');
    expect(storageFault(new Error('timeout exceeded when trying to connect'))).toBe('unreachable');
    expect(storageFault(new Error('Connection to the mail server terminated'))).toBeNull();
  });

  it('say what was lost: a form post that nothing was stored, a page view only to try again', async () => {
    const { toErrorView } = await import('../../src/errors.js');
    const down = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' });
    const post = toErrorView(down, 'POST');
    expect(post).toMatchObject({ status: 503, code: 'unavailable' });
    expect(post.message).toContain('没有保存');
    expect(post.message).toContain('连接不上数据库');
    const get = toErrorView(down, 'GET');
    expect(get.status).toBe(503);
    expect(get.message).not.toContain('提交');
    expect(get.message).toContain('稍后刷新');
    // A connection lost mid-request: the write may have committed, and the message does not promise either way.
    const lost = toErrorView(Object.assign(new Error('Connection terminated unexpectedly'), {}), 'POST');
    expect(lost.status).toBe(503);
    expect(lost.message).toContain('可能已经保存，也可能没有');
    expect(lost.message).not.toContain('没有保存。');
    // Read-only: a page view (GET /contact showing the challenge) is not told it submitted anything.
    expect(toErrorView(Object.assign(new Error('x'), { code: '25006' }), 'GET').message).toBe('暂时无法打开此页：数据库目前只读（维护中），请稍后刷新重试。');
  });
});
