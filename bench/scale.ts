// Scale benchmark (`npm run bench:scale`): the numbers for running beyond one machine, all on
// 127.0.0.1. The search benchmark's 100,000-article corpus in a fresh SQLite database and a fresh
// PostgreSQL database (throwaway cluster); search latency per query on both; page req/s with one
// instance and with two behind nginx, page cache on and off; tip-submission writes/s with every
// write accounted for. Results: console table, bench/results/scale-<date>.json/.md and
// scale-latest.md.
//
// Environment (all optional):
//   BENCH_SCALE_ARTICLES=5000     corpus size for a trial run (default 100000; the report says so)
//   BENCH_SCALE_REPEATS=3         measured runs per page and per write setup; the median is reported
//   BENCH_SCALE_SECONDS=5         seconds of each measured page run and write run
//   BENCH_SCALE_REQUESTS=200      sequential measured search requests per query (after 20 warm-up)
//   BENCH_SCALE_LOADGEN=wrk       page load generator: wrk (default where installed) or autocannon
//   BENCH_SCALE_CACHE=0           prepare the databases anew instead of using bench/tmp/scale-cache
//   BENCH_SCALE_CACHE_DIR=DIR     keep the prepared databases there instead
//   BENCH_SCALE_PG_LOAD=auto      auto | import | migrate | both: how PostgreSQL is filled (below)
//   BENCH_SCALE_IMPORT_BUDGET=600 seconds the PostgreSQL import may take in auto mode
//   BENCH_SCALE_EXPLAIN=all       EXPLAIN ANALYZE every query (default: those over the p95 target)
//   BENCH_SCALE_PREPARE_ONLY=1    prepare (and cache) the databases, measure nothing
//
// Needs PostgreSQL 15 (Debian's postgresql; RUM used when installed), nginx and, for the default
// load generator, wrk. Runs as root or as a user that may `su postgres` (initdb refuses root).
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import pg from 'pg';
import { sql } from 'kysely';
import { boot } from '../src/boot.js';
import { migrateData } from '../src/cli/migrate-data.js';
import { loadConfig } from '../src/config.js';
import { parseJsonLines } from '../src/content/listing.js';
import { importArticles } from '../src/features/news/import.js';
import { listPublished } from '../src/features/news/repository.js';
import { PAGE_SIZE } from '../src/features/news/schema.js';
import { searchQuery } from '../src/features/search/schema.js';
import { parse, search } from '../src/features/search/service.js';
import { PageCache } from '../src/web/page-cache.js';
import type { AppContext } from '../src/web/context.js';
import { generateArticles, toJsonLines } from './corpus.js';
import { groupCpuSeconds } from './lib/cpu.js';
import { runLoad, type LoadResult } from './lib/load.js';
import { detectNginx, type NginxInfo } from './lib/nginx.js';
import { freePort, runMain, spawnChild, tail, waitForOk, type ManagedChild } from './lib/process.js';
import { build, dbSizeMb, gitCommit, log, machineInfo, ROOT, serverCommand, startServer, TMP, writeResults, envInt } from './lib/project.js';
import {
  consoleReport,
  evaluate,
  markdownReport,
  SCALE_TARGETS,
  type CorpusInfo,
  type CpuSplit,
  type EngineKind,
  type Explain,
  type LoadMeasure,
  type PageRow,
  type PgLoad,
  type Preparation,
  type ScaleReport,
  type SearchEngineRun,
  type SearchRow,
  type Setup,
  type WriteRow,
} from './lib/scale-report.js';
import { checkResponse, RARE, RARE_WORD, round1, searchQueries, summarize, timed, type QuerySpec } from './lib/search-queries.js';
import { hasWrk, parseWrk, WRK_BIN } from './lib/wrk.js';
import { formSession, nextIp, type FormSession } from './lib/writes.js';

// ---------------------------------------------------------------------------------------------
// Settings.


/** BENCH_SCALE_ARTICLES: smaller trial runs; the report says when it is not 100,000. */
const CORPUS_SIZE = envInt('BENCH_SCALE_ARTICLES', 100_000);
/** BENCH_SCALE_REPEATS: measured runs per page and per write setup (the median is reported). */
const REPEATS = envInt('BENCH_SCALE_REPEATS', 3);
/** BENCH_SCALE_REQUESTS: sequential measured requests per search query. */
const SEARCH_REQUESTS = envInt('BENCH_SCALE_REQUESTS', 200);
const SEARCH_WARMUP = 20;
/** BENCH_SCALE_SECONDS: seconds of each measured page run and write run. */
const LOAD_SECONDS = envInt('BENCH_SCALE_SECONDS', 5);
const WARMUP_SECONDS = 2;
const CONNECTIONS = 50;
/**
 * BENCH_SCALE_LOADGEN: the page load generator, wrk (default where installed) or autocannon (as
 * bench/pages.ts). On two shared cores the load generator's CPU is taken from the instances; wrk
 * (C) needs a fraction of what autocannon (JavaScript) needs for the same rate.
 */
const LOADGEN = (process.env['BENCH_SCALE_LOADGEN'] ?? (hasWrk() ? 'wrk' : 'autocannon')) as 'wrk' | 'autocannon';
if (!['wrk', 'autocannon'].includes(LOADGEN)) throw new Error('BENCH_SCALE_LOADGEN must be wrk or autocannon');
if (LOADGEN === 'wrk' && !hasWrk()) throw new Error('BENCH_SCALE_LOADGEN=wrk but /usr/bin/wrk is not installed');
const WRITE_CONNECTIONS = 50;
const WRITE_WARMUP_SECONDS = 1;
/** BENCH_SCALE_CACHE=0: prepare the databases anew even when the cache has them. */
const USE_CACHE = process.env['BENCH_SCALE_CACHE'] !== '0';
const EXPLAIN_ALL = process.env['BENCH_SCALE_EXPLAIN'] === 'all';
/** BENCH_SCALE_PREPARE_ONLY=1: fill the cache and stop (measure later, on a quieter machine). */
const PREPARE_ONLY = process.env['BENCH_SCALE_PREPARE_ONLY'] === '1';
/**
 * BENCH_SCALE_PG_LOAD: auto (the app's import; if it would take longer than the budget, stop it and
 * use migrate-data + reindex), import, migrate, or both (import, and time migrate-data + reindex on
 * a second database too).
 */
const PG_LOAD = (process.env['BENCH_SCALE_PG_LOAD'] ?? 'auto') as 'auto' | 'import' | 'migrate' | 'both';
if (!['auto', 'import', 'migrate', 'both'].includes(PG_LOAD)) throw new Error('BENCH_SCALE_PG_LOAD must be auto, import, migrate or both');
/** The import budget in auto mode (seconds); projected from the progress after 20 s. */
const IMPORT_BUDGET_S = envInt('BENCH_SCALE_IMPORT_BUDGET', 600);
/** bench/search.ts's queries, on this corpus. */
const QUERIES = searchQueries(CORPUS_SIZE);

const ARTICLE_EXTERNAL_ID = `bench-${String(Math.min(5000, Math.ceil(CORPUS_SIZE / 2))).padStart(Math.max(6, String(CORPUS_SIZE).length), '0')}`;
const REGION_CODE = '430100';

