// Project counts (七个重点项目, 九大重点项目, 新开工项目242个, 重点建设项目共计七十八个) with the stage
// the nearby words give them, and the article's overall stage.
//
// Every pattern here is linear: bounded character classes ({0,N}), no nested quantifiers, and
// context windows of a fixed size around each match.
import { KeywordMatcher, type KeywordHit } from './keywords.js';
import { startingIn } from './spans.js';
import { STAGES, type ArticleStage, type ProjectCountFact, type Span, type Stage } from './types.js';

// ---------------------------------------------------------------------------------------------
// Small counts: Arabic (242, 1,200) and Chinese (七, 两, 七十八, 一百五十九, 一千二百).

const CN_DIGIT: Readonly<Record<string, number>> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const CN_UNIT: Readonly<Record<string, number>> = { 十: 10, 百: 100, 千: 1000, 万: 10000 };

/** A count written in Chinese numerals (七, 十二, 七十八, 一百零五, 两千) or null if malformed. */
export function parseChineseCount(s: string): number | null {
  if (s.length === 0 || s.length > 10) return null;
  let total = 0; // completed 万 groups
  let section = 0; // below 万
  let digit: number | null = null;
  let lastUnit = Infinity;
  for (const ch of s) {
    const d = CN_DIGIT[ch];
    if (d !== undefined) {
      if (digit !== null && digit !== 0 && d !== 0) return null; // 一三: two digits in a row
      digit = d;
      continue;
    }
    const u = CN_UNIT[ch];
    if (u === undefined) return null;
    if (u === 10000) {
      section += digit ?? 0;
      if (section === 0) return null;
      total += section * 10000;
      section = 0;
      digit = null;
      lastUnit = Infinity;
      continue;
    }
    if (u >= lastUnit) return null; // 十百, 百百
    if (digit === null) {
      if (u !== 10 || section !== 0 || total !== 0) return null; // 十 alone may open a number (十二); 百 may not
      digit = 1;
    }
    section += digit * u;
    digit = null;
    lastUnit = u;
  }
  section += digit ?? 0;
  const n = total + section;
  return n > 0 ? n : null;
}

function parseCount(raw: string): number | null {
  if (/^[\d,]+$/.test(raw)) {
    const n = Number(raw.replace(/,/g, ''));
    return Number.isSafeInteger(n) && n > 0 ? n : null;
  }
  return parseChineseCount(raw);
}

// ---------------------------------------------------------------------------------------------
// Stage words. One regex, one named group per stage; 启动 alone is decided by its subject.

const STAGE_WORDS: Readonly<Record<Stage | 'start', readonly string[]>> = {
  signing: ['签约', '签署', '签订', '订立', '新引进', '引进', '落户', '招引'],
  construction_start: ['新开工', '开工', '厂房装修', '完成主体', '动工', '启动建设', '开建', '破土', '奠基', '封顶', '施工', '在建', '设备安装', '设备调试', '主体完工'],
  completion: ['新投产', '竣工', '投产', '试生产', '试产', '建设完毕', '预定可使用状态', '结项', '建成(?!区|小康|后)', '完工', '交付使用', '并网发电'],
  operating: ['投入运营', '运营', '已经运行', '已运行', '满产', '满负荷', '运转', '出货量', '稳定运行', '运行良好', '营业(?!收入|额|执照|税)', '开业', '开园', '入驻', '投入使用', '量产', '规模化生产', '吞吐量', '客流量', '产量', '销往'],
  planned: ['计划(?=总?投资|新?开工|建设|实施|引进|签约|完成|于|安排)', '安排', '储备', '谋划', '拟(?=建|投资|引资|引进|签约|落户|开工|在)'],
  start: ['启动'],
};
/**
 * Every stage word in one trie; a word written with a lookahead (建成(?!区|小康|后)) counts only
 * where its lookahead holds at its end. (A trie, not one alternation: it is asked over every text.)
 */
