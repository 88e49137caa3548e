// Page benchmark (`npm run bench`): a fresh SQLite database with the seed and a generated
// 10,000-article corpus, the production server as a child process, autocannon against the home,
// one article and one region page, the same bytes from nginx as a yardstick, and the server's RSS.
// Results: console table, bench/results/pages-<date>.json/.md and pages-latest.md. See README.md.
import fs from 'node:fs';
import path from 'node:path';
import { boot } from '../src/boot.js';
import { loadConfig } from '../src/config.js';
import { parseJsonLines } from '../src/content/listing.js';
import { importArticles, importKey } from '../src/features/news/import.js';
import { findByImportKey } from '../src/features/news/repository.js';
import { generateArticles, toJsonLines } from './corpus.js';
import { DEFAULT_LOAD, runLoad, type LoadResult, type LoadSettings } from './lib/load.js';
import { detectNginx, startNginx, writePages, type NginxInfo } from './lib/nginx.js';
import { freePort, runMain, tail, type ManagedChild } from './lib/process.js';
import { build, dbSizeMb as dbFileSizeMb, log, machineInfo as projectMachineInfo, serveArgs, startServer as startProductionServer, TMP, writeResults } from './lib/project.js';
import { hasWrk, runWrk, type WrkResult } from './lib/wrk.js';
import { RssSampler, type RssSummary } from './lib/rss.js';
import { consoleReport, evaluate, markdownReport, TARGETS, type CorpusInfo, type MachineInfo, type PageRun, type PagesReport } from './lib/report.js';

const DB_FILE = path.join(TMP, 'pages.db');
const CORPUS_SIZE = 10_000;
/** The corpus article whose page is measured (its database id is looked up after import). */
const ARTICLE_EXTERNAL_ID = 'bench-005000';
const REGION_CODE = '430100'; // 长沙市
/** Seconds of each wrk cross-check run (only where /usr/bin/wrk exists). */
const WRK_SECONDS = 5;

interface PageSpec {
  readonly name: string;
  readonly path: string;
  /** Text the page must contain: a cheap check that the right page is being measured. */
  readonly expect: string;
}

interface PreparedData {
  readonly corpus: CorpusInfo;
  readonly articlePath: string;
  readonly articleTitle: string;
}

// ---------------------------------------------------------------------------------------------
// Preparation: build, corpus, database.

function freshTmp(): void {
  fs.rmSync(TMP, { recursive: true, force: true });
  fs.mkdirSync(TMP, { recursive: true });
}

async function prepareDatabase(): Promise<PreparedData> {
  let t = performance.now();
  const articles = generateArticles(CORPUS_SIZE);
  const jsonl = toJsonLines(articles);
  fs.writeFileSync(path.join(TMP, `corpus-${CORPUS_SIZE}.jsonl`), jsonl);
  const items = parseJsonLines(jsonl);
  const generateMs = performance.now() - t;
  log(`generated ${items.length} articles, ${(Buffer.byteLength(jsonl) / 1048576).toFixed(1)} MB JSON Lines (${Math.round(generateMs)} ms)`);

  const config = loadConfig({ DATABASE_URL: `sqlite:${DB_FILE}`, DEMO_DATA: '1', LOG_LEVEL: 'warn' });
  const runtime = await boot(config);
  try {
    const seedArticles = runtime.demo?.added ?? 0;
    t = performance.now();
    const summary = await importArticles(runtime.database.db, runtime, items);
    const importMs = performance.now() - t;
    log(`database: ${seedArticles} seed + ${summary.added} corpus articles imported (${Math.round(importMs)} ms)`);
    if (summary.added !== CORPUS_SIZE) throw new Error(`expected ${CORPUS_SIZE} new articles, import added ${summary.added}`);

    const chosen = items.find((a) => a.externalId === ARTICLE_EXTERNAL_ID);
    if (!chosen) throw new Error(`corpus has no article ${ARTICLE_EXTERNAL_ID}`);
    const row = await findByImportKey(runtime.database.db, importKey(chosen));
    if (!row) throw new Error(`article ${ARTICLE_EXTERNAL_ID} not found after import`);
    return {
      corpus: { articles: summary.added, seedArticles, generateMs: Math.round(generateMs), importMs: Math.round(importMs), dbMb: 0 },
      articlePath: `/articles/${row.id}`,
      articleTitle: chosen.title,
    };
  } finally {
    await runtime.database.close();
  }
}

function dbSizeMb(): number {
  return dbFileSizeMb(DB_FILE);
}

// ---------------------------------------------------------------------------------------------
// Measuring.

function startServer(port: number): Promise<{ child: ManagedChild; readyMs: number }> {
  return startProductionServer({ dbFile: DB_FILE, port, logFile: path.join(TMP, 'server.log') });
}