/** Every instance: production build, no demo data, no /api limit (the search runs send thousands of requests from one address), X-Forwarded-For trusted. */
const SERVER_ENV = { DEMO_DATA: '0', LOG_LEVEL: 'warn', HOST: '127.0.0.1', TRUST_PROXY: 'true', API_RATE_LIMIT: '0' } as const;

const WORK = path.join(TMP, 'scale');
/** BENCH_SCALE_CACHE_DIR: where the prepared databases are kept (default bench/tmp/scale-cache). */
const CACHE_ROOT = path.resolve(ROOT, process.env['BENCH_SCALE_CACHE_DIR'] || path.join(TMP, 'scale-cache'));

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};

// ---------------------------------------------------------------------------------------------
// A throwaway PostgreSQL cluster under bench/tmp (its own, not test/helpers/postgres.ts's: that one
// turns fsync off, which would flatter the write numbers). initdb and postgres refuse root: run
// them as the postgres user.

const PG_BIN = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin'].find((d) => fs.existsSync(path.join(d, 'initdb')));
/** Appended to postgresql.conf: as deploy/postgresql/primary.conf where it matters here, plus TCP on 127.0.0.1 only. */
const PG_CONF = ["listen_addresses = '127.0.0.1'", "unix_socket_directories = ''", 'max_connections = 200', 'fsync = on', 'synchronous_commit = on', 'full_page_writes = on'];

function asPostgres(cmd: string, args: readonly string[]): string {
  if (process.getuid?.() === 0) {
    const line = [cmd, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
    return execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', line], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  }
  return execFileSync(cmd, [...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

interface Cluster {
  readonly port: number;
  readonly logFile: string;
  url(db: string): string;
  postmasterPid(): number;
  stop(): void;
}

function initCluster(dir: string): void {
  if (!PG_BIN) throw new Error('PostgreSQL 15 not found under /usr/lib/postgresql: apt-get install -y postgresql');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
  asPostgres(path.join(PG_BIN, 'initdb'), ['-D', path.join(dir, 'data'), '-U', 'zs', '--auth=trust', '-E', 'UTF8', '--no-locale']);
  const conf = path.join(dir, 'data', 'postgresql.conf');
  fs.appendFileSync(conf, `\n# bench/scale.ts\n${PG_CONF.join('\n')}\n`);
}

/** The pid of a postmaster already running on this data directory (someone else's), or null. */
function runningPostmaster(data: string): number | null {
  try {
    const pid = Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    return pid > 0 && fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('postgres') ? pid : null;
  } catch {
    return null;
  }
}

/** Refuses to touch a cached cluster that a process not started by this run is using. */
function assertNotInUse(clusterDir: string): void {
  const pid = runningPostmaster(path.join(clusterDir, 'data'));
  if (pid !== null)
    throw new Error(`the cached PostgreSQL cluster ${path.relative(ROOT, clusterDir)} is running already (postmaster pid ${pid}, not started by this run): stop it (pg_ctl -D …/data stop, as postgres) and run again`);
}

const liveClusters = new Set<Cluster>();
process.on('exit', () => {
  for (const c of liveClusters) c.stop();
});

async function startCluster(dir: string): Promise<Cluster> {
  if (!PG_BIN) throw new Error('PostgreSQL not found');
  const data = path.join(dir, 'data');
  assertNotInUse(dir);
  const port = await freePort();
  asPostgres(path.join(PG_BIN, 'pg_ctl'), ['-D', data, '-l', path.join(dir, 'log'), '-o', `-p ${port}`, '-w', '-t', '120', 'start']);
  const cluster: Cluster = {
    port,
    logFile: path.join(dir, 'log'),
    url: (db) => `postgres://zs@127.0.0.1:${port}/${db}`,
    postmasterPid: () => Number(fs.readFileSync(path.join(data, 'postmaster.pid'), 'utf8').split('\n')[0]),
    stop() {
      if (!liveClusters.delete(cluster)) return;
      try {
        asPostgres(path.join(PG_BIN as string, 'pg_ctl'), ['-D', data, '-m', 'fast', '-w', 'stop']);
      } catch (err) {
        console.error(`[bench] pg_ctl stop failed: ${(err as Error).message}`);
      }
    },
  };
  liveClusters.add(cluster);
  log(`PostgreSQL cluster ${dir} on 127.0.0.1:${port}`);
  return cluster;
}

async function pgQuery<T extends pg.QueryResultRow>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text, values)).rows;
  } finally {
    await client.end();
  }
}

/** CPU seconds of the postmaster and its children (backends, checkpointer, walwriter…). */
function pgCpuSeconds(postmaster: number): number {
  let ticks = 0;
  for (const pid of fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e))) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue;
    }
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(pid) === postmaster) {
      // Its own time, and that of the backends that have ended (reaped children).
      ticks += Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]);
    } else if (Number(rest[1]) === postmaster) {
      ticks += Number(rest[11]) + Number(rest[12]);
    }
  }
  return ticks / 100; // CLK_TCK is 100 on Linux
}

/** Busy CPU seconds of the whole machine (all cores), from /proc/stat. */
function machineBusySeconds(): number {
  const f = (fs.readFileSync('/proc/stat', 'utf8').split('\n')[0] ?? '').trim().split(/\s+/).slice(1).map(Number);
  // user nice system idle iowait irq softirq steal: busy = all but idle and iowait.
  const busy = (f[0] ?? 0) + (f[1] ?? 0) + (f[2] ?? 0) + (f[5] ?? 0) + (f[6] ?? 0) + (f[7] ?? 0);
  return busy / 100;
}

/** CPU seconds of this process and of its ended children (wrk runs). */
function selfAndReapedSeconds(): number {
  const rest = fs.readFileSync('/proc/self/stat', 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14])) / 100;
}

/** What other processes on the machine use now (percent of one core, over `ms`). */
async function backgroundLoad(ms = 3000): Promise<number> {
  const a = machineBusySeconds();
  const self = selfAndReapedSeconds();
  await sleep(ms);
  return Math.round(((machineBusySeconds() - a - (selfAndReapedSeconds() - self)) / (ms / 1000)) * 100);
}

// ---------------------------------------------------------------------------------------------
// Corpus and the prepared databases (cached under bench/tmp/scale-cache/<key>).

interface Corpus {
  readonly info: CorpusInfo;
  readonly jsonl: string;
  readonly generateMs: number;
  readonly articleTitle: string;
}

function makeCorpus(): Corpus {
  const t = performance.now();
  const articles = generateArticles(CORPUS_SIZE, { inject: RARE });
  const jsonl = toJsonLines(articles);
  const generateMs = performance.now() - t;
  const chosen = articles.find((a) => a.id === ARTICLE_EXTERNAL_ID);
  if (!chosen) throw new Error(`corpus has no article ${ARTICLE_EXTERNAL_ID}`);
  const bodyBytesMean = articles.reduce((s, a) => s + Buffer.byteLength(a.body), 0) / articles.length;
  const jsonLinesMb = Buffer.byteLength(jsonl) / 1048576;
  log(`generated ${articles.length} articles, mean body ${Math.round(bodyBytesMean)} bytes, ${jsonLinesMb.toFixed(1)} MB JSON Lines (${Math.round(generateMs)} ms)`);
  return {
    info: { articles: CORPUS_SIZE, standard: CORPUS_SIZE === 100_000, bodyBytesMean: Math.round(bodyBytesMean), jsonLinesMb: round1(jsonLinesMb), rare: { word: RARE_WORD, ...RARE } },
    jsonl,
    generateMs,
    articleTitle: chosen.title,
  };
}

