// Numbers in Chinese text, as exact decimals.
//
// Values are decimal strings ("2040000000", "0.5") computed on bigint-scaled integers: never a float.
// Recognised: Arabic numerals (20.4, 1,200, full-width ２０), Chinese numerals (七, 十, 七十八, 一百五十九,
// 两, 千, 万, 亿, 万亿, 零, 〇, 二〇一九, 三点五, financial 壹贰叁…), and mixes (1.5万, 3千万, 20亿五千万).
//
// Approximation words make `approx` true: before the number 近, 将近, 接近, 约, 大约, 超, 超过, 逾, 突破,
// 不到, 不足, 不超过, 不低于, 不少于 (and 上, 过, 破 before a bare magnitude: 上亿, 过亿, 破百亿); inside or after
// it 多, 余, 几, 以上, 及以上, 以下, 以内, 左右, 上下, 开外, 有余. 达 / 达到 / 高达 are NOT approximations.
//
// Ranges (3-5亿, 3至5亿, 三到五亿, 3亿~5亿, 七八亿): one token whose `value` is the LOWER bound, `high` the
// upper bound, and `approx` true; `text` spans the whole range.
//
// Linear time: one left-to-right pass with bounded look-around; runs longer than a number can be
// (over 30 digits, over 40 Chinese numeral characters) are skipped whole, never re-scanned.

// ---------------------------------------------------------------------------------------------
// Exact decimal arithmetic

export interface DecimalParts {
  /** Unscaled integer: value = coef / 10^scale. */
  readonly coef: bigint;
  readonly scale: number;
}

const DECIMAL = /^(-)?(\d+)(?:\.(\d+))?$/;
/** Already canonical: no leading zeros, no trailing fractional zeros, not "-0". */
const CANONICAL = /^(?:0|[1-9]\d*)(?:\.\d*[1-9])?$/;

/** "20.4" → {coef: 204n, scale: 1}; null for anything but a plain ASCII decimal. */
export function parseDecimal(s: string): DecimalParts | null {
  if (s.length > 400) return null;
  const m = DECIMAL.exec(s);
  if (!m) return null;
  const frac = m[3] ?? '';
  const coef = BigInt((m[2] ?? '0') + frac);
  return { coef: m[1] ? -coef : coef, scale: frac.length };
}

function toParts(x: DecimalParts | bigint | string): DecimalParts {
  if (typeof x === 'bigint') return { coef: x, scale: 0 };
  if (typeof x === 'string') {
    const p = parseDecimal(x);
    if (!p) throw new RangeError(`not a decimal: ${x.slice(0, 40)}`);
    return p;
  }
  return x;
}

/** The canonical decimal string: no exponent, no trailing fractional zeros, "-0" → "0". */
export function formatDecimal(x: DecimalParts | bigint | string): string {
  if (typeof x === 'string' && CANONICAL.test(x)) return x;
  let { coef, scale } = toParts(x);
  if (scale < 0) {
    coef *= 10n ** BigInt(-scale);
    scale = 0;
  }
  while (scale > 0 && coef % 10n === 0n) {
    coef /= 10n;
    scale--;
  }
  const neg = coef < 0n;
  let digits = (neg ? -coef : coef).toString();
  if (scale === 0) return (neg ? '-' : '') + digits;
  digits = digits.padStart(scale + 1, '0');
  return (neg ? '-' : '') + digits.slice(0, digits.length - scale) + '.' + digits.slice(digits.length - scale);
}

