// Editors' corrections to extracted facts, replayed on top of every (re-)extraction so that a
// better extractor or an edited article text does not silently undo what an editor fixed.
// Pure: no database, no HTTP. Corrections come from a JSON column, so every one is checked here
// and a malformed or unmatched one is reported as an orphan, never thrown.
import { formatDecimal } from './decimal.js';
import { STAGES, type AmountFact, type AmountKind, type ArticleStage, type Facts, type NamedFact, type ParkFact, type ProjectCountFact, type RegionFact, type SectorFact, type Span, type Stage } from './types.js';

export type CorrectableList = 'amounts' | 'projectCounts' | 'sectors' | 'companies' | 'parks' | 'projects' | 'regions';
type AddableList = Exclude<CorrectableList, 'regions'>;

/** Identifies one extracted fact: its list, its span and its text as written (amount/count `text`, or `name`, or for sectors the sector `name`). */
export interface FactRef { readonly list: CorrectableList; readonly start: number; readonly end: number; readonly text: string }

export type Correction =
  | { readonly op: 'remove'; readonly ref: FactRef }
  | { readonly op: 'edit'; readonly ref: FactRef; readonly patch: FactPatch }
  | { readonly op: 'add'; readonly list: AddableList; readonly evidence: string; readonly item: AddItem }
  | { readonly op: 'stage'; readonly stage: ArticleStage };

export interface FactPatch {
  readonly value?: string /* amounts: yuan decimal string; projectCounts: integer string */;
  readonly kind?: AmountKind; readonly stage?: Stage | null; readonly name?: string;
}

export interface AddItem {
  readonly value?: string; readonly kind?: AmountKind; readonly stage?: Stage | null;
  readonly name?: string; readonly sectorId?: string; readonly regionCode?: string | null;
}

export interface Applied {
  readonly facts: Facts;
  /** indexes into the corrections array that could not be matched to the current text/facts */
  readonly orphans: readonly number[];
}

const LISTS: ReadonlySet<string> = new Set<CorrectableList>(['amounts', 'projectCounts', 'sectors', 'companies', 'parks', 'projects', 'regions']);
const KINDS: ReadonlySet<string> = new Set<AmountKind>([
  'total_investment', 'project_investment', 'contract_investment', 'planned_investment', 'completed_investment',
  'annual_output', 'revenue', 'tax', 'gdp', 'threshold', 'other',
]);
const STAGE_SET: ReadonlySet<string> = new Set<Stage>(STAGES);
const ARTICLE_STAGES: ReadonlySet<string> = new Set<string>([...STAGE_SET, 'mixed', 'none']);

type Obj = Record<string, unknown>;
const isObj = (x: unknown): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);

/** Facts with mutable lists: the working copy corrections are applied to (the input is never touched). */
interface Work {
  regions: RegionFact[]; amounts: AmountFact[]; projectCounts: ProjectCountFact[]; stage: ArticleStage; stageByWords?: ArticleStage | undefined;
  sectors: SectorFact[]; companies: NamedFact[]; parks: ParkFact[]; projects: NamedFact[];
}

/** The text a FactRef carries for a fact: amounts and counts by what was written, the rest by name. */
function keyOf(list: CorrectableList, fact: { text?: string; name?: string }): string {
  return (list === 'amounts' || list === 'projectCounts' ? fact.text : fact.name) ?? '';
}

/** The key of a fact as a FactRef, for building forms. */
export function refOf(list: CorrectableList, fact: { start: number; end: number; text?: string; name?: string }): FactRef {
  return { list, start: fact.start, end: fact.end, text: keyOf(list, fact) };
}

/** Yuan as the editor typed it, canonical ("007.50" → "7.5"); null unless a plain non-negative decimal. */
function yuan(x: unknown): string | null {
  // The length bound keeps absurd input away from bigint arithmetic; no yuan amount needs 40 digits.
  if (typeof x !== 'string' || x.length > 40 || !/^\d+(\.\d+)?$/.test(x)) return null;
  return formatDecimal(x);
}

function count(x: unknown): number | null {
  if (typeof x !== 'string' || !/^[1-9]\d*$/.test(x)) return null;
  const n = Number(x);
  return Number.isSafeInteger(n) ? n : null;
}

