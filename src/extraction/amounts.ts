// Money amounts in an article, each with its kind (总投资, 年产值, 税收…) read from the words before it.
//
// What counts as money (the unit right after the number decides):
//   元, 万元, 亿元, 万亿元, 元人民币, 亿人民币 → CNY;  美元, 万美元, 亿美元, 美金 → USD (kept in dollars;
//   valueYuan only with opts.usdRate);  万/亿 with no 元 only right after a money word (投资20亿,
//   总投资超百亿, 营收10亿) and not before a unit (1.7亿人次, 10亿千瓦时, 400万双, 5万平方米).
//   港元/港币 → HKD and 欧元 → EUR, kept in their own unit (valueYuan null); others (日元…) are not reported.
//
// Values are exact decimal strings in the currency's own unit: 20.4亿元 → "2040000000".
// Approximation words (近, 约, 超, 逾, 突破, 多, 余, 以上, 左右… — not 达) set `approx`; they are part of
// `text` (近三十亿元). A range (3-5亿元, 3亿元至5亿元, 三到五亿元) is one fact: value = the LOWER bound,
// approx = true, text = the whole range.
//
// The kind comes from the nearest money word before the amount in the same clause (up to 16
// characters back, never across ，：。；！？ or a line break):
//   总投资 / 投资总额 / 总投资额  → total_investment — unless its subject is ONE project or company
//       (该综合项目总投资, 吉首经开区仓储项目总投资, 德雅集团…总投资) → project_investment. A count of
//       projects (七个项目, 九大重点项目), 这些/上述/累计/集中…, or no subject at all (the article-level
//       figure) keeps total_investment. Where the clause has no subject the clause before it is read.
//   投资 alone → project_investment for one company/project (嘉泰鞋业投资2亿元), total_investment for a
//       count of projects (六大项目竣工投资七亿元), otherwise other (固定资产投资, 全市投资…).
//   计划投资 / 年度计划投资总额 / 拟投资 → planned_investment (拟/预计 with one company → project);
//   完成投资 / 已完成投资 / 投资完成 → completed_investment;  合同引资 / 签约金额 / 签约N亿元 / 协议投资
//   → contract_investment;  年产值 (or 产值 after 达产/投产后/建成后) → annual_output;  销售收入 /
//   营业收入 / 营收 / 一般公共预算收入 / 财政收入 / 收入 → revenue;  税收 / 税金 / 纳税 / 利税 → tax;
//   生产总值 / GDP → gdp;  anything else (成交额, 贷款, 资金, 资产规模, 人均…, 减税…) → other.
//   计划 wins over the subject for 计划投资 (a year's plan); 计划总投资 is 总投资 (a project's whole cost),
//   unless a year's (年度计划投资总额); 分别投资3亿元和5亿元 is each one project's;
//   an intensity (每亩投资, 投资强度, 万元/亩) is other.
//   A bound is a threshold whatever the words before it: 投资50亿元以上项目, 2亿元以上重大项目,
//   亿元以上项目, 超过5亿元的项目12个, 投资3-5亿元的项目有12个, 年收入5万元以下的村.
//
// Linear time: one pass of findNumbers, then a bounded look-around per candidate.
import { LEGAL_FORMS, SHORT_NAME_FORMS } from './company-forms.js';
import {
  approxWordAfter,
  compareDecimals,
  findNumbers,
  multiplyDecimals,
  parseDecimal,
  type NumberToken,
} from './numbers.js';
import type { AmountFact, AmountKind, Currency } from './types.js';

export interface ExtractAmountsOptions {
  /** Dollar → yuan rate as a decimal string ("7.1"); without it dollar amounts have valueYuan null. */
  readonly usdRate?: string | undefined;
}

// ---------------------------------------------------------------------------------------------
// Clauses

const HARD = new Set(['。', '；', ';', '！', '!', '？', '?', '\n', '\r']);
const SOFT = new Set(['，', ',', '：', ':']);

