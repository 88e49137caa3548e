// The extractor as one object: built once from the lexicons (lexicons.ts), then asked about any
// number of texts. Text in, facts out — where, how much, which stage, which sectors, companies,
// parks and projects, each with the span of the text it came from. Pure: no database, no HTTP,
// no file reads.
import type { Gazetteer, Region } from '../regions/gazetteer.js';
import { tagPlaceName } from '../regions/resolve.js';
import { extractAmounts } from './amounts.js';
import { CompanyFinder } from './companies.js';
import { extractProjectCounts, scoreArticleStage, titleOf } from './counts.js';
import type { Lexicons } from './lexicons.js';
import { PlaceNames } from './names.js';
import { ParkFinder } from './parks.js';
import { PlaceFinder } from './places.js';
import { genericProjectWords, type GenericWords } from './project-words.js';
import { extractProjects } from './projects.js';
import { SectorLexicon } from './sectors.js';
import type { AmountFact, Facts, NamedFact, ParkFact, ProjectCountFact, SectorFact } from './types.js';

/** Bumped whenever a change alters what is extracted: stored facts carry it, and a start with a newer one re-reads every article. */
export const EXTRACTOR_VERSION = 5;

export interface ExtractOptions {
  /** The listing's region tag: 【桃源县招商】 or 桃源县招商. */
  readonly tag?: string | null | undefined;
  /** Dollar → yuan rate as a decimal string; without it dollar amounts have valueYuan null. */
  readonly usdRate?: string | undefined;
}

/** 【桃源县招商】 → 桃源县. */
function tagPlace(tag: string | null | undefined): string | null {
  const t = tag?.replace(/^[【[]|[】\]]$/gu, '').trim();
  return t ? tagPlaceName(t) : null;
}

/**
 * An amount is counted once: the same value of the same kind again (a headline repeating the body,
 * a summary repeating a paragraph) is one fact, kept where the body first states it.
 */
export function onceEach(amounts: readonly AmountFact[], bodyStart: number): AmountFact[] {
  const key = (a: AmountFact) => `${a.currency}:${a.value}:${a.kind}`;
  const inBody = new Map<string, AmountFact>();
  for (const a of amounts) if (a.start >= bodyStart && !inBody.has(key(a))) inBody.set(key(a), a);
  const seen = new Set<string>();
  const out: AmountFact[] = [];
  for (const a of amounts) {
    const k = key(a);
    if (seen.has(k)) continue;
    const keep = a.start < bodyStart ? (inBody.get(k) ?? a) : a;
    if (keep !== a && keep.start < a.start) continue;
    seen.add(k);
    out.push(keep);
  }
  return out.sort((x, y) => x.start - y.start);
}

const ANAPHORA_INVESTMENT_RE = /(?:^|[，,。；;\n：:])(?:该|本|此)?项目(?:计划总投资额?|总投资额?|投资总额|投资额|投资)(?:为|约|达|近|超|逾)?[约近超逾]?$/u;
const FIELD_BEFORE_RE = /(?:^|[；;\n])\s*(?:计划)?(?:总投资|投资额|投资金额|投资总额)[：:]\s*[约近超逾]?$/u;
const OWN_REACH = 30;
/** How far back a record's first field (项目名称：…) may stand from its 总投资：. */
const FIELD_REACH = 300;
const INVEST_BEFORE_RE = /(?:投资|出资|投入)[约近超逾]?$/u;
const BUILDS_RE = /建设|兴建|新建|打造|投建|实施/u;
const BUILDS_WINDOW = 24;
/** Between a project's name and its amount, only the investment words: 年产…项目总投资4.6亿元. */
// (Also after one short clause of its own: …物流园，总投资4.2亿元; …项目去年5月开工、今年8月竣工，总投资5.5亿元.)
const OWN_INVESTMENT_RE = /^(?:[（(][^）)]{0,12}[）)])?(?:[^，,。；;！？!?]{0,16}[，,])?(?:计划)?(?:总投资额?|投资总额|投资额|投资)(?:为|约|达|近|超|逾)?$/u;

/**
 * An amount stated right after a project's name (…项目总投资4.6亿元, …项目投资额为三千万元) is that
 * project's investment, whatever a wider look at the sentence made of it (a batch's total, a
 * macro figure).
 */
