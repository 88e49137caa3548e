// Extraction benchmark (`npm run bench:extract`): extraction alone over the 100,000-article corpus
// on one core (MB/s of text), then import + extraction + indexing of all of it into a fresh
// SQLite database with the project's own import, and each extractor on 1 MB of hostile text.
// Targets: ≥ 10 MB/s; everything in under 100 s; under a second per extractor per hostile text.
import fs from 'node:fs';
import path from 'node:path';
import { boot } from '../src/boot.js';
import { loadConfig } from '../src/config.js';
import { parseJsonLines } from '../src/content/listing.js';
import { extractAmounts } from '../src/extraction/amounts.js';
import { extractProjectCounts } from '../src/extraction/counts.js';
import { Extractor, loadLexicons } from '../src/extraction/index.js';
import { articleDrafts } from '../src/projects/build.js';
import { importArticles } from '../src/features/news/import.js';
import { generateArticles, toJsonLines } from './corpus.js';
import { log, machineInfo, RESULTS, TMP } from './lib/project.js';

const N = Number(process.env['BENCH_EXTRACT_ARTICLES'] ?? 100_000);
const EXTRACT_PASSES = 3;
const DB_FILE = path.join(TMP, 'extract.db');

/** 1 MB texts built to hurt: repetition, many distinct names, no stops, brackets, anaphora. */
function hostileTexts(): [string, string][] {
  const MB = 1 << 20;
  const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
  let distinct = '';
  for (let i = 0; distinct.length < MB; i++) distinct += `甲${i.toString(36)}科技园项目总投资${i % 97}亿元，该项目开工。`;
  return [
    ['many distinct projects, parks, amounts', distinct.slice(0, MB)],
    ['项目项目…', fill('项目')],
    ['公司公司…', fill('公司')],
    ['places in lists', fill('华容、湘阴、平江、龙岩市永定区、资阳、')],
    ['short company forms', fill('湖南金旺铋业股份有限公司（以下简称“金旺铋业”）金旺铋业投资')],
    ['anaphora', fill('年产5万吨高纯锌项目。该项目总投资1亿元。项目预计投产。')],
    ['no stops', fill('湖南长沙株洲湘潭衡阳电子信息新材料产业园区集团有限公司投资建设年产')],
    ['brackets', fill('((（（【“吉首项目）)')],
    ['numerals', fill('一百五十九亿七千万元1234567890亿')],
  ];
}

/** Each extractor, and the project drafts, on each hostile text: the slowest in ms. */
function hostile(extractor: Extractor): { name: string; worstMs: number; worstPart: string }[] {
  return hostileTexts().map(([name, text]) => {
    let worstMs = 0;
    let worstPart = '';
    const time = (part: string, run: () => unknown) => {
      const t0 = performance.now();
      run();
      const ms = performance.now() - t0;
      if (ms > worstMs) [worstMs, worstPart] = [ms, part];
    };
    time('places', () => extractor.articlePlace({ tag: null, title: '', body: text }));
    time('amounts', () => extractAmounts(text));
    time('counts', () => extractProjectCounts(text));
    time('sectors', () => extractor.sectorFacts(text));
    time('companies', () => extractor.companyFacts(text));
    time('parks', () => extractor.parkFacts(text));
    time('project names', () => extractor.projectNames(text));
    let facts = extractor.extract(text);
    time('all facts', () => (facts = extractor.extract(text)));
    time('project drafts', () => articleDrafts(extractor.gazetteer, { articleId: 1, text, facts, regionCode: '430000' }));
    log(`hostile ${name}: slowest ${worstPart} ${worstMs.toFixed(0)} ms`);
    return { name, worstMs, worstPart };
  });
}

