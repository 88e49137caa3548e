// The projects one article reports, read from its facts. Pure: facts in, project drafts out.
// A draft is what this article says of a project; the project database (features/projects) joins
// the drafts of several articles that share a key into one project with a timeline.
import { clauseEnd, clauseStart, draftingStage, FUTURE_BREAK_CODES, isReportTitle, SENTENCE_BREAK_CODES, stageAround, stageWords, titleOf, type StageWord } from '../extraction/counts.js';
import { startingIn } from '../extraction/spans.js';
import { KeywordMatcher } from '../extraction/keywords.js';
import { GENERAL_MANUFACTURING_WORDS } from '../extraction/taxonomy.js';
import type { Gazetteer } from '../regions/gazetteer.js';
import { STAGES, type AmountFact, type Facts, type NamedFact, type ParkFact, type Span, type Stage } from '../extraction/types.js';

export interface ProjectDraft {
  /** Identity across articles: g:ARTICLE:STAGE for a batch, n:PLACE:NAME for a named project. */
  readonly key: string;
  /** A batch of projects reported together (七个重点项目), or one project. */
  readonly kind: 'group' | 'single';
  readonly parentKey: string | null;
  readonly name: string;
  readonly stage: Stage | null;
  /** Projects in a batch. */
  readonly count: number | null;
  readonly amountYuan: string | null;
  readonly approx: boolean;
  readonly park: string | null;
  readonly sectors: readonly string[];
  readonly companies: readonly string[];
  /** Where the article names the project (or states the batch's count). */
  readonly evidence: Span;
  readonly amountEvidence: Span | null;
  /** Set when the project's own text or name places it more precisely than the article does. */
  readonly regionCode?: string | undefined;
  /** Stages its text names only as planned, expected or conditional (预计明年投产 → completion). */
  readonly future?: readonly Stage[];
}

export interface BuildInput {
  readonly articleId: number;
  /** "title\nbody": the text the facts' offsets refer to. */
  readonly text: string;
  readonly facts: Facts;
  /** The prefecture (or province) the article is about: a named project is the same one only within it. */
  readonly placeKey: string;
  /**
   * The place a project's own name gives (吉首经开区仓储项目 → 吉首市), so a provincial article
   * naming it reports the same project as 吉首's own; null when the name names none.
   */
  readonly placeOf?: ((name: string) => { readonly placeKey: string; readonly regionCode: string } | null) | undefined;
  /** The same for a division named in the project's own stretch of text (桂阳县开工的…项目): null when it adds nothing. */
  readonly placeOfCode?: ((code: string) => { readonly placeKey: string; readonly regionCode: string } | null) | undefined;
}

const SINGLE_STAGES = new Set<string>(STAGES);
/** Amounts that are a project's investment (a batch's total, one project's, a contract's). */
const INVESTMENT = new Set<string>(['total_investment', 'project_investment', 'contract_investment']);
const SENTENCE_END = /[。！？!?；;\n]/u;
/** How far from a batch's count its total may be stated (the lead usually has both). */
const GROUP_AMOUNT_WINDOW = 300;

/** A project's name for matching: one form of brackets and spaces, without 公司 and a final 项目/工程. */
export function projectKeyName(name: string): string {
  return name
    .normalize('NFKC')
    .replace(/\s+/gu, '')
    .replace(/(\d)kV/giu, '$1千伏')
    .replace(/(?:有限责任公司|股份有限公司|有限公司|公司)/gu, '')
    .replace(/(?:项目|工程)$/u, '');
}

/** A sentence longer than this (hostile text without stops) is cut around the position. */
const MAX_SENTENCE = 600;

function sentenceAt(text: string, pos: number): Span {
  let start = pos;
  while (start > 0 && pos - start < MAX_SENTENCE && !(SENTENCE_END.test(text[start - 1] ?? '') && !fieldAt(text, start))) start--;
  let end = pos;
  while (end < text.length && end - pos < MAX_SENTENCE && !(SENTENCE_END.test(text[end] ?? '') && !fieldAt(text, end + 1))) end++;
  return { start, end };
}

/** 项目名称：A；投资方：B；总投资：C: a record's fields after ； are one sentence with its name. */
const FIELD_LABEL_RE = /(?:投资方|投资主体|项目业主|业主单位|建设单位|实施主体|(?:计划)?总投资|投资额|投资金额|投资总额|建设内容|建设地点|建设规模|建设周期|建设性质|项目进度|进展情况|推进情况|年度计划)[：:]/y;
function fieldAt(text: string, at: number): boolean {
  const c = text[at - 1];
  if (c !== '；' && c !== ';' && c !== '\n') return false;
  // (Or on a line of its own: 2.实施主体：…, ●投资金额：….)
  let k = at;
  if (c === '\n') {
    const marker = FIELD_MARKER_RE.exec(text.slice(at, at + 4));
    if (!marker) return false;
    k += marker[0].length;
  }
  FIELD_LABEL_RE.lastIndex = k;
  return FIELD_LABEL_RE.test(text);
}
const FIELD_MARKER_RE = /^(?:\d{1,2}[.、．]|[（(]\d{1,2}[）)]|[●○■◆·])/u;

