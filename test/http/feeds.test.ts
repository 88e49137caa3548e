// Feeds, sitemaps, robots.txt and article metadata over HTTP on a real SQLite database: the demo
// articles plus a few imported ones (a county of 长沙, a title full of markup), parsed as XML.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJsonLines } from '../../src/content/listing.js';
import { hashPassword } from '../../src/features/auth/passwords.js';
import { insertUser } from '../../src/features/auth/repository.js';
import { importArticles } from '../../src/features/news/import.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { FormClient } from '../helpers/client.js';

const ORIGIN = 'https://zhaoshang.example';
const EDITOR = { email: 'feeds-editor@example.org', password: 'editor-password-1' };
// Markup, an ampersand, quotes and a control character: escaping in XML, HTML and JSON-LD.
const HOSTILE = '【桃源县招商】测试</script><script>alert(1)</script> & "引号" <b>标签</b>\u0001项目';

let t: TestApp;
const db = () => t.runtime.database.db;
const gz = () => t.runtime.gazetteer;
const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', isArray: (name) => ['item', 'entry', 'url', 'sitemap'].includes(name) });

beforeAll(async () => {
  t = await buildTestApp({ PUBLIC_URL: ORIGIN });
  const jsonl = (rows: object[]) => parseJsonLines(rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  await importArticles(db(), t.runtime, jsonl([
    { title: '【浏阳市招商】浏阳市新能源汽车零部件项目签约', body: '浏阳经开区新能源汽车零部件项目签约，总投资10亿元。', date: '2030-01-02' },
    { title: HOSTILE, body: '桃源县签约一个医疗康养项目，总投资2亿元。', date: '2030-01-01' },
  ]));
  await insertUser(db(), { email: EDITOR.email, passwordHash: await hashPassword(EDITOR.password), role: 'editor', name: '编辑乙' });
  // A published enterprise profile and a hidden one; a hidden project.
  const now = new Date().toISOString();
  const company = { uscc: '', industry: 'nev', region_code: '430100', address: '长沙', description: '', contact_person: '张', mobile: '13800138000', email: 'e@example.org', website: null, created_at: now, updated_at: now };
  await db().insertInto('enterprises').values([{ ...company, name: '公开企业', uscc: '91430100MA4L000011', status: 'active' }, { ...company, name: '隐藏企业', uscc: '91430100MA4L000012', status: 'hidden' }]).execute();
  const firstProject = await db().selectFrom('projects').select('id').orderBy('id').executeTakeFirstOrThrow();
  await db().updateTable('projects').set({ hidden: 1 }).where('id', '=', firstProject.id).execute();
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

async function published(): Promise<{ id: number; title: string; region_code: string }[]> {
  return db().selectFrom('articles').select(['id', 'title', 'region_code']).where('status', '=', 'published').execute();
}
async function idOf(titlePart: string): Promise<number> {
  const a = (await published()).find((r) => r.title.includes(titlePart));
  if (!a) throw new Error(`no article ${titlePart}`);
  return a.id;
}

interface RssItem { title: string; link: string; guid: { '#text': string; '@isPermaLink': string }; pubDate: string; description: string; category: string }
async function rss(url: string): Promise<{ channel: { title: string; description: string; link: string; item?: RssItem[] } }> {
  const res = await get(url);
  expect(res.statusCode, res.body).toBe(200);
  expect(res.headers['content-type']).toBe('application/rss+xml; charset=utf-8');
  expect(XMLValidator.validate(res.body)).toBe(true);
  return (parser.parse(res.body) as { rss: { channel: { title: string; description: string; link: string; item?: RssItem[] } } }).rss;
}
const ids = (items: readonly { link: string }[] | undefined) => (items ?? []).map((i) => Number(i.link.split('/').pop())).sort((a, b) => a - b);

describe('feeds', () => {
  it('/rss.xml: the newest articles, newest first, with absolute links, China-midnight dates, excerpt and region', async () => {
    const { channel } = await rss('/rss.xml');
    expect(channel.title).toContain(t.config.site.name);
    expect(channel.link).toBe(`${ORIGIN}/`);
    const items = channel.item ?? [];
    expect(items).toHaveLength((await published()).length);
    const first = items[0];
    expect(first?.title).toBe('浏阳市新能源汽车零部件项目签约');
    expect(first?.link).toBe(`${ORIGIN}/articles/${await idOf('浏阳市新能源')}`);
    expect(first?.guid['#text']).toBe(first?.link);
    expect(first?.pubDate).toBe('Tue, 01 Jan 2030 16:00:00 GMT'); // 2030-01-02 00:00 +08:00
    expect(first?.category).toBe('浏阳市');
    expect(first?.description).toContain('浏阳经开区新能源汽车零部件项目签约');
    const dates = items.map((i) => Date.parse(i.pubDate));
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
  });

  it('/atom.xml: the same articles as Atom entries; a title with markup survives XML and HTML', async () => {
    const res = await get('/atom.xml');
    expect(res.headers['content-type']).toBe('application/atom+xml; charset=utf-8');
    expect(XMLValidator.validate(res.body)).toBe(true);
    const feed = (parser.parse(res.body) as { feed: { title: string; author: { name: string }; entry: { title: { '#text': string; '@type': string }; id: string; updated: string; published: string }[] } }).feed;
    expect(feed.author.name).toBe(t.config.site.name);
    expect(feed.entry).toHaveLength((await published()).length);
    expect(feed.entry[0]?.published).toBe('2030-01-01T16:00:00.000Z');
    // type="html": the text is escaped HTML, which reads back as the stored title without the control character.
    const stored = (await published()).find((a) => a.title.includes('alert(1)'))?.title ?? '';
    const hostile = feed.entry.find((e) => e.title['#text'].includes('alert'));
    expect(hostile?.title['@type']).toBe('html');
    const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
    expect(unescape(hostile?.title['#text'] ?? '')).toBe(stored.replace('\u0001', ''));
    expect(res.body).not.toContain('\u0001');
    const { channel } = await rss('/rss.xml');
    expect(channel.item?.find((i) => i.title.includes('alert'))?.title).toBe(stored.replace('\u0001', ''));
  });

  it('a region feed holds the region and everything below it: a county article is in its city and the province, not another city', async () => {
    const within = async (code: string) => (await published()).filter((a) => gz().isWithin(a.region_code, code)).map((a) => a.id).sort((a, b) => a - b);
    const liuyang = await idOf('浏阳市新能源');
    const taoyuan = await idOf('桃源县网络签约');
    for (const code of ['430000', '430100', '430181', '430700', '430725']) {
      const { channel } = await rss(`/regions/${code}/rss.xml`);
      expect(ids(channel.item), code).toEqual(await within(code));
      expect(channel.title).toContain(gz().get(code)?.name ?? '?');
    }
    const changsha = ids((await rss('/regions/430100/rss.xml')).channel.item);
    const changde = ids((await rss('/regions/430700/rss.xml')).channel.item);
    const province = ids((await rss('/regions/430000/rss.xml')).channel.item);
    expect(changsha).toContain(liuyang);
    expect(changsha).not.toContain(taoyuan);
    expect(changde).toContain(taoyuan);
    expect(changde).not.toContain(liuyang);
    expect(province).toEqual(expect.arrayContaining([liuyang, taoyuan]));
  });

  it('a sector feed holds exactly the published articles whose stored facts name the sector', async () => {
    const facts = await db().selectFrom('article_facts as f').innerJoin('articles as a', 'a.id', 'f.article_id').select(['f.article_id', 'f.facts']).where('a.status', '=', 'published').execute();
    const naming = (sector: string) => facts.filter((f) => (JSON.parse(f.facts) as { sectors: { id: string }[] }).sectors.some((s) => s.id === sector)).map((f) => f.article_id).sort((a, b) => a - b);
    for (const sector of ['nev', 'health', 'aerospace']) {
      const { channel } = await rss(`/sectors/${sector}/rss.xml`);
      expect(ids(channel.item), sector).toEqual(naming(sector));
      expect(naming(sector).length, sector).toBeGreaterThan(0);
    }
    expect(ids((await rss('/sectors/nev/rss.xml')).channel.item)).toContain(await idOf('浏阳市新能源'));
    expect(ids((await rss('/sectors/health/rss.xml')).channel.item)).not.toContain(await idOf('浏阳市新能源'));
    expect((await rss('/sectors/nev/rss.xml')).channel.title).toContain('新能源汽车');
  });

  it('an unknown region or sector is a 404 with a Chinese message', async () => {
    for (const [url, text] of [['/regions/999999/rss.xml', '没有代码为 999999 的地区'], ['/regions/abc/rss.xml', '没有代码为 abc 的地区'], ['/sectors/no-such/rss.xml', '没有编号为 no-such 的行业']] as const) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(404);
      expect(res.body).toContain(text);
    }
  });

  it('sends an ETag and answers a matching If-None-Match with 304', async () => {
    const first = await get('/regions/430100/rss.xml');
    const etag = first.headers.etag as string;
    expect(etag).toMatch(/^".+"$/);
    const again = await get('/regions/430100/rss.xml', { 'if-none-match': etag });
    expect(again.statusCode).toBe(304);
    expect(again.body).toBe('');
    // Same content, same bytes: the feed's dates come from the articles, not the clock.
    expect((await get('/regions/430100/rss.xml')).headers.etag).toBe(etag);
  });

  it('pages link the site feeds in <head>', async () => {
    const home = (await get('/')).body;
    expect(home).toContain('<link rel="alternate" type="application/rss+xml" title="湖南招商 · 最新资讯" href="/rss.xml">');
    expect(home).toContain('<link rel="alternate" type="application/atom+xml"');
  });
});

describe('article metadata', () => {
  it('NewsArticle JSON-LD parses, names the article, and cannot close its <script>', async () => {
    const id = await idOf('alert(1)');
    const stored = (await published()).find((a) => a.id === id)?.title ?? '';
    const body = (await get(`/articles/${id}`)).body;
    const blocks = [...body.matchAll(/<script type="application\/ld\+json">([\s\S]*?)<\/script>/g)];
    expect(blocks).toHaveLength(1);
    expect(body.match(/<script\b/g)).toHaveLength(1); // the title's <script> never became an element
    const json = blocks[0]?.[1] ?? '';
    expect(json).not.toMatch(/[<>&]/);
    const ld = JSON.parse(json) as Record<string, unknown>;
    expect(ld).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'NewsArticle',
      headline: stored,
      datePublished: '2030-01-01T00:00:00+08:00',
      inLanguage: 'zh-CN',
      url: `${ORIGIN}/articles/${id}`,
      mainEntityOfPage: { '@id': `${ORIGIN}/articles/${id}` },
      publisher: { '@type': 'Organization', name: t.config.site.name },
      contentLocation: { name: '桃源县' },
    });
    expect(typeof ld['description']).toBe('string');
    expect(Date.parse(String(ld['dateModified']))).toBeGreaterThanOrEqual(Date.parse('2030-01-01T00:00:00+08:00'));
  });

  it('Open Graph tags and the canonical URL', async () => {
    const id = await idOf('桃源县网络签约');
    const body = (await get(`/articles/${id}`)).body;
    const og = (p: string) => body.match(new RegExp(`<meta property="${p}" content="([^"]*)">`))?.[1];
    expect(og('og:type')).toBe('article');
    expect(og('og:title')).toBe('桃源县网络签约活动成功引进7个重点招商投资项目');
    expect(og('og:description')).toContain('桃源县通过网络签约活动');
    expect(og('og:url')).toBe(`${ORIGIN}/articles/${id}`);
    expect(og('og:site_name')).toBe(t.config.site.name);
    expect(og('og:locale')).toBe('zh_CN');
    expect(og('article:published_time')).toBe('2025-07-09T00:00:00+08:00');
    expect(body).toContain(`<link rel="canonical" href="${ORIGIN}/articles/${id}">`);
  });
});