async function main(): Promise<void> {
  fs.mkdirSync(TMP, { recursive: true });
  log(`generating ${N} articles`);
  const articles = generateArticles(N);
  const extractor = new Extractor(loadLexicons());

  // 1. Extraction alone, one core: three passes, the median reported (this machine's speed wanders
  // by ±10 % from one minute to the next).
  const bytes = articles.reduce((s, a) => s + Buffer.byteLength(a.title) + 1 + Buffer.byteLength(a.body), 0);
  let facts = 0;
  const passes: number[] = [];
  for (let pass = 0; pass < EXTRACT_PASSES; pass++) {
    facts = 0;
    const t0 = performance.now();
    for (const a of articles) {
      const f = extractor.extract(`${a.title}\n${a.body}`, { tag: a.regionTag });
      facts += f.amounts.length + f.projectCounts.length + f.sectors.length + f.companies.length + f.parks.length + f.projects.length;
    }
    passes.push((performance.now() - t0) / 1000);
    log(`extraction pass ${pass + 1}: ${(bytes / 1048576 / (passes[pass] as number)).toFixed(2)} MB/s`);
  }
  const extractS = [...passes].sort((a, b) => a - b)[Math.floor(passes.length / 2)] as number;
  const mbPerS = bytes / 1048576 / extractS;
  const range = passes.map((p) => bytes / 1048576 / p).sort((a, b) => a - b);
  log(`extraction: ${(bytes / 1048576).toFixed(1)} MB in ${extractS.toFixed(1)} s (median of ${passes.length}) = ${mbPerS.toFixed(2)} MB/s (${range.map((r) => r.toFixed(2)).join(', ')}), ${facts} facts`);

  // 2. Import + extraction + indexing, as `zhaoshang import` does it.
  for (const f of [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`]) fs.rmSync(f, { force: true });
  const runtime = await boot(loadConfig({ DATABASE_URL: `sqlite:${DB_FILE}`, DEMO_DATA: '0', LOG_LEVEL: 'silent' }));
  const items = parseJsonLines(toJsonLines(articles));
  const t1 = performance.now();
  const summary = await importArticles(runtime.database.db, runtime, items);
  const importS = (performance.now() - t1) / 1000;
  const stored = await runtime.database.db.selectFrom('article_facts').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const projects = await runtime.database.db.selectFrom('projects').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const events = await runtime.database.db.selectFrom('project_events').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  await runtime.database.close();

  // 3. Hostile text last: megabyte inputs leave the engine's type feedback skewed for what follows.
  const hostileRuns = hostile(extractor);
  log(`import + extraction + indexing + 项目库: ${summary.added} articles in ${importS.toFixed(1)} s (${Math.round(summary.added / importS)}/s); facts stored for ${Number(stored.n)}; ${Number(projects.n)} projects from ${Number(events.n)} reports`);

  const machine = machineInfo();
  const pass = (ok: boolean) => (ok ? '**PASS**' : '**FAIL**');
  const md = [
    `# Extraction benchmark — ${new Date().toISOString().slice(0, 10)}`,
    '',
    `Generated by \`npm run bench:extract\` (bench/extract.ts). ${machine.cpus} × ${machine.cpuModel}; Node ${process.version}.`,
    '',
    '| measure | value | target | result |',
    '|:--|--:|--:|:--|',
    `| extraction alone, one core (median of ${passes.length} passes: ${range.map((r) => r.toFixed(2)).join(', ')}) | ${mbPerS.toFixed(2)} MB/s (${(bytes / 1048576).toFixed(1)} MB, ${N} articles, ${extractS.toFixed(1)} s) | ≥ 10 MB/s | ${pass(mbPerS >= 10)} |`,
    `| import + extraction + indexing + 项目库 | ${importS.toFixed(1)} s (${Math.round(summary.added / importS)} articles/s) | < 100 s | ${pass(importS < 100)} |`,
    ...hostileRuns.map((h) => `| 1 MB hostile text: ${h.name} (slowest: ${h.worstPart}) | ${h.worstMs.toFixed(0)} ms | < 1,000 ms per extractor | ${pass(h.worstMs < 1000)} |`),
    '',
    `项目库 after the import: ${Number(projects.n)} projects from ${Number(events.n)} reports (articles joining one project's timeline count once).`,
    '',
  ].join('\n');
  fs.mkdirSync(RESULTS, { recursive: true });
  fs.writeFileSync(path.join(RESULTS, 'extract-latest.md'), md);
  console.log(md);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