/** decimal × 10^power10, exactly, by moving the decimal point: multiply("20.4", 8) → "2040000000". */
export function multiply(decimal: string, power10: number): string {
  const m = DECIMAL.exec(decimal);
  if (!m || decimal.length > 400) throw new RangeError(`not a decimal: ${decimal.slice(0, 40)}`);
  const int = m[2] ?? '0';
  const frac = m[3] ?? '';
  const digits = int + frac;
  const point = int.length + power10;
  let i: string;
  let f: string;
  if (point >= digits.length) {
    i = digits + '0'.repeat(point - digits.length);
    f = '';
  } else if (point <= 0) {
    i = '0';
    f = '0'.repeat(-point) + digits;
  } else {
    i = digits.slice(0, point);
    f = digits.slice(point);
  }
  let a = 0;
  while (a < i.length - 1 && i.charCodeAt(a) === 48) a++;
  let b = f.length;
  while (b > 0 && f.charCodeAt(b - 1) === 48) b--;
  i = i.slice(a);
  f = f.slice(0, b);
  const neg = m[1] !== undefined && (i !== '0' || f !== '');
  return (neg ? '-' : '') + i + (f ? '.' + f : '');
}

/** a × b, exactly: multiplyDecimals("11", "7.1") → "78.1". */
export function multiplyDecimals(a: string, b: string): string {
  const x = toParts(a);
  const y = toParts(b);
  return formatDecimal({ coef: x.coef * y.coef, scale: x.scale + y.scale });
}

function align(a: string, b: string): [bigint, bigint, number] {
  const x = toParts(a);
  const y = toParts(b);
  const scale = Math.max(x.scale, y.scale);
  return [x.coef * 10n ** BigInt(scale - x.scale), y.coef * 10n ** BigInt(scale - y.scale), scale];
}

/** a + b, exactly. */
export function addDecimals(a: string, b: string): string {
  const [x, y, scale] = align(a, b);
  return formatDecimal({ coef: x + y, scale });
}

/** -1, 0 or 1 as a < b, a = b, a > b. */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const x = formatDecimal(a);
  const y = formatDecimal(b);
  if (x === y) return 0;
  if (x.startsWith('-') || y.startsWith('-')) {
    const [p, q] = align(x, y);
    return p < q ? -1 : 1;
  }
  // Both canonical and non-negative: compare integer lengths, then digit by digit.
  const xi = x.indexOf('.') === -1 ? x.length : x.indexOf('.');
  const yi = y.indexOf('.') === -1 ? y.length : y.indexOf('.');
  if (xi !== yi) return xi < yi ? -1 : 1;
  return x < y ? -1 : 1;
}

// ---------------------------------------------------------------------------------------------
// Character classes

const CN_DIGIT = new Map<string, number>([
  ['零', 0], ['〇', 0], ['○', 0],
  ['一', 1], ['壹', 1], ['二', 2], ['贰', 2], ['貳', 2], ['两', 2], ['兩', 2],
  ['三', 3], ['叁', 3], ['參', 3], ['四', 4], ['肆', 4], ['五', 5], ['伍', 5],
  ['六', 6], ['陆', 6], ['陸', 6], ['七', 7], ['柒', 7], ['八', 8], ['捌', 8], ['九', 9], ['玖', 9],
]);
const CN_SMALL = new Map<string, number>([['十', 1], ['拾', 1], ['百', 2], ['佰', 2], ['千', 3], ['仟', 3]]);
const CN_BIG = new Map<string, number>([['万', 4], ['萬', 4], ['亿', 8], ['億', 8]]);

function isCnNumeral(c: string): boolean {
  return CN_DIGIT.has(c) || CN_SMALL.has(c) || CN_BIG.has(c);
}

/** 0-9 for ASCII or full-width digits, else -1. */
function digitAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 0xff10 && c <= 0xff19) return c - 0xff10;
  return -1;
}

const MAX_INT_DIGITS = 30;
const POW10: readonly string[] = Array.from({ length: 13 }, (_, p) => '1' + '0'.repeat(p));
const MAX_CN_RUN = 40;

// ---------------------------------------------------------------------------------------------
// Arabic numerals

/** Normalises full-width digits and separators to ASCII. */
function asciiDigits(s: string): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xff10 && c <= 0xff19) out += String.fromCharCode(c - 0xff10 + 48);
    else if (c === 0xff0e) out += '.';
    else if (c === 0xff0c) out += ',';
    else out += s[i];
  }
  return out;
}

