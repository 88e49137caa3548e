// 联系我们 end to end over HTTP: the form, its errors, abuse controls, and the back-office inbox.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/features/auth/passwords.js';
import { insertUser } from '../../src/features/auth/repository.js';
import { challengeAnswerHash } from '../../src/features/submissions/challenge.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { FormClient } from '../helpers/client.js';

let t: TestApp;
let ipSeq = 0;
/** Each visitor its own IP, so the hourly challenge and the rate limit start fresh. */
const visitor = () => new FormClient(t.app, `10.8.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`);
const EDITOR = { email: 'editor@example.org', password: 'editor-password-1' };
const COMPANY = { email: 'company@example.org', password: 'company-password-1' };
let editorId = 0;

const goodMessage = {
  name: '李女士',
  organization: '长沙某科技有限公司',
  contact: 'li@example.com',
  subject: '咨询长沙经开区用地政策',
  message: '我们计划在长沙投资建设研发中心，想了解经开区的用地和厂房政策。',
};

beforeAll(async () => {
  t = await buildTestApp();
  editorId = await insertUser(t.runtime.database.db, { email: EDITOR.email, passwordHash: await hashPassword(EDITOR.password), role: 'editor', name: '编辑甲' });
  await insertUser(t.runtime.database.db, { email: COMPANY.email, passwordHash: await hashPassword(COMPANY.password), role: 'company', name: '企业用户' });
});
afterAll(async () => {
  await t.close();
});

