// Text in, facts out: where, how much, which stage, which sectors, companies, parks and projects,
// each with the span of the original text it came from. Pure: no database, no HTTP.
import type { Gazetteer } from '../regions/gazetteer.js';
import { resolveArticleRegion } from '../regions/resolve.js';
import { extractAmounts } from './amounts.js';
import { articleStage, extractProjectCounts } from './counts.js';
import { extractCompanies, extractParks, extractProjects } from './entities.js';
import { extractSectors } from './sectors.js';
import type { AmountFact, Facts, RegionFact } from './types.js';

/** Bumped whenever a change alters what is extracted: stored facts carry it. */
export const EXTRACTOR_VERSION = 2;

export interface ExtractOptions {
  readonly gazetteer: Gazetteer;
  /** The listing's region tag: 【桃源县招商】 or 桃源县招商. */
  readonly tag?: string | null | undefined;
  /** Dollar → yuan rate as a decimal string; without it dollar amounts have valueYuan null. */
  readonly usdRate?: string | undefined;
}

/** The article's title is its first line when the text has several. */
function titleOf(text: string): string {
  const nl = text.indexOf('\n');
  return nl === -1 ? '' : text.slice(0, nl);
}

/**
 * The article's place and, for a county, its prefecture — each at its first mention in the text
 * (start = end = 0 when only the tag names it).
 */
function regions(text: string, opts: ExtractOptions): RegionFact[] {
  const gz = opts.gazetteer;
  const tag = opts.tag?.replace(/^[【\[]|[】\]]$/g, '') ?? null;
  const title = titleOf(text);
  const { region } = resolveArticleRegion(gz, { tag, title, body: text });
  const chain = gz.ancestry(region.code);
  const wanted = region.level === 'county' ? chain.slice(0, 2) : chain.slice(0, 1);
  const mentions = gz.mentions(text);
  return wanted.map((r) => {
    const m = mentions.find((x) => x.region.code === r.code);
    return { code: r.code, name: r.name, level: r.level, start: m ? m.index : 0, end: m ? m.index + m.text.length : 0 };
  });
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

export function extractFacts(text: string, opts: ExtractOptions): Facts {
  const title = titleOf(text);
  const amounts = onceEach(extractAmounts(text, { usdRate: opts.usdRate }), title ? title.length + 1 : 0);
  const projectCounts = extractProjectCounts(text);
  return {
    regions: regions(text, opts),
    amounts,
    projectCounts,
    stage: articleStage(titleOf(text), text, projectCounts),
    sectors: extractSectors(text),
    companies: extractCompanies(text),
    parks: extractParks(text, (name) => {
      const m = opts.gazetteer.mentions(name)[0];
      return m ? m.region.code : null;
    }),
    projects: extractProjects(text),
  };
}