/**
 * "20.4" → "20.4", "1,200" → "1200", "１２" → "12"; null when the string is not one number
 * (1.1.1, 12,34, a trailing dot, over 30 integer digits).
 */
export function parseArabicNumber(s: string): string | null {
  // Fast path: plain ASCII digits (most numbers in text).
  if (s.length > 0 && s.length <= MAX_INT_DIGITS) {
    let plain = true;
    let lead = 0;
    for (let q = 0; q < s.length; q++) {
      const c = s.charCodeAt(q);
      if (c < 48 || c > 57) {
        plain = false;
        break;
      }
      if (c === 48 && lead === q && q < s.length - 1) lead++;
    }
    if (plain) return lead === 0 ? s : s.slice(lead);
  }
  const t = asciiDigits(s);
  const dot = t.indexOf('.');
  if (dot !== -1 && t.indexOf('.', dot + 1) !== -1) return null;
  const intRaw = dot === -1 ? t : t.slice(0, dot);
  const frac = dot === -1 ? '' : t.slice(dot + 1);
  if (dot !== -1 && (frac.length === 0 || !/^\d+$/.test(frac))) return null;
  let int = intRaw;
  if (intRaw.includes(',')) {
    const groups = intRaw.split(',');
    const first = groups[0] ?? '';
    if (first.length < 1 || first.length > 3 || !/^\d+$/.test(first)) return null;
    for (let g = 1; g < groups.length; g++) if (!/^\d{3}$/.test(groups[g] ?? '')) return null;
    int = groups.join('');
  }
  if (!/^\d+$/.test(int) || int.length > MAX_INT_DIGITS) return null;
  return formatDecimal(frac ? `${int}.${frac}` : int);
}

// ---------------------------------------------------------------------------------------------
// Chinese numerals

type CnTok = { d: number; u?: undefined } | { u: number; d?: undefined }; // digit, or unit power

function cnTokens(s: string): CnTok[] | null {
  const out: CnTok[] = [];
  for (const c of s) {
    const d = CN_DIGIT.get(c);
    if (d !== undefined) {
      out.push({ d });
      continue;
    }
    const u = CN_SMALL.get(c) ?? CN_BIG.get(c);
    if (u === undefined) return null;
    out.push({ u });
  }
  return out;
}

/** A section below 10^4: 一千二百, 七十八, 零五, 十五 (implicit 一 only where `leading`). */
function cnSection(toks: CnTok[], leading: boolean): bigint | null {
  let value = 0n;
  let lastUnit = 4; // units must decrease: 千 > 百 > 十
  let pending: number | null = null;
  let zeroSeen = false;
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i]!;
    if (t.d !== undefined) {
      if (t.d === 0) {
        if (pending !== null) return null;
        zeroSeen = true;
        continue;
      }
      if (pending !== null) return null; // 一一, 三五
      pending = t.d;
      continue;
    }
    const u = t.u;
    if (u >= 4 || u >= lastUnit) return null;
    let d = pending;
    if (d === null) {
      if (!(leading && i === 0)) return null; // 一百百, 一千十
      d = 1;
    }
    value += BigInt(d) * 10n ** BigInt(u);
    lastUnit = u;
    pending = null;
    zeroSeen = false;
  }
  if (pending !== null) {
    // 一千零五: the digit stands alone. 三千五 (no 零): colloquial elision, 3500.
    if (!zeroSeen && lastUnit >= 2 && lastUnit < 4) value += BigInt(pending) * 10n ** BigInt(lastUnit - 1);
    else value += BigInt(pending);
  }
  return value;
}

