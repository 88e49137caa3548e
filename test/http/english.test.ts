// The English site: every public page also at /en/…, interface in English, content in Chinese
// (marked lang="zh-CN"), region and sector names in English, amounts as "2.04 billion yuan";
// lang, hreflang and the language switch; links, forms and redirects stay under /en; the page
// cache keeps the languages apart.
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { FormClient } from '../helpers/client.js';
import { unmarkedChinese } from '../helpers/html-lang.js';

let t: TestApp;
let ipSeq = 0;
const visitor = () => new FormClient(t.app, `10.77.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`);
const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

/** The 桃源县 article (7 projects signed, 20.4亿元) and its batch in the 项目库. */
let taoyuan: { articleId: number; batchId: number; deyaId: number };

beforeAll(async () => {
  t = await buildTestApp();
  const db = t.runtime.database.db;
  const article = await db.selectFrom('articles').select('id').where('title', 'like', '桃源县网络签约%').executeTakeFirstOrThrow();
  const batch = await db.selectFrom('projects').select('id').where('article_id', '=', article.id).where('kind', '=', 'group').executeTakeFirstOrThrow();
  const deya = await db.selectFrom('projects').select('id').where('amount_yuan', '=', '610000000').where('parent_id', '=', batch.id).executeTakeFirstOrThrow();
  taoyuan = { articleId: article.id, batchId: batch.id, deyaId: deya.id };
});
afterAll(async () => {
  await t.close();
});

const enc = encodeURIComponent;

/** Every public page of the README's "Pages and API" table and the forms, with English it must show. */
function pages(): { path: string; english: string[] }[] {
  return [
    { path: '/', english: ['Latest investment news', 'Skip to content', 'Main navigation', 'Contact us', 'Taoyuan County'] },
    { path: `/articles/${taoyuan.articleId}`, english: ['Key facts', 'Published: ', 'Taoyuan County', 'Changde', '2.04 billion yuan', 'Projects in the database', 'New energy'] },
    { path: '/regions', english: ['Browse by region', 'Xiangxi Tujia and Miao Autonomous Prefecture', 'Taoyuan County'] },
    { path: '/regions/430700', english: ['Investment news: Changde', 'Projects and investment', 'Current stage', 'Lower-level regions'] },
    { path: `/search?q=${enc('长沙')}`, english: ['Search: ', 'Found', 'By region', 'Relevance', 'Changsha'] },
    { path: '/search', english: ['Try: ', 'Search terms'] },
    { path: '/projects', english: ['Filter projects', 'All sectors', 'Amount (100 million yuan)', 'with an amount', 'Taoyuan County', 'billion yuan'] },
    { path: `/projects/${taoyuan.batchId}`, english: ['Timeline', 'Stage', 'Signed', '2.04 billion yuan', 'Taoyuan County'] },
    { path: '/stats', english: ['Investment statistics', 'By prefecture', 'By sector', 'Download CSV', 'Zhuzhou', '700 million yuan'] },
    { path: '/submit', english: ['Send a tip', 'Title', 'Source URL (optional)', 'Choose…', 'Hunan Province (whole province)'] },
    { path: '/track', english: ['Track a submission', 'Tracking code'] },
    { path: '/contact', english: ['Leave us a message', 'Subject', 'Message'] },
    { path: '/join', english: ['Company registration', 'Unified social credit code', 'Business licence (PDF, JPEG or PNG, at most 5 MB)', 'Equipment manufacturing'] },
    { path: '/enterprises', english: ['Registered companies', 'All'] },
    { path: '/login', english: ['Log in', 'Password'] },
  ];
}

/** Internal links and form actions of a page (not #fragments, mailto:, other sites). */
function internalLinks(body: string): string[] {
  return [...body.matchAll(/\s(?:href|action)="(\/[^"]*)"/g)].map((m) => m[1] ?? '').filter((u) => !u.startsWith('//'));
}

