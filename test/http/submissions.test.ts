// 投稿 end to end over HTTP: the form, its errors, abuse controls, tracking, and the editor's decision.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/features/auth/passwords.js';
import { insertUser } from '../../src/features/auth/repository.js';
import { challengeAnswerHash } from '../../src/features/submissions/challenge.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { FormClient } from '../helpers/client.js';

let t: TestApp;
let ipSeq = 0;
/** Each visitor its own IP, so the hourly challenge and the rate limit start fresh. */
const visitor = () => new FormClient(t.app, `10.9.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`);
const EDITOR = { email: 'editor@example.org', password: 'editor-password-1' };

const goodTip = {
  title: '郴州某新材料项目签约',
  region: '431000',
  body: '郴州市日前与某新材料企业签约，项目总投资12亿元，建设年产5万吨新材料生产线。',
  source_url: 'https://example.org/news/1',
  name: '王先生',
  contact: '13800138000',
};

beforeAll(async () => {
  t = await buildTestApp();
  await insertUser(t.runtime.database.db, { email: EDITOR.email, passwordHash: await hashPassword(EDITOR.password), role: 'editor', name: '编辑甲' });
  await insertUser(t.runtime.database.db, { email: 'company@example.org', passwordHash: await hashPassword('company-password-1'), role: 'company', name: '企业用户' });
});
afterAll(async () => {
  await t.close();
});

async function countTips(): Promise<number> {
  const r = await t.runtime.database.db.selectFrom('submissions').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function submit(client: FormClient, fields: Record<string, string>) {
  return client.post('/submit', fields);
}

describe('the tip form', () => {
  it('sends a tip and shows a tracking code; /track says pending', async () => {
    const res = await submit(visitor(), goodTip);
    expect(res.statusCode).toBe(303);
    const code = decodeURIComponent(String(res.headers.location).split('code=')[1] ?? '');
    expect(code).toMatch(/^ZS-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    const track = await t.app.inject({ method: 'GET', url: `/track?code=${code}` });
    expect(track.body).toContain('等待审核');
    expect(track.body).toContain(goodTip.title);
  });

  it.each([
    ['title', '', '请填写标题'],
    ['region', '', '请选择地区'],
    ['region', '999999', '请选择地区'],
    ['body', '太短了', '正文至少 20 个字'],
    ['source_url', 'javascript:alert(1)', '来源网址应以 http:// 或 https:// 开头'],
    ['name', '', '请填写称呼'],
    ['contact', '12345', '手机'],
  ])('%s = %j: a message beside the field, the rest kept, nothing stored', async (name, value, message) => {
    const before = await countTips();
    const res = await submit(visitor(), { ...goodTip, [name]: value });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(new RegExp(`id="f-${name}-error">[^<]*${message}`));
    for (const [k, v] of Object.entries(goodTip)) if (k !== name && k !== 'region') expect(res.body).toContain(v);
    expect(await countTips()).toBe(before);
  });

  it('without a CSRF token: 403, nothing stored', async () => {
    const before = await countTips();
    const res = await visitor().post('/submit', goodTip, { noCsrf: true });
    expect(res.statusCode).toBe(403);
    expect(res.body).toContain('表单已过期或来源不明');
    expect(await countTips()).toBe(before);
  });

  it('a filled honeypot stores nothing', async () => {
    const before = await countTips();
    const res = await submit(visitor(), { ...goodTip, website: 'http://spam.example' });
    expect(res.statusCode).toBe(200);
    expect(await countTips()).toBe(before);
  });

  it('asks a challenge of an IP that sent in the last hour, and accepts the right answer once', async () => {
    const client = visitor();
    expect((await submit(client, goodTip)).statusCode).toBe(303);
    const form = await client.get('/submit');
    expect(form.body).toContain('请输入图中的字符');
    const id = form.body.match(/name="challenge_id" value="([0-9a-f]{32})"/)?.[1] ?? '';
    // The picture's text is random; give this challenge a known answer in the database.
    await t.runtime.database.db.updateTable('challenges').set({ answer_hash: challengeAnswerHash(id, 'ab3d') }).where('id', '=', id).execute();
    const wrong = await client.post('/submit', { ...goodTip, challenge_id: id, challenge: 'zzzz', _csrf: FormClient.csrf(form.body) });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('图中字符没有填对');
    const form2 = await client.get('/submit');
    const id2 = form2.body.match(/name="challenge_id" value="([0-9a-f]{32})"/)?.[1] ?? '';
    await t.runtime.database.db.updateTable('challenges').set({ answer_hash: challengeAnswerHash(id2, 'ab3d') }).where('id', '=', id2).execute();
    const right = await client.post('/submit', { ...goodTip, challenge_id: id2, challenge: 'AB3D', _csrf: FormClient.csrf(form2.body) });
    expect(right.statusCode).toBe(303);
    const reuse = await client.post('/submit', { ...goodTip, challenge_id: id2, challenge: 'ab3d', _csrf: FormClient.csrf(form2.body) });
    expect(reuse.statusCode).toBe(400);
  });

  it('over the rate limit: 429 with a zh-CN message and Retry-After', async () => {
    const client = visitor();
    let last;
    for (let i = 0; i < 7; i++) last = await client.post('/submit', { ...goodTip, title: '' });
    expect(last?.statusCode).toBe(429);
    expect(last?.headers['retry-after']).toBeDefined();
    expect(last?.body).toContain('提交太频繁');
  });
});

describe('login and roles', () => {
  it('the back office sends an anonymous visitor to the login page', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/admin/tips' });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fadmin%2Ftips');
  });

  it('a wrong password is 401; five per account in 15 minutes lock it with 429 and Retry-After', async () => {
    const client = visitor();
    const email = 'nobody@example.org';
    for (let i = 0; i < 5; i++) expect((await client.post('/login', { email, password: 'wrong-password' })).statusCode).toBe(401);
    const locked = await client.post('/login', { email, password: 'wrong-password' });
    expect(locked.statusCode).toBe(429);
    expect(locked.headers['retry-after']).toBe('900');
    expect(locked.body).toContain('登录失败次数太多');
  });

  it('login gives a new session id (no fixation); logout ends it', async () => {
    const client = visitor();
    await client.get('/login');
    const res = await client.post('/login', { email: EDITOR.email, password: EDITOR.password, next: '/admin' });
    expect(res.statusCode).toBe(303);
    const first = client.cookie('zs_session');
    expect(first).toBeDefined();
    await client.post('/login', { email: EDITOR.email, password: EDITOR.password });
    expect(client.cookie('zs_session')).not.toBe(first);
    expect((await t.app.inject({ method: 'GET', url: '/admin', headers: { cookie: `zs_session=${first}` } })).statusCode).toBe(303);
    expect((await client.get('/admin')).statusCode).toBe(200);
    await client.post('/logout', {}, { csrfFrom: '/admin' });
    expect((await client.get('/admin')).statusCode).toBe(303);
  });

  it('a company user cannot moderate', async () => {
    const client = visitor();
    await client.post('/login', { email: 'company@example.org', password: 'company-password-1' });
    expect((await client.get('/admin/tips')).statusCode).toBe(403);
  });

  it('next= never leaves the site', async () => {
    const client = visitor();
    const res = await client.post('/login', { email: EDITOR.email, password: EDITOR.password, next: '//evil.example/x' });
    expect(res.headers.location).toBe('/admin');
  });
});