/** Below 10^8: S万T or S. `leading`: the first token may be a bare unit (十五, 千, 万). */
function cnWan(toks: CnTok[], leading: boolean): bigint | null {
  const j = toks.findIndex((t) => t.u === 4);
  if (j === -1) return toks.length === 0 ? null : cnSection(toks, leading);
  if (toks.findIndex((t, k) => k > j && t.u === 4) !== -1) return null; // 万万
  const head = toks.slice(0, j);
  const tail = toks.slice(j + 1);
  let s: bigint | null;
  if (head.length === 0) {
    if (!leading) return null;
    s = 1n; // 万
  } else s = cnSection(head, leading);
  if (s === null || s === 0n) return null;
  let t = 0n;
  if (tail.length > 0) {
    const only = tail[0]!;
    if (tail.length === 1 && only.d !== undefined && only.d > 0) t = BigInt(only.d) * 1000n; // 一万五
    else {
      const v = cnSection(tail, false);
      if (v === null) return null;
      t = v;
    }
  }
  return s * 10000n + t;
}

function cnInteger(toks: CnTok[]): bigint | null {
  if (toks.length === 0) return null;
  // Digit by digit: 二〇一九, 一九九八 (three digits or more, or any with 〇).
  if (toks.every((t) => t.d !== undefined)) {
    if (toks.length === 1) return BigInt(toks[0]!.d!);
    const s = toks.map((t) => t.d).join('');
    if (toks.length >= 3 || toks.some((t) => t.d === 0)) return BigInt(s);
    return null;
  }
  const i = toks.findIndex((t) => t.u === 8);
  if (i === -1) return cnWan(toks, true);
  if (toks.findIndex((t, k) => k > i && t.u === 8) !== -1) return null; // 亿亿
  const head = toks.slice(0, i);
  const tail = toks.slice(i + 1);
  const a = head.length === 0 ? 1n : cnWan(head, true);
  if (a === null || a === 0n) return null;
  let b = 0n;
  if (tail.length > 0) {
    const only = tail[0]!;
    if (tail.length === 1 && only.d !== undefined && only.d > 0) b = BigInt(only.d) * 10_000_000n; // 一亿五
    else {
      const v = cnWan(tail, false);
      if (v === null) return null;
      b = v;
    }
  }
  return a * 100_000_000n + b;
}

/**
 * A whole string of Chinese numerals → its exact decimal value, or null: 七 → "7", 一百五十九 → "159",
 * 两 → "2", 千 → "1000", 万亿 → "1000000000000", 三百万 → "3000000", 〇 → "0", 三点五亿 → "350000000".
 */
export function parseChineseNumber(s: string): string | null {
  if (s.length === 0 || s.length > MAX_CN_RUN) return null;
  const p = s.indexOf('点');
  if (p === -1) {
    // 万亿 as one unit after a section: 三万亿 is 3 × 10^12 (cnInteger reads it as (3×10^4)×10^8).
    const toks = cnTokens(s);
    if (!toks) return null;
    const v = cnInteger(toks);
    return v === null ? null : v.toString();
  }
  // 三点五, 二十点五亿: integer part, fractional digits, an optional trailing magnitude.
  const intToks = cnTokens(s.slice(0, p));
  if (!intToks || intToks.length === 0 || intToks.some((t) => t.u === 4 || t.u === 8)) return null;
  const int = cnInteger(intToks);
  if (int === null) return null;
  let rest = s.slice(p + 1);
  let pow = 0;
  for (const [suffix, power] of MAGNITUDES) {
    if (rest.endsWith(suffix) && rest.length > suffix.length) {
      rest = rest.slice(0, rest.length - suffix.length);
      pow = power;
      break;
    }
  }
  let frac = '';
  for (const c of rest) {
    const d = CN_DIGIT.get(c);
    if (d === undefined) return null;
    frac += String(d);
  }
  if (!frac) return null;
  return multiply(`${int}.${frac}`, pow);
}

/** Magnitude words after a number, longest first: 20.4亿, 3千万, 1.2万亿. */
const MAGNITUDES: ReadonlyArray<readonly [string, number]> = [
  ['万亿', 12], ['千亿', 11], ['百亿', 10], ['十亿', 9], ['千万', 7], ['百万', 6], ['十万', 5],
  ['萬億', 12], ['千億', 11], ['百億', 10], ['十億', 9], ['千萬', 7], ['百萬', 6], ['十萬', 5],
  ['亿', 8], ['億', 8], ['万', 4], ['萬', 4], ['千', 3], ['仟', 3], ['百', 2], ['佰', 2],
];

