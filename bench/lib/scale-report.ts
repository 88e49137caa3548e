// The scale benchmark's results (bench/scale.ts): the record kept as JSON, the targets, and the
// text renderings (console table and Markdown).
import type { MachineInfo } from './project.js';
import { align, fmt, mark, mdTable, textTable } from './report.js';
import type { LatencySummary } from './search-report.js';

export interface ScaleTargets {
  /** Client-measured p95 of every search query, on PostgreSQL. */
  readonly maxSearchP95Ms: number;
}

export const SCALE_TARGETS: ScaleTargets = { maxSearchP95Ms: 50 };

export type EngineKind = 'sqlite' | 'postgres';

/** How the PostgreSQL database was filled. */
export interface PgLoad {
  /** What the prepared database was made with. */
  readonly path: 'import' | 'migrate';
  /** importArticles (boot() + one transaction, inline indexing); null: not run. */
  readonly importMs: number | null;
  /** The import was stopped at this point because it would have taken longer than the budget. */
  readonly importAbandoned: { readonly afterMs: number; readonly done: number; readonly projectedMs: number } | null;
  /** migrateData (SQLite → PostgreSQL copy, checksums), then the search index built at first start. */
  readonly migrateMs: number | null;
  readonly reindexMs: number | null;
  /** What rebuildSearchIndex (via boot) returned; the index itself is counted and must hold every article. */
  readonly reindexReturned: number | null;
  /** VACUUM ANALYZE after loading (what autovacuum would do a minute later). */
  readonly analyzeMs: number;
  /** pg_database_size of the prepared database. */
  readonly dbMb: number;
  /** The search table and its index. */
  readonly searchMb: number;
  readonly searchIndexMethod: string;
  /** Percent of one core other processes on the machine used during the loading (import, copy, reindex, analyze). */
  readonly otherCpuPct: number;
}

export interface Preparation {
  readonly key: string;
  /** Where they are kept (relative to the project). */
  readonly cacheDir: string;
  /** The prepared databases came from bench/tmp/scale-cache (made by an earlier run). */
  readonly cached: boolean;
  /** When and at which commit the cached databases were made. */
  readonly preparedAt: string;
  readonly preparedCommit: string;
  readonly generateMs: number;
  readonly sqlite: { readonly importMs: number; readonly perSec: number; readonly dbMb: number; readonly otherCpuPct: number };
  readonly postgres: PgLoad;
  /** Time this run spent getting the working copies ready (cache copy or full preparation). */
  readonly thisRunMs: number;
}

export interface CorpusInfo {
  readonly articles: number;
  readonly standard: boolean;
  readonly bodyBytesMean: number;
  readonly jsonLinesMb: number;
  readonly rare: { readonly word: string; readonly sentence: string; readonly every: number };
}

export interface SearchEngineRun {
  readonly total: number;
  readonly latencyMs: LatencySummary;
  /** CPU per request: the app instance, and (PostgreSQL) the database server's processes. */
  readonly appCpuMs: number;
  readonly dbCpuMs: number | null;
}

export interface SearchRow {
  readonly name: string;
  readonly path: string;
  readonly baseline: boolean;
  readonly sqlite: SearchEngineRun;
  readonly postgres: SearchEngineRun;
}

/** Percent of one core, per party, during a measured run. */
export interface CpuSplit {
  readonly app: number;
  readonly nginx: number | null;
  readonly postgres: number | null;
  /** The load generator: this process, and wrk where it is the one. */
  readonly loadgen: number;
  /** Everything else on the machine (busy time in /proc/stat minus the parties above). */
  readonly other: number;
}

export interface LoadMeasure {
  /** Median over the repeats. */
  readonly reqPerSec: number;
  readonly runs: readonly number[];
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Summed over the repeats. */
  readonly requests: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  /** Of the median run. */
  readonly cpu: CpuSplit;
}

export interface Setup {
  readonly id: string;
  readonly label: string;
  readonly engine: EngineKind;
  readonly instances: number;
  readonly nginx: boolean;
}

export interface PageRow {
  readonly page: string;
  readonly path: string;
  readonly cache: 'default' | 'off';
  readonly bySetup: Readonly<Record<string, LoadMeasure>>;
}

export interface WriteRow {
  readonly setup: Setup;
  /** Median over the repeats of successes per second. */
  readonly writesPerSec: number;
  readonly runs: readonly number[];
  readonly p50Ms: number;
  readonly p99Ms: number;
  /** Every POST of the setup, warm-up included. */
  readonly posts: number;
  readonly successes: number;
  readonly statuses: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly rowsBefore: number;
  readonly rowsAfter: number;
  /** rowsAfter − rowsBefore === successes. */
  readonly rowsMatch: boolean;
  readonly cpu: CpuSplit;
}

