// 项目库 in a real browser: filter with the form, open a batch, follow its amount to the article
// where the words are highlighted; an editor corrects a project and the public page follows.
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveApp, type LiveApp } from '../helpers/live.js';

let live: LiveApp | undefined;

function page(): Page {
  if (!live) throw new Error('app not started');
  return live.browser.page;
}

describe('项目库 in Chromium', () => {
  beforeAll(async () => {
    live = await startLiveApp();
  });
  afterAll(async () => {
    await live?.close();
  });

  it('filters by region and amount, keeps the choices, and shows the counted-once total', async () => {
    const p = page();
    await p.goto(`${live?.base}/`);
    await p.getByRole('navigation', { name: '主导航' }).getByRole('link', { name: '项目库' }).click();
    await p.waitForURL(/\/projects$/);
    await p.locator('select[name="region"]').selectOption('430700');
    await p.locator('input[name="min"]').fill('10');
    await p.getByRole('button', { name: '筛选' }).click();
    await p.waitForURL(/region=430700/);
    expect(await p.locator('select[name="region"]').inputValue()).toBe('430700');
    expect(await p.locator('input[name="min"]').inputValue()).toBe('10');
    const rows = p.locator('table.projects tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain('20.4亿元');
    expect(await p.locator('.result-count').textContent()).toContain('20.4亿元');
  });

  it('a batch page lists its projects and its amount links to the highlighted words', async () => {
    const p = page();
    await p.getByRole('link', { name: /桃源县网络签约/ }).click();
    await p.waitForURL(/\/projects\/\d+$/);
    expect(await p.locator('ul.children').textContent()).toContain('嘉泰鞋业项目');
    await p.locator('ol.timeline').getByRole('link', { name: '20.4亿元' }).click();
    await p.waitForURL(/\/articles\/\d+#ev-\d+-\d+$/);
    const hash = await p.evaluate(() => location.hash);
    const mark = p.locator(`mark.ev${hash}`);
    expect(await mark.textContent()).toBe('20.4亿元');
    await expect.poll(() => mark.evaluate((el) => getComputedStyle(el).backgroundColor)).not.toBe('rgba(0, 0, 0, 0)');
  });

  it('a bad amount keeps the form and says what is wrong, in Chinese', async () => {
    const p = page();
    await p.goto(`${live?.base}/projects?stage=signing&min=${encodeURIComponent('十亿')}`);
    expect(await p.locator('.notice').textContent()).toContain('最低金额应为以亿元计的数字');
    expect(await p.locator('select[name="stage"]').inputValue()).toBe('signing');
    expect(await p.locator('input[name="min"]').inputValue()).toBe('十亿');
  });

  it('no console errors or CSP violations', () => {
    expect((live?.problems ?? []).filter((x) => !x.includes('400'))).toEqual([]);
  });
});