const STAGE_MATCHER = new KeywordMatcher<{ readonly stage: Stage | 'start'; readonly guard: RegExp | null }>(
  (Object.entries(STAGE_WORDS) as [Stage | 'start', readonly string[]][]).flatMap(([stage, words]) =>
    words.map((w) => {
      const cut = w.indexOf('(');
      return cut < 0 ? ([w, { stage, guard: null }] as const) : ([w.slice(0, cut), { stage, guard: new RegExp(w.slice(cut), 'uy') }] as const);
    }),
  ),
);
const guardHolds = (hit: KeywordHit<{ readonly guard: RegExp | null }>, text: string): boolean => {
  const g = hit.value.guard;
  if (!g) return true;
  g.lastIndex = hit.end;
  return g.test(text);
};

interface StageHit {
  readonly stage: Stage;
  readonly start: number;
  readonly end: number;
}

/** 启动 after a park, base or platform is an opening (operating); after a project, a start. */
function startStage(text: string, at: number): Stage {
  const before = text.slice(Math.max(0, at - 6), at);
  if (/项目|工程|建设/.test(before)) return 'construction_start';
  if (/园|基地|中心|平台|商城|门店|市场/.test(before)) return 'operating';
  return 'construction_start';
}

export function stageHits(text: string, from = 0, to = text.length): StageHit[] {
  return STAGE_MATCHER.scan(text, from, to, (h) => guardHolds(h, text)).map((h) => ({
    stage: h.value.stage === 'start' ? startStage(text, h.start) : h.value.stage,
    start: h.start,
    end: h.end,
  }));
}

/** Before a stage word in its clause: it is only planned, expected or conditional (预计…投产, 力争年底竣工). */
const FUTURE_BEFORE_RE = /(?:预计|计划|力争|争取|确保|有望|拟|将于|将在|将|预期|目标|待|即将|准备|后续|明年|下一步|达产|全部建成|建成后|投产后|竣工后)/u;
/** A sentence that sets out a plan (我们将…, 下一步将…, 今年将…): every stage word in it is a plan. Also matches a sentence's end, where the search stops. */
const FUTURE_FRAME_RE = /我们将|我们要|[县市区州省]将|园区将|下一步|下阶段|接下来|今年将|明年将|今年要|今后|[。！!？?\n]/gu;
const FRAME_WINDOW = 120;
/** A paragraph of a report that sets out the coming year (今年，我们将…; 2025年，全县要…). */
const PLAN_PARAGRAPH_RE = /^(?:今年|明年|新的一年|\d{4}年)[，,]?(?:我们|全县|全市|全区|全州|园区)?(?:将|要)/u;
const PARAGRAPH_WINDOW = 1000;
/** Where a full sentence starts: after 。！？ or a line break (not after ；, which parts a list). */
export const SENTENCE_BREAK_CODES: ReadonlySet<number> = new Set([...'。！!？?\n'].map((c) => c.charCodeAt(0)));

export interface StageWord {
  readonly stage: Stage;
  readonly start: number;
  readonly end: number;
  /** Only planned, expected or conditional: never a project's reported stage. */
  readonly future: boolean;
}