export interface Explain {
  /** What was run: a search, or a page's repository call. */
  readonly name: string;
  readonly summary: string;
  readonly statements: readonly { readonly what: string; readonly sql: string; readonly plan: string }[];
}

export interface Check {
  readonly target: string;
  readonly subject: string;
  readonly value: string;
  readonly pass: boolean;
}

export interface ScaleReport {
  readonly benchmark: 'scale';
  readonly date: string;
  readonly startedAt: string;
  readonly totalSeconds: number;
  readonly machine: MachineInfo & { readonly postgres: string; readonly wrk: boolean };
  readonly corpus: CorpusInfo;
  readonly preparation: Preparation;
  readonly settings: {
    readonly repeats: number;
    readonly searchRequests: number;
    readonly searchWarmup: number;
    readonly loadSeconds: number;
    readonly warmupSeconds: number;
    readonly connections: number;
    readonly writeSeconds: number;
    readonly writeConnections: number;
    readonly loadgen: 'wrk' | 'autocannon';
    /** Percent of one core other processes used in the 3 s before the run (nothing of ours running). */
    readonly backgroundPctAtStart: number;
  };
  readonly server: { readonly command: string; readonly env: Readonly<Record<string, string>>; readonly postgresConf: readonly string[]; readonly nginxConf: string };
  readonly search: readonly SearchRow[];
  readonly setups: readonly Setup[];
  readonly pages: readonly PageRow[];
  readonly writes: readonly WriteRow[];
  readonly explains: readonly Explain[];
  readonly targets: ScaleTargets;
  readonly checks: readonly Check[];
  readonly notes: readonly string[];
}

export function evaluate(r: Pick<ScaleReport, 'search' | 'pages' | 'writes'>, t: ScaleTargets = SCALE_TARGETS): Check[] {
  const checks: Check[] = [];
  for (const q of r.search) {
    if (q.baseline) continue;
    checks.push({ target: `search p95 ≤ ${t.maxSearchP95Ms} ms (PostgreSQL)`, subject: q.name, value: `${fmt(q.postgres.latencyMs.p95, 1)} ms`, pass: q.postgres.latencyMs.p95 <= t.maxSearchP95Ms });
  }
  for (const p of r.pages) {
    const bad = Object.values(p.bySetup).reduce((s, m) => s + m.non2xx + m.errors + m.timeouts, 0);
    checks.push({ target: 'no non-2xx, errors or timeouts', subject: `${p.page} (cache ${p.cache})`, value: fmt(bad), pass: bad === 0 });
  }
  for (const w of r.writes) {
    checks.push({ target: 'rows written = successes (no lost or doubled writes)', subject: w.setup.label, value: `${fmt(w.rowsAfter - w.rowsBefore)} rows / ${fmt(w.successes)} × 303`, pass: w.rowsMatch });
    checks.push({ target: 'every POST answered 303', subject: w.setup.label, value: `${fmt(w.successes)} of ${fmt(w.posts)}`, pass: w.successes === w.posts && w.errors === 0 });
  }
  return checks;
}

// ---------------------------------------------------------------------------------------------
// Rendering.

const SEARCH_HEADER = ['query', 'total SQLite', 'total PG', 'p50 SQLite', 'p50 PG', 'p95 SQLite', 'p95 PG', 'p99 SQLite', 'p99 PG', 'app CPU ms/req SQLite', 'app CPU ms/req PG', 'PG server CPU ms/req'];

function searchRows(rows: readonly SearchRow[]): string[][] {
  return rows.map((q) => [
    q.baseline ? `${q.name} (baseline)` : q.name,
    q.baseline ? '–' : fmt(q.sqlite.total),
    q.baseline ? '–' : fmt(q.postgres.total),
    fmt(q.sqlite.latencyMs.p50, 1),
    fmt(q.postgres.latencyMs.p50, 1),
    fmt(q.sqlite.latencyMs.p95, 1),
    fmt(q.postgres.latencyMs.p95, 1),
    fmt(q.sqlite.latencyMs.p99, 1),
    fmt(q.postgres.latencyMs.p99, 1),
    fmt(q.sqlite.appCpuMs, 1),
    fmt(q.postgres.appCpuMs, 1),
    fmt(q.postgres.dbCpuMs ?? NaN, 1),
  ]);
}

const ratio = (a: number | undefined, b: number | undefined): string => (a !== undefined && b !== undefined && b > 0 ? `${fmt(a / b, 2)}×` : '–');

