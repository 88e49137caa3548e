// Search benchmark (`npm run bench:search`): a deterministic 100,000-article corpus imported into a
// fresh SQLite database with the project's code, the index build timed on its own (what
// `zhaoshang reindex` runs), recall of single words against a LIKE scan, then the production server
// as a child process and ≥ 200 sequential requests per query through GET /api/v1/search.
// Results: console table, bench/results/search-<date>.json/.md and search-latest.md. See README.md.
import fs from 'node:fs';
import path from 'node:path';
import { sql } from 'kysely';
import { boot, rebuildSearchIndex, type Runtime } from '../src/boot.js';
import { loadConfig } from '../src/config.js';
import { parseJsonLines } from '../src/content/listing.js';
import { importArticles } from '../src/features/news/import.js';
import { parse } from '../src/features/search/service.js';
import type { AppContext } from '../src/web/context.js';
import { generateArticles, toJsonLines } from './corpus.js';
import { groupCpuSeconds } from './lib/cpu.js';
import { freePort, runMain, tail, type ManagedChild } from './lib/process.js';
import { build, dbSizeMb, log, machineInfo, serverCommand, startServer, TMP, writeResults, envInt } from './lib/project.js';
import { checkResponse, RARE, RARE_WORD, round1, searchQueries, summarize, timed, type QuerySpec } from './lib/search-queries.js';
import { RssSampler, type RssSummary } from './lib/rss.js';
import {
  consoleReport,
  evaluate,
  markdownReport,
  SEARCH_TARGETS,
  type BuildInfo,
  type CorpusShape,
  type LatencySummary,
  type QueryRun,
  type RecallRun,
  type SearchCorpusInfo,
  type SearchReport,
} from './lib/search-report.js';

const DB_FILE = path.join(TMP, 'search.db');
const SERVER_LOG = path.join(TMP, 'search-server.log');
/** BENCH_SEARCH_ARTICLES / BENCH_SEARCH_REQUESTS: smaller runs while working on the benchmark; the report says so. */
const CORPUS_SIZE = envInt('BENCH_SEARCH_ARTICLES', 100_000);
const REQUESTS = envInt('BENCH_SEARCH_REQUESTS', 200);
const WARMUP = 20;
const QUERIES = searchQueries(CORPUS_SIZE);
/** The server: no response from the page cache (the per-content-version memo of DocMeta stays on). */
const SERVER_ENV = { PAGE_CACHE_ENTRIES: '0', DEMO_DATA: '0', LOG_LEVEL: 'warn', HOST: '127.0.0.1' } as const;


/** Single words checked against a LIKE scan, and what the issue asks of their share of the corpus. */
const RECALL_WORDS: readonly { word: string; expect: string; ok: (share: number, n: number) => boolean }[] = [
  { word: '长沙', expect: 'most of the corpus (60–80 %)', ok: (s) => s >= 0.6 && s <= 0.8 },
  { word: '新能源', expect: 'common (≥ 10 %)', ok: (s) => s >= 0.1 },
  { word: '招商引资', expect: 'common (≥ 10 %)', ok: (s) => s >= 0.1 },
  { word: RARE_WORD, expect: `rare (exactly 1 in ${RARE.every})`, ok: (_s, n) => n === Math.floor(CORPUS_SIZE / RARE.every) },
];



function freshFiles(): void {
  fs.mkdirSync(TMP, { recursive: true });
  for (const f of [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, SERVER_LOG]) fs.rmSync(f, { force: true });
}

// ---------------------------------------------------------------------------------------------
// Corpus, import, index build.

interface Prepared {
  readonly corpus: Omit<SearchCorpusInfo, 'shape'>;
  readonly build: BuildInfo;
  readonly recall: RecallRun[];
}