/** How far back 项目总投资… looks for the project it is about. */
const ANAPHORA_REACH = 160;

function namedJustBefore(text: string, at: number, projects: readonly NamedFact[], counts: readonly ProjectCountFact[]): boolean {
  const last = projects.filter((p) => p.end <= at).pop();
  if (!last || at - last.end > ANAPHORA_REACH) return false;
  if (counts.some((c) => c.start >= last.end && c.start < at)) return false;
  // At most one sentence break between the name and the sum.
  let breaks = 0;
  for (let k = last.end; k < at; k++) if ('。！？!?'.includes(text[k] as string)) breaks++;
  return breaks <= 1;
}

function ownInvestments(text: string, amounts: readonly AmountFact[], projects: readonly NamedFact[], counts: readonly ProjectCountFact[]): AmountFact[] {
  if (projects.length === 0) return [...amounts];
  // An article of one project and no count of projects: 项目总投资…, 该项目投资… at a clause's head is its.
  const oneProject = projects.length === 1 && counts.length === 0;
  return amounts.map((a) => {
    if (a.kind === 'project_investment' || a.kind === 'threshold') return a;
    // 计划投资2亿元建设…: a year's or a plan's figure stays one (the corpus guide's rule), though it is the project's.
    if (a.kind === 'planned_investment' && /计划(?:总?投资|投入)[约近超逾]?$/u.test(text.slice(Math.max(0, a.start - 8), a.start))) return a;
    // (Or the project named last, in this sentence or the one before, with no count between.)
    if (ANAPHORA_INVESTMENT_RE.test(text.slice(Math.max(0, a.start - 12), a.start)) && (oneProject || namedJustBefore(text, a.start, projects, counts))) {
      return { ...a, kind: 'project_investment' as const };
    }
    // 项目名称：A项目；投资方：某公司；总投资：8.6亿元: a record's investment field is its project's.
    if (FIELD_BEFORE_RE.test(text.slice(Math.max(0, a.start - 10), a.start))) {
      // (Looked for within a record's reach: a text without line breaks costs no scan back to its start.)
      const from = Math.max(0, a.start - FIELD_REACH);
      const line = from + Math.max(text.slice(from, a.start).lastIndexOf('\n'), 0);
      if (projects.some((p) => p.start >= line && p.end <= a.start)) return { ...a, kind: 'project_investment' as const };
    }
    // 投资5亿元建设的工业互联网平台项目, 拟投资15亿元在宜春经开区建设储能电池包项目: the project it builds.
    if (INVEST_BEFORE_RE.test(text.slice(Math.max(0, a.start - 4), a.start))) {
      const after = text.slice(a.end, a.end + BUILDS_WINDOW);
      const stop = after.search(/[，。；！？,;\n]/u);
      const clause = stop === -1 ? after : after.slice(0, stop);
      if (BUILDS_RE.test(clause) && projects.some((p) => p.start >= a.end && p.start <= a.end + clause.length)) return { ...a, kind: 'project_investment' as const };
    }
    for (let at = 0, i = 0; i < projects.length; i++) {
      const p = projects[i] as NamedFact;
      // Every mention of the name, not only its first (a headline names it, the body gives the sum).
      for (at = text.indexOf(p.name); at !== -1 && at < a.start; at = text.indexOf(p.name, at + p.name.length)) {
        const end = at + p.name.length;
        if (a.start - end <= OWN_REACH && OWN_INVESTMENT_RE.test(text.slice(end, a.start).replace(a.text.slice(0, a.text.length - a.text.replace(/^[约近超逾]/u, '').length), ''))) {
          return { ...a, kind: 'project_investment' as const };
        }
      }
    }
    return a;
  });
}

/** Park names whose place is remembered (placeOfName), at most. */
const NAME_PLACES_MAX = 20_000;

export class Extractor {
  readonly gazetteer: Gazetteer;
  readonly sectors: SectorLexicon;
  private readonly places: PlaceFinder;
  private readonly companies: CompanyFinder;
  private readonly parks: ParkFinder;
  private readonly projectWords: GenericWords;
  private readonly namePlaces = new Map<string, string | null>();

