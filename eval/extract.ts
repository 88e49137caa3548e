// npm run eval:extract — scores extraction against hand-labeled text: the seed's gold facts
// (../shared/data/seed-gold.jsonl, demo content) and our own corpus (eval/corpus, README there):
// the development part, which the extractor is tuned on, and the test part, which it is not.
// Prints a table per part and writes bench/results/extract-eval.md. `--misses` lists every miss
// of the development part and the seed (never of the test part: reading those would be tuning).
import fs from 'node:fs';
import path from 'node:path';
import { parseListing } from '../src/content/listing.js';
import { Extractor, loadLexicons } from '../src/extraction/index.js';
import { LEGAL_FORMS } from '../src/extraction/company-forms.js';
import { KeywordMatcher } from '../src/extraction/keywords.js';
import { alternation } from '../src/extraction/names.js';
import type { Facts } from '../src/extraction/types.js';
import { demoDataFile, projectRoot } from '../src/paths.js';
import { articleDrafts, projectKeyName, type ProjectDraft } from '../src/projects/build.js';
import { defaultRegion } from '../src/regions/resolve.js';
import { corpusFiles, loadCorpus, type GoldAmount, type GoldProject, type Passage } from './corpus/load.js';

const lexicons = loadLexicons();
const extractor = new Extractor(lexicons);
const gz = extractor.gazetteer;
const showMisses = process.argv.includes('--misses');

class Score {
  tp = 0;
  fp = 0;
  fn = 0;
  get precision(): number {
    return this.tp + this.fp === 0 ? 1 : this.tp / (this.tp + this.fp);
  }
  get recall(): number {
    return this.tp + this.fn === 0 ? 1 : this.tp / (this.tp + this.fn);
  }
}
class Accuracy {
  right = 0;
  all = 0;
  add(ok: boolean): void {
    this.all++;
    if (ok) this.right++;
  }
  get value(): number {
    return this.all === 0 ? 1 : this.right / this.all;
  }
}

interface Report {
  readonly name: string;
  passages: number;
  readonly records: Score;
  readonly recordNames: Score;
  readonly amounts: Score;
  readonly kinds: Accuracy;
  readonly stage: Accuracy;
  readonly place: Accuracy;
  readonly regions: Score;
  readonly companies: Score;
  readonly sectors: Score;
  readonly projectRegion: Accuracy;
  readonly misses: string[];
}

function newReport(name: string): Report {
  return {
    name,
    passages: 0,
    records: new Score(),
    recordNames: new Score(),
    amounts: new Score(),
    kinds: new Accuracy(),
    stage: new Accuracy(),
    place: new Accuracy(),
    regions: new Score(),
    companies: new Score(),
    sectors: new Score(),
    projectRegion: new Accuracy(),
    misses: [],
  };
}

const goldYuan = (a: GoldAmount): string | null => (a.value_yuan !== undefined ? String(a.value_yuan) : null);
const sameCompany = (a: string, b: string) => a.includes(b) || b.includes(a);

/** Amounts: a prediction inside an occurrence of the gold's raw text with the same value. */
function scoreAmounts(r: Report, label: string, text: string, facts: Facts, labeled: readonly GoldAmount[]): void {
  const used = new Set<number>();
  // The same sum written alike in the title and in the body is one amount (writers differed).
  const gold = labeled.filter((g, i) => labeled.findIndex((h) => h.raw === g.raw && h.value_yuan === g.value_yuan && h.value === g.value) === i);
  for (const g of gold) {
    const foreign = g.currency !== undefined;
    const value = foreign ? String(g.value) : goldYuan(g);
    const spans: number[] = [];
    for (let at = text.indexOf(g.raw); at !== -1; at = text.indexOf(g.raw, at + 1)) spans.push(at);
    const i = facts.amounts.findIndex(
      (p, k) => !used.has(k) && (foreign ? p.currency === g.currency && p.value === value : p.valueYuan === value) && spans.some((at) => p.start >= at && p.end <= at + g.raw.length),
    );
    if (i === -1) {
      r.amounts.fn++;
      r.misses.push(`${label} amount missed: ${g.raw} (${g.kind ?? ''})`);
      continue;
    }
    used.add(i);
    r.amounts.tp++;
    const ok = facts.amounts[i]?.kind === g.kind;
    r.kinds.add(ok);
    if (!ok) r.misses.push(`${label} amount kind: ${g.raw} → ${facts.amounts[i]?.kind} (gold ${g.kind})`);
  }
  for (const [k, p] of facts.amounts.entries()) {
    if (used.has(k)) continue;
    r.amounts.fp++;
    r.misses.push(`${label} amount extra: ${p.text} (${p.kind})`);
  }
}