/** The stage words in [from, to), each marked future or not by its own clause. */
export function stageWords(text: string, from = 0, to = text.length): StageWord[] {
  const hits = stageHits(text, from, to);
  // The sentence of each hit, by one forward walk (hits come in order): a megabyte of stage words
  // without a stop costs one pass, not a look back per word. Whether a sentence opens as a plan is
  // decided once for it; the plan paragraphs once for the text.
  const plans = planParagraphs(text);
  let scanned = -1;
  let sentenceAt = 0;
  let frameFor = -1;
  let frameEnd = -1;
  const conditions: boolean[] = [];
  const out = hits.map((h): StageWord => {
    if (scanned < 0) {
      sentenceAt = clauseStart(text, h.start, FRAME_WINDOW, SENTENCE_BREAK_CODES);
      scanned = h.start;
    }
    for (; scanned < h.start; scanned++) {
      const c = text.charCodeAt(scanned);
      if (c === 0x3002 || c === 0xff01 || c === 0x21 || c === 0xff1f || c === 0x3f || c === 10) sentenceAt = scanned + 1;
    }
    if (frameFor !== sentenceAt) {
      // 今年，我们将力争…，推动A项目开工建设: a sentence that opens as a plan plans every clause of it.
      frameFor = sentenceAt;
      FUTURE_FRAME_RE.lastIndex = sentenceAt;
      const f = FUTURE_FRAME_RE.exec(text);
      // (A break ends the search: the sentence has no plan word.)
      frameEnd = f && f[0].length > 1 && f.index - sentenceAt <= FRAME_WINDOW ? f.index + f[0].length : -1;
    }
    // 今年，我们将…。重点推进A项目开工建设: so does a paragraph that opens as next year's plan.
    const plan = plans.length > 0 && inPlan(plans, h.start);
    const after = conditionAfter(text, h.end);
    conditions.push(after);
    const future =
      h.stage === 'planned' ||
      after ||
      (frameEnd >= 0 && frameEnd <= h.start) ||
      plan ||
      FUTURE_BEFORE_RE.test(text.slice(clauseStart(text, h.start, BACK_WINDOW, FUTURE_BREAK_CODES), h.start));
    return { stage: h.stage, start: h.start, end: h.end, future };
  });
  // 建成投产后: a condition covers every stage word of the run it closes.
  for (let i = out.length - 2; i >= 0; i--) {
    const h = out[i];
    const next = out[i + 1];
    if (h && next && next.start === h.end && conditions[i + 1]) {
      out[i] = { stage: h.stage, start: h.start, end: h.end, future: true };
      conditions[i] = true;
    }
  }
  return out;
}

/** The text's plan paragraphs (今年，我们将…) as [start, end) within PARAGRAPH_WINDOW of their start; the last text's are kept. */
let plansOf: string | null = null;
let plansFound: [number, number][] = [];
function planParagraphs(text: string): readonly [number, number][] {
  if (text === plansOf) return plansFound;
  const found: [number, number][] = [];
  for (let p = 0; p < text.length; ) {
    const nl = text.indexOf('\n', p);
    const end = nl < 0 ? text.length : nl;
    if (PLAN_PARAGRAPH_RE.test(text.slice(p, p + 16))) found.push([p, Math.min(end, p + PARAGRAPH_WINDOW)]);
    if (nl < 0) break;
    p = nl + 1;
  }
  plansOf = text;
  plansFound = found;
  return found;
}

function inPlan(plans: readonly [number, number][], at: number): boolean {
  let a = 0;
  let b = plans.length;
  while (a < b) {
    const mid = (a + b) >> 1;
    if ((plans[mid] as [number, number])[1] <= at) a = mid + 1;
    else b = mid;
  }
  const r = plans[a];
  return r !== undefined && r[0] <= at && at < r[1];
}

/** 后, 以后, 之后, 达产 right after a stage word: a condition (建成投产后), not a stage reached. */
function conditionAfter(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  if (c === 0x540e) return true; // 后
  const two = text.slice(at, at + 2);
  return two === '以后' || two === '之后' || two === '达产';
}

// ---------------------------------------------------------------------------------------------
// Counts.

const NUM = '(?:\\d{1,3}(?:,\\d{3})+|\\d{1,7}|[零〇一二两三四五六七八九十百千万]{1,8})';
// A: 七个重点项目, 九大重点建设项目, 6个项目, 30余个项目. B: 新开工项目242个, 项目共计七十八个.
const COUNT_RE = new RegExp(
  `(?<![\\d.,，第])(?<a>${NUM})(?<aApprox>余|多)?(?:个|大|项)(?<mod>[\\u4e00-\\u9fff]{0,10}?)项目` +
    `|项目(?:数量|数)?(?:共计|合计|总计|累计|总数|共有|共|达到|达|为|各)?(?<b>${NUM})(?<bApprox>余|多)?个`,
  'gu',
);

