// The English site in Chromium: the switch keeps the page, links keep the reader in English, the
// /stats map names its prefectures in English, and the longer English header fits a phone.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveApp, type LiveApp } from '../helpers/live.js';

const shotsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../test-results');
let live: LiveApp | undefined;
const problems: string[] = [];

function app(): LiveApp {
  if (!live) throw new Error('app not started');
  return live;
}

describe('the English site in Chromium', () => {
  beforeAll(async () => {
    live = await startLiveApp();
    live.browser.page.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    live.browser.page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  });
  afterAll(async () => {
    await live?.close();
  });

  it('the switch keeps the page and its query; links then stay in English', async () => {
    const p = app().browser.page;
    await p.goto(`${app().base}/search?q=${encodeURIComponent('长沙')}&sort=newest`);
    await p.locator('.lang-switch a', { hasText: 'English' }).click();
    await p.waitForURL(/\/en\/search\?q=/);
    expect(decodeURIComponent(new URL(p.url()).search)).toBe('?q=长沙&sort=newest');
    expect(await p.getAttribute('html', 'lang')).toBe('en');
    await p.locator('.facets a', { hasText: 'Changsha' }).click();
    await p.waitForURL(/\/en\/search\?.*region=430100/);
    await p.locator('ol.news h2 a').first().click();
    await p.waitForURL(/\/en\/articles\/\d+$/);
    expect(await p.locator('main h1').getAttribute('lang')).toBe('zh-CN');
    await p.locator('.lang-switch a', { hasText: '中文' }).click();
    await p.waitForURL(/\/articles\/\d+$/);
    expect(new URL(p.url()).pathname.startsWith('/en')).toBe(false);
    expect(await p.getAttribute('html', 'lang')).toBe('zh-CN');
  });

  it('/en/stats: the map draws its 14 prefectures under English names', async () => {
    const p = app().browser.page;
    await p.goto(`${app().base}/en/stats`);
    await p.waitForSelector('#chart-map[data-ready="1"]');
    const names = await p.evaluate(() => {
      const ec = (window as unknown as { echarts: { getInstanceByDom(el: Element): { getOption(): { series: { data: { name: string; value: number }[] }[] } } } }).echarts;
      return ec.getInstanceByDom(document.getElementById('chart-map') as Element).getOption().series[0]?.data ?? [];
    });
    expect(names).toHaveLength(14);
    expect(names.find((d) => d.name === 'Zhuzhou')?.value).toBe(7);
    // Every area of the map found its figure (a name the map did not know would be drawn empty).
    const drawn = await p.evaluate(() => {
      type Chart = { getModel(): { getSeriesByIndex(i: number): { getData(): { count(): number; getName(i: number): string; get(dim: string, i: number): number } } } };
      const ec = (window as unknown as { echarts: { getInstanceByDom(el: Element): Chart } }).echarts;
      const data = ec.getInstanceByDom(document.getElementById('chart-map') as Element).getModel().getSeriesByIndex(0).getData();
      return Array.from({ length: data.count() }, (_, i) => data.getName(i));
    });
    expect(drawn).toContain('Xiangxi Tujia and Miao Autonomous Prefecture');
    expect(drawn.some((n) => /\p{Script=Han}/u.test(n))).toBe(false);
    fs.mkdirSync(shotsDir, { recursive: true });
    await p.locator('#chart-map').screenshot({ path: path.join(shotsDir, 'stats-map-en.png') });
  });

  it('on a 375px phone the English pages have no horizontal scrollbar', async () => {
    const p = await app().browser.newPage({ viewport: { width: 375, height: 800 } });
    for (const url of ['/en/', '/en/projects', '/en/stats', '/en/submit', '/en/join', '/en/enterprises', '/projects']) {
      await p.goto(`${app().base}${url}`);
      const overflow = await p.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow, url).toBeLessThanOrEqual(0);
    }
    fs.mkdirSync(shotsDir, { recursive: true });
    await p.goto(`${app().base}/en/`);
    await p.screenshot({ path: path.join(shotsDir, 'home-en-375.png') });
    await p.close();
  });

  it('no console errors or CSP violations', () => {
    expect(problems).toEqual([]);
  });
});