/** The first request to a page (a cache miss): its bytes and time, checked for status and content. */
async function fetchPage(base: string, page: PageSpec): Promise<{ bytes: Buffer; ms: number }> {
  const t = performance.now();
  const res = await fetch(base + page.path);
  const bytes = Buffer.from(await res.arrayBuffer());
  const ms = performance.now() - t;
  if (res.status !== 200) throw new Error(`${page.path}: status ${res.status}`);
  if (!bytes.toString('utf8').includes(page.expect)) throw new Error(`${page.path}: page does not contain “${page.expect}”`);
  return { bytes, ms };
}

interface TargetRuns {
  readonly load: LoadResult[];
  readonly wrk: WrkResult[] | null;
}

/** autocannon, warm-up + measured run, URL by URL. */
async function autocannonEach(label: string, base: string, pages: readonly PageSpec[], settings: LoadSettings, pgid: number): Promise<LoadResult[]> {
  const out: LoadResult[] = [];
  for (const p of pages) {
    log(`${label} ${p.name} ${p.path}: autocannon ${settings.warmupS} s warm-up + ${settings.durationS} s…`);
    const r = await runLoad(base + p.path, settings, pgid);
    log(`  ${Math.round(r.reqPerSec)} req/s, p50 ${r.latencyMs.p50} ms, p99 ${r.latencyMs.p99} ms; CPU ${label} ${r.cpu?.targetPct ?? '?'} %, autocannon ${r.cpu?.loadgenPct ?? '?'} %`);
    out.push(r);
  }
  return out;
}

/** The wrk cross-check, URL by URL (the URLs are warm by then). */
async function wrkEach(label: string, base: string, pages: readonly PageSpec[], connections: number, pgid: number): Promise<WrkResult[]> {
  const out: WrkResult[] = [];
  for (const p of pages) {
    const w = await runWrk(base + p.path, { connections, durationS: WRK_SECONDS, pgid });
    log(`${label} ${p.name} ${p.path}: wrk ${WRK_SECONDS} s: ${Math.round(w.reqPerSec)} req/s, p99 ${w.latencyMs.p99} ms`);
    out.push(w);
  }
  return out;
}

/**
 * The server's runs: first requests (cache misses, and the bytes for nginx), autocannon, then RSS
 * (so the RSS target covers the specified load only), then the wrk cross-check.
 */
async function measureServer(server: ManagedChild, base: string, pages: readonly PageSpec[], settings: LoadSettings, withWrk: boolean) {
  const sampler = new RssSampler(server.pid).start();
  const firsts = new Map<string, { bytes: Buffer; ms: number }>();
  let load: LoadResult[];
  let rss: RssSummary;
  try {
    for (const p of pages) firsts.set(p.path, await fetchPage(base, p));
    load = await autocannonEach('server', base, pages, settings, server.pid);
  } finally {
    rss = sampler.stop();
  }
  const wrk = withWrk ? await wrkEach('server', base, pages, settings.connections, server.pid) : null;
  return { firsts, rss, runs: { load, wrk } satisfies TargetRuns };
}

async function measureNginx(info: NginxInfo, pages: readonly PageSpec[], bodies: ReadonlyMap<string, Buffer>, settings: LoadSettings, withWrk: boolean): Promise<TargetRuns> {
  const root = path.join(TMP, 'www');
  writePages(root, bodies);
  const port = await freePort();
  const nginx = await startNginx(info, { dir: TMP, root, port });
  const base = `http://127.0.0.1:${port}`;
  log(`nginx ${info.version} pid ${nginx.pid} on 127.0.0.1:${port}`);
  try {
    for (const p of pages) {
      const got = Buffer.from(await (await fetch(base + p.path)).arrayBuffer());
      if (!got.equals(bodies.get(p.path) ?? Buffer.alloc(0))) throw new Error(`nginx ${p.path}: served bytes differ from the server's page`);
    }
    const load = await autocannonEach('nginx', base, pages, settings, nginx.pid);
    const wrk = withWrk ? await wrkEach('nginx', base, pages, settings.connections, nginx.pid) : null;
    return { load, wrk };
  } finally {
    await nginx.stop();
    log('nginx stopped');
  }
}

// ---------------------------------------------------------------------------------------------
// Report.

function machineInfo(nginx: NginxInfo | null): MachineInfo {
  return projectMachineInfo(nginx?.version ?? null);
}

function share(server: { reqPerSec: number } | undefined, nginx: { reqPerSec: number } | undefined): number | null {
  return server && nginx && nginx.reqPerSec > 0 ? Math.round((server.reqPerSec / nginx.reqPerSec) * 1000) / 1000 : null;
}

