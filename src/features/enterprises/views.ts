// Pages of 企业入驻: the form, the receipt, the directory and a company's profile, the invite page.
import { html, type Html } from '../../html.js';
import type { Gazetteer } from '../../regions/gazetteer.js';
import { csrfInput, field, formErrorSummary, honeypot, type FieldErrors } from '../../views/forms.js';
import { pager, type PageInfo } from '../../views/components.js';
import { regionOptions } from '../submissions/views.js';
import type { EnterpriseRow } from './repository.js';
import { sector, SECTOR_OPTIONS } from './sectors.js';
import { t, translateMarked } from '../../i18n/messages.js';
import { placeName, sectorName, zhLang } from '../../i18n/names.js';

export type ApplicationValues = Partial<Record<'company_name' | 'uscc' | 'industry' | 'region' | 'address' | 'contact_person' | 'mobile' | 'email' | 'description', string>>;

export function joinForm(v: { values: ApplicationValues; errors: FieldErrors; csrf: string; gz: Gazetteer }): Html {
  const { values: x, errors: e } = v;
  return html`<h1>${t('企业入驻')}</h1>
<p>${t('填写企业信息并上传营业执照，审核通过后你会收到设置密码的链接，之后可以维护企业主页、发布企业动态和投资需求。')}</p>
${formErrorSummary(e)}
<form class="stack" method="post" action="/join" enctype="multipart/form-data" novalidate>
${csrfInput(v.csrf)}${honeypot()}
${field({ name: 'company_name', label: t('企业名称'), value: x.company_name, error: e['company_name'], required: true, maxlength: 100 })}
${field({ name: 'uscc', label: t('统一社会信用代码'), value: x.uscc, error: e['uscc'], required: true, maxlength: 30, hint: t('18 位，见营业执照。') })}
${field({ name: 'industry', label: t('行业'), type: 'select', value: x.industry, error: e['industry'], required: true, options: sectorOptions() })}
${field({ name: 'region', label: t('所在地区'), type: 'select', value: x.region, error: e['region'], required: true, options: regionOptions(v.gz) })}
${field({ name: 'address', label: t('地址'), value: x.address, error: e['address'], required: true, maxlength: 200 })}
${field({ name: 'contact_person', label: t('联系人'), value: x.contact_person, error: e['contact_person'], required: true, maxlength: 50 })}
${field({ name: 'mobile', label: t('手机号码'), type: 'tel', value: x.mobile, error: e['mobile'], required: true, maxlength: 20 })}
${field({ name: 'email', label: t('电子邮箱'), type: 'email', value: x.email, error: e['email'], required: true, maxlength: 254, hint: t('设置密码的链接会发到这里。') })}
${field({ name: 'description', label: t('企业简介'), type: 'textarea', rows: 6, value: x.description, error: e['description'], required: true, maxlength: 1000 })}
${field({ name: 'licence', label: t('营业执照（PDF、JPEG 或 PNG，不超过 5 MB）'), type: 'file', error: e['licence'], required: true, accept: 'application/pdf,image/jpeg,image/png' })}
<button class="primary" type="submit">${t('提交申请')}</button>
</form>`;
}

/** Sectors in the page's language. */
function sectorOptions(): (readonly [string, string])[] {
  return SECTOR_OPTIONS.map(([id, name]) => [id, sectorName({ id, name })] as const);
}

export function applicationReceived(code: string): Html {
  return html`<h1>${t('申请已提交')}</h1><p>${t('你的查询码：')}</p><p class="tracking-code">${code}</p>
<p>${t('审核通过后，设置密码的链接会发到你填写的邮箱。用查询码可以随时')}<a href="/track?code=${code}">${t('查看审核结果')}</a>${t('。')}</p>`;
}

export function directoryPage(v: { items: readonly EnterpriseRow[]; page: PageInfo; region: string; industry: string; gz: Gazetteer; href: (page: number) => string }): Html {
  const regionOf = (code: string) => placeName({ code, name: v.gz.get(code)?.name ?? code });
  const industryOf = (id: string) => sectorName({ id, name: sector(id)?.name ?? id });
  return html`<h1>${t('入驻企业')}</h1>
<form class="search-form" method="get" action="/enterprises">
<label>${t('地区')} <select name="region"><option value="">${t('全部')}</option>${v.gz.regions
    .filter((r) => r.level !== 'county')
    .map((r) => html`<option value="${r.code}"${v.region === r.code ? html` selected` : ''}>${placeName(r)}</option>`)}</select></label>
<label>${t('行业')} <select name="industry"><option value="">${t('全部')}</option>${sectorOptions().map(([id, name]) => html`<option value="${id}"${v.industry === id ? html` selected` : ''}>${name}</option>`)}</select></label>
<button type="submit">${t('筛选')}</button></form>
${v.items.length === 0 ? html`<p class="muted">${t('还没有符合条件的企业。')}<a href="/join">${t('企业入驻')}</a></p>` : ''}
<ol class="news">${v.items.map(
    (e) => html`<li><h2${zhLang()}><a href="/enterprises/${e.id}">${e.name}</a></h2><p${zhLang()}>${e.description.slice(0, 120)}</p>
<span class="muted">${industryOf(e.industry)} · ${regionOf(e.region_code)}</span></li>`,
  )}</ol>
${pager(v.page, v.href, 'companies')}`;
}

export function profilePage(e: EnterpriseRow, gz: Gazetteer): Html {
  return html`<h1${zhLang()}>${e.name}</h1>
<p class="meta">${sectorName({ id: e.industry, name: sector(e.industry)?.name ?? e.industry })} · <a href="/regions/${e.region_code}">${placeName({ code: e.region_code, name: gz.get(e.region_code)?.name ?? e.region_code })}</a> · ${t('统一社会信用代码')} ${e.uscc}</p>
<div class="body"${zhLang()}><p>${e.description}</p></div>
<dl class="track"><dt>${t('地址')}</dt><dd${zhLang()}>${e.address}</dd><dt>${t('联系人')}</dt><dd${zhLang()}>${e.contact_person}</dd>
${e.website ? html`<dt>${t('网站')}</dt><dd><a href="${e.website}" rel="nofollow noopener noreferrer">${e.website}</a></dd>` : ''}</dl>`;
}

export function setPasswordForm(v: { token: string; company: string; email: string; csrf: string; error?: string }): Html {
  return html`<h1>${t('设置登录密码')}</h1><p>${t('{company} 的账号：{email}', { company: v.company, email: v.email })}</p>
${v.error ? html`<p class="notice" role="alert">${translateMarked(v.error)}</p>` : ''}
<form class="stack" method="post" action="/invite/${v.token}">${csrfInput(v.csrf)}
${field({ name: 'password', label: t('新密码（至少 10 个字符）'), type: 'password', required: true, autocomplete: 'new-password', error: v.error })}
<button class="primary" type="submit">${t('设置密码并登录')}</button></form>`;
}
