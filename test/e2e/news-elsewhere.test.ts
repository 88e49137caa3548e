// The 项目库 and the statistics on ordinary news the portal was not built from, in a real browser:
// three articles written for this test in the shapes the issue names (a 岳阳 signing of named
// projects with their investors and amounts and a future clause, a 衡阳 batch start, a 郴州
// completion of a 年产… project), and a 长沙 signing that discloses no amounts.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJsonLines } from '../../src/content/listing.js';
import { importArticles } from '../../src/features/news/import.js';
import { startLiveApp, type LiveApp } from '../helpers/live.js';

let live: LiveApp | undefined;

function page(): Page {
  if (!live) throw new Error('app not started');
  return live.browser.page;
}

const ARTICLES = [
  {
    title: '岳阳经开区集中签约12个项目 总投资86.5亿元',
    body:
      '11月20日，岳阳经济技术开发区举行重点项目集中签约活动，现场签约项目12个，总投资86.5亿元。' +
      '其中，比亚迪股份有限公司投资35亿元建设岳阳新能源动力电池零部件项目；中国石化长岭炼化有限责任公司投资12亿元建设特种环氧树脂项目；' +
      '云溪区引进的年产3万吨电子化学品项目总投资6.2亿元。上述项目全部建成投产后，预计年产值超过120亿元。',
    date: '2033-11-20',
  },
  {
    title: '衡阳8个重大项目集中开工',
    body: '11月22日，衡阳市四季度重大项目集中开工活动在衡阳高新区举行，本次集中开工项目8个，总投资42亿元。衡阳智能终端产业园项目总投资15亿元，衡南县农产品冷链物流中心项目总投资3.5亿元。',
    date: '2033-11-22',
  },
  {
    title: '郴州年产5万吨高纯锌项目竣工投产',
    body: '11月25日，湖南金旺铋业股份有限公司在永兴县投资建设的年产5万吨高纯锌项目正式竣工投产。该项目总投资约15.6亿元，达产后可实现年产值约30亿元。',
    date: '2033-11-25',
  },
  {
    title: '长沙县集中签约10个项目',
    body: '11月26日，长沙县举行招商引资项目集中签约仪式，共签约项目10个，涉及智能制造、生物医药等领域，投资额均未对外公布。',
    date: '2033-11-26',
  },
];

describe('news the portal was not built from, in Chromium', () => {
  beforeAll(async () => {
    live = await startLiveApp();
    const lines = ARTICLES.map((a) => JSON.stringify(a)).join('\n') + '\n';
    await importArticles(live.t.runtime.database.db, live.t.runtime, parseJsonLines(lines));
  });
  afterAll(async () => {
    await live?.close();
  });

  /** The 项目库 rows for a search, as the visitor reads them: name, stage, amount. */
  async function rows(q: string): Promise<string[][]> {
    const p = page();
    await p.goto(`${live?.base}/projects?q=${encodeURIComponent(q)}`);
    return p.locator('table.projects tbody tr').evaluateAll((trs) =>
      trs.map((tr) => [...tr.querySelectorAll('td')].slice(0, 3).map((td) => (td.textContent ?? '').trim())),
    );
  }

  it('a company investing in a named project is one row with both; a future clause makes no project', async () => {
    const byd = await rows('动力电池零部件');
    expect(byd).toHaveLength(1);
    expect(byd[0]?.[0]).toContain('岳阳新能源动力电池零部件项目');
    expect(byd[0]?.[1]).toBe('签约');
    expect(byd[0]?.[2]).toContain('35亿元');
    expect(await rows('比亚迪股份有限公司项目')).toHaveLength(0);
    const resin = await rows('特种环氧树脂');
    expect(resin).toHaveLength(1);
    expect(resin[0]?.[2]).toContain('12亿元');
    expect(await rows('上述项目')).toHaveLength(0);
    // The project's page names its investor.
    await page().goto(`${live?.base}/projects?q=${encodeURIComponent('动力电池零部件')}`);
    await page().locator('table.projects tbody tr a').first().click();
    await page().waitForURL(/\/projects\/\d+$/);
    expect(await page().locator('main').textContent()).toContain('比亚迪股份有限公司');
  });

  it('each amount belongs to its own project; a 年产… name is whole, with its company and amount', async () => {
    expect((await rows('智能终端产业园'))[0]?.[2]).toContain('15亿元');
    expect((await rows('冷链物流中心'))[0]?.[2]).toContain('3.5亿元');
    const zinc = await rows('高纯锌');
    expect(zinc).toHaveLength(1);
    expect(zinc[0]?.[0]).toContain('年产5万吨高纯锌项目');
    expect(zinc[0]?.[1]).toBe('竣工投产');
    expect(zinc[0]?.[2]).toContain('15.6亿元');
    await page().locator('table.projects tbody tr a').first().click();
    expect(await page().locator('main').textContent()).toContain('湖南金旺铋业股份有限公司');
    // 郴州 counts it in the statistics.
    const stats = (await (await page().request.get(`${live?.base}/api/v1/stats?region=431000`)).json()) as { totals: { projects: number; amountYuan: string } };
    expect(stats.totals.projects).toBeGreaterThanOrEqual(1);
    expect(Number(stats.totals.amountYuan)).toBeGreaterThanOrEqual(1_560_000_000);
  });

  it('/stats: the sector shares add up to 100 %, and the map shows 长沙 with its undisclosed projects', async () => {
    const p = page();
    await p.goto(`${live?.base}/stats`);
    const shares = await p
      .locator('section[aria-labelledby="s-sectors"] table tbody tr td:last-child')
      .evaluateAll((tds) => tds.map((td) => Number((td.textContent ?? '').replace('%', ''))).filter((n) => !Number.isNaN(n)));
    expect(shares.length).toBeGreaterThan(1);
    expect(Math.abs(shares.reduce((a, b) => a + b, 0) - 100)).toBeLessThan(0.1 * shares.length);
    // The regions table adds up too (the last row holds what is placed at the province only).
    const regionShares = await p
      .locator('section[aria-labelledby="s-regions"] table tbody tr td:last-child')
      .evaluateAll((tds) => tds.map((td) => Number((td.textContent ?? '').replace('%', ''))).filter((n) => !Number.isNaN(n)));
    expect(Math.abs(regionShares.reduce((a, b) => a + b, 0) - 100)).toBeLessThan(0.1 * regionShares.length);
    await p.waitForSelector('#chart-map[data-ready="1"]');
    const changsha = await p.evaluate(() => {
      type Item = { name: string; projects: number; undisclosed: number; itemStyle?: { areaColor?: string } };
      const ec = (window as unknown as { echarts: { getInstanceByDom(el: Element): { getOption(): { series: { data: Item[] }[] } } } }).echarts;
      const data = ec.getInstanceByDom(document.getElementById('chart-map') as Element).getOption().series[0]?.data ?? [];
      return data.find((d) => d.name === '长沙市');
    });
    expect(changsha?.projects).toBeGreaterThanOrEqual(10);
    expect(changsha?.undisclosed).toBeGreaterThanOrEqual(10);
    // The 长沙 row says its projects' amounts are not disclosed instead of showing nothing.
    const row = p.locator('section[aria-labelledby="s-regions"] table tbody tr', { hasText: '长沙市' });
    expect(Number(await row.locator('td').nth(2).textContent())).toBeGreaterThanOrEqual(10);
  });

  it('no console errors or CSP violations', () => {
    expect(live?.problems ?? []).toEqual([]);
  });
});