/** 。；;！!？?\n\r ，,：: — the characters that end a clause. */
function isBoundaryCode(c: number): boolean {
  switch (c) {
    case 0x3002: case 0xff1b: case 0x3b: case 0xff01: case 0x21: case 0xff1f: case 0x3f: case 0x0a: case 0x0d:
    case 0xff0c: case 0x2c: case 0xff1a: case 0x3a:
      return true;
    default:
      return false;
  }
}

/** Where the clause holding `pos` starts, looking back at most `max` characters. */
function clauseStart(text: string, pos: number, max: number): number {
  const stop = Math.max(0, pos - max);
  for (let i = pos - 1; i >= stop; i--) if (isBoundaryCode(text.charCodeAt(i))) return i + 1;
  return stop;
}

/** clauseStart for non-decreasing positions in one pass over the text: O(n) for all calls together. */
class ClauseTracker {
  private scanned = 0;
  private lastBoundary = -1;
  constructor(private readonly text: string) {}
  startOf(pos: number, max: number): number {
    while (this.scanned < pos) {
      if (isBoundaryCode(this.text.charCodeAt(this.scanned))) this.lastBoundary = this.scanned;
      this.scanned++;
    }
    return Math.max(this.lastBoundary + 1, pos - max, 0);
  }
}

/** The clause before the one starting at `start`, if only a soft boundary (，：) separates them. */
function previousClause(text: string, start: number, max: number): string {
  if (start < 1 || !SOFT.has(text[start - 1] ?? '')) return '';
  const s = clauseStart(text, start - 1, max);
  return text.slice(s, start - 1);
}

// ---------------------------------------------------------------------------------------------
// Money words

type AnchorClass =
  | 'inv_total' // 总投资: total or one project's
  | 'inv' // 投资: one project's, a count of projects', or other
  | 'inv_macro' // 固定资产投资: other unless 计划/完成
  | 'completed'
  | 'contract'
  | 'sign' // 签约 right before the amount
  | 'sum' // 金额, 总额: contract in a signing clause
  | 'annual'
  | 'output' // 产值: annual after 达产/投产后
  | 'revenue'
  | 'tax'
  | 'gdp'
  | 'other';

