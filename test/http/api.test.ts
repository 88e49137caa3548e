import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

interface ListBody {
  items: { id: number; title: string; regionTag: string | null; region: { code: string; name: string; level: string }; publishedAt: string; excerpt: string; url: string }[];
  page: number;
  pageSize: number;
  total: number;
}

async function api(url: string) {
  return t.app.inject({ method: 'GET', url });
}

describe('GET /api/v1/articles', () => {
  it('lists articles with the documented fields', async () => {
    const res = await api('/api/v1/articles');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    expect(res.headers.etag).toBeDefined();
    const body = res.json() as ListBody;
    expect(body).toMatchObject({ page: 1, pageSize: 20, total: 10 });
    expect(body.items).toHaveLength(10);
    const item = body.items.find((a) => a.title.startsWith('湘西吉首'));
    expect(item).toMatchObject({ regionTag: '吉首市招商', region: { code: '433101', name: '吉首市', level: 'county' }, publishedAt: '2025-07-09' });
    expect(item?.url).toBe(`/articles/${item?.id}`);
    expect(Object.keys(item ?? {}).sort()).toEqual(['excerpt', 'id', 'publishedAt', 'region', 'regionTag', 'title', 'url']);
  });

  it('filters by region including descendants, and pages with a unique order', async () => {
    const xiangxi = (await api('/api/v1/articles?region=433100')).json() as ListBody;
    expect(xiangxi.items.map((a) => a.region.code)).toEqual(['433101']);
    const changsha = (await api('/api/v1/articles?region=430100')).json() as ListBody;
    expect(changsha.total).toBe(4);
    const p1 = (await api('/api/v1/articles?pageSize=3&page=1')).json() as ListBody;
    const p2 = (await api('/api/v1/articles?pageSize=3&page=2')).json() as ListBody;
    expect(p1.total).toBe(10);
    const ids = [...p1.items, ...p2.items].map((a) => a.id);
    expect(new Set(ids).size).toBe(6);
    // Same dates everywhere: the id tie-breaker keeps the order stable, newest (highest id) first.
    expect(ids).toEqual([...ids].sort((a, b) => b - a));
  });

  it('404 JSON for an unknown region, 400 JSON for bad parameters', async () => {
    const unknown = await api('/api/v1/articles?region=999999');
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ error: { code: 'not_found' } });
    for (const q of ['page=0', 'page=-1', 'page=abc', 'pageSize=1000', 'region=43', 'page=1.5']) {
      const res = await api(`/api/v1/articles?${q}`);
      expect(res.statusCode, q).toBe(400);
      const body = res.json() as { error: { code: string; message: string } };
      expect(body.error.code, q).toBe('invalid_parameter');
      expect(body.error.message, q).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('GET /api/v1/articles/:id', () => {
  it('returns the item plus body and sections', async () => {
    const list = (await api('/api/v1/articles?region=430725')).json() as ListBody;
    const id = list.items[0]?.id;
    const res = await api(`/api/v1/articles/${id}`);
    expect(res.statusCode).toBe(200);
    const a = res.json() as { body: string; sections: { level: number; marker: string; title: string; paragraphs: string[] }[]; sourceTruncated: boolean };
    expect(a).toMatchObject({ id, regionTag: '桃源县招商', region: { code: '430725' }, sourceTruncated: false });
    expect(a.body).toContain('总投资额20.4亿元');
    expect(a.sections.filter((s) => s.level === 1).map((s) => s.marker)).toEqual(['一、', '二、', '三、', '四、', '五、']);
  });

  it('404 for an unknown id, 400 for one that is not an id', async () => {
    expect((await api('/api/v1/articles/424242')).json()).toMatchObject({ error: { code: 'not_found' } });
    const bad = await api('/api/v1/articles/abc');
    expect(bad.statusCode).toBe(400);
    expect(bad.json()).toMatchObject({ error: { code: 'invalid_parameter' } });
  });
});

describe('GET /api/v1/regions', () => {
  it('returns the whole tree flat, with parents and counts', async () => {
    const res = await api('/api/v1/regions');
    const { items } = res.json() as { items: { code: string; name: string; level: string; parent: string | null; articleCount: number }[] };
    expect(items).toHaveLength(137);
    expect(items[0]).toEqual({ code: '430000', name: '湖南省', level: 'province', parent: null, articleCount: 10 });
    expect(items.find((r) => r.code === '430725')).toEqual({ code: '430725', name: '桃源县', level: 'county', parent: '430700', articleCount: 1 });
    expect(items.find((r) => r.code === '430300')?.articleCount).toBe(1);
  });
});
