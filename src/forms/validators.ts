// Field validators for the public forms (投稿, 联系我们, 企业入驻). Pure functions, no I/O.
// Every failure carries a zh-CN message that says what is wrong, meant to be shown beside the field.

export type CheckResult = { ok: true; value: string } | { ok: false; message: string };

// ---------------------------------------------------------------------------
// 统一社会信用代码 (GB 32100-2015)
// ---------------------------------------------------------------------------

/** The 31 characters a USCC may contain, in the order of their numeric value (0 … 30). */
export const USCC_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

/**
 * Position 1: 登记管理部门代码. 1 机构编制, 2 外交, 3 司法行政, 4 文化, 5 民政, 6 旅游, 7 宗教,
 * 8 工会, 9 工商（市场监管）, A 中央军委改革和编制办公室, N 农业, Y 其他.
 * Position 2 (机构类别) is deliberately not checked: its values depend on position 1 and have
 * been extended over time; the check character already catches copying mistakes there.
 */
const USCC_AUTHORITIES = '123456789ANY';

/** Count characters by code point, so that one emoji is one character, not two. */
function chars(s: string): string[] {
  return Array.from(s);
}

/** How a character is named in a message: spaces are invisible inside quotes, so they get a word. */
function showChar(c: string): string {
  if (c === ' ' || c === '\u3000') return '空格';
  if (/^\s$/u.test(c)) return '空白字符';
  if (/^\p{Cc}$/u.test(c)) return '控制字符';
  return `“${c}”`;
}

function usccValue(c: string): number {
  return USCC_ALPHABET.indexOf(c);
}

/**
 * The check character (position 18) for the first 17 characters of a USCC.
 * Throws a RangeError when `first17` is not 17 characters from {@link USCC_ALPHABET}
 * (upper case; no normalization is done here).
 */
export function usccCheckChar(first17: string): string {
  const cs = chars(first17);
  if (cs.length !== 17) throw new RangeError(`usccCheckChar: expected 17 characters, got ${cs.length}`);
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = usccValue(cs[i]!);
    if (v < 0) throw new RangeError(`usccCheckChar: character ${JSON.stringify(cs[i])} at position ${i + 1} is not allowed`);
    sum += v * USCC_WEIGHTS[i]!;
  }
  const c18 = (31 - (sum % 31)) % 31;
  return USCC_ALPHABET[c18]!;
}

/** Normalization applied before checking: NFKC (full-width → half-width), trim, upper case. */
export function normalizeUscc(input: string): string {
  return input.normalize('NFKC').trim().toUpperCase();
}

/**
 * Check a 统一社会信用代码. On success `value` is the normalized code (upper case, half-width).
 * Checks, in order: empty; length; allowed characters; position 1 (登记管理部门代码);
 * positions 3–8 (行政区划代码, 6 digits); the check character.
 */
export function checkUscc(input: string): CheckResult {
  const code = normalizeUscc(input);
  const cs = chars(code);
  if (cs.length === 0) return { ok: false, message: '请填写统一社会信用代码' };
  if (cs.length !== 18) return { ok: false, message: `应为 18 位，现在是 ${cs.length} 位` };

  for (let i = 0; i < 18; i++) {
    const c = cs[i]!;
    if (usccValue(c) >= 0) continue;
    const hint = 'IOZSV'.includes(c) ? '不使用 I、O、Z、S、V' : '只能是数字和大写英文字母，不使用 I、O、Z、S、V';
    return { ok: false, message: `第 ${i + 1} 位的 ${showChar(c)} 不是允许的字符（${hint}）` };
  }

  const first = cs[0]!;
  if (!USCC_AUTHORITIES.includes(first)) {
    return {
      ok: false,
      message: `第 1 位（登记管理部门代码）应为 1–9、A、N 或 Y，现在是 “${first}”`,
    };
  }

  for (let i = 2; i < 8; i++) {
    const c = cs[i]!;
    if (c < '0' || c > '9') {
      return {
        ok: false,
        message: `第 3–8 位是行政区划代码，应为 6 位数字，第 ${i + 1} 位的 “${c}” 不是数字`,
      };
    }
  }

  const expected = usccCheckChar(cs.slice(0, 17).join(''));
  const actual = cs[17]!;
  if (actual !== expected) {
    return { ok: false, message: `校验位（第 18 位）应为 ${expected}，现在是 ${actual}，请核对是否抄错` };
  }
  return { ok: true, value: code };
}

// ---------------------------------------------------------------------------
// Phone numbers
// ---------------------------------------------------------------------------

/** NFKC (full-width digits, ＋, （）, －), then drop spaces, hyphens and dashes used as separators. */
function phoneDigits(s: string): string {
  return s
    .normalize('NFKC')
    .trim()
    .replace(/[\s\-‐‑‒–—―]/gu, '');
}

const MOBILE_RE = /^(?:\+?86)?(1[3-9]\d{9})$/;

/** The 11-digit mainland mobile number, or null. Accepts +86 / 86 and spaces or hyphens. */
export function normalizeMobile(s: string): string | null {
  const m = MOBILE_RE.exec(phoneDigits(s));
  return m ? m[1]! : null;
}

/** 11 digits starting with 13–19, optionally prefixed by +86 or 86, spaces and hyphens allowed. */
export function isMainlandMobile(s: string): boolean {
  return normalizeMobile(s) !== null;
}

