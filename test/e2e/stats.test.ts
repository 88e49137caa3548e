// /stats in a real browser: the Hunan map draws its 14 prefectures with values, a click on 株洲市
// opens its region page, the charts draw without console or CSP errors and without moving the
// page, and the tables carry the numbers with scripts off.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveApp, type LiveApp } from '../helpers/live.js';

const shotsDir = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../test-results');
let live: LiveApp | undefined;

function page(): Page {
  if (!live) throw new Error('app not started');
  return live.browser.page;
}

describe('统计 in Chromium', () => {
  beforeAll(async () => {
    live = await startLiveApp();
  });
  afterAll(async () => {
    await live?.close();
  });

  it('the map draws 14 prefectures with values; the charts do not shift the tables', async () => {
    const p = page();
    await p.goto(`${live?.base}/stats`);
    const tableTop = await p.locator('#s-sectors').evaluate((el) => el.getBoundingClientRect().top + window.scrollY);
    await p.waitForSelector('#chart-map[data-ready="1"]');
    const map = await p.evaluate(() => {
      const ec = (window as unknown as { echarts: { getInstanceByDom(el: Element): { getOption(): { series: { data: { name: string; value: number }[] }[] } } } }).echarts;
      const chart = ec.getInstanceByDom(document.getElementById('chart-map') as Element);
      return chart.getOption().series[0]?.data ?? [];
    });
    expect(map).toHaveLength(14);
    expect(map.find((d) => d.name === '株洲市')?.value).toBe(7);
    expect(map.find((d) => d.name === '湘西土家族苗族自治州')?.value).toBe(68);
    // Drawing changed nothing above the next section.
    expect(await p.locator('#s-sectors').evaluate((el) => el.getBoundingClientRect().top + window.scrollY)).toBe(tableTop);
    for (const id of ['chart-sectors', 'chart-stages', 'chart-months', 'chart-conversion']) expect(await p.locator(`#${id} canvas`).count()).toBeGreaterThan(0);
    fs.mkdirSync(shotsDir, { recursive: true });
    await p.locator('#chart-map').screenshot({ path: path.join(shotsDir, 'stats-map.png') });
  });

  it('clicking 株洲市 on the map opens its region page', async () => {
    const p = page();
    const at = await p.evaluate(() => {
      type Rect = { x: number; y: number; width: number; height: number };
      type Region = { getBoundingRect(): Rect; contain(c: number[]): boolean };
      type Chart = { convertToPixel(f: object, v: number[]): number[]; getModel(): { getSeriesByIndex(i: number): { coordinateSystem: { getRegion(n: string): Region } } } };
      const ec = (window as unknown as { echarts: { getInstanceByDom(el: Element): Chart } }).echarts;
      const box = document.getElementById('chart-map') as HTMLElement;
      const chart = ec.getInstanceByDom(box);
      // A point inside 株洲市 away from its label (which sits next to 湘潭市's): its southern part.
      const zhuzhou = chart.getModel().getSeriesByIndex(0).coordinateSystem.getRegion('株洲市');
      const b = zhuzhou.getBoundingRect();
      let inside = [b.x + b.width / 2, b.y + b.height / 2];
      for (const fy of [0.25, 0.3, 0.2, 0.35, 0.15]) {
        const c = [b.x + b.width / 2, b.y + b.height * fy];
        if (zhuzhou.contain(c)) { inside = c; break; }
      }
      const [x = 0, y = 0] = chart.convertToPixel({ seriesIndex: 0 }, inside);
      const r = box.getBoundingClientRect();
      return { x: r.left + x, y: r.top + y };
    });
    await p.mouse.click(at.x, at.y);
    await p.waitForURL(/\/regions\/430200$/);
    expect(await p.locator('h1').textContent()).toContain('株洲');
  });

  it('with scripts off the tables carry every number and the CSV downloads', async () => {
    if (!live) throw new Error('app not started');
    const noScript = await live.browser.context.browser()?.newContext({ javaScriptEnabled: false });
    const p = await noScript?.newPage();
    if (!p) throw new Error('no page');
    await p.goto(`${live.base}/stats`);
    expect(await p.locator('#chart-map .chart-fallback').isVisible()).toBe(true);
    const row = p.locator('table.stats').first().locator('tr', { hasText: '株洲市' });
    expect(await row.textContent()).toContain('7亿元');
    const csv = await p.request.get(`${live.base}/stats.csv?table=regions`);
    expect(csv.headers()['content-type']).toContain('text/csv');
    expect((await csv.text()).startsWith('\uFEFFregion,projects,amount_yuan')).toBe(true);
    await noScript?.close();
  });

  it('no console errors or CSP violations', () => {
    expect(live?.problems).toEqual([]);
  });
});