/**
 * Every count phrase holds 项目 and lies within COUNT_REACH characters of it (a number of at most
 * 15 characters, 个, ten of modifier): only the stretches around each 项目 are searched, about a
 * third of a typical text. One character before a stretch is kept for the lookbehind.
 */
const COUNT_REACH = 40;
function countMatches(text: string): { index: number; length: number; groups: Record<string, string | undefined> }[] {
  const out: { index: number; length: number; groups: Record<string, string | undefined> }[] = [];
  let p = text.indexOf('项目');
  while (p >= 0) {
    const from = Math.max(0, p - COUNT_REACH);
    let to = Math.min(text.length, p + 2 + COUNT_REACH);
    for (p = text.indexOf('项目', p + 2); p >= 0 && p - COUNT_REACH <= to; p = text.indexOf('项目', p + 2)) to = Math.min(text.length, p + 2 + COUNT_REACH);
    const lead = from > 0 ? 1 : 0;
    const slice = text.slice(from - lead, to);
    COUNT_RE.lastIndex = lead;
    for (let m = COUNT_RE.exec(slice); m; m = COUNT_RE.exec(slice)) out.push({ index: from - lead + m.index, length: m[0].length, groups: m.groups ?? {} });
  }
  return out;
}

const CLAUSE_BREAK = /[，,。；;！!？?\n：:（）()]/u;
const CLAUSE_BREAK_CODES = new Set([...'，,。；;！!？?\n：:（）()'].map((c) => c.charCodeAt(0)));
const BACK_WINDOW = 40;
const AHEAD_WINDOW = 12;

/** A future word's reach: its clause, brackets included (将推动卤菜产业园（二期）开工建设). */
export const FUTURE_BREAK_CODES: ReadonlySet<number> = new Set([...'，,。；;！!？?\n：:'].map((c) => c.charCodeAt(0)));

/** Where the clause ending at `at` starts: after the last of `breaks`, at most `max` characters back. */
export function clauseStart(text: string, at: number, max: number, breaks: ReadonlySet<number> = CLAUSE_BREAK_CODES): number {
  const floor = Math.max(0, at - max);
  for (let i = at - 1; i >= floor; i--) if (breaks.has(text.charCodeAt(i))) return i + 1;
  return floor;
}

/** Where the clause from `at` ends: the first of `breaks`, or `max` characters on. */
export function clauseEnd(text: string, at: number, max: number, breaks: ReadonlySet<number> = CLAUSE_BREAK_CODES): number {
  const ceil = Math.min(text.length, at + max);
  for (let i = at; i < ceil; i++) if (breaks.has(text.charCodeAt(i))) return i;
  return ceil;
}

/** The number as matched; a Chinese run may carry a stray numeral in front (统一三个) — drop it. */
function countValue(raw: string): { value: number; skip: number } | null {
  for (let skip = 0; skip < raw.length; skip++) {
    const part = raw.slice(skip);
    if (/^[百千万]/.test(part)) continue;
    const v = parseCount(part);
    if (v !== null) return { value: v, skip };
    if (/^\d/.test(part)) return null;
  }
  return null;
}

function nearestStage(text: string, start: number, end: number): { stage: Stage | null; keywordStart: number | null } {
  // One pass over the clause around the match: words inside the match first (新开工项目242个),
  // then the nearest in front or behind (集中开工建设九大重点项目, 六个项目集中竣工).
  const from = clauseStart(text, start, BACK_WINDOW);
  const to = clauseEnd(text, end, AHEAD_WINDOW);
  let inside: StageHit | undefined;
  let before: StageHit | undefined;
  let after: StageHit | undefined;
  for (const h of stageHits(text, from, to)) {
    if (h.start >= start && h.end <= end) inside = h;
    else if (h.end <= start) before = h;
    else if (h.start >= end && !after) after = h;
  }
  if (inside) return { stage: inside.stage, keywordStart: null };
  if (before && (!after || start - before.end <= after.start - end)) return { stage: before.stage, keywordStart: before.start };
  if (after) return { stage: after.stage, keywordStart: null };
  return { stage: null, keywordStart: null };
}