describe('robots.txt', () => {
  it('keeps crawlers out of private paths and points to the sitemap', async () => {
    const res = await get('/robots.txt');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    const lines = res.body.split('\n');
    expect(lines[0]).toBe('User-agent: *');
    for (const p of ['/admin', '/account', '/api/', '/login', '/invite', '/track']) expect(lines).toContain(`Disallow: ${p}`);
    expect(lines).toContain('Allow: /');
    expect(lines).toContain(`Sitemap: ${ORIGIN}/sitemap.xml`);
    // Nothing public is disallowed.
    for (const p of ['/', '/articles/1', '/regions', '/projects', '/search', '/submit', '/enterprises']) {
      expect(lines.filter((l) => l.startsWith('Disallow: ')).some((l) => p.startsWith(l.slice('Disallow: '.length))), p).toBe(false);
    }
  });
});

describe('sitemap', () => {
  const locs = async (url = '/sitemap.xml') => {
    const res = await get(url);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/xml; charset=utf-8');
    expect(XMLValidator.validate(res.body)).toBe(true);
    const set = (parser.parse(res.body) as { urlset: { url: { loc: string; lastmod?: string }[] } }).urlset;
    return new Map(set.url.map((u) => [u.loc, u.lastmod]));
  };

  it('lists the public pages, every region, published enterprises, visible projects and every published article, with lastmod', async () => {
    const map = await locs();
    for (const p of ['/', '/regions', '/projects', '/search', '/submit', '/contact', '/join', '/enterprises']) expect(map.has(ORIGIN + p), p).toBe(true);
    for (const r of gz().regions) expect(map.has(`${ORIGIN}/regions/${r.code}`), r.code).toBe(true);
    expect(map.get(`${ORIGIN}/`)).toBe('2030-01-02');
    expect(map.get(`${ORIGIN}/regions/430100`)).toBe('2030-01-02');
    for (const a of await published()) expect(map.get(`${ORIGIN}/articles/${a.id}`), a.title).toMatch(/^\d{4}-\d{2}-\d{2}T/);
    const enterprises = await db().selectFrom('enterprises').select(['id', 'status']).execute();
    for (const e of enterprises) expect(map.has(`${ORIGIN}/enterprises/${e.id}`)).toBe(e.status === 'active');
    const projects = await db().selectFrom('projects').select(['id', 'hidden']).execute();
    expect(projects.some((p) => p.hidden)).toBe(true);
    for (const p of projects) expect(map.has(`${ORIGIN}/projects/${p.id}`), `project ${p.id}`).toBe(!p.hidden);
    expect([...map.keys()].filter((k) => k.includes('/articles/'))).toHaveLength((await published()).length);
  });

  it('an article an editor unpublishes leaves the sitemap and the feeds at once', async () => {
    const id = await idOf('浏阳市新能源');
    expect((await locs()).has(`${ORIGIN}/articles/${id}`)).toBe(true);
    const editor = new FormClient(t.app, '10.9.0.1');
    expect((await editor.post('/login', EDITOR)).statusCode).toBe(303);
    const off = await editor.post(`/admin/articles/${id}/unpublish`, { status_reason: '测试下线' }, { csrfFrom: `/admin/articles/${id}/edit` });
    expect(off.statusCode).toBe(303);
    expect((await locs()).has(`${ORIGIN}/articles/${id}`)).toBe(false);
    expect(ids((await rss('/rss.xml')).channel.item)).not.toContain(id);
    expect(ids((await rss('/regions/430100/rss.xml')).channel.item)).not.toContain(id);
    expect(ids((await rss('/sectors/nev/rss.xml')).channel.item)).not.toContain(id);
    expect((await get('/sitemaps/articles-1.xml')).body).not.toContain(`/articles/${id}<`);
  });
});

