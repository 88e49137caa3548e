// The projects one article reports, read from its facts. Pure: facts in, project drafts out.
// A draft is what this article says of a project; the project database (features/projects) joins
// the drafts of several articles that share a key into one project with a timeline.
import { stageAround } from '../extraction/counts.js';
import { STAGES, type AmountFact, type Facts, type NamedFact, type Span, type Stage } from '../extraction/types.js';

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
  /** Set when the project's name places it more precisely than the article does. */
  readonly regionCode?: string | undefined;
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

function sentenceAt(text: string, pos: number): Span {
  let start = pos;
  while (start > 0 && !SENTENCE_END.test(text[start - 1] ?? '')) start--;
  let end = pos;
  while (end < text.length && !SENTENCE_END.test(text[end] ?? '')) end++;
  return { start, end };
}

const inside = (s: Span, outer: Span) => s.start >= outer.start && s.end <= outer.end;
const overlaps = (a: Span, b: Span) => a.start < b.end && b.start < a.end;
const uniq = (xs: readonly string[]) => [...new Set(xs)];

function titleName(text: string): string {
  const nl = text.indexOf('\n');
  const title = nl === -1 ? text : text.slice(0, nl);
  return title.replace(/^\s*[【[][^】\]]{0,20}[】\]]\s*/u, '').trim();
}

/** The batch: the article's own stage with a count of two or more, and its total nearby. */
function batch(input: BuildInput, used: Set<AmountFact>): ProjectDraft | null {
  const { facts } = input;
  if (!SINGLE_STAGES.has(facts.stage)) return null;
  const stage = facts.stage as Stage;
  const count = facts.projectCounts.find((c) => c.stage === stage && c.value >= 2);
  if (!count) return null;
  let amount: AmountFact | undefined;
  for (const a of facts.amounts) {
    if (a.kind !== 'total_investment' && a.kind !== 'contract_investment') continue;
    const d = Math.abs(a.start - count.end);
    if (d <= GROUP_AMOUNT_WINDOW && (!amount || d < Math.abs(amount.start - count.end))) amount = a;
  }
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

const MAX_MENTIONS = 20;

/** The sentence that states a project's amount: at the first mention, or a later one (a headline names it, the body gives its investment). */
function amountSentence(input: BuildInput, at: NamedFact, used: Set<AmountFact>): { sentence: Span; amount: AmountFact | undefined } {
  const { text, facts } = input;
  const first = sentenceAt(text, at.start);
  let from = at.start;
  for (let i = 0; i < MAX_MENTIONS && from !== -1; i++) {
    const sentence = sentenceAt(text, from);
    const nameEnd = from + at.name.length;
    const amount = facts.amounts.find((a) => INVESTMENT.has(a.kind) && !used.has(a) && a.start >= nameEnd && inside(a, sentence));
    if (amount) return { sentence, amount };
    from = text.indexOf(at.name, sentence.end);
  }
  return { sentence: first, amount: undefined };
}

/** One named project (or a company's investment) and what its sentence says of it. */
function single(input: BuildInput, name: string, at: NamedFact, parent: ProjectDraft | null, used: Set<AmountFact>): ProjectDraft {
  const { facts, text } = input;
  const { sentence, amount } = amountSentence(input, at, used);
  if (amount) used.add(amount);
  // The companies in its own name (株洲维通利电气公司项目), else those of its sentence up to the amount.
  const upTo = amount ? amount.start : sentence.end;
  const own = facts.companies.filter((c) => inside(c, at) && c.end - c.start < at.end - at.start);
  const companies = (own.length ? own : facts.companies.filter((c) => c.start >= sentence.start && c.end <= upTo)).map((c) => c.name);
  // Parks are listed at their first mention: a park in the name is found by name.
  const park = facts.parks.find((p) => name.includes(p.name)) ?? facts.parks.find((p) => inside(p, sentence));
  const stage = stageAround(text, at.start, at.end) ?? parent?.stage ?? (SINGLE_STAGES.has(facts.stage) ? (facts.stage as Stage) : null);
  const place = input.placeOf?.(name) ?? null;
  return {
    key: `n:${place?.placeKey ?? input.placeKey}:${projectKeyName(name)}`,
    ...(place ? { regionCode: place.regionCode } : {}),
    kind: 'single',
    parentKey: parent?.key ?? null,
    name,
    stage,
    count: null,
    amountYuan: amount?.valueYuan ?? null,
    approx: amount?.approx ?? false,
    park: park?.name ?? parent?.park ?? null,
    sectors: uniq(facts.sectors.filter((s) => inside(s, sentence)).map((s) => s.id)),
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
export function buildProjects(input: BuildInput): ProjectDraft[] {
  const { facts } = input;
  const used = new Set<AmountFact>();
  const group = batch(input, used);
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
  for (const p of facts.projects) {
    if (ownStageOnly && stageAround(input.text, p.start, p.end) === null) continue;
    add(single(input, p.name, p, group, used));
  }
  // Company investments the named projects did not take, named after the sentence's first company
  // (德雅集团联合浦泰公司投资… is 德雅集团's).
  for (const a of facts.amounts) {
    if (a.kind !== 'project_investment' || used.has(a)) continue;
    const sentence = sentenceAt(input.text, a.start);
    const named = facts.projects.some((p) => inside(p, sentence) && p.end <= a.start);
    if (named) continue;
    const company = facts.companies.find((c) => c.start >= sentence.start && c.end <= a.start && !overlaps(c, a));
    if (!company) continue;
    add(single(input, `${company.name}项目`, company, group, used));
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