/** A stage field: undefined when absent, null to clear, false when invalid. */
function stageField(x: unknown): Stage | null | undefined | false {
  if (x === undefined || x === null) return x;
  return typeof x === 'string' && STAGE_SET.has(x) ? (x as Stage) : false;
}

/** Names are trimmed (editors paste surrounding spaces); an empty one is invalid. */
function nameField(x: unknown): string | null {
  if (typeof x !== 'string') return null;
  const s = x.trim();
  return s.length > 0 && s.length <= 200 ? s : null;
}

function parseRef(x: unknown): FactRef | null {
  if (!isObj(x)) return null;
  const { list, start, end, text } = x;
  if (typeof list !== 'string' || !LISTS.has(list) || typeof text !== 'string') return null;
  if (typeof start !== 'number' || typeof end !== 'number') return null;
  return { list: list as CorrectableList, start, end, text };
}

/**
 * The fact a ref names: same span and text; failing that (the article was edited and offsets
 * moved), the fact with the same text nearest where it was (of two 1亿元, the one meant). -1
 * when neither exists.
 */
function locate(work: Work, ref: FactRef): number {
  const list = work[ref.list] as readonly (Span & { text?: string; name?: string })[];
  const exact = list.findIndex((f) => f.start === ref.start && f.end === ref.end && keyOf(ref.list, f) === ref.text);
  if (exact !== -1) return exact;
  let best = -1;
  list.forEach((f, i) => {
    if (keyOf(ref.list, f) !== ref.text) return;
    if (best === -1 || Math.abs(f.start - ref.start) < Math.abs((list[best]?.start ?? 0) - ref.start)) best = i;
  });
  return best;
}

/**
 * The fact after an edit, or null when the patch is invalid or has nothing that applies to this
 * list. Regions and sectors have no editable field: their name follows their code/id, so an
 * editor removes the wrong one and adds the right one instead.
 */
function patched(list: CorrectableList, fact: Span, p: Obj): Span | null {
  if (list === 'amounts') {
    const f = fact as AmountFact;
    if (p.value === undefined && p.kind === undefined) return null;
    const value = p.value === undefined ? undefined : yuan(p.value);
    if (value === null) return null;
    if (p.kind !== undefined && (typeof p.kind !== 'string' || !KINDS.has(p.kind))) return null;
    const kind = (p.kind as AmountKind | undefined) ?? f.kind;
    // The editor states yuan: whatever the article's currency was, the corrected value is CNY.
    const a: AmountFact = value === undefined ? { ...f, kind } : { ...f, value, valueYuan: value, currency: 'CNY', kind };
    return a;
  }
  if (list === 'projectCounts') {
    const f = fact as ProjectCountFact;
    if (p.value === undefined && p.stage === undefined) return null;
    const value = p.value === undefined ? f.value : count(p.value);
    const stage = stageField(p.stage);
    if (value === null || stage === false) return null;
    const c: ProjectCountFact = { ...f, value, stage: stage === undefined ? f.stage : stage };
    return c;
  }
  if (list === 'companies' || list === 'parks' || list === 'projects') {
    const name = nameField(p.name);
    const n: NamedFact | null = name === null ? null : { ...(fact as NamedFact), name };
    return n;
  }
  return null;
}

/** The fact an add describes, at `span`; null when the item is invalid for its list. */
function added(list: AddableList, span: Span, evidence: string, item: Obj, sectorName: (id: string) => string | undefined): Span | null {
  switch (list) {
    case 'amounts': {
      const value = yuan(item.value);
      if (value === null || typeof item.kind !== 'string' || !KINDS.has(item.kind)) return null;
      const a: AmountFact = { ...span, text: evidence, value, currency: 'CNY', valueYuan: value, approx: false, kind: item.kind as AmountKind };
      return a;
    }
    case 'projectCounts': {
      const value = count(item.value);
      const stage = stageField(item.stage);
      if (value === null || stage === false) return null;
      const c: ProjectCountFact = { ...span, text: evidence, value, stage: stage ?? null };
      return c;
    }
    case 'sectors': {
      const id = item.sectorId;
      const name = typeof id === 'string' ? sectorName(id) : undefined;
      if (typeof id !== 'string' || name === undefined) return null;
      const s: SectorFact = { ...span, id, name };
      return s;
    }
    case 'parks': {
      const name = item.name === undefined ? evidence : nameField(item.name);
      const rc = item.regionCode;
      if (name === null || (rc !== undefined && rc !== null && (typeof rc !== 'string' || rc === ''))) return null;
      const p: ParkFact = { ...span, name, regionCode: rc ?? null };
      return p;
    }
    case 'companies':
    case 'projects': {
      const name = item.name === undefined ? evidence : nameField(item.name);
      const n: NamedFact | null = name === null ? null : { ...span, name };
      return n;
    }
    default:
      return null;
  }
}