const inside = (s: Span, outer: Span) => s.start >= outer.start && s.end <= outer.end;
const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;
const uniq = (xs: readonly string[]) => [...new Set(xs)];

function titleName(text: string): string {
  const nl = text.indexOf('\n');
  const title = nl === -1 ? text : text.slice(0, nl);
  return title.replace(/^\s*[【[][^】\]]{0,20}[】\]]\s*/u, '').trim();
}

/** The batch: the article's own stage with a count of two or more, and its total nearby. */
/**
 * The batch's total: the investment or contract amount nearest its count. One in the count's own
 * sentence (共签约项目12个，总投资86.5亿元) is the batch's before any project's; one further away only
 * if no named project's own clause took it (`used`), so a project's 总投资 is never the batch's.
 */
function batchAmount(input: BuildInput, count: Span, used: ReadonlySet<AmountFact>, sameSentenceOnly: boolean): AmountFact | undefined {
  const sentence = sentenceAt(input.text, count.start);
  let amount: AmountFact | undefined;
  for (const a of input.facts.amounts) {
    if ((a.kind !== 'total_investment' && a.kind !== 'contract_investment') || used.has(a)) continue;
    if (sameSentenceOnly && !inside(a, sentence)) continue;
    const d = Math.abs(a.start - count.end);
    if (d <= GROUP_AMOUNT_WINDOW && (!amount || d < Math.abs(amount.start - count.end))) amount = a;
  }
  return amount;
}

function withAmount(d: ProjectDraft, amount: AmountFact | undefined): ProjectDraft {
  return amount ? { ...d, amountYuan: amount.valueYuan, approx: amount.approx, amountEvidence: { start: amount.start, end: amount.end } } : d;
}

/** The batch: the article's own stage with a count of two or more; its total, if in the count's sentence. */
function batch(input: BuildInput, used: Set<AmountFact>): ProjectDraft | null {
  const { facts } = input;
  if (!SINGLE_STAGES.has(facts.stage)) return null;
  const stage = facts.stage as Stage;
  const count = facts.projectCounts.find((c) => c.stage === stage && c.value >= 2);
  if (!count) return null;
  const amount = batchAmount(input, count, used, true);
  if (amount) used.add(amount);
  const title = titleName(input.text);
  const park = facts.parks.find((p) => title.includes(p.name));
  return {
    key: `g:${input.articleId}:${stage}`,
    kind: 'group',
    parentKey: null,
    name: title || `${count.value} 个项目`,
    stage,
    count: count.value,
    amountYuan: amount?.valueYuan ?? null,
    approx: amount?.approx ?? false,
    park: park?.name ?? null,
    sectors: uniq(facts.sectors.map((s) => s.id)).slice(0, 8),
    companies: uniq(facts.companies.map((c) => c.name)),
    evidence: { start: count.start, end: count.end },
    amountEvidence: amount ? { start: amount.start, end: amount.end } : null,
  };
}

/**
 * The stretch of text that speaks of one project: from the previous project (or the start of its
 * sentence) to the next one (or the sentence's end), split between neighbours at the last comma
 * between them — 甲公司投资12亿元建设A项目，选址东山镇；B项目总投资6.8亿元，由乙公司投资建设.
 */
interface Scope {
  readonly head: Span; // before the name
  readonly tail: Span; // after the name
  readonly sentence: Span;
}

const MAX_MENTIONS = 20;

