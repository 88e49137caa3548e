// Load test (`npm run test:load`): the production build on 127.0.0.1, on SQLite and on PostgreSQL
// (throwaway cluster), under 200 concurrent readers (/, article pages, region pages, /search,
// /api/v1/articles, /api/v1/search) and 20 concurrent writers (POST /submit, /contact, /join with
// a PDF licence), each write with a unique marker. Afterwards: no 5xx, no timeouts, every 303 stored
// exactly once with the fields sent, nothing stored that was not acknowledged. Results:
// bench/results/load-latest.md and load-<date>.json. Exit 1 when a check fails.
//
// Environment (all optional):
//   LOAD_SECONDS=60        seconds of load per engine (LOAD_SHORT=1 or CI=true: 15)
//   LOAD_READERS=200       concurrent readers
//   LOAD_WRITERS=20        concurrent writers
//   LOAD_ARTICLES=2000     generated articles imported before the run
//   LOAD_ENGINES=sqlite,postgres
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { startPostgres, type PgCluster } from '../test/helpers/postgres.js';
import { generateArticles, writeJsonLines, Prng } from './corpus.js';
import { freePort, runMain, tail } from './lib/process.js';
import { build, log, machineInfo, ROOT, startServer, TMP, type MachineInfo, envInt } from './lib/project.js';
import { contactWrite, finishRun, formSession, joinWrite, nextIp, postWrite, reconcile, request, rowsOfRun, tipWrite, DONE_LOCATION, type FormSession, type Outcome, type Reconciliation, type SentWrite, type WriteKind } from './lib/writes.js';

const short = process.env['LOAD_SHORT'] === '1' || process.env['CI'] === 'true';
const SECONDS = envInt('LOAD_SECONDS', short ? 15 : 60);
const READERS = envInt('LOAD_READERS', 200);
const WRITERS = envInt('LOAD_WRITERS', 20);
const ARTICLES = envInt('LOAD_ARTICLES', 2000);
const ENGINES = (process.env['LOAD_ENGINES'] ?? 'sqlite,postgres').split(',').map((s) => s.trim()) as ('sqlite' | 'postgres')[];
const TIMEOUT_MS = 10_000;
const WORK = path.join(TMP, 'load');
const KINDS: readonly WriteKind[] = ['tip', 'contact', 'join'];

const CLASSES = ['home', 'article', 'region', 'search', 'api-articles', 'api-search'] as const;
type ReadClass = (typeof CLASSES)[number];
// Search terms: places, sectors, stages and common words, alone and in pairs; with two result
// pages each, 120 distinct search URLs per interface.
const TERMS = ['长沙', '株洲', '湘潭', '衡阳', '岳阳', '常德', '郴州', '怀化', '新能源', '新材料', '电子信息', '生物医药', '装备制造', '锂电', '光伏', '储能', '半导体', '冷链', '数据中心', '文旅', '签约', '开工', '竣工投产', '产业园', '经开区', '高新区', '招商引资', '亿元', '智能制造', '食品'];
const QUERIES = [...TERMS, ...TERMS.map((t, i) => `${t} ${TERMS[(i * 7 + 3) % TERMS.length] as string}`)];

interface ReadStats {
  readonly requests: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly statuses: Record<string, number>;
  readonly errors: Record<string, number>;
}

interface EngineRun {
  readonly engine: string;
  readonly seconds: number;
  /** How many distinct article and region URLs the readers had. */
  readonly urls: { readonly articles: number; readonly regions: number };
  readonly reads: Record<ReadClass, ReadStats>;
  readonly readsPerSec: number;
  readonly writes: { kind: WriteKind; sent: number; acked: number; statuses: Record<string, number>; errors: Record<string, number>; perSec: number; p50: number; p99: number; reconciliation: Reconciliation }[];
  readonly writesPerSec: number;
  readonly failures: string[];
}

const pct = (xs: number[], p: number): number => {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return Math.round((s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)] as number) * 10) / 10;
};
const countBy = (xs: readonly string[]): Record<string, number> => xs.reduce<Record<string, number>>((m, x) => ((m[x] = (m[x] ?? 0) + 1), m), {});

