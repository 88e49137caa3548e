// Named projects: 吉怀高速公路金坪(联合)互通项目, 湘西500千伏变电工程, 研发中心暨三期工程,
// 高铁新城二期路网, and the project-like phrases written next to them (大湘西物流园与…仓储项目)
// or after an investor (德雅集团投资的…产业园). Not projects: generic heads (该项目, 重点项目,
// 九大重点项目) and classes (169个年度污染防治项目, 等百亿级项目, 列入省重点项目).
import { type Candidate, dropOverlaps, genericWordCount, isCjk, mergeNames, PROJECT_CHAR, windowStart } from './names.js';
import { clauseStart, FUTURE_BREAK_CODES } from './counts.js';
import {
  AFTER_NAME_RE,
  CLASS_WORDS,
  CLASS_WORDS_MAX,
  CLASS_INTRO,
  CLASS_TAIL_RE,
  CONJ,
  COORD_HEAD_RE,
  COUNT_AFTER_RE,
  COUNT_IN_NAME_RE,
  FORWARD_HEAD_RE,
  FORWARD_WINDOW,
  type GenericWords,
  INVEST_RE,
  INVESTOR_ENDS,
  CLAUSE_INVEST_RE,
  INVEST_CLAUSE_RE,
  INVEST_SUBJECT_RE,
  INVEST_SUBJECT_REACH,
  JOIN_WINDOW,
  PROGRAMME_RE,
  PROJECT_INTRO_RE,
  PROJECT_SUFFIX_RE,
  BUILT_HEAD_WORDS,
  BUILT_TAIL_RE,
  PROJECT_TAIL_RE,
  PROJECT_WINDOW,
  SINGLE_COUNT_RE,
  STAGE_AFTER_RE,
  STAGE_BEFORE_RE,
  WORD_INTERNAL_DENG,
  WORD_INTERNAL_XIANG,
  NAME_FINAL_WORKS,
} from './project-words.js';
import { KeywordMatcher } from './keywords.js';
import type { NamedFact, Span } from './types.js';

const PROJECT_TAIL_RE_END = /(?:项目|工程)$/u;
/** Names read per text, at most: news names dozens; a megabyte of names is a dump, read as far as this. */
const MAX_CANDIDATES = 5000;
const ROAD_END_RE = /(?:公路|铁路|高速|快速路|大道|通道|航道)(?:[（(][\u4e00-\u9fff]{1,6}[）)])?(?:项目|工程)?$/u;
const PHASE_END_RE = /(?:[（(][一二三四五六七八九十]期[）)]|[一二三四五六七八九十]期)$/u;
const LIST_NUMBER_RE = /^(?:[（(](?:\d{1,2}|[一二三四五六七八九十]{1,3})[）)]|[①-⑳]|\d{1,2}[.．、])/u;
const YEARLY_QUANTITY_RE = /年(?:产|加工|处理|生产)[\d.零一二两三四五六七八九十百千万亿]+/u;

/** Where the name starts inside [from, to): after the last intro word or count outside brackets. */
interface Cut {
  readonly start: number;
  /** The word the window was cut after ('' when nothing cut it). */
  readonly word: string;
  readonly byCount: boolean;
  /** Where the window's last list 等 is (A、B等一批重点项目), or -1. */
  readonly listAt: number;
}

function cutWindow(text: string, from: number, to: number): Cut {
  // 提质改造 before the suffix belongs to the name: the cut is looked for in front of it only.
  const works = trailingWorks(text, from, to);
  const window = text.slice(from, works);
  // Intro words inside brackets belong to the name: 吉怀高速公路金坪(联合)互通项目.
  const depth = bracketDepths(window);
  let cut = 0;
  let word = '';
  let byCount = false;
  let listAt = -1;
  for (const re of [PROJECT_INTRO_RE, COUNT_IN_NAME_RE, AMOUNT_IN_NAME_RE, BRACKET_AMOUNT_RE]) {
    re.lastIndex = 0;
    for (let x = re.exec(window); x; x = re.exec(window)) {
      const e = x.index + x[0].length;
      if (depth[x.index] !== 0) continue;
      // 年, 月, 日 end a date (2024年, 3月18日), not a name (日发精密电子).
      if (DATE_CHAR.has(x[0]) && !DATE_DIGIT_RE.test(window[x.index - 1] ?? '')) {
        // …公司年产10万吨…项目: a name opens at 年产 (what comes before is its investor).
        if (x[0] === '年' && x.index > cut && NAME_OPENING_RE.test(window.slice(x.index, x.index + 4))) [cut, word, byCount] = [x.index, '', false];
        continue;
      }
      if (x[0] === '向' && WORD_INTERNAL_XIANG.has(window[x.index - 1] ?? '')) continue;
      // 即 of 即饮, 即食 opens a word, not a name.
      if (x[0] === '即' && /[饮食用]/u.test(window[x.index + 1] ?? '')) continue;
      // A list's 等 (A、B等项目), not the 等 of 高等 or 中等.
      if (x[0] === '等' && !WORD_INTERNAL_DENG.has(window[x.index - 1] ?? '')) listAt = from + x.index;
      if (e < cut) continue;
      if (e > cut || re === COUNT_IN_NAME_RE) [word, byCount] = [x[0], re === COUNT_IN_NAME_RE];
      cut = e;
    }
  }
  return { start: from + cut, word, byCount, listAt };
}