/** What may keep one address in both languages: files, the API, assets, the back office. */
const SHARED = /^\/(?:api|assets|admin|account|logout)(?:[/?#]|$)|^\/[^?#]*\.[a-z0-9]+(?:[?#]|$)/i;

function alternates(body: string): Record<string, string> {
  return Object.fromEntries([...body.matchAll(/<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">/g)].map((m) => [m[1], m[2]]));
}

const decoded = (s: string) => decodeURIComponent(s.replace(/&amp;/g, '&'));

describe('every public page in English', () => {
  it('answers under /en with lang="en", English interface strings and links that stay under /en', async () => {
    for (const p of pages()) {
      const res = await get(`/en${p.path}`);
      expect(res.statusCode, p.path).toBe(200);
      expect(res.body, p.path).toContain('<html lang="en">');
      for (const s of p.english) expect(res.body, `${p.path}: ${s}`).toContain(s);
      // The frame is English: no Chinese navigation left behind.
      expect(res.body, p.path).not.toContain('>首页<');
      expect(res.body, p.path).not.toContain('跳到正文');
      for (const link of internalLinks(res.body)) {
        if (link === '/' || link.startsWith('/?') || !/^\/en(?:[/?#]|$)/.test(link)) {
          // Only the language switch and hreflang links point at the Chinese page.
          const isSwitch = res.body.includes(`href="${link}" hreflang="zh-CN"`) || res.body.includes(`hreflang="zh-CN" href="${link}"`) || res.body.includes(`hreflang="x-default" href="${link}"`);
          expect(SHARED.test(link) || isSwitch, `${p.path}: ${link}`).toBe(true);
        }
      }
    }
  });

  it('shows Chinese only as marked content (lang="zh-CN"), also on error pages and forms with errors', async () => {
    const more = ['/en/articles/10', '/en/regions/433100', '/en/search?q=changsha', '/en/stats?region=430700', '/en/track?code=ZS-AAAA-BBBB', '/en/nope', '/en/projects?min=abc', '/en/stats?from=2024-13', '/en/search?q=x&from=2024-99-99'];
    for (const url of [...pages().map((p) => `/en${p.path}`), ...more]) {
      const res = await get(url);
      expect(unmarkedChinese(res.body), url).toEqual([]);
    }
    const bad = await visitor().post('/en/submit', { title: '', body: 'short' }, { csrfFrom: '/en/submit' });
    expect(bad.statusCode).toBe(400);
    expect(unmarkedChinese(bad.body)).toEqual([]);
  });

  it('has hreflang links for both languages and x-default, and a switch to the same page', async () => {
    for (const p of pages()) {
      for (const lang of ['zh-CN', 'en'] as const) {
        const url = lang === 'en' ? `/en${p.path}` : p.path;
        const res = await get(url);
        const alt = alternates(res.body);
        expect(decoded(alt['zh-CN'] ?? ''), url).toBe(decoded(p.path));
        expect(decoded(alt['en'] ?? ''), url).toBe(decoded(p.path === '/' ? '/en/' : `/en${p.path}`));
        expect(alt['x-default'], url).toBe(alt['zh-CN']);
        expect(res.body, url).toContain(`<html lang="${lang}">`);
        const other = lang === 'en' ? alt['zh-CN'] : alt['en'];
        expect(res.body, url).toContain(`<a href="${other}" hreflang="${lang === 'en' ? 'zh-CN' : 'en'}"`);
      }
    }
  });

  it('pages with one address (the API docs) have no switch and no alternates', async () => {
    const docs = await get('/api/docs');
    expect(docs.statusCode).toBe(200);
    expect(docs.body).not.toContain('hreflang');
    expect(docs.body).not.toContain('class="lang-switch"');
  });

  it('/en and /en/ are the English home page; /english and /en/api are not', async () => {
    for (const url of ['/en', '/en/', '/en?page=1']) {
      const res = await get(url);
      expect(res.statusCode, url).toBe(200);
      expect(res.body).toContain('Latest investment news');
    }
    expect((await get('/english')).statusCode).toBe(404);
    expect((await get('/en/api/v1/regions')).statusCode).toBe(404);
    expect((await get('/api/v1/regions')).statusCode).toBe(200);
  });

  it('the switch keeps the path and the query, both ways', async () => {
    const q = `?q=${enc('长沙')}&sort=newest&region=430100`;
    const switchTo = (body: string, lang: string) => decoded(new RegExp(`<a href="([^"]+)" hreflang="${lang}"`).exec(body)?.[1] ?? '');
    expect(switchTo((await get(`/en/search${q}`)).body, 'zh-CN')).toBe('/search?q=长沙&sort=newest&region=430100');
    expect(switchTo((await get(`/search${q}`)).body, 'en')).toBe('/en/search?q=长沙&sort=newest&region=430100');
    // Not cached (a form): the query as it came.
    expect(switchTo((await get('/en/track?code=ZS-AAAA-BBBB')).body, 'zh-CN')).toBe('/track?code=ZS-AAAA-BBBB');
    const page2 = await get('/en/regions/430100?page=1');
    expect(page2.body).toContain('<a href="/regions/430100?page=1" hreflang="zh-CN"');
  });

  it('a cached page carries only the query its route knows, never what its first visitor typed', async () => {
    const first = await get('/en/regions/430300?page=1&utm_source=x%22y');
    expect(first.body).toContain('<a href="/regions/430300?page=1" hreflang="zh-CN"');
    expect(first.body).not.toContain('utm_source');
    const again = await get('/en/regions/430300?page=1');
    expect(again.headers['etag']).toBe(first.headers['etag']);
  });
});

describe('content stays Chinese, names and amounts are English', () => {
  it('the 桃源县 article: title and text in Chinese, marked lang="zh-CN"; 要点 in English', async () => {
    const res = await get(`/en/articles/${taoyuan.articleId}`);
    expect(res.body).toMatch(/<h1 lang="zh-CN"><span class="tag">【桃源县招商】<\/span>.*网络签约活动成功引进7个重点招商投资项目<\/h1>/);
    expect(res.body).toContain('<div class="body" lang="zh-CN">');
    expect(res.body).toContain('总投资额<mark class="ev"');
    // 要点: the amount as English words, the count, the stage, sectors and places in English.
    expect(res.body).toMatch(/<dt>Investment<\/dt><dd><a href="#ev-\d+-\d+">2\.04 billion yuan<\/a><\/dd>/);
    expect(res.body).toMatch(/<dt>Projects<\/dt><dd><a href="#ev-\d+-\d+">7<\/a> \(Signed\)<\/dd>/);
    expect(res.body).toContain('Healthcare and elderly care');
    // Company names are content.
    expect(res.body).toMatch(/<span lang="zh-CN"><a href="#ev-\d+-\d+">德雅集团<\/a>/);
    expect(res.body).not.toContain('20.4亿元</a></dd>');
  });

  it('the 项目库 pages write amounts in English: 2.04 billion, 610 million yuan', async () => {
    const batch = await get(`/en/projects/${taoyuan.batchId}`);
    expect(batch.body).toContain('<dt>Investment</dt><dd>2.04 billion yuan</dd>');
    expect(batch.body).toContain('<dt>Region</dt><dd><a href="/en/regions/430725">Taoyuan County</a></dd>');
    expect(batch.body).toContain('610 million yuan');
    const deya = await get(`/en/projects/${taoyuan.deyaId}`);
    expect(deya.body).toContain('<dt>Investment</dt><dd>610 million yuan</dd>');
    expect(deya.body).toMatch(/<h1><span lang="zh-CN">[^<]+<\/span><\/h1>/);
    const list = await get(`/en/projects?region=430725`);
    expect(list.body).toContain('<td class="num">2.04 billion yuan</td>');
    expect(list.body).toContain('(Taoyuan County)');
    // The API keeps its Chinese texts: the pages translate, the data does not change.
    const api = JSON.parse((await get(`/api/v1/projects/${taoyuan.batchId}`)).body) as { amountText: string; region: { name: string } };
    expect(api).toMatchObject({ amountText: '20.4亿元', region: { name: '桃源县' } });
  });

  it('/stats: English names in the tables and the chart data; the map keeps its Chinese area names', async () => {
    const res = await get('/en/stats');
    expect(res.body).toMatch(/<th scope="row"><a href="\/en\/regions\/430200">Zhuzhou<\/a><\/th><td class="num">\d+<\/td><td class="num">700 million yuan<\/td>/);
    const data = JSON.parse(/<script type="application\/json" id="stats-data">(.*?)<\/script>/s.exec(res.body)?.[1] ?? '{}') as { regions: { name: string; geo: string }[]; stages: { name: string }[] };
    expect(data.regions).toContainEqual(expect.objectContaining({ name: 'Zhuzhou', geo: '株洲市' }));
    expect(data.stages.map((s) => s.name)).toContain('Signed');
    expect(res.body).toContain('<script src="/assets/stats.js" defer></script>');
    expect(res.body).toContain('href="/stats.csv?table=regions"');
  });

  it('search: results are Chinese, the frame and the facets English', async () => {
    const res = await get(`/en/search?q=${enc('长沙')}`);
    expect(res.body).toMatch(/<h2 lang="zh-CN"><a href="\/en\/articles\/\d+"><span class="tag">【长沙招商】<\/span>/);
    expect(res.body).toContain(`<a href="/en/search?q=${enc('长沙')}&amp;region=430100">Changsha</a>`);
    const pinyin = await get('/en/search?q=changsha');
    expect(pinyin.body).toMatch(/Searched “changsha” as the place name/);
  });
});

describe('forms and redirects under /en', () => {
  it('a tip with mistakes comes back in English with what was typed; a good one redirects under /en', async () => {
    const c = visitor();
    const bad = await c.post('/en/submit', { title: '英文页面的投稿', region: '430100', body: '太短', source_url: 'ftp://x', name: 'Ann', contact: '13800138000' }, { csrfFrom: '/en/submit' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('<html lang="en">');
    expect(bad.body).toContain('field(s) need correcting');
    expect(bad.body).toContain('Text: at least 20 characters');
    expect(bad.body).toContain('Source URL must start with http:// or https://');
    expect(bad.body).toContain('value="英文页面的投稿"');
    expect(bad.body).toContain('<option value="430100" selected>Changsha (whole prefecture)</option>');
    expect(bad.body).toContain('action="/en/submit"');
    const good = await c.post('/en/submit', { title: '英文页面的投稿', region: '430100', body: '长沙市日前与某新材料企业签约，项目总投资12亿元，建设新材料生产线。', name: 'Ann', contact: '13800138000' }, { csrfFrom: '/en/submit' });
    expect(good.statusCode).toBe(303);
    expect(good.headers['location']).toMatch(/^\/en\/submit\/done\?code=ZS-/);
    const done = await c.get(String(good.headers['location']));
    expect(done.body).toContain('Received, thank you');
    expect(done.body).toMatch(/href="\/en\/track\?code=ZS-/);
  });

  it('a Chinese form keeps Chinese messages and redirects without /en', async () => {
    const c = visitor();
    const good = await c.post('/contact', { name: '王先生', contact: '13800138000', subject: '咨询', message: '想了解用地政策。' });
    expect(good.headers['location']).toBe('/contact/sent');
    const en = await visitor().post('/en/contact', { name: 'Ann', contact: '13800138000', subject: 'Land', message: 'About land policy.' }, { csrfFrom: '/en/contact' });
    expect(en.headers['location']).toBe('/en/contact/sent');
  });

  it('企业入驻 (multipart) under /en: errors in English beside the kept fields', async () => {
    const c = visitor();
    const page = await c.get('/en/join');
    const csrf = FormClient.csrf(page.body);
    const boundary = 'zsboundary';
    const part = (name: string, value: string) => `--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`;
    const payload = `${part('_csrf', csrf)}${part('company_name', '常德测试科技有限公司')}${part('uscc', '123')}${part('industry', 'equipment')}--${boundary}--\r\n`;
    const res = await t.app.inject({ method: 'POST', url: '/en/join', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, cookie: `_csrf=${c.cookie('_csrf') ?? ''}` } });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toContain('Must be 18 characters; this has 3');
    expect(res.body).toContain('Please upload the business licence');
    expect(res.body).toContain('value="常德测试科技有限公司"');
  });
});

describe('error pages in English', () => {
  const expectEnglishError = (res: LightMyRequestResponse, status: number, message: string) => {
    expect(res.statusCode).toBe(status);
    expect(res.body).toContain('<html lang="en">');
    expect(res.body).toContain(message);
    expect(res.body).toContain('<a href="/en/">Back to the home page</a>');
  };

  it('404, 400 and 429', async () => {
    expectEnglishError(await get('/en/no-such-page'), 404, 'There is no page at this address.');
    expectEnglishError(await get('/en/articles/99999'), 404, 'There is no such article; it may have been deleted or never existed.');
    expectEnglishError(await get('/en/regions/999999'), 404, 'There is no region with code 999999.');
    expectEnglishError(await get('/en/?page=abc'), 400, 'page: Page number must be a whole number');
    expectEnglishError(await get('/en/articles/%E0%A4%A'), 400, 'The request is malformed.');
    // The form limit: five posts a minute from one address, then 429 with the wait in English.
    const c = visitor();
    let last: LightMyRequestResponse | undefined;
    for (let i = 0; i < 6; i++) last = await c.post('/en/contact', { name: '' }, { csrfFrom: '/en/contact' });
    if (!last) throw new Error('no response');
    expectEnglishError(last, 429, 'Too many submissions. Please try again in');
    // The same errors stay Chinese on the Chinese site.
    const zh = await get('/no-such-page');
    expect(zh.body).toContain('<html lang="zh-CN">');
    expect(zh.body).toContain('没有找到这个页面。');
  });
});

describe('the page cache keeps the languages apart', () => {
  it('zh, then en, then zh of the same path: each its own page and ETag', async () => {
    for (const path of ['/', `/articles/${taoyuan.articleId}`, '/projects', '/stats', `/search?q=${enc('桃源')}`]) {
      const zh1 = await get(path);
      const en = await get(path === '/' ? '/en/' : `/en${path}`);
      const zh2 = await get(path);
      expect(zh1.body, path).toContain('<html lang="zh-CN">');
      expect(en.body, path).toContain('<html lang="en">');
      expect(zh2.body, path).toBe(zh1.body);
      expect(en.headers['etag'], path).not.toBe(zh1.headers['etag']);
      // The Chinese tag does not validate the English page.
      const revalidate = await get(path === '/' ? '/en/' : `/en${path}`, { 'if-none-match': String(zh1.headers['etag']) });
      expect(revalidate.statusCode, path).toBe(200);
    }
  });
});
