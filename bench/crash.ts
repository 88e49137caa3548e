// Crash test (`npm run test:crash`), on SQLite and on PostgreSQL: the production server under a
// stream of contact messages (a few in flight, each with a unique marker) is killed with SIGKILL at
// a random moment (seeded PRNG), CRASH_ROUNDS times, and restarted each time. On PostgreSQL every
// other round kills PostgreSQL itself instead (SIGKILL to the postmaster and every backend; fsync
// on; crash recovery at restart) while the app stays up. After every round: the database passes
// its integrity check (SQLite: pragma integrity_check; PostgreSQL: pg_amcheck over every heap and
// B-tree index), every write answered 303 is stored exactly once, and a write that failed or was
// cut off is either stored completely (the exact message sent) or not at all. Then an import
// (`zhaoshang import FILE`, bin/zhaoshang.js) of a large generated JSONL killed with SIGKILL after a
// random delay: the file's articles are all there or none (its progress lines show how far it had
// got), the database checks out, the server starts.
// Results: bench/results/crash-latest.md (+ crash-<date>.json); the short form writes to
// bench/results/short/. Exit 1 when a check fails.
//
// Environment (all optional):
//   CRASH_ENGINES=sqlite,postgres
//   CRASH_ROUNDS=20            kills per engine (CRASH_SHORT=1 or CI=true: 6)
//   CRASH_IMPORT_ROUNDS=2      import kills per engine (short: 1)
//   CRASH_IMPORT_ARTICLES=20000 (short: 5000)
//   CRASH_SEED=20261127        PRNG seed for the kill moments
//   CRASH_IN_FLIGHT=4          concurrent writers
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import { PG_BIN, startPostgres, withPgClient, type PgCluster } from '../test/helpers/postgres.js';
import { generateArticles, Prng, writeJsonLines } from './corpus.js';
import { freePort, runMain, spawnChild, tail, waitForOk } from './lib/process.js';
import { build, log, machineInfo, ROOT, startServer, TMP, type MachineInfo, envInt } from './lib/project.js';
import { contactWrite, finishRun, formSession, postWrite, reconcile, rowsOfRun, DONE_LOCATION, type Outcome, type SentWrite } from './lib/writes.js';

const short = process.env['CRASH_SHORT'] === '1' || process.env['CI'] === 'true';
const ENGINES = (process.env['CRASH_ENGINES'] ?? 'sqlite,postgres').split(',').map((s) => s.trim()) as Engine[];
const ROUNDS = envInt('CRASH_ROUNDS', short ? 6 : 20);
const IMPORT_ROUNDS = envInt('CRASH_IMPORT_ROUNDS', short ? 1 : 2, 0);
const IMPORT_ARTICLES = envInt('CRASH_IMPORT_ARTICLES', short ? 5000 : 20_000);
const SEED = envInt('CRASH_SEED', 20261127);
const IN_FLIGHT = envInt('CRASH_IN_FLIGHT', 4);
const TIMEOUT_MS = 10_000;
const MESSAGE_BYTES = 4000;
const WORK = path.join(TMP, 'crash');

type Engine = 'sqlite' | 'postgres';
type Victim = 'app' | 'postgres';

interface RoundResult {
  readonly engine: Engine;
  readonly round: number;
  readonly victim: Victim;
  readonly killAfterMs: number;
  readonly sent: number;
  readonly acked: number;
  readonly cutOff: number;
  readonly cutOffStored: number;
  /** Answers other than 303 to writes cut off (e.g. 503 while PostgreSQL was down). */
  readonly cutOffStatuses: Record<string, number>;
  readonly integrity: string;
  readonly failures: string[];
}

interface ImportResult {
  readonly engine: Engine;
  readonly round: number;
  readonly killAfterMs: number;
  readonly exitedBeforeKill: boolean;
  readonly count: number;
  readonly progress: string;
  readonly integrity: string;
  readonly serverStarts: boolean;
  readonly failures: string[];
}