/** Where a run of NAME_FINAL_WORKS that ends at `to` starts (`to` when none ends there). */
function trailingWorks(text: string, from: number, to: number): number {
  let at = to;
  for (let moved = true; moved; ) {
    moved = false;
    for (const w of NAME_FINAL_WORKS) {
      if (at - w.length >= from && text.startsWith(w, at - w.length)) {
        at -= w.length;
        moved = true;
        break;
      }
    }
  }
  return at;
}

/**
 * Generic: only kinds of things (新能源项目, 先进制造业项目). But three or more kind-words ending in a
 * place that is built (农机装备产业园, 跨境电商物流园, 智能家居产业园) name one project.
 */
function makeGeneric(vocab: GenericWords): (core: string, built?: boolean) => boolean {
  const cache = new Map<string, boolean>();
  return (core, built = false) => {
    const key = built ? `b:${core}` : core;
    let g = cache.get(key);
    if (g === undefined) {
      const n = genericWordCount(core, vocab.words, vocab.max);
      g = n !== null && !(n >= 3 && BUILT_HEAD_RE.test(core.replace(/[一二三四五六七八九十]期$/u, '')));
      // A place and a class (长沙县先进制造业, 临湘产业, 澧县经开区): a class of that place's projects
      // — but a place's built thing (沅陵高新区标准厂房) is one.
      const place = g || built ? 0 : (vocab.leadingPlaces?.(core) ?? 0);
      if (place > 0) {
        const rest = core.slice(place);
        const kinds = vocab.kinds ? genericWordCount(rest, vocab.kinds, vocab.kindsMax ?? 1) : null;
        // (Not a place's built thing: 湘乡市农产品加工物流园.)
        g = genericWordCount(rest, CLASS_WORDS, CLASS_WORDS_MAX) !== null || (kinds !== null && kinds <= 2 && !BUILT_HEAD_RE.test(rest));
      }
      cache.set(key, g);
    }
    return g;
  };
}

/**
 * Words that name what any plant does: with a kind of product they make a name (电子元器件生产基地),
 * alone they do not (公司的生产车间).
 */
const ACTIVITY_ALONE_RE = /^(?:生产|加工|制造|组装|装配|办公|仓储|配套|研发|综合)$/u;

/** A name's own words (brackets dropped) say something: two or more characters, not only generic words. */
function properCore(prefix: string, generic: (core: string, built?: boolean) => boolean, built = false): boolean {
  const core = prefix.replace(/[()（）]/gu, '');
  return core.length >= 2 && !COUNT_OPENING_RE.test(core) && !ACTIVITY_ALONE_RE.test(core) && !generic(core, built) && !CLASS_TAIL_RE.test(core) && balanced(prefix);
}

/**
 * The project-like phrases coordinated in front of position `sep` (A与B项目, A、B与C项目,
 * A、B等项目), the project after it ending at `after`: walking back item by item, each must end
 * in a project's head (园, 路网, 基地 …).
 */
