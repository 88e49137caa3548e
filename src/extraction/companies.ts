// Companies: 德雅集团, 株洲维通利电气公司, 中联重科 — by suffix (公司, 集团, 银行 …) and from the
// list of well-known names (data/known-companies.json).
import {
  allGeneric,
  type Candidate,
  CJK,
  COMPANY_INTRO_RE,
  dropOverlaps,
  INTRO_END_RE,
  mergeNames,
  NAME_CHAR,
  nameStart,
  type PlaceNames,
  windowStart,
} from './names.js';
import { KeywordMatcher } from './keywords.js';
import type { NamedFact } from './types.js';

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

function suffixCandidates(text: string, names: PlaceNames): Candidate[] {
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
      const { places, rest } = names.stripPlaces(prefix);
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

function dictionaryCandidates(text: string, companyMatcher: KeywordMatcher<string>, names: PlaceNames): Candidate[] {
  const out: Candidate[] = [];
  for (const hit of companyMatcher.scan(text)) {
    let start = hit.start;
    let end = hit.end;
    if (hit.text.length <= 2 && start > 0 && CJK.test(text[start - 1] ?? '')) {
      // 京东 in 北京东路 is not 京东: a short name needs a boundary, a place or an intro word in front.
      const before = text.slice(Math.max(0, start - 4), start);
      if (names.placeBefore(text, start) === start && !INTRO_END_RE.test(before)) continue;
    }
    const last = out[out.length - 1];
    if (last && last.end === start) {
      // 百度阿波罗智行: two known names written together are one company.
      out[out.length - 1] = { name: text.slice(last.start, end), start: last.start, end };
      continue;
    }
    start = names.placeBefore(text, start);
    DICT_TAIL_RE.lastIndex = end;
    const tail = DICT_TAIL_RE.exec(text);
    if (tail) end += tail[0].length;
    out.push({ name: text.slice(start, end), start, end });
  }
  return out;
}

const FORM_TAIL_RE = /(?:有限责任公司|股份有限公司|有限公司|公司)$/u;

/** Companies by their forms (suffixes) and by a list of well-known names written without one. */
export class CompanyFinder {
  private readonly known: KeywordMatcher<string>;

  constructor(
    knownNames: readonly string[],
    private readonly names: PlaceNames,
  ) {
    this.known = new KeywordMatcher<string>(knownNames.map((c) => [c, c] as const));
  }

  /** Companies, once per distinct company, at the first mention of the fullest name written. */
  extract(text: string): NamedFact[] {
    const cands = dropOverlaps([...dictionaryCandidates(text, this.known, this.names), ...suffixCandidates(text, this.names)]);
    return mergeNames(cands, (n) => n.replace(FORM_TAIL_RE, '')).map(({ name, start, end }) => ({ name, start, end }));
  }
}