/** 该项目, 本项目, 项目 at the head of a sentence: it speaks of the project just named. */
// (After a short opening clause too: 据介绍，该项目…; 根据协议，该基地…; 这家企业2023年落户长沙县，项目总投资….)
const ANAPHORA_RE = /^\s*(?:\d{1,2}月\d{1,2}日[，,]?)?(?:[^，,。；;“”]{1,16}[，,])?(?:该项目|本项目|此项目|这一项目|该工程|该基地|该生产线|该产业园|该园|该厂|该工厂|项目)/u;
const ANAPHORA_SENTENCES = 2;
const QUOTE_OPEN_RE = /^[“"「]/u;
/** A quotation longer than this is not passed over. */
const QUOTE_MAX = 300;

/**
 * Where every named project is mentioned, found once per article: the first MAX_MENTIONS of each
 * name, sorted. Asking the text again for each name from each mention cost a 1 MB text of 45,000
 * names 24 s; this is one pass (a trie when there are many names).
 */
interface MentionIndex {
  readonly byName: ReadonlyMap<string, readonly Span[]>;
  /** All mentions, by start. */
  readonly spans: readonly Span[];
  /** Every mention of a company, a sector, a division (with `more`), and the parks: by start. */
  readonly companies: readonly (Span & { readonly name: string })[];
  readonly sectors: readonly (Span & { readonly id: string })[];
  readonly regions: readonly (Span & { readonly code: string; readonly depth: number })[];
  readonly parks: readonly ParkFact[];
  /** A…、B…分别投资1.5亿元、9000万元: each name's amount, in order. */
  readonly respectively: ReadonlyMap<Span, AmountFact>;
}

/** A fact at its first mention and at every later one, as one list sorted by start. */
function everyMention<F extends Span & { readonly more?: readonly Span[] | undefined }, T>(facts: readonly F[], value: (f: F) => T): (Span & T)[] {
  return facts.flatMap((f) => [f, ...(f.more ?? [])].map((m) => ({ start: m.start, end: m.end, ...value(f) }))).sort((a, b) => a.start - b.start);
}

const MANY_NAMES = 64;
/** Named projects drafted per article, at most (a thousand-name dump stays bounded). */
const MAX_PROJECTS = 1000;

function mentionIndex(text: string, facts: Facts): MentionIndex {
  const names = facts.projects;
  const byName = new Map<string, { start: number; end: number }[]>();
  const spans: Span[] = [];
  const add = (name: string, at: number, length = name.length) => {
    let list = byName.get(name);
    if (!list) byName.set(name, (list = []));
    if (list.length >= MAX_MENTIONS) return;
    list.push({ start: at, end: at + length });
    spans.push({ start: at, end: at + length });
  };
  const distinct = [...new Set(names.map((p) => p.name))];
  if (distinct.length <= MANY_NAMES) {
    for (const name of distinct) for (let at = text.indexOf(name), k = 0; at !== -1 && k < MAX_MENTIONS; at = text.indexOf(name, at + name.length), k++) add(name, at);
  } else {
    for (const hit of new KeywordMatcher(distinct.map((n) => [n, n] as const)).scan(text)) add(hit.value, hit.start);
  }
  // The shorter forms the text also uses for a name (醴陵高端陶瓷项目 … 高端陶瓷项目).
  for (const p of names) for (const m of p.more ?? []) add(p.name, m.start, m.end - m.start);
  spans.sort((a, b) => a.start - b.start);
  for (const list of byName.values()) list.sort((a, b) => a.start - b.start);
  const depth = { province: 1, city: 2, county: 3 } as const;
  return {
    byName,
    spans,
    companies: everyMention(facts.companies, (c) => ({ name: c.name })),
    sectors: everyMention(facts.sectors, (x) => ({ id: x.id })),
    regions: everyMention(facts.regions, (r) => ({ code: r.code, depth: depth[r.level] })),
    parks: [...facts.parks].sort((a, b) => a.start - b.start),
    respectively: respectively(text, facts),
  };
}

const LIST_SEPARATOR_RE = /^(?:[、，,和与及]|以及)$/u;
const RESPECTIVELY_RE = /^[^。；;！!？?\n]{0,12}?分别(?:总?投资|投入|签约|为|达)?/u;

/**
 * A list of names followed by 分别 and as many amounts (A项目、B项目分别投资1.5亿元、9000万元): the
 * amounts go to the names in order. Nothing when the counts differ.
 */
function respectively(text: string, facts: Facts): Map<Span, AmountFact> {
  const out = new Map<Span, AmountFact>();
  const names = [...facts.projects].sort((a, b) => a.start - b.start);
  const amounts = facts.amounts.filter((a) => INVESTMENT.has(a.kind));
  for (let i = 0; i < names.length; ) {
    let j = i;
    while (j + 1 < names.length && LIST_SEPARATOR_RE.test(text.slice((names[j] as Span).end, (names[j + 1] as Span).start))) j++;
    const run = names.slice(i, j + 1);
    i = j + 1;
    const last = run[run.length - 1];
    if (run.length < 2 || !last) continue;
    const word = RESPECTIVELY_RE.exec(text.slice(last.end, last.end + 24));
    if (!word) continue;
    let at = last.end + word[0].length;
    const taken: AmountFact[] = [];
    for (const a of amounts) {
      if (a.start < at) continue;
      if (!/^[、，,和与及约]*$/u.test(text.slice(at, a.start))) break;
      taken.push(a);
      at = a.end;
      if (taken.length === run.length) break;
    }
    if (taken.length === run.length) run.forEach((n, k) => out.set(n, taken[k] as AmountFact));
  }
  return out;
}

function mentionsIn(index: MentionIndex, from: number, to: number): Span[] {
  return startingIn(index.spans, from, to);
}

/** The sentences right after `sentence` that open with 该项目/项目, before another project is named. */
function anaphoraScopes(input: BuildInput, index: MentionIndex, sentence: Span): Scope[] {
  const out: Scope[] = [];
  let at = sentence.end + 1;
  let skipped = false;
  for (let k = 0; k < ANAPHORA_SENTENCES && at < input.text.length; k++) {
    while (at < input.text.length && /[。！？!?；;\s]/u.test(input.text[at] ?? '')) at++;
    const next = sentenceAt(input.text, at);
    // “…接单。”陈国华说。: what someone said between the name and 该项目 is passed over.
    // (One quotation per name, looked for within QUOTE_MAX: a text of quotations costs no walk to its end.)
    if (!skipped && QUOTE_OPEN_RE.test(input.text.slice(next.start, next.start + 1))) {
      const close = input.text.slice(next.start, next.start + QUOTE_MAX).indexOf('”');
      if (close > 0) {
        skipped = true;
        at = sentenceAt(input.text, next.start + close + 1).end + 1;
        k--;
        continue;
      }
    }
    if (!ANAPHORA_RE.test(input.text.slice(next.start, next.end))) break;
    if (mentionsIn(index, next.start, next.end).length > 0) break;
    out.push({ head: { start: next.start, end: next.start }, tail: { start: next.start, end: next.end }, sentence: next });
    at = next.end + 1;
  }
  return out;
}

/**
 * A项目和B项目同日竣工投产。前者总投资3.6亿元…；后者投资2.4亿元: the first of a sentence's names
 * is spoken of by the 前者 of the sentences after it, the last by their 后者.
 */
function pairScopes(input: BuildInput, index: MentionIndex, at: Span, sentence: Span): Scope[] {
  const names = mentionsIn(index, sentence.start, sentence.end);
  if (names.length < 2) return [];
  const word = at.start === names[0]?.start ? '前者' : at.start === names[names.length - 1]?.start ? '后者' : null;
  if (!word) return [];
  const { text } = input;
  let pos = sentence.end + 1;
  for (let k = 0; k < PAIR_SENTENCES && pos < text.length; k++) {
    while (pos < text.length && /[。！？!?；;\s]/u.test(text[pos] ?? '')) pos++;
    const next = sentenceAt(text, pos);
    if (mentionsIn(index, next.start, next.end).length > 0) break;
    const i = text.slice(next.start, next.end).search(word === '前者' ? /(?:^|[，,])前者/u : /(?:^|[，,])后者/u);
    if (i >= 0) {
      const from = next.start + i;
      return [{ head: { start: from, end: from }, tail: { start: from, end: next.end }, sentence: next }];
    }
    pos = next.end + 1;
  }
  return [];
}
const PAIR_SENTENCES = 3;

/** The stretch around a later mention of a name, bounded by the other names of its sentence. */
function laterScope(input: BuildInput, index: MentionIndex, start: number, end: number): Scope {
  const sentence = sentenceAt(input.text, start);
  let headStart = sentence.start;
  let tailEnd = sentence.end;
  for (const m of mentionsIn(index, sentence.start, sentence.end)) {
    if (m.end <= start) headStart = Math.max(headStart, splitBetween(input.text, m.end, start));
    else if (m.start >= end) tailEnd = Math.min(tailEnd, splitBetween(input.text, end, m.start));
  }
  return { head: { start: headStart, end: start }, tail: { start: end, end: tailEnd }, sentence };
}

function splitBetween(text: string, from: number, to: number): number {
  // (Between two names a 和 or 及 parts them too: A物流园（2.2亿元）和B项目.)
  for (const sep of ['，', ',', '、', '和', '及', '与']) {
    const i = text.slice(from, to).lastIndexOf(sep);
    if (i >= 0) return from + i + 1;
  }
  return from;
}

function scopes(text: string, names: readonly NamedFact[]): Map<NamedFact, Scope> {
  const out = new Map<NamedFact, Scope>();
  const sorted = [...names].sort((x, y) => x.start - y.start);
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i] as NamedFact;
    const sentence = sentenceAt(text, p.start);
    const prev = sorted[i - 1];
    const next = sorted[i + 1];
    const headStart = prev && prev.end > sentence.start && prev.end <= p.start ? splitBetween(text, prev.end, p.start) : sentence.start;
    const tailEnd = next && next.start < sentence.end && next.start >= p.end ? splitBetween(text, p.end, next.start) : sentence.end;
    out.set(p, { head: { start: headStart, end: p.start }, tail: { start: p.end, end: Math.max(p.end, tailEnd) }, sentence });
  }
  return out;
}