/** The stage word nearest a span in its clause (集中开工的…项目, …项目竣工投产), or null. */
export function stageAround(text: string, start: number, end: number): Stage | null {
  return nearestStage(text, start, end).stage;
}

const HEADLINE_MAX = 100;

/**
 * Counts of projects with their stage, once per value (a later mention of the same number with
 * the same or no stage is the same count: 六个新兴产业链项目… 六大产业项目竣工… 本次六个项目).
 * A count given in the headline (the first line, when the text is title + "\n" + body) and again
 * in the body is reported at its body mention.
 */
export function extractProjectCounts(text: string): ProjectCountFact[] {
  const found: ProjectCountFact[] = [];
  const byValue = new Map<number, number[]>(); // value → indexes in found (at most one per stage)
  // A short first line followed by more text is the headline (title + "\n" + body).
  const nl = text.indexOf('\n');
  const headlineEnd = nl > 0 && nl <= HEADLINE_MAX && nl < text.length - 1 ? nl : 0;
  let previous: { end: number; stage: Stage | null; inherited: boolean } | null = null;
  let inherited = false;
  for (const m of countMatches(text)) {
    const g = m.groups;
    const raw = g['a'] ?? g['b'];
    if (raw === undefined) continue;
    const parsed = countValue(raw);
    if (!parsed) continue;
    let start = m.index;
    const end = m.index + m.length;
    if (g['a'] !== undefined) {
      start += parsed.skip;
      // 一个项目 is nearly always "a project", not a count.
      if (/^[一壹]$/.test(raw.slice(parsed.skip))) continue;
    }
    const near = nearestStage(text, start, end);
    const keywordStart = near.keywordStart;
    let stage = near.stage;
    // 全年安排重点建设项目300个。其中产业项目180个，基础设施项目70个: a breakdown takes the stage of
    // the total it breaks down.
    if (stage === null && previous && start - previous.end <= 60) {
      const between = text.slice(previous.end, start);
      if (between.includes('其中') || (previous.inherited && !/[。；;!！?？\n]/u.test(between))) {
        stage = previous.stage;
        inherited = stage !== null;
      }
    }
    if (g['b'] !== undefined) {
      // The subject of 项目242个 stands in front: take the stage word, or the modifier, with it.
      // 新引进长远锂科等投资50亿元以上项目8个 → 投资50亿元以上项目8个: back to 等, 、 or 10 characters.
      const floor = clauseStart(text, start, 10);
      let s = start;
      while (s > floor && /[\u4e00-\u9fff\d]/u.test(text[s - 1] ?? '') && text[s - 1] !== '等') s--;
      // Stopped by the clause or by 等: the whole head is the subject (节会签约项目117个). Stopped by
      // the length limit: start at the stage word if there is one (安排重点建设项目共计七十八个).
      const atBoundary = s > floor || floor === 0 || CLAUSE_BREAK.test(text[floor - 1] ?? '');
      if (!atBoundary && keywordStart !== null && keywordStart >= s && keywordStart < start) s = keywordStart;
      start = s;
    }
    const fact: ProjectCountFact = { text: text.slice(start, end), start, end, value: parsed.value, stage };
    previous = { end, stage, inherited };
    inherited = false;
    let sameValue = byValue.get(fact.value);
    if (!sameValue) byValue.set(fact.value, (sameValue = []));
    const same = sameValue.find((i) => {
      const f = found[i];
      return f !== undefined && (f.stage === fact.stage || f.stage === null || fact.stage === null);
    });
    const kept = same === undefined ? undefined : found[same];
    if (same === undefined || !kept) {
      sameValue.push(found.length);
      found.push(fact);
    } else if (kept.start < headlineEnd && fact.start >= headlineEnd) {
      // The headline's 7个项目 is the body's 七个项目: the body, with its context, is the evidence.
      found[same] = { ...fact, stage: fact.stage ?? kept.stage };
    } else if (kept.stage === null && fact.stage !== null) found[same] = fact;
  }
  return found.sort((x, y) => x.start - y.start);
}

