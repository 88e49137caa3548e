// With SMTP_URL set, new items notify editors and decisions notify senders: against a real SMTP
// server on 127.0.0.1.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashPassword } from '../../src/features/auth/passwords.js';
import { insertUser } from '../../src/features/auth/repository.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';
import { FormClient } from '../helpers/client.js';
import { startSmtp } from '../helpers/smtp.js';

let t: TestApp;
let smtp: Awaited<ReturnType<typeof startSmtp>>;

beforeAll(async () => {
  smtp = await startSmtp();
  t = await buildTestApp({ SMTP_URL: smtp.url, MAIL_FROM: '湖南招商 <noreply@example.org>', PUBLIC_URL: 'https://zhaoshang.example' });
  await insertUser(t.runtime.database.db, { email: 'mail-editor@example.org', passwordHash: await hashPassword('mail-editor-password'), role: 'editor', name: '编辑丁' });
});
afterAll(async () => {
  await t.close();
  await smtp.close();
});

describe('mail', () => {
  it('a tip notifies the editors; publishing it tells the sender, with the tracking link', async () => {
    const visitor = new FormClient(t.app, '10.5.0.1');
    const res = await visitor.post('/submit', {
      title: '娄底钢铁新材料项目签约',
      region: '431300',
      body: '娄底市与某钢铁新材料企业签约，项目总投资30亿元，建设高端板材生产线。',
      name: '陈先生',
      contact: 'sender@example.org',
    });
    expect(res.statusCode).toBe(303);
    const [toEditors] = await smtp.waitFor(1);
    expect(toEditors?.to).toEqual(['mail-editor@example.org']);
    expect(toEditors?.subject).toContain('娄底钢铁新材料项目签约');
    expect(toEditors?.text).toContain('https://zhaoshang.example/admin/tips');

    const tip = await t.runtime.database.db.selectFrom('submissions').select(['id', 'tracking_code']).executeTakeFirstOrThrow();
    const editor = new FormClient(t.app, '10.5.0.2');
    await editor.post('/login', { email: 'mail-editor@example.org', password: 'mail-editor-password' });
    await editor.post(`/admin/tips/${tip.id}/publish`, { title: '娄底钢铁新材料项目签约', region: '431300', body: '娄底市与某钢铁新材料企业签约，项目总投资30亿元。' }, { csrfFrom: `/admin/tips/${tip.id}` });
    const all = await smtp.waitFor(2);
    const toSender = all[1];
    expect(toSender?.to).toEqual(['sender@example.org']);
    expect(toSender?.subject).toContain('已发布');
    expect(toSender?.text).toContain(`https://zhaoshang.example/track?code=${tip.tracking_code}`);
  });

  it('a tip with a phone number as contact gets no mail about the decision', async () => {
    const before = smtp.messages.length;
    const visitor = new FormClient(t.app, '10.5.0.3');
    await visitor.post('/submit', { title: '怀化物流园签约', region: '431200', body: '怀化市物流园项目签约落地，总投资10亿元，建设冷链仓储。', name: '刘先生', contact: '13800138001' });
    await smtp.waitFor(before + 1); // only the editors' notice
    const tip = await t.runtime.database.db.selectFrom('submissions').select('id').where('title', '=', '怀化物流园签约').executeTakeFirstOrThrow();
    const editor = new FormClient(t.app, '10.5.0.4');
    await editor.post('/login', { email: 'mail-editor@example.org', password: 'mail-editor-password' });
    await editor.post(`/admin/tips/${tip.id}/reject`, { reason: '重复' }, { csrfFrom: `/admin/tips/${tip.id}` });
    await new Promise((r) => setTimeout(r, 300));
    expect(smtp.messages.length).toBe(before + 1);
  });
});
