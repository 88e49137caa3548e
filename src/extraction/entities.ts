// Named entities: companies (德雅集团, 株洲维通利电气公司, 中联重科), parks and zones (株洲高新区,
// 长沙黄花综合保税区, 湘江新区) and named projects (吉怀高速公路金坪(联合)互通项目).
//
// The method is the same for all three: find a suffix (公司, 高新区, 项目 …) with one regex of
// literal alternatives, take the name in front of it from a bounded window (at most N characters,
// never across punctuation or the previous match), cut the window after the last leading verb or
// particle (包括, 联合, 引入, 的, 与 …), and drop names made only of generic words (平台公司,
// 现代农业产业园, 重点项目). Every step costs at most the window size, so extraction is linear.
import fs from 'node:fs';
import path from 'node:path';
import { gazetteerDir, projectRoot } from '../paths.js';
import { KeywordMatcher, sectorKeywords } from './sectors.js';
import type { NamedFact, ParkFact } from './types.js';

// ---------------------------------------------------------------------------------------------
// Data: place names (for place prefixes such as 长沙比亚迪, 湖南省株洲市…) and well-known companies.

interface GazetteerFile {
  readonly divisions: readonly { code: string; name: string; short: string; level: 'province' | 'city' | 'county' }[];
}

const GAZETTEER: readonly GazetteerFile['divisions'][number][] = fs
  .readdirSync(gazetteerDir)
  .filter((x) => x.endsWith('.json'))
  .sort()
  .flatMap((f) => (JSON.parse(fs.readFileSync(path.join(gazetteerDir, f), 'utf8')) as GazetteerFile).divisions);
const DEPTH = { province: 1, city: 2, county: 3 } as const;

/** Place names that may open a company's or a park's name (and that are safe to find inside one). */
const PLACES: ReadonlySet<string> = (() => {
  const set = new Set<string>(['中国', '全国']);
  for (const d of GAZETTEER) {
    set.add(d.name);
    // Short forms of counties are often ordinary words (通道, 会同, 凤凰); keep the longer ones.
    if (d.level !== 'county' || d.short.length >= 3) set.add(d.short);
  }
  return set;
})();

/** Any name or short form → the full name it stands for (the higher level where shared: 长沙 → 长沙市). */
const FULL_NAME: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const d of [...GAZETTEER].sort((a, b) => DEPTH[a.level] - DEPTH[b.level])) {
    if (!map.has(d.name)) map.set(d.name, d.name);
    if (!map.has(d.short)) map.set(d.short, d.name);
  }
  return map;
})();
/** At the very start of a park's name every short form counts, counties' two-character ones too (吉首经开区). */
const leadingPlaceMatcher = new KeywordMatcher<string>([...FULL_NAME.keys()].map((p) => [p, p] as const));
const MAX_PLACE = Math.max(...[...PLACES].map((p) => p.length));
const placeMatcher = new KeywordMatcher<string>([...PLACES].map((p) => [p, p] as const));

const KNOWN_COMPANIES: readonly string[] = (
  JSON.parse(fs.readFileSync(path.join(projectRoot, 'data', 'known-companies.json'), 'utf8')) as { companies: string[] }
).companies;
const companyMatcher = new KeywordMatcher<string>(KNOWN_COMPANIES.map((c) => [c, c] as const));

/** The place names that open `s` (湖南省株洲市 → 湖南省, 株洲市), longest first at each step. */
function leadingPlaces(s: string): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    const hit = placeMatcher.matchAt(s, i);
    if (!hit) break;
    out.push(hit.text);
    i = hit.end;
  }
  return out;
}

function placeBefore(text: string, at: number): number {
  for (let len = Math.min(MAX_PLACE, at); len >= 2; len--) if (PLACES.has(text.slice(at - len, at))) return at - len;
  return at;
}

// ---------------------------------------------------------------------------------------------
// Shared machinery.

const CJK = /[\u4e00-\u9fff]/u;

/**
 * Words that end the free text in front of a name: verbs and particles that introduce it
 * (包括 株洲维通利电气公司, 联合 浦泰公司, 引入 平安银行, 另一项目 嘉泰鞋业). The name starts after
 * the last of them in the window.
 */
