import { createServer, type AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createMailer, redactSmtpUrl, type Mailer } from '../../src/mail/mailer.js';
import { decisionForSender, inviteForCompany, newItemForEditors, oneLine } from '../../src/mail/messages.js';
import { decodeWords, startSmtp, type TestSmtp } from '../helpers/smtp.js';

const FROM = '"湖南招商网" <noreply@zhaoshang.test>';

interface Warning {
  obj: object;
  msg: string;
}
function recordingLogger() {
  const warnings: Warning[] = [];
  return { warnings, warn: (obj: object, msg: string) => void warnings.push({ obj, msg }) };
}

/** A port on 127.0.0.1 that nothing listens on. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

let smtp: TestSmtp;
const mailers: Mailer[] = [];
function mailer(url: string | undefined, logger = recordingLogger()): Mailer {
  const m = createMailer({ smtpUrl: url, from: FROM, logger });
  if (!m) throw new Error('expected a mailer');
  mailers.push(m);
  return m;
}

beforeAll(async () => {
  smtp = await startSmtp();
});
afterEach(() => {
  smtp.messages.length = 0;
  for (const m of mailers.splice(0)) m.close();
});
afterAll(async () => {
  await smtp.close();
});

describe('createMailer', () => {
  it('is null when no SMTP URL is set (mail is optional)', () => {
    expect(createMailer({ smtpUrl: undefined, from: FROM })).toBeNull();
    expect(createMailer({ smtpUrl: '', from: FROM })).toBeNull();
    expect(createMailer({ smtpUrl: '   ', from: FROM })).toBeNull();
  });

  it('refuses a URL that is not smtp:// or smtps://, without echoing it', () => {
    expect(() => createMailer({ smtpUrl: 'http://u:hunter2@x', from: FROM })).toThrow(/smtp:\/\//);
    expect(() => createMailer({ smtpUrl: 'http://u:hunter2@x', from: FROM })).not.toThrow(/hunter2/);
    expect(() => createMailer({ smtpUrl: 'not a url hunter2', from: FROM })).not.toThrow(/hunter2/);
  });

  it('redacts the password from the URL it would log', () => {
    expect(redactSmtpUrl('smtps://me%40x.cn:p%40ss@mail.x.cn:465')).toBe('smtps://me@x.cn:***@mail.x.cn:465');
    expect(redactSmtpUrl('smtp://127.0.0.1:2525')).toBe('smtp://127.0.0.1:2525');
  });
});

describe('sending through a real SMTP server', () => {
  it('delivers a Chinese subject and body to the recipient, logged in with the URL credentials', async () => {
    const logger = recordingLogger();
    const m = mailer(smtp.url, logger);
    const text = '您好：\n\n长沙经开区新签约项目 12 个，总投资 358 亿元。\n\n——\n此邮件由系统自动发送。\n';
    await m.send({ to: 'editor@zhaoshang.test', subject: '新投稿待审核：长沙经开区签约 12 个项目', text });
    const [msg] = await smtp.waitFor(1);
    expect(msg).toMatchObject({
      from: 'noreply@zhaoshang.test',
      to: ['editor@zhaoshang.test'],
      user: 'mailer',
      subject: '新投稿待审核：长沙经开区签约 12 个项目',
    });
    expect(msg?.text.trimEnd()).toBe(text.trimEnd());
    expect(msg?.headers.from).toContain('<noreply@zhaoshang.test>');
    expect(msg?.headers.subject).toMatch(/^=\?UTF-8\?[BQ]\?/i); // really went through RFC 2047
    expect(logger.warnings).toEqual([]);
  });

  it('delivers one message to several recipients', async () => {
    const m = mailer(smtp.url);
    const to = ['a@zhaoshang.test', 'b@zhaoshang.test', 'c@zhaoshang.test'];
    await m.sendOrThrow({ to, subject: 'Weekly digest 周报', text: 'Mostly ASCII text with a little 中文.\n' });
    const [msg] = await smtp.waitFor(1);
    expect(smtp.messages).toHaveLength(1);
    expect(msg?.to).toEqual(to);
    expect(msg?.headers.to).toContain('b@zhaoshang.test');
    expect(msg?.subject).toBe('Weekly digest 周报');
    expect(msg?.text).toContain('Mostly ASCII text with a little 中文.');
  });

  it('strips CR/LF from the subject, so a title cannot add headers', async () => {
    const m = mailer(smtp.url);
    await m.send({ to: 'editor@zhaoshang.test', subject: '标题\r\nBcc: victim@evil.test\nX-Injected: 1', text: '正文\n' });
    const [msg] = await smtp.waitFor(1);
    expect(msg?.to).toEqual(['editor@zhaoshang.test']);
    expect(msg?.headers.bcc).toBeUndefined();
    expect(msg?.headers['x-injected']).toBeUndefined();
    expect(msg?.subject).toBe('标题 Bcc: victim@evil.test X-Injected: 1');
  });

  it('sends nothing when there is no recipient', async () => {
    const m = mailer(smtp.url);
    await m.sendOrThrow({ to: [], subject: '无人', text: '无人\n' });
    await m.send({ to: ' ', subject: '无人', text: '无人\n' });
    await expect(smtp.waitFor(1, 300)).rejects.toThrow(/waited/);
  });

  it('sends the messages built by messages.ts intact', async () => {
    const m = mailer(smtp.url);
    const built = decisionForSender({
      kind: 'tip',
      title: '株洲高新区引进 3 个新能源项目',
      decision: 'rejected',
      reason: '内容与已发布文章重复（见 2025-07-01 报道）。',
      trackUrl: 'https://zhaoshang.test/track?code=ABCD-1234',
    });
    await m.send({ to: 'sender@zhaoshang.test', ...built });
    const [msg] = await smtp.waitFor(1);
    expect(msg?.subject).toBe(built.subject);
    expect(msg?.text).toBe(built.text);
  });
});

describe('when the mail server fails', () => {
  it('send resolves and logs a warning without the password when the server is down', async () => {
    const port = await closedPort();
    const logger = recordingLogger();
    const m = mailer(`smtp://mailer:S3cr3t%2Fpw@127.0.0.1:${port}`, logger);
    await expect(m.send({ to: 'x@zhaoshang.test', subject: '测试', text: '测试\n' })).resolves.toBeUndefined();
    expect(logger.warnings).toHaveLength(1);
    const logged = JSON.stringify(logger.warnings);
    expect(logged).not.toMatch(/S3cr3t/);
    expect(logged).toContain(`127.0.0.1:${port}`);
    expect(logger.warnings[0]?.obj).toMatchObject({ smtp: `smtp://mailer:***@127.0.0.1:${port}`, err: { code: 'ESOCKET', message: expect.stringContaining('ECONNREFUSED') } });
    await expect(m.sendOrThrow({ to: 'x@zhaoshang.test', subject: '测试', text: '测试\n' })).rejects.toThrow();
  });

  it('send resolves and logs without the password when the login is refused', async () => {
    const strict = await startSmtp({ user: 'mailer', password: 'the-right-one' });
    try {
      const logger = recordingLogger();
      const m = mailer(`smtp://mailer:wrong-Pa55@127.0.0.1:${strict.port}`, logger);
      await m.send({ to: 'x@zhaoshang.test', subject: '测试', text: '测试\n' });
      expect(logger.warnings).toHaveLength(1);
      expect(JSON.stringify(logger.warnings)).not.toContain('wrong-Pa55');
      expect(logger.warnings[0]?.obj).toMatchObject({ err: { code: 'EAUTH' } });
      expect(strict.messages).toHaveLength(0);
    } finally {
      await strict.close();
    }
  });

  it('a throwing logger does not make send reject', async () => {
    const port = await closedPort();
    const m = createMailer({
      smtpUrl: `smtp://127.0.0.1:${port}`,
      from: FROM,
      logger: {
        warn() {
          throw new Error('logger broke');
        },
      },
    });
    mailers.push(m!);
    await expect(m!.send({ to: 'x@zhaoshang.test', subject: 's', text: 't' })).resolves.toBeUndefined();
  });
});

describe('message builders', () => {
  const adminUrl = 'https://zhaoshang.test/admin/tips/42';
  const trackUrl = 'https://zhaoshang.test/track?code=ZS-7Q4K';

  it('newItemForEditors names the kind and carries the title and the admin URL', () => {
    const tip = newItemForEditors({ kind: 'tip', title: '岳阳临港新区签约', adminUrl });
    expect(tip.subject).toBe('新投稿待审核：岳阳临港新区签约');
    expect(tip.text).toContain('标题：岳阳临港新区签约');
    expect(tip.text).toContain(adminUrl);
    expect(newItemForEditors({ kind: 'application', title: '湖南某科技有限公司', adminUrl }).subject).toBe(
      '新企业入驻申请待审核：湖南某科技有限公司',
    );
    expect(newItemForEditors({ kind: 'company_post', title: '招商需求', adminUrl }).subject).toBe('新企业发布内容待审核：招商需求');
    expect(newItemForEditors({ kind: 'contact', title: '咨询用地', adminUrl }).subject).toBe('新留言：咨询用地');
  });

  it('decisionForSender carries the title, the decision, the reason and the tracking URL', () => {
    const rejected = decisionForSender({ kind: 'tip', title: '衡阳项目', decision: 'rejected', reason: '来源无法核实', trackUrl });
    expect(rejected.subject).toBe('您的投稿未通过审核：衡阳项目');
    expect(rejected.text).toContain('《衡阳项目》');
    expect(rejected.text).toContain('原因：来源无法核实');
    expect(rejected.text).toContain(trackUrl);

    const published = decisionForSender({ kind: 'tip', title: '衡阳项目', decision: 'published', trackUrl });
    expect(published.subject).toBe('您的投稿已发布：衡阳项目');
    expect(published.text).toContain('已通过审核并发布');
    expect(published.text).not.toContain('原因');
    expect(published.text).toContain(trackUrl);

    const approved = decisionForSender({ kind: 'application', title: '湖南某科技有限公司', decision: 'approved', trackUrl });
    expect(approved.subject).toBe('您的企业入驻申请已通过审核：湖南某科技有限公司');
    expect(approved.text).toContain('“湖南某科技有限公司”');
  });

  it('inviteForCompany carries the company, the link and how long it lasts', () => {
    const url = 'https://zhaoshang.test/account/set-password?token=abc123';
    const inv = inviteForCompany({ companyName: '湘潭某新材料有限公司', setPasswordUrl: url, expiresHours: 72 });
    expect(inv.subject).toContain('湘潭某新材料有限公司');
    expect(inv.text).toContain('湘潭某新材料有限公司');
    expect(inv.text).toContain(url);
    expect(inv.text).toContain('72小时内');
  });

  it('user text goes in as it is, but never with a line break in the subject', () => {
    const title = '<script>alert(1)</script> & 标题\r\nBcc: x@evil.test';
    const msg = newItemForEditors({ kind: 'tip', title, adminUrl });
    expect(msg.subject).not.toMatch(/[\r\n]/);
    expect(msg.subject).toBe('新投稿待审核：<script>alert(1)</script> & 标题 Bcc: x@evil.test');
    expect(msg.text).toContain('<script>alert(1)</script> & 标题');
    const inv = inviteForCompany({ companyName: 'A\nB', setPasswordUrl: 'u', expiresHours: 1 });
    expect(inv.subject).not.toMatch(/[\r\n]/);
  });

  it('shortens a very long title in the subject only', () => {
    const title = '长'.repeat(100);
    const msg = decisionForSender({ kind: 'tip', title, decision: 'published', trackUrl });
    expect(msg.subject.endsWith('…')).toBe(true);
    expect(msg.subject.length).toBeLessThan(80);
    expect(msg.text).toContain(title);
  });

  it('uses full-width punctuation', () => {
    for (const m of [
      newItemForEditors({ kind: 'tip', title: 't', adminUrl }),
      decisionForSender({ kind: 'tip', title: 't', decision: 'rejected', reason: 'r', trackUrl }),
      inviteForCompany({ companyName: 'c', setPasswordUrl: 'u', expiresHours: 1 }),
    ]) {
      expect(m.subject).toContain('：');
      expect(m.subject).not.toContain(': '); // no half-width colon after the label
      expect(m.text).toMatch(/[：。]/);
    }
  });
});

describe('test SMTP helper', () => {
  it('decodes RFC 2047 words, B and Q, split or not', () => {
    expect(decodeWords('=?UTF-8?B?5paw5oqV56i/?=')).toBe('新投稿');
    expect(decodeWords('=?UTF-8?Q?=E6=96=B0_=E6=8A=95?=')).toBe('新 投');
    // a character split across two encoded words, with folding whitespace between them
    expect(decodeWords('=?UTF-8?Q?=E6=96?= =?UTF-8?Q?=B0?=')).toBe('新');
    expect(decodeWords('Re: =?utf-8?b?5paw?= x')).toBe('Re: 新 x');
    expect(oneLine(' a\r\nb\tc\u0007 ')).toBe('a b c');
  });
});