function pageRuns(pages: readonly PageSpec[], firsts: ReadonlyMap<string, { bytes: Buffer; ms: number }>, server: TargetRuns, nginx: TargetRuns | null): PageRun[] {
  return pages.map((p, i) => {
    const s = server.load[i];
    if (!s) throw new Error(`no result for ${p.path}`);
    const n = nginx?.load[i] ?? null;
    const first = firsts.get(p.path);
    const ws = server.wrk?.[i];
    const wn = nginx?.wrk?.[i];
    return {
      name: p.name,
      path: p.path,
      bytes: first?.bytes.length ?? 0,
      firstRequestMs: Math.round((first?.ms ?? NaN) * 10) / 10,
      server: s,
      nginx: n,
      nginxShare: share(s, n ?? undefined),
      wrk: ws ? { server: ws, nginx: wn ?? null, nginxShare: share(ws, wn) } : null,
    };
  });
}

function notesFor(nginx: NginxInfo | null, withWrk: boolean, runs: readonly PageRun[], rss: RssSummary): string[] {
  const notes = [
    'Each URL is measured repeatedly, so after the first request it is served from the in-memory page cache (PAGE_CACHE_ENTRIES, default 1000): these numbers are the cached path; "1st req" is the render cost of a miss.',
    'autocannon runs inside the orchestrating process: the load generator and the server share the 2 cores, as the targets assume. CPU columns are percent of one core during the measured run.',
  ];
  if (!nginx) notes.push('nginx is not installed (/usr/sbin/nginx): the static comparison was skipped. Install it with `apt-get install -y nginx-light`.');
  const bound = runs.filter((r) => (r.nginx?.cpu?.loadgenPct ?? 0) >= 90).map((r) => r.name);
  if (bound.length) {
    notes.push(
      `During the nginx runs of ${bound.join(', ')} autocannon itself used ≥ 90 % of a core: there the nginx rate is autocannon's ceiling, not nginx's, so the autocannon server/nginx ratio overstates the server.` +
        (withWrk ? ' The wrk columns (a C load generator) give the truer ratio; the target is checked on both.' : ' Install wrk for a truer ratio.'),
    );
  }
  if (!Number.isFinite(rss.hwmMb)) notes.push('VmHWM could not be read (no /proc?): RSS is the sampled peak only.');
  return notes;
}

// ---------------------------------------------------------------------------------------------

async function main(): Promise<void> {
  const startedAt = new Date();
  const t0 = performance.now();
  const settings: LoadSettings = DEFAULT_LOAD;
  const nginx = detectNginx();
  if (!nginx) log('nginx not found at /usr/sbin/nginx: the static comparison will be skipped');

  freshTmp();
  build();
  const data = await prepareDatabase();
  const corpus: CorpusInfo = { ...data.corpus, dbMb: dbSizeMb() };
  const pages: PageSpec[] = [
    { name: 'home', path: '/', expect: '招商' },
    { name: 'article', path: data.articlePath, expect: data.articleTitle },
    { name: 'region', path: `/regions/${REGION_CODE}`, expect: '长沙' },
  ];

  const withWrk = hasWrk();
  if (!withWrk) log('wrk not found at /usr/bin/wrk: no wrk cross-check');
  const port = await freePort();
  const { child: server, readyMs } = await startServer(port);
  let measured: Awaited<ReturnType<typeof measureServer>>;
  try {
    measured = await measureServer(server, `http://127.0.0.1:${port}`, pages, settings, withWrk);
  } finally {
    await server.stop();
  }
  const { rss } = measured;
  const serverLog = tail(path.join(TMP, 'server.log'), 5);
  if (serverLog && serverLog !== '(no log)') log(`server log (last lines):\n${serverLog}`);

  const bodies = new Map([...measured.firsts].map(([p, f]) => [p, f.bytes]));
  const nginxRuns = nginx ? await measureNginx(nginx, pages, bodies, settings, withWrk) : null;
  const runs = pageRuns(pages, measured.firsts, measured.runs, nginxRuns);

  const report: PagesReport = {
    benchmark: 'pages',
    date: startedAt.toISOString().slice(0, 10),
    startedAt: startedAt.toISOString(),
    totalSeconds: Math.round((performance.now() - t0) / 1000),
    machine: machineInfo(nginx),
    load: settings,
    corpus,
    serverStartMs: Math.round(readyMs),
    serverCommand: ['node', ...serveArgs()].join(' '),
    pages: runs,
    rss,
    targets: TARGETS,
    checks: evaluate(runs, rss),
    notes: notesFor(nginx, withWrk, runs, rss),
  };
  console.log(consoleReport(report));
  log(`wrote ${writeResults('pages', report.date, markdownReport(report), report).join(', ')}`);
}

runMain(main);
