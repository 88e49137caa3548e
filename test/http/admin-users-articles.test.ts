// The back office's users and roles (admins only) and its article editor (editors and admins),
// over HTTP on a real SQLite database: role checks route by route, CSRF, field errors, the
// moderation log, and an article's way on and off /, region pages, its own page and search.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/features/auth/passwords.js';
import { findUserByEmail, insertUser } from '../../src/features/auth/repository.js';
import { todayInChina } from '../../src/features/admin/articles.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { FormClient } from '../helpers/client.js';

let t: TestApp;
let ipSeq = 0;
/** Each client its own IP, so per-IP login throttling never mixes tests. */
const client = () => new FormClient(t.app, `10.7.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`);

const ADMIN = { email: 'admin@example.org', password: 'admin-password-1' };
const EDITOR = { email: 'editor@example.org', password: 'editor-password-1' };
const COMPANY = { email: 'company@example.org', password: 'company-password-1' };
let adminId = 0;

const db = () => t.runtime.database.db;

beforeAll(async () => {
  t = await buildTestApp();
  adminId = await insertUser(db(), { email: ADMIN.email, passwordHash: await hashPassword(ADMIN.password), role: 'admin', name: '管理员甲' });
  await insertUser(db(), { email: EDITOR.email, passwordHash: await hashPassword(EDITOR.password), role: 'editor', name: '编辑甲' });
  await insertUser(db(), { email: COMPANY.email, passwordHash: await hashPassword(COMPANY.password), role: 'company', name: '企业用户' });
});
afterAll(async () => {
  await t.close();
});

async function login(who: { email: string; password: string }): Promise<FormClient> {
  const c = client();
  const res = await c.post('/login', { email: who.email, password: who.password });
  expect(res.statusCode, `login as ${who.email}`).toBe(303);
  return c;
}

async function userId(email: string): Promise<number> {
  return Number((await findUserByEmail(db(), email))?.id ?? 0);
}

