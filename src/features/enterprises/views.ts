// Pages of 企业入驻: the form, the receipt, the directory and a company's profile, the invite page.
import { html, type Html } from '../../html.js';
import type { Gazetteer } from '../../regions/gazetteer.js';
import { csrfInput, field, formErrorSummary, honeypot, type FieldErrors } from '../../views/forms.js';
import { pager, type PageInfo } from '../../views/components.js';
import { regionOptions } from '../submissions/views.js';
import type { EnterpriseRow } from './repository.js';
import { sector, SECTOR_OPTIONS } from './sectors.js';

export type ApplicationValues = Partial<Record<'company_name' | 'uscc' | 'industry' | 'region' | 'address' | 'contact_person' | 'mobile' | 'email' | 'description', string>>;

export function joinForm(v: { values: ApplicationValues; errors: FieldErrors; csrf: string; gz: Gazetteer }): Html {
  const { values: x, errors: e } = v;
  return html`<h1>企业入驻</h1>
<p>填写企业信息并上传营业执照，审核通过后你会收到设置密码的链接，之后可以维护企业主页、发布企业动态和投资需求。</p>
${formErrorSummary(e)}
<form class="stack" method="post" action="/join" enctype="multipart/form-data" novalidate>
${csrfInput(v.csrf)}${honeypot()}
${field({ name: 'company_name', label: '企业名称', value: x.company_name, error: e['company_name'], required: true, maxlength: 100 })}
${field({ name: 'uscc', label: '统一社会信用代码', value: x.uscc, error: e['uscc'], required: true, maxlength: 30, hint: '18 位，见营业执照。' })}
${field({ name: 'industry', label: '行业', type: 'select', value: x.industry, error: e['industry'], required: true, options: SECTOR_OPTIONS })}
${field({ name: 'region', label: '所在地区', type: 'select', value: x.region, error: e['region'], required: true, options: regionOptions(v.gz) })}
${field({ name: 'address', label: '地址', value: x.address, error: e['address'], required: true, maxlength: 200 })}
${field({ name: 'contact_person', label: '联系人', value: x.contact_person, error: e['contact_person'], required: true, maxlength: 50 })}
${field({ name: 'mobile', label: '手机号码', type: 'tel', value: x.mobile, error: e['mobile'], required: true, maxlength: 20 })}
${field({ name: 'email', label: '电子邮箱', type: 'email', value: x.email, error: e['email'], required: true, maxlength: 254, hint: '设置密码的链接会发到这里。' })}
${field({ name: 'description', label: '企业简介', type: 'textarea', rows: 6, value: x.description, error: e['description'], required: true, maxlength: 1000 })}
${field({ name: 'licence', label: '营业执照（PDF、JPEG 或 PNG，不超过 5 MB）', type: 'file', error: e['licence'], required: true, accept: 'application/pdf,image/jpeg,image/png' })}
<button class="primary" type="submit">提交申请</button>
</form>`;
}

export function applicationReceived(code: string): Html {
  return html`<h1>申请已提交</h1><p>你的查询码：</p><p class="tracking-code">${code}</p>
<p>审核通过后，设置密码的链接会发到你填写的邮箱。用查询码可以随时<a href="/track?code=${code}">查看审核结果</a>。</p>`;
}

export function directoryPage(v: { items: readonly EnterpriseRow[]; page: PageInfo; region: string; industry: string; gz: Gazetteer; href: (page: number) => string }): Html {
  return html`<h1>入驻企业</h1>
<form class="search-form" method="get" action="/enterprises">
<label>地区 <select name="region"><option value="">全部</option>${v.gz.regions
    .filter((r) => r.level !== 'county')
    .map((r) => html`<option value="${r.code}"${v.region === r.code ? html` selected` : ''}>${r.name}</option>`)}</select></label>
<label>行业 <select name="industry"><option value="">全部</option>${SECTOR_OPTIONS.map(([id, name]) => html`<option value="${id}"${v.industry === id ? html` selected` : ''}>${name}</option>`)}</select></label>
<button type="submit">筛选</button></form>
${v.items.length === 0 ? html`<p class="muted">还没有符合条件的企业。<a href="/join">企业入驻</a></p>` : ''}
<ol class="news">${v.items.map(
    (e) => html`<li><h2><a href="/enterprises/${e.id}">${e.name}</a></h2><p>${e.description.slice(0, 120)}</p>
<span class="muted">${sector(e.industry)?.name ?? e.industry} · ${v.gz.get(e.region_code)?.name ?? e.region_code}</span></li>`,
  )}</ol>
${pager(v.page, v.href)}`;
}

export function profilePage(e: EnterpriseRow, gz: Gazetteer): Html {
  return html`<h1>${e.name}</h1>
<p class="meta">${sector(e.industry)?.name ?? e.industry} · <a href="/regions/${e.region_code}">${gz.get(e.region_code)?.name ?? e.region_code}</a> · 统一社会信用代码 ${e.uscc}</p>
<div class="body"><p>${e.description}</p></div>
<dl class="track"><dt>地址</dt><dd>${e.address}</dd><dt>联系人</dt><dd>${e.contact_person}</dd>
${e.website ? html`<dt>网站</dt><dd><a href="${e.website}" rel="nofollow noopener noreferrer">${e.website}</a></dd>` : ''}</dl>`;
}

export function setPasswordForm(v: { token: string; company: string; email: string; csrf: string; error?: string }): Html {
  return html`<h1>设置登录密码</h1><p>${v.company} 的账号：${v.email}</p>
${v.error ? html`<p class="notice" role="alert">${v.error}</p>` : ''}
<form class="stack" method="post" action="/invite/${v.token}">${csrfInput(v.csrf)}
${field({ name: 'password', label: '新密码（至少 10 个字符）', type: 'password', required: true, autocomplete: 'new-password', error: v.error })}
<button class="primary" type="submit">设置密码并登录</button></form>`;
}
