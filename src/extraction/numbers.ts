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
export * from './decimal.js';
export { parseArabicNumber, parseChineseNumber } from './numerals.js';
import { multiply, addDecimals, compareDecimals } from './decimal.js';
import { CN_DIGIT, CN_SMALL, CN_BIG, isCnNumeralAt, digitAt, POW10, MAX_CN_RUN, asciiDigits, MAGNITUDES, magnitudeAt, parseArabicNumber, parseChineseNumber } from './numerals.js';

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
    if (isCnNumeralAt(text, k)) {
      k++;
      continue;
    }
    const c = text[k]!;
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
    } else if (isCnNumeralAt(text, i)) {
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