const ANCHOR_LIST: ReadonlyArray<readonly [string, AnchorClass]> = [
  ['总投资额', 'inv_total'], ['投资总额', 'inv_total'], ['总投资', 'inv_total'], ['总投入', 'inv_total'],
  ['投资', 'inv'], ['投资额', 'inv'], ['投资金额', 'inv'], ['投资规模', 'inv'],
  ['固定资产投资', 'inv_macro'], ['基础设施投资', 'inv_macro'], ['基建投资', 'inv_macro'], ['交通建设投资', 'inv_macro'],
  ['水利建设投资', 'inv_macro'], ['房地产开发投资', 'inv_macro'], ['房地产投资', 'inv_macro'], ['工业投资', 'inv_macro'],
  ['民间投资', 'inv_macro'], ['社会投资', 'inv_macro'], ['技改投资', 'inv_macro'], ['政府投资', 'inv_macro'],
  ['财政投资', 'inv_macro'],
  ['投资完成额', 'completed'], ['完成额', 'completed'], ['累计投资', 'completed'], ['累计投入', 'completed'],
  ['增资', 'inv'], ['拟引资', 'inv'],
  ['合同引资', 'contract'], ['合同金额', 'contract'], ['合同资金', 'contract'], ['合同外资', 'contract'],
  ['合同投资', 'contract'], ['签约金额', 'contract'], ['签约额', 'contract'], ['签约总额', 'contract'],
  ['签约资金', 'contract'], ['签约投资', 'contract'], ['协议引资', 'contract'], ['协议投资', 'contract'],
  ['协议金额', 'contract'], ['意向投资', 'contract'], ['签约', 'sign'],
  ['金额', 'sum'], ['总金额', 'sum'], ['总额', 'sum'],
  ['年产值', 'annual'], ['年均产值', 'annual'], ['年总产值', 'annual'], ['年产出', 'annual'], ['年产销值', 'annual'],
  ['产值', 'output'], ['总产值', 'output'],
  ['销售收入', 'revenue'], ['营业收入', 'revenue'], ['主营业务收入', 'revenue'], ['营收', 'revenue'],
  ['营业额', 'revenue'], ['销售额', 'revenue'], ['一般公共预算收入', 'revenue'], ['公共财政预算收入', 'revenue'],
  ['财政收入', 'revenue'], ['财政总收入', 'revenue'], ['总收入', 'revenue'], ['收入', 'revenue'],
  ['税收', 'tax'], ['税金', 'tax'], ['纳税', 'tax'], ['利税', 'tax'], ['缴税', 'tax'], ['税费', 'tax'],
  ['税收收入', 'tax'], ['上缴税金', 'tax'], ['实缴税金', 'tax'], ['纳税总额', 'tax'], ['税收总额', 'tax'],
  ['生产总值', 'gdp'], ['GDP', 'gdp'], ['gdp', 'gdp'], ['经济总量', 'gdp'],
  // Money words of no listed kind: nearer than a kind word, they keep it from reaching the amount.
  ['可支配收入', 'other'], ['纯收入', 'other'], ['工资收入', 'other'], ['工资性收入', 'other'], ['成交额', 'other'],
  ['交易额', 'other'], ['资产', 'other'], ['规模', 'other'], ['余额', 'other'], ['贷款', 'other'], ['存款', 'other'],
  ['资金', 'other'], ['债券', 'other'], ['基金', 'other'], ['补贴', 'other'], ['奖补', 'other'], ['奖励', 'other'],
  ['补助', 'other'], ['投入', 'other'], ['融资', 'other'], ['募资', 'other'], ['估值', 'other'], ['市值', 'other'],
  ['利润', 'other'], ['增加值', 'other'], ['出口额', 'other'], ['进口额', 'other'], ['进出口额', 'other'],
  ['进出口总额', 'other'], ['零售总额', 'other'], ['减税', 'other'], ['退税', 'other'], ['免税', 'other'],
  ['降费', 'other'], ['费用', 'other'], ['成本', 'other'], ['价格', 'other'], ['单价', 'other'], ['工资', 'other'],
  ['注册资本', 'other'], ['利用外资', 'other'], ['到位资金', 'other'], ['引资', 'other'], ['外资', 'other'],
  ['内资', 'other'], ['税收优惠', 'other'],
];

/** Money words that make 万/亿 without 元 money: 投资20亿, 营收超10亿. */
const STRONG_MONEY = new Set<AnchorClass>(['inv_total', 'inv', 'inv_macro', 'completed', 'contract', 'sign', 'sum', 'annual', 'output', 'revenue', 'tax', 'gdp']);
const STRONG_OTHER = new Set(['资金', '资产', '成交额', '交易额', '融资', '募资', '利润', '贷款', '市值', '估值', '引资']);

interface Anchor {
  readonly word: string;
  readonly cls: AnchorClass;
  readonly start: number;
  readonly end: number;
}

/** Money words by their last character, longest first: the backward scan tries these. */
const ANCHORS_BY_LAST = new Map<string, Array<readonly [string, AnchorClass]>>();
for (const entry of ANCHOR_LIST) {
  const last = entry[0][entry[0].length - 1]!;
  const list = ANCHORS_BY_LAST.get(last) ?? [];
  list.push(entry);
  list.sort((x, y) => y[0].length - x[0].length);
  ANCHORS_BY_LAST.set(last, list);
}