/** MAGNITUDES by first character, longest first. */
const MAGNITUDE_BY_FIRST = new Map<string, Array<{ word: string; len: number; pow: number }>>();
for (const [word, pow] of MAGNITUDES) {
  const list = MAGNITUDE_BY_FIRST.get(word[0]!) ?? [];
  list.push({ word, len: word.length, pow });
  MAGNITUDE_BY_FIRST.set(word[0]!, list);
}

function magnitudeAt(text: string, i: number): { len: number; pow: number } | null {
  const list = MAGNITUDE_BY_FIRST.get(text[i] ?? '');
  if (!list) return null;
  for (const m of list) if (m.len === 1 || text.startsWith(m.word, i)) return m;
  return null;
}

/**
 * A whole string that is exactly one number, Arabic, Chinese or mixed (1.5万, 3千, 1亿5000万, 二十亿五千万)
 * → its exact value. Null for anything else, approximations (近三十) and ranges (3-5亿) included: use
 * findNumbers for running text.
 */
export function parseNumber(s: string): string | null {
  const t = s.trim();
  if (!t) return null;
  const toks = findNumbers(t, { includeBare: true });
  if (toks.length !== 1) return null;
  const tok = toks[0]!;
  if (tok.start !== 0 || tok.end !== t.length || tok.approx) return null;
  return tok.value;
}

// ---------------------------------------------------------------------------------------------
// Approximation words

const APPROX_BEFORE = ['不超过', '不低于', '不少于', '将近', '接近', '超过', '突破', '大约', '不到', '不足', '逾', '近', '约', '超'];
/** Only before a bare magnitude (上亿, 过亿, 破百亿): elsewhere these are parts of other words. */
const APPROX_BEFORE_BARE = ['上', '过', '破'];
/** Not approximations, but they make a bare magnitude a number: 达万亿, 高达百亿. */
const CUE_BEFORE = ['达到', '高达', '可达', '达'];
const APPROX_AFTER = ['及以上', '以上', '以下', '以内', '左右', '上下', '开外', '有余'];

const APPROX_FIRST = new Set(APPROX_AFTER.map((w) => w[0]!));
const APPROX_LAST = new Set([...APPROX_BEFORE, ...APPROX_BEFORE_BARE].map((w) => w[w.length - 1]!));
const NOT_APPROX_YUE = new Set('签合预履违解节条协公契特邀制相践赴守失毁订缔盟集规婚誓租聘隐简要'.split(''));
const NOT_APPROX_JIN = new Set('最附靠亲邻贴就远浅'.split(''));

/**
 * Where an approximation word ending at `pos` starts (pos when there is none). `bare`: the number is a
 * bare magnitude (百亿, 万亿), where 上/过/破 count too.
 */
export function approxWordBefore(text: string, pos: number, bare = false): number {
  if (!APPROX_LAST.has(text[pos - 1] ?? '')) return pos;
  for (const w of APPROX_BEFORE) {
    const s = pos - w.length;
    if (s < 0 || !text.startsWith(w, s)) continue;
    const prev = s > 0 ? (text[s - 1] ?? '') : '';
    if (w === '约' && NOT_APPROX_YUE.has(prev)) continue;
    if (w === '近' && NOT_APPROX_JIN.has(prev)) continue;
    if (w === '超' && (prev === '赶' || prev === '高')) continue;
    return s;
  }
  if (bare) for (const w of APPROX_BEFORE_BARE) if (pos >= 1 && text.startsWith(w, pos - 1)) return pos - 1;
  return pos;
}

/** Where a 达-like cue (not an approximation) ending at `pos` starts, or pos. */
export function cueWordBefore(text: string, pos: number): number {
  const last = text[pos - 1];
  if (last !== '达' && last !== '到') return pos;
  for (const w of CUE_BEFORE) if (pos >= w.length && text.startsWith(w, pos - w.length)) return pos - w.length;
  return pos;
}