/** The project's own amount: the first after its name in its stretch, else the last before it. */
/** 三个项目合计投资九亿三千万元: a sum of several projects, in front of the amount in its clause. */
const SUM_BEFORE_RE = /(?:[\d一二两三四五六七八九十]+(?:个|大)项目|合计|共计|累计|总计)[^，,。；;]{0,6}$/u;

function scopeAmount(text: string, facts: Facts, scope: Scope, used: Set<AmountFact>): AmountFact | undefined {
  // facts.amounts is sorted by start: only the stretch's own are looked at.
  const free = startingIn(facts.amounts, scope.head.start, scope.tail.end).filter(
    (a) => INVESTMENT.has(a.kind) && !used.has(a) && !SUM_BEFORE_RE.test(text.slice(Math.max(0, a.start - 16), a.start)),
  );
  const own = free.find((a) => inside(a, scope.tail));
  if (own) return own;
  // …签约的A项目计划投资6亿元: its own plan after it, not a sum before it (the plan is taken below).
  if (startingIn(facts.amounts, scope.tail.start, scope.tail.end).some((a) => a.kind === 'planned_investment' && !used.has(a) && inside(a, scope.tail))) return undefined;
  return free.filter((a) => inside(a, scope.head)).pop();
}

const PIPELINE_RE = /储备|谋划/u;
/** How far along: 当年签约、当年投产 is in production (投产 outranks 运营 and 入驻, which report it). */
const STAGE_ORDER: Readonly<Record<Stage, number>> = { planned: 0, signing: 1, construction_start: 2, operating: 3, completion: 4 };

