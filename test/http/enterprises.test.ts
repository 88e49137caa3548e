// 企业入驻 over HTTP: the multipart form with a licence, its checks, approval with an invite,
// setting the password, editing the profile, the directory, and who may download a licence.
import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { hashPassword } from '../../src/features/auth/passwords.js';
import { insertUser } from '../../src/features/auth/repository.js';
import { usccCheckChar } from '../../src/forms/validators.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { FormClient } from '../helpers/client.js';

let t: TestApp;
let ipSeq = 0;
const visitor = () => new FormClient(t.app, `10.7.${Math.floor(++ipSeq / 250)}.${ipSeq % 250}`);
const EDITOR = { email: 'ed@example.org', password: 'editor-password-2' };
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const EXE = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200, 1)]);

function uscc(seed: number): string {
  const first17 = `91430100MA4L${String(seed).padStart(5, '0')}`;
  return first17 + usccCheckChar(first17);
}

function application(n: number, over: Record<string, string> = {}): Record<string, string> {
  return {
    company_name: `湖南测试科技有限公司${n}`,
    uscc: uscc(n),
    industry: 'new-materials',
    region: '430100',
    address: '长沙市岳麓区麓谷大道 1 号',
    contact_person: '李经理',
    mobile: '13900139000',
    email: `company${n}@example.org`,
    description: '一家做新材料研发和生产的企业，主要产品为电池材料。',
    ...over,
  };
}

function multipart(fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }): { payload: Buffer; contentType: string } {
  const boundary = `----zs${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  if (file) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="licence"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`), file.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

async function apply(client: FormClient, fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }, csrf = true) {
  const form = await client.get('/join');
  const token = FormClient.csrf(form.body);
  const body = multipart(csrf ? { _csrf: token, ...fields } : fields, file);
  return t.app.inject({ method: 'POST', url: '/join', payload: body.payload, headers: { 'content-type': body.contentType, cookie: `_csrf=${client.cookie('_csrf') ?? ''}` }, remoteAddress: client.ip });
}

const uploadedFiles = () => (fs.existsSync(t.config.uploadDir) ? fs.readdirSync(t.config.uploadDir).filter((f) => !f.startsWith('.')) : []);

beforeAll(async () => {
  t = await buildTestApp();
  await insertUser(t.runtime.database.db, { email: EDITOR.email, passwordHash: await hashPassword(EDITOR.password), role: 'editor', name: '编辑乙' });
});
afterAll(async () => {
  await t.close();
});

describe('the application form', () => {
  it('accepts a PDF licence by its content, stores it under a random name, and gives a code', async () => {
    const before = uploadedFiles().length;
    const res = await apply(visitor(), application(1), { name: 'licence.pdf', type: 'application/pdf', data: PDF });
    expect(res.statusCode, res.body.slice(0, 300)).toBe(303);
    expect(res.headers.location).toMatch(/^\/join\/done\?code=ZS-/);
    const files = uploadedFiles();
    expect(files.length).toBe(before + 1);
    expect(files.every((f) => /^[0-9a-f]{32}\.(pdf|jpg|png)$/.test(f))).toBe(true);
  });

  it.each([
    ['uscc', '91430100MA4L000010', '校验位'],
    ['uscc', '9143010', '应为 18 位'],
    ['mobile', '12345', '手机'],
    ['email', 'not-an-email', '邮箱'],
    ['industry', 'nonsense', '请选择行业'],
    ['description', '太短', '企业简介至少 10 个字'],
  ])('%s = %j: the message beside the field, the rest kept, no file left', async (name, value, message) => {
    const before = uploadedFiles().length;
    const res = await apply(visitor(), application(2, { [name]: value }), { name: 'licence.pdf', type: 'application/pdf', data: PDF });
    expect(res.statusCode).toBe(400);
    expect(res.body).toMatch(new RegExp(`id="f-${name}-error">[^<]*${message}`));
    expect(res.body).toContain('湖南测试科技有限公司2');
    expect(uploadedFiles().length).toBe(before);
  });

  it('judges the file by content: an EXE named .pdf is refused', async () => {
    const res = await apply(visitor(), application(3), { name: 'licence.pdf', type: 'application/pdf', data: EXE });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('只接受 PDF、JPEG 或 PNG 文件');
  });

  it('refuses a file over 5 MB', async () => {
    const big = Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024, 32)]);
    const res = await apply(visitor(), application(4), { name: 'licence.pdf', type: 'application/pdf', data: big });
    expect(res.statusCode).toBe(400);
    expect(res.body).toContain('文件超过 5 MB');
  });

  it('without a CSRF token: 403 and no file stored', async () => {
    const before = uploadedFiles().length;
    const res = await apply(visitor(), application(5), { name: 'licence.pdf', type: 'application/pdf', data: PDF }, false);
    expect(res.statusCode).toBe(403);
    expect(uploadedFiles().length).toBe(before);
  });
});