function scoreCompanies(r: Report, label: string, facts: Facts, gold: readonly string[]): void {
  const pred = facts.companies.map((c) => c.name);
  const usedP = new Set<number>();
  for (const g of gold) {
    const i = pred.findIndex((p, k) => !usedP.has(k) && sameCompany(p, g));
    if (i === -1) {
      r.companies.fn++;
      r.misses.push(`${label} company missed: ${g}`);
    } else {
      usedP.add(i);
      r.companies.tp++;
    }
  }
  for (const [k, p] of pred.entries()) {
    if (usedP.has(k)) continue;
    // A second form of a company already matched (比亚迪 beside 比亚迪股份有限公司) is no extra.
    if (gold.some((g) => sameCompany(p, g))) continue;
    r.companies.fp++;
    r.misses.push(`${label} company extra: ${p}`);
  }
}

/**
 * The place a name opens with is not part of what is compared (永定区大庸古城…项目 and 大庸古城…项目
 * are one project): the writers differed on it, and so does the news.
 */
/** Kinds of park a name may open with after its place (攸县高新区粉末冶金…项目 = 粉末冶金…项目): writers differed. */
const PARK_WORDS = ['高新技术产业开发区', '经济技术开发区', '经济开发区', '产业开发区', '工业集中区', '工业园区', '工业园', '高新区', '经开区', '开发区', '综合保税区', '综保区'];
const PARK_BEFORE_YEARLY_RE = /^[\u4e00-\u9fff]{0,10}?(?:工业园区|工业园|经开区|高新区|开发区|产业园|工业集中区|园区|片区|基地)(?=年(?:产|加工|处理))/u;
const placeWords = new KeywordMatcher<string>(
  [
    ...gz.regions.flatMap((r) => [r.name, r.short]),
    ...lexicons.outsidePlaces.provinces.flatMap((p) => [p.name, p.short]),
    ...lexicons.outsidePlaces.places.flatMap((p) => (p.short ? [p.name, p.short] : [p.name])),
    ...PARK_WORDS,
  ].map((w) => [w, w] as const),
);
function comparableName(name: string, companies: readonly string[] = []): string {
  let i = 0;
  for (let h = placeWords.matchAt(name, 0); h && h.end < name.length; h = placeWords.matchAt(name, i)) i = h.end;
  let rest = name.slice(i);
  // A park in front of a 年产… name is where it is (三封工业园年产5万吨…项目 = 年产5万吨…项目): writers differed.
  rest = rest.replace(PARK_BEFORE_YEARLY_RE, '');
  // …and so is an investor's name in front (恒跃体育鞋服智能制造产业园 = 鞋服智能制造产业园项目).
  for (const form of companies.flatMap(companyForms)) {
    if (rest.startsWith(form) && rest.length - form.length >= 4) {
      rest = rest.slice(form.length);
      break;
    }
  }
  return projectKeyName(rest);
}

/** A company's legal form at its end (集团有限公司 too: 集团 is one of them). */
const LEGAL_FORM_END_RE = new RegExp(`(?:集团)?(?:${alternation(LEGAL_FORMS)})$`, 'u');

/** A company's name as written, without its legal form, and its 字号 (without the place in front). */
function companyForms(name: string): string[] {
  const bare = name.replace(LEGAL_FORM_END_RE, '').replace(/[（(][^）)]*[）)]$/u, '');
  let i = 0;
  for (let h = placeWords.matchAt(bare, 0); h && h.end < bare.length; h = placeWords.matchAt(bare, i)) i = h.end;
  const stem = bare.slice(i);
  return [...new Set([name, bare, stem, stem.slice(0, 4)].filter((f) => f.length >= 2))].sort((a, b) => b.length - a.length);
}

