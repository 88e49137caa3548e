// Form pieces: every field shows its error beside it and keeps what the person typed.
import { html, raw, type Html } from '../html.js';
import { t, translateMarked } from '../i18n/messages.js';

export type FieldErrors = Partial<Record<string, string>>;

export interface FieldSpec {
  readonly name: string;
  readonly label: string;
  readonly type?: 'text' | 'email' | 'tel' | 'url' | 'password' | 'textarea' | 'select' | 'date' | 'file' | 'number';
  readonly value?: string | undefined;
  readonly error?: string | undefined;
  readonly required?: boolean;
  readonly hint?: string;
  readonly rows?: number;
  readonly maxlength?: number;
  readonly autocomplete?: string;
  /** For selects: [value, label] or groups of them. */
  readonly options?: readonly (readonly [string, string] | { readonly group: string; readonly options: readonly (readonly [string, string])[] })[];
  readonly accept?: string;
}

function optionList(f: FieldSpec): Html {
  const opt = ([v, l]: readonly [string, string]) => html`<option value="${v}"${f.value === v ? html` selected` : ''}>${l}</option>`;
  return html`${(f.options ?? []).map((o) => ('group' in o ? html`<optgroup label="${o.group}">${o.options.map(opt)}</optgroup>` : opt(o)))}`;
}

export function field(f: FieldSpec): Html {
  const id = `f-${f.name}`;
  const errId = `${id}-error`;
  const aria = f.error ? html` aria-invalid="true" aria-describedby="${errId}"` : '';
  const req = f.required ? html` required` : '';
  const max = f.maxlength ? html` maxlength="${f.maxlength}"` : '';
  const ac = f.autocomplete ? html` autocomplete="${f.autocomplete}"` : '';
  let control: Html;
  if (f.type === 'textarea') control = html`<textarea id="${id}" name="${f.name}" rows="${f.rows ?? 8}"${req}${max}${aria}>${f.value ?? ''}</textarea>`;
  else if (f.type === 'select') control = html`<select id="${id}" name="${f.name}"${req}${aria}><option value="">${t('请选择')}</option>${optionList(f)}</select>`;
  else if (f.type === 'file') control = html`<input id="${id}" type="file" name="${f.name}"${f.accept ? html` accept="${f.accept}"` : ''}${req}${aria}>`;
  else control = html`<input id="${id}" type="${f.type ?? 'text'}" name="${f.name}" value="${f.type === 'password' ? '' : (f.value ?? '')}"${req}${max}${ac}${aria}>`;
  return html`<div class="field${f.error ? ' has-error' : ''}"><label for="${id}">${f.label}${f.required ? html`<span class="req" aria-hidden="true">*</span>` : ''}</label>
${control}${f.hint ? html`<p class="hint">${f.hint}</p>` : ''}${f.error ? html`<p class="field-error" id="${errId}">${translateMarked(f.error)}</p>` : ''}</div>`;
}

export function csrfInput(token: string): Html {
  return html`<input type="hidden" name="_csrf" value="${token}">`;
}

/** A field people never see and bots fill in. */
export const HONEYPOT = 'website';
export function honeypot(): Html {
  return html`<div class="hp" aria-hidden="true"><label for="f-hp">${t('网站（请留空）')}</label><input id="f-hp" type="text" name="${HONEYPOT}" tabindex="-1" autocomplete="off"></div>`;
}

export function formErrorSummary(errors: FieldErrors): Html {
  const n = Object.values(errors).filter(Boolean).length;
  return n ? html`<p class="notice" role="alert">${t('有 {n} 处需要修改，请看下面标红的地方；其余内容已保留。', { n })}</p>` : html``;
}

/** The picture challenge (svg-captcha) a form shows to an IP that already sent one this hour. */
export function challengeField(c: { id: string; svg: string }, error: string | undefined): Html {
  // c.svg is markup svg-captcha drew for us, not user text.
  return html`<div class="field captcha${error ? ' has-error' : ''}"><label for="f-challenge">${t('请输入图中的字符')}</label>
<div>${raw(c.svg)}</div>
<input type="hidden" name="challenge_id" value="${c.id}">
<input id="f-challenge" type="text" name="challenge" autocomplete="off" required${error ? html` aria-invalid="true" aria-describedby="f-challenge-error"` : ''}>
${error ? html`<p class="field-error" id="f-challenge-error">${translateMarked(error)}</p>` : ''}</div>`;
}