async function prepare(): Promise<Prepared> {
  let t = performance.now();
  const articles = generateArticles(CORPUS_SIZE, { inject: RARE });
  const jsonl = toJsonLines(articles);
  const items = parseJsonLines(jsonl);
  const generateMs = performance.now() - t;
  const bodyBytesMean = articles.reduce((s, a) => s + Buffer.byteLength(a.body), 0) / articles.length;
  const jsonLinesMb = Buffer.byteLength(jsonl) / 1048576;
  log(`generated ${items.length} articles, mean body ${Math.round(bodyBytesMean)} bytes, ${jsonLinesMb.toFixed(1)} MB JSON Lines (${Math.round(generateMs)} ms)`);

  const config = loadConfig({ DATABASE_URL: `sqlite:${DB_FILE}`, DEMO_DATA: '0', LOG_LEVEL: 'warn' });
  const runtime = await boot(config);
  try {
    t = performance.now();
    const summary = await importArticles(runtime.database.db, runtime, items);
    const importMs = performance.now() - t;
    if (summary.added !== CORPUS_SIZE) throw new Error(`expected ${CORPUS_SIZE} new articles, import added ${summary.added}`);
    log(`imported ${summary.added} articles with inline indexing (${Math.round(importMs)} ms, ${Math.round(summary.added / (importMs / 1000))}/s)`);

    t = performance.now();
    const indexed = await rebuildSearchIndex(runtime);
    const buildMs = performance.now() - t;
    if (indexed !== CORPUS_SIZE) throw new Error(`reindex indexed ${indexed} articles, expected ${CORPUS_SIZE}`);
    const { db } = runtime.database;
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(db);
    const fts = await sql<{ bytes: number | null }>`select sum(length(block)) as bytes from articles_fts_data`.execute(db);
    const build: BuildInfo = {
      articles: indexed,
      ms: Math.round(buildMs),
      perSec: Math.round(indexed / (buildMs / 1000)),
      dbMb: dbSizeMb(DB_FILE),
      ftsMb: round1((fts.rows[0]?.bytes ?? 0) / 1048576),
    };
    log(`reindex: ${indexed} articles in ${build.ms} ms = ${build.perSec}/s; database ${build.dbMb} MB, FTS5 segments ${build.ftsMb} MB`);

    const recall: RecallRun[] = [];
    for (const { word } of RECALL_WORDS) {
      const r = await recallOf(runtime, word);
      log(`recall ${word}: LIKE ${r.like}, search ${r.search}, recall ${(r.recall * 100).toFixed(2)} %, extra ${r.extra} (${r.extraByRegion} by region) (LIKE ${r.likeMs} ms)`);
      recall.push(r);
    }
    return {
      corpus: {
        articles: summary.added,
        bodyBytesMean: Math.round(bodyBytesMean),
        jsonLinesMb: round1(jsonLinesMb),
        generateMs: Math.round(generateMs),
        importMs: Math.round(importMs),
        importPerSec: Math.round(summary.added / (importMs / 1000)),
        rare: { word: RARE_WORD, ...RARE },
      },
      build,
      recall,
    };
  } finally {
    await runtime.database.close();
  }
}

let regionOfId: Map<number, string> | undefined;

/** The search's matches for one word (as the API parses it) against a substring scan of title and body. */
async function recallOf(runtime: Runtime, word: string): Promise<RecallRun> {
  const { db } = runtime.database;
  // parse() reads only the segmenter and the gazetteer of the context.
  const ctx = { segmenter: runtime.segmenter, gazetteer: runtime.gazetteer } as Pick<AppContext, 'segmenter' | 'gazetteer'> as AppContext;
  const found = new Set(await runtime.search.matchAll(db, parse(ctx, word)));
  const t = performance.now();
  const likeRows = await sql<{ id: number }>`
    select id from articles where status = 'published' and instr(title || char(10) || body, ${word}) > 0`.execute(db);
  const likeMs = Math.round(performance.now() - t);
  const like = new Set(likeRows.rows.map((r) => Number(r.id)));
  let both = 0;
  const missed: number[] = [];
  for (const id of like) {
    if (found.has(id)) both++;
    else if (missed.length < 10) missed.push(id);
  }
  regionOfId ??= new Map((await db.selectFrom('articles').select(['id', 'region_code']).execute()).map((r) => [Number(r.id), r.region_code]));
  let extra = 0;
  let extraByRegion = 0;
  for (const id of found) {
    if (like.has(id)) continue;
    extra++;
    const chain = runtime.gazetteer.ancestry(regionOfId.get(id) ?? '');
    if (chain.some((r) => r.name === word || r.short === word)) extraByRegion++;
  }
  return { word, like: like.size, search: found.size, both, recall: like.size ? both / like.size : 1, extra, extraByRegion, missedSample: missed, likeMs };
}

// ---------------------------------------------------------------------------------------------
// Latency through the HTTP API.





async function runQuery(base: string, spec: QuerySpec, pid: number): Promise<QueryRun> {
  const qs = new URLSearchParams(spec.params).toString();
  const urlPath = `/api/v1/search?${qs}`;
  const url = base + urlPath;
  let total: number | null = null;
  for (let i = 0; i < WARMUP; i++) {
    const r = await timed(url);
    total = checkResponse(spec, r.status, r.text, total).total;
  }
  const ms: number[] = [];
  let items = 0;
  let bytes = 0;
  const cpu0 = groupCpuSeconds(pid);
  for (let i = 0; i < REQUESTS; i++) {
    const r = await timed(url);
    ms.push(r.ms);
    const body = checkResponse(spec, r.status, r.text, total);
    if (i === 0) {
      items = body.items.length;
      bytes = Buffer.byteLength(r.text);
    }
  }
  const cpuMs = (groupCpuSeconds(pid) - cpu0) * 1000;
  const run: QueryRun = { name: spec.name, path: urlPath, warmup: WARMUP, requests: REQUESTS, latencyMs: summarize(ms), total: total ?? 0, items, bytes, serverCpuMsPerRequest: round1(cpuMs / REQUESTS) };
  log(`${spec.name}: total ${run.total}, p50 ${run.latencyMs.p50} ms, p95 ${run.latencyMs.p95} ms, p99 ${run.latencyMs.p99} ms, max ${run.latencyMs.max} ms; server CPU ${run.serverCpuMsPerRequest} ms/req`);
  return run;
}

