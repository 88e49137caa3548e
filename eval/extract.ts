// npm run eval:extract — scores extraction against the hand-checked seed facts
// (../shared/data/seed-gold.jsonl). Records with "partial": true count only for recall.
// Prints precision and recall per field and writes bench/results/extract-eval.md.
import fs from 'node:fs';
import path from 'node:path';
import { parseListing } from '../src/content/listing.js';
import { extractFacts } from '../src/extraction/index.js';
import { extractSectors } from '../src/extraction/sectors.js';
import { demoDataFile, gazetteerDir, projectRoot } from '../src/paths.js';
import { Gazetteer } from '../src/regions/gazetteer.js';

interface Gold {
  item: number;
  title: string;
  partial?: boolean;
  regions: { code?: string }[];
  amounts: { raw: string; value_yuan: number; kind: string }[];
  project_counts: { raw: string; value: number; stage: string }[];
  stage: string;
  sectors: string[];
  companies: string[];
  /** Named projects; only some records list them — the others are not scored for projects. */
  projects?: string[];
}

const sharedGold = path.join(projectRoot, '..', 'shared', 'data', 'seed-gold.jsonl');
const goldFile = process.argv[2] ?? (fs.existsSync(sharedGold) ? sharedGold : path.join(projectRoot, 'test', 'fixtures', 'seed-gold.jsonl'));
const gold = fs.readFileSync(goldFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l) as Gold);
const items = parseListing(fs.readFileSync(demoDataFile, 'utf8'));
const gz = Gazetteer.loadDir(gazetteerDir);

/** （一期） and (一期) are the same name. */
function bracketsHalfWidth(name: string): string {
  return name.replace(/（/gu, '(').replace(/）/gu, ')').trim();
}

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

const fields = ['amount (value and kind)', 'amount (value only)', 'project count', 'stage', 'region', 'sector', 'company', 'project'] as const;
const scores = new Map<string, Score>(fields.map((f) => [f, new Score()]));
const misses: string[] = [];
const s = (f: (typeof fields)[number]) => scores.get(f) as Score;

/** Matches gold to predictions one to one; counts fp only for complete records. */
function tally(field: (typeof fields)[number], goldN: number, predN: number, matched: number, partial: boolean): void {
  const sc = s(field);
  sc.tp += matched;
  sc.fn += goldN - matched;
  if (!partial) sc.fp += predN - matched;
}