async function countMessages(): Promise<number> {
  const r = await t.runtime.database.db.selectFrom('contact_messages').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function send(client: FormClient, fields: Record<string, string>) {
  return client.post('/contact', fields);
}

async function login(who: { email: string; password: string }): Promise<FormClient> {
  const client = visitor();
  expect((await client.post('/login', who)).statusCode).toBe(303);
  return client;
}

async function newMessage(fields: Partial<typeof goodMessage> = {}): Promise<number> {
  const subject = fields.subject ?? `留言 ${++ipSeq}`;
  expect((await send(visitor(), { ...goodMessage, ...fields, subject })).statusCode).toBe(303);
  const row = await t.runtime.database.db.selectFrom('contact_messages').select('id').where('subject', '=', subject).orderBy('id', 'desc').executeTakeFirstOrThrow();
  return Number(row.id);
}

describe('the contact page', () => {
  it("shows the operator's details and the form", async () => {
    const res = await visitor().get('/contact');
    expect(res.statusCode).toBe(200);
    const main = res.body.slice(res.body.indexOf('<main'), res.body.indexOf('</main>'));
    for (const v of Object.values(t.config.site.contact)) expect(main).toContain(v);
    for (const name of Object.keys(goodMessage)) expect(main).toContain(`id="f-${name}"`);
    expect(main).toContain('name="_csrf"');
    expect(main).toContain('name="website"');
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('sends a message: exactly one row, a redirect to the thank-you page', async () => {
    const before = await countMessages();
    const res = await send(visitor(), { ...goodMessage, contact: ' LI@Example.COM ' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/contact/sent');
    expect(await countMessages()).toBe(before + 1);
    const row = await t.runtime.database.db.selectFrom('contact_messages').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row).toMatchObject({ ...goodMessage, contact: 'LI@example.com', status: 'new', handled_at: null, handled_by: null });
    const sent = await t.app.inject({ method: 'GET', url: '/contact/sent' });
    expect(sent.statusCode).toBe(200);
    expect(sent.body).toContain('留言已收到');
  });

  it('the organization may be left empty', async () => {
    const before = await countMessages();
    expect((await send(visitor(), { ...goodMessage, organization: '' })).statusCode).toBe(303);
    expect(await countMessages()).toBe(before + 1);
    const row = await t.runtime.database.db.selectFrom('contact_messages').select('organization').orderBy('id', 'desc').executeTakeFirstOrThrow();
    expect(row.organization).toBeNull();
  });

  it.each([
    ['name', '', '请填写称呼'],
    ['name', '   ', '请填写称呼'],
    ['name', '名'.repeat(51), '称呼最多 50 个字'],
    ['organization', '单'.repeat(101), '单位最多 100 个字'],
    ['contact', '', '请填写手机号码、座机号码或电子邮箱'],
    ['contact', '12345', '电话号码格式不对'],
    ['contact', 'li@example', '电子邮箱格式不对'],
    ['subject', '', '请填写主题'],
    ['subject', '题'.repeat(101), '主题最多 100 个字'],
    ['message', '', '请填写留言内容'],
    ['message', '太短了', '留言内容至少 5 个字'],
    ['message', '长'.repeat(5001), '留言内容最多 5000 个字'],
  ])('%s = %j: a message beside the field, the rest kept, nothing stored', async (name, value, message) => {
    const before = await countMessages();
    const res = await send(visitor(), { ...goodMessage, [name]: value });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(new RegExp(`id="f-${name}-error">[^<]*${message}`));
    expect(res.body).toContain('有 1 处需要修改');
    for (const [k, v] of Object.entries(goodMessage)) if (k !== name) expect(res.body).toContain(v);
    expect(await countMessages()).toBe(before);
  });

  it('a missing field is an error beside it, not a crash', async () => {
    const { subject: _omitted, ...rest } = goodMessage;
    const res = await send(visitor(), rest);
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/id="f-subject-error">请填写主题/);
  });

  it('without a CSRF token: 403, nothing stored', async () => {
    const before = await countMessages();
    const res = await visitor().post('/contact', goodMessage, { noCsrf: true });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('表单已过期或来源不明');
    expect(await countMessages()).toBe(before);
  });

  it('a filled honeypot looks like success and stores nothing', async () => {
    const before = await countMessages();
    const res = await send(visitor(), { ...goodMessage, website: 'http://spam.example' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/contact/sent');
    expect(await countMessages()).toBe(before);
  });

  it('asks a challenge of an IP that sent in the last hour, and accepts the right answer once', async () => {
    const client = visitor();
    expect((await send(client, goodMessage)).statusCode).toBe(303);
    const before = await countMessages();
    const form = await client.get('/contact');
    expect(form.body).toContain('请输入图中的字符');
    const id = form.body.match(/name="challenge_id" value="([0-9a-f]{32})"/)?.[1] ?? '';
    await t.runtime.database.db.updateTable('challenges').set({ answer_hash: challengeAnswerHash(id, 'ab3d') }).where('id', '=', id).execute();
    const wrong = await client.post('/contact', { ...goodMessage, challenge_id: id, challenge: 'zzzz', _csrf: FormClient.csrf(form.body) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toMatch(/id="f-challenge-error">图中字符没有填对/);
    expect(wrong.body).toContain(goodMessage.message);
    const form2 = await client.get('/contact');
    const id2 = form2.body.match(/name="challenge_id" value="([0-9a-f]{32})"/)?.[1] ?? '';
    await t.runtime.database.db.updateTable('challenges').set({ answer_hash: challengeAnswerHash(id2, 'ab3d') }).where('id', '=', id2).execute();
    const right = await client.post('/contact', { ...goodMessage, challenge_id: id2, challenge: 'AB3D', _csrf: FormClient.csrf(form2.body) });
    expect(right.statusCode).toBe(303);
    const reuse = await client.post('/contact', { ...goodMessage, challenge_id: id2, challenge: 'ab3d', _csrf: FormClient.csrf(form2.body) });
    expect(reuse.statusCode).toBe(400);
    expect(await countMessages()).toBe(before + 1);
  });

  it('over the rate limit: 429 with a zh-CN message and Retry-After', async () => {
    const client = visitor();
    let last;
    for (let i = 0; i < 7; i++) last = await client.post('/contact', { ...goodMessage, subject: '' });
    expect(last?.statusCode).toBe(429);
    expect(last?.headers['retry-after']).toBeDefined();
    expect(last?.body).toContain('提交太频繁');
  });
});

describe('the inbox', () => {
  it('sends an anonymous visitor to the login page', async () => {
    const id = await newMessage();
    for (const url of ['/admin/inbox', `/admin/inbox/${id}`]) {
      const res = await t.app.inject({ method: 'GET', url });
      expect(res.statusCode).toBe(303);
      expect(res.headers.location).toBe(`/login?next=${encodeURIComponent(url)}`);
    }
  });

  it('is closed to a company user: 403 on every route, nothing changes', async () => {
    const id = await newMessage();
    const client = await login(COMPANY);
    expect((await client.get('/admin/inbox')).statusCode).toBe(403);
    expect((await client.get(`/admin/inbox/${id}`)).statusCode).toBe(403);
    // The CSRF token of any page of this session will do; the role check must still refuse.
    const post = await client.post(`/admin/inbox/${id}/handled`, {}, { csrfFrom: '/contact' });
    expect(post.statusCode).toBe(403);
    expect(post.body).toContain('没有权限');
    const row = await t.runtime.database.db.selectFrom('contact_messages').select('status').where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('new');
  });

  it('lists new messages first, then handled ones, newest first within, with counts', async () => {
    const db = t.runtime.database.db;
    const stamp = '2001-01-01T00:00:00.000Z';
    // Four messages: two of them with the same time, so the id has to decide.
    const ids = [await newMessage({ subject: '排序甲' }), await newMessage({ subject: '排序乙' }), await newMessage({ subject: '排序丙' }), await newMessage({ subject: '排序丁' })];
    await db.updateTable('contact_messages').set({ created_at: stamp }).where('id', 'in', [ids[0]!, ids[1]!]).execute();
    await db.updateTable('contact_messages').set({ status: 'handled', handled_at: stamp, handled_by: editorId }).where('id', '=', ids[2]!).execute();
    const client = await login(EDITOR);
    const res = await client.get('/admin/inbox');
    expect(res.statusCode).toBe(200);
    const order = ['排序丁', '排序乙', '排序甲', '排序丙'].map((s) => res.body.indexOf(`>${s}</a>`));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const counts = await db.selectFrom('contact_messages').select(['status', (eb) => eb.fn.countAll<number>().as('n')]).groupBy('status').execute();
    const n = (s: string) => Number(counts.find((c) => c.status === s)?.n ?? 0);
    expect(res.body).toContain(`未处理 <strong>${n('new')}</strong> 条 · 已处理 ${n('handled')} 条`);
  });

  it('shows every field as text: markup in the input is escaped, never run', async () => {
    const xss = '<script>alert(1)</script>';
    const img = '<img src=x onerror=alert(1)>';
    const esc = (s: string) => s.replace(/</g, '&lt;').replace(/>/g, '&gt;');
    const clean = (body: string) => {
      expect(body).not.toContain('<script');
      expect(body).not.toContain('<img src=x');
    };
    // The contact field must be a phone or e-mail: markup there is refused, and shown escaped.
    const refused = await send(visitor(), { ...goodMessage, contact: xss });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toContain(`value="${esc(xss)}"`);
    clean(refused.body);

    const subject = `${xss}${img}`;
    const fields = { name: xss, organization: `${xss}${img}`, contact: goodMessage.contact, subject, message: `${xss}${img}\n\n第二段 ${xss}` };
    expect((await send(visitor(), fields)).statusCode).toBe(303);
    const row = await t.runtime.database.db.selectFrom('contact_messages').select('id').where('subject', '=', subject).executeTakeFirstOrThrow();
    const client = await login(EDITOR);
    const list = await client.get('/admin/inbox');
    const one = await client.get(`/admin/inbox/${row.id}`);
    expect(one.statusCode).toBe(200);
    clean(list.body);
    clean(one.body);
    expect(list.body).toContain(`>${esc(subject)}</a>`);
    expect(list.body).toContain(`${esc(xss)}（${esc(fields.organization)}）`);
    expect(one.body).toContain(`<title>${esc(subject)} · 后台`);
    expect(one.body).toContain(`<h1>${esc(subject)}</h1>`);
    expect(one.body).toContain(`<dd>${esc(xss)}</dd>`);
    expect(one.body).toContain(`<dd>${esc(fields.organization)}</dd>`);
    expect(one.body).toContain(`<p>${esc(xss + img)}</p><p>第二段 ${esc(xss)}</p>`);
  });

  it('an editor marks a message handled; it is logged, and a second time changes nothing', async () => {
    const id = await newMessage({ subject: '请回电话' });
    const client = await login(EDITOR);
    const page = await client.get(`/admin/inbox/${id}`);
    expect(page.body).toContain('标记为已处理');
    // Without a CSRF token: refused.
    expect((await client.post(`/admin/inbox/${id}/handled`, {}, { noCsrf: true })).statusCode).toBe(403);
    const res = await client.post(`/admin/inbox/${id}/handled`, {}, { csrfFrom: `/admin/inbox/${id}` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/inbox');
    const db = t.runtime.database.db;
    const row = await db.selectFrom('contact_messages').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row.status).toBe('handled');
    expect(row.handled_by).toBe(editorId);
    expect(Date.now() - Date.parse(row.handled_at ?? '')).toBeLessThan(60_000);
    const logs = await db.selectFrom('moderation_log').selectAll().where('action', '=', 'contact.handle').where('target_id', '=', id).execute();
    expect(logs).toHaveLength(1);
    expect(logs[0]).toMatchObject({ actor_id: editorId, target_type: 'contact_message' });
    expect((await client.get('/admin/log')).body).toContain('contact.handle');
    const after = await client.get(`/admin/inbox/${id}`);
    expect(after.body).toContain('已处理（编辑甲');
    expect(after.body).not.toContain('标记为已处理');

    expect((await client.post(`/admin/inbox/${id}/handled`, {}, { csrfFrom: '/admin/inbox' })).statusCode).toBe(303);
    expect(await db.selectFrom('moderation_log').select('id').where('action', '=', 'contact.handle').where('target_id', '=', id).execute()).toHaveLength(1);
  });

  it('an unknown or malformed id is 404', async () => {
    const client = await login(EDITOR);
    for (const url of ['/admin/inbox/999999', '/admin/inbox/abc', '/admin/inbox/0']) expect((await client.get(url)).statusCode).toBe(404);
    expect((await client.post('/admin/inbox/999999/handled', {}, { csrfFrom: '/admin/inbox' })).statusCode).toBe(404);
  });
});