function coordinated(text: string, sep: number, after: number, floor: number, generic: (core: string) => boolean, out: Candidate[]): void {
  const items: Candidate[] = [];
  let at = sep;
  for (let k = 0; k < 8; k++) {
    const { from, truncated } = windowStart(text, at, PROJECT_WINDOW, floor, PROJECT_CHAR);
    const c = cutWindow(text, from, at);
    if ((truncated && c.start === from) || c.byCount) break;
    const name = text.slice(c.start, at);
    const head = COORD_HEAD_RE.exec(name);
    // 年产6万吨改性塑料、…等项目: a name that opens with 年产 and a quantity needs no head.
    const yearly = !head && YEARLY_QUANTITY_RE.exec(name)?.index === 0;
    // (The head is judged with its words: 新能源商用车动力总成产业园 is three kinds and a place built.)
    if (yearly ? !properCore(name, generic) : !head || !properCore(name.slice(0, head.index), generic) && !properCore(name.replace(PHASE_END_RE, ''), generic)) break;
    items.push({ name, start: c.start, end: at });
    if (CONJ.has(c.word)) at = c.start - c.word.length;
    else if (c.start === from && text[from - 1] === '、') at = from - 1;
    else break;
  }
  if (items.length === 0) return;
  const first = items[items.length - 1] as Candidate;
  // Only where the sentence starts, builds or signs them: …项目的启动, 开工建设A与B项目, A、B等一批项目建成投产.
  const classAfter = /^等[^，,。；;]{0,8}?(?:项目|工程)/u.exec(text.slice(after, after + 12));
  STAGE_AFTER_RE.lastIndex = after + (classAfter ? classAfter[0].length : 0);
  if (STAGE_AFTER_RE.test(text) || STAGE_BEFORE_RE.test(text.slice(Math.max(0, first.start - 4), first.start))) out.push(...items);
}

/**
 * The matches of several global regexes merged, leftmost first (the earlier regex at the same
 * position), without overlaps — as one alternation of them would give, each scanned once. `at` is
 * where the next match may start.
 */
interface SuffixMatch {
  readonly index: number;
  readonly 0: string;
  readonly groups?: Readonly<Record<string, string | undefined>> | undefined;
}

class Matches {
  at = 0;
  private readonly re: RegExp;
  private found: RegExpExecArray | null | undefined;
  private k = 0;

  /** A global regex's matches and a list found beforehand (sorted, not overlapping), merged. */
  constructor(
    private readonly text: string,
    re: RegExp,
    private readonly list: readonly SuffixMatch[],
  ) {
    this.re = new RegExp(re.source, 'gu');
  }

  next(): SuffixMatch | null {
    if (this.found === undefined || (this.found !== null && this.found.index < this.at)) {
      this.re.lastIndex = this.at;
      this.found = this.re.exec(this.text);
    }
    while (this.k < this.list.length && (this.list[this.k] as SuffixMatch).index < this.at) this.k++;
    const a = this.found;
    const b = this.list[this.k];
    const best = a && (!b || a.index <= b.index) ? a : (b ?? null);
    if (best) this.at = best.index + best[0].length;
    return best;
  }
}

const STAGE_BEFORE_BUILT_RE = /(?:建成|投产|竣工|开工|动工|签约|落户|引进|运营|投运)[^，。；、,;：:\n的]{0,4}的[^，。；、,;：:\n]{2,18}$/u;
/** A built head's phase, if any (matches the empty string otherwise). */
const PHASE_TAIL_RE = /(?:[（(][一二三四五六七八九十]期[）)]|[一二三四五六七八九十]期)?(?=[，,。；;、]|$)/y;
const BUILT_HEADS_MATCHER = new KeywordMatcher<string>(BUILT_HEAD_WORDS.map((w) => [w, w] as const));

/** 智能小家电生产基地正式投产: each built thing's head with its phase, where its stage or investment follows. */
function builtNames(text: string): SuffixMatch[] {
  const out: SuffixMatch[] = [];
  for (const hit of BUILT_HEADS_MATCHER.scan(text)) {
    BUILT_TAIL_RE.lastIndex = hit.end;
    let tail = BUILT_TAIL_RE.exec(text);
    // 去年建成的碾米机智能生产线，今年已全面达产: its stage before it, with 的, in its clause.
    if (!tail && STAGE_BEFORE_BUILT_RE.test(text.slice(Math.max(0, hit.start - 24), hit.start))) {
      PHASE_TAIL_RE.lastIndex = hit.end;
      tail = PHASE_TAIL_RE.exec(text);
    }
    if (!tail) continue;
    const head = text.slice(hit.start, hit.end + tail[0].length);
    out.push({ index: hit.start, 0: head, groups: { head } });
  }
  return out;
}