describe('limits on stored licence files', () => {
  it('one address sends at most three applications an hour; the fourth keeps its fields, stores no file', async () => {
    const client = visitor();
    for (let i = 0; i < 3; i++) expect((await apply(client, application(200 + i), { name: 'licence.pdf', type: 'application/pdf', data: PDF })).statusCode).toBe(303);
    const files = uploadedFiles().length;
    const rows = await t.runtime.database.db.selectFrom('enterprise_applications').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    const res = await apply(client, application(203), { name: 'licence.pdf', type: 'application/pdf', data: PDF });
    expect(res.statusCode).toBe(429);
    expect(res.headers['retry-after']).toBe('3600');
    expect(res.body).toContain('一小时内已提交 3 份入驻申请');
    expect(res.body).toContain('湖南测试科技有限公司203'); // what was typed is still there
    expect(uploadedFiles().length).toBe(files);
    const after = await t.runtime.database.db.selectFrom('enterprise_applications').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(rows.n));
    // Another address is not held up by it.
    expect((await apply(visitor(), application(204), { name: 'licence.pdf', type: 'application/pdf', data: PDF })).statusCode).toBe(303);
  });

  it('the hourly count takes an IPv6 client by its /64: changing the address inside it does not help', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 4; i++) {
      const client = new FormClient(t.app, `2001:db8:5:7::${i + 1}`);
      statuses.push((await apply(client, application(210 + i), { name: 'licence.pdf', type: 'application/pdf', data: PDF })).statusCode);
    }
    expect(statuses).toEqual([303, 303, 303, 429]);
  });

  it('files waiting for a decision stay within UPLOAD_QUOTA_MB: past it, 503 and nothing kept', async () => {
    const small = await buildTestApp({ UPLOAD_QUOTA_MB: '1' });
    try {
      const big = Buffer.concat([PDF, Buffer.alloc(600 * 1024, 0x20)]);
      const send = async (ip: string, n: number) => {
        const client = new FormClient(small.app, ip);
        const token = FormClient.csrf((await client.get('/join')).body);
        const body = multipart({ _csrf: token, ...application(n) }, { name: 'licence.pdf', type: 'application/pdf', data: big });
        return small.app.inject({ method: 'POST', url: '/join', payload: body.payload, headers: { 'content-type': body.contentType, cookie: `_csrf=${client.cookie('_csrf') ?? ''}` }, remoteAddress: ip });
      };
      const files = () => (fs.existsSync(small.config.uploadDir) ? fs.readdirSync(small.config.uploadDir).filter((f) => !f.startsWith('.')) : []);
      expect((await send('10.77.0.1', 300)).statusCode).toBe(303);
      const res = await send('10.77.0.2', 301);
      expect(res.statusCode).toBe(503);
      expect(res.headers['retry-after']).toBe('600');
      expect(res.body).toContain('已达存储上限');
      expect(res.body).toContain('湖南测试科技有限公司301');
      expect(files().length).toBe(1);
      // A decision frees the room: rejected, the next application fits again.
      await small.runtime.database.db.updateTable('enterprise_applications').set({ status: 'rejected' }).execute();
      expect((await send('10.77.0.3', 302)).statusCode).toBe(303);
    } finally {
      await small.close();
    }
  });
});

