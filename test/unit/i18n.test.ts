// The English site's pieces: amounts in English words, every interface string translated,
// finished Chinese messages translated by template, URLs kept under /en, and the request's
// language surviving Fastify's hooks, body parsing, awaits and the error handler.
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import { currentLang, localeHooks, stripLanguage, withLang, withLocaleOf } from '../../src/i18n/locale.js';
import { localizeLinks, localizeUrl } from '../../src/i18n/links.js';
import { EN, t, tc, translate } from '../../src/i18n/messages.js';
import { EN_SITE } from '../../src/i18n/en-site.js';
import { EN_DATA } from '../../src/i18n/en-data.js';
import { EN_FORMS } from '../../src/i18n/en-forms.js';
import { placeName, sectorName } from '../../src/i18n/names.js';
import { formatYuan, formatYuanEn, STAGE_LABEL } from '../../src/views/facts.js';
import { SORT_LABEL } from '../../src/views/projects.js';
import { APPLICATION_STATUS, TIP_STATUS } from '../../src/features/submissions/views.js';
import { projectRoot } from '../../src/paths.js';

describe('amounts in English', () => {
  it.each([
    ['2040000000', '2.04 billion yuan', '20.4亿元'],
    ['610000000', '610 million yuan', '6.1亿元'],
    ['15000', '15,000 yuan', '1.5万元'],
    ['700000000', '700 million yuan', '7亿元'],
    ['6800000000', '6.8 billion yuan', '68亿元'],
    ['123456789', '123.456789 million yuan', '1.23456789亿元'],
    ['1000000', '1 million yuan', '100万元'],
    ['999999', '999,999 yuan', '99.9999万元'],
    ['1234.5', '1,234.5 yuan', '1234.5元'],
    ['1500000000000', '1.5 trillion yuan', '15000亿元'],
    ['1234000000000000', '1,234 trillion yuan', '12340000亿元'],
    ['0', '0 yuan', '0元'],
  ])('%s → %s (zh %s)', (value, en, zh) => {
    expect(formatYuanEn(value)).toBe(en);
    expect(formatYuan(value)).toBe(zh);
  });
});

/** Every t('…') / tc('…', '…') of a literal in src/. */
function literalKeys(): { key: string; file: string }[] {
  const out: { key: string; file: string }[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        const src = fs.readFileSync(p, 'utf8');
        for (const m of src.matchAll(/\bt\('((?:[^'\\]|\\.)*)'/g)) out.push({ key: m[1] ?? '', file: p });
        for (const m of src.matchAll(/\btc\('(\w+)', '((?:[^'\\]|\\.)*)'/g)) out.push({ key: `${m[1]}|${m[2]}`, file: p });
      }
    }
  };
  walk(path.join(projectRoot, 'src'));
  return out;
}

describe('messages', () => {
  it('every interface string has its English', () => {
    const keys = literalKeys();
    expect(keys.length).toBeGreaterThan(200);
    const missing = keys.filter((k) => !EN.has(k.key)).map((k) => `${path.relative(projectRoot, k.file)}: ${k.key}`);
    expect(missing).toEqual([]);
    // Labels kept in tables and passed to t() by value.
    const dynamic = [...Object.values(STAGE_LABEL), ...Object.values(SORT_LABEL), ...Object.values(TIP_STATUS), ...Object.values(APPLICATION_STATUS), '阶段不明', '湖南招商'].filter((k) => k !== '—');
    expect(dynamic.filter((k) => !EN.has(k))).toEqual([]);
  });

  it('no key is defined twice, and English keeps every placeholder', () => {
    const all = [EN_SITE, EN_DATA, EN_FORMS].flatMap((d) => Object.keys(d));
    expect(all.filter((k, i) => all.indexOf(k) !== i)).toEqual([]);
    for (const [zh, en] of EN) {
      const names = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(names(en), zh).toEqual(names(zh));
    }
  });

  it('t() and tc() follow the language; Chinese outside a request', () => {
    expect(t('第 {page} 页', { page: 3 })).toBe('第 3 页');
    expect(withLang('en', () => t('第 {page} 页', { page: 3 }))).toBe('Page 3');
    expect(withLang('en', () => [t('地区'), tc('nav', '地区')])).toEqual(['Region', 'Regions']);
    expect(withLang('en', () => t('一句没有译文的话'))).toBe('一句没有译文的话');
  });

  it('translate() turns finished Chinese messages into English, labels included', () => {
    const en = (s: string) => withLang('en', () => translate(s));
    expect(en('请填写标题')).toBe('Title is required');
    expect(en('正文至少 20 个字')).toBe('Text: at least 20 characters');
    expect(en('没有代码为 430799 的地区。')).toBe('There is no region with code 430799.');
    expect(en('最低金额应为以亿元计的数字，如 5 或 0.5，其余条件已保留，请修改后再筛选。')).toBe('Minimum amount must be a number in units of 100 million yuan, such as 5 or 0.5. The other filters are kept; correct it and filter again.');
    expect(en('page：页码必须是整数')).toBe('page: Page number must be a whole number');
    expect(en('第 3 位的 “I” 不是允许的字符（不使用 I、O、Z、S、V）')).toBe('Character 3, “I”, is not allowed (I, O, Z, S and V are not used)');
    expect(en('“changsha”按地名“长沙”查找')).toBe('Searched “changsha” as the place name “Changsha”');
    expect(en('一句没有译文的话')).toBe('一句没有译文的话');
    expect(translate('请填写标题')).toBe('请填写标题');
  });

  it('names: regions from the gazetteer, sectors from the taxonomy', () => {
    expect(withLang('en', () => [placeName({ code: '430725', name: '桃源县' }), placeName({ code: '433100', name: '湘西土家族苗族自治州' }), sectorName({ id: 'new-energy', name: '新能源' })])).toEqual([
      'Taoyuan County',
      'Xiangxi Tujia and Miao Autonomous Prefecture',
      'New energy',
    ]);
    expect(placeName({ code: '430725', name: '桃源县' })).toBe('桃源县');
    expect(withLang('en', () => placeName({ code: '999999', name: '某地' }))).toBe('某地');
  });
});