/** Corpus size + the schema (src/db/migrations) + the search index's code (src/search): what the prepared data depends on. */
function cacheKey(): string {
  const h = createHash('sha256');
  h.update(`corpus ${CORPUS_SIZE} seed default rare ${RARE.sentence}/${RARE.every}\n`);
  for (const dir of ['src/db/migrations', 'src/search']) {
    for (const f of fs.readdirSync(path.join(ROOT, dir)).sort()) {
      h.update(`${dir}/${f}\n`);
      h.update(fs.readFileSync(path.join(ROOT, dir, f)));
    }
  }
  return `n${CORPUS_SIZE}-${h.digest('hex').slice(0, 12)}`;
}

interface CacheMeta {
  readonly key: string;
  readonly preparedAt: string;
  readonly preparedCommit: string;
  readonly generateMs: number;
  readonly sqlite: Preparation['sqlite'];
  readonly postgres: PgLoad;
}

class ImportAbandoned extends Error {
  constructor(
    readonly done: number,
    readonly afterMs: number,
    readonly projectedMs: number,
  ) {
    super(`import would take ${Math.round(projectedMs / 1000)} s`);
  }
}

async function prepareSqlite(file: string, items: ReturnType<typeof parseJsonLines>): Promise<Omit<Preparation['sqlite'], 'otherCpuPct'>> {
  const runtime = await boot(loadConfig({ DATABASE_URL: `sqlite:${file}`, DEMO_DATA: '0', LOG_LEVEL: 'warn' }));
  try {
    const t = performance.now();
    const summary = await importArticles(runtime.database.db, runtime, items);
    const importMs = performance.now() - t;
    if (summary.added !== CORPUS_SIZE) throw new Error(`SQLite: import added ${summary.added}, expected ${CORPUS_SIZE}`);
    await sql`pragma wal_checkpoint(TRUNCATE)`.execute(runtime.database.db);
    log(`SQLite: imported ${summary.added} articles in ${Math.round(importMs)} ms`);
    return { importMs: Math.round(importMs), perSec: Math.round(CORPUS_SIZE / (importMs / 1000)), dbMb: 0 };
  } finally {
    await runtime.database.close();
  }
}

/** The app's import into a fresh PostgreSQL database; in auto mode abandoned (rolled back) when it would overrun the budget. */
async function pgImport(url: string, items: ReturnType<typeof parseJsonLines>, budget: boolean): Promise<number> {
  const runtime = await boot(loadConfig({ DATABASE_URL: url, DEMO_DATA: '0', LOG_LEVEL: 'warn', AUTO_MIGRATE: '1' }));
  try {
    const t = performance.now();
    let lastLog = t;
    const summary = await importArticles(runtime.database.db, runtime, items, (done, total) => {
      const now = performance.now();
      if (now - lastLog > 15_000) {
        lastLog = now;
        log(`  PostgreSQL import: ${done}/${total} (${Math.round((now - t) / 1000)} s)`);
      }
      const elapsed = now - t;
      if (budget && elapsed > 20_000) {
        const projected = (elapsed / done) * total;
        if (projected > IMPORT_BUDGET_S * 1000) throw new ImportAbandoned(done, elapsed, projected);
      }
    });
    const ms = performance.now() - t;
    if (summary.added !== CORPUS_SIZE) throw new Error(`PostgreSQL: import added ${summary.added}, expected ${CORPUS_SIZE}`);
    log(`PostgreSQL: imported ${summary.added} articles in ${Math.round(ms)} ms`);
    return Math.round(ms);
  } finally {
    await runtime.database.close();
  }
}

/** migrate-data from the prepared SQLite file, then the search index built at first start (boot). */
async function pgMigrate(url: string, sqliteFile: string): Promise<{ migrateMs: number; reindexMs: number; reindexReturned: number }> {
  let t = performance.now();
  const report = await migrateData({ from: `sqlite:${sqliteFile}`, to: url, log: () => {} });
  const migrateMs = Math.round(performance.now() - t);
  log(`PostgreSQL: migrate-data copied ${report.rows} rows in ${migrateMs} ms`);
  t = performance.now();
  const runtime = await boot(loadConfig({ DATABASE_URL: url, DEMO_DATA: '0', LOG_LEVEL: 'warn' }));
  const reindexMs = Math.round(performance.now() - t);
  await runtime.database.close();
  if (runtime.reindexed === null) throw new Error('PostgreSQL: the first start after migrate-data did not build the search index');
  // Counted in the table: what the rebuild says it did is checked, not trusted.
  const [row] = await pgQuery<{ n: string }>(url, 'select count(*) as n from articles_search');
  const indexed = Number(row?.n ?? NaN);
  if (indexed !== CORPUS_SIZE) throw new Error(`PostgreSQL: the search index holds ${indexed} articles after the first start, expected ${CORPUS_SIZE}`);
  if (runtime.reindexed !== indexed) log(`PostgreSQL: rebuildSearchIndex returned ${runtime.reindexed} but the index holds ${indexed} articles`);
  log(`PostgreSQL: search index built at first start: ${indexed} articles in ${reindexMs} ms`);
  return { migrateMs, reindexMs, reindexReturned: runtime.reindexed };
}

async function preparePostgres(cluster: Cluster, items: ReturnType<typeof parseJsonLines>, sqliteFile: string): Promise<Omit<PgLoad, 'otherCpuPct'>> {
  const admin = cluster.url('postgres');
  const fresh = async (db: string) => {
    await pgQuery(admin, `drop database if exists ${db} with (force)`);
    await pgQuery(admin, `create database ${db}`);
  };
  let importMs: number | null = null;
  let importAbandoned: PgLoad['importAbandoned'] = null;
  let migrate: { migrateMs: number; reindexMs: number; reindexReturned: number } | null = null;
  let pathUsed: PgLoad['path'] = 'import';
  await fresh('prepared');
  if (PG_LOAD !== 'migrate') {
    try {
      importMs = await pgImport(cluster.url('prepared'), items, PG_LOAD === 'auto');
    } catch (err) {
      if (!(err instanceof ImportAbandoned)) throw err;
      importAbandoned = { afterMs: Math.round(err.afterMs), done: err.done, projectedMs: Math.round(err.projectedMs) };
      log(`PostgreSQL: import abandoned after ${Math.round(err.afterMs / 1000)} s at ${err.done} articles (projected ${Math.round(err.projectedMs / 1000)} s); using migrate-data`);
    }
  }
  if (importMs === null) {
    pathUsed = 'migrate';
    await fresh('prepared');
    migrate = await pgMigrate(cluster.url('prepared'), sqliteFile);
  } else if (PG_LOAD === 'both') {
    await fresh('migrated');
    migrate = await pgMigrate(cluster.url('migrated'), sqliteFile);
    await pgQuery(admin, 'drop database migrated with (force)');
  }
  const t = performance.now();
  await pgQuery(cluster.url('prepared'), 'vacuum analyze');
  const analyzeMs = Math.round(performance.now() - t);
  const [size] = await pgQuery<{ db: string; search: string; method: string }>(
    cluster.url('prepared'),
    `select pg_database_size(current_database()) as db, pg_total_relation_size('articles_search') as search,
       (select am.amname from pg_class c join pg_am am on am.oid = c.relam where c.relname = 'articles_search_doc') as method`,
  );
  return {
    path: pathUsed,
    importMs,
    importAbandoned,
    migrateMs: migrate?.migrateMs ?? null,
    reindexMs: migrate?.reindexMs ?? null,
    reindexReturned: migrate?.reindexReturned ?? null,
    analyzeMs,
    dbMb: round1(Number(size?.db ?? 0) / 1048576),
    searchMb: round1(Number(size?.search ?? 0) / 1048576),
    searchIndexMethod: size?.method ?? '?',
  };
}