function pageHeader(setups: readonly Setup[]): string[] {
  return ['page', 'cache', ...setups.map((s) => s.label), 'PG two/one (both via nginx)', 'PG two via nginx / one direct'];
}

function pageRows(rows: readonly PageRow[], setups: readonly Setup[]): string[][] {
  return rows.map((p) => [
    p.page,
    p.cache,
    ...setups.map((s) => fmt(p.bySetup[s.id]?.reqPerSec ?? NaN)),
    ratio(p.bySetup['pg-nginx-2']?.reqPerSec, p.bySetup['pg-nginx-1']?.reqPerSec),
    ratio(p.bySetup['pg-nginx-2']?.reqPerSec, p.bySetup['pg-direct']?.reqPerSec),
  ]);
}

const cpuText = (c: CpuSplit): string =>
  [`app ${fmt(c.app)}`, c.postgres === null ? '' : `pg ${fmt(c.postgres)}`, c.nginx === null ? '' : `nginx ${fmt(c.nginx)}`, `loadgen ${fmt(c.loadgen)}`, `other ${fmt(c.other)}`].filter(Boolean).join(' / ');

const DETAIL_HEADER = ['page', 'cache', 'setup', 'req/s (median)', 'runs', 'p50 ms', 'p99 ms', 'non-2xx/err/timeouts', 'CPU % of a core'];

function detailRows(rows: readonly PageRow[], setups: readonly Setup[]): string[][] {
  const out: string[][] = [];
  for (const p of rows) {
    for (const s of setups) {
      const m = p.bySetup[s.id];
      if (!m) continue;
      out.push([p.page, p.cache, s.label, fmt(m.reqPerSec), m.runs.map((n) => fmt(n)).join(', '), fmt(m.p50Ms, 1), fmt(m.p99Ms, 1), `${m.non2xx}/${m.errors}/${m.timeouts}`, cpuText(m.cpu)]);
    }
  }
  return out;
}

const WRITE_HEADER = ['setup', 'writes/s (median)', 'runs', 'p50 ms', 'p99 ms', 'POSTs', '303', 'other statuses', 'rows added', 'rows = 303s', 'CPU % of a core'];

function writeRows(ws: readonly WriteRow[]): string[][] {
  return ws.map((w) => {
    const other = Object.entries(w.statuses).filter(([k]) => k !== '303');
    return [
      w.setup.label,
      fmt(w.writesPerSec),
      w.runs.map((n) => fmt(n)).join(', '),
      fmt(w.p50Ms, 1),
      fmt(w.p99Ms, 1),
      fmt(w.posts),
      fmt(w.successes),
      other.length || w.errors ? [...other.map(([k, v]) => `${k}: ${v}`), w.errors ? `errors: ${w.errors}` : ''].filter(Boolean).join(', ') : '–',
      fmt(w.rowsAfter - w.rowsBefore),
      w.rowsMatch ? 'yes' : '**NO**',
      cpuText(w.cpu),
    ];
  });
}

function prepLines(r: ScaleReport): string[] {
  const c = r.corpus;
  const p = r.preparation;
  const pg = p.postgres;
  const lines = [
    `corpus: ${fmt(c.articles)} articles${c.standard ? '' : ' (NOT the standard 100,000: a trial run, BENCH_SCALE_ARTICLES)'}, mean body ${fmt(c.bodyBytesMean)} bytes, ${fmt(c.jsonLinesMb, 1)} MB JSON Lines; rare word ${c.rare.word} in every ${fmt(c.rare.every)}th article`,
    p.cached
      ? `databases: from the cache ${p.cacheDir} (prepared ${p.preparedAt} at commit ${p.preparedCommit}); the load times below are that run's. This run: copies ready in ${fmt(p.thisRunMs / 1000, 1)} s`
      : `databases: prepared in this run (${fmt(p.thisRunMs / 1000, 1)} s in all) and kept in ${p.cacheDir} for the next run`,
    `SQLite: importArticles (inline FTS5 indexing) ${fmt(p.sqlite.importMs / 1000, 1)} s = ${fmt(p.sqlite.perSec)} articles/s; database ${fmt(p.sqlite.dbMb, 1)} MB (other processes meanwhile: ${fmt(p.sqlite.otherCpuPct ?? NaN)} % of a core)`,
  ];
  if (pg.importMs !== null) lines.push(`PostgreSQL: importArticles (boot() + one transaction, inline tsvector writes) ${fmt(pg.importMs / 1000, 1)} s = ${fmt(c.articles / (pg.importMs / 1000))} articles/s`);
  if (pg.importAbandoned)
    lines.push(
      `PostgreSQL: importArticles stopped after ${fmt(pg.importAbandoned.afterMs / 1000, 1)} s at ${fmt(pg.importAbandoned.done)} articles (projected ${fmt(pg.importAbandoned.projectedMs / 60000, 1)} min for all): rolled back, loaded by migrate-data instead`,
    );
  if (pg.migrateMs !== null) lines.push(`PostgreSQL: migrateData (SQLite → PostgreSQL, checksums) ${fmt(pg.migrateMs / 1000, 1)} s, then the search index built at first start (rebuildSearchIndex via boot()) ${fmt((pg.reindexMs ?? NaN) / 1000, 1)} s${pg.path === 'migrate' ? ' (this is how the database used below was filled)' : ' (timed on a second database, dropped afterwards)'}`);
  lines.push(`PostgreSQL: VACUUM ANALYZE ${fmt(pg.analyzeMs / 1000, 1)} s; database ${fmt(pg.dbMb, 1)} MB, of which the search table + index ${fmt(pg.searchMb, 1)} MB (${pg.searchIndexMethod}); other processes used ${fmt(pg.otherCpuPct ?? NaN)} % of a core during the PostgreSQL loading`);
  return lines;
}