/** A list's header: 开工项目中，… 签约项目中：… 在新引进项目中，… 投产方面，… — up to the comma or colon closing it. */
const LIST_HEADER_RE = /^[^，,：:。；;]{0,16}?(?:项目中|方面)[，,：:]/u;
const LIST_HEADER_MAX = 300;

/**
 * The stage a list's header gives every project of its full sentence (开工项目中，甲公司投资…建设A项目；
 * B项目总投资2.6亿元。), when the header's stage word is not only planned.
 */
function listHeaderStage(text: string, at: Span): Stage | null {
  return sentenceHeaderStage(text, at) ?? headingStage(text, at);
}

/** 二、本周新开工项目 over 1.甲公司A项目… 2.…: a heading line's stage is its numbered items'. */
const HEADING_LINE_RE = /^(?:[一二三四五六七八九十]{1,3}、|[（(][一二三四五六七八九十]{1,3}[）)])?[^，,。；;！!？?]{0,20}(?:项目|情况)[：:]?$/u;
const LIST_ITEM_RE = /^(?:\d{1,2}[.、．]|[（(]\d{1,2}[）)]|[①-⑳])/u;
const HEADING_LINES = 12;
const HEADING_REACH = 200;
/** The line break before `at` within HEADING_REACH characters, or -1. */
function lastBreakBefore(text: string, at: number): number {
  const from = Math.max(0, at - HEADING_REACH);
  const i = text.slice(from, at).lastIndexOf('\n');
  return i < 0 ? -1 : from + i;
}

function headingStage(text: string, at: Span): Stage | null {
  // (Lines are looked for within HEADING_REACH: a text without breaks costs no scan to its start.)
  const lineBreak = lastBreakBefore(text, at.start);
  if (lineBreak < 0 || !LIST_ITEM_RE.test(text.slice(lineBreak + 1, lineBreak + 5))) return null;
  let end = lineBreak;
  for (let k = 0; k < HEADING_LINES && end > 0; k++) {
    const start = lastBreakBefore(text, end) + 1;
    if (start === 0) return null;
    const line = text.slice(start, end).trim();
    if (HEADING_LINE_RE.test(line)) {
      const words = stageWords(text, start, end);
      return words.length > 0 && words.every((w) => !w.future) ? (words[words.length - 1]?.stage ?? null) : null;
    }
    if (!LIST_ITEM_RE.test(line)) return null;
    end = start - 1;
  }
  return null;
}

function sentenceHeaderStage(text: string, at: Span): Stage | null {
  let s = at.start;
  while (s > 0 && at.start - s < LIST_HEADER_MAX && !SENTENCE_BREAK_CODES.has(text.charCodeAt(s - 1))) s--;
  if (s > 0 && !SENTENCE_BREAK_CODES.has(text.charCodeAt(s - 1))) return null;
  const header = LIST_HEADER_RE.exec(text.slice(s, at.start));
  if (!header) return null;
  const words = stageWords(text, s, s + header[0].length);
  return words.length > 0 && words.every((w) => !w.future) ? (words[words.length - 1]?.stage ?? null) : null;
}

/** Stage words: the project's own stretch first, then its sentence's (A、B、C项目集中开工). */
function scopeStage(text: string, scope: Scope, at: Span): { stage: Stage | null; future: Stage[]; plannedOnly: boolean } {
  const own = stageWords(text, scope.head.start, scope.tail.end).filter((w) => !inside(w, at));
  const future = uniq(own.filter((w) => w.future && w.stage !== 'planned').map((w) => w.stage)) as Stage[];
  const nearest = (ws: readonly StageWord[]) =>
    ws.filter((w) => !w.future).sort((x, y) => Math.abs(x.start - at.start) - Math.abs(y.start - at.start))[0]?.stage ?? null;
  // 去年开工的A产业园已建成投产: what is said after the name is where it stands now.
  const after = own.filter((w) => w.start >= at.end && !w.future);
  const furthest = after.reduce<Stage | null>((best, w) => (best === null || STAGE_ORDER[w.stage] > STAGE_ORDER[best] ? w.stage : best), null);
  const stage = furthest ?? nearest(own) ?? nearest(stageWords(text, scope.sentence.start, scope.sentence.end).filter((w) => w.start >= scope.tail.end || w.end <= scope.head.start));
  // 储备, 谋划: a project in a pipeline, whatever the article reports of others. 拟, 计划 only say
  // what a project will do: they decide only when nothing else does (its batch, the article).
  const pipeline = own.some((w) => w.stage === 'planned' && PIPELINE_RE.test(text.slice(w.start, w.end)));
  return { stage, future: pipeline ? future : uniq([...future, ...own.filter((w) => w.stage === 'planned').map((w) => w.stage)]) as Stage[], plannedOnly: pipeline };
}

/** The most specific division named in the project's stretch or name, when it is one. */
function scopeRegion(index: MentionIndex, scope: Scope): string | null {
  const span = { start: scope.head.start, end: scope.tail.end };
  const found = new Set<string>();
  let depth = 0;
  for (const r of startingIn(index.regions, span.start, span.end)) {
    if (r.depth < 2 || !inside(r, span)) continue;
    if (r.depth > depth) {
      found.clear();
      depth = r.depth;
    }
    if (r.depth === depth) found.add(r.code);
  }
  return found.size === 1 ? ([...found][0] ?? null) : null;
}