interface Prepared {
  readonly preparation: Preparation;
  readonly cluster: Cluster;
  /** Working copies for this run. */
  readonly sqliteFile: string;
  readonly pgUrl: string;
}

async function prepare(corpus: Corpus): Promise<Prepared> {
  const t0 = performance.now();
  const key = cacheKey();
  const dir = path.join(CACHE_ROOT, key);
  const metaFile = path.join(dir, 'meta.json');
  const cachedSqlite = path.join(dir, 'prepared.db');
  const pgDir = path.join(dir, 'pg');
  let meta: CacheMeta | null = null;
  if (USE_CACHE && fs.existsSync(metaFile)) meta = JSON.parse(fs.readFileSync(metaFile, 'utf8')) as CacheMeta;
  const fromCache = meta !== null;
  let cluster: Cluster;
  if (meta) {
    log(`using the prepared databases in ${path.relative(ROOT, dir)} (made ${meta.preparedAt}, commit ${meta.preparedCommit})`);
    cluster = await startCluster(pgDir);
  } else {
    // Sets of the same size made from other code are stale, and large: removed. Other sizes stay
    // (a trial run does not cost the 100,000-article set); remove bench/tmp/scale-cache to reclaim it all.
    fs.mkdirSync(CACHE_ROOT, { recursive: true });
    for (const k of fs.readdirSync(CACHE_ROOT)) {
      if (k !== key && !k.startsWith(`n${CORPUS_SIZE}-`)) continue;
      const busy = runningPostmaster(path.join(CACHE_ROOT, k, 'pg', 'data'));
      if (busy !== null && k === key) assertNotInUse(path.join(CACHE_ROOT, k, 'pg'));
      if (busy !== null) {
        log(`left ${path.relative(ROOT, path.join(CACHE_ROOT, k))} in place: a PostgreSQL server not started by this run (pid ${busy}) is using it`);
        continue;
      }
      fs.rmSync(path.join(CACHE_ROOT, k), { recursive: true, force: true });
    }
    fs.mkdirSync(dir, { recursive: true });
    const items = parseJsonLines(corpus.jsonl);
    let meter = cpuMeter({ app: [], nginx: null, postmaster: null });
    const sqliteInfo = { ...(await prepareSqlite(cachedSqlite, items)), otherCpuPct: meter().other };
    initCluster(pgDir);
    cluster = await startCluster(pgDir);
    meter = cpuMeter({ app: [], nginx: null, postmaster: cluster.postmasterPid() });
    const pgLoad = { ...(await preparePostgres(cluster, items, cachedSqlite)), otherCpuPct: meter().other };
    meta = {
      key,
      preparedAt: new Date().toISOString(),
      preparedCommit: gitCommit(),
      generateMs: Math.round(corpus.generateMs),
      sqlite: { ...sqliteInfo, dbMb: dbSizeMb(cachedSqlite) },
      postgres: pgLoad,
    };
    fs.writeFileSync(metaFile, JSON.stringify(meta, null, 2) + '\n');
  }
  // Working copies: the prepared databases stay as they are (the run writes tips).
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  const sqliteFile = path.join(WORK, 'run.db');
  fs.copyFileSync(cachedSqlite, sqliteFile);
  await pgQuery(cluster.url('postgres'), 'drop database if exists run with (force)');
  await pgQuery(cluster.url('postgres'), 'create database run template prepared');
  const thisRunMs = Math.round(performance.now() - t0);
  log(`working copies ready (${thisRunMs} ms)`);
  return {
    cluster,
    sqliteFile,
    pgUrl: cluster.url('run'),
    preparation: {
      key,
      cacheDir: path.relative(ROOT, dir),
      cached: fromCache,
      preparedAt: meta.preparedAt,
      preparedCommit: meta.preparedCommit,
      generateMs: meta.generateMs,
      sqlite: meta.sqlite,
      postgres: meta.postgres,
      thisRunMs,
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Instances, nginx, CPU.

interface Instance {
  readonly child: ManagedChild;
  readonly port: number;
}

interface Engine {
  readonly kind: EngineKind;
  readonly databaseUrl: string;
  /** The PostgreSQL cluster's postmaster, for its CPU. */
  readonly postmaster: number | null;
}

async function startInstances(engine: Engine, n: number, pageCache: 'default' | 'off', tag: string): Promise<Instance[]> {
  const env: Record<string, string> = { ...SERVER_ENV, DATABASE_URL: engine.databaseUrl };
  if (pageCache === 'off') env['PAGE_CACHE_ENTRIES'] = '0';
  return Promise.all(
    Array.from({ length: n }, async (_, i) => {
      const port = await freePort();
      const { child } = await startServer({ dbFile: '', port, logFile: path.join(WORK, `server-${tag}-${i + 1}.log`), env });
      return { child, port };
    }),
  );
}

async function stopInstances(instances: readonly Instance[]): Promise<void> {
  await Promise.all(instances.map((i) => i.child.stop()));
  for (const i of instances) {
    const t = tail(i.child.logFile, 5);
    if (t && t !== '(no log)') log(`server log ${path.basename(i.child.logFile)} (last lines):\n${t}`);
  }
}

/** As deploy/nginx.conf: a worker per core, 32 idle upstream connections kept per worker. */
const NGINX_WORKERS = 'auto';
const NGINX_KEEPALIVE = 32;

function nginxProxyConfig(opts: { dir: string; port: number; upstreams: readonly number[]; tempPaths: readonly string[] }): string {
  const temp = opts.tempPaths.map((k) => `  ${k}_temp_path ${path.join(opts.dir, `nginx-${k}`)};`).join('\n');
  return `# Written by bench/scale.ts for one run; not a deployment config (see deploy/nginx.conf).
# Run as: nginx -p DIR -c THIS -g 'daemon off; pid DIR/nginx.pid;'
user root;
worker_processes ${NGINX_WORKERS};
error_log ${path.join(opts.dir, 'nginx-error.log')} warn;

events {
  worker_connections 4096;
}

http {
  access_log off;
  keepalive_timeout 65;
  keepalive_requests 1000000;
${temp}

  # The load generator is many clients: it names each in X-Forwarded-For, and nginx takes that as
  # the client address (realip), then adds it as the last hop as deploy/nginx.conf does, so the
  # app (TRUST_PROXY=true) sees one address per simulated client.
  set_real_ip_from 127.0.0.1;
  real_ip_header X-Forwarded-For;

  upstream zhaoshang {
${opts.upstreams.map((p) => `    server 127.0.0.1:${p};`).join('\n')}
    keepalive ${NGINX_KEEPALIVE};
    keepalive_requests 1000000;
    keepalive_timeout 60s;
  }

  server {
    listen 127.0.0.1:${opts.port};
    location / {
      proxy_pass http://zhaoshang;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_set_header Host $host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
    }
  }
}
`;
}

async function startProxy(info: NginxInfo, upstreams: readonly number[], tag: string): Promise<{ child: ManagedChild; port: number }> {
  const dir = path.join(WORK, 'nginx');
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const conf = path.join(dir, `nginx-${tag}.conf`);
  fs.writeFileSync(conf, nginxProxyConfig({ dir, port, upstreams, tempPaths: info.tempPaths }));
  const args = ['-p', dir, '-e', path.join(dir, 'nginx-error.log'), '-c', conf, '-g', `daemon off; pid ${path.join(dir, 'nginx.pid')};`];
  execFileSync(info.bin, [...args, '-t', '-q'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const child = spawnChild({ name: 'nginx', command: info.bin, args, cwd: dir, logFile: path.join(dir, `nginx-${tag}.out`) });
  await waitForOk(`http://127.0.0.1:${port}/healthz`, child);
  log(`nginx pid ${child.pid} on 127.0.0.1:${port} → ${upstreams.join(', ')}`);
  return { child, port };
}

interface Parties {
  readonly app: readonly number[];
  readonly nginx: number | null;
  readonly postmaster: number | null;
}

/** Starts a CPU measurement of every party; the returned function ends it (percent of one core). */
function cpuMeter(p: Parties): () => CpuSplit {
  const snap = () => ({
    app: p.app.reduce((s, pid) => s + groupCpuSeconds(pid), 0),
    nginx: p.nginx === null ? 0 : groupCpuSeconds(p.nginx),
    pg: p.postmaster === null ? 0 : pgCpuSeconds(p.postmaster),
    self: selfAndReapedSeconds(),
    machine: machineBusySeconds(),
    wall: performance.now(),
  });
  const a = snap();
  return () => {
    const b = snap();
    const s = (b.wall - a.wall) / 1000;
    const pct = (x: number) => Math.round((x / s) * 100);
    const app = b.app - a.app;
    const nginx = b.nginx - a.nginx;
    const pgs = b.pg - a.pg;
    const self = b.self - a.self;
    return {
      app: pct(app),
      nginx: p.nginx === null ? null : pct(nginx),
      postgres: p.postmaster === null ? null : pct(pgs),
      loadgen: pct(self),
      other: Math.max(0, pct(b.machine - a.machine - app - nginx - pgs - self)),
    };
  };
}

// ---------------------------------------------------------------------------------------------
// Search latency (as bench/search.ts).





async function searchRun(base: string, spec: QuerySpec | null, parties: Parties): Promise<{ path: string; run: SearchEngineRun }> {
  const urlPath = spec ? `/api/v1/search?${new URLSearchParams(spec.params).toString()}` : '/healthz';
  const url = base + urlPath;
  let total: number | null = null;
  const check = (r: { status: number; text: string }) => {
    if (!spec) {
      if (r.status !== 200) throw new Error(`/healthz: status ${r.status}`);
      return;
    }
    total = checkResponse(spec, r.status, r.text, total).total;
  };
  for (let i = 0; i < SEARCH_WARMUP; i++) check(await timed(url));
  const ms: number[] = [];
  const app0 = parties.app.reduce((s, p) => s + groupCpuSeconds(p), 0);
  const pg0 = parties.postmaster === null ? 0 : pgCpuSeconds(parties.postmaster);
  for (let i = 0; i < SEARCH_REQUESTS; i++) {
    const r = await timed(url);
    ms.push(r.ms);
    check(r);
  }
  const appMs = (parties.app.reduce((s, p) => s + groupCpuSeconds(p), 0) - app0) * 1000;
  const pgMs = parties.postmaster === null ? null : (pgCpuSeconds(parties.postmaster) - pg0) * 1000;
  return { path: urlPath, run: { total: total ?? 0, latencyMs: summarize(ms), appCpuMs: round1(appMs / SEARCH_REQUESTS), dbCpuMs: pgMs === null ? null : round1(pgMs / SEARCH_REQUESTS) } };
}

async function searchAll(engine: Engine, instance: Instance): Promise<Map<string, { path: string; run: SearchEngineRun }>> {
  const base = `http://127.0.0.1:${instance.port}`;
  const parties: Parties = { app: [instance.child.pid], nginx: null, postmaster: engine.postmaster };
  const out = new Map<string, { path: string; run: SearchEngineRun }>();
  out.set('/healthz', await searchRun(base, null, parties));
  for (const spec of QUERIES) {
    const r = await searchRun(base, spec, parties);
    const l = r.run.latencyMs;
    log(`${engine.kind} search ${spec.name}: total ${r.run.total}, p50 ${l.p50} ms, p95 ${l.p95} ms, p99 ${l.p99} ms; app CPU ${r.run.appCpuMs} ms/req${r.run.dbCpuMs === null ? '' : `, PostgreSQL CPU ${r.run.dbCpuMs} ms/req`}`);
    out.set(spec.name, r);
  }
  return out;
}

/**
 * What the app really runs on PostgreSQL, with plans: auto_explain (log_analyze, buffers) switched
 * on for the database, a runtime booted against it (its new connections, the search connections
 * with their own planner settings among them, load the module), each action run once to warm up
 * and once while the server log is read. Statements under MIN_PLAN_MS are left out.
 */
const MIN_PLAN_MS = 1;

interface PlanCapture {
  readonly name: string;
  readonly run: () => Promise<unknown>;
}

function parseAutoExplain(text: string): { ms: number; sql: string; plan: string }[] {
  const out: { ms: number; sql: string; plan: string }[] = [];
  let cur: { ms: number; sql: string[]; plan: string[]; inPlan: boolean } | null = null;
  const flush = () => {
    if (cur) out.push({ ms: cur.ms, sql: cur.sql.join('\n').trim(), plan: cur.plan.join('\n') });
    cur = null;
  };
  for (const line of text.split('\n')) {
    const head = /LOG:\s+duration: ([\d.]+) ms\s+plan:/.exec(line);
    if (head) {
      flush();
      cur = { ms: Number(head[1]), sql: [], plan: [], inPlan: false };
      continue;
    }
    if (!cur) continue;
    if (!line.startsWith('\t')) {
      flush();
      continue;
    }
    const l = line.slice(1);
    const c = cur as { ms: number; sql: string[]; plan: string[]; inPlan: boolean };
    if (!c.inPlan && /\((cost|actual)[ =]/.test(l)) c.inPlan = true;
    if (c.inPlan) c.plan.push(l);
    else c.sql.push(l.replace(/^Query Text: /, ''));
  }
  flush();
  return out;
}

async function capturePlans(cluster: Cluster, dbUrl: string, captures: (rt: Awaited<ReturnType<typeof boot>>) => PlanCapture[]): Promise<Explain[]> {
  const db = new URL(dbUrl).pathname.slice(1);
  const admin = cluster.url('postgres');
  for (const set of ["session_preload_libraries = 'auto_explain'", 'auto_explain.log_min_duration = 0', 'auto_explain.log_analyze = on', 'auto_explain.log_buffers = on']) {
    await pgQuery(admin, `alter database ${db} set ${set}`);
  }
  const runtime = await boot(loadConfig({ DATABASE_URL: dbUrl, DEMO_DATA: '0', LOG_LEVEL: 'warn' }));
  const out: Explain[] = [];
  try {
    for (const c of captures(runtime)) {
      await c.run();
      await sleep(200);
      const from = fs.statSync(cluster.logFile).size;
      const t = performance.now();
      await c.run();
      const ms = performance.now() - t;
      await sleep(300);
      const fd = fs.openSync(cluster.logFile, 'r');
      const buf = Buffer.alloc(fs.statSync(cluster.logFile).size - from);
      fs.readSync(fd, buf, 0, buf.length, from);
      fs.closeSync(fd);
      const all = parseAutoExplain(buf.toString('utf8'));
      const kept = all.filter((st) => st.ms >= MIN_PLAN_MS);
      out.push({
        name: c.name,
        summary: `${all.length} statements in ${round1(ms)} ms (with EXPLAIN ANALYZE's overhead; ${all.length - kept.length} under ${MIN_PLAN_MS} ms left out)`,
        statements: kept.map((st) => ({ what: `${round1(st.ms)} ms`, sql: st.sql, plan: st.plan })),
      });
      log(`plans of ${c.name}: ${all.map((st) => `${round1(st.ms)} ms`).join(', ')}`);
    }
  } finally {
    await runtime.database.close();
    await pgQuery(admin, `alter database ${db} reset all`);
  }
  return out;
}

function searchCapture(rt: Awaited<ReturnType<typeof boot>>, spec: QuerySpec): PlanCapture {
  const ctx = { database: rt.database, gazetteer: rt.gazetteer, segmenter: rt.segmenter, search: rt.search, cache: new PageCache(0) } as Partial<AppContext> as AppContext;
  const params = searchQuery.parse(spec.params);
  return { name: `search ${spec.name}`, run: () => search(ctx, params, parse(ctx, params.q)) };
}

// ---------------------------------------------------------------------------------------------
// Pages.

interface PageSpec {
  readonly name: string;
  readonly path: string;
  readonly expect: string;
}

async function checkPage(base: string, page: PageSpec): Promise<void> {
  const res = await fetch(base + page.path);
  const text = await res.text();
  if (res.status !== 200) throw new Error(`${base}${page.path}: status ${res.status}`);
  if (!text.includes(page.expect)) throw new Error(`${base}${page.path}: page does not contain “${page.expect}”`);
}

type OneRun = Pick<LoadResult, 'reqPerSec' | 'requests' | 'non2xx' | 'errors' | 'timeouts'> & { latencyMs: { p50: number; p99: number } };

/** One measured run with the chosen load generator (wrk: socket errors, timeouts among them, count as errors). */
async function loadOnce(url: string, seconds: number): Promise<OneRun> {
  if (LOADGEN === 'autocannon') return runLoad(url, { connections: CONNECTIONS, durationS: seconds, warmupS: 0, timeoutS: 10 });
  // bench/lib/wrk.ts's runWrk, with a 10 s timeout (wrk's default 2 s counts the slowest uncached pages as errors).
  const { stdout } = await promisify(execFile)(WRK_BIN, ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--timeout', '10s', '--latency', url], { encoding: 'utf8' });
  const w = parseWrk(url, stdout, seconds, null);
  return { reqPerSec: w.reqPerSec, requests: w.requests, non2xx: w.non2xx3xx, errors: w.socketErrors, timeouts: 0, latencyMs: w.latencyMs };
}

async function measurePage(base: string, page: PageSpec, parties: Parties, label: string): Promise<LoadMeasure> {
  await checkPage(base, page);
  await loadOnce(base + page.path, WARMUP_SECONDS);
  const runs: { r: OneRun; cpu: CpuSplit }[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const meter = cpuMeter(parties);
    const r = await loadOnce(base + page.path, LOAD_SECONDS);
    runs.push({ r, cpu: meter() });
  }
  const rates = runs.map((x) => x.r.reqPerSec);
  const mid = [...runs].sort((a, b) => a.r.reqPerSec - b.r.reqPerSec)[Math.floor(runs.length / 2)] as { r: OneRun; cpu: CpuSplit };
  const m: LoadMeasure = {
    reqPerSec: Math.round(median(rates)),
    runs: rates.map((x) => Math.round(x)),
    p50Ms: median(runs.map((x) => x.r.latencyMs.p50)),
    p99Ms: median(runs.map((x) => x.r.latencyMs.p99)),
    requests: runs.reduce((s, x) => s + x.r.requests, 0),
    non2xx: runs.reduce((s, x) => s + x.r.non2xx, 0),
    errors: runs.reduce((s, x) => s + x.r.errors, 0),
    timeouts: runs.reduce((s, x) => s + x.r.timeouts, 0),
    cpu: mid.cpu,
  };
  log(`  ${label} ${page.name}: ${m.reqPerSec} req/s (${m.runs.join(', ')}), p99 ${m.p99Ms} ms; CPU ${JSON.stringify(m.cpu)}${m.non2xx + m.errors + m.timeouts ? `; non-2xx ${m.non2xx}, errors ${m.errors}, timeouts ${m.timeouts}` : ''}`);
  return m;
}

// ---------------------------------------------------------------------------------------------
// Writes: POST /submit.

interface PostOutcome {
  readonly status: number;
  readonly ms: number;
}

function postOnce(agent: http.Agent, port: number, session: FormSession, n: number): Promise<PostOutcome> {
  const body = new URLSearchParams({
    _csrf: session.token,
    title: `基准测试投稿 第${n}号：长沙经开区新能源项目签约`,
    region: REGION_CODE,
    body: `长沙经济技术开发区今日集中签约新能源产业项目，总投资约${(n % 90) + 10}亿元，预计年内开工建设。（基准测试第${n}号）`,
    source_url: '',
    name: '基准测试',
    contact: '13812345678',
    website: '',
  }).toString();
  const t = performance.now();
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: '127.0.0.1',
        port,
        path: '/submit',
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'content-length': Buffer.byteLength(body),
          cookie: session.cookie,
          'x-forwarded-for': nextIp(),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** WRITE_CONNECTIONS workers, each posting one tip after another until the deadline; every request is awaited. */
async function postFor(port: number, session: FormSession, seconds: number): Promise<{ outcomes: PostOutcome[]; errors: number; seconds: number }> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: WRITE_CONNECTIONS });
  const outcomes: PostOutcome[] = [];
  let errors = 0;
  let n = 0;
  const t0 = performance.now();
  const deadline = t0 + seconds * 1000;
  await Promise.all(
    Array.from({ length: WRITE_CONNECTIONS }, async () => {
      while (performance.now() < deadline) {
        try {
          outcomes.push(await postOnce(agent, port, session, ++n));
        } catch {
          errors++;
        }
      }
    }),
  );
  const elapsed = (performance.now() - t0) / 1000;
  agent.destroy();
  return { outcomes, errors, seconds: elapsed };
}

async function countSubmissions(engine: Engine): Promise<number> {
  if (engine.kind === 'postgres') {
    const [r] = await pgQuery<{ n: string }>(engine.databaseUrl, 'select count(*) as n from submissions');
    return Number(r?.n ?? NaN);
  }
  const db = new SQLite(engine.databaseUrl.slice('sqlite:'.length), { readonly: true });
  try {
    return Number((db.prepare('select count(*) as n from submissions').get() as { n: number }).n);
  } finally {
    db.close();
  }
}

async function measureWrites(engine: Engine, setup: Setup, port: number, parties: Parties): Promise<WriteRow> {
  const session = await formSession(port, '/submit');
  const rowsBefore = await countSubmissions(engine);
  const all: PostOutcome[] = [];
  let errors = 0;
  const warm = await postFor(port, session, WRITE_WARMUP_SECONDS);
  all.push(...warm.outcomes);
  errors += warm.errors;
  const runs: { rate: number; ms: number[]; cpu: CpuSplit }[] = [];
  for (let i = 0; i < REPEATS; i++) {
    const meter = cpuMeter(parties);
    const r = await postFor(port, session, LOAD_SECONDS);
    const cpu = meter();
    all.push(...r.outcomes);
    errors += r.errors;
    const ok = r.outcomes.filter((o) => o.status === 303);
    runs.push({ rate: ok.length / r.seconds, ms: r.outcomes.map((o) => o.ms), cpu });
  }
  await sleep(200);
  const rowsAfter = await countSubmissions(engine);
  const statuses: Record<string, number> = {};
  for (const o of all) statuses[String(o.status)] = (statuses[String(o.status)] ?? 0) + 1;
  const successes = statuses['303'] ?? 0;
  const measuredMs = runs.flatMap((r) => r.ms);
  const lat = summarize(measuredMs);
  const mid = [...runs].sort((a, b) => a.rate - b.rate)[Math.floor(runs.length / 2)] as (typeof runs)[number];
  const row: WriteRow = {
    setup,
    writesPerSec: Math.round(median(runs.map((r) => r.rate))),
    runs: runs.map((r) => Math.round(r.rate)),
    p50Ms: lat.p50,
    p99Ms: lat.p99,
    posts: all.length + errors,
    successes,
    statuses,
    errors,
    rowsBefore,
    rowsAfter,
    rowsMatch: rowsAfter - rowsBefore === successes,
    cpu: mid.cpu,
  };
  log(`  ${setup.label} writes: ${row.writesPerSec}/s (${row.runs.join(', ')}), p99 ${row.p99Ms} ms; ${successes} × 303 of ${row.posts}, rows +${rowsAfter - rowsBefore}; CPU ${JSON.stringify(row.cpu)}`);
  return row;
}

// ---------------------------------------------------------------------------------------------
// The runs.

const SETUPS: readonly Setup[] = [
  { id: 'sqlite-direct', label: 'SQLite 1 direct', engine: 'sqlite', instances: 1, nginx: false },
  { id: 'sqlite-nginx-1', label: 'SQLite 1 via nginx', engine: 'sqlite', instances: 1, nginx: true },
  { id: 'pg-direct', label: 'PG 1 direct', engine: 'postgres', instances: 1, nginx: false },
  { id: 'pg-nginx-1', label: 'PG 1 via nginx', engine: 'postgres', instances: 1, nginx: true },
  { id: 'pg-nginx-2', label: 'PG 2 via nginx', engine: 'postgres', instances: 2, nginx: true },
];

/**
 * One engine with one page-cache setting: its instances (two on PostgreSQL: the second idles while
 * the one-instance setups run), each setup's pages, and with the cache on the writes.
 */
async function engineSession(
  engine: Engine,
  pageCache: 'default' | 'off',
  pages: readonly PageSpec[],
  nginx: NginxInfo | null,
  results: Map<string, Map<string, LoadMeasure>>,
  writes: WriteRow[],
  search: ((instance: Instance) => Promise<void>) | null,
): Promise<void> {
  const setups = SETUPS.filter((s) => s.engine === engine.kind && (nginx || !s.nginx));
  const n = Math.max(...setups.map((s) => s.instances));
  const instances = await startInstances(engine, n, pageCache, `${engine.kind}-${pageCache}`);
  try {
    const first = instances[0] as Instance;
    if (search) await search(first);
    for (const setup of setups) {
      const used = instances.slice(0, setup.instances);
      let proxy: { child: ManagedChild; port: number } | null = null;
      if (setup.nginx && nginx) proxy = await startProxy(nginx, used.map((i) => i.port), setup.id);
      try {
        const port = proxy ? proxy.port : first.port;
        const parties: Parties = { app: used.map((i) => i.child.pid), nginx: proxy?.child.pid ?? null, postmaster: engine.postmaster };
        log(`${setup.label}, page cache ${pageCache}:`);
        for (const page of pages) {
          const m = await measurePage(`http://127.0.0.1:${port}`, page, parties, setup.label);
          const key = `${page.name}|${pageCache}`;
          if (!results.has(key)) results.set(key, new Map());
          results.get(key)?.set(setup.id, m);
        }
        if (pageCache === 'default') writes.push(await measureWrites(engine, setup, port, parties));
      } finally {
        await proxy?.child.stop();
      }
    }
  } finally {
    await stopInstances(instances);
  }
}

async function articlePathOf(engine: Engine): Promise<string> {
  const key = `ext:${ARTICLE_EXTERNAL_ID}`;
  if (engine.kind === 'postgres') {
    const [r] = await pgQuery<{ id: number }>(engine.databaseUrl, 'select id from articles where import_key = $1', [key]);
    if (!r) throw new Error(`PostgreSQL: no article ${key}`);
    return `/articles/${r.id}`;
  }
  const db = new SQLite(engine.databaseUrl.slice('sqlite:'.length), { readonly: true });
  try {
    const r = db.prepare('select id from articles where import_key = ?').get(key) as { id: number } | undefined;
    if (!r) throw new Error(`SQLite: no article ${key}`);
    return `/articles/${r.id}`;
  } finally {
    db.close();
  }
}

function notesFor(r: Omit<ScaleReport, 'notes' | 'checks' | 'totalSeconds'>, nginx: NginxInfo | null): string[] {
  const notes = [
    `Two cores for everything: the load generator (${LOADGEN}${LOADGEN === 'autocannon' ? ', JavaScript, in the orchestrating process' : ', 1 thread'}), nginx (worker_processes ${NGINX_WORKERS}), one or two Node instances and PostgreSQL all run on the same ${r.machine.cpus} cores. A second instance can only add what the first leaves idle, and the load generator takes its share at cached-page rates; on separate machines the two-instance numbers would be higher. The CPU columns say who used what.`,
    'PostgreSQL runs with fsync and synchronous_commit on (as deploy/postgresql/primary.conf), unlike the test helper (fsync off); SQLite runs as the app opens it (WAL, synchronous=NORMAL: a commit is not fsynced). Write numbers are therefore not like for like on durability: PostgreSQL fsyncs every commit.',
    'On PostgreSQL the form rate limit counts in the database (rate_limits, one upsert per POST; shared by the instances), on SQLite in memory; each POST also checks form_posts (the challenge) and adds a row there.',
    'The app instances run with API_RATE_LIMIT=0 (the search runs send thousands of requests from one address) and TRUST_PROXY=true (the writes give each POST its own X-Forwarded-For address); neither changes what a page or search costs.',
  ];
  const others = [...r.pages.flatMap((p) => Object.values(p.bySetup).map((m) => m.cpu.other)), ...r.writes.map((w) => w.cpu.other)];
  const busiest = others.length ? Math.max(...others) : 0;
  if (r.settings.backgroundPctAtStart > 20 || busiest > 20)
    notes.push(
      `The machine was not idle: other processes used ${r.settings.backgroundPctAtStart} % of a core just before the run and up to ${busiest} % during a measured run (the "other" CPU column). A rate measured while "other" was high is lower than on an idle machine; the median of the repeats damps a disturbed run (its runs are listed).`,
    );
  const rr = r.preparation.postgres.reindexReturned;
  if (rr !== null && rr !== undefined && rr !== r.corpus.articles)
    notes.push(
      `rebuildSearchIndex on PostgreSQL returned ${rr} although the index then held all ${r.corpus.articles} articles (counted): PostgresFtsIndex.rebuild counts with \`onProgress?.((done += rows.length))\`, which skips the addition when no onProgress is passed (boot(), bench/search.ts); the first start logs 0 articles indexed.`,
    );
  if (!nginx) notes.push('nginx is not installed: the setups behind nginx (and with it the two-instance numbers) were skipped.');
  if (!r.corpus.standard) notes.push(`Trial run: ${r.corpus.articles} articles, not the standard 100,000.`);
  if (r.preparation.cached) notes.push('The databases came from the cache (BENCH_SCALE_CACHE=0 prepares them anew); the load times are those of the run that made them. `npm run bench` (pages.ts) empties bench/tmp and with it this cache.');
  return notes;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const t0 = performance.now();
  const nginx = detectNginx();
  if (!nginx) log('nginx not found at /usr/sbin/nginx: the setups behind nginx are skipped');
  build();
  const background = await backgroundLoad();
  log(`other processes on the machine: ${background} % of a core${background > 20 ? ' — the numbers will be lower than on an idle machine' : ''}`);
  const corpus = makeCorpus();
  const prepared = await prepare(corpus);
  const { cluster } = prepared;
  if (PREPARE_ONLY) {
    log(`BENCH_SCALE_PREPARE_ONLY: databases prepared in ${prepared.preparation.cacheDir}; nothing measured`);
    cluster.stop();
    return;
  }
  const [version] = await pgQuery<{ v: string }>(prepared.pgUrl, `select split_part(version(), ' on ', 1) as v`);
  const sqliteEngine: Engine = { kind: 'sqlite', databaseUrl: `sqlite:${prepared.sqliteFile}`, postmaster: null };
  const pgEngine: Engine = { kind: 'postgres', databaseUrl: prepared.pgUrl, postmaster: cluster.postmasterPid() };

  const pagesFor = async (engine: Engine): Promise<PageSpec[]> => [
    { name: 'home', path: '/', expect: '招商' },
    { name: 'article', path: await articlePathOf(engine), expect: corpus.articleTitle },
    { name: 'region', path: `/regions/${REGION_CODE}`, expect: '长沙' },
  ];
  const sqlitePages = await pagesFor(sqliteEngine);
  const pgPages = await pagesFor(pgEngine);

  const pageResults = new Map<string, Map<string, LoadMeasure>>();
  const writes: WriteRow[] = [];
  const searchBy = new Map<EngineKind, Map<string, { path: string; run: SearchEngineRun }>>();
  for (const engine of [sqliteEngine, pgEngine]) {
    const pages = engine.kind === 'sqlite' ? sqlitePages : pgPages;
    // Page cache off: the search latencies first (one instance, sequential), then the pages.
    await engineSession(engine, 'off', pages, nginx, pageResults, writes, async (instance) => {
      searchBy.set(engine.kind, await searchAll(engine, instance));
    });
    await engineSession(engine, 'default', pages, nginx, pageResults, writes, null);
  }

  const searchRows: SearchRow[] = ['/healthz', ...QUERIES.map((q) => q.name)].map((name) => {
    const s = searchBy.get('sqlite')?.get(name);
    const p = searchBy.get('postgres')?.get(name);
    if (!s || !p) throw new Error(`no search result for ${name}`);
    return { name, path: p.path, baseline: name === '/healthz', sqlite: s.run, postgres: p.run };
  });
  const slow = searchRows.filter((row) => !row.baseline && (EXPLAIN_ALL || row.postgres.latencyMs.p95 > SCALE_TARGETS.maxSearchP95Ms));
  const explains = await capturePlans(cluster, prepared.pgUrl, (rt) => [
    // The home page's queries (its uncached rate on PostgreSQL is bound by the database).
    { name: 'home page: listPublished (page 1)', run: () => listPublished(rt.database.db, { page: 1, pageSize: PAGE_SIZE }) },
    ...slow.map((row) => searchCapture(rt, QUERIES.find((q) => q.name === row.name) as QuerySpec)),
  ]);

  const setups = SETUPS.filter((s) => nginx || !s.nginx);
  const pageRows: PageRow[] = [];
  for (const cache of ['default', 'off'] as const) {
    for (const name of ['home', 'article', 'region']) {
      const bySetup = Object.fromEntries(pageResults.get(`${name}|${cache}`) ?? []);
      const pathOf = (pgPages.find((p) => p.name === name) ?? sqlitePages.find((p) => p.name === name))?.path ?? '';
      pageRows.push({ page: name, path: pathOf, cache, bySetup });
    }
  }
  cluster.stop();

  const base: Omit<ScaleReport, 'notes' | 'checks' | 'totalSeconds'> = {
    benchmark: 'scale',
    date: startedAt.toISOString().slice(0, 10),
    startedAt: startedAt.toISOString(),
    machine: { ...machineInfo(nginx?.version ?? null), postgres: version?.v ?? 'PostgreSQL ?', wrk: hasWrk() },
    corpus: corpus.info,
    preparation: prepared.preparation,
    settings: {
      repeats: REPEATS,
      searchRequests: SEARCH_REQUESTS,
      searchWarmup: SEARCH_WARMUP,
      loadSeconds: LOAD_SECONDS,
      warmupSeconds: WARMUP_SECONDS,
      connections: CONNECTIONS,
      writeSeconds: LOAD_SECONDS,
      writeConnections: WRITE_CONNECTIONS,
      loadgen: LOADGEN,
      backgroundPctAtStart: background,
    },
    server: {
      command: serverCommand(),
      env: { ...SERVER_ENV },
      postgresConf: PG_CONF,
      nginxConf: `worker_processes ${NGINX_WORKERS}, upstream keepalive ${NGINX_KEEPALIVE} (per worker), round-robin, HTTP/1.1 to the instances, access log off, realip from X-Forwarded-For (bench/tmp/scale/nginx/)`,
    },
    search: searchRows,
    setups,
    pages: pageRows,
    writes,
    explains,
    targets: SCALE_TARGETS,
  };
  const report: ScaleReport = { ...base, totalSeconds: Math.round((performance.now() - t0) / 1000), checks: evaluate(base), notes: notesFor(base, nginx) };
  console.log(consoleReport(report));
  log(`wrote ${writeResults('scale', report.date, markdownReport(report), report).join(', ')}`);
}

runMain(main, () => {
  for (const c of [...liveClusters]) c.stop();
});