/** A predicted single project against a gold one: the same name, or (no name written) the same company. */
function sameProject(d: ProjectDraft, g: GoldProject, companies: readonly string[]): boolean {
  if (g.name !== null) return comparableName(d.name, companies) === comparableName(g.name, companies);
  return d.companies.some((c) => g.companies.some((gc) => sameCompany(c, gc))) || g.companies.some((gc) => d.name.startsWith(gc));
}

/** The same amount: the same yuan; a dollar amount (no yuan without a rate) by its words in the text. */
function sameAmount(text: string, d: ProjectDraft, g: GoldProject): boolean {
  if (!g.amount) return d.amountEvidence === null;
  if (g.amount.currency !== undefined) {
    const ev = d.amountEvidence;
    return ev !== null && d.amountYuan === null && g.amount.raw.includes(text.slice(ev.start, ev.end));
  }
  return d.amountYuan === goldYuan(g.amount);
}

function scoreProjects(r: Report, label: string, text: string, drafts: readonly ProjectDraft[], gold: readonly GoldProject[], placeCode: string | null, companies: readonly string[]): void {
  const singles = drafts.filter((d) => d.kind === 'single');
  const used = new Set<number>();
  for (const g of gold) {
    const i = singles.findIndex((d, k) => !used.has(k) && sameProject(d, g, companies));
    const name = g.name ?? `(${g.companies.join('、')})`;
    if (i === -1) {
      r.records.fn++;
      r.recordNames.fn++;
      r.misses.push(`${label} project missed: ${name}`);
      continue;
    }
    used.add(i);
    const d = singles[i] as ProjectDraft & { regionCode?: string };
    r.recordNames.tp++;
    const amountOk = sameAmount(text, d, g);
    const stageOk = d.stage === g.stage;
    if (amountOk && stageOk) r.records.tp++;
    else {
      r.records.fn++;
      r.records.fp++;
      r.misses.push(`${label} project ${name}: ${amountOk ? '' : `amount ${d.amountEvidence ? text.slice(d.amountEvidence.start, d.amountEvidence.end) : null} (gold ${g.amount?.raw ?? null}) `}${stageOk ? '' : `stage ${d.stage} (gold ${g.stage})`}`);
    }
    if (g.region !== null) {
      const ok = (d.regionCode ?? placeCode) === g.region;
      r.projectRegion.add(ok);
      if (!ok) r.misses.push(`${label} project ${name}: region ${d.regionCode ?? placeCode} (gold ${g.region})`);
    }
    const want = new Set(g.sectors);
    const got = new Set(d.sectors);
    for (const s of got) {
      if (want.has(s)) r.sectors.tp++;
      else {
        r.sectors.fp++;
        r.misses.push(`${label} project ${name}: sector extra ${s}`);
      }
    }
    for (const s of want) {
      if (!got.has(s)) {
        r.sectors.fn++;
        r.misses.push(`${label} project ${name}: sector missed ${s}`);
      }
    }
  }
  for (const [k, d] of singles.entries()) {
    if (used.has(k)) continue;
    r.records.fp++;
    r.recordNames.fp++;
    r.misses.push(`${label} project extra: ${d.name} (${d.amountYuan ?? '—'}, ${d.stage ?? '—'})`);
  }
}

function scoreRegions(r: Report, label: string, facts: Facts, goldCodes: readonly string[]): void {
  const want = new Set(goldCodes);
  const got = new Set(facts.regions.map((x) => x.code));
  for (const c of got) {
    if (want.has(c)) r.regions.tp++;
    else {
      r.regions.fp++;
      r.misses.push(`${label} region extra: ${c} ${gz.get(c)?.name ?? ''}`);
    }
  }
  for (const c of want) {
    if (!got.has(c)) {
      r.regions.fn++;
      r.misses.push(`${label} region missed: ${c} ${gz.get(c)?.name ?? ''}`);
    }
  }
}

/**
 * The gold's divisions, less those named only inside a company's name (湖南 in 湖南…有限公司): the
 * writers differed on these, and a company's name is not the text naming a place.
 */