// ---------------------------------------------------------------------------------------------
// The article's stage.

/** Reports review a year: several stages by their nature. A 统计公报 is scored like any text (it may report one). */
const REPORT_RE = /政府工作报告|工作报告|工作总结/u;

/** A report reviewing a year (政府工作报告, 工作总结): its lists are goals as often as events. */
export function isReportTitle(title: string): boolean {
  return REPORT_RE.test(title);
}
const ONGOING_RE = /^(?:在建|施工)$/u;
const NOTICE_RE = /公告(?:$|\s)|关于.{0,30}(?:投资|建设|设立|签署|签订).{0,30}的公告/u;
const AGREEMENT_SIGNED_RE = /于\d{4}年\d{1,2}月\d{1,2}日[^。；;]{0,100}?(?:签署|签订|订立)[^。；;，,]{0,24}?(?:协议|合同)/u;
const TITLE_WEIGHT = 5;
const COUNT_WEIGHT = 2;
const BODY_CAP = 6;
/** Stages whose evidence is at least this share of the leader's make the article mixed. */
const MIXED_RATIO = 0.75;
/** Without a title word or a count, this many stage words in the body are needed at least. */
const MIN_SCORE = 2;

export interface StageScores {
  readonly scores: Readonly<Record<Stage, number>>;
  readonly stage: ArticleStage;
}

/**
 * Scores each stage: a stage word in the title weighs 5, each distinct count of that stage 2,
 * each stage word in the body 1 (at most 6). Reports (政府工作报告, 统计公报) are mixed by kind.
 * No stage reaching 2 → none; a runner-up with ≥ 75% of the leader's score (and ≥ 4) → mixed.
 * Then the named projects have their say (projectStages): two or more of them at different
 * stages make the article mixed; one stage they all share replaces a plan, a none or an operating.
 */
export function scoreArticleStage(title: string, text: string, counts: readonly ProjectCountFact[], projects: readonly Span[] = []): StageScores & { readonly byWords: ArticleStage } {
  const words = stageWords(text);
  const { scores, stage } = scoreWords(title, text, counts, words);
  const out = (s: ArticleStage) => ({ scores, stage: s, byWords: stage });
  if (stage === 'mixed') return out(stage);
  // 新签约项目682个，新开工项目451个: counts reported at two stages make the article mixed — two
  // different counts (这两个项目从签约到投产 tells one pair's history, not a second batch).
  const counted: ProjectCountFact[] = [];
  for (const c of counts) {
    if (!c.stage || c.stage === 'planned') continue;
    const word = words.find((w) => w.stage === c.stage && w.start >= c.start - COUNT_WORD_REACH && w.start <= c.end + COUNT_WORD_REACH);
    if (word && !word.future) counted.push(c);
  }
  if (counted.some((a) => counted.some((b) => a.stage !== b.stage && a.value !== b.value))) return out('mixed');
  const reached = projectStages(text, projects, words);
  if (reached.size >= 2) return out('mixed');
  const [only] = reached;
  if (only && (stage === 'planned' || stage === 'none' || stage === 'operating')) return out(only);
  return out(stage);
}

/**
 * The stage to draft an article's projects under (its batch's, and that of a project the text gives
 * none): what its words and counts say, before its named projects had their say — unless an
 * editor set the article's stage (which drops `stageByWords`).
 */
export function draftingStage(facts: { readonly stage: ArticleStage; readonly stageByWords?: ArticleStage | undefined }): ArticleStage {
  return facts.stageByWords ?? facts.stage;
}

/** The article's title is its first line when the text has several. */
export function titleOf(text: string): string {
  const nl = text.indexOf('\n');
  return nl === -1 ? '' : text.slice(0, nl);
}