/** The money word nearest before `pos` in [from, pos): the latest end wins, then the longest. */
function nearestAnchor(text: string, from: number, pos: number): Anchor | null {
  for (let end = pos; end > from; end--) {
    const list = ANCHORS_BY_LAST.get(text[end - 1]!);
    if (!list) continue;
    for (const [word, cls] of list) {
      const start = end - word.length;
      if (start >= from && text.startsWith(word, start)) return { word, cls, start, end };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Whose investment: one project, many, or the economy

const COLLECTIVE_WORDS = ['这些', '上述', '各类', '各项', '所有', '全部', '一批', '多个', '多项', '等项目', '项目群', '共计', '一共', '总共', '合计', '累计', '总计', '集中', '批次', '一揽子', '系列'];
/** One project or a phase of one (一期投资20亿元). */
const SINGULAR_WORDS = ['该', '前者', '后者', '另一', '单个', '单体', '这个', '一个项目', '这一项目', '此项目', '一期', '二期', '三期', '四期', '首期', '一家'];
const COMPANY_SUFFIXES = [...LEGAL_FORMS, ...SHORT_NAME_FORMS, '股份', '重科', '银行', '有限', '工厂'];
const MACRO_WORDS = ['全市', '全县', '全区', '全省', '全州', '全国', '全社会', '社会', '民间', '固定资产', '基础设施', '工业', '房地产', '政府', '财政', '全年', '今年', '去年', '上半年', '季度'];
/** The noun of a project, and the characters before 项目/工程 that make it generic (重点项目, 签约项目). */
const PROJECT_NOUNS = ['项目', '工程', '产业园', '基地', '中心', '综合体', '生产线', '厂房', '工厂', '加工厂'];
/** Before 项目/工程 these make it generic (重点项目, 签约项目, 交通项目), not one named project (互通项目). */
const GENERIC_LAST = new Set('等的个大批项新类些上型级群区市县省链'.split(''));
const GENERIC_WORDS = new Set([
  '重点', '重大', '招商', '签约', '开工', '竣工', '在建', '新建', '续建', '投产', '产业', '建设', '引进', '入驻', '落地',
  '集中', '投资', '工业', '上述', '各类', '所有', '全部', '储备', '前期', '民生', '合作', '外资', '内资', '示范', '交通',
  '农业', '文旅', '旅游', '水利', '教育', '医疗', '物流', '科技', '制造', '服务', '基建', '设施', '亿元', '以上', '大型',
  '省级', '市级', '县级', '社会', '公益', '政府', '帮扶', '扶贫', '攻坚', '后续', '同类', '相关', '配套', '回归', '对接',
]);
const COUNT_CLASSIFIERS = new Set('个大项批家条座所余多'.split(''));
const COUNT_NOUNS = ['项目', '工程', '企业', '产业链'];

type Subject = 'collective' | 'singular' | 'macro' | 'none';

const NUMERAL_CHAR = /[0-9０-９零〇一二两三四五六七八九十百千万亿]/;

/** The numeral run ending just before `end` in s (at most 10 characters), as a decimal, or null. */
function numeralBefore(s: string, end: number): string | null {
  let k = end;
  while (k > 0 && end - k < 10 && NUMERAL_CHAR.test(s[k - 1]!)) k--;
  if (k === end) return null;
  const t = findNumbers(s.slice(k, end), { includeBare: true });
  const last = t[t.length - 1];
  return last && last.coreEnd === end - k ? last.value : null;
}

/** A count: a numeral ≥ 2 then 个/大/项… then, within ten characters, 项目/工程/企业/产业链. */
function countPhraseIn(s: string): boolean {
  for (let i = 1; i < s.length; i++) {
    const c = s[i]!;
    if (!COUNT_CLASSIFIERS.has(c) || !NUMERAL_CHAR.test(s[i - 1]!)) continue;
    const v = numeralBefore(s, i);
    if (v === null || compareDecimals(v, '2') < 0) continue;
    const after = s.slice(i, i + 11);
    if (COUNT_NOUNS.some((w) => after.includes(w))) return true;
    // 项目242个
    if ((c === '个' || c === '项') && s.slice(Math.max(0, i - 14), i).includes('项目')) return true;
  }
  return false;
}

/** A count right after: 项目12个, 的项目有8个, 企业30家. */
function countFollows(s: string): boolean {
  for (let i = 1; i < s.length; i++) {
    const c = s[i]!;
    if ((c === '个' || c === '家' || c === '项') && NUMERAL_CHAR.test(s[i - 1]!)) return true;
  }
  return false;
}

function classifySubject(s: string): Subject {
  if (!s) return 'none';
  if (countPhraseIn(s)) return 'collective';
  if (COLLECTIVE_WORDS.some((w) => s.includes(w))) return 'collective';
  if (SINGULAR_WORDS.some((w) => s.includes(w))) return 'singular';
  if (COMPANY_SUFFIXES.some((w) => s.includes(w))) return 'singular';
  for (const noun of PROJECT_NOUNS) {
    const k = s.lastIndexOf(noun);
    if (k < 1) continue;
    const prev = s[k - 1] ?? '';
    if (!/\p{Script=Han}|[A-Za-z0-9)）]/u.test(prev)) continue;
    if ((noun === '项目' || noun === '工程') && (GENERIC_LAST.has(prev) || GENERIC_WORDS.has(s.slice(Math.max(0, k - 2), k)))) continue;
    return 'singular';
  }
  if (MACRO_WORDS.some((w) => s.includes(w))) return 'macro';
  return 'none';
}

/** The subject of an investment word: its clause before it, else the clause before that. */
function subjectAt(text: string, anchorStart: number, clause: number): { own: Subject; previous: Subject } {
  const cs = Math.max(clause, anchorStart - 24);
  const own = classifySubject(text.slice(cs, anchorStart));
  const previous = own === 'none' && cs === clause ? classifySubject(previousClause(text, cs, 24)) : 'none';
  return { own, previous };
}

function investmentKind(text: string, a: Anchor, amountStart: number, amountEnd: number, clause: number): AmountKind {
  const mod = text.slice(Math.max(clause, a.start - 6), a.start);
  const gap = text.slice(a.end, amountStart);
  const subj = subjectAt(text, a.start, clause);
  let { own, previous } = subj;
  // 总投资5亿元的新能源项目 / 的XX公司: the subject comes after the amount.
  if (own === 'none' && text[amountEnd] === '的') {
    const after = ahead(text, amountEnd + 1, 24);
    const post = classifySubject(after);
    if (post === 'singular' && !countFollows(after)) own = 'singular';
  }
  const subject = own !== 'none' ? own : previous;
  // 项目计划总投资18.5亿元 is the project's whole (planned) cost, as 总投资 is; 年度计划投资(总额) is a plan.
  const plannedTotal = a.cls === 'inv_total' && !/年度|全年|今年|本年/.test(text.slice(Math.max(clause, a.start - 10), a.start));
  if ((mod.includes('计划') || mod.includes('规划')) && !plannedTotal) return 'planned_investment';
  if (mod.includes('拟') || mod.includes('预计')) return subject === 'singular' ? 'project_investment' : 'planned_investment';
  if (mod.includes('完成') || gap.includes('完成')) return 'completed_investment';
  if (/(合同|协议|签约)$/.test(mod)) return 'contract_investment';
  if (a.cls === 'inv_macro') return 'other';
  // 分别投资3亿元和5亿元: each one project's.
  if (mod.includes('分别') || gap.includes('分别')) return 'project_investment';
  const collectiveGap = ['累计', '共计', '合计', '总计'].some((w) => gap.includes(w));
  if (a.cls === 'inv_total') {
    if (own === 'singular' && !collectiveGap) return 'project_investment';
    if (own === 'none' && previous === 'singular' && !collectiveGap) return 'project_investment';
    return 'total_investment';
  }
  // 投资 alone.
  if (own === 'collective' || collectiveGap) return 'total_investment';
  if (own === 'singular') return 'project_investment';
  if (own === 'macro') return 'other';
  if (previous === 'collective') return 'total_investment';
  if (previous === 'singular') return 'project_investment';
  // 丰泰物流将在金霞经开区投资1.8亿美元，建设…物流园: the money of what the clause goes on to build.
  if (BUILDS_AFTER_RE.test(text.slice(amountEnd, amountEnd + 6))) return 'project_investment';
  return 'other';
}
const BUILDS_AFTER_RE = /^[，,]?(?:用于|主要)?(?:建设|兴建|新建|打造|建)/u;

/**
 * 每亩投资300万元, 亩均投资, 投资强度, 1.5万元每亩, 650元/人: an intensity, not a sum (每年 and /年 are
 * not: 每年纳税2亿元 is tax).
 */
function isPerUnit(text: string, clause: number, start: number, end: number): boolean {
  const before = text.slice(Math.max(clause, start - 12), start);
  if (/每(亩|平|吨|人|户|股|件|台|个|千瓦|度|立方|公里|床|间|位)|亩均|强度|单价|均价/.test(before)) return true;
  return /^(每(?![年月季天日])|[/／](?![年月季天日])|一亩|一吨)/.test(text.slice(end, end + 2));
}

const TABLE_CELL_BEFORE_RE = /[|｜]\s?$/u;
const TABLE_CELL_AFTER_RE = /^(?:\s?[|｜]|\s*$|\n)/u;
const IN_BRACKETS_AFTER_NAME_RE = /(?:项目|工程|园|基地|厂房|生产线|中心|[期区城厂站线）)])[（(]约?$/u;

function kindOf(text: string, tok: NumberToken, amountEnd: number, clause: number, a: Anchor | null): AmountKind {
  if (isPerUnit(text, clause, tok.start, amountEnd)) return 'other';
  // …冷链物流园（2.2亿元）: a listed name's own amount, in brackets right after it.
  if (!a) {
    if (IN_BRACKETS_AFTER_NAME_RE.test(text.slice(Math.max(0, tok.start - 3), tok.start)) && /^[）)]/u.test(text.slice(amountEnd, amountEnd + 1))) return 'project_investment';
    // 年产10万吨锂电池电解液项目 | 某公司 | 18亿元 | 已开工: a table's amount cell is its row's project's.
    if (TABLE_CELL_BEFORE_RE.test(text.slice(Math.max(0, tok.start - 2), tok.start)) && TABLE_CELL_AFTER_RE.test(text.slice(amountEnd, amountEnd + 2))) return 'project_investment';
    return 'other';
  }
  const perCapita = text.slice(Math.max(clause, a.start - 3), a.start).includes('人均');
  switch (a.cls) {
    case 'inv_total':
    case 'inv':
    case 'inv_macro':
      return investmentKind(text, a, tok.start, amountEnd, clause);
    case 'completed':
      return 'completed_investment';
    case 'contract':
      return 'contract_investment';
    case 'sign':
      return tok.start - a.end <= 3 ? 'contract_investment' : 'other';
    case 'sum': {
      const ctx = text.slice(clause, a.start) + previousClause(text, clause, 24);
      return /签约|合同|协议/.test(ctx) ? 'contract_investment' : 'other';
    }
    case 'annual':
      return perCapita ? 'other' : 'annual_output';
    case 'output': {
      const ctx = text.slice(clause, a.start);
      // 产值, 新增产值: a year's output (as nearly every labeler reads it); 总产值 of an economy is
      // annual only when it is what a project will make.
      if (a.word !== '总产值' || /新增/.test(ctx)) return 'annual_output';
      return /达产|投产后|建成后|满产|全面投产|建成投产/.test(ctx) ? 'annual_output' : 'other';
    }
    case 'revenue':
      return perCapita ? 'other' : 'revenue';
    case 'tax':
      return 'tax';
    case 'gdp':
      return perCapita ? 'other' : 'gdp';
    default:
      return 'other';
  }
}

// ---------------------------------------------------------------------------------------------
// Units

interface Unit {
  readonly currency: Currency;
  /** End of the unit, 人民币 included. */
  readonly end: number;
  /** 元/美元 written out (not 投资20亿). */
  readonly explicit: boolean;
}

/** After 万/亿 with no 元: these start a unit of something else (1.7亿人次, 10亿千瓦时, 400万双). */
const NOT_MONEY_NEXT = new Set(
  '人次千百十瓦度吨平方立件个只双台辆套户头股份张条部亩米级倍港欧日英韩澳加卢泰台支瓶包片粒箱盒剂株棵尾羽匹册本篇字年月天小分秒岁名位家所座栋幢间床层斤克升伏码标班趟架艘列笔单票项批类种块枚颗步％%桶像口对组页首集场届期轮代号路线站环段根斗担网游旅里公点美镑卢铢韩'.split(''),
);
/** After a lone Chinese digit + 元 (三元锂电池, 一元化, 二元结构): only these keep it money. */
const LONE_DIGIT_YUAN_NEXT = new Set('钱以左的每起至到和与及或不上下人'.split(''));

/** 元, 美元, 人民币 right after the number. */
function explicitUnitAt(text: string, tok: NumberToken): Unit | null {
  const pos = tok.coreEnd;
  const c = text[pos];
  if (c === '美' && (text.startsWith('美元', pos) || text.startsWith('美金', pos))) return { currency: 'USD', end: pos + 2, explicit: true };
  if (c === '港' && (text.startsWith('港元', pos) || text.startsWith('港币', pos))) return { currency: 'HKD', end: pos + 2, explicit: true };
  if (c === '欧' && text.startsWith('欧元', pos)) return { currency: 'EUR', end: pos + 2, explicit: true };
  if (c === '元') {
    let end = pos + 1;
    if (tok.singleChineseDigit) {
      const next = text[end] ?? '';
      if (/\p{Script=Han}/u.test(next) && !LONE_DIGIT_YUAN_NEXT.has(next)) return null;
    }
    if (text.startsWith('人民币', end)) end += 3;
    return { currency: 'CNY', end, explicit: true };
  }
  if (c === '人' && tok.magnitude >= 4 && text.startsWith('人民币', pos)) return { currency: 'CNY', end: pos + 3, explicit: true };
  return null;
}

/** 投资20亿, 总投资超百亿: 万/亿 with no 元, right after a money word and not before another unit. */
function implicitUnitAt(text: string, tok: NumberToken, near: Anchor | null): Unit | null {
  if (tok.magnitude < 4 || !near) return null;
  if (!STRONG_MONEY.has(near.cls) && !STRONG_OTHER.has(near.word)) return null;
  if (tok.start - near.end > 6) return null;
  const next = text[tok.coreEnd] ?? '';
  if (NOT_MONEY_NEXT.has(next) || /[A-Za-z0-9]/.test(next)) return null;
  return { currency: 'CNY', end: tok.coreEnd, explicit: false };
}

// ---------------------------------------------------------------------------------------------
// Thresholds: a bound on each project, not a sum

const THRESHOLD_NOUNS = ['项目', '企业', '工程', '楼宇', '村', '大户', '客户'];
const BOUND_PREFIXES = ['超过', '超', '逾', '不低于', '不少于', '过'];

/** The text from `from` up to the end of its clause, at most `max` characters. */
function ahead(text: string, from: number, max: number): string {
  let k = from;
  const stop = Math.min(text.length, from + max);
  while (k < stop && !HARD.has(text[k]!) && !SOFT.has(text[k]!) && text[k] !== '、') k++;
  return text.slice(from, k);
}

function isThreshold(text: string, tok: NumberToken, unitEnd: number, end: number, range: boolean): boolean {
  const suffix = text.slice(unitEnd, end);
  if (suffix === '以上' || suffix === '及以上' || suffix === '以下') {
    const next = ahead(text, end, 10);
    return THRESHOLD_NOUNS.some((w) => next.includes(w));
  }
  // 超过5亿元的项目12个, 投资过亿元项目15个, 投资3-5亿元的项目有12个 — but 总投资超百亿的比亚迪项目
  // is one project: a count must follow.
  const prefix = text.slice(tok.start, tok.coreStart);
  if (!BOUND_PREFIXES.includes(prefix) && !range) return false;
  const of = text[end] === '的';
  const next = ahead(text, of ? end + 1 : end, 16);
  const noun = Math.min(...['项目', '企业', '工程'].map((w) => (next.includes(w) ? next.indexOf(w) : Infinity)));
  return (of ? noun < 16 : noun <= 4) && countFollows(next);
}

// ---------------------------------------------------------------------------------------------

function checkRate(rate: string | undefined): string | null {
  if (rate === undefined) return null;
  const p = parseDecimal(rate.trim());
  if (!p || p.coef <= 0n) throw new RangeError(`usdRate must be a positive decimal string, got ${JSON.stringify(rate)}`);
  return rate.trim();
}

const RANGE_JOIN = new Set(['-', '–', '—', '~', '～', '至', '到', '－']);

interface Found {
  readonly start: number;
  readonly end: number;
  readonly value: string;
  readonly currency: Currency;
  readonly approx: boolean;
  readonly kind: AmountKind;
  /** The next number was the upper bound of this one's range (3亿元至5亿元). */
  readonly joinedNext: boolean;
}

/** The amount `tok` starts, or null when it is not money. */
/** 总投资：8.6亿元: a field's label before its colon is the amount's money word (the colon is no clause break for it). */
function labelled(text: string, clause: number): number {
  const c = text[clause - 1];
  return c === '：' || c === ':' ? Math.max(0, clause - 8) : clause;
}

function amountAt(text: string, tok: NumberToken, nextTok: NumberToken | undefined, clauses: ClauseTracker): Found | null {
  const prevCh = text[tok.coreStart - 1] ?? '';
  if (prevCh === '第' || /[A-Za-z]/.test(prevCh)) return null; // 第一, G234, PM2.5
  // Cheap tests first: most numbers (2019年, 1200个, 一批) are not money.
  let unit = explicitUnitAt(text, tok);
  let near: Anchor | null | undefined;
  const clause = clauses.startOf(tok.start, 40);
  if (!unit) {
    if (tok.magnitude < 4) return null;
    near = nearestAnchor(text, Math.max(labelled(text, clause), tok.start - 16), tok.start);
    unit = implicitUnitAt(text, tok, near);
    if (!unit) return null;
  }
  let unitEnd = unit.end;
  let range = tok.high !== undefined;
  let joinedNext = false;
  // 3亿元至5亿元: one range.
  if (unit.explicit && nextTok && !range && RANGE_JOIN.has(text[unitEnd] ?? '') && nextTok.coreStart === unitEnd + 1 && nextTok.start === nextTok.coreStart) {
    const u2 = explicitUnitAt(text, nextTok);
    if (u2 && u2.currency === unit.currency && compareDecimals(nextTok.value, tok.value) > 0) {
      range = joinedNext = true;
      unitEnd = u2.end;
    }
  }
  if (text[unitEnd] === '级') return null; // 百亿元级产业: a class, not an amount
  const end = approxWordAfter(text, unitEnd);
  // A bare magnitude (百亿, 万亿) needs an approximation or 达 before it, or a threshold (亿元以上项目):
  // 亿元楼宇, 万元户 are words.
  const bareWord = tok.bare && tok.start === tok.coreStart && !/达|为|至|破/.test(text.slice(Math.max(0, tok.start - 2), tok.start));
  if (bareWord && end === unitEnd) return null;
  const threshold = isThreshold(text, tok, unitEnd, end, range);
  if (bareWord && !threshold) return null;
  if (/^0(\.0*)?$/.test(tok.value)) return null;
  if (near === undefined) near = nearestAnchor(text, Math.max(labelled(text, clause), tok.start - 16), tok.start);
  return {
    start: tok.start,
    end,
    value: tok.value,
    currency: unit.currency,
    approx: tok.approx || range || end > unitEnd,
    kind: threshold ? 'threshold' : kindOf(text, tok, end, clause, near),
    joinedNext,
  };
}

/**
 * Every money amount in `text`, in order, with exact values and its kind. Offsets are UTF-16 code
 * units into `text`: text.slice(start, end) === fact.text.
 */
export function extractAmounts(text: string, opts: ExtractAmountsOptions = {}): AmountFact[] {
  const rate = checkRate(opts.usdRate);
  const toks = findNumbers(text, { includeBare: true });
  const clauses = new ClauseTracker(text);
  const out: AmountFact[] = [];
  for (let k = 0; k < toks.length; k++) {
    const tok = toks[k]!;
    if (out.length > 0 && tok.start < out[out.length - 1]!.end) continue;
    const a = amountAt(text, tok, toks[k + 1], clauses);
    if (!a) continue;
    if (a.joinedNext) k++;
    out.push({
      text: text.slice(a.start, a.end),
      start: a.start,
      end: a.end,
      value: a.value,
      currency: a.currency,
      valueYuan: a.currency === 'CNY' ? a.value : a.currency === 'USD' && rate !== null ? multiplyDecimals(a.value, rate) : null,
      approx: a.approx,
      kind: a.kind,
    });
  }
  return out;
}
