// A company's news and investment needs go through moderation before anyone sees them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/features/auth/passwords.js';
import { insertUser } from '../../src/features/auth/repository.js';
import { insertEnterprise } from '../../src/features/enterprises/repository.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { FormClient } from '../helpers/client.js';

let t: TestApp;
let enterpriseId = 0;

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.runtime.database.db;
  enterpriseId = await insertEnterprise(db, { name: '湘江动力科技有限公司', uscc: '91430100MA4L00001X', industry: 'new-energy', region_code: '430100', address: '长沙市雨花区', description: '储能电池研发与制造。', contact_person: '周总', mobile: '13700137000', email: 'xj@example.org', website: null });
  await insertUser(db, { email: 'xj@example.org', passwordHash: await hashPassword('company-password-3'), role: 'company', name: '周总', enterpriseId });
  await insertUser(db, { email: 'posts-editor@example.org', passwordHash: await hashPassword('posts-editor-password'), role: 'editor', name: '编辑戊' });
});
afterAll(async () => {
  await t.close();
});

async function login(email: string, password: string, ip: string): Promise<FormClient> {
  const c = new FormClient(t.app, ip);
  await c.post('/login', { email, password });
  return c;
}

describe('company posts', () => {
  it('a need with bad fields is refused beside them; a good one waits, then shows on the profile once published', async () => {
    const company = await login('xj@example.org', 'company-password-3', '10.6.0.1');
    const bad = await company.post('/account/posts', { kind: 'need', title: '寻求储能项目用地', body: '计划在湖南建设储能电池工厂。', sector: '', region: '', amount_min: '5000', amount_max: '100' }, { csrfFrom: '/account/posts' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toMatch(/id="f-sector-error">请选择行业/);
    expect(bad.body).toMatch(/id="f-region-error">请选择意向地区/);
    expect(bad.body).toMatch(/id="f-amount_max-error">最高金额不能小于最低金额/);
    expect(bad.body).toContain('寻求储能项目用地');

    const good = await company.post('/account/posts', { kind: 'need', title: '寻求储能项目用地', body: '计划在湖南建设储能电池工厂，需要工业用地。', sector: 'new-energy', region: '430200', amount_min: '50000', amount_max: '100000', space_need: '工业用地 200 亩' }, { csrfFrom: '/account/posts' });
    expect(good.statusCode).toBe(303);
    expect((await company.get('/account/posts')).body).toContain('等待审核');
    expect((await t.app.inject({ method: 'GET', url: `/enterprises/${enterpriseId}` })).body).not.toContain('寻求储能项目用地');

    const editor = await login('posts-editor@example.org', 'posts-editor-password', '10.6.0.2');
    const queue = await editor.get('/admin/posts');
    const id = queue.body.match(/action="\/admin\/posts\/(\d+)\/publish"/)?.[1];
    expect(id).toBeDefined();
    expect((await editor.post(`/admin/posts/${id}/publish`, { title: '寻求储能项目用地', body: '' }, { csrfFrom: '/admin/posts' })).statusCode).toBe(400);
    expect((await editor.post(`/admin/posts/${id}/publish`, { title: '寻求储能项目用地', body: '计划在湖南建设储能电池工厂，需要工业用地。' }, { csrfFrom: '/admin/posts' })).statusCode).toBe(303);
    const profile = await t.app.inject({ method: 'GET', url: `/enterprises/${enterpriseId}` });
    expect(profile.body).toContain('寻求储能项目用地');
    expect(profile.body).toContain('50000–100000 万元');
    expect(profile.body).toContain('工业用地 200 亩');
    expect((await editor.get('/admin/log')).body).toContain('post.publish');
  });

  it('published company news becomes an article in the company region, found by search; a rejection needs a reason', async () => {
    const company = await login('xj@example.org', 'company-password-3', '10.6.0.3');
    await company.post('/account/posts', { kind: 'news', title: '湘江动力储能电池二期投产', body: '湘江动力储能电池二期项目正式投产，新增产能 5GWh。' }, { csrfFrom: '/account/posts' });
    await company.post('/account/posts', { kind: 'news', title: '一条不该发的动态', body: '这是一条和招商无关的内容，应当被拒绝。' }, { csrfFrom: '/account/posts' });
    const editor = await login('posts-editor@example.org', 'posts-editor-password', '10.6.0.4');
    const queue = await editor.get('/admin/posts');
    const ids = [...queue.body.matchAll(/action="\/admin\/posts\/(\d+)\/publish"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(2);
    // The editor corrects the title before publishing.
    await editor.post(`/admin/posts/${ids[0]}/publish`, { title: '湘江动力储能电池二期项目投产', body: '湘江动力储能电池二期项目正式投产，新增产能 5GWh。' }, { csrfFrom: '/admin/posts' });
    expect((await editor.post(`/admin/posts/${ids[1]}/reject`, { reason: '' }, { csrfFrom: '/admin/posts' })).statusCode).toBe(400);
    expect((await editor.post(`/admin/posts/${ids[1]}/reject`, { reason: '与招商引资无关' }, { csrfFrom: '/admin/posts' })).statusCode).toBe(303);
    const search = (await t.app.inject({ method: 'GET', url: '/api/v1/search?q=湘江动力' })).json() as { items: { title: string; region: { code: string } }[] };
    expect(search.items.map((i) => i.title)).toEqual(['湘江动力储能电池二期项目投产']);
    expect(search.items[0]?.region.code).toBe('430100');
    const mine = (await company.get('/account/posts')).body;
    expect(mine).toContain('已发布');
    expect(mine).toContain('与招商引资无关');
  });
});