describe('without PUBLIC_URL', () => {
  let h: TestApp;
  beforeAll(async () => {
    h = await buildTestApp();
  });
  afterAll(async () => {
    await h?.close();
  });

  it('links use the host each request came to, and one host never sees another host’s links', async () => {
    const a = await h.app.inject({ url: '/rss.xml', headers: { host: 'a.example' } });
    const b = await h.app.inject({ url: '/rss.xml', headers: { host: 'evil.example' } });
    const again = await h.app.inject({ url: '/rss.xml', headers: { host: 'a.example' } });
    expect(a.body).toContain('<link>http://a.example/articles/');
    expect(b.body).toContain('<link>http://evil.example/articles/');
    expect(again.body).not.toContain('evil.example');
    expect((await h.app.inject({ url: '/rss.xml', headers: { host: 'a.example', 'if-none-match': String(a.headers.etag) } })).statusCode).toBe(304);
    expect((await h.app.inject({ url: '/robots.txt', headers: { host: 'a.example:8080' } })).body).toContain('Sitemap: http://a.example:8080/sitemap.xml');
    // A Host that is not a bare host[:port] is refused, not written into links.
    const bad = await h.app.inject({ url: '/sitemap.xml', headers: { host: 'a.example/evil?x=' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('Host');
  });

  it('the article page has a path canonical link and no host-bound URL', async () => {
    const body = (await h.app.inject({ url: '/articles/1', headers: { host: 'evil.example' } })).body;
    expect(body).toContain('<link rel="canonical" href="/articles/1">');
    expect(body).not.toContain('evil.example');
    expect(body).not.toContain('og:url');
    expect(body).toContain('<meta property="og:title"');
  });
});

describe('sitemap index past 50,000 URLs', () => {
  let big: TestApp;
  let extra = 0;
  beforeAll(async () => {
    big = await buildTestApp({ PUBLIC_URL: ORIGIN });
    const now = new Date().toISOString();
    const row = (i: number) => ({ import_key: `bulk-${i}`, content_hash: '', title: `批量文章 ${i}`, region_tag: null, region_code: '430100', region_l1: '430000', region_l2: '430100', region_l3: null, body: '正文', excerpt: '正文', published_at: '2024-01-01', source_truncated: 0, source_note: null, status: 'published' as const, created_at: now, updated_at: now });
    extra = 50_100;
    await big.runtime.database.db.transaction().execute(async (trx) => {
      for (let i = 0; i < extra; i += 1000) await trx.insertInto('articles').values(Array.from({ length: Math.min(1000, extra - i) }, (_, k) => row(i + k))).execute();
    });
  });
  afterAll(async () => {
    await big?.close();
  });

  it('/sitemap.xml becomes an index of chunks of at most 50,000 URLs that together list every article', async () => {
    const index = await big.app.inject({ url: '/sitemap.xml' });
    const files = (parser.parse(index.body) as { sitemapindex: { sitemap: { loc: string }[] } }).sitemapindex.sitemap.map((s) => s.loc);
    expect(files).toEqual(expect.arrayContaining([`${ORIGIN}/sitemaps/pages-1.xml`, `${ORIGIN}/sitemaps/articles-1.xml`, `${ORIGIN}/sitemaps/articles-2.xml`]));
    expect(files).not.toContain(`${ORIGIN}/sitemaps/articles-3.xml`);
    const seen = new Set<string>();
    for (const f of files) {
      const res = await big.app.inject({ url: f.slice(ORIGIN.length) });
      expect(res.statusCode, f).toBe(200);
      const urls = (parser.parse(res.body) as { urlset: { url: { loc: string }[] } }).urlset.url;
      expect(urls.length, f).toBeLessThanOrEqual(50_000);
      for (const u of urls) seen.add(u.loc);
    }
    const all = await big.runtime.database.db.selectFrom('articles').select('id').where('status', '=', 'published').execute();
    expect(all.length).toBeGreaterThan(extra);
    for (const a of all) expect(seen.has(`${ORIGIN}/articles/${a.id}`)).toBe(true);
    expect(seen.has(`${ORIGIN}/regions/430725`)).toBe(true);
    for (const u of ['/sitemaps/articles-3.xml', '/sitemaps/pages-2.xml', '/sitemaps/articles-0.xml', '/sitemaps/users-1.xml']) expect((await big.app.inject({ url: u })).statusCode, u).toBe(404);
  });
});