const INTRO_WORDS = [
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
const PLACE_INTRO_WORDS = ['建设', '运营', '发展', '为', '至'];

function alternation(words: readonly string[]): string {
  return [...words].sort((a, b) => b.length - a.length).join('|');
}
const COMPANY_INTRO_RE = new RegExp(alternation(INTRO_WORDS), 'gu');
const INTRO_END_RE = new RegExp(`(?:${alternation(INTRO_WORDS)})$`, 'u');
const PLACE_INTRO_RE = new RegExp(alternation([...INTRO_WORDS, ...PLACE_INTRO_WORDS]), 'gu');

/** Determiners that may open a window but are never part of a name (该公司, 本项目, 其…). */
const LEAD_RE = /^(?:该|本|其|此|各|每|这些|这个|这家|那些|上述|相关|一家|一批|多家|多个|旗下|全资)+/u;

/**
 * Start of the name inside the window [from, to): after the last intro word, then past
 * determiners. null when the window was cut by its length limit and nothing in it marks where
 * the name begins (国第二个国家网络安全产业园): better no name than half a name.
 */
function nameStart(text: string, from: number, to: number, truncated: boolean, intro: RegExp): number | null {
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
function windowStart(text: string, end: number, max: number, floor: number, allowed: (code: number) => boolean): { from: number; truncated: boolean } {
  const limit = Math.max(floor, end - max);
  let i = end;
  while (i > limit && allowed(text.charCodeAt(i - 1))) i--;
  return { from: i, truncated: i === end - max && i > floor && allowed(text.charCodeAt(i - 1)) };
}

const isCjk = (c: number): boolean => c >= 0x4e00 && c <= 0x9fff;
const isAsciiLetter = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
/** Characters of a company or park name: CJK and Latin letters. */
const NAME_CHAR = (c: number): boolean => isCjk(c) || isAsciiLetter(c);
/** Project names may also carry digits and brackets: 湘西500千伏变电工程, 集中区(一期)项目. */
const PROJECT_CHAR = (c: number): boolean =>
  NAME_CHAR(c) || (c >= 0x30 && c <= 0x39) || c === 0x28 || c === 0x29 || c === 0xff08 || c === 0xff09;

/** Can `s` be cut entirely into words of `words`? (Linear DP; no regex backtracking.) */
function allGeneric(s: string, words: ReadonlySet<string>, maxWord: number): boolean {
  if (s.length === 0) return true;
  const ok = new Array<boolean>(s.length + 1).fill(false);
  ok[0] = true;
  for (let i = 0; i < s.length; i++) {
    if (!ok[i]) continue;
    for (let l = 1; l <= maxWord && i + l <= s.length; l++) if (words.has(s.slice(i, i + l))) ok[i + l] = true;
  }
  return ok[s.length] === true;
}

interface Candidate {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

function byStart(a: { start: number }, b: { start: number }): number {
  return a.start - b.start;
}

/** Overlapping candidates: the longer span wins, ties go to the earlier. */
function dropOverlaps<T extends Candidate>(cands: T[]): T[] {
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

// ---------------------------------------------------------------------------------------------
// Companies.

const GENERIC_COMPANY = new Set([
  '市', '省', '县', '区', '国家', '中央', '地方', '国有', '国企', '民营', '民企', '外资', '合资', '独资', '上市', '平台', '融资', '担保', '投资', '运营',
  '管理', '建设', '开发', '物业', '贸易', '商业', '股份制', '城市', '农村', '村镇', '政策性', '全国性', '全国', '大型', '中小', '小微', '知名',
  '著名', '优质', '重点', '骨干', '龙头', '高新', '高', '新', '前沿', '尖端', '数字', '信息', '智能', '绿色', '金融', '文化', '创新', '农业',
  '现代', '先进', '互联网', '网络', '电子', '电力', '电网', '科技', '技术', '子', '母', '分', '总', '一家', '多家', '各', '该', '本', '其',
  '这家', '相关', '服务', '咨询', '保险', '证券', '基金', '资产', '产业', '工业', '集团', '公司', '企业', '制造', '生产', '销售', '行业',
  '军民融合', '混合所有制', '轨道', '交通', '能源', '环保', '生态', '人民', '控股', '实体', '新兴', '传统', '跨国', '外贸', '内资', '有限',
  '农民', '专业', '供销', '犯罪', '涉恶', '涉黑', '黑恶', '国防', '军工', '空壳', '皮包', '壳', '城投', '平台型', '国资', '省属', '市属', '央企',
]);
const MAX_GENERIC_COMPANY = Math.max(...[...GENERIC_COMPANY].map((w) => w.length));

// Strong suffixes make any non-generic name a company; weak ones (科技, 电气 …) also need more than a place.
const WEAK = '科技|电气|实业|鞋业|药业|制药|重工|控股|置业|传媒|电器|新材';
const COMPANY_SUFFIX_RE = new RegExp(
  [
    `(?<strong>(?:${WEAK})?(?:集团)?(?:股份)?(?:有限责任公司|有限公司|公司)|(?:${WEAK})?集团(?:股份)?|银行|研究院|研究所|合作社)`,
    '(?<weak>股份(?![制有])|科技(?!创新|金融|成果|型|园|城|人才|部|局|厅|馆|服务|支撑|攻关|含量|特派|计划|平台|资源|奖|水平|实力|研发|合作|赋能|革命|产业|发展|进步|强|自立|创业|文化|信息|与|和|、|，|。)|电气(?!化|设备|工程|自动化|元件)|实业|鞋业|药业|制药|重工|控股(?!子|股东)|置业)',
    '(?<tech>技术(?=项目|等企业|等公司|有限))',
  ].join('|'),
  'gu',
);
const COMPANY_WINDOW = 12;

function stripPlaces(prefix: string): { places: string[]; rest: string } {
  const places = leadingPlaces(prefix);
  return { places, rest: prefix.slice(places.join('').length) };
}

function suffixCandidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  let floor = 0;
  const verdict = new Map<string, boolean>();
  for (const m of text.matchAll(COMPANY_SUFFIX_RE)) {
    const g = m.groups ?? {};
    const end = m.index + m[0].length;
    const { from, truncated } = windowStart(text, m.index, COMPANY_WINDOW, floor, NAME_CHAR);
    floor = end;
    if (m.index - from < 2) continue; // no room for a name
    const start = nameStart(text, from, m.index, truncated, COMPANY_INTRO_RE);
    if (start === null) continue;
    const prefix = text.slice(start, m.index);
    const key = `${prefix}|${m[0]}`;
    let ok = verdict.get(key);
    if (ok === undefined) {
      const { places, rest } = stripPlaces(prefix);
      if (prefix.length < 2) ok = false;
      else if (g['tech'] !== undefined) ok = places.length > 0 && rest.length >= 2 && !allGeneric(rest, GENERIC_COMPANY, MAX_GENERIC_COMPANY);
      else if (rest.length === 0) ok = g['strong'] !== undefined && /银行|研究院|研究所/.test(m[0]); // 长沙银行, not 湖南公司
      else ok = places.length > 0 ? rest.length >= 1 : !allGeneric(rest, GENERIC_COMPANY, MAX_GENERIC_COMPANY);
      verdict.set(key, ok);
    }
    if (ok) out.push({ name: text.slice(start, end), start, end });
  }
  return out;
}

const DICT_TAIL_RE = /(?:集团)?(?:股份)?(?:有限责任公司|有限公司|公司)|集团(?:股份)?|股份(?![制有])|汽车|科技|电气/y;

function dictionaryCandidates(text: string): Candidate[] {
  const out: Candidate[] = [];
  for (const hit of companyMatcher.scan(text)) {
    let start = hit.start;
    let end = hit.end;
    if (hit.text.length <= 2 && start > 0 && CJK.test(text[start - 1] ?? '')) {
      // 京东 in 北京东路 is not 京东: a short name needs a boundary, a place or an intro word in front.
      const before = text.slice(Math.max(0, start - 4), start);
      if (placeBefore(text, start) === start && !INTRO_END_RE.test(before)) continue;
    }
    const last = out[out.length - 1];
    if (last && last.end === start) {
      // 百度阿波罗智行: two known names written together are one company.
      out[out.length - 1] = { name: text.slice(last.start, end), start: last.start, end };
      continue;
    }
    start = placeBefore(text, start);
    DICT_TAIL_RE.lastIndex = end;
    const tail = DICT_TAIL_RE.exec(text);
    if (tail) end += tail[0].length;
    out.push({ name: text.slice(start, end), start, end });
  }
  return out;
}

const FORM_TAIL_RE = /(?:有限责任公司|股份有限公司|有限公司|公司)$/u;

/**
 * Finds, among the keys added so far, one that equals `k`, starts or ends it, or that `k` starts
 * or ends — in O(length of k) map lookups, however many keys there are (no pairwise comparison,
 * so a text with a hundred thousand names stays linear).
 */
class AffixIndex {
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

/** One fact per company; a shorter form of a name found elsewhere (京东 / 京东集团) is the same one. */
function mergeNames<T extends Candidate>(cands: readonly T[], key: (name: string) => string): T[] {
  const out: T[] = [];
  const index = new AffixIndex(true);
  for (const c of cands) {
    const k = key(c.name);
    const i = k.length >= 2 ? index.find(k) : undefined;
    if (i === undefined) {
      index.add(k, out.length);
      out.push(c);
    } else if (c.name.length > (out[i]?.name.length ?? 0)) {
      out[i] = c; // the fuller name, at its own first mention
      index.add(k, i);
    }
  }
  return out.sort(byStart);
}

/** Companies, once per distinct company, at the first mention of the fullest name written. */
export function extractCompanies(text: string): NamedFact[] {
  const cands = dropOverlaps([...dictionaryCandidates(text), ...suffixCandidates(text)]);
  return mergeNames(cands, (n) => n.replace(FORM_TAIL_RE, '')).map(({ name, start, end }) => ({ name, start, end }));
}

// ---------------------------------------------------------------------------------------------
// Parks and zones.

// Long forms first; the ones that are names by themselves (综合保税区) may stand without a prefix.
const PARK_SUFFIX_RE =
  /高新技术产业开发区|高新技术产业园区|经济技术开发区|经济开发区|综合保税区|自由贸易试验区|自贸试验区|自贸区|综保区|保税物流园区|高新区|经开区|开发区|工业园区|产业园区|产业园|工业园|物流园|科技园|创业园|产业新城|科技城|新城(?![区镇市])|新区|示范区|金融中心|管理区|产业基地/gu;
const STANDALONE_PARK = new Set(['综合保税区', '自由贸易试验区', '自贸试验区']);
const GENERIC_PARK = new Set([
  '国家', '国家级', '省级', '市级', '全国', '各', '该', '本', '此', '园区', '现代', '现代农业', '农业', '工业', '产业', '特色', '电商', '物流', '科技',
  '创业', '创新', '文化', '生态', '智慧', '智能', '数字', '高新', '高新技术', '新兴', '临空', '经济', '开放', '一批', '多个', '相关', '城市', '新',
  '老', '综合', '示范', '试点', '两型', '社会', '绿色', '循环', '低碳', '承接产业转移', '产业转移', '重点', '标准化', '中小企业', '大学生', '青年',
]);
const BASE_GENERIC_PARK: ReadonlySet<string> = new Set(GENERIC_PARK);
for (const w of sectorKeywords.keys()) GENERIC_PARK.add(w); // 电商产业园, 跨境电商产业园: a kind of park
const MAX_GENERIC_PARK = Math.max(...[...GENERIC_PARK].map((w) => w.length));
const PARK_WINDOW = 10;

const PARK_CANON: readonly [RegExp, string][] = [
  [/高新技术产业开发区$|高新技术产业园区$/u, '高新区'],
  [/经济技术开发区$/u, '经开区'],
  [/综合保税区$/u, '综保区'],
  [/自由贸易试验区$|自贸区$/u, '自贸试验区'],
];

/** 湖南省株洲市高新技术产业开发区 → 株洲高新区: for telling mentions of one park apart from two. */
function parkKey(name: string): string {
  let n = name;
  for (const [re, short] of PARK_CANON) n = n.replace(re, short);
  const places = leadingPlaces(n);
  let rest = n.slice(places.join('').length);
  const shorts = places.map((p) => p.replace(/(?:省|市|县|区)$/u, ''));
  // The province adds nothing when a city follows (湖南株洲高新区 = 株洲高新区).
  if (shorts.length > 1 && shorts[0] === '湖南') shorts.shift();
  rest = shorts.join('') + rest;
  return rest;
}

function parkNameOk(prefix: string, suffix: string): boolean {
  // Sector words make a kind of park (电商产业园) but may name a new town (高铁新城, 空港新区).
  const generic = /新城|新区/.test(suffix) ? BASE_GENERIC_PARK : GENERIC_PARK;
  if (prefix.length < 2 || allGeneric(prefix, generic, MAX_GENERIC_PARK)) return false;
  // A prefix that is a whole place plus generic words (全国自贸试验区) is a class of parks, not one.
  const { places, rest } = stripPlaces(prefix);
  return !(places.some((p) => p === '全国' || p === '中国') && allGeneric(rest, GENERIC_PARK, MAX_GENERIC_PARK));
}

/**
 * Parks and zones with their place prefix, once per park. `resolveRegion` (a gazetteer lookup,
 * name → code) gives the region of the place in the name (株洲 → 430200); without it, null.
 */
export function extractParks(text: string, resolveRegion?: (name: string) => string | null): ParkFact[] {
  const cands: (Candidate & { readonly prefix: string })[] = [];
  const verdict = new Map<string, boolean>();
  let floor = 0;
  for (const m of text.matchAll(PARK_SUFFIX_RE)) {
    const end = m.index + m[0].length;
    const { from, truncated } = windowStart(text, m.index, PARK_WINDOW, floor, NAME_CHAR);
    floor = end;
    if (from === m.index) {
      if (STANDALONE_PARK.has(m[0])) cands.push({ name: m[0], start: m.index, end, prefix: '' });
      continue;
    }
    const start = nameStart(text, from, m.index, truncated, PLACE_INTRO_RE);
    if (start === null) continue;
    const prefix = text.slice(start, m.index);
    if (prefix.length === 0) {
      if (STANDALONE_PARK.has(m[0])) cands.push({ name: m[0], start: m.index, end, prefix });
      continue;
    }
    const name = text.slice(start, end);
    let ok = verdict.get(name);
    if (ok === undefined) {
      ok = parkNameOk(prefix, m[0]);
      verdict.set(name, ok);
    }
    if (ok) cands.push({ name, start, end, prefix });
  }
  // Group mentions of one park (黄花综合保税区, 长沙黄花综合保税区, 长沙黄花综保区): a key that
  // ends another is the same park with less of its place. The name shown is the form written most
  // often (ties: the longest), at its first mention.
  const groups: { key: string; members: (Candidate & { prefix: string })[] }[] = [];
  const index = new AffixIndex(false);
  const keys = new Map<string, string>();
  for (const c of cands) {
    let k = keys.get(c.name);
    if (k === undefined) {
      k = parkKey(c.name);
      keys.set(c.name, k);
    }
    const gi = index.find(k);
    const g = gi === undefined ? undefined : groups[gi];
    if (gi === undefined || !g) {
      index.add(k, groups.length);
      groups.push({ key: k, members: [c] });
    } else {
      g.members.push(c);
      if (k.length > g.key.length) {
        g.key = k;
        index.add(k, gi);
      }
    }
  }
  const out: ParkFact[] = [];
  for (const g of groups) {
    const counts = new Map<string, number>();
    for (const m of g.members) counts.set(m.name, (counts.get(m.name) ?? 0) + 1);
    let best = g.members[0] as Candidate & { prefix: string };
    for (const m of g.members) {
      const cm = counts.get(m.name) ?? 0;
      const cb = counts.get(best.name) ?? 0;
      if (cm > cb || (cm === cb && m.name.length > best.name.length)) best = m;
    }
    const regionCode = resolveRegion ? parkRegion(g.members.map((m) => m.prefix), resolveRegion) : null;
    out.push({ name: best.name, regionCode, start: best.start, end: best.end });
  }
  return out.sort(byStart);
}

/**
 * The most specific place the name's prefix resolves to. The places are found here (湖南省, 株洲市
 * in 湖南省株洲市; 湘潭 inside 京东湘潭电商; 吉首 at the start of 吉首经开区) and the resolver is
 * asked about each by its full name (吉首 → 吉首市), one at a time, so an exact lookup and a
 * find-the-first-place-in-the-string lookup give the same answer.
 */
function parkRegion(prefixes: readonly string[], resolve: (name: string) => string | null): string | null {
  const ask = (place: string) => resolve(FULL_NAME.get(place) ?? place);
  for (const prefix of [...new Set(prefixes)].sort((a, b) => b.length - a.length)) {
    // Leading: 湖南省株洲市 → 湖南省, then 株洲市 (the later, more specific one wins).
    let code: string | null = null;
    for (let i = 0; i < prefix.length; ) {
      const hit = leadingPlaceMatcher.matchAt(prefix, i);
      if (!hit) break;
      code = ask(hit.text) ?? code;
      i = hit.end;
    }
    if (code) return code;
    // Inside: 京东湘潭电商产业园 → 湘潭; 大湘西物流园 → 湘西.
    for (const hit of placeMatcher.scan(prefix)) {
      const c = ask(hit.text);
      if (c) return c;
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Named projects.

// 中心 of 中心城市 and 工程 of 工程机械 are not names' ends.
const PROJECT_SUFFIX_RE = /(?:中心|工程)?项目|工程(?!机械|师|技术|院|学|局|兵|车)|中心(?![城区地位任环工思组线点镇村主])/gu;
const PROJECT_WINDOW = 24;
const JOIN_WINDOW = 16;
// A count in front (九大重点项目, 9个项目) is not part of a name.
const COUNT_IN_NAME_RE = /[零一二两三四五六七八九十百千\d]{1,6}(?:个|大|项|批)/gu;
const PROJECT_INTRO_RE = new RegExp(
  alternation([...INTRO_WORDS, ...PLACE_INTRO_WORDS, '重点', '本次', '此次', '这些', '这类', '该类', '此类', '各类', '谋划', '储备', '新建', '该', '本', '年度']),
  'gu',
);
const GENERIC_PROJECT = new Set([
  '重点', '重大', '产业', '建设', '招商', '投资', '签约', '新开工', '开工', '在建', '竣工', '续建', '新建', '民生', '基础设施', '交通', '工业', '大',
  '好', '新', '省', '市', '县', '区', '国家', '省级', '市级', '农业', '水利', '电网', '管网', '绿化', '亮化', '路网', '系统', '数据', '研发', '交易',
  '物流', '仓储', '恒温', '集散', '服务', '孵化', '检测', '运营', '培训', '金融', '会展', '展示', '文化', '体育', '医疗', '康复', '养老', '技术',
  '信息', '指挥', '调度', '合作', '引资', '政府', '扶贫', '示范', '试点', '科技', '创新', '技改', '各类', '其他', '多个', '一批', '相关', '配套',
  '社区', '服务', '公共', '综合', '商务', '商业', '贸易', '营销', '结算', '运输', '监测', '应急', '数字', '智慧', '智能', '科研', '旅游', '民生实事',
  '攻坚', '环保', '生态', '治理', '改造', '提质', '升级', '扩建', '搬迁', '安置', '易地扶贫', '棚户区', '保障性', '住房', '学校', '医院', '道路',
  '水', '电', '气', '路', '桥', '网', '园', '区域', '城市', '农村', '乡村', '全市', '全县', '全省', '中部地区', '华中', '全国', '国际', '大型',
  '规模最大', '最大', '首个', '标志性', '核心', '配套工程', '主体', '附属', '一期', '二期', '三期', '四期', '一', '二', '三', '四', '五', '期',
  '二期工程', '子', '分', '总', '储备', '前期', '后续', '单个', '单体', 'PPP', '援建', '对口', '帮扶', '五个', '双', '千', '百', '万',
  '省重点', '市重点', '十大', '百大', '承接产业转移', '产业链', '新兴', '高新技术', '高新', '先进', '制造', '制造业', '战略性', '研发中心', '公益',
  '研究', '政府性', '类', '型', '性', '领域', '板块', '方面', '产品', '重大产品', '重大科技', '度', '年度', '全年', '当年', '下半年', '上半年',
]);
for (const w of sectorKeywords.keys()) GENERIC_PROJECT.add(w); // 新能源项目, 鞋类制造项目: a kind of project
const MAX_GENERIC_PROJECT = Math.max(...[...GENERIC_PROJECT].map((w) => w.length));

/** Named projects (…项目, …工程, …中心, A暨B工程), once per name, at the first mention. */
export function extractProjects(text: string): NamedFact[] {
  const cands: Candidate[] = [];
  let floor = 0;
  const verdict = new Map<string, boolean>();
  const re = new RegExp(PROJECT_SUFFIX_RE.source, 'gu');
  for (let m = re.exec(text); m; m = re.exec(text)) {
    let end = m.index + m[0].length;
    // A暨B工程: one project with two parts (研发中心暨三期工程).
    if (text[end] === '暨') {
      const join = new RegExp(PROJECT_SUFFIX_RE.source, 'gu');
      join.lastIndex = end + 1;
      const n = join.exec(text);
      if (n && n.index - end <= JOIN_WINDOW && windowStart(text, n.index, JOIN_WINDOW, end + 1, PROJECT_CHAR).from === end + 1) {
        end = n.index + n[0].length;
        re.lastIndex = end;
      }
    }
    const { from, truncated } = windowStart(text, m.index, PROJECT_WINDOW, floor, PROJECT_CHAR);
    floor = end;
    if (m.index - from < 2) continue; // no room for a name
    const window = text.slice(from, m.index);
    // Intro words inside brackets belong to the name: 吉怀高速公路金坪(联合)互通项目.
    const depth = bracketDepths(window);
    let cut = 0;
    for (const re of [PROJECT_INTRO_RE, COUNT_IN_NAME_RE]) {
      re.lastIndex = 0;
      for (let x = re.exec(window); x; x = re.exec(window)) if (depth[x.index] === 0) cut = Math.max(cut, x.index + x[0].length);
    }
    if (truncated && cut === 0) continue;
    const start = from + cut;
    const prefix = text.slice(start, m.index);
    let ok = verdict.get(prefix);
    if (ok === undefined) {
      const core = prefix.replace(/[()（）]/gu, '');
      ok = core.length >= 2 && !/^[\d]/u.test(core) && !allGeneric(core, GENERIC_PROJECT, MAX_GENERIC_PROJECT) && balanced(prefix);
      verdict.set(prefix, ok);
    }
    if (ok) cands.push({ name: text.slice(start, end), start, end });
  }
  // 株洲维通利电气公司项目 and 株洲维通利电气项目 are one project.
  return mergeNames(cands, (n) => n.replace(/(?:有限公司|公司|技术)?(?:项目|工程)$/u, '')).map(({ name, start, end }) => ({ name, start, end }));
}

/** Bracket depth before each position of `s` (unbalanced closers count as 0). */
function bracketDepths(s: string): number[] {
  const out: number[] = [];
  let depth = 0;
  for (let i = 0; i < s.length; i++) {
    const ch = s[i];
    if (ch === ')' || ch === '）') depth = Math.max(0, depth - 1);
    out.push(depth);
    if (ch === '(' || ch === '（') depth++;
  }
  return out;
}

function balanced(s: string): boolean {
  let depth = 0;
  for (const ch of s) {
    if (ch === '(' || ch === '（') depth++;
    else if (ch === ')' || ch === '）') {
      if (--depth < 0) return false;
    }
  }
  return depth === 0;
}
