// Findings of the security review of the forms and the back office, one test each.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { hashPassword } from '../../src/features/auth/passwords.js';
import { insertUser, updateUser } from '../../src/features/auth/repository.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { FormClient } from '../helpers/client.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ TRUST_PROXY: '1' });
  await insertUser(t.runtime.database.db, { email: 'sec-editor@example.org', passwordHash: await hashPassword('sec-editor-password'), role: 'editor', name: '编辑庚' });
});
afterAll(async () => {
  await t.close();
});

describe('security review fixes', () => {
  it('parallel wrong passwords: at most five are even checked, the rest get 429', async () => {
    const client = new FormClient(t.app, '10.8.0.1');
    const token = FormClient.csrf((await client.get('/login')).body);
    const results = await Promise.all(
      Array.from({ length: 30 }, () => client.post('/login', { email: 'sec-editor@example.org', password: 'wrong-password', _csrf: token })),
    );
    const codes = results.map((r) => r.statusCode);
    expect(codes.filter((c) => c === 401).length).toBeLessThanOrEqual(5);
    expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(25);
  });

  /** 22 wrong logins through nginx (the peer 127.0.0.1), each with the X-Forwarded-For `forwardedFor(i)`, for a new account each time. */
  async function loginsThroughProxy(clientIp: string, forwardedFor: (i: number) => string): Promise<number[]> {
    const client = new FormClient(t.app, clientIp);
    const token = FormClient.csrf((await client.get('/login')).body);
    const codes: number[] = [];
    for (let i = 0; i < 22; i++) {
      const res = await t.app.inject({
        method: 'POST',
        url: '/login',
        payload: new URLSearchParams({ email: `nobody-${clientIp}-${i}@example.org`, password: 'x', _csrf: token }).toString(),
        headers: { 'content-type': 'application/x-www-form-urlencoded', cookie: `_csrf=${client.cookie('_csrf') ?? ''}`, 'x-forwarded-for': forwardedFor(i) },
        remoteAddress: '127.0.0.1',
      });
      codes.push(res.statusCode);
    }
    return codes;
  }

  it('behind the proxy, a forged left-most X-Forwarded-For does not give a new address', async () => {
    const codes = await loginsThroughProxy('10.8.0.2', (i) => `6.6.6.${i}, 10.9.9.9`);
    expect(codes.at(-1)).toBe(429); // all counted against 10.9.9.9, the address nginx saw
  });

  it('an IPv6 client cannot dodge the login failure count by changing addresses within its /64', async () => {
    const codes = await loginsThroughProxy('10.8.0.4', (i) => `2001:db8:77:1:${i.toString(16)}::${i + 1}`);
    expect(codes.slice(0, 20).every((c) => c === 401)).toBe(true);
    expect(codes.at(-1)).toBe(429);
  });

  it('a session ends 14 days after login however much it is used', async () => {
    const { db } = t.runtime.database;
    await insertUser(db, { email: 'sec-long@example.org', passwordHash: await hashPassword('sec-long-password'), role: 'editor', name: '编辑辛' });
    const client = new FormClient(t.app, '10.8.0.5');
    expect((await client.post('/login', { email: 'sec-long@example.org', password: 'sec-long-password' })).statusCode).toBe(303);
    expect((await client.get('/admin')).statusCode).toBe(200);
    const user = await db.selectFrom('users').select('id').where('email', '=', 'sec-long@example.org').executeTakeFirstOrThrow();
    // Used every day (expires_at kept in the future), but logged in 15 days ago.
    const day = 86_400_000;
    await db
      .updateTable('sessions')
      .set({ created_at: new Date(Date.now() - 15 * day).toISOString(), last_seen_at: new Date(Date.now() - 10 * 60_000).toISOString(), expires_at: new Date(Date.now() + 13 * day).toISOString() })
      .where('user_id', '=', user.id)
      .execute();
    const res = await client.get('/admin');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/login/);
    // A session 13 days old still works, and touching it does not take it past day 14.
    await db.updateTable('sessions').set({ created_at: new Date(Date.now() - 13 * day).toISOString() }).where('user_id', '=', user.id).execute();
    expect((await client.get('/admin')).statusCode).toBe(200);
    const s = await db.selectFrom('sessions').select(['created_at', 'expires_at']).where('user_id', '=', user.id).executeTakeFirstOrThrow();
    expect(Date.parse(s.expires_at) - Date.parse(s.created_at)).toBeLessThanOrEqual(14 * day);
  });

  it('/track answers 30 lookups a minute per client, then 429: tracking codes cannot be guessed by brute force', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 32; i++) {
      const res = await t.app.inject({ url: `/track?code=ZS-AAAA-${String(i).padStart(4, '0')}`, headers: { 'x-forwarded-for': '10.8.0.6' }, remoteAddress: '127.0.0.1' });
      statuses.push(res.statusCode);
    }
    expect(statuses.slice(0, 30).every((c) => c === 404)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('a disabled invited account is not brought back by its invite link', async () => {
    const { db } = t.runtime.database;
    const { randomBytes } = await import('node:crypto');
    const { tokenHash } = await import('../../src/features/auth/session.js');
    const { insertInvite } = await import('../../src/features/auth/repository.js');
    const id = await insertUser(db, { email: 'invited@example.org', passwordHash: null, role: 'editor', name: '待激活', status: 'invited' });
    const token = randomBytes(32).toString('base64url');
    await insertInvite(db, tokenHash(token), id, new Date(Date.now() + 3_600_000).toISOString());
    await updateUser(db, id, { status: 'disabled' });
    const client = new FormClient(t.app, '10.8.0.3');
    const res = await client.post(`/invite/${token}`, { password: 'a-good-password-1' }, { csrfFrom: '/login' });
    expect(res.statusCode).toBe(404);
    const user = await db.selectFrom('users').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(user.status).toBe('disabled');
  });

  it('login with a next= the redirect header cannot carry goes to /admin, not a 500', async () => {
    // Its own account: the parallel guesses above have locked sec-editor for 15 minutes.
    await insertUser(t.runtime.database.db, { email: 'sec-next@example.org', passwordHash: await hashPassword('sec-next-password'), role: 'editor', name: '编辑辛' });
    for (const next of ['/中', '/\u0001', `/${'a'.repeat(600)}`]) {
      const client = new FormClient(t.app, `10.8.1.${next.length % 200}`);
      const res = await client.post('/login', { email: 'sec-next@example.org', password: 'sec-next-password', next });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe('/admin');
    }
  });

  it('a broken multipart body on /join is a 400', async () => {
    const client = new FormClient(t.app, '10.8.0.5');
    await client.get('/join');
    for (const contentType of ['multipart/form-data', 'multipart/form-data; boundary=xx']) {
      const res = await t.app.inject({ method: 'POST', url: '/join', payload: '--xx\r\nContent-Disposition: form-data; name="a"\r\n\r\nb', headers: { 'content-type': contentType, cookie: `_csrf=${client.cookie('_csrf') ?? ''}` }, remoteAddress: '10.8.0.5' });
      expect(res.statusCode, contentType).toBeGreaterThanOrEqual(400);
      expect(res.statusCode, contentType).toBeLessThan(500);
    }
  });

  it('mail needs PUBLIC_URL: links in mail never come from a request Host header', () => {
    expect(() => loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525' })).toThrow(/PUBLIC_URL/);
    expect(loadConfig({ SMTP_URL: 'smtp://127.0.0.1:2525', PUBLIC_URL: 'https://zhaoshang.example' }).smtpUrl).toBe('smtp://127.0.0.1:2525');
  });
});