/** Sectors whose keyword stands in the project's stretch or name. */
function scopeSectors(index: MentionIndex, scope: Scope): (Span & { readonly id: string })[] {
  return startingIn(index.sectors, scope.head.start, scope.tail.end).filter((m) => m.end <= scope.tail.end);
}

/** How far before a sector word a company's name holding it may start. */
const COMPANY_REACH = 40;

/** The sectors of a project's stretches; words of making in general (智能制造) only when nothing else names its industry. */
function ownSectors(text: string, index: MentionIndex, scopes: readonly Scope[], name: Span): string[] {
  const all = scopes.flatMap((m) => scopeSectors(index, m));
  // 湖南某新材料有限公司年产10万吨再生铝项目: the investor's name speaks of the investor; the project's
  // own name, when it names an industry, speaks of the project.
  const outside = all.filter((m) => !startingIn(index.companies, m.start - COMPANY_REACH, m.end).some((c) => c.start <= m.start && c.end >= m.end));
  const found = outside.some((m) => m.start >= name.start && m.end <= name.end) ? outside : all;
  const specific = found.filter((m) => !GENERAL_MANUFACTURING_WORDS.has(text.slice(m.start, m.end)));
  return uniq((specific.some((m) => m.id !== 'equipment') ? specific : found).map((m) => m.id));
}

/** One named project and what its own stretch of text says of it. */
function single(input: BuildInput, index: MentionIndex, name: string, at: NamedFact, scope: Scope, parent: ProjectDraft | null, used: Set<AmountFact>): ProjectDraft {
  const { facts, text } = input;
  // Where the text speaks of it: its own stretch, those of its later mentions (a headline names
  // it, the body tells of it), and a sentence after one that opens with 该项目 or 项目.
  const mentions = [scope];
  for (const m of index.byName.get(name) ?? []) if (m.start >= at.end) mentions.push(laterScope(input, index, m.start, m.end));
  const stretches = [...mentions, ...mentions.flatMap((m) => anaphoraScopes(input, index, m.sentence)), ...pairScopes(input, index, at, scope.sentence)];
  let amount: AmountFact | undefined;
  const listed = index.respectively.get(at);
  // …基地（一期）: 总投资六亿元，其中一期投资三亿八千万元 — the phase's own amount.
  const phase = /([一二三四五六七八九十首])期[）)]?(?:项目|工程)?$/u.exec(name)?.[1];
  const phased = phase
    ? stretches
        .flatMap((st) => startingIn(facts.amounts, st.head.start, st.tail.end))
        .find((a) => INVESTMENT.has(a.kind) && !used.has(a) && new RegExp(`${phase}期[^，,。；;]{0,4}$`, 'u').test(text.slice(Math.max(0, a.start - 8), a.start)))
    : undefined;
  if (listed && !used.has(listed)) amount = listed;
  else if (phased) amount = phased;
  else for (const st of stretches) if ((amount ??= scopeAmount(text, facts, st, used))) break;
  // 该项目计划投资3亿元: a plan in its own stretch is its amount when nothing else is (not a year's plan).
  amount ??= startingIn(facts.amounts, scope.head.start, scope.tail.end).find(
    (a) => a.kind === 'planned_investment' && !used.has(a) && inside(a, { start: scope.head.start, end: scope.tail.end }) && !/年度|全年|今年|年内/u.test(text.slice(Math.max(0, a.start - 8), a.start)),
  );
  if (amount) used.add(amount);
  // Its investors: the companies of its stretches (甲公司投资…建设A项目, A项目由乙公司投资建设).
  const spans = stretches.map((st) => ({ start: st.head.start, end: st.tail.end }));
  const companies = spans.flatMap((sp) => startingIn(index.companies, sp.start, sp.end).filter((m) => m.end <= sp.end).map((m) => m.name));
  // A park in its name (吉首经开区仓储项目), else one in its sentence.
  // (A park is a fact at its first mention only: with few parks, also one named earlier.)
  const park =
    startingIn(index.parks, at.start, at.end).find((p) => inside(p, at)) ??
    (index.parks.length <= MANY_NAMES ? index.parks.find((p) => name.includes(p.name)) : undefined) ??
    startingIn(index.parks, scope.sentence.start, scope.sentence.end).find((p) => inside(p, scope.sentence));
  const read = mentions.map((m) => scopeStage(text, m, m === scope ? at : { start: m.head.end, end: m.tail.start }));
  const own = read.find((r) => r.stage !== null)?.stage ?? null;
  const future = uniq(read.flatMap((r) => r.future)) as Stage[];
  const plannedOnly = read.some((r) => r.plannedOnly);
  // Its own words first; then its batch's stage; a project only planned or only expected is planned
  // (拟投资建设, 预计明年投产); else the article's one stage.
  // A stage the project's own words expect only later (预计明年建成投产 in a completion article,
  // 拟于明年开工, 计划年内签约) is one it has not reached: neither its batch's nor the article's.
  const reached = (s: Stage | null | undefined) => (s && !future.some((f) => f !== 'planned' && STAGE_ORDER[f] <= STAGE_ORDER[s]) ? s : null);
  const stage =
    own ??
    (plannedOnly ? 'planned' : null) ??
    listHeaderStage(text, at) ??
    reached(parent?.stage) ??
    (future.length ? 'planned' : null) ??
    reached(SINGLE_STAGES.has(facts.stage) ? (facts.stage as Stage) : null);
  const named = scopeRegion(index, scope);
  const place = named && input.placeOfCode ? input.placeOfCode(named) : (input.placeOf?.(name) ?? null);
  return {
    key: `n:${place?.placeKey ?? input.placeKey}:${projectKeyName(name)}`,
    ...(place ? { regionCode: place.regionCode } : {}),
    kind: 'single',
    parentKey: parent?.key ?? null,
    name,
    stage,
    future,
    count: null,
    amountYuan: amount?.valueYuan ?? null,
    approx: amount?.approx ?? false,
    park: park?.name ?? parent?.park ?? null,
    sectors: ownSectors(text, index, mentions, at),
    companies: uniq(companies),
    evidence: { start: at.start, end: at.end },
    amountEvidence: amount ? { start: amount.start, end: amount.end } : null,
  };
}

