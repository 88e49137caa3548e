// 企业入驻 in a real browser: a company applies at /join with a PDF licence → an editor downloads
// the licence and approves → the company opens the invite link, sets its password, edits its
// profile and posts an investment need → the editor publishes it → the directory lists the
// company and its profile shows the new address and the need. No dialog and no console error
// may occur along the way.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/features/auth/passwords.js';
import { insertUser } from '../../src/features/auth/repository.js';
import { usccCheckChar } from '../../src/forms/validators.js';
import { buildTestApp, tempDir, type TestApp } from '../helpers/app.js';
import { assertChromiumInstalled, assertCjkFontInstalled, launchBrowser, type BrowserSession } from '../helpers/browser.js';

const projectRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const shotsDir = path.join(projectRoot, 'test-results');

const EDITOR = { email: 'e2e-company-editor@example.org', password: 'e2e-editor-password-2' };
const FIRST17 = '91430104MA4T12345';
const USCC = FIRST17 + usccCheckChar(FIRST17);
const COMPANY = {
  name: '湖南麓谷新材料科技有限公司',
  industry: 'new-materials',
  region: '430100',
  address: '长沙市岳麓区麓谷大道 100 号',
  contact: '周经理',
  mobile: '13907310001',
  email: 'e2e-company@example.org',
  description: '专注锂电池正极材料研发与生产的高新技术企业，产品销往国内外。',
  password: 'company-e2e-password-1',
};
const NEW_ADDRESS = '长沙市岳麓区学士街道新材料产业园 8 栋';
const NEW_DESCRIPTION = '更新后的企业简介：锂电池正极材料与前驱体的研发、生产和销售。';
const NEED = {
  title: '寻求湘潭 50 亩工业用地建设正极材料二期',
  body: '计划投资建设年产 2 万吨正极材料二期项目，希望对接园区标准厂房或工业用地。',
  sector: 'new-materials',
  region: '430300',
  min: '20000',
  max: '50000',
  space: '工业用地约 50 亩，或标准厂房 2 万平方米',
};

/** A small but well-formed PDF (header, objects, xref table with exact offsets, trailer). */
function minimalPdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>',
    (() => {
      const stream = 'BT /F1 24 Tf 72 760 Td (Business licence - test scan) Tj ET';
      return `<< /Length ${stream.length} >>\nstream\n${stream}\nendstream`;
    })(),
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  ];
  let out = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(Buffer.byteLength(out, 'latin1'));
    out += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = Buffer.byteLength(out, 'latin1');
  out += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) out += `${String(o).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

let t: TestApp | undefined;
let browser: BrowserSession | undefined;
let base = '';
let fileDir = '';
let pdfPath = '';
const PDF = minimalPdf();
const dialogs: string[] = [];
/** Console errors, page errors and failed responses. */
const problems: string[] = [];

function watch(page: Page): Page {
  page.on('dialog', (d) => {
    dialogs.push(`${d.type()}: ${d.message()}`);
    void d.dismiss();
  });
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()} (${m.location().url})`);
  });
  page.on('pageerror', (e) => problems.push(`pageerror: ${e.message}`));
  page.on('response', (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()} ${r.url()}`);
  });
  return page;
}

function page(): Page {
  if (!browser) throw new Error('browser not launched');
  return browser.page;
}

async function login(p: Page, email: string, password: string, landing: RegExp): Promise<void> {
  await p.goto(`${base}/login`);
  await p.fill('#f-email', email);
  await p.fill('#f-password', password);
  await p.click('form[action="/login"] button[type="submit"]');
  await p.waitForURL(landing);
}

async function logout(p: Page, from: string): Promise<void> {
  await p.goto(`${base}${from}`);
  await p.locator('form[action="/logout"] button[type="submit"]').first().click();
  await p.waitForURL(`${base}/`);
  // The session is gone: the back office asks for a login again.
  await p.goto(`${base}/admin`);
  await p.waitForURL(/\/login\?next=/);
}

beforeAll(async () => {
  assertChromiumInstalled();
  assertCjkFontInstalled();
  t = await buildTestApp();
  await insertUser(t.runtime.database.db, { email: EDITOR.email, passwordHash: await hashPassword(EDITOR.password), role: 'editor', name: '编辑丁' });
  await t.app.listen({ port: 0, host: '127.0.0.1' });
  base = `http://127.0.0.1:${(t.app.server.address() as AddressInfo).port}`;
  fileDir = tempDir('zs-e2e-files-');
  pdfPath = path.join(fileDir, '营业执照.pdf');
  fs.writeFileSync(pdfPath, PDF);
  browser = await launchBrowser({ viewport: { width: 1280, height: 900 } });
  watch(browser.page);
});

