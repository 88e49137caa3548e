// A visitor sends a tip; an editor logs in and publishes it; it is on / and found by search.
// Hostile text in every field of the tip and contact forms shows as text: no dialog ever opens.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestApp } from '../helpers/app.js';
import type { BrowserSession } from '../helpers/browser.js';
import { startLiveApp, type LiveApp } from '../helpers/live.js';

let live: LiveApp | undefined;
let base = '';
let t: TestApp | undefined;
let browser: BrowserSession | undefined;
let dialogs: string[] = [];
const PAYLOADS = ['<script>alert(1)</script>', '<img src=x onerror=alert(1)>', 'javascript:alert(1)'];

beforeAll(async () => {
  live = await startLiveApp([{ email: 'e2e-editor@example.org', password: 'e2e-editor-password', role: 'editor', name: '编辑丙' }]);
  ({ t, browser, base, dialogs } = live);
});

afterAll(async () => {
  await live?.close();
});

describe('moderation in a real browser', () => {
  it('tip → editor publishes → on the home page and found by search', async () => {
    const page = browser!.page;
    await page.goto(`${base}/`);
    await page.click('footer a[href="/submit"]');
    await page.fill('#f-title', '永州电子信息产业园项目集中签约');
    await page.selectOption('#f-region', '431100');
    await page.fill('#f-body', '永州市举行电子信息产业园项目集中签约仪式，共签约项目12个，总投资56亿元。');
    await page.fill('#f-name', '赵女士');
    await page.fill('#f-contact', 'zhao@example.org');
    await page.click('form.stack button[type="submit"]');
    await page.waitForURL(/\/submit\/done/);
    const code = await page.locator('.tracking-code').innerText();
    expect(code).toMatch(/^ZS-/);

    await page.goto(`${base}/login`);
    await page.fill('#f-email', 'e2e-editor@example.org');
    await page.fill('#f-password', 'e2e-editor-password');
    await page.click('form.stack button[type="submit"]');
    await page.waitForURL(/\/admin$/);
    await page.goto(`${base}/admin/tips`);
    await page.click('text=永州电子信息产业园项目集中签约');
    await page.click('form[action$="/publish"] button[type="submit"]');
    await page.waitForURL(/\/articles\/\d+/);
    expect(await page.locator('h1').innerText()).toContain('永州电子信息产业园项目集中签约');

    await page.goto(`${base}/`);
    expect(await page.locator('ol.news h2').first().innerText()).toContain('永州电子信息产业园项目集中签约');
    await page.goto(`${base}/search?q=${encodeURIComponent('永州 电子信息')}`);
    expect(await page.locator('ol.news h2').allInnerTexts()).toContain('【永州招商】永州电子信息产业园项目集中签约');
    await page.goto(`${base}/track?code=${code}`);
    expect(await page.locator('dl.track').innerText()).toContain('已发布');
  });

  it('hostile text in every field of a re-shown form stays text; no dialog opens', async () => {
    const page = browser!.page;
    for (const payload of PAYLOADS) {
      await page.goto(`${base}/submit`);
      await page.fill('#f-title', payload);
      await page.selectOption('#f-region', '430100');
      await page.fill('#f-body', `${payload} 这段正文足够长，用来检查页面不会执行其中的脚本。`);
      await page.fill('#f-source_url', payload);
      await page.fill('#f-name', payload);
      await page.fill('#f-contact', payload);
      await page.click('form.stack button[type="submit"]');
      // The form comes back with its errors and the text kept, as text.
      expect(await page.locator('#f-title').inputValue()).toBe(payload);
      expect(await page.locator('img[src="x"]').count()).toBe(0);
    }
    expect(dialogs).toEqual([]);
  });

  it('a stored tip full of markup is text in the back office, on the article and on /track', async () => {
    const page = browser!.page;
    const { receiveTip } = await import('../../src/features/submissions/service.js');
    const hostile = PAYLOADS.join(' ');
    const code = await receiveTip(t!.runtime.database.db, { title: `标题 ${hostile}`, region: '430100', body: `正文 ${hostile} 足够长的正文内容。`, source_url: 'https://example.org/?q=<script>alert(1)</script>', name: `名字 ${hostile}`, contact: 'x@example.org' });
    await page.goto(`${base}/admin/tips`);
    await page.click(`text=标题 <script>`);
    expect(await page.locator('#f-title').inputValue()).toContain('<script>alert(1)</script>');
    expect(await page.locator('p.muted').first().innerText()).toContain('<img src=x onerror=alert(1)>');
    await page.click('form[action$="/publish"] button[type="submit"]');
    await page.waitForURL(/\/articles\/\d+/);
    expect(await page.locator('h1').innerText()).toContain('<script>alert(1)</script>');
    expect(await page.locator('article img').count()).toBe(0);
    await page.goto(`${base}/track?code=${code}`);
    expect(await page.locator('dl.track').innerText()).toContain('<img src=x onerror=alert(1)>');
    await page.goto(`${base}/search?q=${encodeURIComponent('标题')}`);
    expect(await page.locator('ol.news img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});
