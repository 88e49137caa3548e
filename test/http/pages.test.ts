import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { testDialect } from '../helpers/db.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

async function get(url: string, headers: Record<string, string> = {}) {
  return t.app.inject({ method: 'GET', url, headers });
}

async function idOf(titlePart: string): Promise<number> {
  const res = await get('/api/v1/articles?pageSize=100');
  const item = (res.json() as { items: { id: number; title: string }[] }).items.find((a) => a.title.includes(titlePart));
  if (!item) throw new Error(`no article ${titlePart}`);
  return item.id;
}

describe('home', () => {
  it('lists the ten demo articles newest first with tag, title, excerpt and date', async () => {
    const res = await get('/');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(res.body).toContain('<html lang="zh-CN">');
    expect(res.body.match(/<li><h2>/g)).toHaveLength(10);
    for (const tag of ['【长沙招商】', '【桃源县招商】', '【吉首市招商】', '【益阳招商】', '【湖南招商】', '【株洲招商】']) expect(res.body).toContain(tag);
    expect(res.body).toContain('<time datetime="2025-07-09"');
    // Footer: 联系我们 details from config.
    expect(res.body).toContain('联系我们');
    expect(res.body).toContain(t.config.site.contact.phone);
    expect(res.body).not.toContain('class="pager"'); // one page only
  });

  it('sends ETag and Cache-Control, and 304 for a matching If-None-Match', async () => {
    const first = await get('/');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);
    expect(first.headers['cache-control']).toContain('must-revalidate');
    const again = await get('/', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
  });

  it('a page past the end is an empty list, not an error', async () => {
    const res = await get('/?page=5');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('这里还没有文章');
  });

  it('serves the stylesheet with a long cache', async () => {
    const href = (await get('/')).body.match(/href="(\/assets\/site\.[0-9a-f]+\.css)"/)?.[1];
    expect(href).toBeDefined();
    const css = await get(href ?? '');
    expect(css.statusCode).toBe(200);
    expect(css.headers['cache-control']).toContain('immutable');
  });
});

describe('article page', () => {
  it('shows title, linked region, date and sections of the 桃源县 article', async () => {
    const id = await idOf('桃源县网络签约');
    const res = await get(`/articles/${id}`);
    expect(res.statusCode).toBe(200);
    // Evidence marks (<mark class="ev">, see test/unit/evidence.test.ts) stripped for the text checks.
    const unmarked = res.body.replace(/<\/?mark\b[^>]*>/g, '');
    expect(unmarked).toContain('<h1><span class="tag">【桃源县招商】</span>桃源县网络签约活动成功引进7个重点招商投资项目</h1>');
    expect(res.body).toContain('<a href="/regions/430725">桃源县</a>');
    expect(res.body).toContain('<a href="/regions/430700">常德市</a>'); // breadcrumb
    expect(res.body.match(/<h2 id="s\d">/g)).toHaveLength(5);
    expect(res.body).toContain('<h2 id="s1">一、为应对全球公共卫生事件带来的挑战，桃源县创新性地采用线上签约模式</h2>');
    expect(res.body).not.toContain('aria-label="目录"');
    expect(res.body).not.toContain('原文说明');
    // Display typography: full-width punctuation next to Chinese, digits untouched.
    expect(unmarked).toContain('总投资额20.4亿元，覆盖医疗康养');
  });

  it('gives the long 益阳 report a table of contents and notes the truncated source', async () => {
    const res = await get(`/articles/${await idOf('益阳市政府工作报告')}`);
    expect(res.body).toContain('aria-label="目录"');
    expect(res.body).toContain('原文说明');
    expect(res.body).toContain('截断');
    const articleBody = res.body.slice(res.body.indexOf('<div class="body">'));
    expect(articleBody.split('2018年工作回顾').length - 1).toBe(1);
  });

  it('404 for an unknown id, with a zh-CN page', async () => {
    const res = await get('/articles/99999');
    expect(res.statusCode).toBe(404);
    expect(res.body).toContain('页面不存在');
    expect(res.body).toContain('没有这篇文章');
  });
});

describe('regions', () => {
  it('shows the tree with article counts that include descendants', async () => {
    const res = await get('/regions');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('<a href="/regions/430000">湖南省</a> <span class="count">(10)</span>');
    expect(res.body).toContain('<a href="/regions/430100">长沙市</a> <span class="count">(4)</span>');
    expect(res.body).toContain('<a href="/regions/430700">常德市</a> <span class="count">(1)</span>');
    expect(res.body).toContain('<a href="/regions/433100">湘西土家族苗族自治州</a> <span class="count">(1)</span>');
    expect(res.body.match(/href="\/regions\/\d{6}"/g)?.length).toBe(1 + 14 + 122);
  });

  it('lists a region with its descendants: 常德市 has the 桃源县 article', async () => {
    const res = await get('/regions/430700');
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('常德市招商资讯');
    expect(res.body).toContain('桃源县网络签约活动');
    expect(res.body).toContain('<a href="/regions/430725">桃源县</a> <span class="count">(1)</span>');
    expect(res.body.match(/<li><h2>/g)).toHaveLength(1);
  });

  it('the province lists all ten', async () => {
    expect((await get('/regions/430000')).body.match(/<li><h2>/g)).toHaveLength(10);
  });

  it('404 for an unknown code, 400 for a malformed one', async () => {
    expect((await get('/regions/999999')).statusCode).toBe(404);
    const bad = await get('/regions/12ab');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('地区代码应为 6 位数字');
  });
});

describe('healthz', () => {
  it('says ok when the database answers', async () => {
    const res = await get('/healthz');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ status: 'ok', database: testDialect });
  });
});

describe('cache and order', () => {
  it('lists the seed in the order of the source page (its first item is the newest)', async () => {
    const res = await get('/api/v1/articles');
    const titles = (res.json() as { items: { title: string }[] }).items.map((a) => a.title);
    expect(titles[0]).toBe('2019年益阳市政府工作报告');
    expect(titles[9]).toBe('桃源县网络签约活动成功引进7个重点招商投资项目');
  });

  it('answers weak and listed ETags with 304', async () => {
    const etag = (await get('/regions')).headers.etag as string;
    expect((await get('/regions', { 'if-none-match': `W/${etag}` })).statusCode).toBe(304);
    expect((await get('/regions', { 'if-none-match': `"nope", ${etag}` })).statusCode).toBe(304);
    expect((await get('/regions', { 'if-none-match': '"nope"' })).statusCode).toBe(200);
  });

  it('speaks zh-CN about a repeated parameter', async () => {
    const res = await get('/?page=1&page=2');
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(/page：[\u4e00-\u9fff]/);
    expect(res.body).not.toMatch(/Invalid input|expected/);
  });

  it('notes only what is true of the 益阳 source: a repeat, cut off mid-sentence', async () => {
    const list = (await get('/api/v1/articles')).json() as { items: { id: number; title: string }[] };
    const id = list.items.find((a) => a.title.includes('益阳'))?.id;
    const a = (await get(`/api/v1/articles/${id}`)).json() as { sourceNote: string; sourceTruncated: boolean };
    expect(a.sourceTruncated).toBe(true);
    expect(a.sourceNote).toContain('重复');
    expect(a.sourceNote).toContain('重复部分在句中截断');
  });
});