function runCli(args: string[], databaseUrl: string): void {
  execFileSync(process.execPath, ['bin/zhaoshang.js', ...args], { cwd: ROOT, env: { ...process.env, DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' }, stdio: ['ignore', 'ignore', 'inherit'] });
}

async function runEngine(engine: 'sqlite' | 'postgres', corpusFile: string, runId: string): Promise<EngineRun> {
  const dir = path.join(WORK, engine);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  let cluster: PgCluster | null = null;
  const failures: string[] = [];
  try {
    let databaseUrl: string;
    if (engine === 'postgres') {
      cluster = await startPostgres();
      databaseUrl = cluster.url;
    } else databaseUrl = `sqlite:${path.join(dir, 'load.db')}`;
    const t0 = performance.now();
    runCli(['migrate'], databaseUrl);
    runCli(['import', corpusFile], databaseUrl);
    log(`${engine}: migrated and imported ${ARTICLES} articles (${Math.round(performance.now() - t0)} ms)`);
    const port = await freePort();
    const { child } = await startServer({
      dbFile: path.join(dir, 'load.db'),
      port,
      logFile: path.join(dir, 'server.log'),
      env: { DATABASE_URL: databaseUrl, DEMO_DATA: '1', AUTO_MIGRATE: '1', TRUST_PROXY: 'true', API_RATE_LIMIT: '0', UPLOAD_DIR: path.join(dir, 'uploads') },
    });
    try {
      // What the readers read: every article and every region with articles, from the API — more
      // URLs than the page cache holds (PAGE_CACHE_ENTRIES, 1,000 by default), so reads miss too.
      const items: { url: string; region?: { code: string } }[] = [];
      for (let page = 1; items.length < ARTICLES && page <= Math.ceil(ARTICLES / 100); page++) {
        const list = (await (await fetch(`http://127.0.0.1:${port}/api/v1/articles?pageSize=100&page=${page}`)).json()) as { items: typeof items };
        if (!list.items.length) break;
        items.push(...list.items);
      }
      const articlePaths = items.map((i) => i.url);
      const regionPaths = [...new Set(items.map((i) => i.region?.code).filter(Boolean))].map((c) => `/regions/${c}`);
      if (articlePaths.length < 10 || regionPaths.length < 2) throw new Error(`too few articles/regions to read: ${articlePaths.length}/${regionPaths.length}`);
      const rng = new Prng(20261127);
      const pick = <T>(xs: readonly T[]): T => xs[rng.int(0, xs.length - 1)] as T;
      const q = () => encodeURIComponent(pick(QUERIES));
      const pathOf: Record<ReadClass, () => string> = {
        home: () => '/',
        article: () => pick(articlePaths),
        region: () => pick(regionPaths),
        search: () => `/search?q=${q()}${rng.int(0, 1) ? '&page=2' : ''}`,
        'api-articles': () => `/api/v1/articles?page=${rng.int(1, 50)}`,
        'api-search': () => `/api/v1/search?q=${q()}${rng.int(0, 1) ? '&page=2' : ''}`,
      };

      // Form sessions: one per writer and kind (GET /submit, /contact, /join).
      const sessions: Record<WriteKind, FormSession>[] = [];
      for (let w = 0; w < WRITERS; w++) sessions.push({ tip: await formSession(port, '/submit'), contact: await formSession(port, '/contact'), join: await formSession(port, '/join') });

      const readAgent = new http.Agent({ keepAlive: true, maxSockets: READERS });
      const writeAgent = new http.Agent({ keepAlive: true, maxSockets: WRITERS });
      const reads = Object.fromEntries(CLASSES.map((c) => [c, [] as Outcome[]])) as Record<ReadClass, Outcome[]>;
      const sent: { write: SentWrite; outcome: Outcome }[] = [];
      let n = 0;
      log(`${engine}: ${READERS} readers + ${WRITERS} writers for ${SECONDS} s…`);
      const start = performance.now();
      const deadline = start + SECONDS * 1000;
      await Promise.all([
        ...Array.from({ length: READERS }, async (_, r) => {
          let i = r;
          while (performance.now() < deadline) {
            const cls = CLASSES[i++ % CLASSES.length] as ReadClass;
            reads[cls].push(await request({ port, path: pathOf[cls](), headers: { 'x-forwarded-for': nextIp() }, timeoutMs: TIMEOUT_MS, agent: readAgent }));
          }
        }),
        ...Array.from({ length: WRITERS }, async (_, w) => {
          let i = w;
          while (performance.now() < deadline) {
            const kind = KINDS[i++ % KINDS.length] as WriteKind;
            const k = ++n;
            const marker = `${runId}-${kind}-${k}`;
            const { sent: write, fields } = kind === 'tip' ? tipWrite(marker, k) : kind === 'contact' ? contactWrite(marker, k) : joinWrite(marker, k);
            const outcome = await postWrite(port, kind, (sessions[w] as Record<WriteKind, FormSession>)[kind], fields, TIMEOUT_MS, writeAgent);
            sent.push({ write, outcome });
          }
        }),
      ]);
      const elapsed = (performance.now() - start) / 1000;
      readAgent.destroy();
      writeAgent.destroy();
      await sleep(300);
      if (!child.isRunning()) failures.push(`${engine}: the server exited during the run (${await child.exited}): ${tail(child.logFile, 10)}`);

      const readStats = Object.fromEntries(
        CLASSES.map((c) => {
          const os = reads[c];
          const ok = os.filter((o) => o.status > 0).map((o) => o.ms);
          return [c, { requests: os.length, p50: pct(ok, 50), p99: pct(ok, 99), max: pct(ok, 100), statuses: countBy(os.filter((o) => o.status > 0).map((o) => String(o.status))), errors: countBy(os.filter((o) => o.error).map((o) => o.error as string)) }];
        }),
      ) as Record<ReadClass, ReadStats>;
      const totalReads = CLASSES.reduce((s, c) => s + readStats[c].requests, 0);
      for (const c of CLASSES) {
        const s = readStats[c];
        const fivexx = Object.entries(s.statuses).filter(([k]) => k.startsWith('5')).reduce((a, [, v]) => a + v, 0);
        const non200 = Object.entries(s.statuses).filter(([k]) => k !== '200').map(([k, v]) => `${k}×${v}`);
        if (fivexx) failures.push(`${engine} ${c}: ${fivexx} × 5xx`);
        if (non200.length && !fivexx) failures.push(`${engine} ${c}: non-200 answers ${non200.join(', ')}`);
        if (Object.keys(s.errors).length) failures.push(`${engine} ${c}: no answer ${JSON.stringify(s.errors)}`);
      }

      const writes = [];
      for (const kind of KINDS) {
        const mine = sent.filter((s) => s.write.kind === kind);
        const acked = (o: Outcome) => o.status === 303 && DONE_LOCATION[kind].test(o.location ?? '');
        const rows = await rowsOfRun(databaseUrl, kind, runId);
        const rec = reconcile(mine.map((s) => ({ write: s.write, acked: acked(s.outcome) })), rows, kind);
        const ackedN = mine.filter((s) => acked(s.outcome)).length;
        const statuses = countBy(mine.filter((s) => s.outcome.status > 0).map((s) => String(s.outcome.status)));
        const errors = countBy(mine.filter((s) => s.outcome.error).map((s) => s.outcome.error as string));
        const ms = mine.map((s) => s.outcome.ms);
        writes.push({ kind, sent: mine.length, acked: ackedN, statuses, errors, perSec: Math.round((ackedN / elapsed) * 10) / 10, p50: pct(ms, 50), p99: pct(ms, 99), reconciliation: rec });
        const fivexx = Object.entries(statuses).filter(([k]) => k.startsWith('5')).reduce((a, [, v]) => a + v, 0);
        if (fivexx) failures.push(`${engine} ${kind}: ${fivexx} × 5xx`);
        if (ackedN < mine.length) failures.push(`${engine} ${kind}: ${mine.length - ackedN} of ${mine.length} writes not acknowledged (${JSON.stringify({ ...statuses, ...errors })})`);
        if (rec.ackedMissing.length) failures.push(`${engine} ${kind}: ${rec.ackedMissing.length} acknowledged writes missing, e.g. ${rec.ackedMissing.slice(0, 3).join(' ')}`);
        if (rec.duplicated.length) failures.push(`${engine} ${kind}: ${rec.duplicated.length} writes stored more than once, e.g. ${rec.duplicated.slice(0, 3).join(' ')}`);
        if (rec.contentMismatch.length) failures.push(`${engine} ${kind}: ${rec.contentMismatch.length} rows differ from what was sent, e.g. ${rec.contentMismatch.slice(0, 3).join(' | ')}`);
        if (rec.unackedStored.length) failures.push(`${engine} ${kind}: ${rec.unackedStored.length} unacknowledged writes stored, e.g. ${rec.unackedStored.slice(0, 3).join(' ')}`);
        if (rec.unknownMarkers.length) failures.push(`${engine} ${kind}: rows with markers never sent: ${rec.unknownMarkers.slice(0, 3).join(' ')}`);
      }
      const ackedAll = writes.reduce((s, w) => s + w.acked, 0);
      const run: EngineRun = { engine, seconds: Math.round(elapsed * 10) / 10, urls: { articles: articlePaths.length, regions: regionPaths.length }, reads: readStats, readsPerSec: Math.round(totalReads / elapsed), writes, writesPerSec: Math.round((ackedAll / elapsed) * 10) / 10, failures };
      log(`${engine}: ${totalReads} reads (${run.readsPerSec}/s), ${ackedAll} writes acknowledged (${run.writesPerSec}/s); ${failures.length ? `FAILED: ${failures.join('; ')}` : 'all checks passed'}`);
      if (failures.length) log(`${engine}: server log tail:\n${tail(child.logFile, 15)}`);
      return run;
    } finally {
      await child.stop();
    }
  } finally {
    cluster?.stop();
  }
}

function markdown(runs: readonly EngineRun[], date: string, m: MachineInfo): string {
  const lines = [
    `# Load test — ${date}${short ? ' (short form)' : ''}`,
    '',
    `\`npm run test:load\` (bench/load.ts). Production build on 127.0.0.1, ${READERS} concurrent readers + ${WRITERS} concurrent writers for ${SECONDS} s per engine; client timeout ${TIMEOUT_MS / 1000} s; load generator in the same machine (${m.cpus} CPU, ${m.cpuModel}, Node ${m.node}, commit ${m.gitCommit}). Database: ${ARTICLES} generated articles (imported with the CLI first, so DEMO_DATA adds nothing). Reads spread over ${runs.map((r) => `${r.urls.articles} article pages and ${r.urls.regions} region pages (${r.engine})`).join(', ')}, ${QUERIES.length * 2} search URLs per interface and 50 API list pages — more than the page cache's 1,000 entries, so a share of reads renders from the database. PostgreSQL: throwaway cluster (test/helpers/postgres.ts, fsync off). Server env: TRUST_PROXY=true (each request its own X-Forwarded-For), API_RATE_LIMIT=0.`,
    '',
  ];
  for (const r of runs) {
    lines.push(`## ${r.engine} — ${r.failures.length ? `**FAILED** (${r.failures.length})` : 'all checks passed'}`, '');
    lines.push(`Reads: ${r.readsPerSec} req/s overall. Writes: ${r.writesPerSec} acknowledged writes/s.`, '');
    lines.push('| read class | requests | p50 ms | p99 ms | max ms | statuses | no answer |', '|---|---:|---:|---:|---:|---|---|');
    for (const [c, s] of Object.entries(r.reads)) lines.push(`| ${c} | ${s.requests} | ${s.p50} | ${s.p99} | ${s.max} | ${JSON.stringify(s.statuses)} | ${JSON.stringify(s.errors)} |`);
    lines.push('', '| write | sent | 303 | /s | p50 ms | p99 ms | stored once | missing | duplicated | content differs | unacked stored |', '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const w of r.writes) {
      const x = w.reconciliation;
      lines.push(`| ${w.kind} | ${w.sent} | ${w.acked} | ${w.perSec} | ${w.p50} | ${w.p99} | ${x.ackedStoredOnce} | ${x.ackedMissing.length} | ${x.duplicated.length} | ${x.contentMismatch.length} | ${x.unackedStored.length} |`);
    }
    if (r.failures.length) lines.push('', 'Failures:', '', ...r.failures.map((f) => `- ${f}`));
    lines.push('');
  }
  return lines.join('\n');
}

async function main(): Promise<void> {
  fs.mkdirSync(WORK, { recursive: true });
  build();
  // The commit and machine of the build under test (commits made while it runs do not count).
  const machine = machineInfo();
  const corpusFile = path.join(WORK, `corpus-${ARTICLES}.jsonl`);
  if (!fs.existsSync(corpusFile)) writeJsonLines(corpusFile, generateArticles(ARTICLES, { idPrefix: 'load' }));
  const runId = `LT${Date.now()}`;
  const runs: EngineRun[] = [];
  for (const engine of ENGINES) runs.push(await runEngine(engine, corpusFile, runId));
  const date = new Date().toISOString().slice(0, 10);
  const md = markdown(runs, date, machine);
  finishRun('load', date, md, { date, short, seconds: SECONDS, readers: READERS, writers: WRITERS, articles: ARTICLES, machine, runs }, runs.flatMap((r) => r.failures), { short });
}

runMain(main);
