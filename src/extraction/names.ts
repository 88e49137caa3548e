// Shared machinery of the named-entity extractors (companies.ts, parks.ts, projects.ts):
// place names, intro words, bounded name windows, generic-word checks and name merging.
//
// The method is the same for all three: find a suffix (公司, 高新区, 项目 …) with one regex of
// literal alternatives, take the name in front of it from a bounded window (at most N characters,
// never across punctuation or the previous match), cut the window after the last leading verb or
// particle (包括, 联合, 引入, 的, 与 …), and drop names made only of generic words (平台公司,
// 现代农业产业园, 重点项目). Every step costs at most the window size, so extraction is linear.
import type { Region } from '../regions/gazetteer.js';
import { KeywordMatcher } from './keywords.js';
import type { Span } from './types.js';

// ---------------------------------------------------------------------------------------------
// Place names (for place prefixes such as 长沙比亚迪, 湖南省株洲市…), built from the gazetteer.

const DEPTH = { province: 1, city: 2, county: 3 } as const;

export class PlaceNames {
  /** Place names that may open a company's or a park's name (and that are safe to find inside one). */
  readonly places: ReadonlySet<string>;
  /** Any name or short form → the full name it stands for (the higher level where shared: 长沙 → 长沙市). */
  readonly fullName: ReadonlyMap<string, string>;
  /** At the very start of a park's name every short form counts, counties' two-character ones too (吉首经开区). */
  readonly leadingMatcher: KeywordMatcher<string>;
  readonly matcher: KeywordMatcher<string>;
  private readonly maxPlace: number;

  /** `elsewhere`: provinces and cities outside the gazetteer (浙江, 深圳市) that open names as well. */
  constructor(regions: readonly Pick<Region, 'name' | 'short' | 'level'>[], elsewhere: readonly string[] = []) {
    const set = new Set<string>(['中国', '全国', ...elsewhere]);
    for (const d of regions) {
      set.add(d.name);
      // Short forms of counties are often ordinary words (通道, 会同, 凤凰); keep the longer ones.
      if (d.level !== 'county' || d.short.length >= 3) set.add(d.short);
    }
    this.places = set;
    const map = new Map<string, string>();
    for (const d of [...regions].sort((a, b) => DEPTH[a.level] - DEPTH[b.level])) {
      if (!map.has(d.name)) map.set(d.name, d.name);
      if (!map.has(d.short)) map.set(d.short, d.name);
    }
    this.fullName = map;
    this.leadingMatcher = new KeywordMatcher<string>([...map.keys()].map((p) => [p, p] as const));
    this.maxPlace = Math.max(...[...set].map((p) => p.length));
    this.matcher = new KeywordMatcher<string>([...set].map((p) => [p, p] as const));
  }

  /** The place names that open `s` (湖南省株洲市 → 湖南省, 株洲市), longest first at each step. */
  leadingPlaces(s: string): string[] {
    const out: string[] = [];
    let i = 0;
    while (i < s.length) {
      const hit = this.matcher.matchAt(s, i);
      if (!hit) break;
      out.push(hit.text);
      i = hit.end;
    }
    return out;
  }

  /** Where a place name that ends at `at` starts, or `at`. */
  placeBefore(text: string, at: number): number {
    for (let len = Math.min(this.maxPlace, at); len >= 2; len--) if (this.places.has(text.slice(at - len, at))) return at - len;
    return at;
  }

  stripPlaces(prefix: string): { places: string[]; rest: string } {
    const places = this.leadingPlaces(prefix);
    return { places, rest: prefix.slice(places.join('').length) };
  }
}

// ---------------------------------------------------------------------------------------------
// Shared machinery.

export const CJK = /[\u4e00-\u9fff]/u;

/**
 * Words that end the free text in front of a name: verbs and particles that introduce it
 * (包括 株洲维通利电气公司, 联合 浦泰公司, 引入 平安银行, 另一项目 嘉泰鞋业). The name starts after
 * the last of them in the window.
 */