/** Same list, same span and the same identity (sector id, name, or text as written). */
function sameFact(list: AddableList, a: Span, b: Span): boolean {
  if (a.start !== b.start || a.end !== b.end) return false;
  if (list === 'sectors') return (a as SectorFact).id === (b as SectorFact).id;
  return keyOf(list, a as { text?: string; name?: string }) === keyOf(list, b as { text?: string; name?: string });
}

/** One correction against the working copy; false when it is an orphan (and the copy is untouched). */
function applyOne(text: string, work: Work, c: unknown, sectorName: (id: string) => string | undefined): boolean {
  if (!isObj(c)) return false;
  switch (c.op) {
    case 'stage':
      if (typeof c.stage !== 'string' || !ARTICLE_STAGES.has(c.stage)) return false;
      work.stage = c.stage as ArticleStage;
      work.stageByWords = undefined; // the editor's stage is the one to draft under
      return true;
    case 'remove':
    case 'edit': {
      const ref = parseRef(c.ref);
      if (!ref) return false;
      const i = locate(work, ref);
      if (i === -1) return false;
      const list = work[ref.list] as Span[];
      if (c.op === 'remove') {
        list.splice(i, 1);
        return true;
      }
      if (!isObj(c.patch)) return false;
      const next = patched(ref.list, list[i]!, c.patch);
      if (!next) return false;
      list[i] = next; // edits never move a span, so the order holds
      return true;
    }
    case 'add': {
      const { list, evidence, item } = c;
      if (typeof list !== 'string' || list === 'regions' || !LISTS.has(list)) return false;
      if (typeof evidence !== 'string' || evidence === '' || !isObj(item)) return false;
      const at = text.indexOf(evidence);
      if (at === -1) return false;
      const fact = added(list as AddableList, { start: at, end: at + evidence.length }, evidence, item, sectorName);
      if (!fact) return false;
      const facts = work[list as AddableList] as Span[];
      if (facts.some((f) => sameFact(list as AddableList, f, fact))) return true; // already there: a no-op
      // After every fact starting at or before it: the list stays sorted by start, stably.
      const pos = facts.findIndex((f) => f.start > fact.start);
      facts.splice(pos === -1 ? facts.length : pos, 0, fact);
      return true;
    }
    default:
      return false;
  }
}

/**
 * The facts with the corrections applied in order, and the indexes of those that did not apply.
 * Lists are only ever inserted into at their sorted place, never re-sorted: regions keep their
 * meaningful order (the article's place first, then its prefecture).
 */
export function applyCorrections(text: string, facts: Facts, corrections: readonly Correction[], sectorName: (id: string) => string | undefined): Applied {
  const work: Work = {
    regions: [...facts.regions],
    amounts: [...facts.amounts],
    projectCounts: [...facts.projectCounts],
    stage: facts.stage,
    stageByWords: facts.stageByWords,
    sectors: [...facts.sectors],
    companies: [...facts.companies],
    parks: [...facts.parks],
    projects: [...facts.projects],
  };
  const orphans: number[] = [];
  // A DB column may hold anything: a non-array is treated as no corrections at all.
  const list: readonly unknown[] = Array.isArray(corrections) ? corrections : [];
  list.forEach((c, i) => {
    if (!applyOne(text, work, c, sectorName)) orphans.push(i);
  });
  // What no correction touches (the article's place) is kept as extracted.
  const { stageByWords, ...rest } = work;
  return { facts: { ...facts, ...rest, ...(stageByWords ? { stageByWords } : { stageByWords: undefined }) }, orphans };
}
