// 项目库 over HTTP on a real SQLite database: projects built from the demo articles' facts, the
// filters and sorts of /projects and /api/v1/projects, a later article joining a project's
// timeline (its amount counted once), and editors' corrections of facts and projects that survive
// re-extraction and are logged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/features/auth/passwords.js';
import { insertUser } from '../../src/features/auth/repository.js';
import { reextractAll } from '../../src/features/facts/service.js';
import { importArticles } from '../../src/features/news/import.js';
import { parseJsonLines } from '../../src/content/listing.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { FormClient } from '../helpers/client.js';

let t: TestApp;
const EDITOR = { email: 'proj-editor@example.org', password: 'editor-password-1' };
const db = () => t.runtime.database.db;

interface Item {
  id: number;
  name: string;
  kind: string;
  stage: string | null;
  count: number | null;
  amountYuan: string | null;
  region: { code: string };
  parentId: number | null;
  companies: string[];
  sectors: { id: string }[];
  reports: number;
  articleId: number;
}
interface List {
  items: Item[];
  total: number;
  sumYuan: string;
}

async function api(query = ''): Promise<List> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/projects?pageSize=100${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as List;
}
/** Another process's write (the import) reaches the page cache within its poll interval (100 ms here). */
const settle = () => new Promise((r) => setTimeout(r, 300));
const byName = async (part: string) => (await api()).items.find((p) => p.name.includes(part));

beforeAll(async () => {
  t = await buildTestApp();
  await insertUser(db(), { email: EDITOR.email, passwordHash: await hashPassword(EDITOR.password), role: 'editor', name: '编辑乙' });
});
afterAll(async () => {
  await t.close();
});

async function editor(): Promise<FormClient> {
  const c = new FormClient(t.app, '10.9.0.1');
  expect((await c.post('/login', EDITOR)).statusCode).toBe(303);
  return c;
}