  constructor(lex: Lexicons) {
    this.gazetteer = lex.gazetteer;
    this.sectors = new SectorLexicon(lex.sectorKeywords);
    this.places = new PlaceFinder(lex.gazetteer, lex.outsidePlaces);
    const elsewhere = [
      ...lex.outsidePlaces.provinces.flatMap((p) => [p.name, p.short]),
      ...lex.outsidePlaces.places.filter((p) => p.level === 'city').flatMap((p) => (p.short ? [p.name, p.short] : [p.name])),
    ];
    const names = new PlaceNames(lex.gazetteer.regions, elsewhere);
    this.companies = new CompanyFinder(lex.knownCompanies, names);
    this.parks = new ParkFinder(names, this.sectors);
    this.projectWords = genericProjectWords(this.sectors, (s) => {
      let i = 0;
      for (let hit = names.leadingMatcher.matchAt(s, i); hit; hit = names.leadingMatcher.matchAt(s, i)) i = s[hit.end] === '、' ? hit.end + 1 : hit.end;
      return i;
    });
  }

  extract(text: string, opts: ExtractOptions = {}): Facts {
    const title = titleOf(text);
    const tag = tagPlace(opts.tag);
    const reading = this.places.read(text, tag);
    const place = this.places.place(text, reading, tag);
    const amounts = onceEach(extractAmounts(text, { usdRate: opts.usdRate }), title ? title.length + 1 : 0);
    const projectCounts = extractProjectCounts(text);
    const companies = this.companyFacts(text);
    // 湖南 in 湖南钧恒光伏科技有限公司 is the company's name, not the text naming a place.
    // (Every mention of a company, not only its first: 湖南湘丰茶业集团 named twice is 湖南 twice in a name.)
    // (One sweep over both sorted lists: a text of many repeated names costs no product of the two.)
    const spans = companies.flatMap((c) => [{ start: c.start, end: c.end }, ...(c.more ?? [])]).sort((x, y) => x.start - y.start);
    let k = 0;
    let reach = -1;
    const named = [...reading.mentions]
      .sort((x, y) => x.start - y.start)
      .filter((m) => {
        for (; k < spans.length && (spans[k] as { start: number }).start <= m.start; k++) reach = Math.max(reach, (spans[k] as { end: number }).end);
        return !(reach >= m.end);
      });
    const projects = this.projectNames(text);
    const { stage, byWords } = scoreArticleStage(title, text, projectCounts, projects);
    return {
      place: place && this.regionFact(place, reading.mentions),
      regions: PlaceFinder.facts({ ...reading, mentions: named }),
      amounts: ownInvestments(text, amounts, projects, projectCounts),
      projectCounts,
      stage,
      ...(byWords !== stage ? { stageByWords: byWords } : {}),
      sectors: this.sectorFacts(text),
      companies,
      parks: this.parkFacts(text),
      projects,
    };
  }

  /** The region an article is about: the tag, the title and the lead's places, else the body's (null: outside Hunan or none). */
  articlePlace(input: { tag: string | null; title: string; body: string }): Region | null {
    const text = `${input.title}\n${input.body}`;
    const tag = tagPlace(input.tag);
    return this.places.place(text, this.places.read(text, tag), tag);
  }

  sectorFacts(text: string, from?: number, to?: number): SectorFact[] {
    return this.sectors.extract(text, from, to);
  }

  companyFacts(text: string): NamedFact[] {
    return this.companies.extract(text);
  }

  parkFacts(text: string): ParkFact[] {
    return this.parks.extract(text, (name) => this.placeOfName(name));
  }

  projectNames(text: string): NamedFact[] {
    return extractProjects(text, this.projectWords);
  }

  /** The division a park's name opens with; park names recur across articles, so the answers are kept (bounded). */
  private placeOfName(name: string): string | null {
    let code = this.namePlaces.get(name);
    if (code === undefined) {
      code = this.places.read(name).mentions[0]?.region.code ?? null;
      if (this.namePlaces.size >= NAME_PLACES_MAX) this.namePlaces.clear();
      this.namePlaces.set(name, code);
    }
    return code;
  }

  private regionFact(r: Region, mentions: readonly { region: Region; start: number; end: number }[]) {
    const m = mentions.find((x) => x.region.code === r.code);
    return { code: r.code, name: r.name, level: r.level, start: m ? m.start : 0, end: m ? m.end : 0 };
  }
}