async function count(table: 'users' | 'articles' | 'moderation_log'): Promise<number> {
  const r = await db().selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

async function searchTotal(q: string): Promise<number> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/search?q=${encodeURIComponent(q)}` });
  expect(res.statusCode).toBe(200);
  return (res.json() as { total: number }).total;
}

const get = (url: string) => t.app.inject({ method: 'GET', url });

describe('who may open what', () => {
  it('an editor cannot open /admin/users (403) nor post to it; an admin can', async () => {
    const editor = await login(EDITOR);
    expect((await editor.get('/admin/users')).statusCode).toBe(403);
    const post = await editor.post('/admin/users', { email: 'x@example.org', name: 'x', role: 'admin', password: 'long-enough-pw' }, { csrfFrom: '/admin/articles' });
    expect(post.statusCode).toBe(403);
    expect(await findUserByEmail(db(), 'x@example.org')).toBeUndefined();
    const changed = await editor.post(`/admin/users/${await userId(EDITOR.email)}`, { role: 'admin' }, { csrfFrom: '/admin/articles' });
    expect(changed.statusCode).toBe(403);
    expect((await findUserByEmail(db(), EDITOR.email))?.role).toBe('editor');
    expect((await editor.get('/admin')).body).not.toContain('href="/admin/users"');

    const admin = await login(ADMIN);
    const page = await admin.get('/admin/users');
    expect(page.statusCode).toBe(200);
    expect(page.headers['cache-control']).toBe('no-store');
    for (const s of [ADMIN.email, EDITOR.email, COMPANY.email, '编辑甲', '企业用户', '最近登录']) expect(page.body).toContain(s);
  });

  it('a company user gets 403 on the article editor, reading and writing', async () => {
    const company = await login(COMPANY);
    for (const url of ['/admin/articles', '/admin/articles/new', '/admin/articles/1/edit', '/admin/users']) expect((await company.get(url)).statusCode, url).toBe(403);
    const before = await count('articles');
    const res = await company.post('/admin/articles', { title: '企业越权发文', region: '430100', date: todayInChina(), body: '企业用户不应能发文章。' }, { csrfFrom: '/login' });
    expect(res.statusCode).toBe(403);
    expect(await count('articles')).toBe(before);
  });

  it('an anonymous visitor is sent to the login page, and a POST is refused', async () => {
    const res = await get('/admin/articles');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/login?next=%2Fadmin%2Farticles');
    expect((await get('/admin/users')).statusCode).toBe(303);
    const anon = client();
    expect((await anon.post('/admin/articles', { title: 'x' }, { csrfFrom: '/login' })).statusCode).toBe(401);
    expect((await anon.post('/admin/users', { email: 'y@example.org' }, { csrfFrom: '/login' })).statusCode).toBe(401);
  });

  it('no CSRF token → 403 on every POST, nothing changed', async () => {
    const admin = await login(ADMIN);
    const users = await count('users');
    const articles = await count('articles');
    const log = await count('moderation_log');
    const editorId = await userId(EDITOR.email);
    const posts: [string, Record<string, string>][] = [
      ['/admin/users', { email: 'csrf@example.org', name: 'c', role: 'editor', password: 'long-enough-pw' }],
      [`/admin/users/${editorId}`, { status: 'disabled' }],
      ['/admin/articles', { title: '无令牌', region: '430100', date: todayInChina(), body: '无令牌的文章不应保存。' }],
      ['/admin/articles/1', { title: '无令牌', region: '430100', date: todayInChina(), body: '无令牌的修改。' }],
      ['/admin/articles/1/unpublish', {}],
      ['/admin/articles/1/publish', {}],
    ];
    for (const [url, fields] of posts) {
      const res = await admin.post(url, fields, { noCsrf: true });
      expect(res.statusCode, url).toBe(403);
      expect(res.body).toContain('表单已过期或来源不明');
    }
    expect(await count('users')).toBe(users);
    expect(await count('articles')).toBe(articles);
    expect(await count('moderation_log')).toBe(log);
    expect((await findUserByEmail(db(), EDITOR.email))?.status).toBe('active');
  });
});

describe('users and roles', () => {
  const NEW = { email: 'New.Editor@Example.org', name: '新编辑', role: 'editor', password: 'new-editor-pw-1', reason: '新入职' };

  it('an admin creates an editor, who can then log in and edit articles; the log says so', async () => {
    const admin = await login(ADMIN);
    const res = await admin.post('/admin/users', NEW);
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toBe('/admin/users');
    const row = await findUserByEmail(db(), NEW.email);
    expect(row?.email).toBe('new.editor@example.org');
    expect(row?.role).toBe('editor');
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    expect((await admin.get('/admin/users')).body).toContain('new.editor@example.org');

    const editor = await login({ email: 'new.editor@example.org', password: NEW.password });
    expect((await editor.get('/admin/articles')).statusCode).toBe(200);
    expect((await editor.get('/admin/users')).statusCode).toBe(403);
    expect((await admin.get('/admin/users')).body).toMatch(new RegExp(`${todayInChina().slice(0, 4)}-\\d\\d-\\d\\d \\d\\d:\\d\\d`)); // last login shown

    const log = (await admin.get('/admin/log')).body;
    expect(log).toContain('user.create');
    expect(log).toContain('新入职');
  });

  it.each([
    ['email', '', '请填写邮箱'],
    ['email', 'not-an-email', '邮箱格式不对'],
    ['email', EDITOR.email, '这个邮箱已经有账号了'],
    ['name', '', '请填写姓名'],
    ['name', '名'.repeat(51), '姓名最多 50 个字'],
    ['role', '', '请选择角色'],
    ['role', 'company', '请选择角色'],
    ['password', 'short-pw', '密码至少 10 个字符'],
  ])('create with %s = %j: 400, the message beside the field, the rest kept, nothing stored', async (name, value, message) => {
    const admin = await login(ADMIN);
    const good = { email: 'someone@example.org', name: '某编辑', role: 'editor', password: 'good-password-1', reason: '备注保留' };
    const before = await count('users');
    const res = await admin.post('/admin/users', { ...good, [name]: value });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(new RegExp(`id="f-${name}-error">[^<]*${message}`));
    expect(res.body).toContain('有 1 处需要修改');
    for (const k of ['email', 'name', 'reason'] as const) if (k !== name) expect(res.body).toContain(`value="${good[k]}"`);
    expect(res.body).not.toContain(good.password); // a password is never sent back
    expect(await count('users')).toBe(before);
  });

  it('changes a role: the user has the new rights at once; logged with the reason', async () => {
    const id = await insertUser(db(), { email: 'promote@example.org', passwordHash: await hashPassword('promote-pw-01'), role: 'editor', name: '待提升' });
    const them = await login({ email: 'promote@example.org', password: 'promote-pw-01' });
    expect((await them.get('/admin/users')).statusCode).toBe(403);
    const admin = await login(ADMIN);
    const res = await admin.post(`/admin/users/${id}`, { role: 'admin', status: 'active', reason: '接任管理' }, { csrfFrom: '/admin/users' });
    expect(res.statusCode).toBe(303);
    expect((await findUserByEmail(db(), 'promote@example.org'))?.role).toBe('admin');
    expect((await them.get('/admin/users')).statusCode).toBe(200);
    const log = (await admin.get('/admin/log')).body;
    expect(log).toContain('user.role');
    expect(log).toContain('接任管理');
    // Back to editor: the rights go at once too.
    expect((await admin.post(`/admin/users/${id}`, { role: 'editor', status: 'active' }, { csrfFrom: '/admin/users' })).statusCode).toBe(303);
    expect((await them.get('/admin/users')).statusCode).toBe(403);
  });

  it('a company user keeps its enterprise; an account without one cannot become a company user', async () => {
    const now = new Date().toISOString();
    const ent = await db()
      .insertInto('enterprises')
      .values({ name: '测试企业', uscc: '91430100MA4L000001', industry: '制造业', region_code: '430100', address: '长沙', description: '', contact_person: '张', mobile: '13800138000', email: 'e@example.org', website: null, status: 'active', created_at: now, updated_at: now })
      .returning('id')
      .executeTakeFirstOrThrow();
    const id = await insertUser(db(), { email: 'firm@example.org', passwordHash: null, role: 'company', name: '企业账号', enterpriseId: Number(ent.id) });
    const admin = await login(ADMIN);
    expect((await admin.post(`/admin/users/${id}`, { role: 'editor', status: 'active' }, { csrfFrom: '/admin/users' })).statusCode).toBe(303);
    let row = await findUserByEmail(db(), 'firm@example.org');
    expect([row?.role, row?.enterprise_id]).toEqual(['editor', Number(ent.id)]);
    expect((await admin.post(`/admin/users/${id}`, { role: 'company', status: 'active' }, { csrfFrom: '/admin/users' })).statusCode).toBe(303);
    row = await findUserByEmail(db(), 'firm@example.org');
    expect([row?.role, row?.enterprise_id]).toEqual(['company', Number(ent.id)]);

    const plain = await insertUser(db(), { email: 'plain@example.org', passwordHash: null, role: 'editor', name: '普通编辑' });
    const refused = await admin.post(`/admin/users/${plain}`, { role: 'company', status: 'active' }, { csrfFrom: '/admin/users' });
    expect(refused.statusCode).toBe(400);
    expect(refused.body).toMatch(new RegExp(`id="u${plain}-error"[^>]*>[^<]*没有关联企业`));
    expect((await findUserByEmail(db(), 'plain@example.org'))?.role).toBe('editor');
  });

  it('disabling ends the user’s sessions at once; they cannot log in again; re-enabling lets them', async () => {
    const id = await insertUser(db(), { email: 'leaver@example.org', passwordHash: await hashPassword('leaver-pw-001'), role: 'editor', name: '离职编辑' });
    const them = await login({ email: 'leaver@example.org', password: 'leaver-pw-001' });
    expect((await them.get('/admin')).statusCode).toBe(200);
    const admin = await login(ADMIN);
    const res = await admin.post(`/admin/users/${id}`, { role: 'editor', status: 'disabled', reason: '已离职' }, { csrfFrom: '/admin/users' });
    expect(res.statusCode).toBe(303);
    const sessions = await db().selectFrom('sessions').select('id').where('user_id', '=', id).execute();
    expect(sessions).toHaveLength(0);
    const after = await them.get('/admin');
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toMatch(/^\/login/);
    expect((await them.post('/admin/articles', { title: 't', region: '430100', date: todayInChina(), body: 'b' }, { csrfFrom: '/login' })).statusCode).toBe(401);
    expect((await client().post('/login', { email: 'leaver@example.org', password: 'leaver-pw-001' })).statusCode).toBe(401);
    const page = (await admin.get('/admin/users')).body;
    expect(page).toMatch(/leaver@example\.org[\s\S]*?<td>停用<\/td>/);
    const log = (await admin.get('/admin/log')).body;
    expect(log).toContain('user.status');
    expect(log).toContain('已离职');

    expect((await admin.post(`/admin/users/${id}`, { role: 'editor', status: 'active' }, { csrfFrom: '/admin/users' })).statusCode).toBe(303);
    await login({ email: 'leaver@example.org', password: 'leaver-pw-001' });
  });

  it('an admin cannot demote or disable themself, with a clear message; nothing logged', async () => {
    const admin = await login(ADMIN);
    const log = await count('moderation_log');
    for (const change of [{ role: 'editor', status: 'active' }, { role: 'admin', status: 'disabled' }, { role: 'company', status: 'active' }]) {
      const res = await admin.post(`/admin/users/${adminId}`, change, { csrfFrom: '/admin/users' });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('不能降低自己的角色或停用自己的账号');
      expect(res.body).toMatch(new RegExp(`id="u${adminId}-error"`));
    }
    const me = await findUserByEmail(db(), ADMIN.email);
    expect([me?.role, me?.status]).toEqual(['admin', 'active']);
    expect(await count('moderation_log')).toBe(log);
    expect((await admin.get('/admin/users')).statusCode).toBe(200);
    // Saving one's own row unchanged is fine and logs nothing.
    expect((await admin.post(`/admin/users/${adminId}`, { role: 'admin', status: 'active' }, { csrfFrom: '/admin/users' })).statusCode).toBe(303);
    expect(await count('moderation_log')).toBe(log);
  });

  it('an unknown role or status is refused beside the row; an unknown user is 404', async () => {
    const admin = await login(ADMIN);
    const id = await userId(EDITOR.email);
    const bad = await admin.post(`/admin/users/${id}`, { role: 'root', status: 'active' }, { csrfFrom: '/admin/users' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(new RegExp(`id="u${id}-error"[^>]*>[^<]*请选择角色`));
    expect((await admin.post('/admin/users/999999', { role: 'editor' }, { csrfFrom: '/admin/users' })).statusCode).toBe(404);
    expect((await admin.post('/admin/users/abc', { role: 'editor' }, { csrfFrom: '/admin/users' })).statusCode).toBe(400);
  });
});

describe('the article editor', () => {
  const ART = { title: '璇玑智算中心项目落户株洲', region: '430200', date: '2024-06-18', body: '株洲市与璇玑智算企业签约，项目总投资20亿元。\n\n建成后将形成智能算力集群。', reason: '' };

  async function articleIdFrom(res: { headers: Record<string, unknown> }): Promise<number> {
    const m = String(res.headers['location']).match(/^\/admin\/articles\/(\d+)\/edit\?done=created$/);
    expect(m).not.toBeNull();
    return Number(m?.[1]);
  }

  it('create → published, on /, on its region page, on its page and found by search; edit → new title found, old gone; unpublish → gone everywhere; publish → back', async () => {
    const editor = await login(EDITOR);
    const form = await editor.get('/admin/articles/new');
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain(`value="${todayInChina()}"`);
    expect(form.body).toContain('<option value="430200"'); // the gazetteer's region picker

    const created = await editor.post('/admin/articles', ART, { csrfFrom: '/admin/articles/new' });
    expect(created.statusCode).toBe(303);
    const id = await articleIdFrom(created);
    const row = await db().selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ status: 'published', region_code: '430200', region_l1: '430000', region_l2: '430200', region_l3: null, region_tag: '株洲招商', published_at: '2024-06-18' });
    expect(row.excerpt).toContain('株洲市与璇玑智算企业签约');

    expect((await get('/')).body).toContain(ART.title);
    expect((await get('/regions/430200')).body).toContain(ART.title);
    expect((await get(`/articles/${id}`)).statusCode).toBe(200);
    expect(await searchTotal('璇玑')).toBe(1);
    expect((await editor.get(`/admin/articles/${id}/edit?done=created`)).body).toContain('已发布');
    expect((await editor.get('/admin/articles')).body).toMatch(new RegExp(`${ART.title}[\\s\\S]*?<td>已发布</td>`));

    // Edit: new title and region; the index follows.
    const edited = await editor.post(`/admin/articles/${id}`, { ...ART, title: '麒麟光电产业园落户湘潭', region: '430300', body: '湘潭市与麒麟光电签约，建设光电产业园。', reason: '更正地区' }, { csrfFrom: `/admin/articles/${id}/edit` });
    expect(edited.statusCode).toBe(303);
    expect(edited.headers.location).toBe(`/admin/articles/${id}/edit?done=saved`);
    expect(await searchTotal('麒麟')).toBe(1);
    expect(await searchTotal('璇玑')).toBe(0);
    const home = (await get('/')).body;
    expect(home).toContain('麒麟光电产业园落户湘潭');
    expect(home).not.toContain(ART.title);
    expect((await get('/regions/430300')).body).toContain('麒麟光电产业园落户湘潭');
    expect((await get('/regions/430200')).body).not.toContain('麒麟光电产业园落户湘潭');
    const after = await db().selectFrom('articles').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
    expect(after).toMatchObject({ region_code: '430300', region_l2: '430300', region_tag: '湘潭招商', excerpt: '湘潭市与麒麟光电签约，建设光电产业园。' });

    // Unpublish: 404, off / and the region page, out of search.
    const off = await editor.post(`/admin/articles/${id}/unpublish`, { status_reason: '信息有误' }, { csrfFrom: `/admin/articles/${id}/edit` });
    expect(off.statusCode).toBe(303);
    expect((await get(`/articles/${id}`)).statusCode).toBe(404);
    expect((await get('/')).body).not.toContain('麒麟光电产业园落户湘潭');
    expect((await get('/regions/430300')).body).not.toContain('麒麟光电产业园落户湘潭');
    expect(await searchTotal('麒麟')).toBe(0);
    expect((await editor.get('/admin/articles')).body).toMatch(/麒麟光电产业园落户湘潭[\s\S]*?<td>已下线<\/td>/);
    // Unpublishing twice is refused.
    expect((await editor.post(`/admin/articles/${id}/unpublish`, {}, { csrfFrom: `/admin/articles/${id}/edit` })).statusCode).toBe(409);

    // Editing while unpublished does not bring it back into search.
    const quiet = await editor.post(`/admin/articles/${id}`, { ...ART, title: '麒麟光电产业园落户湘潭（更正）', region: '430300' }, { csrfFrom: `/admin/articles/${id}/edit` });
    expect(quiet.statusCode).toBe(303);
    expect(await searchTotal('麒麟')).toBe(0);
    expect((await get(`/articles/${id}`)).statusCode).toBe(404);

    // Publish again: back everywhere.
    const on = await editor.post(`/admin/articles/${id}/publish`, {}, { csrfFrom: `/admin/articles/${id}/edit` });
    expect(on.statusCode).toBe(303);
    expect((await get(`/articles/${id}`)).body).toContain('麒麟光电产业园落户湘潭（更正）');
    expect((await get('/')).body).toContain('麒麟光电产业园落户湘潭（更正）');
    expect((await get('/regions/430300')).body).toContain('麒麟光电产业园落户湘潭（更正）');
    expect(await searchTotal('麒麟')).toBe(1);

    // Every action is in the log, under the article's id, with the reasons given.
    const log = (await editor.get('/admin/log')).body;
    for (const action of ['article.create', 'article.edit', 'article.unpublish', 'article.publish']) expect(log).toMatch(new RegExp(`${action.replace('.', '\\.')}</code></td><td><a href="/admin/articles/${id}/edit">文章 #${id}</a><`));
    expect(log).toContain('更正地区');
    expect(log).toContain('信息有误');
  });

  it.each([
    ['title', '', '请填写标题'],
    ['title', '标'.repeat(201), '标题最多 200 个字'],
    ['region', '', '请选择地区'],
    ['region', '999999', '请选择地区'],
    ['date', '', '日期格式应为 YYYY-MM-DD'],
    ['date', '2024-02-30', '没有这一天'],
    ['date', '2999-01-01', '日期不能晚于今天'],
    ['body', '   ', '请填写正文'],
  ])('create with %s = %j: 400, the message beside the field, the rest kept, nothing stored', async (name, value, message) => {
    const editor = await login(EDITOR);
    const before = await count('articles');
    const good = { title: '字段校验用的标题', region: '430100', date: '2024-05-01', body: '字段校验用的正文内容。', reason: '保留的说明' };
    const res = await editor.post('/admin/articles', { ...good, [name]: value }, { csrfFrom: '/admin/articles/new' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(new RegExp(`id="f-${name}-error">[^<]*${message}`));
    if (name !== 'title') expect(res.body).toContain(`value="${good.title}"`);
    if (name !== 'date') expect(res.body).toContain(`value="${good.date}"`);
    if (name !== 'body') expect(res.body).toContain(`>${good.body}</textarea>`);
    if (name !== 'region') expect(res.body).toContain(`<option value="${good.region}" selected>`);
    expect(res.body).toContain(`value="${good.reason}"`);
    expect(await count('articles')).toBe(before);
  });

  it('an edit with bad fields is refused beside the field and keeps the input; a stale form is refused with 409', async () => {
    const editor = await login(EDITOR);
    const created = await editor.post('/admin/articles', { title: '并发编辑测试文章', region: '430100', date: '2024-05-02', body: '并发编辑测试的正文。' }, { csrfFrom: '/admin/articles/new' });
    const id = await articleIdFrom(created);
    const bad = await editor.post(`/admin/articles/${id}`, { title: '', region: '430100', date: '2024-05-02', body: '改过的正文保留着。' }, { csrfFrom: `/admin/articles/${id}/edit` });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/id="f-title-error">[^<]*请填写标题/);
    expect(bad.body).toContain('改过的正文保留着。');

    const staleForm = (await editor.get(`/admin/articles/${id}/edit`)).body;
    const version = staleForm.match(/name="version" value="([^"]+)"/)?.[1] ?? '';
    expect(version).not.toBe('');
    const other = await login(ADMIN);
    expect((await other.post(`/admin/articles/${id}`, { title: '别人先改的标题', region: '430100', date: '2024-05-02', body: '并发编辑测试的正文。', version }, { csrfFrom: `/admin/articles/${id}/edit` })).statusCode).toBe(303);
    const stale = await editor.post(`/admin/articles/${id}`, { title: '我后改的标题', region: '430100', date: '2024-05-02', body: '并发编辑测试的正文。', version, _csrf: FormClient.csrf(staleForm) });
    expect(stale.statusCode).toBe(409);
    expect(stale.body).toContain('已被别人修改');
    expect(stale.body).toContain('value="我后改的标题"');
    expect((await db().selectFrom('articles').select('title').where('id', '=', id).executeTakeFirstOrThrow()).title).toBe('别人先改的标题');
  });

  it('lists every article newest first with its status, 50 a page', async () => {
    const editor = await login(EDITOR);
    const res = await editor.get('/admin/articles');
    expect(res.statusCode).toBe(200);
    const rows = res.body.match(/<tr><td><a href="\/admin\/articles\/\d+\/edit">/g) ?? [];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.length).toBeLessThanOrEqual(50);
    const dates = [...res.body.matchAll(/<td>(\d{4}-\d{2}-\d{2})<\/td><td>(已发布|已下线|草稿)<\/td>/g)].map((m) => m[1] ?? '');
    expect(dates.length).toBe(rows.length);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect((await editor.get('/admin/articles?page=0')).statusCode).toBe(400);
    expect((await editor.get('/admin/articles/999999/edit')).statusCode).toBe(404);
  });
});