/** /healthz the same way: what the client, HTTP and Fastify cost without any search. */
async function runBaseline(base: string, pid: number): Promise<QueryRun> {
  const url = `${base}/healthz`;
  for (let i = 0; i < WARMUP; i++) await timed(url);
  const ms: number[] = [];
  let bytes = 0;
  const cpu0 = groupCpuSeconds(pid);
  for (let i = 0; i < REQUESTS; i++) {
    const r = await timed(url);
    if (r.status !== 200) throw new Error(`/healthz: status ${r.status}`);
    ms.push(r.ms);
    bytes = Buffer.byteLength(r.text);
  }
  const cpuMs = (groupCpuSeconds(pid) - cpu0) * 1000;
  const run: QueryRun = { name: '/healthz', path: '/healthz', warmup: WARMUP, requests: REQUESTS, latencyMs: summarize(ms), total: 0, items: 0, bytes, serverCpuMsPerRequest: round1(cpuMs / REQUESTS), baseline: true };
  log(`/healthz baseline: p50 ${run.latencyMs.p50} ms, p95 ${run.latencyMs.p95} ms`);
  return run;
}

async function measure(server: ManagedChild, base: string): Promise<{ queries: QueryRun[]; rss: RssSummary }> {
  const sampler = new RssSampler(server.pid).start();
  const queries: QueryRun[] = [];
  try {
    queries.push(await runBaseline(base, server.pid));
    for (const spec of QUERIES) queries.push(await runQuery(base, spec, server.pid));
  } catch (err) {
    sampler.stop();
    throw err;
  }
  return { queries, rss: sampler.stop() };
}

// ---------------------------------------------------------------------------------------------
// Report.

function shapeOf(recall: readonly RecallRun[]): CorpusShape[] {
  return RECALL_WORDS.map(({ word, expect, ok }) => {
    const n = recall.find((r) => r.word === word)?.like ?? 0;
    const share = n / CORPUS_SIZE;
    return { word, articles: n, share, expect, ok: ok(share, n) };
  });
}

function notesFor(queries: readonly QueryRun[]): string[] {
  const notes = [
    'The server runs with PAGE_CACHE_ENTRIES=0: every request is searched, ranked and rendered anew. What the server memoizes per content version (DocMeta: region and date of every article) stays on, as in production; the warm-up requests build it.',
    'Latency is measured by the client, one request at a time on a keep-alive connection, so it is latency, not throughput; client and server share the machine. The /healthz row is the floor the client, HTTP and Fastify set without any search.',
  ];
  const phrase = queries.find((q) => q.name.startsWith('"'));
  if (phrase) notes.push(`The phrase ${phrase.name} matched ${phrase.total.toLocaleString('en-US')} articles.`);
  if (CORPUS_SIZE !== 100_000 || REQUESTS < 200) notes.push(`Not the standard run: BENCH_SEARCH_ARTICLES=${CORPUS_SIZE}, BENCH_SEARCH_REQUESTS=${REQUESTS}.`);
  return notes;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const startedAt = new Date();
  const t0 = performance.now();
  freshFiles();
  build();
  const prepared = await prepare();

  const port = await freePort();
  const { child: server, readyMs } = await startServer({ dbFile: DB_FILE, port, logFile: SERVER_LOG, env: SERVER_ENV });
  let measured: { queries: QueryRun[]; rss: RssSummary };
  try {
    measured = await measure(server, `http://127.0.0.1:${port}`);
  } finally {
    await server.stop();
  }
  const serverLog = tail(SERVER_LOG, 5);
  if (serverLog && serverLog !== '(no log)') log(`server log (last lines):\n${serverLog}`);

  const corpus: SearchCorpusInfo = { ...prepared.corpus, shape: shapeOf(prepared.recall) };
  const partial = { build: prepared.build, queries: measured.queries, recall: prepared.recall, corpus };
  const report: SearchReport = {
    benchmark: 'search',
    date: startedAt.toISOString().slice(0, 10),
    startedAt: startedAt.toISOString(),
    totalSeconds: Math.round((performance.now() - t0) / 1000),
    machine: machineInfo(),
    ...partial,
    server: { command: serverCommand(), env: SERVER_ENV, readyMs: Math.round(readyMs) },
    rss: measured.rss,
    targets: SEARCH_TARGETS,
    checks: evaluate(partial),
    notes: notesFor(measured.queries),
  };
  console.log(consoleReport(report));
  log(`wrote ${writeResults('search', report.date, markdownReport(report), report).join(', ')}`);
}

runMain(main);