afterAll(async () => {
  await browser?.close();
  await t?.close();
  if (fileDir) fs.rmSync(fileDir, { recursive: true, force: true });
});

describe('a company joins the platform in Chromium', () => {
  let applicationUrl = '';
  let invitePath = '';

  it('applies at /join with every field and a PDF licence, and gets a ZS- code', async () => {
    const p = page();
    await p.goto(`${base}/`);
    await p.goto(`${base}/join`);
    await p.fill('#f-company_name', COMPANY.name);
    await p.fill('#f-uscc', USCC);
    await p.selectOption('#f-industry', COMPANY.industry);
    await p.selectOption('#f-region', COMPANY.region);
    await p.fill('#f-address', COMPANY.address);
    await p.fill('#f-contact_person', COMPANY.contact);
    await p.fill('#f-mobile', COMPANY.mobile);
    await p.fill('#f-email', COMPANY.email);
    await p.fill('#f-description', COMPANY.description);
    await p.setInputFiles('#f-licence', pdfPath);
    await p.click('form[action="/join"] button[type="submit"]');
    await p.waitForURL(/\/join\/done\?code=ZS-/);
    const code = (await p.locator('.tracking-code').innerText()).trim();
    expect(code).toMatch(/^ZS-[A-Z0-9]{4}-[A-Z0-9]{4}$/);
    await p.goto(`${base}/track?code=${code}`);
    expect(await p.locator('main').innerText()).toContain(COMPANY.name);
  });

  it('an editor downloads the licence as an attachment and approves: the page shows the invite link', async () => {
    const p = page();
    await login(p, EDITOR.email, EDITOR.password, /\/admin$/);
    await p.goto(`${base}/admin/applications`);
    await p.getByRole('link', { name: COMPANY.name }).click();
    await p.waitForURL(/\/admin\/applications\/\d+$/);
    applicationUrl = p.url();
    expect(await p.locator('dl.track').innerText()).toContain(USCC);

    // Clicking the link downloads the file (Chromium treats an attachment as a download).
    const link = p.locator('a[href$="/licence"]');
    const [download] = await Promise.all([p.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toMatch(/^licence-\d+\.pdf$/);
    const saved = await download.path();
    expect(fs.readFileSync(saved).equals(PDF)).toBe(true);
    expect(p.url()).toBe(applicationUrl);
    // And the response says so: an attachment, the sniffed type, never cached.
    const res = await p.request.get(new URL((await link.getAttribute('href')) ?? '', base).toString());
    expect(res.status()).toBe(200);
    expect(res.headers()['content-disposition']).toMatch(/^attachment; filename="licence-\d+\.pdf"$/);
    expect(res.headers()['content-type']).toBe('application/pdf');
    expect(res.headers()['x-content-type-options']).toBe('nosniff');

    await p.click('form[action$="/approve"] button[type="submit"]');
    await p.waitForLoadState('domcontentloaded');
    const notice = await p.locator('p.notice[role="status"]').innerText();
    expect(notice).toContain('已通过');
    invitePath = notice.match(/\/invite\/[A-Za-z0-9_-]{20,100}/)?.[0] ?? '';
    expect(invitePath).not.toBe('');
    // The application is decided: no buttons left.
    expect(await p.locator('form[action$="/approve"]').count()).toBe(0);
    await logout(p, '/admin');
  });

  it('the company opens the invite, sets a password, edits its profile and posts an investment need', async () => {
    const p = page();
    await p.goto(`${base}${invitePath}`);
    expect(await p.locator('main').innerText()).toContain(COMPANY.email);
    await p.fill('#f-password', COMPANY.password);
    await p.click(`form[action="${invitePath}"] button[type="submit"]`);
    await p.waitForURL(`${base}/account`);
    expect(await p.locator('h1').innerText()).toBe(COMPANY.name);

    expect(await p.locator('#f-address').inputValue()).toBe(COMPANY.address);
    await p.fill('#f-address', NEW_ADDRESS);
    await p.fill('#f-description', NEW_DESCRIPTION);
    await p.click('form[action="/account"] button[type="submit"]');
    await p.waitForURL(`${base}/account?saved=1`);
    expect(await p.locator('p.notice[role="status"]').innerText()).toContain('已保存');
    expect(await p.locator('#f-address').inputValue()).toBe(NEW_ADDRESS);
    expect(await p.locator('#f-description').inputValue()).toBe(NEW_DESCRIPTION);

    await p.click('a[href="/account/posts"]');
    await p.waitForURL(`${base}/account/posts`);
    await p.selectOption('#f-kind', 'need');
    await p.fill('#f-title', NEED.title);
    await p.fill('#f-body', NEED.body);
    await p.selectOption('#f-sector', NEED.sector);
    await p.selectOption('#f-region', NEED.region);
    await p.fill('#f-amount_min', NEED.min);
    await p.fill('#f-amount_max', NEED.max);
    await p.fill('#f-space_need', NEED.space);
    // The form posts to the page it is on: wait for the POST's redirect to be followed.
    await Promise.all([p.waitForResponse((r) => r.url() === `${base}/account/posts` && r.request().method() === 'GET'), p.click('form[action="/account/posts"] button[type="submit"]')]);
    await expect.poll(() => p.locator('main').innerText()).toContain(`投资需求：${NEED.title} — 等待审核`);
    await logout(p, '/account');
  });

  it('the editor publishes the need at /admin/posts', async () => {
    const p = page();
    await login(p, EDITOR.email, EDITOR.password, /\/admin$/);
    await p.goto(`${base}/admin/posts`);
    const card = p.locator('section.card', { hasText: NEED.title });
    expect(await card.count()).toBe(1);
    expect(await card.innerText()).toContain(COMPANY.name);
    await card.locator('form[action$="/publish"] button[type="submit"]').click();
    await p.waitForURL(`${base}/admin/posts`);
    await expect.poll(() => p.locator('section.card', { hasText: NEED.title }).count()).toBe(0);
    await logout(p, '/admin');
  });

  it('the directory lists the company; its profile shows the new address and the need', async () => {
    const p = page();
    await p.goto(`${base}/enterprises`);
    const entry = p.locator('ol.news > li', { hasText: COMPANY.name });
    expect(await entry.count()).toBe(1);
    expect(await entry.innerText()).toContain('长沙市');
    // The filters find it too.
    await p.goto(`${base}/enterprises?region=430000&industry=${COMPANY.industry}`);
    await entry.getByRole('link', { name: COMPANY.name }).click();
    await p.waitForURL(/\/enterprises\/\d+$/);

    expect(await p.locator('h1').first().innerText()).toBe(COMPANY.name);
    const main = await p.locator('main').innerText();
    expect(main).toContain(USCC);
    expect(main).toContain(NEW_ADDRESS);
    expect(main).not.toContain(COMPANY.address);
    expect(main).toContain(NEW_DESCRIPTION);
    expect(await p.locator('h2', { hasText: '投资需求' }).count()).toBe(1);
    const need = await p.locator('h2:has-text("投资需求") + ul > li').innerText();
    expect(need).toContain(NEED.title);
    expect(need).toContain('湘潭市');
    expect(need).toContain(`${NEED.min}–${NEED.max} 万元`);
    expect(need).toContain(NEED.space);
    expect(need).toContain(NEED.body);

    fs.mkdirSync(shotsDir, { recursive: true });
    const file = path.join(shotsDir, 'company.png');
    await p.screenshot({ path: file, fullPage: true });
    console.log(`screenshot: ${file}`);
    expect(fs.statSync(file).size).toBeGreaterThan(10_000);
  });

  it('no dialog, console error, page error or failed request along the way', () => {
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
  });
});