describe('moderation', () => {
  async function editor(): Promise<FormClient> {
    const client = visitor();
    await client.post('/login', { email: EDITOR.email, password: EDITOR.password });
    return client;
  }
  async function newTip(fields: Partial<typeof goodTip> = {}): Promise<{ id: number; code: string }> {
    const res = await submit(visitor(), { ...goodTip, ...fields });
    const code = decodeURIComponent(String(res.headers.location).split('code=')[1] ?? '');
    const row = await t.runtime.database.db.selectFrom('submissions').select('id').where('tracking_code', '=', code).executeTakeFirstOrThrow();
    return { id: Number(row.id), code };
  }

  it('publishing makes an article at once on / and in search, logs it, and the sender sees it', async () => {
    const { id, code } = await newTip({ title: '郴州萤石精深加工项目落地', body: '郴州萤石精深加工项目今日签约落地，总投资8亿元，年产氟化工产品10万吨。' });
    const client = await editor();
    expect((await client.get('/admin/tips')).body).toContain('郴州萤石精深加工项目落地');
    const res = await client.post(`/admin/tips/${id}/publish`, { title: '郴州萤石精深加工项目签约落地', region: '431000', body: '郴州萤石精深加工项目今日签约落地，总投资8亿元。' }, { csrfFrom: `/admin/tips/${id}` });
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/articles\/\d+$/);
    expect((await t.app.inject({ method: 'GET', url: '/' })).body).toContain('郴州萤石精深加工项目签约落地');
    const search = (await t.app.inject({ method: 'GET', url: '/api/v1/search?q=萤石' })).json() as { total: number };
    expect(search.total).toBe(1);
    expect((await t.app.inject({ method: 'GET', url: `/track?code=${code}` })).body).toContain('已发布');
    expect((await client.get('/admin/log')).body).toContain('tip.publish');
    // Deciding twice is refused.
    const again = await client.post(`/admin/tips/${id}/publish`, { title: 'x', region: '431000', body: 'y' }, { csrfFrom: `/admin/tips/${id}` });
    expect(again.statusCode).toBe(409);
  });

  it('rejecting needs a reason, which the sender sees', async () => {
    const { id, code } = await newTip();
    const client = await editor();
    expect((await client.post(`/admin/tips/${id}/reject`, { reason: '' }, { csrfFrom: `/admin/tips/${id}` })).statusCode).toBe(400);
    expect((await client.post(`/admin/tips/${id}/reject`, { reason: '与招商引资无关' }, { csrfFrom: `/admin/tips/${id}` })).statusCode).toBe(303);
    const track = await t.app.inject({ method: 'GET', url: `/track?code=${code}` });
    expect(track.body).toContain('未采用');
    expect(track.body).toContain('与招商引资无关');
  });
});

describe('nothing lost', () => {
  it('50 concurrent tips all land, each exactly once', async () => {
    const before = await countTips();
    const titles = Array.from({ length: 50 }, (_, i) => `并发投稿第 ${i} 条`);
    const results = await Promise.all(titles.map((title) => submit(visitor(), { ...goodTip, title })));
    expect(results.map((r) => r.statusCode)).toEqual(titles.map(() => 303));
    expect(await countTips()).toBe(before + 50);
    const rows = await t.runtime.database.db.selectFrom('submissions').select('title').where('title', 'like', '并发投稿第%').execute();
    expect(rows.map((r) => r.title).sort()).toEqual([...titles].sort());
  });
});