function highlights(r: ScaleReport): string[] {
  const out: string[] = [];
  const worst = [...r.search].filter((q) => !q.baseline).sort((a, b) => b.postgres.latencyMs.p95 - a.postgres.latencyMs.p95)[0];
  if (worst) out.push(`slowest search on PostgreSQL: ${worst.name}, p95 ${fmt(worst.postgres.latencyMs.p95, 1)} ms (SQLite ${fmt(worst.sqlite.latencyMs.p95, 1)} ms)`);
  for (const cache of ['default', 'off'] as const) {
    const rows = r.pages.filter((p) => p.cache === cache);
    const two = rows.map((p) => p.bySetup['pg-nginx-2']?.reqPerSec ?? NaN);
    const one = rows.map((p) => p.bySetup['pg-nginx-1']?.reqPerSec ?? NaN);
    if (rows.length) out.push(`pages, cache ${cache}: PG two/one instances via nginx ${rows.map((p, i) => `${p.page} ${ratio(two[i], one[i])}`).join(', ')}`);
  }
  return out;
}

export function consoleReport(r: ScaleReport): string {
  return [
    '',
    `Scale benchmark ${r.date} — ${r.machine.cpus} × ${r.machine.cpuModel}, Node ${r.machine.node}, ${r.machine.postgres}, nginx ${r.machine.nginx ?? '–'}, commit ${r.machine.gitCommit}`,
    ...prepLines(r),
    '',
    'Search, GET /api/v1/search, ms (client, sequential, PAGE_CACHE_ENTRIES=0):',
    textTable(SEARCH_HEADER, searchRows(r.search)),
    '',
    `Pages, req/s (${r.settings.loadgen} ${r.settings.connections} connections, median of ${r.settings.repeats} × ${r.settings.loadSeconds} s):`,
    textTable(pageHeader(r.setups), pageRows(r.pages, r.setups)),
    '',
    textTable(DETAIL_HEADER, detailRows(r.pages, r.setups)),
    '',
    `Tip submissions, POST /submit (${r.settings.writeConnections} concurrent, median of ${r.settings.repeats} × ${r.settings.writeSeconds} s):`,
    textTable(WRITE_HEADER, writeRows(r.writes)),
    '',
    textTable(['target', 'subject', 'measured', 'result'], r.checks.map((c) => [c.target, c.subject, c.value, mark(c.pass)])),
    '',
    ...highlights(r),
    ...r.notes.map((n) => `note: ${n}`),
  ].join('\n');
}

export function markdownReport(r: ScaleReport): string {
  const m = r.machine;
  const passed = r.checks.filter((c) => c.pass).length;
  const failed = r.checks.filter((c) => !c.pass).length;
  const env = Object.entries(r.server.env).map(([k, v]) => `${k}=${v}`).join(' ');
  const s = r.settings;
  const explains = r.explains.length
    ? `\n## What the app runs on PostgreSQL (auto_explain, after the measured runs)\n\nThe statements of one run of each (after one warm-up run), as PostgreSQL logged them with auto_explain (log_analyze, buffers) on the benchmark database, through the app's own connections and settings: searches that missed the p95 target (all with BENCH_SCALE_EXPLAIN=all) and the home page's list query.\n\n${r.explains
        .map((e) => `### ${e.name}\n\n${e.summary}\n\n${e.statements.map((st) => `${st.what}:\n\n\`\`\`sql\n${st.sql}\n\`\`\`\n\n\`\`\`\n${st.plan}\n\`\`\``).join('\n\n')}`)
        .join('\n\n')}\n`
    : '';
  return `# Scale benchmark — ${r.date}