function goldRegions(p: Passage, text: string): string[] {
  const companies = [...p.companies, ...p.projects.flatMap((x) => x.companies)];
  const spans = companies.flatMap((c) => {
    const out: [number, number][] = [];
    for (let at = text.indexOf(c); at !== -1; at = text.indexOf(c, at + 1)) out.push([at, at + c.length]);
    return out;
  });
  const codes = new Set<string>();
  for (const r of p.regions) {
    for (let at = text.indexOf(r.mention); at !== -1; at = text.indexOf(r.mention, at + 1)) {
      const inCompany = spans.some(([s, e]) => at >= s && at + r.mention.length <= e && e - s > r.mention.length);
      if (!inCompany) codes.add(r.code);
    }
  }
  return [...codes];
}

function scorePassage(r: Report, p: Passage): void {
  const text = `${p.title}\n${p.body}`;
  const label = p.id;
  const facts = extractor.extract(text, { tag: p.tag });
  r.passages++;
  const stageOk = facts.stage === p.stage;
  r.stage.add(stageOk);
  if (!stageOk) r.misses.push(`${label} stage: ${facts.stage} (gold ${p.stage})`);
  const placeCode = facts.place?.code ?? null;
  const placeOk = placeCode === p.place;
  r.place.add(placeOk);
  if (!placeOk) r.misses.push(`${label} place: ${placeCode} (gold ${p.place})`);
  scoreRegions(r, label, facts, goldRegions(p, text));
  scoreAmounts(r, label, text, facts, p.amounts);
  scoreCompanies(r, label, facts, p.companies);
  const regionCode = placeCode ?? defaultRegion(gz).code;
  const drafts = articleDrafts(gz, { articleId: 1, text, facts, regionCode });
  scoreProjects(r, label, text, drafts, p.projects, placeCode, [...p.companies, ...p.projects.flatMap((x) => x.companies)]);
}

// ---------------------------------------------------------------------------------------------
// The seed: its gold lists article-level facts and, for some articles, named projects.

interface SeedGold {
  item: number;
  partial?: boolean;
  regions: { code?: string }[];
  amounts: { raw: string; value_yuan: number; kind: string }[];
  stage: string;
  companies: string[];
  projects?: string[];
}

function scoreSeed(): Report {
  const r = newReport('seed (demo content, 10 articles)');
  const sharedGold = path.join(projectRoot, '..', 'shared', 'data', 'seed-gold.jsonl');
  const goldFile = fs.existsSync(sharedGold) ? sharedGold : path.join(projectRoot, 'test', 'fixtures', 'seed-gold.jsonl');
  const gold = fs
    .readFileSync(goldFile, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as SeedGold);
  const items = parseListing(fs.readFileSync(demoDataFile, 'utf8'));
  for (const g of gold) {
    const a = items[g.item - 1];
    if (!a) continue;
    const text = `${a.title}\n${a.body}`;
    const label = `seed#${g.item}`;
    const facts = extractor.extract(text, { tag: a.tag });
    r.passages++;
    const stageOk = facts.stage === g.stage;
    r.stage.add(stageOk);
    if (!stageOk) r.misses.push(`${label} stage: ${facts.stage} (gold ${g.stage})`);
    // The seed gold names the article's place (and a park), not every division: score the place.
    const want = g.regions.map((x) => x.code).find((c): c is string => Boolean(c)) ?? null;
    const placeOk = (facts.place?.code ?? null) === want;
    r.place.add(placeOk);
    if (!placeOk) r.misses.push(`${label} place: ${facts.place?.code ?? null} (gold ${want})`);
    if (g.partial) continue; // partial records: amounts and companies listed only in part
    scoreAmounts(r, label, text, facts, g.amounts);
    scoreCompanies(r, label, facts, g.companies);
    if (g.projects) {
      const drafts = articleDrafts(gz, { articleId: 1, text, facts, regionCode: facts.place?.code ?? defaultRegion(gz).code });
      const names = drafts.filter((d) => d.kind === 'single').map((d) => projectKeyName(d.name));
      const want = [...new Set(g.projects.map(projectKeyName))];
      for (const n of want) {
        if (names.includes(n)) r.recordNames.tp++;
        else {
          r.recordNames.fn++;
          r.misses.push(`${label} project missed: ${n}`);
        }
      }
      for (const n of new Set(names)) {
        if (!want.includes(n)) {
          r.recordNames.fp++;
          r.misses.push(`${label} project extra: ${n}`);
        }
      }
    }
  }
  return r;
}