/**
 * The projects an article reports: its batch (七个重点项目 总投资20.4亿元), each named project, and
 * each company's stated investment without a project name (嘉泰鞋业投资2亿元 → 嘉泰鞋业项目). A
 * single-stage article about one unnamed project with a total is that project, named by its title.
 */
export function buildProjects(original: BuildInput): ProjectDraft[] {
  // An article its named projects make mixed (one signed, one started) is drafted under the stage
  // its words and counts give: that is its batch's, and the stage of a project that names none.
  const stage = draftingStage(original.facts);
  const input = stage === original.facts.stage ? original : { ...original, facts: { ...original.facts, stage } };
  const { facts } = input;
  const used = new Set<AmountFact>();
  let group = batch(input, used);
  const out: ProjectDraft[] = group ? [group] : [];
  const seen = new Set<string>();
  const add = (d: ProjectDraft) => {
    if (seen.has(d.key) || d.key === group?.key) return;
    seen.add(d.key);
    out.push(d);
  };
  // In a report or an article of no single stage, a named project counts only with a stage of its own
  // (…补水工程竣工), not every …中心 or …工程 a report lists as a goal.
  const ownStageOnly = !SINGLE_STAGES.has(facts.stage);
  // (In news of several stages, not a report, a stage word anywhere in the project's sentence will do:
  // 与某区签订投资协议，将在东部新区建设A工厂.)
  const report = isReportTitle(titleOf(input.text));
  const named = facts.projects
    .filter((p) => {
      if (!ownStageOnly || stageAround(input.text, p.start, p.end) !== null || listHeaderStage(input.text, p) !== null) return true;
      // A、B等一批重大项目建成投产: the stage at the end of the list the name opens.
      const rest = clauseEnd(input.text, p.end, 60, FUTURE_BREAK_CODES);
      if (stageWords(input.text, p.end, rest).some((w) => !w.future)) return true;
      if (report || facts.stage !== 'mixed') return false;
      const sentence = sentenceAt(input.text, p.start);
      return stageWords(input.text, sentence.start, sentence.end).some((w) => !w.future);
    })
    // News names dozens of projects at most; past this a text is a dump, and its first ones are kept.
    .slice(0, MAX_PROJECTS);
  const scoped = scopes(input.text, named);
  const index = mentionIndex(input.text, facts);
  // Amounts are taken in order of the names, so a list's amounts go one to each.
  for (const p of named) {
    const scope = scoped.get(p);
    if (scope) add(single(input, index, p.name, p, scope, group, used));
  }
  // 正邦电器项目将租用…: a company's name (or a form of it) + 项目, when that company's named project
  // is in the text, is a later word about that project, not another one.
  // (四川时代技改项目 after 四川时代…动力电池产线技改扩能项目: the words after the company's name are in the project's.)
  const gains = new Map<ProjectDraft, AmountFact>();
  const kept = out.filter((d) => {
    if (d.kind !== 'single' || !d.key.startsWith('n:')) return true;
    const core = { start: d.evidence.start, end: d.evidence.end - 2 };
    const company = startingIn(index.companies, core.start, core.end).find((c) => c.start === core.start && c.end <= core.end);
    if (company) {
      const rest = input.text.slice(company.end, core.end);
      return !out.some((o) => o !== d && o.kind === 'single' && o.companies.includes(company.name) && o.name.includes(rest));
    }
    // 东信烟花项目投资4.1亿元 after 东信烟花集团有限公司年产300万箱…生产线: the 字号 of an earlier
    // project's investor + 项目 is that project; it takes the amount the earlier words lacked.
    const words = input.text.slice(core.start, core.end);
    if (words.length < 2 || !/项目$/u.test(d.name)) return true;
    const o = out.find((x) => x !== d && x.kind === 'single' && x.evidence.start < d.evidence.start && x.companies.some((c) => c.includes(words) && c !== words));
    if (!o) return true;
    const amount = d.amountEvidence && o.amountEvidence === null ? facts.amounts.find((a) => a.start === d.amountEvidence?.start && a.end === d.amountEvidence.end) : undefined;
    if (amount) gains.set(o, amount);
    return false;
  });
  // (Applied after the filter, which has already copied the earlier project.)
  out.splice(0, out.length, ...kept.map((d) => { const a = gains.get(d); return a ? withAmount(d, a) : d; }));
  // Company investments the named projects did not take, named after the sentence's first company
  // (德雅集团联合浦泰公司投资… is 德雅集团's).
  // (某公司签约投资1.2亿元: a contract a company signed is its own investment too.)
  for (const a of facts.amounts) {
    if ((a.kind !== 'project_investment' && a.kind !== 'contract_investment') || used.has(a)) continue;
    const sentence = sentenceAt(input.text, a.start);
    const named = mentionsIn(index, sentence.start, a.start).some((m) => m.end <= a.start);
    // 该基地由甲公司与乙公司合资建设，总投资六亿元: the sentence is about a project already named.
    // (Also 投资金额：项目计划总投资…: a clause of its own that opens with 项目.)
    const clause = clauseStart(input.text, a.start, a.start - sentence.start, FUTURE_BREAK_CODES);
    if (named || (out.some((d) => d.kind === 'single') && (ANAPHORA_RE.test(input.text.slice(sentence.start, a.start)) || ANAPHORA_RE.test(input.text.slice(clause, a.start))))) continue;
    const company = startingIn(index.companies, sentence.start, a.start).find((c) => c.end <= a.start && !overlaps(c, a));
    if (!company) continue;
    const scope: Scope = { head: { start: sentence.start, end: company.start }, tail: { start: company.end, end: sentence.end }, sentence };
    add(single(input, index, `${company.name}项目`, company, scope, group, used));
  }
  // A batch whose total is not in its count's sentence: the nearest amount no project
  // (named, or a company's own) took.
  if (group && group.amountYuan === null) {
    const amount = batchAmount(input, group.evidence, used, false);
    if (amount) {
      used.add(amount);
      group = withAmount(group, amount);
      out[0] = group;
    }
  }
  const headline = facts.amounts.find((a) => a.kind === 'total_investment' && !used.has(a));
  if (out.length === 0 && headline && SINGLE_STAGES.has(facts.stage) && facts.stage !== 'planned') {
    const name = titleName(input.text);
    if (name) {
      used.add(headline);
      out.push({
        key: `a:${input.articleId}`,
        kind: 'single',
        parentKey: null,
        name,
        stage: facts.stage as Stage,
        count: null,
        amountYuan: headline.valueYuan,
        approx: headline.approx,
        park: facts.parks[0]?.name ?? null,
        sectors: uniq(facts.sectors.map((s) => s.id)).slice(0, 8),
        companies: uniq(facts.companies.map((c) => c.name)),
        // The title is not marked on the article page; the amount it is about is.
        evidence: { start: headline.start, end: headline.end },
        amountEvidence: { start: headline.start, end: headline.end },
      });
    }
  }
  return out;
}