/** Where an approximation word starting at `pos` ends (pos when there is none): 以上, 左右, 以下… */
export function approxWordAfter(text: string, pos: number): number {
  if (!APPROX_FIRST.has(text[pos] ?? '')) return pos;
  for (const w of APPROX_AFTER) {
    if (!text.startsWith(w, pos)) continue;
    const next = text[pos + w.length] ?? '';
    if (w === '上下' && next === '游') continue; // 上下游
    return pos + w.length;
  }
  return pos;
}

// ---------------------------------------------------------------------------------------------
// The scanner

export interface NumberToken {
  /** Start including a leading approximation word (近三十 starts at 近). */
  readonly start: number;
  /** End including trailing approximation words right after the number (三十多, 500以上). */
  readonly end: number;
  /** The number itself, with any internal 多/余/几 and magnitude (三十多亿): no leading approximation word. */
  readonly coreStart: number;
  readonly coreEnd: number;
  readonly text: string;
  /** Exact decimal; for a range its lower bound. */
  readonly value: string;
  /** The upper bound of a range (3-5亿 → value 3亿, high 5亿), else undefined. */
  readonly high?: string | undefined;
  readonly approx: boolean;
  /** The number is a bare magnitude (百亿, 万亿, 千): no digit before it. */
  readonly bare: boolean;
  /** Power of ten of the trailing magnitude word (亿 → 8, 万 → 4, 千万 → 7), 0 when none. */
  readonly magnitude: number;
  /** The numeral was Chinese (七亿) rather than Arabic (7亿). */
  readonly chinese: boolean;
  /** A lone Chinese digit (一, 三): 三元锂 and 一元化 make these unlikely money. */
  readonly singleChineseDigit: boolean;
}

export interface FindNumbersOptions {
  /**
   * Report bare magnitudes (千, 万, 百亿) even with no approximation or 达 cue before them. Off by
   * default: 万企, 亿元楼宇 and 千亿级 are words, not numbers.
   */
  readonly includeBare?: boolean;
}

interface Core {
  start: number;
  end: number;
  value: string;
  approx: boolean;
  bare: boolean;
  magnitude: number;
  chinese: boolean;
  single: boolean;
  high?: string | undefined;
  /** The numeral itself has a unit char (五千, 20亿): a merge partner for 1亿5000万. */
  hasUnit: boolean;
}

const INTERNAL_APPROX = new Set(['多', '余', '几']);

/** After a number's digits: [多余几]? magnitude? [多余]? — 三十多亿, 20.4亿, 5万余, 20多. */
function extendCore(text: string, core: Core): Core {
  const i = core.end;
  const c = text[i] ?? '';
  const j = INTERNAL_APPROX.has(c) ? i + 1 : i;
  // A Chinese run already took every numeral after it: a magnitude can only follow 多/余/几 (三十多亿).
  const mag = core.chinese && j === i ? null : magnitudeAt(text, j);
  if (mag) {
    let end = j + mag.len;
    if (j > i) core.approx = true;
    const after = text[end] ?? '';
    if (after === '多' || after === '余') {
      core.approx = true;
      end += 1;
    }
    core.end = end;
    core.value = multiply(core.value, mag.pow);
    if (core.high !== undefined) core.high = multiply(core.high, mag.pow);
    core.magnitude = mag.pow;
    core.hasUnit = true;
    return core;
  }
  if (j === i) return core;
  // 20多个, 十余家, 300多元: the approximation word ends the number — but 多元化 and 余额 are words.
  const next = text[j] ?? '';
  const next2 = text[j + 1] ?? '';
  if (c === '多' && next === '元' && (next2 === '化' || next2 === '素')) return core;
  if (c === '余' && next === '额') return core;
  core.end = j;
  core.approx = true;
  return core;
}

