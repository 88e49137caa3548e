// 要点 → evidence in a real browser: clicking a fact in the panel jumps to the words it was read
// from and highlights them, with CSS :target alone (the CSP allows no script). The app runs with
// the demo data on a random 127.0.0.1 port.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveApp, type LiveApp } from '../helpers/live.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shotsDir = path.join(projectRoot, 'test-results');
const TRANSPARENT = 'rgba(0, 0, 0, 0)';

let live: LiveApp | undefined;
const problems: string[] = [];

function page(): Page {
  if (!live) throw new Error('app not started');
  return live.browser.page;
}

const background = (l: Locator) => l.evaluate((el) => getComputedStyle(el).backgroundColor);

async function openArticle(titlePart: string): Promise<void> {
  const p = page();
  await p.goto(`${live?.base}/`);
  await p.locator('ol.news').getByRole('link', { name: new RegExp(titlePart) }).click();
  await p.waitForURL(/\/articles\/\d+$/);
}

/** Clicks a panel link and returns the mark it jumped to, after checking the hash and the highlight. */
async function follow(link: Locator): Promise<Locator> {
  const p = page();
  const href = (await link.getAttribute('href')) ?? '';
  expect(href).toMatch(/^#ev-\d+-\d+$/);
  await link.click();
  await p.waitForFunction((h) => location.hash === h, href);
  const target = p.locator(`article mark.ev${href}`);
  expect(await target.count()).toBe(1);
  await expect.poll(() => background(target)).not.toBe(TRANSPARENT);
  // Jumped to: the mark is inside the viewport.
  const top = await target.evaluate((el) => el.getBoundingClientRect().top);
  expect(top).toBeGreaterThanOrEqual(0);
  expect(top).toBeLessThan(await p.evaluate(() => window.innerHeight));
  return target;
}

describe('要点 links highlight their evidence in Chromium', () => {
  beforeAll(async () => {
    live = await startLiveApp();
    const p = live.browser.page;
    p.on('console', (m) => m.type() === 'error' && problems.push(`console: ${m.text()}`));
    p.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
    p.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} ${r.url()}`));
  });

  afterAll(async () => {
    await live?.close();
  });

  it('桃源县: 投资额 jumps to 20.4亿元 and highlights it; 德雅集团 moves the highlight', async () => {
    const p = page();
    await openArticle('桃源县网络签约活动');
    const panel = p.locator('aside[aria-label="要点"]');

    // Before any click every mark is invisible.
    const marks = p.locator('article mark.ev');
    expect(await marks.count()).toBeGreaterThan(5);
    for (const m of await marks.all()) expect(await background(m)).toBe(TRANSPARENT);

    const amount = await follow(panel.locator('dt:text-is("投资额") + dd a'));
    expect(await amount.textContent()).toBe('20.4亿元');
    expect(await amount.evaluate((el) => el.closest('.body') !== null)).toBe(true);
    await fs.promises.mkdir(shotsDir, { recursive: true });
    await p.screenshot({ path: path.join(shotsDir, 'evidence-amount.png') });

    // Another mark stays invisible.
    const company = panel.getByRole('link', { name: '德雅集团', exact: true });
    const companyMark = p.locator(`article mark.ev${(await company.getAttribute('href')) ?? ''}`);
    expect(await background(companyMark)).toBe(TRANSPARENT);

    const target = await follow(company);
    expect(await target.textContent()).toBe('德雅集团');
    // Only the current target is highlighted.
    await expect.poll(() => background(amount)).toBe(TRANSPARENT);

    // The region is marked in the title; 常德市 (known only from the tag's county) has no link.
    const region = await follow(panel.locator('dt:text-is("地区") + dd').getByRole('link', { name: '桃源县', exact: true }));
    expect(await region.evaluate((el) => el.parentElement?.tagName)).toBe('H1');
    expect(await panel.locator('dt:text-is("地区") + dd').getByRole('link', { name: '常德市' }).count()).toBe(0);
  });

  it('a link to an overlapping span (#ev- of a project) highlights the mark that holds its alias', async () => {
    const p = page();
    await openArticle('湘西吉首');
    const alias = p.locator('article mark.ev > .ev-alias').first();
    const id = (await alias.getAttribute('id')) ?? '';
    expect(id).toMatch(/^ev-\d+-\d+$/);
    await p.goto(`${p.url().replace(/#.*$/, '')}#${id}`);
    const holder = p.locator(`article mark.ev:has(> #${id})`);
    await expect.poll(() => background(holder)).not.toBe(TRANSPARENT);
  });

  it('pulses the target only when the reader allows motion', async () => {
    const p = page();
    await openArticle('桃源县网络签约活动');
    await follow(p.locator('aside[aria-label="要点"] dt:text-is("投资额") + dd a'));
    const animation = () => p.locator('article mark.ev:target').evaluate((el) => getComputedStyle(el).animationName);
    await p.emulateMedia({ reducedMotion: 'no-preference' });
    expect(await animation()).toBe('ev-pulse');
    await p.emulateMedia({ reducedMotion: 'reduce' });
    expect(await animation()).toBe('none');
  });

  it('no console errors, page errors or failed requests, and no dialogs', () => {
    expect(problems).toEqual([]);
    expect(live?.dialogs).toEqual([]);
  });
});
