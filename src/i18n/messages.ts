// Interface strings, gettext style: the zh-CN text is the key, so views read as the Chinese page
// does, and a string without an English entry shows in Chinese rather than as a key. The English
// lives in en-*.ts; a unit test (test/unit/i18n.test.ts) finds every t() of a literal in src/ and fails
// when one has no entry.
import { isEnglish } from './locale.js';
import { EN_SITE } from './en-site.js';
import { EN_DATA } from './en-data.js';
import { EN_FORMS } from './en-forms.js';
import type { Html } from '../html.js';
import { englishPlaceName, zhText } from './names.js';

export type Params = Readonly<Record<string, string | number>>;

export const EN: ReadonlyMap<string, string> = new Map([...Object.entries(EN_SITE), ...Object.entries(EN_DATA), ...Object.entries(EN_FORMS)]);

function fill(s: string, params: Params | undefined): string {
  return params ? s.replace(/\{(\w+)\}/g, (m, k: string) => (k in params ? String(params[k]) : m)) : s;
}

/** `t('第 {page} 页', { page })`: the page's language, placeholders filled. */
export function t(zh: string, params?: Params): string {
  return fill(isEnglish() ? (EN.get(zh) ?? zh) : zh, params);
}

/**
 * One Chinese word, two English ones (gettext's msgctxt): `tc('nav', '地区')` looks up
 * 'nav|地区' (Regions, the section) where t('地区') is a field's label (Region).
 */
export function tc(context: string, zh: string, params?: Params): string {
  return fill(isEnglish() ? (EN.get(`${context}|${zh}`) ?? EN.get(zh) ?? zh) : zh, params);
}

interface Template {
  readonly re: RegExp;
  readonly names: readonly string[];
  readonly en: string;
  /** Literal characters: the most specific template is tried first. */
  readonly weight: number;
}

let templates: Template[] | undefined;

function compile(): Template[] {
  const out: Template[] = [];
  for (const [zh, en] of EN) {
    if (!zh.includes('{')) continue;
    const names: string[] = [];
    const source = zh
      .split(/(\{\w+\})/)
      .map((part) => {
        const m = /^\{(\w+)\}$/.exec(part);
        if (!m?.[1]) return part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
        names.push(m[1]);
        return '(.+?)';
      })
      .join('');
    const weight = zh.replace(/\{\w+\}/g, '').length;
    if (weight > 0) out.push({ re: new RegExp(`^${source}$`, 'su'), names, en, weight });
  }
  return out.sort((a, b) => b.weight - a.weight);
}

/**
 * A message already written in Chinese elsewhere (an error thrown deep in a route, a validation
 * message, a search notice — they also go to the API in Chinese) in the page's language: an exact
 * entry, or an entry with {placeholders} whose values are translated too when they are entries
 * themselves (请填写标题 → 请填写{label} with 标题 → "Title is required"). Unknown text stays as it is.
 */
export function translate(zh: string): string {
  return isEnglish() ? toEnglish(zh) : zh;
}

/** Messages are short; a long text (with a reader's words in it) is not matched against templates. */
const MAX_MESSAGE = 2_000;

function toEnglish(zh: string): string {
  const exact = EN.get(zh);
  if (exact !== undefined || zh.length > MAX_MESSAGE) return exact ?? zh;
  templates ??= compile();
  for (const tpl of templates) {
    const m = tpl.re.exec(zh);
    if (!m) continue;
    const params: Record<string, string> = {};
    // A value is shorter than the message (a template has literal text), so this ends.
    tpl.names.forEach((name, i) => {
      const v = m[i + 1] ?? '';
      const en = v.length < zh.length ? toEnglish(v) : v;
      // A value that is no message may be a place (“changsha” searched as the place “长沙”).
      params[name] = en === v ? (englishPlaceName(v) ?? v) : en;
    });
    return fill(tpl.en, params);
  }
  return zh;
}

const HAN = /\p{Script=Han}/u;

/** translate(), marked lang="zh-CN" on an English page when no entry matched and it stays Chinese. */
export function translateMarked(zh: string): Html | string {
  const out = translate(zh);
  return isEnglish() && out === zh && HAN.test(zh) ? zhText(zh) : out;
}