/** Named projects (…项目, …工程, …中心, A暨B工程), once per name, at the first mention. */
export function extractProjects(text: string, vocab: GenericWords): NamedFact[] {
  const cands: Candidate[] = [];
  const generic = makeGeneric(vocab);
  let floor = 0;
  const suffixes = new Matches(text, PROJECT_SUFFIX_RE, builtNames(text));
  for (let m = suffixes.next(); m && cands.length < MAX_CANDIDATES; m = suffixes.next()) {
    let end = m.index + m[0].length;
    // A暨B工程: one project with two parts (研发中心暨三期工程).
    if (text[end] === '暨') {
      const join = new RegExp(PROJECT_SUFFIX_RE.source, 'gu');
      join.lastIndex = end + 1;
      const n = join.exec(text);
      if (n && n.index - end <= JOIN_WINDOW && windowStart(text, n.index, JOIN_WINDOW, end + 1, PROJECT_CHAR).from === end + 1) {
        end = n.index + n[0].length;
        suffixes.at = end;
      }
    }
    const prevFloor = floor;
    const window = windowStart(text, m.index, PROJECT_WINDOW, floor, PROJECT_CHAR);
    // 某公司（以下简称“某某”）退役动力电池…项目: a bracket closing before the window opens no name.
    let from = window.from;
    while (from < m.index && (text[from] === '）' || text[from] === ')')) from++;
    const truncated = window.truncated;
    floor = end;
    if (m.index - from < 2) continue; // no room for a name
    const c = cutWindow(text, from, m.index);
    if (truncated && c.start === from) continue;
    let start = c.start;
    let word = c.word;
    // 玉林至湛江高速公路（玉林段）: a road's 至 joins its two ends inside the name.
    if (word === '至' && ROAD_END_RE.test(text.slice(start, m.index + m[0].length))) {
      const back = cutWindow(text, from, start - 1);
      if (start - 1 - back.start >= 2) [start, word] = [back.start, back.word];
    }
    // 产业转移承接园标准厂房, 乐至站站前综合开发项目: a cut that leaves a name opening with a place's
    // or park's last character (园, 站, 区 …) cut inside a name; the cut before it is taken.
    if (word.length > 0 && start - word.length > from && NAME_NEVER_OPENS.has(text[start] ?? '')) {
      const back = cutWindow(text, from, start - word.length);
      [start, word] = [back.start, back.word];
    }
    // 惠科Mini LED背光模组项目: a Latin word and a space before a Latin-opening name are part of it.
    // (Each of these looks first for the one character it needs: they run for every candidate.)
    if (text.charCodeAt(start - 1) === 0x20) {
      const latin = /[A-Za-z]{2,12} $/u.exec(text.slice(Math.max(0, start - 13), start));
      if (latin && /[A-Za-z]/u.test(text[start] ?? '')) start -= latin[0].length;
    }
    // 贵港一电动车整车项目, 辰溪一新型建材项目: 一 after the place is "a", not the name's.
    const name0 = text.slice(start, m.index);
    if (name0.includes('一')) {
      const placeLen = vocab.leadingPlaces?.(name0) ?? 0;
      if (placeLen > 0 && text[start + placeLen] === '一' && !/[期号批个座条家项季年月]/u.test(text[start + placeLen + 1] ?? '') && m.index - (start + placeLen + 1) >= 3) start += placeLen + 1;
    }
    // 某公司（以下简称楚天电缆）广东江门生产基地: the short name's bracket ends the investor, not the name's start.
    const aliasAt = name0.includes('简称') ? text.slice(start, m.index).lastIndexOf('以下简称') : -1;
    const alias = aliasAt < 0 ? -1 : start + aliasAt;
    if (alias >= start) {
      const close = text.slice(alias, m.index).search(/[）)]/u);
      if (close >= 0 && m.index - (alias + close + 1) >= 2) start = alias + close + 1;
    }
    // （1）汽车用超高强钢深加工项目, ②…: a list's number is not part of the name.
    const numbered = LIST_NUMBER_RE.exec(text.slice(start, m.index));
    if (numbered) start += numbered[0].length;
    // 公司硬质合金棒材生产线: "the company" in front is not part of the name (nor the legal form of one
    // the window cut into: …集团股份有限公司青藤碱原料药扩产项目).
    const firm = /^(?:该公司|集团股份有限公司|集团有限公司|股份有限公司|有限责任公司|有限公司|公司)/u.exec(text.slice(start, m.index));
    if (firm && m.index - start - firm[0].length >= 2) start += firm[0].length;
    // 开工项目中先进制造业项目占比…: the 中 of 项目中 opens no name.
    if (start === prevFloor && start > 0 && text[start] === '中' && PROJECT_TAIL_RE_END.test(text.slice(Math.max(0, start - 2), start))) [start, word] = [start + 1, '中'];
    ({ start, word } = widenStart(text, from, start, word, generic));
    // (Widening may reach back over the list's number again: 4.中药材初加工及仓储中心项目.)
    if (!isCjk(text.charCodeAt(start))) {
      const renumbered = LIST_NUMBER_RE.exec(text.slice(start, m.index));
      if (renumbered) start += renumbered[0].length;
    }
    // 年产500万克拉培育钻石项目: a name that opens with 年产 and a quantity is whole, whatever
    // intro word (培育, 利用) stands inside it.
    const opening = YEARLY_QUANTITY_RE.exec(text.slice(from, start));
    if (opening && word !== '等' && !CONJ.has(word)) [start, word] = [from + opening.index, ''];
    // 娄星区年产20万吨精密钢管项目: a place or park in front of 年产… is where it is, not its name.
    const at = text.slice(start, m.index).search(/年(?:产|加工|处理|屠宰|出栏|存栏|生产)/u);
    if (at > 0) start += at;
    // 湖南中南冷链物流有限公司城陵矶冷链物流中心项目: the investor is not part of the project's name.
    const company = COMPANY_PREFIX_RE.exec(text.slice(start, m.index));
    if (company && m.index - (start + company[0].length) >= 2) start += company[0].length;
    end = phaseAfter(text, end);
    const name = text.slice(start, end);
    // A class, not a name: after a list's 等 or 列入, behind a plural count, before a count.
    const listed = word === '等' && c.listAt === start - 1;
    const isClass =
      listed || CLASS_INTRO.has(word) || (c.byCount && !SINGLE_COUNT_RE.test(word)) || countAfter(text, end) || PROGRAMME_RE.test(name) || NOT_A_NAME_RE.test(name) || VERB_IN_NAME_RE.test(name) || PERIOD_IN_NAME_RE.test(name);
    const headed = m.groups?.['head'] !== undefined;
    const built = headed || m[0].startsWith('中心');
    // 电子信息产业园二期, 园区标准厂房（三期）: a park's or built thing's phase is one project, whatever
    // kinds of words name it.
    const phased = m.groups?.['phased'] !== undefined || (headed && /期[）)]?$/u.test(m[0]));
    // 湖南某电子有限公司电子元器件扩产项目: kind-words right after their investor's name are that
    // company's one project.
    const owned = company !== null && m.index - start >= 3 && balanced(text.slice(start, m.index)) && !COUNT_OPENING_RE.test(text.slice(start, m.index));
    const ok = !isClass && (phased ? text.slice(start, m.index).replace(/[()（）]/gu, '').length >= 3 && balanced(text.slice(start, m.index)) : owned || properCore(text.slice(start, headed ? m.index + m[0].length : m.index + (m[0] === '中心项目' ? 2 : 0)), generic, built));
    // 推动标准厂房三期开工: no name in front of the head — the phase inside it may still end one.
    if (!ok && headed) {
      suffixes.at = m.index + 1;
      floor = prevFloor;
      continue;
    }
    if (ok) cands.push({ name, start, end });
    // Projects coordinated in front: A与B项目 (B a name), A、B等项目 (B a class).
    if (ok && CONJ.has(word) && start === c.start) coordinated(text, start - c.word.length, end, prevFloor, generic, cands);
    else if (ok && start === from && text[from - 1] === '、') coordinated(text, from - 1, end, prevFloor, generic, cands);
    else if (!ok && c.listAt >= 0 && classAfterList(text.slice(c.listAt + 1, m.index), generic)) {
      coordinated(text, c.listAt, end, prevFloor, generic, cands);
    }
  }
  cands.push(...invested(text, generic));
  // 株洲维通利电气公司项目 and 株洲维通利电气项目 are one project.
  const once = dropOverlaps(cands).filter((c) => !isComponent(text, c.start));
  // 醴陵高端陶瓷项目 … 高端陶瓷项目: the shorter form's mentions are the fuller name's (`more`).
  const merged = foldTitleForms(text, mergeNames(once, (n) => n.replace(/(?:有限公司|公司|技术)?(?:项目|工程)$/u, '')), vocab);
  return merged.map(({ name, start, end, more }) => {
    const other = more?.filter((m) => text.slice(m.start, m.end) !== name);
    return other?.length ? { name, start, end, more: other } : { name, start, end };
  });
}

