// Crash test (`npm run test:crash`), SQLite: the production server under a stream of contact
// messages (a few in flight, each with a unique marker) is killed with SIGKILL at a random moment
// (seeded PRNG), CRASH_ROUNDS times, and restarted each time. After every restart: pragma
// integrity_check = ok, every write answered 303 is stored exactly once, and a write that failed or
// was cut off is either stored completely (the exact message sent) or not at all. Then an import
// (`zhaoshang import FILE`, bin/zhaoshang.js) of a large generated JSONL killed with SIGKILL after a
// random delay: the file's articles are all there or none, integrity_check ok, the server starts.
// Results: bench/results/crash-latest.md (+ crash-<date>.json). Exit 1 when a check fails.
//
// Environment (all optional):
//   CRASH_ROUNDS=20            server kills (CRASH_SHORT=1 or CI=true: 5)
//   CRASH_IMPORT_ROUNDS=2      import kills (short: 1)
//   CRASH_IMPORT_ARTICLES=20000
//   CRASH_SEED=20261127        PRNG seed for the kill moments
//   CRASH_IN_FLIGHT=4          concurrent writers
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import SQLite from 'better-sqlite3';
import { generateArticles, Prng, writeJsonLines } from './corpus.js';
import { freePort, spawnChild, tail } from './lib/process.js';
import { build, log, machineInfo, ROOT, startServer, TMP } from './lib/project.js';
import { contactWrite, finishRun, formSession, runMain, postWrite, reconcile, rowsOfRun, DONE_LOCATION, type Outcome, type SentWrite } from './lib/writes.js';

const short = process.env['CRASH_SHORT'] === '1' || process.env['CI'] === 'true';
const int = (name: string, fallback: number): number => {
  const v = Number(process.env[name] ?? '');
  return Number.isInteger(v) && v > 0 ? v : fallback;
};
const ROUNDS = int('CRASH_ROUNDS', short ? 5 : 20);
const IMPORT_ROUNDS = int('CRASH_IMPORT_ROUNDS', short ? 1 : 2);
const IMPORT_ARTICLES = int('CRASH_IMPORT_ARTICLES', 20_000);
const SEED = int('CRASH_SEED', 20261127);
const IN_FLIGHT = int('CRASH_IN_FLIGHT', 4);
const TIMEOUT_MS = 10_000;
const MESSAGE_BYTES = 4000;
const WORK = path.join(TMP, 'crash');
const DB_FILE = path.join(WORK, 'crash.db');
const DATABASE_URL = `sqlite:${DB_FILE}`;
const SERVER_ENV = { DATABASE_URL, DEMO_DATA: '0', TRUST_PROXY: 'true', UPLOAD_DIR: path.join(WORK, 'uploads') };

interface RoundResult {
  readonly round: number;
  readonly killAfterMs: number;
  readonly sent: number;
  readonly acked: number;
  readonly cutOff: number;
  readonly cutOffStored: number;
  readonly integrity: string;
  readonly failures: string[];
}

interface ImportResult {
  readonly round: number;
  readonly killAfterMs: number;
  readonly exitedBeforeKill: boolean;
  readonly count: number;
  readonly integrity: string;
  readonly serverStarts: boolean;
  readonly logTail: string;
  readonly failures: string[];
}

function integrityCheck(): string {
  const db = new SQLite(DB_FILE, { fileMustExist: true });
  try {
    return (db.pragma('integrity_check') as { integrity_check: string }[]).map((r) => r.integrity_check).join('; ');
  } finally {
    db.close();
  }
}

function countImported(prefix: string): number {
  const db = new SQLite(DB_FILE, { readonly: true, fileMustExist: true });
  try {
    return Number((db.prepare('select count(*) as n from articles where import_key like ?').get(`ext:${prefix}-%`) as { n: number }).n);
  } finally {
    db.close();
  }
}

