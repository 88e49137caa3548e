/**
 * The text of every mail the portal sends: pure functions, zh-CN, plain text.
 *
 * User-supplied strings (titles, reasons, company names) go in as they are: the mail is
 * text/plain, so there is nothing to escape in the body. A subject is a header, though, so
 * line breaks are taken out of it (a CR/LF there would let a title add headers).
 */

export interface MailContent {
  subject: string;
  text: string;
}

export type ItemKind = 'tip' | 'contact' | 'application' | 'company_post';
export type Decision = 'published' | 'rejected' | 'approved';

/** What each kind of item is called in a mail. */
export const KIND_LABEL: Record<ItemKind, string> = {
  tip: '投稿',
  contact: '留言',
  application: '企业入驻申请',
  company_post: '企业发布内容',
};

/** Longest title (in characters) put into a subject; the body always has the whole title. */
const SUBJECT_TITLE_MAX = 60;

const FOOTER = '——\n此邮件由系统自动发送，请勿直接回复。';

/**
 * One line, safe for a mail header: CR, LF and the other line separators become one space,
 * the remaining control characters go, and the ends are trimmed.
 */
export function oneLine(s: string): string {
  return s
    .replace(/[\r\n\u0085\u2028\u2029]+/g, ' ')
    .replace(/\t/g, ' ')
    .replace(/[\u0000-\u001f\u007f]/g, '')
    .trim();
}

/** A title for a subject line: one line, cut to SUBJECT_TITLE_MAX characters with “…”. */
function subjectTitle(title: string): string {
  const chars = Array.from(oneLine(title));
  return chars.length > SUBJECT_TITLE_MAX ? `${chars.slice(0, SUBJECT_TITLE_MAX).join('')}…` : chars.join('');
}

/** Articles get 《》, names and message subjects get “”. */
function quoted(kind: ItemKind, title: string): string {
  return kind === 'tip' || kind === 'company_post' ? `《${title}》` : `“${title}”`;
}

function mail(subject: string, lines: string[]): MailContent {
  return { subject: oneLine(subject), text: `${lines.join('\n')}\n` };
}

/** To the editors: a new item is waiting in a back-office queue. */
export function newItemForEditors(p: { kind: ItemKind; title: string; adminUrl: string }): MailContent {
  const label = KIND_LABEL[p.kind];
  const subject = p.kind === 'contact' ? `新留言：${subjectTitle(p.title)}` : `新${label}待审核：${subjectTitle(p.title)}`;
  const action = p.kind === 'contact' ? '请登录后台查看：' : '请登录后台审核：';
  return mail(subject, [
    '编辑您好：',
    '',
    p.kind === 'contact' ? '后台收到一条新留言。' : `后台收到一条新的${label}，等待审核。`,
    '',
    `类型：${label}`,
    `标题：${p.title}`,
    '',
    action,
    p.adminUrl,
    '',
    FOOTER,
  ]);
}

const DECISION_TEXT: Record<Decision, { subject: string; body: string }> = {
  published: { subject: '已发布', body: '已通过审核并发布' },
  approved: { subject: '已通过审核', body: '已通过审核' },
  rejected: { subject: '未通过审核', body: '未通过审核' },
};

/** To whoever sent an item: the editors' decision, with the reason for a rejection. */
export function decisionForSender(p: {
  kind: ItemKind;
  title: string;
  decision: Decision;
  reason?: string | undefined;
  trackUrl: string;
}): MailContent {
  const label = KIND_LABEL[p.kind];
  const d = DECISION_TEXT[p.decision];
  const reason = p.reason?.trim();
  const lines = ['您好：', ''];
  if (p.decision === 'rejected') {
    lines.push(`很遗憾，您提交的${label}${quoted(p.kind, p.title)}${d.body}。`);
    if (reason) lines.push('', `原因：${reason}`);
  } else {
    lines.push(`您提交的${label}${quoted(p.kind, p.title)}${d.body}。感谢您的支持！`);
    if (reason) lines.push('', `编辑留言：${reason}`);
  }
  lines.push('', '查看处理结果：', p.trackUrl, '', FOOTER);
  return mail(`您的${label}${d.subject}：${subjectTitle(p.title)}`, lines);
}

/** To an approved company: the link that sets its account's password. */
export function inviteForCompany(p: { companyName: string; setPasswordUrl: string; expiresHours: number }): MailContent {
  return mail(`企业入驻已通过：请为“${subjectTitle(p.companyName)}”设置登录密码`, [
    '您好：',
    '',
    `“${p.companyName}”的企业入驻申请已通过审核，平台已为贵企业开通账号。`,
    '',
    `请在${p.expiresHours}小时内打开以下链接设置登录密码：`,
    p.setPasswordUrl,
    '',
    '设置密码后，即可登录维护企业主页，发布企业动态和投资需求。链接过期后，请联系平台重新发送邀请。',
    '如果您并未申请入驻，请忽略本邮件。',
    '',
    FOOTER,
  ]);
}
