// npx tsx eval/corpus/validate.ts [FILE …] — checks the labeled corpus's form: every quoted string
// occurs in the passage, codes are Hunan divisions, sector ids exist, kinds and stages are known.
// It says nothing about whether a label is right: that is the labeler's reading.
import fs from 'node:fs';
import path from 'node:path';
import { SECTORS } from '../../src/extraction/taxonomy.js';
import { loadCorpus, type Passage } from './load.js';

const root = path.resolve(import.meta.dirname, '..', '..');
const gazetteer = JSON.parse(fs.readFileSync(path.join(root, 'data', 'gazetteer', '430000.json'), 'utf8')) as { divisions: { code: string }[] };
const codes = new Set(gazetteer.divisions.map((d) => d.code));
const sectors = new Set(SECTORS.map((s) => s.id));
const KINDS = new Set(['total_investment', 'project_investment', 'contract_investment', 'planned_investment', 'completed_investment', 'annual_output', 'revenue', 'tax', 'gdp', 'threshold', 'other']);
const STAGES = new Set(['signing', 'construction_start', 'completion', 'operating', 'planned']);
const ARTICLE_STAGES = new Set([...STAGES, 'mixed', 'none']);
const GENRES = new Set(['signing_batch', 'start_batch', 'completion', 'promotion_event', 'company_announcement', 'park_news', 'work_report', 'statistics_bulletin']);

export function validate(p: Passage): string[] {
  const errs: string[] = [];
  const text = `${p.title}\n${p.body}`;
  const has = (s: string, what: string) => {
    if (!s || !text.includes(s)) errs.push(`${what} not in text: ${JSON.stringify(s)}`);
  };
  if (!GENRES.has(p.genre)) errs.push(`genre ${p.genre}`);
  if (!ARTICLE_STAGES.has(p.stage)) errs.push(`stage ${p.stage}`);
  if (p.place !== null && !codes.has(p.place)) errs.push(`place ${p.place}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(p.date)) errs.push(`date ${p.date}`);
  for (const r of p.regions) {
    if (!codes.has(r.code)) errs.push(`region code ${r.code}`);
    has(r.mention, 'region mention');
  }
  const amount = (a: { raw: string; value_yuan?: number; value?: number; kind?: string }, what: string, kindNeeded: boolean) => {
    has(a.raw, what);
    if (typeof a.value_yuan !== 'number' && typeof a.value !== 'number') errs.push(`${what} without value: ${a.raw}`);
    if (kindNeeded && !KINDS.has(a.kind ?? '')) errs.push(`${what} kind ${a.kind}`);
  };
  for (const a of p.amounts) amount(a, 'amount', true);
  for (const c of p.companies) has(c, 'company');
  for (const b of p.batches) {
    if (!STAGES.has(b.stage)) errs.push(`batch stage ${b.stage}`);
    if (b.amount) amount(b.amount, 'batch amount', false);
    if (b.region !== null && !codes.has(b.region)) errs.push(`batch region ${b.region}`);
    for (const m of b.members) has(m, 'batch member');
  }
  for (const pr of p.projects) {
    if (pr.name !== null) has(pr.name, 'project name');
    if (pr.name === null && pr.companies.length === 0) errs.push('project with neither name nor company');
    for (const c of pr.companies) has(c, 'project company');
    if (pr.amount) amount(pr.amount, 'project amount', true);
    if (pr.stage !== null && !STAGES.has(pr.stage)) errs.push(`project stage ${pr.stage}`);
    for (const f of pr.future) if (!STAGES.has(f)) errs.push(`project future ${f}`);
    if (pr.region !== null && !codes.has(pr.region)) errs.push(`project region ${pr.region}`);
    for (const s of pr.sectors) if (!sectors.has(s)) errs.push(`sector ${s}`);
  }
  return errs;
}

if (process.argv[1] && import.meta.filename === path.resolve(process.argv[1])) {
  const files = process.argv.slice(2);
  const passages = loadCorpus(files.length ? files : undefined);
  let bad = 0;
  const ids = new Set<string>();
  for (const p of passages) {
    const errs = validate(p);
    if (ids.has(p.id)) errs.push('duplicate id');
    ids.add(p.id);
    if (errs.length) {
      bad++;
      console.log(`${p.file}: ${p.id}\n  ${errs.join('\n  ')}`);
    }
  }
  const provinces = new Set(passages.map((p) => p.province));
  const prefectures = new Set(passages.flatMap((p) => p.regions.map((r) => r.code.slice(0, 4))));
  console.log(`${passages.length} passages, ${bad} with errors; ${provinces.size} provinces; ${prefectures.size} Hunan prefectures named`);
  process.exit(bad ? 1 : 0);
}