function scoreWords(title: string, text: string, counts: readonly ProjectCountFact[], words: readonly StageWord[]): StageScores {
  const scores: Record<Stage, number> = { signing: 0, construction_start: 0, completion: 0, operating: 0, planned: 0 };
  const inTitle = new Set(stageWords(title).map((h) => (h.future ? 'planned' : h.stage)));
  // 关于投资建设…项目的公告: a company's notice of a decision, a plan until it says otherwise —
  // such as that an agreement was signed on a date (公司已于2025年6月9日与…签署《项目投资合同书》).
  if (inTitle.size === 0 && NOTICE_RE.test(title)) inTitle.add(AGREEMENT_SIGNED_RE.test(text) ? 'signing' : 'planned');
  for (const s of inTitle) scores[s] += TITLE_WEIGHT;
  for (const c of counts) if (c.stage) scores[c.stage] += COUNT_WEIGHT;
  const body: Record<Stage, number> = { signing: 0, construction_start: 0, completion: 0, operating: 0, planned: 0 };
  // A stage only expected (预计明年投产, 建成投产后) is a plan, not that stage reached.
  // 在建, 施工 tell of work going on (在建项目186个 in a bulletin), not of a start the text reports.
  for (const h of words) if (!ONGOING_RE.test(text.slice(h.start, h.end))) body[h.future ? 'planned' : h.stage] += 1;
  for (const s of STAGES) scores[s] += Math.min(body[s], BODY_CAP);

  if (REPORT_RE.test(title)) return { scores, stage: 'mixed' };
  const ranked = [...STAGES].sort((a, b) => scores[b] - scores[a]);
  const first = ranked[0] as Stage;
  const second = ranked[1] as Stage;
  const top = scores[first];
  if (top < MIN_SCORE) return { scores, stage: 'none' };
  if (scores[second] >= 4 && scores[second] >= MIXED_RATIO * top) return { scores, stage: 'mixed' };
  return { scores, stage: first };
}

/** How far from a count its stage word may stand (新开工亿元以上项目451个). */
const COUNT_WORD_REACH = 16;
/** How far a project's sentence is looked for (a text without stops stays bounded). */
const SENTENCE_REACH = 600;
const SENTENCE_END_CODES = new Set([...'。；;！!？?\n'].map((c) => c.charCodeAt(0)));

/**
 * The stages the text reports as reached by its named projects: for each, the nearest stage word
 * of its sentence that is not only planned, between it and its neighbours (在建 and 施工 count
 * here: 其中…项目在建 is a project under way).
 */
export function projectStages(text: string, projects: readonly Span[], words: readonly StageWord[] = stageWords(text)): Set<Stage> {
  const reached = new Set<Stage>();
  const done = words.filter((w) => !w.future);
  if (done.length === 0) return reached;
  const names = [...projects].sort((a, b) => a.start - b.start);
  for (const [i, p] of names.entries()) {
    const s = clauseStart(text, p.start, SENTENCE_REACH, SENTENCE_END_CODES);
    const e = clauseEnd(text, p.end, SENTENCE_REACH, SENTENCE_END_CODES);
    const lo = Math.max(s, names[i - 1]?.end ?? 0);
    const hi = Math.min(e, names[i + 1]?.start ?? text.length);
    let best: StageWord | undefined;
    let bestDistance = Infinity;
    for (const w of startingIn(done, lo, hi)) {
      if (w.end > hi) continue;
      const d = w.start >= p.end ? w.start - p.end : p.start - w.end;
      if (d >= 0 && d < bestDistance) [best, bestDistance] = [w, d];
    }
    if (best) reached.add(best.stage);
  }
  return reached;
}

/** The article's overall stage: one of the stages, 'mixed', or 'none'. */
export function articleStage(title: string, text: string, counts: readonly ProjectCountFact[], projects: readonly Span[] = []): ArticleStage {
  return scoreArticleStage(title, text, counts, projects).stage;
}
