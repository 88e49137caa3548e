// Companies: 德雅集团, 株洲维通利电气公司, 中联重科 — by suffix (公司, 集团, 银行 …) and from the
// list of well-known names (data/known-companies.json).
import { INDUSTRY_FORMS, LEGAL_FORMS, SHORT_NAME_FORMS } from './company-forms.js';
import {
  allGeneric,
  alternation,
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
import type { NamedFact, Span } from './types.js';

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
const WEAK = alternation(INDUSTRY_FORMS);
/** 科技, 电气 and 控股 have guards of their own below. */
const GUARDED = new Set(['科技', '电气', '控股']);
const INDUSTRY_START_RE = new RegExp(`^(?:${WEAK})`, 'u');
const PLAIN_FORMS = alternation(SHORT_NAME_FORMS.filter((w) => !GUARDED.has(w)));
/** A legal form right after (科技 of 科技有限公司 is part of a strong suffix, not a weak one). */
const FORM_AHEAD = '(?:[（(][\\u4e00-\\u9fff]{2,8}[）)])?(?:集团|股份|有限|公司|株式会社)';
/**
 * The words that end a company's name. A legal form is matched on its own; the industry form and a
 * bracketed place in front of it (华耀投资（中国）有限公司) are taken by looking back from it
 * (suffixStart): one optional group of forty words in front of every alternative made the scan
 * five times slower.
 */
const COMPANY_SUFFIX_RE = new RegExp(
  [
    '(?<strong>(?:集团)?(?:股份)?(?:有限责任公司|有限公司|公司)|集团(?:股份)?|株式会社|银行|研究院|研究所|合作社)',
    `(?<weak>(?:股份(?![制有])|科技(?!创新|金融|成果|型|园|城|人才|部|局|厅|馆|服务|支撑|攻关|含量|特派|计划|平台|资源|奖|水平|实力|研发|合作|赋能|革命|产业|发展|进步|强|自立|创业|文化|信息|与|和|、|，|。)|电气(?!化|设备|工程|自动化|元件)|控股(?!子|股东)|${PLAIN_FORMS})(?!${FORM_AHEAD}))`,
    '(?<tech>技术(?=项目|等企业|等公司|有限))',
  ].join('|'),
  'gu',
);
const INDUSTRY_SET = new Set<string>(INDUSTRY_FORMS);
const BRACKET_BEFORE_RE = /[（(][\u4e00-\u9fff]{2,8}[）)]$/u;

/** Where a strong suffix starts: back over a bracketed place (博格华纳汽车零部件（肇庆）有限公司) and an industry form (铋业股份有限公司). */
function suffixStart(text: string, at: number, form: string, floor: number): number {
  let s = at;
  if (/公司$/u.test(form)) {
    const br = BRACKET_BEFORE_RE.exec(text.slice(Math.max(floor, s - 10), s));
    if (br) s -= br[0].length;
  }
  if (s - 2 >= floor && INDUSTRY_SET.has(text.slice(s - 2, s))) s -= 2;
  return s;
}
const COMPANY_WINDOW = 16;
const PROVINCE_AFTER_PLACE_RE =
  /(?<=[县市区州镇园])(?:北京|天津|上海|重庆|河北|山西|辽宁|吉林|黑龙江|江苏|浙江|安徽|福建|江西|山东|河南|湖北|湖南|广东|海南|四川|贵州|云南|陕西|甘肃|青海|内蒙古|广西|西藏|宁夏|新疆|香港|澳门)(?=[\u4e00-\u9fff]{2})/u;
/** Verbs that end the words before a bare 公司 that is no name (为, 交, 需, 给, 归, 属, 至, 由). */
const VERB_BEFORE_BARE_RE = /(?:[为交需给归属至由占对向本]|根据|同意|符合|有助|授权|要求|增强|提升)$/u;

function suffixCandidates(text: string, names: PlaceNames): Candidate[] {
  const out: Candidate[] = [];
  let floor = 0;
  const verdict = new Map<string, boolean>();
  for (const m of text.matchAll(COMPANY_SUFFIX_RE)) {
    const g = m.groups ?? {};
    const end = m.index + m[0].length;
    const at = g['strong'] !== undefined ? suffixStart(text, m.index, m[0], floor) : m.index;
    const suffix = text.slice(at, end);
    const { from, truncated } = windowStart(text, at, COMPANY_WINDOW, floor, NAME_CHAR);
    floor = end;
    if (at - from < 2) continue; // no room for a name
    let start = nameStart(text, from, at, truncated, COMPANY_INTRO_RE);
    if (start === null) continue;
    // 道县湖南楚韵鞋业有限公司, 吉首经开区湖南武陵酒业有限公司: a county or park in front of a name that
    // opens with its province is where the company is, not its name.
    const province = PROVINCE_AFTER_PLACE_RE.exec(text.slice(start, end));
    if (province && start + province.index < at) start += province.index;
    // 益阳丸和精密部件有限公司: a 和 after a place and one character is the second of a 字号, not "and".
    if (text[start - 1] === '和' && start - 2 > from) {
      const place = names.placeBefore(text, start - 2);
      if (place < start - 2 && place >= from) start = place;
    }
    const prefix = text.slice(start, at);
    const key = `${prefix}|${suffix}`;
    let ok = verdict.get(key);
    if (ok === undefined) {
      const { places, rest } = names.stripPlaces(prefix);
      if (prefix.length < 2) ok = false;
      // 资金来源为公司, 尚需提交公司: a bare 公司 after a verb is "the company", not a name's end.
      // (本公司, 本集团, 符合本公司…: "this company" in a notice.)
      else if ((suffix === '公司' || suffix === '集团') && VERB_BEFORE_BARE_RE.test(prefix)) ok = false;
      else if (g['tech'] !== undefined) ok = places.length > 0 && rest.length >= 2 && !allGeneric(rest, GENERIC_COMPANY, MAX_GENERIC_COMPANY);
      // 长沙银行 and 厦门钨业股份有限公司 (the industry form is in the suffix), not 湖南公司.
      else if (rest.length === 0) ok = g['strong'] !== undefined && (/银行|研究院|研究所/.test(suffix) || INDUSTRY_START_RE.test(suffix));
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
const LEGAL_FORM_END_RE = new RegExp(`(?:${alternation(LEGAL_FORMS)})$`, 'u');
/** What a 字号 loses at its end: legal forms, 股份, 控股 (吉利控股集团有限公司 → 吉利). */
const STEM_TAIL_RE = new RegExp(`(?:${alternation([...LEGAL_FORMS, '股份', '控股'])})$`, 'u');
/** （以下简称“华瓷股份”或“公司”）right after a name: at most two forms. */
const ALIAS_RE = /\s{0,2}[（(](?:以下)?简称[：:]?[“"「『]?([\u4e00-\u9fffA-Za-z0-9]{2,12})[”"」』]?(?:或[“"「『]?([\u4e00-\u9fffA-Za-z0-9]{2,12})[”"」』]?)?[）)]/y;
/** Later mentions kept per company: enough for any article, bounded for hostile text. */
const MAX_MORE = 200;

/** Companies by their forms (suffixes) and by a list of well-known names written without one. */
export class CompanyFinder {
  private readonly known: KeywordMatcher<string>;

  constructor(
    knownNames: readonly string[],
    private readonly names: PlaceNames,
  ) {
    this.known = new KeywordMatcher<string>(knownNames.map((c) => [c, c] as const));
  }

  /**
   * Companies, once per distinct company, at the first mention of the fullest name written; the
   * forms the text introduces for it are the same company, their mentions in `more`.
   */
  extract(text: string): NamedFact[] {
    const cands = dropOverlaps([...dictionaryCandidates(text, this.known, this.names), ...suffixCandidates(text, this.names)]);
    // (A full name written again is a later mention of it: 湖南湘丰茶业集团股份有限公司 twice.)
    const merged = mergeNames(cands, (n) => n.replace(FORM_TAIL_RE, '')).map(({ name, start, end, more }) => (more ? { name, start, end, more: more.map(({ start: s, end: e }) => ({ start: s, end: e })) } : { name, start, end }));
    return this.withShortForms(text, merged);
  }

  /**
   * 湖南华联瓷业股份有限公司（以下简称“华瓷股份”）, 比亚迪股份有限公司 … 比亚迪, 浙江吉利控股集团有限公司 …
   * 吉利汽车: a form introduced in brackets right after a full name, the name's 字号 without place
   * and legal form, or a short name opening with that 字号, is the full name's company.
   */
  private withShortForms(text: string, companies: readonly NamedFact[]): NamedFact[] {
    const forms = new Map<string, number>(); // short form → index of its company
    companies.forEach((c, i) => {
      if (!LEGAL_FORM_END_RE.test(c.name)) return;
      const stem = this.stem(c.name);
      if (stem.length >= 2 && !forms.has(stem)) forms.set(stem, i);
      // The form may follow any mention of the full name (a headline names it first).
      for (let at = c.start, k = 0; at !== -1 && k < MAX_MORE; at = text.indexOf(c.name, at + c.name.length), k++) {
        ALIAS_RE.lastIndex = at + c.name.length;
        const alias = ALIAS_RE.exec(text);
        if (alias) for (const a of [alias[1], alias[2]]) if (a && a !== '公司' && !forms.has(a)) forms.set(a, i);
      }
    });
    if (forms.size === 0) return [...companies];
    const owner = (name: string): number | undefined => {
      const exact = forms.get(name);
      if (exact !== undefined) return exact;
      for (const [form, i] of forms) if (form.length >= 2 && name.startsWith(form) && !LEGAL_FORM_END_RE.test(name)) return i;
      return undefined;
    };
    const more = companies.map((c) => [...(c.more ?? [])] as Span[]);
    const dropped = new Set<number>();
    companies.forEach((c, i) => {
      const o = owner(c.name);
      if (o === undefined || o === i) return;
      dropped.add(i);
      more[o]?.push({ start: c.start, end: c.end }, ...(c.more ?? []));
    });
    // Every later mention of a short form, also where no candidate stood (比亚迪投资…). A text
    // introduces a few forms: a search each (a trie per text would cost more than it saves).
    for (const [form, i] of forms) {
      const c = companies[i];
      const list = more[i];
      if (!c || !list) continue;
      for (let at = text.indexOf(form); at !== -1 && list.length < MAX_MORE; at = text.indexOf(form, at + form.length)) {
        const end = at + form.length;
        if ((at >= c.start && end <= c.end) || list.some((m) => m.start <= at && m.end >= end)) continue;
        list.push({ start: at, end });
      }
    }
    return companies
      .map((c, i) => {
        const m = (more[i] ?? []).sort((x, y) => x.start - y.start);
        return m.length ? { ...c, more: m } : c;
      })
      .filter((_, i) => !dropped.has(i));
  }

  /** 湖南华联瓷业股份有限公司 → 华联瓷业; 浙江吉利控股集团有限公司 → 吉利. */
  private stem(name: string): string {
    let s = this.names.stripPlaces(name).rest;
    for (let prev = ''; prev !== s; ) {
      prev = s;
      s = s.replace(STEM_TAIL_RE, '');
    }
    return s;
  }
}