export const INTRO_WORDS = [
  '包括', '包含', '涵盖', '联合', '联手', '携手', '引入', '引进', '吸引', '招引', '推动', '推进', '支持', '加快', '加速', '鼓励', '依托', '依靠',
  '通过', '其中', '例如', '比如', '另一', '另外', '还有', '以及', '项目', '企业', '龙头', '代表', '签约', '签署', '签订', '落户', '入驻',
  '成立', '组建', '设立', '投资', '实施', '开工', '竣工', '投产', '成功', '获批', '获得', '获评', '举办', '同时', '作为', '来自', '随着',
  '带动', '集聚', '聚集', '培育', '打造', '扶持', '对接', '申报', '帮助', '指导', '加强', '强化', '重视', '促进', '坚持', '利用', '加大',
  '提升', '提高', '开展', '完善', '建立', '构建', '突出', '围绕', '聚焦', '深化', '优化', '面向', '实现', '形成', '具有', '拥有', '成为',
  '位于', '地处', '坐落', '落地', '进驻', '牵头', '参与', '旗下', '全资', '控股子', '子公司', '与其', '抓好', '抓实', '发挥', '充分', '入选',
  '标志着', '标志', '确保', '保障', '启动', '做优', '做强', '做大', '提速', '提质', '清理', '整合', '新增', '积极', '大力', '着力', '全力',
  '全面', '进一步', '推出', '出台', '批复', '布局', '申建', '挂牌', '授牌', '认定', '评为', '列入', '纳入', '争创', '创建', '助力', '赋能',
  '对标', '瞄准', '立足', '结合', '承接', '主办', '承办', '举行', '召开', '监控', '密切', '有效', '显著', '持续', '稳步', '加紧', '力争',
  '争取', '谋划', '招商', '后续', '所有', '领域', '方向', '携', '由', '如', '与', '和', '及', '或', '的', '等', '在', '是', '将', '被', '把',
  '了', '从', '以', '于', '并', '而', '已', '均', '都', '也', '向', '对', '年', '月', '日', '着', '即',
];
/** Parks and projects may also be introduced by words that company names carry (建设集团, 运营公司). */
export const PLACE_INTRO_WORDS = ['建设', '运营', '发展', '为', '至'];

export function alternation(words: readonly string[]): string {
  return [...words].sort((a, b) => b.length - a.length).join('|');
}
export const COMPANY_INTRO_RE = new RegExp(alternation(INTRO_WORDS), 'gu');
export const INTRO_END_RE = new RegExp(`(?:${alternation(INTRO_WORDS)})$`, 'u');
export const PLACE_INTRO_RE = new RegExp(alternation([...INTRO_WORDS, ...PLACE_INTRO_WORDS]), 'gu');

/** Determiners that may open a window but are never part of a name (该公司, 本项目, 其…). */
const LEAD_RE = /^(?:该|本|其|此|各|每|这些|这个|这家|那些|上述|相关|一家|一批|多家|多个|旗下|全资)+/u;

/**
 * Start of the name inside the window [from, to): after the last intro word, then past
 * determiners. null when the window was cut by its length limit and nothing in it marks where
 * the name begins (国第二个国家网络安全产业园): better no name than half a name.
 */
export function nameStart(text: string, from: number, to: number, truncated: boolean, intro: RegExp): number | null {
  const window = text.slice(from, to);
  const cut = lastEnd(intro, window);
  const rest = window.slice(cut);
  const lead = LEAD_RE.exec(rest);
  const skip = cut + (lead ? lead[0].length : 0);
  if (truncated && skip === 0) return null;
  return from + skip;
}

/** End of the last match of the global regex `re` in `s`, or 0. */
function lastEnd(re: RegExp, s: string): number {
  let cut = 0;
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) cut = m.index + m[0].length;
  return cut;
}

/**
 * Scan back from `end` over characters that `allowed` accepts, at most `max`, not below `floor`.
 * `truncated`: the scan stopped at the length limit with more name characters in front.
 */
export function windowStart(text: string, end: number, max: number, floor: number, allowed: (code: number) => boolean): { from: number; truncated: boolean } {
  const limit = Math.max(floor, end - max);
  let i = end;
  while (i > limit && allowed(text.charCodeAt(i - 1))) i--;
  return { from: i, truncated: i === end - max && i > floor && allowed(text.charCodeAt(i - 1)) };
}

export const isCjk = (c: number): boolean => c >= 0x4e00 && c <= 0x9fff;
const isAsciiLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
/** Characters of a company or park name: CJK and Latin letters. */
export const NAME_CHAR = (c: number): boolean => isCjk(c) || isAsciiLetter(c);
/** Project names may also carry digits, a decimal point, brackets and +: 湘西500千伏变电工程, 年产1.2亿套…, 集中区(一期)项目, G8.5+基板玻璃. */
export const PROJECT_CHAR = (c: number): boolean =>
  NAME_CHAR(c) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x28 || c === 0x29 || c === 0xff08 || c === 0xff09 || c === 0x2b;