describe('URLs', () => {
  it.each([
    ['/en', '/'],
    ['/en/', '/'],
    ['/en?page=2', '/?page=2'],
    ['/en/regions/430100', '/regions/430100'],
    ['/en/search?q=%E9%95%BF', '/search?q=%E9%95%BF'],
    ['/english', '/english'],
    ['/enx/a', '/enx/a'],
    ['/en/api/v1/regions', '/en/api/v1/regions'],
    ['/regions', '/regions'],
  ])('stripLanguage(%s) = %s', (url, out) => {
    expect(stripLanguage(url)).toBe(out);
  });

  it.each([
    ['/', '/en/'],
    ['/?page=2', '/en/?page=2'],
    ['/regions/430100', '/en/regions/430100'],
    ['/articles/1#ev-1-2', '/en/articles/1#ev-1-2'],
    ['/en/regions', '/en/regions'],
    ['/api/v1/projects', '/api/v1/projects'],
    ['/assets/stats.js', '/assets/stats.js'],
    ['/rss.xml', '/rss.xml'],
    ['/regions/430100/rss.xml', '/regions/430100/rss.xml'],
    ['/stats.csv?table=regions', '/stats.csv?table=regions'],
    ['/favicon.svg', '/favicon.svg'],
    ['/admin/tips', '/admin/tips'],
    ['/account', '/account'],
    ['//evil.example/x', '//evil.example/x'],
    ['https://example.org/', 'https://example.org/'],
  ])('localizeUrl(%s) = %s', (url, out) => {
    expect(localizeUrl(url)).toBe(out);
  });

  it('localizeLinks rewrites our attributes, never escaped text', () => {
    const markup = '<a href="/regions">x</a>\n<form action="/search"></form><p>href=&quot;/x&quot;</p><a href="#top">t</a><a href="mailto:a@b">m</a>';
    expect(localizeLinks(markup)).toBe('<a href="/en/regions">x</a>\n<form action="/en/search"></form><p>href=&quot;/x&quot;</p><a href="#top">t</a><a href="mailto:a@b">m</a>');
  });
});

describe('the language survives the request', () => {
  async function app() {
    const app = Fastify({ rewriteUrl: (req) => stripLanguage(req.url ?? '/') });
    localeHooks(app);
    const seen: string[] = [];
    const tick = () => new Promise((r) => setTimeout(r, 2));
    // Async hooks after ours, each awaiting: the handler still knows the language.
    app.addHook('onRequest', async () => {
      await tick();
      seen.push(`onRequest:${currentLang()}`);
    });
    app.addHook('preHandler', async () => {
      await new Promise((r) => setImmediate(r));
      seen.push(`preHandler:${currentLang()}`);
    });
    const view = () => `${currentLang()}|${t('首页')}`;
    app.get('/page', async () => {
      await tick();
      return view();
    });
    // A body read from socket events, then a route-level preValidation hook (like CSRF).
    app.post('/form', { preValidation: async () => void seen.push(`preValidation:${currentLang()}`) }, async (request) => {
      await tick();
      return `${view()}|${(request.body as { a: string }).a}`;
    });
    app.get('/fail', async () => {
      await tick();
      throw new Error('boom');
    });
    app.setErrorHandler((_err, request, reply) => reply.code(500).send(withLocaleOf(request, view)));
    app.setNotFoundHandler((request, reply) => reply.code(404).send(withLocaleOf(request, view)));
    app.get('/go', async (_req, reply) => reply.redirect('/page', 303));
    return { app, seen };
  }

  it('through hooks, awaits, body parsing, the error and 404 handlers; redirects stay under /en', async () => {
    const { app: a, seen } = await app();
    expect((await a.inject('/en/page')).body).toBe('en|Home');
    expect((await a.inject('/page')).body).toBe('zh-CN|首页');
    expect(seen).toEqual(['onRequest:en', 'preHandler:en', 'onRequest:zh-CN', 'preHandler:zh-CN']);
    seen.length = 0;
    // A body of many chunks over a real socket: read from socket events, then a route hook.
    const big = 'x'.repeat(300_000);
    await a.listen({ port: 0, host: '127.0.0.1' });
    const { port } = a.server.address() as AddressInfo;
    const posted = await fetch(`http://127.0.0.1:${port}/en/form`, { method: 'POST', body: JSON.stringify({ a: big }), headers: { 'content-type': 'application/json' } });
    expect(await posted.text()).toBe(`en|Home|${big}`);
    expect(seen).toContain('preValidation:en');
    expect((await a.inject('/en/fail')).body).toBe('en|Home');
    expect((await a.inject('/en/nothing')).body).toBe('en|Home');
    expect((await a.inject('/nothing')).body).toBe('zh-CN|首页');
    expect((await a.inject('/en/go')).headers['location']).toBe('/en/page');
    expect((await a.inject('/go')).headers['location']).toBe('/page');
    // Many requests at once never see each other's language.
    const urls = Array.from({ length: 40 }, (_, i) => (i % 2 ? '/en/page' : '/page'));
    const bodies = await Promise.all(urls.map((u) => a.inject(u).then((r) => r.body)));
    expect(bodies).toEqual(urls.map((u) => (u.startsWith('/en') ? 'en|Home' : 'zh-CN|首页')));
    await a.close();
  });
});