for (const g of gold) {
  const a = items[g.item - 1];
  if (!a) continue;
  const text = `${a.title}\n${a.body}`;
  const facts = extractFacts(text, { gazetteer: gz, tag: a.tag });
  const partial = Boolean(g.partial);
  const label = `#${g.item} ${a.title.slice(0, 14)}`;

  // Amounts: a prediction inside the gold's raw text with the same value (and kind).
  const used = new Set<number>();
  let both = 0;
  let valueOnly = 0;
  for (const ga of g.amounts) {
    const at = text.indexOf(ga.raw);
    const i = facts.amounts.findIndex((p, k) => !used.has(k) && p.valueYuan === String(ga.value_yuan) && (at === -1 || (p.start >= at && p.end <= at + ga.raw.length)));
    if (i === -1) {
      misses.push(`${label} amount missed: ${ga.raw} (${ga.kind})`);
      continue;
    }
    used.add(i);
    valueOnly++;
    if (facts.amounts[i]?.kind === ga.kind) both++;
    else misses.push(`${label} amount kind: ${ga.raw} → ${facts.amounts[i]?.kind} (gold ${ga.kind})`);
  }
  tally('amount (value and kind)', g.amounts.length, facts.amounts.length, both, partial);
  tally('amount (value only)', g.amounts.length, facts.amounts.length, valueOnly, partial);
  if (!partial) for (const [k, p] of facts.amounts.entries()) if (!used.has(k)) misses.push(`${label} amount extra: ${p.text} (${p.kind})`);

  // Project counts: same value and stage inside the gold's raw text.
  let counts = 0;
  const usedC = new Set<number>();
  for (const gc of g.project_counts) {
    const at = text.indexOf(gc.raw);
    const i = facts.projectCounts.findIndex((p, k) => !usedC.has(k) && p.value === gc.value && p.stage === gc.stage && (at === -1 || (p.start < at + gc.raw.length && p.end > at)));
    if (i === -1) misses.push(`${label} count missed: ${gc.raw} (${gc.stage})`);
    else {
      usedC.add(i);
      counts++;
    }
  }
  tally('project count', g.project_counts.length, facts.projectCounts.length, counts, partial);

  // Stage and region: right or wrong per article.
  const stageRight = facts.stage === g.stage ? 1 : 0;
  if (!stageRight) misses.push(`${label} stage: ${facts.stage} (gold ${g.stage})`);
  tally('stage', 1, 1, stageRight, false);
  const goldCodes = g.regions.map((r) => r.code).filter((c): c is string => Boolean(c)).sort();
  const predCodes = facts.regions.map((r) => r.code).sort();
  const regionRight = JSON.stringify(goldCodes) === JSON.stringify(predCodes) ? 1 : 0;
  if (!regionRight) misses.push(`${label} regions: ${predCodes.join(',')} (gold ${goldCodes.join(',')})`);
  tally('region', 1, 1, regionRight, false);

  // Sectors: the gold's words mapped to our taxonomy by the same keyword table.
  const goldSectors = new Set(g.sectors.flatMap((w) => extractSectors(w).map((x) => x.id)));
  const predSectors = new Set(facts.sectors.map((x) => x.id));
  const sectorHits = [...goldSectors].filter((x) => predSectors.has(x)).length;
  tally('sector', goldSectors.size, predSectors.size, sectorHits, partial);

  // Companies: the same name, or one containing the other (长沙比亚迪 / 比亚迪).
  const predCompanies = facts.companies.map((c) => c.name);
  const companyHits = g.companies.filter((c) => predCompanies.some((p) => p.includes(c) || c.includes(p))).length;
  for (const c of g.companies) if (!predCompanies.some((p) => p.includes(c) || c.includes(p))) misses.push(`${label} company missed: ${c}`);
  tally('company', g.companies.length, predCompanies.length, companyHits, partial);

  // Named projects: the exact name, full- and half-width brackets alike (only records that list them).
  if (g.projects) {
    const want = [...new Set(g.projects.map(bracketsHalfWidth))];
    const got = [...new Set(facts.projects.map((p) => bracketsHalfWidth(p.name)))];
    const hits = want.filter((x) => got.includes(x)).length;
    for (const x of want) if (!got.includes(x)) misses.push(`${label} project missed: ${x}`);
    if (!partial) for (const x of got) if (!want.includes(x)) misses.push(`${label} project extra: ${x}`);
    tally('project', want.length, got.length, hits, partial);
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
const rows = fields.map((f) => {
  const sc = s(f);
  return `| ${f} | ${sc.tp} | ${sc.fp} | ${sc.fn} | ${pct(sc.precision)} | ${pct(sc.recall)} |`;
});
const report = [
  `# Extraction against the seed gold — ${new Date().toISOString().slice(0, 10)}`,
  '',
  `Generated by \`npm run eval:extract\` from ${path.basename(goldFile)} (partial records: recall only).`,
  '',
  '| field | tp | fp | fn | precision | recall |',
  '|:--|--:|--:|--:|--:|--:|',
  ...rows,
  '',
  '## Misses and extras',
  '',
  ...misses.map((m) => `- ${m}`),
  '',
].join('\n');
console.log(report);
fs.mkdirSync(path.join(projectRoot, 'bench', 'results'), { recursive: true });
fs.writeFileSync(path.join(projectRoot, 'bench', 'results', 'extract-eval.md'), report);