/** 第一期主要建设中药饮片生产线及药材仓储物流中心: what a project is made of, listed after 主要建设 in its clause. */
const COMPONENT_INTRO_RE = /主要建设|主要建有|建设内容|主要包括|主要包含|主要由/u;
function isComponent(text: string, start: number): boolean {
  return COMPONENT_INTRO_RE.test(text.slice(clauseStart(text, start, COMPONENT_REACH, FUTURE_BREAK_CODES), start));
}
const COMPONENT_REACH = 40;


/** Characters that end places and parks, and open no project's name. */
const NAME_NEVER_OPENS = new Set([...'园站港']);

/** A headline is at most this long (title + "\n" + body). */
const HEADLINE_MAX = 100;
const TITLE_FORM_PARK_RE = /^(?:高新技术产业开发区|经济技术开发区|高新区|经开区|开发区|工业园区|工业园|园区|新区)/u;

/**
 * A headline's short form of a name the body gives whole: 湘潭高新区一风电轴承项目 for
 * 年产1500套大兆瓦风电轴承项目, 智能仓储装备基地 for 智能仓储物流装备制造基地. Without its place, park
 * and indefinite 一, the headline's words appear in order in exactly one body name with the same
 * last character: it is that project's mention, not a project of its own.
 */
function foldTitleForms<T extends Candidate & { more?: Span[] }>(text: string, names: T[], vocab: GenericWords): T[] {
  const nl = text.indexOf('\n');
  if (nl <= 0 || nl > HEADLINE_MAX || names.length < 2) return names;
  const core = (name: string, headline: boolean): string => {
    let s = name.slice(vocab.leadingPlaces?.(name) ?? 0);
    if (headline) s = s.replace(TITLE_FORM_PARK_RE, '').replace(/^一(?![期号])/u, '');
    return s.replace(/(?:项目|工程)$/u, '');
  };
  const body = names.filter((n) => n.start > nl);
  const dropped = new Set<T>();
  for (const t of names) {
    if (t.start > nl || text.includes(t.name, nl) || t.more?.some((m) => m.start > nl)) continue;
    const short = core(t.name, true);
    if (short.length < 3) continue;
    const last = short[short.length - 1];
    const into = body.filter((b) => {
      const long = core(b.name, false);
      return long.length > short.length && long[long.length - 1] === last && isSubsequence(short, long);
    });
    if (into.length !== 1) continue;
    const b = into[0] as T;
    (b.more ??= []).push({ start: t.start, end: t.end });
    b.more.sort((x, y) => x.start - y.start);
    dropped.add(t);
  }
  // 其中，废旧锂电池回收项目总投资9.5亿元 after 年产5万吨废旧锂电池综合回收利用项目: a clause that opens
  // with a short form of one name named before it speaks of that project.
  // (Each name's words once; only names within FOLD_REACH before it: a text of thousands of names
  // costs no product of them.)
  const cores = new Map<T, string>();
  const coreOf = (b: T) => {
    let c = cores.get(b);
    if (c === undefined) cores.set(b, (c = core(b.name, false)));
    return c;
  };
  for (const [ti, t] of body.entries()) {
    if (dropped.has(t) || !CLAUSE_OPENERS.has(text[t.start - 1] ?? '')) continue;
    // (Five characters in order, or four ending as the name ends.)
    const short = core(t.name, true);
    if (short.length < 4) continue;
    const last = short[short.length - 1];
    const near = [...names.filter((b) => b.start < nl), ...body.slice(Math.max(0, ti - FOLD_NAMES), ti)].filter((b) => t.start - b.start <= FOLD_REACH);
    const into = near.filter((b) => {
      if (b === t || b.start >= t.start || dropped.has(b)) return false;
      const long = coreOf(b);
      return long.length > short.length && (short.length >= 5 || long[long.length - 1] === last) && isSubsequence(short, long);
    });
    if (into.length !== 1) continue;
    const b = into[0] as T;
    (b.more ??= []).push({ start: t.start, end: t.end }, ...(t.more ?? []));
    b.more.sort((x, y) => x.start - y.start);
    dropped.add(t);
  }
  return dropped.size ? names.filter((n) => !dropped.has(n)) : names;
}
const FOLD_REACH = 1000;
const FOLD_NAMES = 20;
const CLAUSE_OPENERS = new Set([...'。；;，,\n！？!?']);

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (let j = 0; j < long.length && i < short.length; j++) if (long[j] === short[i]) i++;
  return i === short.length;
}