/** Can `s` be cut entirely into words of `words`? (Linear DP; no regex backtracking.) */
export function allGeneric(s: string, words: ReadonlySet<string>, maxWord: number): boolean {
  return genericWordCount(s, words, maxWord) !== null;
}

/** The fewest words of `words` that `s` cuts into, or null when it cannot be cut so (linear DP). */
export function genericWordCount(s: string, words: ReadonlySet<string>, maxWord: number): number | null {
  if (s.length === 0) return 0;
  const best = new Array<number>(s.length + 1).fill(Infinity);
  best[0] = 0;
  for (let i = 0; i < s.length; i++) {
    const here = best[i] ?? Infinity;
    if (here === Infinity) continue;
    for (let l = 1; l <= maxWord && i + l <= s.length; l++) if (words.has(s.slice(i, i + l)) && here + 1 < (best[i + l] ?? Infinity)) best[i + l] = here + 1;
  }
  const n = best[s.length] ?? Infinity;
  return n === Infinity ? null : n;
}

export interface Candidate {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

export function byStart(a: { start: number }, b: { start: number }): number {
  return a.start - b.start;
}

/** Overlapping candidates: the longer span wins, ties go to the earlier. */
export function dropOverlaps<T extends Candidate>(cands: T[]): T[] {
  const sorted = [...cands].sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const out: T[] = [];
  for (const c of sorted) {
    const last = out[out.length - 1];
    if (last && c.start < last.end) {
      if (c.end - c.start > last.end - last.start) out[out.length - 1] = c;
      continue;
    }
    out.push(c);
  }
  return out;
}

/**
 * Finds, among the keys added so far, one that equals `k`, starts or ends it, or that `k` starts
 * or ends — in O(length of k) map lookups, however many keys there are (no pairwise comparison,
 * so a text with a hundred thousand names stays linear).
 */
export class AffixIndex {
  private readonly exact = new Map<string, number>();
  private readonly prefixes = new Map<string, number>();
  private readonly suffixes = new Map<string, number>();

  constructor(private readonly withPrefixes: boolean) {}

  add(key: string, id: number): void {
    this.exact.set(key, id);
    for (let l = 2; l <= key.length; l++) {
      if (this.withPrefixes && !this.prefixes.has(key.slice(0, l))) this.prefixes.set(key.slice(0, l), id);
      if (!this.suffixes.has(key.slice(key.length - l))) this.suffixes.set(key.slice(key.length - l), id);
    }
  }

  find(k: string): number | undefined {
    const direct = this.exact.get(k) ?? this.suffixes.get(k) ?? (this.withPrefixes ? this.prefixes.get(k) : undefined);
    if (direct !== undefined || k.length < 2) return direct;
    for (let l = k.length - 1; l >= 2; l--) {
      const hit = this.exact.get(k.slice(k.length - l)) ?? (this.withPrefixes ? this.exact.get(k.slice(0, l)) : undefined);
      if (hit !== undefined) return hit;
    }
    return undefined;
  }
}

/**
 * One fact per name; a shorter form of a name found elsewhere (京东 / 京东集团, 高端陶瓷项目 /
 * 醴陵高端陶瓷项目) is the same one, kept at the fuller name's first mention with the other
 * mentions in `more`.
 */
export function mergeNames<T extends Candidate>(cands: readonly T[], key: (name: string) => string): (T & { more?: Span[] })[] {
  const out: T[] = [];
  const more: Span[][] = [];
  const index = new AffixIndex(true);
  for (const c of cands) {
    const k = key(c.name);
    const i = k.length >= 2 ? index.find(k) : undefined;
    const kept = i === undefined ? undefined : out[i];
    if (i === undefined || !kept) {
      index.add(k, out.length);
      out.push(c);
      more.push([]);
    } else if (c.name.length > kept.name.length) {
      out[i] = c; // the fuller name, at its own first mention
      more[i]?.push({ start: kept.start, end: kept.end });
      index.add(k, i);
    } else more[i]?.push({ start: c.start, end: c.end });
  }
  return out
    .map((c, i) => {
      const m = (more[i] ?? []).sort(byStart);
      return m.length ? { ...c, more: m } : c;
    })
    .sort(byStart);
}
