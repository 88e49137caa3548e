// Markup and javascript: URLs in every field of 联系我们 and 企业入驻 are stored and shown as text:
// in the form when it comes back, in the back office, and on the public company profile.
// No dialog ever opens.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { usccCheckChar } from '../../src/forms/validators.js';
import type { BrowserSession } from '../helpers/browser.js';
import { startLiveApp, type LiveApp } from '../helpers/live.js';

let live: LiveApp | undefined;
let base = '';
let browser: BrowserSession | undefined;
let dialogs: string[] = [];
const X = '<script>alert(1)</script><img src=x onerror=alert(2)>javascript:alert(3)';

beforeAll(async () => {
  live = await startLiveApp([{ email: 'xss-editor@example.org', password: 'xss-editor-password', role: 'editor', name: '编辑己' }]);
  ({ browser, base, dialogs } = live);
});

afterAll(async () => {
  await live?.close();
});

describe('hostile text in 联系我们 and 企业入驻', () => {
  it('contact: every field, re-shown and in the inbox, as text', async () => {
    const page = browser!.page;
    await page.goto(`${base}/contact`);
    for (const name of ['name', 'organization', 'subject', 'message']) await page.fill(`[name="${name}"]`, `${X} ${name} 足够长的内容`);
    await page.fill('[name="contact"]', X); // invalid: the form comes back
    await page.click('form.stack button[type="submit"]');
    expect(await page.locator('[name="subject"]').inputValue()).toContain(X);
    await page.fill('[name="contact"]', 'xss@example.org');
    await page.click('form.stack button[type="submit"]');
    await page.waitForURL(/\/contact\/sent/);

    await page.goto(`${base}/login`);
    await page.fill('#f-email', 'xss-editor@example.org');
    await page.fill('#f-password', 'xss-editor-password');
    await page.click('form.stack button[type="submit"]');
    await page.waitForURL(/\/admin/);
    await page.goto(`${base}/admin/inbox`);
    await page.locator('a[href^="/admin/inbox/"]').first().click();
    expect(await page.locator('main').innerText()).toContain('<script>alert(1)</script>');
    expect(await page.locator('main img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });

  it('join: every text field as text in the back office and on the profile after approval', async () => {
    const page = browser!.page;
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-xss-'));
    const pdf = path.join(dir, `${'<img src=x onerror=alert(4)>'.replace(/[<>/=]/g, '_')}.pdf`);
    fs.writeFileSync(pdf, '%PDF-1.4\n%%EOF\n');
    const first17 = '91430100MA4L99999';
    await page.goto(`${base}/join`);
    await page.fill('[name="company_name"]', `${X} 公司`);
    await page.fill('[name="uscc"]', first17 + usccCheckChar(first17));
    await page.selectOption('[name="industry"]', 'new-materials');
    await page.selectOption('[name="region"]', '430100');
    await page.fill('[name="address"]', `${X} 地址`);
    await page.fill('[name="contact_person"]', `${X}`.slice(0, 50));
    await page.fill('[name="mobile"]', '13900139009');
    await page.fill('[name="email"]', 'xss-company@example.org');
    await page.fill('[name="description"]', `${X} 简介足够长`);
    await page.setInputFiles('[name="licence"]', pdf);
    await page.click('form.stack button[type="submit"]');
    await page.waitForURL(/\/join\/done/);

    await page.goto(`${base}/admin/applications`);
    await page.locator('a[href^="/admin/applications/"]').first().click();
    expect(await page.locator('main').innerText()).toContain('<script>alert(1)</script>');
    await page.click('form[action$="/approve"] button[type="submit"]');
    await page.goto(`${base}/enterprises`);
    await page.locator('a[href^="/enterprises/"]').first().click();
    expect(await page.locator('h1').innerText()).toContain('<script>alert(1)</script>');
    expect(await page.locator('main img').count()).toBe(0);
    expect(dialogs).toEqual([]);
  });
});