function arabicCore(s: number, e: number, v: string): Core {
  return { start: s, end: e, value: v, approx: false, bare: false, magnitude: 0, chinese: false, single: false, hasUnit: false, high: undefined };
}

/** The Arabic number(s) of the digit run starting at i; `next` is where scanning resumes. */
function arabicAt(text: string, i: number): { cores: Core[]; next: number } {
  let k = i;
  for (; k < text.length; k++) {
    if (digitAt(text, k) >= 0) continue;
    const c = text[k];
    if ((c === '.' || c === ',' || c === '．') && digitAt(text, k + 1) >= 0) continue;
    break;
  }
  const cores: Core[] = [];
  // Longer than any number can be written (a hostile 1111…, 1.1.1.1…): skipped whole.
  if (k - i > 200) return { cores, next: k };
  const run = text.slice(i, k);
  const whole = parseArabicNumber(run);
  if (whole !== null) cores.push(arabicCore(i, k, whole));
  else if (!/[.．]\d+[.．]/.test(asciiDigits(run))) {
    // 1930,1065: a comma between numbers, not a thousands separator.
    let s = i;
    for (const piece of run.split(/[,，]/)) {
      const v = parseArabicNumber(piece);
      if (v !== null) cores.push(arabicCore(s, s + piece.length, v));
      s += piece.length + 1;
    }
  }
  return { cores, next: k };
}

/** The Chinese numeral run starting at i (core null when it is not a number); `next` is where scanning resumes. */
function chineseAt(text: string, i: number): { core: Core | null; next: number } {
  let k = i;
  while (k < text.length) {
    const c = text[k]!;
    if (isCnNumeral(c)) {
      k++;
      continue;
    }
    // 三点五: 点 between numerals.
    if (c === '点' && k > i && CN_DIGIT.has(text[k + 1] ?? '') && text[k + 1] !== '两') {
      k++;
      continue;
    }
    break;
  }
  const run = text.slice(i, k);
  if (run.length > MAX_CN_RUN) return { core: null, next: k };
  const first = run[0] ?? '';
  const bare = !CN_DIGIT.has(first) && first !== '十' && first !== '拾';
  let hasUnit = false;
  for (let q = 0; q < run.length && !hasUnit; q++) hasUnit = CN_SMALL.has(run[q]!) || CN_BIG.has(run[q]!);
  let lastPow = 0;
  const lastBig = CN_BIG.get(run[run.length - 1] ?? '');
  if (lastBig !== undefined) lastPow = run.endsWith('万亿') ? 12 : lastBig;
  let value: string | null;
  if (run.length === 1) {
    // Fast path: one character (一, 亿, 万).
    const d = CN_DIGIT.get(first);
    const u = CN_SMALL.get(first) ?? CN_BIG.get(first);
    value = d !== undefined ? String(d) : u !== undefined ? POW10[u]! : null;
  } else value = parseChineseNumber(run);
  if (value !== null) {
    return {
      core: {
        start: i, end: k, value, approx: false, bare, magnitude: lastPow, chinese: true,
        single: run.length === 1 && CN_DIGIT.has(first), hasUnit, high: undefined,
      },
      next: k,
    };
  }
  // 七八亿, 三四万: two neighbouring digits are a range.
  const d1 = CN_DIGIT.get(run[0] ?? '');
  const d2 = CN_DIGIT.get(run[1] ?? '');
  if (d1 !== undefined && d2 !== undefined && d1 > 0 && d2 === d1 + 1 && run[0] !== '两') {
    const rest = run.slice(2);
    let pow = 0;
    if (rest) {
      const m = MAGNITUDES.find(([w]) => w === rest);
      if (!m) return { core: null, next: k };
      pow = m[1];
    }
    return {
      core: {
        start: i, end: k, value: multiply(String(d1), pow), high: multiply(String(d2), pow), approx: true,
        bare: false, magnitude: pow, chinese: true, single: false, hasUnit: pow > 0,
      },
      next: k,
    };
  }
  return { core: null, next: k };
}