// ---------------------------------------------------------------------------------------------

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
/** '—' where a part has nothing of that kind to score (the seed gold lists no per-project amounts). */
const pr = (s: Score) => (s.tp + s.fp + s.fn === 0 ? '—' : `${pct(s.precision)} / ${pct(s.recall)} (${s.tp} right, ${s.fp} extra, ${s.fn} missed)`);
const acc = (a: Accuracy) => (a.all === 0 ? '—' : `${pct(a.value)} (${a.right}/${a.all})`);

function table(reports: readonly Report[]): string[] {
  const rows: [string, (r: Report) => string][] = [
    ['project records P / R (name, amount and stage right)', (r) => pr(r.records)],
    ['project names P / R', (r) => pr(r.recordNames)],
    ['amounts P / R', (r) => pr(r.amounts)],
    ['amount kind accuracy', (r) => acc(r.kinds)],
    ['article stage accuracy', (r) => acc(r.stage)],
    ["article's place accuracy", (r) => acc(r.place)],
    ['regions P / R (code level)', (r) => pr(r.regions)],
    ['companies P / R', (r) => pr(r.companies)],
    ['sectors per project P / R', (r) => pr(r.sectors)],
    ["project's region accuracy", (r) => acc(r.projectRegion)],
  ];
  return [
    `| measure | ${reports.map((r) => `${r.name}`).join(' | ')} |`,
    `|:--|${reports.map(() => '--:').join('|')}|`,
    ...rows.map(([name, f]) => `| ${name} | ${reports.map(f).join(' | ')} |`),
  ];
}

const corpus = loadCorpus();
const dev = newReport(`development (${corpusFiles('dev').length} files)`);
const test = newReport(`test (${corpusFiles('test').length} files)`);
// The test part by writer too: a writer whose passages joined late shows how the extractor does on
// a style nobody tuned on (eval/corpus/README.md says which joined when).
// `--writers` prints the development part by writer as well (a new writer's first score, before its
// misses are read).
const devWriters = process.argv.includes('--writers');
const byWriter = new Map<string, Report>();
const byDevWriter = new Map<string, Report>();
for (const p of corpus) {
  scorePassage(p.split === 'test' ? test : dev, p);
  if (p.split !== 'test' && !devWriters) continue;
  const writer = p.id.split('-')[1] ?? '?';
  const into = p.split === 'test' ? byWriter : byDevWriter;
  let w = into.get(writer);
  if (!w) into.set(writer, (w = newReport(`${p.split === 'test' ? 'test' : 'development'}, writer ${writer}`)));
  scorePassage(w, p);
}
const seed = scoreSeed();
const reports = [seed, dev, test].filter((r) => r.passages > 0);
const writers = [...byWriter.keys()].sort().map((k) => byWriter.get(k) as Report);
const devByWriter = [...byDevWriter.keys()].sort().map((k) => byDevWriter.get(k) as Report);
for (const r of [...reports, ...writers, ...devByWriter]) (r as { name: string }).name = `${r.name.replace(/ \(.*$/, '')} (${r.passages})`;

const head = [
  `# Extraction against hand-labeled text — ${new Date().toISOString().slice(0, 10)}`,
  '',
  'Generated by `npm run eval:extract` (eval/extract.ts). The seed is the demo content the rules were first written on;',
  'the development part is what the extractor is tuned on; the test part is scored only. How the corpus was',
  'written and labeled: eval/corpus/README.md. Precision / recall; a project record is right when its name, amount',
  'and stage all match; the seed gold lists named projects but no per-project amounts, so it scores names only.',
  '',
  ...table(reports),
  '',
  'The test part by writer:',
  '',
  ...table(writers),
  '',
];
const out = [...head];
if (devWriters) out.push('The development part by writer:', '', ...table(devByWriter), '');
if (showMisses) {
  for (const r of [seed, dev]) out.push(`## Misses: ${r.name}`, '', ...r.misses.map((m) => `- ${m}`), '');
}
const report = out.join('\n');
console.log(report);
fs.mkdirSync(path.join(projectRoot, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(projectRoot, 'bench', 'results', 'extract-eval.md'), head.join('\n'));