describe('approval and the company account', () => {
  it('an editor approves; the invite sets a password; the company edits its profile; the directory lists it', async () => {
    const res = await apply(visitor(), application(10), { name: 'scan.pdf', type: 'application/pdf', data: PDF });
    const code = String(res.headers.location).split('code=')[1] ?? '';
    const row = await t.runtime.database.db.selectFrom('enterprise_applications').selectAll().where('tracking_code', '=', code).executeTakeFirstOrThrow();

    // Only editors get the licence, as an attachment.
    expect((await t.app.inject({ method: 'GET', url: `/admin/applications/${row.id}/licence` })).statusCode).toBe(303);
    const editor = visitor();
    await editor.post('/login', { email: EDITOR.email, password: EDITOR.password });
    const licence = await editor.get(`/admin/applications/${row.id}/licence`);
    expect(licence.statusCode).toBe(200);
    expect(licence.headers['content-disposition']).toMatch(/^attachment;/);
    expect(licence.headers['content-type']).toBe('application/pdf');
    expect(licence.rawPayload.equals(PDF)).toBe(true);

    const logged = vi.spyOn(t.app.log, 'info');
    const approved = await editor.post(`/admin/applications/${row.id}/approve`, {}, { csrfFrom: `/admin/applications/${row.id}` });
    const logLines = JSON.stringify(logged.mock.calls);
    logged.mockRestore();
    expect(approved.statusCode).toBe(200);
    // Without PUBLIC_URL the link uses the address the editor reached the site at.
    expect(approved.body).toMatch(/http:\/\/localhost:80\/invite\//);
    const invite = approved.body.match(/\/invite\/([A-Za-z0-9_-]+)/)?.[1] ?? '';
    expect(invite).not.toBe('');
    // The link sets the account's password: it is on the editor's page, not in the log.
    expect(logLines).toContain('company invite created');
    expect(logLines).not.toContain(invite);
    expect((await t.app.inject({ method: 'GET', url: `/track?code=${code}` })).body).toContain('已通过');

    const company = visitor();
    expect((await company.post(`/invite/${invite}`, { password: 'short' }, { csrfFrom: `/invite/${invite}` })).statusCode).toBe(400);
    const set = await company.post(`/invite/${invite}`, { password: 'company-password-10' }, { csrfFrom: `/invite/${invite}` });
    expect(set.statusCode).toBe(303);
    expect(set.headers.location).toBe('/account');
    expect((await company.get(`/invite/${invite}`)).statusCode).toBe(404); // used once

    const edited = await company.post('/account', { address: '长沙市岳麓区新地址 8 号', contact_person: '李经理', mobile: '13900139000', email: 'company10@example.org', website: 'https://example.org', description: '更新后的简介：新材料研发和生产。' }, { csrfFrom: '/account' });
    expect(edited.statusCode).toBe(303);
    const list = await t.app.inject({ method: 'GET', url: '/enterprises?region=430000&industry=new-materials' });
    expect(list.body).toContain('湖南测试科技有限公司10');
    const id = list.body.match(/href="\/enterprises\/(\d+)"/)?.[1];
    expect((await t.app.inject({ method: 'GET', url: `/enterprises/${id}` })).body).toContain('长沙市岳麓区新地址 8 号');
    // A company user cannot moderate or download licences.
    expect((await company.get('/admin/applications')).statusCode).toBe(403);
    expect((await company.get(`/admin/applications/${row.id}/licence`)).statusCode).toBe(403);
    expect((await editor.get('/admin/log')).body).toContain('application.approve');
  });

  it('a rejection needs a reason, which the applicant sees', async () => {
    const res = await apply(visitor(), application(11), { name: 'scan.pdf', type: 'application/pdf', data: PDF });
    const code = String(res.headers.location).split('code=')[1] ?? '';
    const row = await t.runtime.database.db.selectFrom('enterprise_applications').select('id').where('tracking_code', '=', code).executeTakeFirstOrThrow();
    const editor = visitor();
    await editor.post('/login', { email: EDITOR.email, password: EDITOR.password });
    expect((await editor.post(`/admin/applications/${row.id}/reject`, { reason: '' }, { csrfFrom: `/admin/applications/${row.id}` })).statusCode).toBe(400);
    expect((await editor.post(`/admin/applications/${row.id}/reject`, { reason: '营业执照看不清' }, { csrfFrom: `/admin/applications/${row.id}` })).statusCode).toBe(303);
    const track = await t.app.inject({ method: 'GET', url: `/track?code=${code}` });
    expect(track.body).toContain('未通过');
    expect(track.body).toContain('营业执照看不清');
  });
});
