// Number words: Arabic and Chinese numerals and magnitudes (万, 亿, 万亿) → exact decimal strings.
import { formatDecimal, multiply } from './decimal.js';

// ---------------------------------------------------------------------------------------------
// Character classes

export const CN_DIGIT = new Map<string, number>([
  ['零', 0], ['〇', 0], ['○', 0],
  ['一', 1], ['壹', 1], ['二', 2], ['贰', 2], ['貳', 2], ['两', 2], ['兩', 2],
  ['三', 3], ['叁', 3], ['參', 3], ['四', 4], ['肆', 4], ['五', 5], ['伍', 5],
  ['六', 6], ['陆', 6], ['陸', 6], ['七', 7], ['柒', 7], ['八', 8], ['捌', 8], ['九', 9], ['玖', 9],
]);
export const CN_SMALL = new Map<string, number>([['十', 1], ['拾', 1], ['百', 2], ['佰', 2], ['千', 3], ['仟', 3]]);
export const CN_BIG = new Map<string, number>([['万', 4], ['萬', 4], ['亿', 8], ['億', 8]]);

/** By UTF-16 code: 1 for a Chinese numeral character (scanned at every position of every text). */
const CN_NUMERAL_CODES = new Uint8Array(65536);
for (const m of [CN_DIGIT, CN_SMALL, CN_BIG]) for (const ch of m.keys()) CN_NUMERAL_CODES[ch.charCodeAt(0)] = 1;

/** Whether the character at `i` is a Chinese numeral, without making a string of it. */
export function isCnNumeralAt(text: string, i: number): boolean {
  return CN_NUMERAL_CODES[text.charCodeAt(i)] === 1;
}

/** 0-9 for ASCII or full-width digits, else -1. */
export function digitAt(text: string, i: number): number {
  const c = text.charCodeAt(i);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 0xff10 && c <= 0xff19) return c - 0xff10;
  return -1;
}

export const MAX_INT_DIGITS = 30;
export const POW10: readonly string[] = Array.from({ length: 13 }, (_, p) => '1' + '0'.repeat(p));
export const MAX_CN_RUN = 40;

// ---------------------------------------------------------------------------------------------
// Arabic numerals

/** Normalises full-width digits and separators to ASCII. */
export function asciiDigits(s: string): string {
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
export const MAGNITUDES: ReadonlyArray<readonly [string, number]> = [
  ['万亿', 12], ['千亿', 11], ['百亿', 10], ['十亿', 9], ['千万', 7], ['百万', 6], ['十万', 5],
  ['萬億', 12], ['千億', 11], ['百億', 10], ['十億', 9], ['千萬', 7], ['百萬', 6], ['十萬', 5],
  ['亿', 8], ['億', 8], ['万', 4], ['萬', 4], ['千', 3], ['仟', 3], ['百', 2], ['佰', 2],
];

/** MAGNITUDES by first character, longest first. */
export const MAGNITUDE_BY_FIRST = new Map<string, Array<{ word: string; len: number; pow: number }>>();
for (const [word, pow] of MAGNITUDES) {
  const list = MAGNITUDE_BY_FIRST.get(word[0]!) ?? [];
  list.push({ word, len: word.length, pow });
  MAGNITUDE_BY_FIRST.set(word[0]!, list);
}

export function magnitudeAt(text: string, i: number): { len: number; pow: number } | null {
  const list = MAGNITUDE_BY_FIRST.get(text[i] ?? '');
  if (!list) return null;
  for (const m of list) if (m.len === 1 || text.startsWith(m.word, i)) return m;
  return null;
}
