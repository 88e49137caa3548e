// A reader in a real browser: the home page, an article, its region and the parent region,
// a long truncated report with its table of contents, and the home page on a phone.
// The app runs in-process on a random 127.0.0.1 port with a fresh SQLite database holding the demo data.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { assertChromiumInstalled, assertCjkFontInstalled, launchBrowser, type BrowserSession } from '../helpers/browser.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shotsDir = path.join(projectRoot, 'test-results');

const TAOYUAN_TITLE = '桃源县网络签约活动';
const YIYANG_TITLE = '2019年益阳市政府工作报告';

let t: TestApp | undefined;
let browser: BrowserSession | undefined;
let base = '';
/** Console errors, page errors and failed responses seen by any page: a broken CSP or asset shows up here. */
const problems: string[] = [];

function watch(page: Page): Page {
  page.on('console', (m) => {
    if (m.type() !== 'error') return;
    const url = m.location().url;
    problems.push(`console: ${m.text()}${url ? ` (${url})` : ''}`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  return page;
}

async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(shotsDir, { recursive: true });
  const file = path.join(shotsDir, name);
  await page.screenshot({ path: file, fullPage: true });
  console.log(`screenshot: ${file}`);
  return file;
}

function page(): Page {
  if (!browser) throw new Error('browser not launched');
  return browser.page;
}

describe('reading the portal in Chromium', () => {
  beforeAll(async () => {
    // Fail (never skip) when the machine lacks the browser or a font for Chinese.
    assertChromiumInstalled();
    assertCjkFontInstalled();
    t = await buildTestApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    const addr = t.app.server.address() as AddressInfo;
    base = `http://127.0.0.1:${addr.port}`;
    browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
    watch(browser.page);
  });

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('home page lists the ten demo articles with region tag, title and date', async () => {
    const p = page();
    await p.goto(`${base}/`);
    expect(await p.title()).toContain('湖南招商');
    await expect.poll(() => p.locator('h1').textContent()).toBe('最新招商资讯');

    const items = p.locator('ol.news > li');
    expect(await items.count()).toBe(10);
    for (const li of await items.all()) {
      const tag = (await li.locator('h2 .tag').textContent()) ?? '';
      expect(tag).toMatch(/^【[\u4e00-\u9fff]+招商】$/);
      const heading = (await li.locator('h2 a').textContent()) ?? '';
      expect(heading.startsWith(tag)).toBe(true);
      expect(heading.slice(tag.length).trim().length).toBeGreaterThan(4);
      expect(await li.locator('time').textContent()).toBe('2025-07-09');
      expect(await li.locator('time').getAttribute('datetime')).toBe('2025-07-09');
    }
    const tags = await p.locator('ol.news .tag').allTextContents();
    expect(tags).toContain('【长沙招商】');

    // The stylesheet arrived and applied (helmet's CSP allows 'self').
    const headerBg = await p.locator('header.site').evaluate((el) => getComputedStyle(el).backgroundColor);
    expect(headerBg).toBe('rgb(179, 38, 30)');

    await screenshot(p, 'home.png');
  });

  it('reader opens the 桃源县 article, goes to its county, then up to 常德市', async () => {
    const p = page();
    await p.goto(`${base}/`);
    await p.locator('ol.news').getByRole('link', { name: new RegExp(TAOYUAN_TITLE) }).click();
    await p.waitForURL(/\/articles\/\d+$/);

    const h1 = (await p.locator('article h1').textContent()) ?? '';
    expect(h1).toContain(TAOYUAN_TITLE);
    expect(h1).toContain('【桃源县招商】');
    expect(await p.locator('article .meta time').textContent()).toBe('2025-07-09');

    // The five numbered sections are h2 headings inside the article body, in order, each followed by text.
    const headings = await p.locator('article .body h2').allTextContents();
    expect(headings.map((h) => h.slice(0, 2))).toEqual(['一、', '二、', '三、', '四、', '五、']);
    for (const h of await p.locator('article .body h2').all()) {
      const next = await h.evaluate((el) => el.nextElementSibling?.tagName ?? '');
      expect(next).toBe('P');
    }
    expect(await p.locator('article .body p').count()).toBeGreaterThanOrEqual(6);
    await screenshot(p, 'article-taoyuan.png');

    // The region link in the meta line leads to the county page.
    const regionLink = p.locator('article .meta').getByRole('link', { name: '桃源县', exact: true });
    expect(await regionLink.getAttribute('href')).toBe('/regions/430725');
    await regionLink.click();
    await p.waitForURL(`${base}/regions/430725`);
    expect(await p.locator('h1').textContent()).toBe('桃源县招商资讯');
    expect(await p.locator('ol.news').getByRole('link', { name: new RegExp(TAOYUAN_TITLE) }).count()).toBe(1);

    // Its breadcrumb links up to the prefecture.
    const crumbs = p.locator('nav[aria-label="位置"]');
    expect((await crumbs.textContent())?.replace(/\s+/g, '')).toBe('首页›湖南省›常德市›桃源县');
    const up = crumbs.getByRole('link', { name: '常德市', exact: true });
    expect(await up.getAttribute('href')).toBe('/regions/430700');
    await up.click();
    await p.waitForURL(`${base}/regions/430700`);
    expect(await p.locator('h1').textContent()).toBe('常德市招商资讯');
    // The prefecture page lists its county's article and shows the county among its children.
    expect(await p.locator('ol.news').getByRole('link', { name: new RegExp(TAOYUAN_TITLE) }).count()).toBe(1);
    expect(await p.locator('ul.children').getByRole('link', { name: '桃源县', exact: true }).getAttribute('href')).toBe('/regions/430725');
  });

  it('the 益阳 report says its source was truncated and has a working table of contents', async () => {
    const p = page();
    await p.goto(`${base}/`);
    await p.locator('ol.news').getByRole('link', { name: new RegExp(YIYANG_TITLE) }).click();
    await p.waitForURL(/\/articles\/\d+$/);
    expect(await p.locator('article h1').textContent()).toContain(YIYANG_TITLE);

    const notice = (await p.locator('article [role="note"]').textContent()) ?? '';
    expect(notice).toContain('原文说明');
    expect(notice).toContain('截断');

    const toc = p.locator('nav[aria-label="目录"]');
    expect(await toc.count()).toBe(1);
    const links = toc.locator('a');
    const n = await links.count();
    expect(n).toBeGreaterThanOrEqual(5);
    // Every entry points at a heading in the body with the same text.
    for (const a of await links.all()) {
      const href = (await a.getAttribute('href')) ?? '';
      expect(href).toMatch(/^#.+/);
      const target = p.locator(`article .body ${href}`);
      expect(await target.count(), `target of ${href}`).toBe(1);
      expect(await target.evaluate((el) => el.tagName)).toMatch(/^H[23]$/);
      expect((await target.textContent())?.trim()).toBe((await a.textContent())?.trim());
    }

    // Clicking an entry jumps there: the hash changes and the heading is scrolled to the top of the viewport.
    const pick = links.nth(Math.min(3, n - 1));
    const href = (await pick.getAttribute('href')) ?? '';
    expect(await p.evaluate(() => window.scrollY)).toBe(0);
    await pick.click();
    await p.waitForFunction((h) => location.hash === h, href);
    const top = await p.locator(href).evaluate((el) => el.getBoundingClientRect().top);
    expect(Math.abs(top)).toBeLessThan(40);
    expect(await p.evaluate(() => window.scrollY)).toBeGreaterThan(500);
  });

  it('on a 375px phone the home page has no horizontal scrollbar', async () => {
    if (!browser) throw new Error('browser not launched');
    const phone = watch(await browser.newPage({ viewport: { width: 375, height: 740 } }));
    try {
      await phone.goto(`${base}/`);
      expect(await phone.locator('ol.news > li').count()).toBe(10);
      const { scrollWidth, clientWidth } = await phone.evaluate(() => ({
        scrollWidth: document.documentElement.scrollWidth,
        clientWidth: document.documentElement.clientWidth,
      }));
      expect(clientWidth).toBe(375);
      expect(scrollWidth).toBeLessThanOrEqual(375);
      await screenshot(phone, 'home-375.png');
    } finally {
      await phone.close();
    }
  });

  it('no console errors, page errors or failed requests along the way', () => {
    expect(problems).toEqual([]);
  });
});