describe('projects from the demo articles', () => {
  it('桃源县: a batch of 7 signed projects, 20.4亿元, with 德雅集团 (6.1亿元) and 嘉泰鞋业 (2亿元) inside it', async () => {
    const batch = await byName('桃源县网络签约');
    expect(batch).toMatchObject({ kind: 'group', stage: 'signing', count: 7, amountYuan: '2040000000', region: { code: '430725' } });
    const children = (await api()).items.filter((p) => p.parentId === batch?.id);
    const amounts = children.map((c) => [c.companies, c.amountYuan]);
    expect(amounts).toContainEqual([expect.arrayContaining(['德雅集团', '浦泰公司']), '610000000']);
    expect(amounts).toContainEqual([['嘉泰鞋业'], '200000000']);
  });

  it('吉首市: 9 projects starting construction, 68亿元, with the named ones inside', async () => {
    const batch = await byName('湘西吉首集中启动');
    expect(batch).toMatchObject({ kind: 'group', stage: 'construction_start', count: 9, amountYuan: '6800000000', region: { code: '433101' } });
    const names = (await api()).items.filter((p) => p.parentId === batch?.id).map((p) => p.name);
    expect(names).toEqual(expect.arrayContaining(['吉怀高速公路金坪(联合)互通项目', '乾东芙蓉小学项目', '湘西500千伏变电工程', '吉首经开区仓储项目']));
    expect(names.length).toBeGreaterThanOrEqual(7);
  });

  it('株洲高新区: 6 completed, 7亿元', async () => {
    expect(await byName('株洲高新区六大项目')).toMatchObject({ kind: 'group', stage: 'completion', count: 6, amountYuan: '700000000' });
  });

  it('filters: region with descendants, sector, stage, amount range (亿元), date, name; sorts by amount', async () => {
    const changde = await api('&region=430700');
    expect(changde.items.every((p) => p.region.code.startsWith('4307'))).toBe(true);
    expect(changde.items.some((p) => p.name.includes('桃源县'))).toBe(true);
    expect((await api('&stage=completion')).items.every((p) => p.stage === 'completion')).toBe(true);
    const big = await api('&min=10&sort=amount');
    expect(big.items.map((p) => p.amountYuan)).toEqual(['6800000000', '2040000000']);
    const mid = await api('&min=1&max=7');
    expect(mid.items.map((p) => Number(p.amountYuan)).every((v) => v >= 1e8 && v <= 7e8)).toBe(true);
    expect((await api('&sector=health')).items.some((p) => p.name.includes('桃源县'))).toBe(true);
    expect((await api('&q=嘉泰')).items.map((p) => p.companies)).toContainEqual(['嘉泰鞋业']);
    expect((await api('&from=2099-01-01')).total).toBe(0);
  });

  it('the sum counts an amount once: a batch total already holds its named projects', async () => {
    const all = await api();
    const roots = all.items.filter((p) => p.parentId === null || !all.items.find((q) => q.id === p.parentId)?.amountYuan);
    const expected = roots.reduce((s, p) => s + Number(p.amountYuan ?? 0), 0);
    expect(Number(all.sumYuan)).toBe(expected);
    expect(Number((await api('&region=430725')).sumYuan)).toBe(2_040_000_000);
  });

  it('bad parameters: 400 with a code in the API, the page keeps what was typed', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/api/v1/projects?min=abc' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'invalid_parameter' } });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/projects?region=439999' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/projects?min=9&max=1' })).statusCode).toBe(400);
    const page = await t.app.inject({ method: 'GET', url: `/projects?min=abc&q=${encodeURIComponent('鞋业')}&stage=signing` });
    expect(page.statusCode).toBe(400);
    expect(page.body).toContain('最低金额应为以亿元计的数字');
    expect(page.body).toContain('value="鞋业"');
    expect(page.body).toMatch(/<option value="signing" selected>/);
    expect((await t.app.inject({ method: 'GET', url: '/projects/999999' })).statusCode).toBe(404);
    expect((await t.app.inject({ method: 'GET', url: '/projects/abc' })).statusCode).toBe(400);
  });

  it('/projects lists them with the total; /projects/:id shows the timeline linked to the evidence', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/projects?region=430725' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('20.4亿元');
    const batch = await byName('桃源县网络签约');
    const detail = await t.app.inject({ method: 'GET', url: `/projects/${batch?.id}` });
    expect(detail.body).toContain('<h2>进展</h2>');
    expect(detail.body).toMatch(new RegExp(`href="/articles/${batch?.articleId}#ev-\\d+-\\d+">20\\.4亿元</a>`));
    expect(detail.body).toContain('嘉泰鞋业项目');
    // The article links back to the projects it reports.
    const article = await t.app.inject({ method: 'GET', url: `/articles/${batch?.articleId}` });
    expect(article.body).toContain('项目库中的项目');
    expect(article.body).toContain(`<a href="/projects/${batch?.id}">`);
  });
});

describe('one project across several articles', () => {
  it('a later article at a later stage joins the timeline instead of counting twice', async () => {
    const before = await byName('吉首经开区仓储项目');
    const sumBefore = Number((await api()).sumYuan);
    const later = parseJsonLines(
      JSON.stringify({ title: '【吉首市招商】吉首经开区仓储项目竣工投产', body: '近日，吉首经开区仓储项目竣工投产，总投资3.5亿元，将服务湘鄂渝黔边区商贸物流。', date: '2030-05-01', tag: '吉首市招商' }) + '\n',
    );
    await importArticles(db(), t.runtime, later);
    await settle();
    const after = await byName('吉首经开区仓储项目');
    expect(after?.id).toBe(before?.id);
    expect(after).toMatchObject({ stage: 'completion', reports: 2, amountYuan: '350000000' });
    const detail = (await t.app.inject({ method: 'GET', url: `/api/v1/projects/${after?.id}` })).json() as { timeline: { stage: string; date: string }[] };
    expect(detail.timeline.map((e) => e.stage)).toEqual(['construction_start', 'completion']);
    // Its 3.5亿元 sits inside the 68亿元 batch it started in: the sum does not grow.
    expect(Number((await api()).sumYuan)).toBe(sumBefore);
  });
});