async function main(): Promise<void> {
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(WORK, { recursive: true });
  build();
  const rng = new Prng(SEED);
  const runId = `CR${Date.now()}`;
  const all: { write: SentWrite; outcome: Outcome }[] = [];
  const rounds: RoundResult[] = [];
  let n = 0;
  let port = await freePort();
  let server = await startServer({ dbFile: DB_FILE, port, logFile: path.join(WORK, 'server-0.log'), env: SERVER_ENV });

  // ---- Server kills under writes.
  for (let round = 1; round <= ROUNDS; round++) {
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
    process.kill(-server.child.pid, 'SIGKILL');
    killed = true;
    await server.child.exited;
    await Promise.all(writers);
    agent.destroy();
    all.push(...mine);

    // Restart on the same database; check it.
    port = await freePort();
    server = await startServer({ dbFile: DB_FILE, port, logFile: path.join(WORK, `server-${round}.log`), env: SERVER_ENV });
    const failures: string[] = [];
    const integrity = integrityCheck();
    if (integrity !== 'ok') failures.push(`round ${round}: integrity_check: ${integrity}`);
    const acked = (o: Outcome) => o.status === 303 && DONE_LOCATION.contact.test(o.location ?? '');
    const rows = await rowsOfRun(DATABASE_URL, 'contact', runId);
    const rec = reconcile(all.map((s) => ({ write: s.write, acked: acked(s.outcome) })), rows, 'contact');
    const fivexx = mine.filter((s) => s.outcome.status >= 500).length;
    const otherStatus = mine.filter((s) => s.outcome.status > 0 && !acked(s.outcome)).map((s) => s.outcome.status);
    if (fivexx) failures.push(`round ${round}: ${fivexx} × 5xx before the kill`);
    if (otherStatus.length) failures.push(`round ${round}: answers other than 303: ${otherStatus.join(',')}`);
    if (rec.ackedMissing.length) failures.push(`round ${round}: ${rec.ackedMissing.length} acknowledged writes missing, e.g. ${rec.ackedMissing.slice(0, 3).join(' ')}`);
    if (rec.duplicated.length) failures.push(`round ${round}: ${rec.duplicated.length} writes stored twice, e.g. ${rec.duplicated.slice(0, 3).join(' ')}`);
    if (rec.contentMismatch.length) failures.push(`round ${round}: ${rec.contentMismatch.length} rows differ from the message sent (torn write), e.g. ${rec.contentMismatch.slice(0, 3).join(' | ')}`);
    if (rec.unknownMarkers.length) failures.push(`round ${round}: rows with markers never sent: ${rec.unknownMarkers.slice(0, 3).join(' ')}`);
    const cutOff = mine.filter((s) => !acked(s.outcome));
    const storedMarkers = new Set(rec.unackedStored);
    const r: RoundResult = {
      round,
      killAfterMs,
      sent: mine.length,
      acked: mine.length - cutOff.length,
      cutOff: cutOff.length,
      cutOffStored: cutOff.filter((s) => storedMarkers.has(s.write.marker)).length,
      integrity,
      failures,
    };
    rounds.push(r);
    log(`round ${round}: kill after ${killAfterMs} ms; ${r.acked} × 303, ${r.cutOff} cut off (${r.cutOffStored} of them stored, complete); integrity ${integrity}${failures.length ? `; FAILED: ${failures.join('; ')}` : ''}`);
  }
  await server.child.stop();

  // ---- Imports killed mid-file.
  const imports: ImportResult[] = [];
  const file = path.join(WORK, `import-${IMPORT_ARTICLES}.jsonl`);
  for (let round = 1; round <= IMPORT_ROUNDS; round++) {
    const prefix = `crashimp${round}`;
    writeJsonLines(file, generateArticles(IMPORT_ARTICLES, { idPrefix: prefix, seed: SEED + round }));
    const killAfterMs = rng.int(3000, 16000); // the full 20,000-article import takes ~20 s here
    const child = spawnChild({ name: 'import', command: process.execPath, args: ['bin/zhaoshang.js', 'import', file], cwd: ROOT, env: { ...process.env, DATABASE_URL, LOG_LEVEL: 'warn' }, logFile: path.join(WORK, `import-${round}.log`) });
    const exitedBeforeKill = await Promise.race([child.exited.then(() => true), sleep(killAfterMs).then(() => false)]);
    if (!exitedBeforeKill) process.kill(-child.pid, 'SIGKILL');
    await child.exited;
    const failures: string[] = [];
    const integrity = integrityCheck();
    if (integrity !== 'ok') failures.push(`import ${round}: integrity_check: ${integrity}`);
    const count = countImported(prefix);
    if (count !== 0 && count !== IMPORT_ARTICLES) failures.push(`import ${round}: ${count} of ${IMPORT_ARTICLES} articles stored (neither all nor none)`);
    let serverStarts = true;
    try {
      port = await freePort();
      server = await startServer({ dbFile: DB_FILE, port, logFile: path.join(WORK, `server-import-${round}.log`), env: SERVER_ENV });
      await server.child.stop();
    } catch (err) {
      serverStarts = false;
      failures.push(`import ${round}: the server does not start afterwards: ${(err as Error).message}`);
    }
    const r: ImportResult = { round, killAfterMs, exitedBeforeKill, count, integrity, serverStarts, logTail: tail(child.logFile, 3), failures };
    imports.push(r);
    log(`import ${round}: ${exitedBeforeKill ? 'finished before the kill' : `killed after ${killAfterMs} ms`}; ${count} of ${IMPORT_ARTICLES} articles stored; integrity ${integrity}; server starts: ${serverStarts}${failures.length ? `; FAILED: ${failures.join('; ')}` : ''}`);
  }

  // ---- Report.
  const failures = [...rounds.flatMap((r) => r.failures), ...imports.flatMap((r) => r.failures)];
  const date = new Date().toISOString().slice(0, 10);
  const m = machineInfo();
  const acked = rounds.reduce((s, r) => s + r.acked, 0);
  const cutOff = rounds.reduce((s, r) => s + r.cutOff, 0);
  const cutOffStored = rounds.reduce((s, r) => s + r.cutOffStored, 0);
  const md = [
    `# Crash test — ${date}`,
    '',
    `\`npm run test:crash\` (bench/crash.ts), SQLite only (PostgreSQL not covered yet). Production build on 127.0.0.1 (${m.cpus} CPU, Node ${m.node}, commit ${m.gitCommit}); seed ${SEED}; ${IN_FLIGHT} contact messages in flight (${MESSAGE_BYTES}+ byte messages), each with a unique marker; server killed with SIGKILL (whole process group) ${ROUNDS} times at a random moment, restarted on the same database each time.`,
    '',
    `## ${failures.length ? `**FAILED** (${failures.length})` : 'All checks passed'}`,
    '',
    `Writes: ${acked} acknowledged (303), all stored exactly once with the exact message: ${failures.some((f) => /missing|twice|differ/.test(f)) ? 'NO' : 'yes'}. ${cutOff} writes cut off by a kill; ${cutOffStored} of those had committed (stored complete), ${cutOff - cutOffStored} not stored; no partial rows.`,
    '',
    '| round | kill after ms | sent | 303 | cut off | cut off & stored | integrity_check |',
    '|---:|---:|---:|---:|---:|---:|---|',
    ...rounds.map((r) => `| ${r.round} | ${r.killAfterMs} | ${r.sent} | ${r.acked} | ${r.cutOff} | ${r.cutOffStored} | ${r.integrity} |`),
    '',
    `Import killed mid-file (\`node bin/zhaoshang.js import FILE\`, ${IMPORT_ARTICLES} generated articles, SIGKILL after a random delay; server stopped meanwhile):`,
    '',
    '| import | kill after ms | articles stored | integrity_check | server starts | import log tail |',
    '|---:|---:|---:|---|---|---|',
    ...imports.map((r) => `| ${r.round} | ${r.exitedBeforeKill ? `(finished before ${r.killAfterMs})` : r.killAfterMs} | ${r.count} / ${IMPORT_ARTICLES} | ${r.integrity} | ${r.serverStarts} | ${r.logTail.replace(/\n/g, ' ⏎ ').replace(/\|/g, '\\|').slice(0, 160)} |`),
    '',
    ...(failures.length ? ['Failures:', '', ...failures.map((f) => `- ${f}`), ''] : []),
  ].join('\n');
  finishRun('crash', date, md, { date, seed: SEED, rounds, imports, machine: m }, failures);
}

runMain(main);