/** Digits before the point of a canonical non-negative decimal ("0.5" → 0, "5000" → 4). */
function integerDigits(v: string): number {
  const dot = v.indexOf('.');
  const int = dot === -1 ? v : v.slice(0, dot);
  return int === '0' ? 0 : int.length;
}

const RANGE_JOIN = new Set(['-', '–', '—', '~', '～', '至', '到', '－']);

/** Every numeral in one pass: Arabic runs and Chinese runs, each extended by 多/余 and a magnitude. */
function scanCores(text: string): Core[] {
  const cores: Core[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (digitAt(text, i) >= 0) {
      const { cores: found, next } = arabicAt(text, i);
      for (let f = 0; f < found.length; f++) {
        const c = found[f]!;
        // Only the last piece of a split run touches what follows.
        cores.push(f === found.length - 1 ? extendCore(text, c) : c);
      }
      i = Math.max(next, cores.length ? cores[cores.length - 1]!.end : next);
    } else if (isCnNumeral(text[i]!)) {
      const { core, next } = chineseAt(text, i);
      if (core) cores.push(extendCore(text, core));
      i = Math.max(next, core ? core.end : next);
    } else i++;
  }
  return cores;
}

/** 1亿5000万, 二十亿五千万: b adds to a when it follows a 万/亿 directly and is smaller than that unit. */
function joinCompound(a: Core, b: Core): boolean {
  if (b.start !== a.end || a.high !== undefined || b.high !== undefined || a.approx || !b.hasUnit || b.bare) return false;
  if (a.magnitude !== 4 && a.magnitude !== 8 && a.magnitude !== 12) return false;
  if (integerDigits(b.value) > a.magnitude) return false;
  a.end = b.end;
  a.value = addDecimals(a.value, b.value);
  a.approx = b.approx;
  a.magnitude = b.magnitude;
  a.chinese = a.chinese || b.chinese;
  a.single = false;
  return true;
}

/** 3-5亿, 三到五亿, 3亿~5亿: one range, the lower bound taking the upper bound's magnitude when it has none. */
function joinRange(text: string, a: Core, b: Core): boolean {
  if (b.start !== a.end + 1 || !RANGE_JOIN.has(text[a.end] ?? '')) return false;
  if (a.high !== undefined || b.high !== undefined || a.bare || b.bare) return false;
  const low = a.magnitude === 0 && b.magnitude > 0 ? multiply(a.value, b.magnitude) : a.value;
  if (compareDecimals(low, b.value) >= 0) return false;
  a.end = b.end;
  a.value = low;
  a.high = b.value;
  a.approx = true;
  a.magnitude = b.magnitude;
  a.chinese = a.chinese || b.chinese;
  a.single = false;
  a.hasUnit = b.hasUnit;
  return true;
}

/**
 * Every number in `text`, in order. Ranges become one token (value = lower bound, `high` = upper
 * bound, approx). A compound 1亿5000万 / 二十亿五千万 becomes one token (the sum).
 */
export function findNumbers(text: string, opts: FindNumbersOptions = {}): NumberToken[] {
  const cores = scanCores(text);
  const out: NumberToken[] = [];
  for (let k = 0; k < cores.length; k++) {
    const c = cores[k]!;
    const b = cores[k + 1];
    if (b && (joinCompound(c, b) || joinRange(text, c, b))) k++;
    const approxStart = approxWordBefore(text, c.start, c.bare);
    const cue = cueWordBefore(text, c.start) < c.start;
    if (c.bare && !opts.includeBare && approxStart === c.start && !cue) continue;
    const end = approxWordAfter(text, c.end);
    out.push({
      start: approxStart,
      end,
      coreStart: c.start,
      coreEnd: c.end,
      text: text.slice(approxStart, end),
      value: c.value,
      high: c.high,
      approx: c.approx || approxStart < c.start || end > c.end,
      bare: c.bare,
      magnitude: c.magnitude,
      chinese: c.chinese,
      singleChineseDigit: c.single,
    });
  }
  return out;
}