describe('editors correct facts and projects', () => {
  it('a fact correction changes the article, the projects and the API, survives re-extraction, and is logged', async () => {
    const c = await editor();
    const batch = await byName('株洲高新区六大项目');
    const articleId = batch?.articleId ?? 0;
    const page = await c.get(`/admin/articles/${articleId}/facts`);
    expect(page.statusCode).toBe(200);
    const ref = page.body.match(/name="ref" value="([^"]*七亿元[^"]*)"/)?.[1]?.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    expect(ref).toBeTruthy();
    const res = await c.post(`/admin/articles/${articleId}/facts`, { op: 'edit', ref: ref ?? '', value: '7.2亿元', kind: 'total_investment' });
    expect(res.statusCode, res.body).toBe(303);
    expect((await byName('株洲高新区六大项目'))?.amountYuan).toBe('720000000');
    await reextractAll(db(), t.runtime.extractor);
    expect((await byName('株洲高新区六大项目'))?.amountYuan).toBe('720000000');
    const log = await db().selectFrom('moderation_log').select(['action', 'target_id']).where('action', '=', 'facts.correct').execute();
    expect(log).toContainEqual({ action: 'facts.correct', target_id: articleId });
    const logPage = (await c.get('/admin/log')).body;
    expect(logPage).toContain('更正要点');
    expect(logPage).toContain(`<a href="/admin/articles/${articleId}/edit">文章 #${articleId}</a>`);
  });

  it('an added fact needs its words in the text; a bad one is refused and the form keeps the input', async () => {
    const c = await editor();
    const articleId = (await byName('桃源县网络签约'))?.articleId ?? 0;
    const bad = await c.post(`/admin/articles/${articleId}/facts`, { op: 'add', list: 'companies', evidence: '不在原文里的公司', name: '' });
    expect(bad.statusCode).toBe(409);
    expect(bad.body).toContain('value="不在原文里的公司"');
    const ok = await c.post(`/admin/articles/${articleId}/facts`, { op: 'add', list: 'projects', evidence: '医疗康养及现代化农业产业园', name: '' });
    expect(ok.statusCode, ok.body).toBe(303);
    const named = await byName('医疗康养及现代化农业产业园');
    expect(named).toMatchObject({ amountYuan: '610000000' });
  });

  it('a project correction (name, stage, hidden) is kept by key through re-extraction; reset restores it', async () => {
    const c = await editor();
    const p = await byName('乾东芙蓉小学项目');
    const form = { name: '乾东芙蓉小学新建项目', stage: 'completion', amount: '1.2亿元', region: '433101', merge: '', reason: '核对了吉首市教育局的公告' };
    const res = await c.post(`/admin/projects/${p?.id}`, form);
    expect(res.statusCode, res.body).toBe(303);
    await reextractAll(db(), t.runtime.extractor);
    const after = (await t.app.inject({ method: 'GET', url: `/api/v1/projects/${p?.id}` })).json() as Item;
    expect(after).toMatchObject({ name: '乾东芙蓉小学新建项目', stage: 'completion', amountYuan: '120000000' });
    const log = await db().selectFrom('moderation_log').select(['action', 'reason']).where('action', '=', 'project.correct').execute();
    expect(log).toContainEqual({ action: 'project.correct', reason: '核对了吉首市教育局的公告' });
    expect((await c.post(`/admin/projects/${p?.id}/reset`, {}, { csrfFrom: `/admin/projects/${p?.id}` })).statusCode).toBe(303);
    expect(((await t.app.inject({ method: 'GET', url: `/api/v1/projects/${p?.id}` })).json() as Item).name).toBe('乾东芙蓉小学项目');
  });

  it('a bad project form keeps the input and says what is wrong', async () => {
    const c = await editor();
    const p = await byName('湘西500千伏变电工程');
    const res = await c.post(`/admin/projects/${p?.id}`, { name: '湘西500千伏变电工程（改）', stage: 'signing', amount: '很多钱', region: '433101', merge: '' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('金额写法不对');
    expect(res.body).toContain('value="湘西500千伏变电工程（改）"');
  });

  it('merging two projects joins their timelines; undoing it splits them again', async () => {
    const c = await editor();
    const extra = parseJsonLines(JSON.stringify({ title: '【吉首市招商】湘西500kV变电站工程投产', body: '湘西500千伏变电站工程竣工投产，提升湘西电网供电能力。', date: '2031-01-01', tag: '吉首市招商' }) + '\n');
    await importArticles(db(), t.runtime, extra);
    await settle();
    const a = await byName('湘西500千伏变电工程');
    // 500kV and 500千伏 are one name; 变电站工程 and 变电工程 are for an editor to call the same.
    const b = (await api()).items.find((p) => p.name.includes('变电站工程'));
    // (湘西's two; the 2020 长沙 report's 500千伏浏阳变电站顺利投产 is a project of its own.)
    const xiangxi = (p: Item) => p.name.startsWith('湘西') && p.name.includes('变电');
    expect((await api()).items.filter(xiangxi).length).toBe(2);
    expect(a && b && a.id !== b.id).toBe(true);
    const res = await c.post(`/admin/projects/${b?.id}`, { name: b?.name ?? '', stage: b?.stage ?? '', amount: '', region: b?.region.code ?? '', merge: String(a?.id) });
    expect(res.statusCode, res.body).toBe(303);
    const merged = (await t.app.inject({ method: 'GET', url: `/api/v1/projects/${a?.id}` })).json() as Item & { timeline: unknown[] };
    expect(merged.timeline).toHaveLength(2);
    expect(merged.stage).toBe('completion');
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/projects/${b?.id}` })).statusCode).toBe(404);
    const admin = await c.get(`/admin/projects/${a?.id}`);
    const key = admin.body.match(/name="key" value="([^"]+)"/)?.[1] ?? '';
    expect((await c.post(`/admin/projects/${a?.id}/unmerge`, { key }, { csrfFrom: `/admin/projects/${a?.id}` })).statusCode).toBe(303);
    expect((await api()).items.filter(xiangxi).length).toBe(2);
  });

  it('only editors reach the correction pages', async () => {
    expect((await t.app.inject({ method: 'GET', url: '/admin/projects' })).statusCode).toBe(303);
    expect((await new FormClient(t.app, '10.9.0.9').post('/admin/projects/1', { name: 'x' }, { noCsrf: true })).statusCode).toBeGreaterThanOrEqual(400);
  });

  it('unpublishing an article takes its projects out of the database', async () => {
    const c = await editor();
    const batch = await byName('株洲高新区六大项目');
    const res = await c.post(`/admin/articles/${batch?.articleId}/unpublish`, { status_reason: '' }, { csrfFrom: `/admin/articles/${batch?.articleId}/edit` });
    expect(res.statusCode).toBe(303);
    expect(await byName('株洲高新区六大项目')).toBeUndefined();
  });
});

describe('what review found', () => {
  const jsonl = (rows: object[]) => parseJsonLines(rows.map((r) => JSON.stringify(r)).join('\n') + '\n');

  it('a project in two batches counts once whichever batch a filter shows', async () => {
    await importArticles(
      db(),
      t.runtime,
      jsonl([
        { title: '【吉首市招商】吉首市集中签约5个项目', body: '吉首市集中签约5个项目，总投资20亿元，其中吉首乾州新材料产业园项目投资5亿元。', date: '2032-04-01' },
        { title: '【吉首市招商】吉首市8个项目集中开工', body: '吉首市8个项目集中开工，总投资30亿元，其中吉首乾州新材料产业园项目投资5亿元。', date: '2032-08-01' },
      ]),
    );
    await settle();
    const later = await api('&from=2032-06-01');
    expect(later.items.map((p) => p.name).sort()).toEqual(['吉首乾州新材料产业园项目', '吉首市8个项目集中开工'].sort());
    expect(Number(later.sumYuan)).toBe(3_000_000_000);
    const batch = later.items.find((p) => p.kind === 'group');
    const detail = (await t.app.inject({ method: 'GET', url: `/api/v1/projects/${batch?.id}` })).json() as { children: Item[] };
    expect(detail.children.map((c) => c.name)).toContain('吉首乾州新材料产业园项目');
  });

  it('a provincial article naming a 吉首 project reports the same project', async () => {
    const before = await byName('吉首乾州新材料产业园项目');
    await importArticles(db(), t.runtime, jsonl([{ title: '【湖南招商】吉首乾州新材料产业园项目竣工投产', body: '吉首乾州新材料产业园项目近日竣工投产。', date: '2032-12-01' }]));
    await settle();
    const after = await byName('吉首乾州新材料产业园项目');
    expect(after?.id).toBe(before?.id);
    expect(after).toMatchObject({ stage: 'completion', region: { code: '433101' } });
  });

  it('the name filter does not match the JSON around company names', async () => {
    expect((await api('&q=%5B')).total).toBe(0);
    expect((await api(`&q=${encodeURIComponent('"')}`)).total).toBe(0);
  });

  it('saving a project form unchanged keeps an amount of many digits exactly', async () => {
    const c = await editor();
    await importArticles(db(), t.runtime, jsonl([{ title: '【岳阳招商】岳阳城陵矶冷链物流园项目签约', body: '岳阳城陵矶冷链物流园项目签约，总投资12345.5万元。', date: '2032-05-05' }]));
    await settle();
    const p = await byName('岳阳城陵矶冷链物流园');
    expect(p?.amountYuan).toBe('123455000');
    const page = await c.get(`/admin/projects/${p?.id}`);
    const amount = page.body.match(/name="amount" value="([^"]*)"/)?.[1] ?? '';
    expect(amount).toBe('1.23455亿元');
    const res = await c.post(`/admin/projects/${p?.id}`, { name: '岳阳城陵矶冷链物流园项目（一期）', stage: p?.stage ?? '', amount, region: p?.region.code ?? '', merge: '' });
    expect(res.statusCode, res.body).toBe(303);
    const patch = await db().selectFrom('project_overrides').select('patch').executeTakeFirstOrThrow();
    expect(JSON.parse(patch.patch)).not.toHaveProperty('amountYuan');
    expect((await byName('岳阳城陵矶冷链物流园'))?.amountYuan).toBe('123455000');
  });

  it('renaming a project in the facts keeps its id and the editor’s correction of it', async () => {
    const c = await editor();
    const p = await byName('湘鄂渝黔现代农业产业园农产品交易中心项目');
    const hide = await c.post(`/admin/projects/${p?.id}`, { name: p?.name ?? '', stage: p?.stage ?? '', amount: '', region: p?.region.code ?? '', merge: '', hidden: '1' });
    expect(hide.statusCode).toBe(303);
    const facts = await c.get(`/admin/articles/${p?.articleId}/facts`);
    const ref = facts.body.match(/name="ref" value="([^"]*湘鄂渝黔现代农业产业园农产品交易中心项目[^"]*)"/)?.[1]?.replace(/&quot;/g, '"').replace(/&amp;/g, '&');
    const res = await c.post(`/admin/articles/${p?.articleId}/facts`, { op: 'edit', ref: ref ?? '', name: '湘鄂渝黔现代农业产业园农产品交易中心（一期）项目' });
    expect(res.statusCode, res.body).toBe(303);
    const row = await db().selectFrom('projects').select(['id', 'name', 'hidden']).where('id', '=', p?.id ?? 0).executeTakeFirst();
    expect(row).toMatchObject({ name: '湘鄂渝黔现代农业产业园农产品交易中心（一期）项目', hidden: 1 });
  });

  it('an absurd amount from an editor is refused', async () => {
    const { parseYuan } = await import('../../src/features/admin/facts.js');
    expect(parseYuan('9999999999999.9亿元')).toBeNull();
    expect(parseYuan('6.1亿元')).toBe('610000000');
    expect(parseYuan('1.000000005亿元')).toBe('100000000.5');
  });
});

describe('an article about a place outside Hunan', () => {
  it('is filed for reading but adds no project to Hunan’s 项目库 or statistics', async () => {
    const jsonl = (rows: object[]) => parseJsonLines(rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const before = (await t.app.inject({ method: 'GET', url: '/api/v1/stats' })).json() as { totals: { projects: number; amountYuan: string } };
    await importArticles(db(), t.runtime, jsonl([
      { title: '福建龙岩市永定区集中签约8个项目', body: '龙岩市永定区今天举行重大项目集中签约活动，共签约项目8个，总投资46亿元，其中永定区新材料产业园项目总投资12亿元。', date: '2032-06-01' },
    ]));
    const after = (await t.app.inject({ method: 'GET', url: '/api/v1/stats' })).json() as { totals: { projects: number; amountYuan: string } };
    expect(after.totals).toMatchObject(before.totals);
    const list = (await t.app.inject({ method: 'GET', url: `/api/v1/projects?q=${encodeURIComponent('永定区新材料')}` })).json() as { total: number };
    expect(list.total).toBe(0);
  });
});