/**
 * The window was cut inside the name: at the 年 of 年产… or the 日 of 日用… (take the character
 * back), or at a conjunction inside one name (金银花种植及精深加工项目; not A园与B项目, which is two
 * projects). The two may follow each other (年产200万吨骨料及机制砂项目), so each is tried again.
 */
function widenStart(text: string, from: number, start: number, word: string, generic: (core: string) => boolean): { start: number; word: string } {
  for (let round = 0; round < 3; round++) {
    const before = start;
    if (word.length === 1 && NAME_OPENING_RE.test(text.slice(start - 1, start + 3))) {
      start -= 1;
      const back = cutWindow(text, from, start);
      // The word that now cuts in front, if the cut falls exactly there.
      word = back.start === start ? back.word : '';
    }
    if (CONJ.has(word) && word.length === 1) {
      const left = cutWindow(text, from, start - 1);
      const item = text.slice(left.start, start - 1);
      if (item.length >= 1 && !COORD_HEAD_RE.test(item) && !PROJECT_END_RE.test(item) && !left.byCount && !generic(item)) {
        start = left.start;
        word = left.word;
      }
    }
    if (start === before) break;
  }
  return { start, word };
}

const BUILT_HEAD_RE = /(?:园|基地|中心|城|厂|港|馆)$/u;
const DATE_CHAR = new Set(['年', '月', '日']);
const DATE_DIGIT_RE = /[0-9０-９〇零一二三四五六七八九十]/u;
/** A name may open with a quantity (200兆瓦农光互补…), not with a count (30个…, 12项…, 2条…生产线). */
const COUNT_OPENING_RE = /^\d+(?:个|项|批|家|大|余|条|座|栋|台|套|间)|^\d+$/u;