/** One engine's database: where it is, how to check it, how to crash it. */
interface Store {
  readonly engine: Engine;
  readonly url: string;
  integrity(): Promise<string>;
  countImported(prefix: string): Promise<number>;
  /** PostgreSQL only: SIGKILL the postmaster and every backend, then start it again (crash recovery). */
  crashAndRestart?(): Promise<void>;
  close(): void;
}

function sqliteStore(file: string): Store {
  const open = (readonly: boolean) => new SQLite(file, { readonly, fileMustExist: true });
  return {
    engine: 'sqlite',
    url: `sqlite:${file}`,
    async integrity() {
      const db = open(false);
      try {
        return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
      } finally {
        db.close();
      }
    },
    async countImported(prefix) {
      const db = open(true);
      try {
        return Number((db.prepare('select count(*) as n from articles where import_key like ?').get(`ext:${prefix}-%`) as { n: number }).n);
      } finally {
        db.close();
      }
    },
    close() {},
  };
}

function pgStore(cluster: PgCluster): Store {
  const u = new URL(cluster.url);
  return {
    engine: 'postgres',
    url: cluster.url,
    async integrity() {
      // Every table's heap and every B-tree index (the RUM/GIN search index is not covered by amcheck).
      try {
        const out = execFileSync(path.join(PG_BIN, 'pg_amcheck'), ['-h', u.hostname, '-p', u.port, '-U', u.username, '--install-missing', '--heapallindexed', '--no-strict-names', u.pathname.slice(1)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        return out.trim() ? out.trim().split('\n').slice(0, 3).join('; ') : 'ok';
      } catch (err) {
        const e = err as { stdout?: string; stderr?: string; message: string };
        return `pg_amcheck failed: ${(e.stdout || e.stderr || e.message).trim().split('\n').slice(0, 3).join('; ')}`;
      }
    },
    async countImported(prefix) {
      return withPgClient(cluster.url, async (c) => Number((await c.query<{ n: string }>('select count(*) as n from articles where import_key like $1', [`ext:${prefix}-%`])).rows[0]?.n ?? 0));
    },
    async crashAndRestart() {
      const postmaster = Number(fs.readFileSync(path.join(cluster.dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]);
      const children = childrenOf(postmaster);
      for (const pid of [postmaster, ...children]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone already.
        }
      }
      for (let i = 0; i < 100 && [postmaster, ...children].some(alive); i++) await sleep(50);
      await sleep(1000); // down for a moment: the app's writes meet refused connections
      cluster.start();
    },
    close() {
      cluster.stop();
    },
  };
}

/** The processes whose parent is `pid`, from /proc (no procps needed). */
function childrenOf(pid: number): number[] {
  const out: number[] = [];
  for (const name of fs.readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    try {
      // "pid (comm) state ppid …": comm may hold spaces, so read after its closing parenthesis.
      const stat = fs.readFileSync(`/proc/${name}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) out.push(Number(name));
    } catch {
      // Gone meanwhile.
    }
  }
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function runEngine(engine: Engine, rng: Prng, runId: string): Promise<{ rounds: RoundResult[]; imports: ImportResult[] }> {
  const dir = path.join(WORK, engine);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const store = engine === 'postgres' ? pgStore(await startPostgres({ fsync: true })) : sqliteStore(path.join(dir, 'crash.db'));
  const serverEnv = { DATABASE_URL: store.url, AUTO_MIGRATE: '1', DEMO_DATA: '0', TRUST_PROXY: 'true', UPLOAD_DIR: path.join(dir, 'uploads') };
  const start = async (name: string) => {
    const port = await freePort();
    return { port, server: await startServer({ dbFile: path.join(dir, 'crash.db'), port, logFile: path.join(dir, `server-${name}.log`), env: serverEnv }) };
  };
  let server: Awaited<ReturnType<typeof startServer>> | null = null;
  try {
    const all: { write: SentWrite; outcome: Outcome }[] = [];
    const rounds: RoundResult[] = [];
    let n = 0;
    let port: number;
    ({ port, server } = await start('0'));

    // ---- Kills under writes.
    for (let round = 1; round <= ROUNDS; round++) {
      const victim: Victim = engine === 'postgres' && round % 2 === 0 ? 'postgres' : 'app';
      const session = await formSession(port, '/contact');
      const agent = new http.Agent({ keepAlive: true, maxSockets: IN_FLIGHT });
      const killAfterMs = rng.int(150, 1500);
      let killed = false;
      const mine: { write: SentWrite; outcome: Outcome }[] = [];
      const writers = Array.from({ length: IN_FLIGHT }, async () => {
        while (!killed) {
          const k = ++n;
          const { sent: write, fields } = contactWrite(`${runId}-contact-${k}`, k, MESSAGE_BYTES);
          const outcome = await postWrite(port, 'contact', session, fields, TIMEOUT_MS, agent);
          mine.push({ write, outcome });
        }
      });
      await sleep(killAfterMs);
      if (victim === 'app') {
        process.kill(-server.child.pid, 'SIGKILL');
        killed = true;
        await server.child.exited;
        await Promise.all(writers);
        agent.destroy();
        ({ port, server } = await start(String(round)));
      } else {
        // The writers go on while PostgreSQL is down and until the app answers healthy again.
        // waitForOk fails at once, with the app's log, if the app exited when PostgreSQL went down.
        await store.crashAndRestart?.();
        await waitForOk(`http://127.0.0.1:${port}/healthz`, server.child, 30_000);
        killed = true;
        await Promise.all(writers);
        agent.destroy();
      }
      all.push(...mine);

      const failures: string[] = [];
      const integrity = await store.integrity();
      if (integrity !== 'ok') failures.push(`${engine} round ${round}: integrity check: ${integrity}`);
      const acked = (o: Outcome) => o.status === 303 && DONE_LOCATION.contact.test(o.location ?? '');
      const rows = await rowsOfRun(store.url, 'contact', runId);
      const rec = reconcile(all.map((s) => ({ write: s.write, acked: acked(s.outcome) })), rows, 'contact');
      const cutOff = mine.filter((s) => !acked(s.outcome));
      const cutOffStatuses = cutOff.reduce<Record<string, number>>((m, s) => {
        // 503 "maybe stored" (the connection broke in use) apart from 503 "not stored" (none made).
        const k = s.outcome.status ? `${s.outcome.status}${/可能已经保存/.test(s.outcome.body ?? '') ? ' maybe stored' : ''}` : (s.outcome.error ?? 'no answer');
        m[k] = (m[k] ?? 0) + 1;
        return m;
      }, {});
      // Cut off: no answer (the app died), or 503 (the database went away under it). Never a 500.
      const wrong = cutOff.filter((s) => s.outcome.status !== 0 && s.outcome.status !== 503).map((s) => s.outcome.status);
      if (wrong.length) failures.push(`${engine} round ${round}: answers other than 303/503: ${wrong.join(',')}`);
      if (rec.ackedMissing.length) failures.push(`${engine} round ${round}: ${rec.ackedMissing.length} acknowledged writes missing, e.g. ${rec.ackedMissing.slice(0, 3).join(' ')}`);
      if (rec.duplicated.length) failures.push(`${engine} round ${round}: ${rec.duplicated.length} writes stored twice, e.g. ${rec.duplicated.slice(0, 3).join(' ')}`);
      if (rec.contentMismatch.length) failures.push(`${engine} round ${round}: ${rec.contentMismatch.length} rows differ from the message sent (torn write), e.g. ${rec.contentMismatch.slice(0, 3).join(' | ')}`);
      if (rec.unknownMarkers.length) failures.push(`${engine} round ${round}: rows with markers never sent: ${rec.unknownMarkers.slice(0, 3).join(' ')}`);
      const storedMarkers = new Set(rec.unackedStored);
      // A 503 may say "nothing was stored" only when nothing was: a write whose connection broke
      // perhaps during its COMMIT must say it may have been stored.
      const promisedNotStored = (o: Outcome) => o.status === 503 && /没有保存/.test(o.body ?? '') && !/可能已经保存/.test(o.body ?? '');
      const lied = cutOff.filter((s) => storedMarkers.has(s.write.marker) && promisedNotStored(s.outcome));
      if (lied.length) failures.push(`${engine} round ${round}: ${lied.length} writes answered 503 "没有保存" were stored, e.g. ${lied.slice(0, 3).map((s) => s.write.marker).join(' ')}`);
      const r: RoundResult = {
        engine,
        round,
        victim,
        killAfterMs,
        sent: mine.length,
        acked: mine.length - cutOff.length,
        cutOff: cutOff.length,
        cutOffStored: cutOff.filter((s) => storedMarkers.has(s.write.marker)).length,
        cutOffStatuses,
        integrity,
        failures,
      };
      rounds.push(r);
      log(`${engine} round ${round}: kill ${victim} after ${killAfterMs} ms; ${r.acked} × 303, ${r.cutOff} cut off ${JSON.stringify(cutOffStatuses)} (${r.cutOffStored} of them stored, complete); integrity ${integrity}${failures.length ? `; FAILED: ${failures.join('; ')}` : ''}`);
    }
    await server.child.stop();

    // ---- Imports killed mid-file (the server stopped meanwhile).
    const imports: ImportResult[] = [];
    const file = path.join(dir, `import-${IMPORT_ARTICLES}.jsonl`);
    // A whole import takes about this long here (SQLite ~1 ms, PostgreSQL ~3 ms an article): the
    // kill comes anywhere from the parse to the commit.
    const fullMs = IMPORT_ARTICLES * (engine === 'postgres' ? 3 : 1);
    for (let round = 1; round <= IMPORT_ROUNDS; round++) {
      const prefix = `crashimp${engine}${round}`;
      writeJsonLines(file, generateArticles(IMPORT_ARTICLES, { idPrefix: prefix, seed: SEED + round }));
      const killAfterMs = rng.int(Math.round(fullMs * 0.15), Math.round(fullMs * 0.9));
      const child = spawnChild({ name: 'import', command: process.execPath, args: ['bin/zhaoshang.js', 'import', file], cwd: ROOT, env: { ...process.env, DATABASE_URL: store.url, LOG_LEVEL: 'warn' }, logFile: path.join(dir, `import-${round}.log`) });
      const exitedBeforeKill = await Promise.race([child.exited.then(() => true), sleep(killAfterMs).then(() => false)]);
      if (!exitedBeforeKill) process.kill(-child.pid, 'SIGKILL');
      await child.exited;
      const failures: string[] = [];
      const integrity = await store.integrity();
      if (integrity !== 'ok') failures.push(`${engine} import ${round}: integrity check: ${integrity}`);
      const count = await store.countImported(prefix);
      if (count !== 0 && count !== IMPORT_ARTICLES) failures.push(`${engine} import ${round}: ${count} of ${IMPORT_ARTICLES} articles stored (neither all nor none)`);
      if (exitedBeforeKill && count !== IMPORT_ARTICLES) failures.push(`${engine} import ${round}: the import finished but stored ${count} of ${IMPORT_ARTICLES}`);
      let serverStarts = true;
      try {
        ({ server } = await start(`import-${round}`));
        await server.child.stop();
      } catch (err) {
        serverStarts = false;
        failures.push(`${engine} import ${round}: the server does not start afterwards: ${(err as Error).message}`);
      }
      const progress = tail(child.logFile, 1);
      const r: ImportResult = { engine, round, killAfterMs, exitedBeforeKill, count, progress, integrity, serverStarts, failures };
      imports.push(r);
      log(`${engine} import ${round}: ${exitedBeforeKill ? 'finished before the kill' : `killed after ${killAfterMs} ms`} (last line: ${progress || '—'}); ${count} of ${IMPORT_ARTICLES} articles stored; integrity ${integrity}; server starts: ${serverStarts}${failures.length ? `; FAILED: ${failures.join('; ')}` : ''}`);
    }
    return { rounds, imports };
  } finally {
    await server?.child.stop().catch(() => undefined);
    store.close();
  }
}

function markdown(rounds: readonly RoundResult[], imports: readonly ImportResult[], failures: readonly string[], date: string, m: MachineInfo): string {
  const lines = [
    `# Crash test — ${date}${short ? ' (short form)' : ''}`,
    '',
    `\`npm run test:crash\` (bench/crash.ts). Production build on 127.0.0.1 (${m.cpus} CPU, Node ${m.node}, commit ${m.gitCommit}); seed ${SEED}; ${IN_FLIGHT} contact messages in flight (${MESSAGE_BYTES}+ byte messages), each with a unique marker; ${ROUNDS} kills per engine at a random moment. SQLite: the app killed (SIGKILL to its process group) and restarted on the same file. PostgreSQL (throwaway cluster, fsync on): odd rounds kill the app, even rounds kill PostgreSQL (SIGKILL to the postmaster and every backend, restart with crash recovery) while the app stays up. Integrity: SQLite \`pragma integrity_check\`; PostgreSQL \`pg_amcheck --heapallindexed\` (heaps and B-tree indexes).`,
    '',
    `## ${failures.length ? `**FAILED** (${failures.length})` : 'All checks passed'}`,
    '',
  ];
  for (const engine of ENGINES) {
    const rs = rounds.filter((r) => r.engine === engine);
    if (!rs.length) continue;
    const acked = rs.reduce((s, r) => s + r.acked, 0);
    const cutOff = rs.reduce((s, r) => s + r.cutOff, 0);
    const cutOffStored = rs.reduce((s, r) => s + r.cutOffStored, 0);
    const torn = failures.some((f) => f.startsWith(`${engine} `) && /missing|twice|differ/.test(f));
    lines.push(
      `### ${engine}`,
      '',
      `Writes: ${acked} acknowledged (303), all stored exactly once with the exact message: ${torn ? 'NO' : 'yes'}. ${cutOff} writes cut off by a kill; ${cutOffStored} of those had committed (stored complete), ${cutOff - cutOffStored} not stored; no partial rows.`,
      '',
      '| round | killed | after ms | sent | 303 | cut off (answers) | cut off & stored | integrity |',
      '|---:|---|---:|---:|---:|---|---:|---|',
      ...rs.map((r) => `| ${r.round} | ${r.victim} | ${r.killAfterMs} | ${r.sent} | ${r.acked} | ${r.cutOff} ${JSON.stringify(r.cutOffStatuses)} | ${r.cutOffStored} | ${r.integrity} |`),
      '',
      `Import killed mid-file (\`node bin/zhaoshang.js import FILE\`, ${IMPORT_ARTICLES} generated articles in one transaction, SIGKILL after a random delay; server stopped meanwhile):`,
      '',
      '| import | kill after ms | last progress line before the kill | articles stored | integrity | server starts |',
      '|---:|---:|---|---:|---|---|',
      ...imports.filter((r) => r.engine === engine).map((r) => `| ${r.round} | ${r.exitedBeforeKill ? `(finished before ${r.killAfterMs})` : r.killAfterMs} | ${r.progress.replace(/\|/g, '\\|').slice(0, 120) || '—'} | ${r.count} / ${IMPORT_ARTICLES} | ${r.integrity} | ${r.serverStarts} |`),
      '',
    );
  }
  if (failures.length) lines.push('Failures:', '', ...failures.map((f) => `- ${f}`), '');
  return lines.join('\n');
}

async function main(): Promise<void> {
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  build();
  // The commit and machine of the build under test (commits made while it runs do not count).
  const machine = machineInfo();
  const rng = new Prng(SEED);
  const runId = `CR${Date.now()}`;
  const rounds: RoundResult[] = [];
  const imports: ImportResult[] = [];
  for (const engine of ENGINES) {
    const r = await runEngine(engine, rng, runId);
    rounds.push(...r.rounds);
    imports.push(...r.imports);
  }
  const failures = [...rounds.flatMap((r) => r.failures), ...imports.flatMap((r) => r.failures)];
  const date = new Date().toISOString().slice(0, 10);
  finishRun('crash', date, markdown(rounds, imports, failures, date, machine), { date, short, seed: SEED, engines: ENGINES, rounds, imports, machine }, failures, { short });
}

runMain(main);
