// The search page and API with every kind of input a person (or an attacker) might type.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

const page = (query: Record<string, string>) => t.app.inject({ method: 'GET', url: '/search', query });
const api = (query: Record<string, string>) => t.app.inject({ method: 'GET', url: '/api/v1/search', query });

describe('search page', () => {
  it('every page has a search box in its header', async () => {
    for (const url of ['/', '/regions', '/regions/430100']) {
      expect((await t.app.inject({ method: 'GET', url })).body).toMatch(/<form class="header-search" action="\/search" method="get" role="search" aria-label="全站搜索">/);
    }
  });

  it('an empty query shows the page with examples', async () => {
    const res = await page({});
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('可以这样找');
    expect(res.body).toContain('href="/search?q=changsha"');
  });

  it('shows results with marks, the count, facets and a pager that keeps the query', async () => {
    const res = await page({ q: '招商引资' });
    expect(res.statusCode).toBe(200);
    expect(res.body).toMatch(/找到 <strong>\d+<\/strong> 篇/);
    expect(res.body).toContain('<mark>招商引资</mark>');
    expect(res.body).toContain('aria-label="按地区"');
    expect(res.body).toContain('href="/search?q=%E6%8B%9B%E5%95%86%E5%BC%95%E8%B5%84&amp;region=430100"');
    expect(res.body).toContain('value="招商引资"');
  });

  it('a bad date keeps the query and says what is wrong', async () => {
    const res = await page({ q: '长沙', from: '2025-13-40', sort: 'newest' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('开始日期应为 YYYY-MM-DD');
    expect(res.body).toContain('value="长沙"');
    expect(res.body).toContain('value="2025-13-40"');
    expect(res.body).toContain('<option value="newest" selected>');
  });

  it('a query of only exclusions says so', async () => {
    const res = await page({ q: '-长沙' });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('请至少输入一个不带 - 的词');
  });

  it('a loosened query says so', async () => {
    const res = await page({ q: '桃源签约' });
    expect(res.body).toContain('没有找到完全一致的“桃源签约”');
  });

  it('cuts a query of 1,000+ characters with a notice', async () => {
    const res = await page({ q: '长沙'.repeat(500) });
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('查询太长，只用了前 100 个字');
  });
});

describe('hostile and odd queries never give a 500 and never reach FTS5 as syntax', () => {
  const queries = [
    '"',
    '""',
    '"长沙',
    '长沙"',
    '*',
    '长沙*',
    '^长沙',
    'title:长沙',
    'NEAR(长沙 株洲)',
    'NEAR',
    'AND',
    'OR',
    'NOT 长沙',
    '长沙 NOT 株洲',
    '(长沙',
    '长沙)',
    '{title}: 长沙',
    "'; drop table articles; --",
    "1' or '1'='1",
    '<script>alert(1)</script>',
    '<img src=x onerror=alert(1)>长沙',
    '😀',
    '长沙😀',
    '\uD800',
    '长沙\uDC00株洲',
    '\u0000',
    '%',
    '\\',
    '-',
    '--',
    '- -',
    '"" ""',
    'a'.repeat(1500),
    '長沙 OR',
    'OR 長沙',
  ];
  it.each(queries)('%j', async (q) => {
    const json = await api({ q });
    const html = await page({ q });
    for (const res of [json, html]) {
      expect(res.statusCode, `${q}: ${res.body.slice(0, 200)}`).toBeLessThan(500);
      expect(res.body).not.toMatch(/fts5|syntax error|SqliteError|at .+\.ts:\d+/i);
    }
    expect(json.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(html.body).not.toContain('<script>alert');
    expect(html.body).not.toContain('<img src=x');
  });

  it('an API query with nothing to look for is a 400 with a code', async () => {
    const res = await api({ q: '😀' });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: { code: 'invalid_parameter' } });
  });

  it('bad parameters are 400 JSON with zh-CN messages', async () => {
    const bad: Record<string, string>[] = [{ q: '长沙', sort: 'best' }, { q: '长沙', from: '2025-02-30' }, { q: '长沙', from: '2025-05-01', to: '2025-01-01' }, { q: '长沙', region: '43' }, { q: '长沙', page: '0' }];
    for (const query of bad) {
      const res = await api(query);
      expect(res.statusCode).toBe(400);
      expect((res.json() as { error: { message: string } }).error.message).toMatch(/[\u4e00-\u9fff]/);
    }
    expect((await api({ q: '长沙', region: '999999' })).statusCode).toBe(404);
  });
});