/** 年产…, 年加工…, 日用…: words a name opens with whose first character is also an intro word. */
const NAME_OPENING_RE = /^(?:年(?:产|加工|处理|屠宰|出栏|存栏|生产|吞吐|新增|可)|日(?:用|化|处理|产))/u;
/** The end of a project's name: a coordinated item that already ends like one is a project of its own. */
const PROJECT_END_RE = /(?:项目|工程|中心|基地|园区|产业园)$/u;
/** A company's name at the head of a project's (甲有限公司乙项目). */
const COMPANY_PREFIX_RE = /^(?:[\u4e00-\u9fffA-Za-z]|[（(][\u4e00-\u9fff]{2,8}[）)]){2,24}?(?:股份有限公司|有限责任公司|有限公司|集团股份公司|集团公司|集团|株式会社)(?![（(）)])/u;
/** Anaphora and classes that read like names: 上述项目, 这批项目, 第二季度重大项目, 新春重大产业项目. */
/** Verbs that are no part of a project's name (投资额占全部项目, 尚需取得项目, 负责协调项目). */
const VERB_IN_NAME_RE = /占|取得|落实|配备|协调|负责|再添|尚需|需要|涉及|属于|实现|运到|运往|送到/u;
/** Quarters and halves of a year anywhere in a name make a class (常宁市一季度重大项目). */
const PERIOD_IN_NAME_RE = /[一二三四1-4]季度|上半年|下半年|前三季度/u;
/** An amount in front (2.8亿元扩建…项目) ends the words before a name. */
const AMOUNT_IN_NAME_RE = /\d+(?:\.\d+)?[亿万]*(?:美)?元/gu;
/** A listed name's amount in brackets ends what comes before (A物流园（2.2亿元）和B项目). */
const BRACKET_AMOUNT_RE = /[（(](?:总投资|投资|计划总投资)?约?\d+(?:\.\d+)?[亿万]*(?:美|港|欧)?元[）)]/gu;
const NOT_A_NAME_RE =
  /^(?:上述|该|这批|这些|这个|这|以上|此|本批|本次|前述|所述|全部|其余|部分|其他|其它|各|每个)|^(?:第?[一二三四1-4]季度|新春|年度|今年|去年|明年|全年|上半年|下半年|一批|首批)/u;

/** （二期） after a project's name belongs to it: 三一智能装备产业园项目（一期）. */
function phaseAfter(text: string, end: number): number {
  const m = /^[（(](?:[一二三四五六七八九十]|\d{1,2})期(?:工程)?[）)]/u.exec(text.slice(end, end + 8));
  if (m) return end + m[0].length;
  // 钠离子电池项目一期在合肥投产, 生物医药创新中心二期今年3月开工: a bare phase the sentence goes on
  // about belongs to the name.
  BARE_PHASE_AFTER_RE.lastIndex = end;
  return BARE_PHASE_AFTER_RE.test(text) ? end + 2 : end;
}
const BARE_PHASE_AFTER_RE =
  /[一二三四五六七八九十]期(?=完成|已|于|在|今年|去年|将|正式|顺利|全面|开工|动工|竣工|建成|投产|投资|总投资|计划总投资|、|，|。|；|,|$)/uy;

/** 等百亿级项目, 等一批重点项目, 等项目: between a list's 等 and the suffix only counts and kinds (not 等园区的…项目). */
function classAfterList(between: string, generic: (core: string) => boolean): boolean {
  const rest = between.replace(COUNT_IN_NAME_RE, '');
  return rest === '' || generic(rest) || CLASS_TAIL_RE.test(rest);
}

function countAfter(text: string, end: number): boolean {
  COUNT_AFTER_RE.lastIndex = end;
  return COUNT_AFTER_RE.test(text);
}

