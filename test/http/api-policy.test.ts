// What holds for the whole /api: CORS for reads only, the preflight, ETag/304 on every kind of
// endpoint, the per-IP rate limit (429, Retry-After, JSON error), the enterprises API (public
// fields only) and the 项目库 export as CSV (BOM, header, every row, Chinese intact) and JSON.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { insertEnterprise } from '../../src/features/enterprises/repository.js';
import { clientKey, FixedWindowLimiter } from '../../src/features/openapi/rate-window.js';
import { usccCheckChar } from '../../src/forms/validators.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
const ids = { active: 0, county: 0, hidden: 0 };
const MOBILE = '13900139077';
const EMAIL = 'private-contact@example.org';

const get = (url: string, headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') => t.app.inject({ method: 'GET', url, headers, remoteAddress });

function uscc(n: number): string {
  const first17 = `91430100MA4P${String(n).padStart(5, '0')}`;
  return first17 + usccCheckChar(first17);
}

/** Records of a CSV body (quotes honoured, CRLF or LF). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (cell += '"'), i++;
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(cell), (cell = '');
    else if (c === '\n') row.push(cell.replace(/\r$/, '')), rows.push(row), (row = []), (cell = '');
    else cell += c;
  }
  if (cell || row.length) rows.push([...row, cell]);
  return rows;
}

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.runtime.database.db;
  const base = { address: '长沙市岳麓区测试路 1 号', description: '一家做储能电池的企业，这段简介会在名录里截取前一百二十个字。'.repeat(4), contact_person: '赵经理', mobile: MOBILE, email: EMAIL, website: null };
  ids.active = await insertEnterprise(db, { ...base, name: '湖南接口储能科技有限公司', uscc: uscc(1), industry: 'new-energy', region_code: '430100' });
  ids.county = await insertEnterprise(db, { ...base, name: '长沙县接口材料有限公司', uscc: uscc(2), industry: 'new-materials', region_code: '430121' });
  ids.hidden = await insertEnterprise(db, { ...base, name: '已隐藏的接口企业', uscc: uscc(3), industry: 'new-energy', region_code: '430100' });
  await db.updateTable('enterprises').set({ status: 'hidden' }).where('id', '=', ids.hidden).execute();
  const now = new Date().toISOString();
  const post = { enterprise_id: ids.active, kind: 'need' as const, sector: 'new-energy', region_code: '430100', amount_min: '500', amount_max: '2000', space_need: '标准厂房 5000 平方米', reason: null, article_id: null, created_at: now, decided_at: now, decided_by: null };
  await db.insertInto('company_posts').values({ ...post, title: '寻找储能电池配套用地', body: '计划在长沙投资建设储能电池生产线。', status: 'published' }).execute();
  await db.insertInto('company_posts').values({ ...post, title: '尚未审核的需求', body: '这条还在等待审核，不能出现在接口里。', status: 'pending' }).execute();
});
afterAll(async () => {
  await t.close();
});

describe('CORS', () => {
  it('allows any origin to read (GET, HEAD, errors too), exposes ETag, never credentials', async () => {
    for (const url of ['/api/v1/articles', '/api/v1/projects', '/api/openapi.json', '/api/v1/articles/999999']) {
      const res = await get(url, { origin: 'https://example.com' });
      expect(res.headers['access-control-allow-origin'], url).toBe('*');
      expect(String(res.headers['access-control-expose-headers'])).toMatch(/ETag/);
      expect(String(res.headers['access-control-expose-headers'])).toMatch(/Retry-After/);
      expect(res.headers['access-control-allow-credentials'], url).toBeUndefined();
    }
    const head = await t.app.inject({ method: 'HEAD', url: '/api/v1/regions', headers: { origin: 'https://example.com' } });
    expect(head.headers['access-control-allow-origin']).toBe('*');
  });

  it('does not allow writes, and leaves the site\'s pages alone', async () => {
    const post = await t.app.inject({ method: 'POST', url: '/api/v1/articles', headers: { origin: 'https://example.com' }, payload: {} });
    expect(post.statusCode).toBeGreaterThanOrEqual(400);
    expect(post.headers['access-control-allow-origin']).toBeUndefined();
    const page = await get('/', { origin: 'https://example.com' });
    expect(page.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('answers the preflight for If-None-Match with GET only', async () => {
    const res = await t.app.inject({
      method: 'OPTIONS',
      url: '/api/v1/projects?region=430100',
      headers: { origin: 'https://example.com', 'access-control-request-method': 'GET', 'access-control-request-headers': 'if-none-match' },
    });
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(String(res.headers['access-control-allow-methods'])).toBe('GET, HEAD, OPTIONS');
    expect(String(res.headers['access-control-allow-headers'])).toMatch(/If-None-Match/);
    expect(Number(res.headers['access-control-max-age'])).toBeGreaterThan(0);
    expect((await t.app.inject({ method: 'OPTIONS', url: '/projects' })).headers['access-control-allow-origin']).toBeUndefined();
  });
});

describe('ETag and 304', () => {
  it('holds on lists, details, search, enterprises, the document and the exports', async () => {
    const projectId = ((await get('/api/v1/projects')).json() as { items: { id: number }[] }).items[0]?.id;
    const urls = [
      '/api/v1/articles?region=430100',
      '/api/v1/regions',
      `/api/v1/search?q=${encodeURIComponent('长沙')}`,
      '/api/v1/projects?pageSize=5',
      `/api/v1/projects/${projectId}`,
      '/api/v1/sectors',
      '/api/v1/enterprises',
      `/api/v1/enterprises/${ids.active}`,
      '/api/openapi.json',
      '/api/v1/projects.csv',
      '/api/v1/projects/export.json?region=430100',
    ];
    for (const url of urls) {
      const first = await get(url);
      expect(first.statusCode, url).toBe(200);
      const etag = first.headers.etag;
      expect(etag, url).toMatch(/^"[\w-]+"$/);
      expect(first.headers['cache-control'], url).toBe('public, max-age=0, must-revalidate');
      const again = await get(url, { 'if-none-match': String(etag) });
      expect(again.statusCode, url).toBe(304);
      expect(again.body, url).toBe('');
      expect((await get(url, { 'if-none-match': '"stale"' })).statusCode, url).toBe(200);
    }
  });
});

describe('rate limit', () => {
  it('answers the request over the limit with 429, Retry-After and a JSON error; per IP; not on pages', async () => {
    const low = await buildTestApp({ API_RATE_LIMIT: '5' });
    try {
      const call = (url: string, ip = '10.9.0.1') => low.app.inject({ method: 'GET', url, remoteAddress: ip });
      for (let i = 0; i < 5; i++) {
        const ok = await call('/api/v1/articles');
        expect(ok.statusCode).toBe(200);
      }
      const over = await call('/api/v1/regions');
      expect(over.statusCode).toBe(429);
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      expect(Number(over.headers['retry-after'])).toBeLessThanOrEqual(60);
      expect(over.headers['x-ratelimit-limit']).toBe('5');
      expect(over.headers['content-type']).toBe('application/json; charset=utf-8');
      expect(over.headers['access-control-allow-origin']).toBe('*');
      const body = over.json() as { error: { code: string; message: string } };
      expect(body.error.code).toBe('rate_limited');
      expect(body.error.message).toMatch(/请求太频繁，请 \d+ 秒后再试/);
      // Another address has its own budget; the site's pages are not counted.
      expect((await call('/api/v1/articles', '10.9.0.2')).statusCode).toBe(200);
      expect((await call('/')).statusCode).toBe(200);
    } finally {
      await low.close();
    }
  });

  it('gives exports a budget of their own within the API limit', async () => {
    const app = await buildTestApp({ API_RATE_LIMIT: '1000' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 21; i++) statuses.push((await app.app.inject({ method: 'GET', url: '/api/v1/projects.csv', remoteAddress: '10.9.1.1' })).statusCode);
      expect(statuses.slice(0, 20).every((s) => s === 200)).toBe(true);
      const over = await app.app.inject({ method: 'GET', url: '/api/v1/projects/export.json', remoteAddress: '10.9.1.1' });
      expect(over.statusCode).toBe(429);
      expect(Number(over.headers['retry-after'])).toBeGreaterThan(0);
      expect((over.json() as { error: { code: string; message: string } }).error.message).toMatch(/导出太频繁/);
      expect((await app.app.inject({ method: 'GET', url: '/api/v1/projects', remoteAddress: '10.9.1.1' })).statusCode).toBe(200);
    } finally {
      await app.close();
    }
  });
});

describe('the rate limit\'s counter', () => {
  it('counts per key in clock-aligned windows and says when the window turns', () => {
    const limiter = new FixedWindowLimiter(2, 60_000);
    const t0 = 1_800_000_000_000; // a whole minute
    expect(limiter.hit('a', t0)).toEqual({ allowed: true, remaining: 1, resetSeconds: 60 });
    expect(limiter.hit('a', t0 + 1_000).allowed).toBe(true);
    expect(limiter.hit('a', t0 + 15_500)).toEqual({ allowed: false, remaining: 0, resetSeconds: 45 });
    expect(limiter.hit('b', t0 + 15_500).allowed).toBe(true);
    expect(limiter.hit('a', t0 + 60_000)).toEqual({ allowed: true, remaining: 1, resetSeconds: 60 });
  });

  it('keys IPv6 clients by their /64, as the forms\' limiter does', () => {
    expect(clientKey('203.0.113.9')).toBe('203.0.113.9');
    expect(clientKey('2001:db8:1:2:aaaa::1')).toBe(clientKey('2001:db8:1:2:bbbb::2'));
    expect(clientKey('2001:db8:1:2::1')).not.toBe(clientKey('2001:db8:1:3::1'));
    expect(clientKey('::ffff:203.0.113.9')).toBe('203.0.113.9');
  });
});

describe('GET /api/v1/enterprises', () => {
  it('lists active companies with region descendants and sector filters, paginated like the other lists', async () => {
    const all = (await get('/api/v1/enterprises')).json() as { items: { id: number; name: string }[]; page: number; pageSize: number; total: number };
    expect(all).toMatchObject({ page: 1, pageSize: 20, total: 2 });
    expect(all.items.map((e) => e.id).sort()).toEqual([ids.active, ids.county].sort());
    // 长沙县 (430121) is within 长沙市 (430100).
    expect(((await get('/api/v1/enterprises?region=430100')).json() as { total: number }).total).toBe(2);
    expect(((await get('/api/v1/enterprises?region=430121')).json() as { items: { id: number }[] }).items.map((e) => e.id)).toEqual([ids.county]);
    const energy = (await get('/api/v1/enterprises?sector=new-energy')).json() as { items: { id: number; sector: { id: string; name: string } }[] };
    expect(energy.items.map((e) => e.id)).toEqual([ids.active]);
    expect(energy.items[0]?.sector).toEqual({ id: 'new-energy', name: '新能源' });
    const paged = (await get('/api/v1/enterprises?pageSize=1&page=2')).json() as { items: unknown[]; page: number; pageSize: number; total: number };
    expect(paged).toMatchObject({ page: 2, pageSize: 1, total: 2 });
    expect(paged.items).toHaveLength(1);
    expect((await get('/api/v1/enterprises?region=999999')).statusCode).toBe(404);
    for (const q of ['sector=steel-mills', 'pageSize=101', 'page=0', 'region=43']) {
      const res = await get(`/api/v1/enterprises?${q}`);
      expect(res.statusCode, q).toBe(400);
      expect((res.json() as { error: { code: string } }).error.code, q).toBe('invalid_parameter');
    }
  });

  it('shows a profile with exactly the public page\'s fields: never the mobile or e-mail', async () => {
    const res = await get(`/api/v1/enterprises/${ids.active}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain(MOBILE);
    expect(res.body).not.toContain(EMAIL);
    const e = res.json() as Record<string, unknown> & { needs: { title: string }[] };
    expect(Object.keys(e).sort()).toEqual(['address', 'contactPerson', 'description', 'excerpt', 'id', 'name', 'needs', 'region', 'sector', 'url', 'uscc', 'website'].sort());
    expect(e).toMatchObject({ name: '湖南接口储能科技有限公司', contactPerson: '赵经理', uscc: uscc(1), url: `/enterprises/${ids.active}`, region: { code: '430100', name: '长沙市' } });
    expect(e.needs).toEqual([{ title: '寻找储能电池配套用地', body: '计划在长沙投资建设储能电池生产线。', sector: { id: 'new-energy', name: '新能源' }, region: { code: '430100', name: '长沙市' }, amountMinWan: '500', amountMaxWan: '2000', spaceNeed: '标准厂房 5000 平方米' }]);
    // The page shows the same person and no contact details either.
    const page = await get(`/enterprises/${ids.active}`);
    expect(page.body).toContain('赵经理');
    expect(page.body).not.toContain(MOBILE);
    for (const url of [`/api/v1/enterprises/${ids.hidden}`, '/api/v1/enterprises/999999']) {
      const missing = await get(url);
      expect(missing.statusCode, url).toBe(404);
      expect((missing.json() as { error: { code: string } }).error.code).toBe('not_found');
    }
    expect((await get('/api/v1/enterprises/abc')).statusCode).toBe(400);
  });
});

describe('项目库 export', () => {
  it('CSV: UTF-8 with BOM, the header, one row per project of the filter, Chinese intact', async () => {
    for (const query of ['', '?region=430100', '?sort=amount&stage=signing']) {
      const listed = (await get(`/api/v1/projects${query}${query ? '&' : '?'}pageSize=100`)).json() as { total: number; items: { id: number; name: string; region: { name: string } }[] };
      const res = await get(`/api/v1/projects.csv${query}`);
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
      expect(String(res.headers['content-disposition'])).toMatch(/^attachment; filename="zhaoshang-projects(-430100)?-\d{8}\.csv"$/);
      expect([...res.rawPayload.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parseCsv(res.rawPayload.subarray(3).toString('utf8'));
      expect(rows[0]).toEqual(['id', 'name', 'kind', 'stage', 'count', 'amount_yuan', 'region_code', 'region_name', 'park', 'sectors', 'companies', 'first_date', 'last_date', 'source_url']);
      expect(rows.length - 1, query).toBe(listed.total);
      // Same order as the list; names and places byte for byte.
      expect(rows.slice(1).map((r) => Number(r[0]))).toEqual(listed.items.map((p) => p.id));
      const first = listed.items[0];
      if (first) {
        expect(rows[1]?.[1]).toBe(first.name);
        expect(rows[1]?.[7]).toBe(first.region.name);
        expect(rows[1]?.[13]).toMatch(/^http:\/\/localhost(:\d+)?\/articles\/\d+$/);
      }
    }
    expect(parseCsv((await get('/api/v1/projects.csv')).body).some((r) => /[\u4e00-\u9fff]/.test(r[1] ?? ''))).toBe(true);
  });

  it('JSON: the total and every item as the list API shows it', async () => {
    const listed = (await get('/api/v1/projects?region=430100&pageSize=100')).json() as { total: number; items: unknown[] };
    const res = await get('/api/v1/projects/export.json?region=430100');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(String(res.headers['content-disposition'])).toMatch(/attachment; filename="zhaoshang-projects-430100-\d{8}\.json"/);
    const body = res.json() as { total: number; truncated: boolean; items: unknown[] };
    expect(body.total).toBe(listed.total);
    expect(body.truncated).toBe(false);
    expect(body.items).toEqual(listed.items);
    const bad = await get('/api/v1/projects/export.json?from=2025-02-01&to=2025-01-01');
    expect(bad.statusCode).toBe(400);
    expect((bad.json() as { error: { code: string } }).error.code).toBe('invalid_parameter');
  });
});