/** For a 手机号码 field. `value` is the 11-digit number. */
export function checkMobile(s: string): CheckResult {
  if (s.trim() === '') return { ok: false, message: '请填写手机号码' };
  const v = normalizeMobile(s);
  if (v) return { ok: true, value: v };
  const digits = phoneDigits(s).replace(/^\+?86(?=1\d{10}$)/, '');
  if (/^\d+$/.test(digits) && digits.length !== 11) {
    return { ok: false, message: `手机号码应为 11 位，现在是 ${digits.length} 位` };
  }
  return { ok: false, message: '手机号码格式不对，应为以 13–19 开头的 11 位数字，例如 13812345678' };
}

/**
 * A mainland landline: area code with its leading 0 (010, 02X: local number of 8 digits;
 * other 4-digit codes: 7 or 8 digits; local numbers do not start with 0 or 1), or a 400/800
 * service number. Accepts 0731-88888888, 073188888888, (0731)88888888, +86 731 88888888, and
 * an extension written 转123, #123 or ext 123. Returns 0731-88888888 (转123), or null.
 */
export function normalizeLandline(s: string): string | null {
  let t = s.normalize('NFKC').trim();
  let ext = '';
  const em = /\s*(?:转|分机|ext\.?|x|#)\s*(\d{1,6})$/iu.exec(t);
  if (em) {
    ext = em[1]!;
    t = t.slice(0, em.index);
  }
  t = phoneDigits(t).replace(/[()]/g, '');
  const intl = /^(?:\+|00)?86(\d+)$/.exec(t);
  if (intl) t = '0' + intl[1]!;
  let out: string | null = null;
  let m: RegExpExecArray | null;
  if ((m = /^([48]00)(\d{7})$/.exec(t))) out = `${m[1]}-${m[2]}`;
  else if ((m = /^(010|02\d)([2-9]\d{7})$/.exec(t))) out = `${m[1]}-${m[2]}`;
  else if ((m = /^(0[3-9]\d{2})([2-9]\d{6,7})$/.exec(t))) out = `${m[1]}-${m[2]}`;
  if (!out) return null;
  return ext ? `${out}转${ext}` : out;
}

// ---------------------------------------------------------------------------
// E-mail
// ---------------------------------------------------------------------------

// Characters that are never part of a practical address and that matter for mail headers or HTML.
const EMAIL_FORBIDDEN = /[\s<>()[\]\\,;:"`]/u;

/**
 * Trimmed, NFKC-normalized (so ＠ and full-width letters work), domain in lower case; or null.
 * A practical check, not RFC 5322: exactly one @, a non-empty local part of at most 64
 * characters, a domain with a dot and no empty labels, no spaces, at most 254 characters.
 */
export function normalizeEmail(s: string): string | null {
  const t = s.normalize('NFKC').trim();
  if (t.length === 0 || t.length > 254 || EMAIL_FORBIDDEN.test(t)) return null;
  if (/\p{Cc}/u.test(t)) return null;
  const at = t.indexOf('@');
  if (at < 0 || t.indexOf('@', at + 1) >= 0) return null;
  const local = t.slice(0, at);
  const domain = t.slice(at + 1).toLowerCase();
  if (local.length === 0 || local.length > 64) return null;
  if (local.startsWith('.') || local.endsWith('.') || local.includes('..')) return null;
  const labels = domain.split('.');
  if (labels.length < 2) return null;
  for (const label of labels) {
    if (label.length === 0 || label.length > 63) return null;
    if (label.startsWith('-') || label.endsWith('-')) return null;
  }
  // The top-level domain is letters (or an IDN label), never all digits.
  if (/^\d+$/.test(labels[labels.length - 1]!)) return null;
  return `${local}@${domain}`;
}

export function isEmail(s: string): boolean {
  return normalizeEmail(s) !== null;
}

/** For an 电子邮箱 field. `value` is the normalized address. */
export function checkEmail(s: string): CheckResult {
  if (s.trim() === '') return { ok: false, message: '请填写电子邮箱' };
  const v = normalizeEmail(s);
  if (v) return { ok: true, value: v };
  return { ok: false, message: '电子邮箱格式不对，例如 name@example.com' };
}

// ---------------------------------------------------------------------------
// Contact: phone or e-mail
// ---------------------------------------------------------------------------

export type ContactResult =
  | { ok: true; kind: 'phone' | 'email'; value: string }
  | { ok: false; message: string };

/**
 * A way to reach the sender: a mainland mobile (value: 11 digits), a landline (value:
 * 0731-88888888) or an e-mail address (value: normalized).
 */
export function checkContact(s: string): ContactResult {
  const t = s.normalize('NFKC').trim();
  if (t === '') return { ok: false, message: '请填写手机号码、座机号码或电子邮箱' };
  if (t.includes('@')) {
    const email = normalizeEmail(t);
    if (email) return { ok: true, kind: 'email', value: email };
    return { ok: false, message: '电子邮箱格式不对，例如 name@example.com' };
  }
  const mobile = normalizeMobile(t);
  if (mobile) return { ok: true, kind: 'phone', value: mobile };
  const landline = normalizeLandline(t);
  if (landline) return { ok: true, kind: 'phone', value: landline };
  if (/^[\d\s+\-()#转分机ext.]+$/iu.test(t) && /\d/.test(t)) {
    return {
      ok: false,
      message: '电话号码格式不对：手机号码为 11 位（例如 13812345678），座机号码请带区号（例如 0731-88888888）',
    };
  }
  return { ok: false, message: '请填写手机号码、座机号码或电子邮箱' };
}