/** X投资的Y产业园: the phrase after an investor's 投资的, read forward to a project's head. */
const INVESTOR_END_MATCHER = new KeywordMatcher<string>(INVESTOR_ENDS.map((w) => [w, w] as const));

function invested(text: string, generic: (core: string) => boolean): Candidate[] {
  const out: Candidate[] = [];
  // An investor's name's end, then what it invests in (sticky from there).
  const starts: number[] = [];
  for (const end of INVESTOR_END_MATCHER.scan(text)) {
    INVEST_RE.lastIndex = end.end;
    const m = INVEST_RE.exec(text);
    if (m) starts.push(end.end + m[0].length);
  }
  // ，投资22亿元建设…: a clause of its own.
  const invest = new RegExp(INVEST_CLAUSE_RE.source, 'gu');
  for (let m = invest.exec(text); m; m = invest.exec(text)) {
    if (INVEST_SUBJECT_RE.test(text.slice(Math.max(0, m.index - INVEST_SUBJECT_REACH), m.index))) starts.push(m.index + m[0].length);
  }
  const clause = new RegExp(CLAUSE_INVEST_RE.source, 'gu');
  for (let m = clause.exec(text); m; m = clause.exec(text)) starts.push(m.index + m[0].length);
  for (const start of [...new Set(starts)].sort((a, b) => a - b)) readInvested(text, start, generic, out);
  return out;
}

const JOINED_HEAD_RE = /^[及和与]$/u;
/** One global copy for the loop of readInvested (it is not re-entered) and one to test a rest with. */
const FORWARD_HEADS = new RegExp(FORWARD_HEAD_RE.source, 'gu');
const ANY_FORWARD_HEAD = new RegExp(FORWARD_HEAD_RE.source, 'u');

/** The name read forward from `from`, up to a project's head (…产业园, …生产线, …项目). */
function readInvested(text: string, from: number, generic: (core: string) => boolean, out: Candidate[]): void {
  // 公司硬质合金棒材生产线, 其在欧洲以外规模最大的精密液压件工厂: not the name's words.
  let start = from;
  const lead = /^(?:该公司|公司|其)/u.exec(text.slice(start, start + 3));
  if (lead) start += lead[0].length;
  let runEnd = start;
  while (runEnd < text.length && runEnd - start < FORWARD_WINDOW && PROJECT_CHAR(text.charCodeAt(runEnd))) runEnd++;
  const run = text.slice(start, runEnd);
  const heads = FORWARD_HEADS;
  heads.lastIndex = 0;
  for (let h = heads.exec(run); h; h = heads.exec(run)) {
    let end = start + h.index + h[0].length;
    PROJECT_TAIL_RE.lastIndex = end;
    const tail = h[0] === '项目' || h[0] === '工程' ? null : PROJECT_TAIL_RE.exec(text);
    if (tail) end += tail[0].length;
    end = phaseAfter(text, end); // 薄板加工标准厂房（三期）
    const bare = /^[一二三四五六七八九十]期/u.exec(text.slice(end, end + 2)); // 氟化工新材料生产基地一期
    if (bare && h[0] !== '项目' && h[0] !== '工程') end += bare[0].length;
    AFTER_NAME_RE.lastIndex = end;
    // …项目主体厂房已封顶: a name ends at its 项目, whatever part of it the sentence goes on about.
    const boundary = end >= runEnd || AFTER_NAME_RE.test(text) || h[0] === '项目' || h[0] === '工程' || tail !== null;
    if (!boundary) continue;
    // 中央厨房及烘焙食品工厂, 研发中心及中试线: two heads joined by 及 name one thing.
    if (end < runEnd && JOINED_HEAD_RE.test(text[end] ?? '') && ANY_FORWARD_HEAD.test(text.slice(end + 1, runEnd))) continue;
    // …规模最大的精密液压件工厂: the name is what follows the last 的.
    const de = run.lastIndexOf('的', h.index);
    const s = de >= 0 ? start + de + 1 : start;
    // 投资6亿港元，建设智能仓储物流装备制造基地: after an investment, kind-words (four characters or
    // more) before a built thing's head name it.
    const core = text.slice(s, start + h.index);
    // (投资4.5亿元的数控机床制造项目: kind-words after an investor's own investment name its project too.)
    const built = (h[0] !== '项目' && h[0] !== '工程' && h[0] !== '中心' ? core.length >= 4 : core.length >= 4 && /的$/u.test(text.slice(Math.max(0, from - 1), from))) && !ACTIVITY_ALONE_RE.test(core) && balanced(core);
    if (h.index - (s - start) >= 2 && (built || properCore(core, generic))) out.push({ name: text.slice(s, end), start: s, end });
    break;
  }
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
