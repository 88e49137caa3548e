// A reader searches from the header box, narrows by region, switches to newest, and pages back.
import fs from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectRoot } from '../../src/paths.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { assertChromiumInstalled, assertCjkFontInstalled, launchBrowser, type BrowserSession } from '../helpers/browser.js';

let t: TestApp | undefined;
let browser: BrowserSession | undefined;
let base = '';

beforeAll(async () => {
  assertChromiumInstalled();
  assertCjkFontInstalled();
  t = await buildTestApp();
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
});

describe('search in a real browser', () => {
  it('header box → highlighted results → region facet → newest', async () => {
    const page = browser!.page;
    await page.goto(`${base}/articles/1`);
    await page.fill('header input[name="q"]', '長沙 新能源');
    await page.press('header input[name="q"]', 'Enter');
    await page.waitForURL(/\/search\?q=/);
    expect(await page.locator('h1').innerText()).toBe('搜索：长沙 新能源');
    const first = page.locator('ol.news > li').first();
    expect(await first.locator('h2').innerText()).toContain('长沙新能源汽车产业加速崛起');
    expect(await first.locator('mark').count()).toBeGreaterThan(0);
    expect(await page.locator('#sq').inputValue()).toBe('长沙 新能源');

    fs.mkdirSync(path.join(projectRoot, 'test-results'), { recursive: true });
    const shot = path.join(projectRoot, 'test-results', 'search.png');
    await page.screenshot({ path: shot, fullPage: true });
    console.log(`screenshot: ${shot}`);

    await page.locator('nav.facets a', { hasText: '长沙市' }).click();
    await page.waitForURL(/region=430100/);
    expect(await page.locator('.search-form p.muted').innerText()).toContain('长沙市');
    const titles = await page.locator('ol.news h2').allInnerTexts();
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.every((x) => x.startsWith('【长沙招商】'))).toBe(true);

    await page.locator('p.sort a', { hasText: '最新' }).click();
    await page.waitForURL(/sort=newest/);
    expect(page.url()).toContain('region=430100');
    expect(await page.locator('p.sort strong').innerText()).toBe('最新');
  });

  it('a date filter from the form keeps the query', async () => {
    const page = browser!.page;
    await page.goto(`${base}/search?q=${encodeURIComponent('招商引资')}`);
    await page.locator('.search-form summary').click();
    await page.fill('.search-form input[name="from"]', '2030-01-01');
    await page.click('.search-form button[type="submit"]');
    await page.waitForURL(/from=2030-01-01/);
    expect(await page.locator('.result-count').innerText()).toContain('找到 0 篇');
    expect(await page.locator('#sq').inputValue()).toBe('招商引资');
  });
});
