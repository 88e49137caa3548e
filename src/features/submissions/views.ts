// Pages of the tip flow: the form, the receipt with its tracking code, the tracking page.
import { html, type Html } from '../../html.js';
import type { Gazetteer } from '../../regions/gazetteer.js';
import { challengeField, csrfInput, field, formErrorSummary, honeypot, type FieldErrors, type FieldSpec } from '../../views/forms.js';
import type { SubmissionRow } from './repository.js';
import { t } from '../../i18n/messages.js';
import { placeName, zhLang } from '../../i18n/names.js';

/** The region picker: the province, then each prefecture with its counties (in the page's language). */
export function regionOptions(gz: Gazetteer): NonNullable<FieldSpec['options']> {
  return gz.provinces.flatMap((p) => [
    [p.code, t('{name}（全省）', { name: placeName(p) })] as const,
    ...gz.children(p.code).map((city) => ({
      group: placeName(city),
      options: [[city.code, t('{name}（全市）', { name: placeName(city) })] as const, ...gz.children(city.code).map((c) => [c.code, placeName(c)] as const)],
    })),
  ]);
}

export interface TipFormValues {
  title?: string;
  region?: string;
  body?: string;
  source_url?: string;
  name?: string;
  contact?: string;
}

export function tipForm(v: { values: TipFormValues; errors: FieldErrors; csrf: string; gz: Gazetteer; challenge: { id: string; svg: string } | null }): Html {
  const { values: x, errors: e } = v;
  return html`<h1>${t('投稿')}</h1>
<p>${t('有想补充的信息？项目签约、开工、投产的消息都欢迎。编辑审核后发布，你会得到一个查询码，随时可以查看处理结果。')}</p>
${formErrorSummary(e)}
<form class="stack" method="post" action="/submit" novalidate>
${csrfInput(v.csrf)}${honeypot()}
${field({ name: 'title', label: t('标题'), value: x.title, error: e['title'], required: true, maxlength: 200 })}
${field({ name: 'region', label: t('地区'), type: 'select', value: x.region, error: e['region'], required: true, options: regionOptions(v.gz) })}
${field({ name: 'body', label: t('正文'), type: 'textarea', value: x.body, error: e['body'], required: true, rows: 12, hint: t('纯文本；空一行分段。') })}
${field({ name: 'source_url', label: t('来源网址（可不填）'), type: 'url', value: x.source_url, error: e['source_url'], maxlength: 500 })}
${field({ name: 'name', label: t('称呼'), value: x.name, error: e['name'], required: true, maxlength: 50, autocomplete: 'name' })}
${field({ name: 'contact', label: t('手机、座机或邮箱'), value: x.contact, error: e['contact'], required: true, maxlength: 254, hint: t('只给编辑看，不会公开。') })}
${v.challenge ? challengeField(v.challenge, e['challenge']) : ''}
<button class="primary" type="submit">${t('提交')}</button>
</form>`;
}


export function tipReceived(code: string): Html {
  return html`<h1>${t('已收到，谢谢')}</h1>
<p>${t('你的查询码：')}</p><p class="tracking-code">${code}</p>
<p>${t('请记下它。用它可以随时')}<a href="/track?code=${code}">${t('查看处理结果')}</a>${t('。')}</p>`;
}

export const TIP_STATUS: Record<SubmissionRow['status'], string> = { pending: '等待审核', published: '已发布', rejected: '未采用' };

/** For an application (企业入驻): its own words for the same three states. */
export const APPLICATION_STATUS: Record<SubmissionRow['status'], string> = { pending: '等待审核', published: '已通过（设置密码的链接已发出）', rejected: '未通过' };

export function trackPage(v: { code: string; found: Pick<SubmissionRow, 'title' | 'status' | 'reason' | 'article_id' | 'created_at' | 'decided_at'> | null; labels?: Record<SubmissionRow['status'], string> }): Html {
  const labels = v.labels ?? TIP_STATUS;
  return html`<h1>${t('查询处理结果')}</h1>
<form class="search-form" method="get" action="/track"><label for="f-code" class="visually-hidden">${t('查询码')}</label><input id="f-code" type="text" name="code" value="${v.code}" placeholder="ZS-XXXX-XXXX" maxlength="20"><button type="submit">${t('查询')}</button></form>
${v.code && !v.found ? html`<p class="notice" role="alert">${t('没有找到这个查询码，请核对后再试。')}</p>` : ''}
${v.found
  ? html`<dl class="track"><dt>${t('标题')}</dt><dd${zhLang()}>${v.found.title}</dd><dt>${t('状态')}</dt><dd><strong>${t(labels[v.found.status])}</strong></dd>
<dt>${t('提交时间')}</dt><dd>${v.found.created_at.slice(0, 16).replace('T', ' ')}</dd>
${v.found.decided_at ? html`<dt>${t('处理时间')}</dt><dd>${v.found.decided_at.slice(0, 16).replace('T', ' ')}</dd>` : ''}
${v.found.status === 'rejected' && v.found.reason ? html`<dt>${t('原因')}</dt><dd${zhLang()}>${v.found.reason}</dd>` : ''}
${v.found.article_id ? html`<dt>${t('文章')}</dt><dd><a href="/articles/${v.found.article_id}">${t('查看已发布的文章')}</a></dd>` : ''}</dl>`
  : ''}`;
}