/**
 * What the project database stores for one article: its drafts, each placed — in the county its
 * own clause or name gives, else in the article's place (`regionCode`).
 */
export function articleDrafts(gz: Gazetteer, input: { articleId: number; text: string; facts: Facts; regionCode: string }): (ProjectDraft & { readonly regionCode: string })[] {
  const { regionCode } = input;
  const [l1, l2] = gz.path(regionCode);
  const articlePath = gz.path(regionCode);
  // A place the project's own name gives, unless the article's place is already as precise.
  // A name opening with a county's short form (吉首经开区…, 桃源…) is placed there too: in running
  // text two-character short forms are too often ordinary words, at the head of a name they are not.
  const placeOf = (name: string) => {
    const found =
      gz
        .mentions(name)
        .map((m) => m.region)
        .filter((r) => r.level !== 'province')
        .sort((a, b) => (a.level === b.level ? 0 : a.level === 'county' ? -1 : 1))[0] ??
      [3, 2].map((n) => gz.lookup(name.slice(0, n))).find((r) => r !== undefined && r.level !== 'province');
    if (!found || articlePath.includes(found.code)) return null;
    const [p1, p2] = gz.path(found.code);
    return { placeKey: p2 ?? p1, regionCode: found.code };
  };
  // A division named in the project's own text: a county in the article's place, or elsewhere.
  const placeOfCode = (code: string) => {
    if (!gz.get(code) || code === regionCode || gz.isWithin(regionCode, code)) return null;
    const [p1, p2] = gz.path(code);
    return { placeKey: p2 ?? p1, regionCode: code };
  };
  const drafts = buildProjects({ articleId: input.articleId, text: input.text, facts: input.facts, placeKey: l2 ?? l1, placeOf, placeOfCode });
  return drafts.map((d) => ({ ...d, regionCode: d.regionCode ?? regionCode }));
}