Generated by \`npm run bench:scale\` (bench/scale.ts; settings in its header). ${passed} checks passed, ${failed} failed.

- Machine: ${m.cpus} × ${m.cpuModel}, ${fmt(m.memoryMb)} MB RAM, ${m.os} — **everything on these ${m.cpus} cores**: load generator, nginx, the app instances and PostgreSQL share them
- Node ${m.node}; ${m.postgres}; nginx ${m.nginx ?? '–'}; commit ${m.gitCommit}
- App: \`${r.server.command}\` (as \`npm start\`), ${env}; PAGE_CACHE_ENTRIES as stated per table
- PostgreSQL: throwaway cluster on 127.0.0.1 (initdb, ${r.server.postgresConf.join(', ')}; everything else default, shared_buffers 128 MB), pool of 10 connections per instance (the app's default)
- nginx: ${r.server.nginxConf}
- Other processes on the machine used ${fmt(s.backgroundPctAtStart)} % of a core just before the run (the "other" CPU column: during each run)
- Run took ${fmt(r.totalSeconds)} s in all

## Databases

${prepLines(r).map((l) => `- ${l}`).join('\n')}

## Search latency through \`GET /api/v1/search\`

Target: p95 ≤ ${r.targets.maxSearchP95Ms} ms on PostgreSQL. One instance per engine with PAGE_CACHE_ENTRIES=0, ${s.searchWarmup} warm-up requests, then ${s.searchRequests} measured, one at a time over a keep-alive connection; client-measured, request sent → whole body read; every response checked (status 200, the same total each time, a full page with \`<mark>\` in the snippets). The queries are bench/search.ts's. CPU per request: the app process, and on PostgreSQL the database server's processes.

${mdTable(SEARCH_HEADER, searchRows(r.search), align(SEARCH_HEADER))}

## Pages: one instance, two instances behind nginx

req/s: the median over ${s.repeats} runs of ${s.loadSeconds} s (after ${s.warmupSeconds} s warm-up) of ${s.loadgen === 'wrk' ? "wrk's Requests/sec (1 thread; on two shared cores the load generator's CPU is taken from the instances, and wrk needs a fraction of autocannon's)" : "autocannon's mean (as bench/pages.ts)"}, ${s.connections} connections. "cache default": PAGE_CACHE_ENTRIES=1000 (each URL after its first request comes from the instance's page cache: realistic, and CPU-bound on the app); "cache off": PAGE_CACHE_ENTRIES=0 (every request renders from the database). "direct": the load generator talks to the instance; "via nginx": nginx (upstream keepalive) in front, two instances round-robin. With ${m.cpus} cores shared by all, a second instance can only help as far as there is idle CPU.

${mdTable(pageHeader(r.setups), pageRows(r.pages, r.setups), align(pageHeader(r.setups)))}

Each run in detail (CPU: percent of one core used during the median run by the app instance(s), PostgreSQL's processes, nginx, the load generator, and everything else on the machine; ${m.cpus} cores = ${m.cpus * 100} %):

${mdTable(DETAIL_HEADER, detailRows(r.pages, r.setups), align(DETAIL_HEADER))}

## Tip submissions (投稿): \`POST /submit\`

TRUST_PROXY=true; one \`GET /submit\` gives a CSRF cookie and token, reused by every POST; every POST has its own X-Forwarded-For address (10.x.y.z, never repeated in a run), so neither the per-IP limit (5/min) nor the picture challenge applies; fields: title, region 430100, body, name, contact (a mobile number), empty honeypot. ${s.writeConnections} requests in flight at a time (Node http, keep-alive), ${s.repeats} runs of ${s.writeSeconds} s after a 1 s warm-up; each worker waits for its last answer, so every request sent is counted. Success = 303 to /submit/done. Rows: \`count(*) from submissions\` before and after the setup's runs (warm-up included).

${mdTable(WRITE_HEADER, writeRows(r.writes), align(WRITE_HEADER))}
${explains}
## Checks

${mdTable(['target', 'subject', 'measured', 'result'], r.checks.map((c) => [c.target, c.subject, c.value, `**${mark(c.pass)}**`]), '|:--|:--|--:|:--|')}
${r.notes.length ? `\n## Notes\n\n${r.notes.map((n) => `- ${n}`).join('\n')}\n` : ''}`;
}
