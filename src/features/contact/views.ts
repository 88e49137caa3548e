// Pages of 联系我们: the operator's details with the message form, the thank-you page, and the
// back office's inbox (list and one message). All user text goes through html`` and is escaped.
import type { Config } from '../../config.js';
import { html, type Html } from '../../html.js';
import { challengeField, csrfInput, field, formErrorSummary, honeypot, type FieldErrors } from '../../views/forms.js';
import type { ContactMessageRow, ContactStatus } from './repository.js';
import { t } from '../../i18n/messages.js';
import { zhLang } from '../../i18n/names.js';

export interface ContactFormValues {
  name?: string;
  organization?: string;
  contact?: string;
  subject?: string;
  message?: string;
}

export function contactPage(v: { site: Config['site']; values: ContactFormValues; errors: FieldErrors; csrf: string; challenge: { id: string; svg: string } | null }): Html {
  const { values: x, errors: e } = v;
  const c = v.site.contact;
  return html`<h1>${t('联系我们')}</h1>
<dl class="track">
<dt>${t('单位')}</dt><dd${zhLang()}>${c.org}</dd>
<dt>${t('电话')}</dt><dd>${c.phone}</dd>
<dt>${t('邮箱')}</dt><dd><a href="mailto:${c.email}">${c.email}</a></dd>
<dt>${t('地址')}</dt><dd${zhLang()}>${c.address}</dd>
</dl>
<h2>${t('给我们留言')}</h2>
<p>${t('咨询投资政策、项目落地、用地厂房，或对本站有建议，都可以在这里留言。我们会尽快通过你留下的联系方式回复。')}</p>
${formErrorSummary(e)}
<form class="stack" method="post" action="/contact" novalidate>
${csrfInput(v.csrf)}${honeypot()}
${field({ name: 'name', label: t('称呼'), value: x.name, error: e['name'], required: true, maxlength: 50, autocomplete: 'name' })}
${field({ name: 'organization', label: t('单位（可不填）'), value: x.organization, error: e['organization'], maxlength: 100, autocomplete: 'organization' })}
${field({ name: 'contact', label: t('手机、座机或邮箱'), value: x.contact, error: e['contact'], required: true, maxlength: 254, hint: t('只用于回复你，不会公开。') })}
${field({ name: 'subject', label: t('主题'), value: x.subject, error: e['subject'], required: true, maxlength: 100 })}
${field({ name: 'message', label: t('留言内容'), type: 'textarea', value: x.message, error: e['message'], required: true, rows: 8, maxlength: 5000 })}
${v.challenge ? challengeField(v.challenge, e['challenge']) : ''}
<button class="primary" type="submit">${t('发送')}</button>
</form>`;
}


export function contactSent(): Html {
  return html`<h1>${t('留言已收到，谢谢')}</h1>
<p>${t('我们会尽快通过你留下的联系方式回复。')}</p>
<p><a href="/">${t('返回首页')}</a></p>`;
}

// ---------------------------------------------------------------------------
// Back office
// ---------------------------------------------------------------------------

/** The back office's navigation, with the inbox. */
export function inboxNav(csrf: string): Html {
  return html`<nav class="admin-nav" aria-label="后台"><a href="/admin">概览</a> · <a href="/admin/tips">投稿</a> · <a href="/admin/inbox">留言</a> · <a href="/admin/log">审核记录</a>
<form method="post" action="/logout" class="inline">${csrfInput(csrf)}<button type="submit">退出</button></form></nav>`;
}

const STATUS: Record<ContactStatus, string> = { new: '未处理', handled: '已处理' };

const when = (iso: string) => iso.slice(0, 16).replace('T', ' ');

export function inboxList(v: { rows: readonly ContactMessageRow[]; counts: Record<ContactStatus, number> }): Html {
  return html`<h1>留言</h1>
<p>未处理 <strong>${v.counts.new}</strong> 条 · 已处理 ${v.counts.handled} 条</p>
${v.rows.length === 0 ? html`<p class="muted">还没有留言。</p>` : ''}
<table class="admin"><thead><tr><th>主题</th><th>来自</th><th>联系方式</th><th>时间</th><th>状态</th></tr></thead><tbody>${v.rows.map(
    (r) =>
      html`<tr><td><a href="/admin/inbox/${r.id}">${r.subject}</a></td><td>${r.name}${r.organization ? html`（${r.organization}）` : ''}</td><td>${r.contact}</td><td>${when(r.created_at)}</td><td>${r.status === 'new' ? html`<strong>${STATUS.new}</strong>` : STATUS.handled}</td></tr>`,
  )}</tbody></table>`;
}

/** Plain text with its paragraphs (blank lines) and line breaks kept. */
function paragraphs(text: string): Html {
  return html`${text
    .split(/\n{2,}/)
    .filter((p) => p.trim() !== '')
    .map((p) => html`<p>${p.split('\n').map((line, i) => (i === 0 ? html`${line}` : html`<br>${line}`))}</p>`)}`;
}

export function inboxMessage(v: { m: ContactMessageRow & { handler_name: string | null; handler_email: string | null }; csrf: string }): Html {
  const { m } = v;
  return html`<p><a href="/admin/inbox">← 返回留言列表</a></p>
<h1>${m.subject}</h1>
<dl class="track">
<dt>称呼</dt><dd>${m.name}</dd>
${m.organization ? html`<dt>单位</dt><dd>${m.organization}</dd>` : ''}
<dt>联系方式</dt><dd>${m.contact.includes('@') ? html`<a href="mailto:${m.contact}">${m.contact}</a>` : m.contact}</dd>
<dt>时间</dt><dd>${when(m.created_at)}</dd>
<dt>状态</dt><dd>${STATUS[m.status]}${m.status === 'handled' && m.handled_at ? html`（${m.handler_name ?? m.handler_email ?? '—'}，${when(m.handled_at)}）` : ''}</dd>
</dl>
<div class="message">${paragraphs(m.message)}</div>
${m.status === 'new' ? html`<form method="post" action="/admin/inbox/${m.id}/handled">${csrfInput(v.csrf)}<button class="primary" type="submit">标记为已处理</button></form>` : ''}`;
}
