// What every benchmark does with the project itself: build it, start the production server the
// way `npm start` does, and describe the machine and the commit the numbers belong to.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawnChild, waitForOk, type ManagedChild } from './process.js';

export const BENCH_DIR = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
export const ROOT = path.dirname(BENCH_DIR);
export const TMP = path.join(BENCH_DIR, 'tmp');
export const RESULTS = path.join(BENCH_DIR, 'results');

/** A whole-number setting from the environment (≥ `min`), or `fallback` when unset; anything else stops the run. */
export function envInt(name: string, fallback: number, min = 1): number {
  const v = process.env[name];
  if (v === undefined || v === '') return fallback;
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new Error(`${name} must be a whole number ≥ ${min}`);
  return n;
}

export const log = (msg: string): void => console.log(`[bench] ${msg}`);

/**
 * A run's results in `dir` (bench/results): `<name>-<date>.json`, `<name>-<date>.md` and
 * `<name>-latest.md`. Returns their paths relative to the project.
 */
export function writeResults(name: string, date: string, md: string, json: object, dir = RESULTS): string[] {
  fs.mkdirSync(dir, { recursive: true });
  const base = path.join(dir, `${name}-${date}`);
  fs.writeFileSync(`${base}.json`, JSON.stringify(json, null, 2) + '\n');
  fs.writeFileSync(`${base}.md`, md);
  fs.writeFileSync(path.join(dir, `${name}-latest.md`), md);
  return [`${base}.json`, `${base}.md`, path.join(dir, `${name}-latest.md`)].map((f) => path.relative(ROOT, f));
}

export function step<T>(label: string, fn: () => T): T {
  const t = performance.now();
  const out = fn();
  log(`${label} (${Math.round(performance.now() - t)} ms)`);
  return out;
}

/** `npm run build`, so the server runs compiled, as in production. */
export function build(): void {
  step('npm run build', () => execFileSync('npm', ['run', '--silent', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] }));
  if (!fs.existsSync(path.join(ROOT, 'dist/src/server.js'))) throw new Error('build produced no dist/src/server.js');
}

/** The node arguments of `npm run serve` (package.json), so the benchmark runs what `npm start` runs. */
export function serveArgs(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const words = (pkg.scripts?.['serve'] ?? 'node dist/src/server.js').split(/\s+/).filter(Boolean);
  if (words[0] !== 'node') throw new Error(`package.json scripts.serve must start with node: ${words.join(' ')}`);
  return words.slice(1);
}

export function serverCommand(): string {
  return ['node', ...serveArgs()].join(' ');
}

/**
 * The compiled server as a child process on 127.0.0.1:`port` (NODE_ENV=production, DEMO_DATA=0,
 * LOG_LEVEL=warn, plus `env`), ready once /healthz answers.
 */
export async function startServer(opts: { dbFile: string; port: number; logFile: string; env?: Record<string, string> }): Promise<{ child: ManagedChild; readyMs: number }> {
  const env = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: `sqlite:${opts.dbFile}`,
    PORT: String(opts.port),
    HOST: '127.0.0.1',
    LOG_LEVEL: 'warn',
    DEMO_DATA: '0',
    ...opts.env,
  };
  const child = spawnChild({ name: 'server', command: process.execPath, args: serveArgs(), cwd: ROOT, env, logFile: opts.logFile });
  const readyMs = await waitForOk(`http://127.0.0.1:${opts.port}/healthz`, child);
  log(`server pid ${child.pid} ready on 127.0.0.1:${opts.port} (${Math.round(readyMs)} ms)`);
  return { child, readyMs };
}

export function gitCommit(): string {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--', 'src', 'assets', 'package.json'], { cwd: ROOT, encoding: 'utf8' }).trim();
    return dirty ? `${sha} (src modified)` : sha;
  } catch {
    return 'unknown';
  }
}

export interface MachineInfo {
  readonly cpus: number;
  readonly cpuModel: string;
  readonly memoryMb: number;
  readonly os: string;
  readonly node: string;
  readonly nginx: string | null;
  readonly gitCommit: string;
}

export function machineInfo(nginxVersion: string | null = null): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.replace(/\s+/g, ' ').trim() ?? 'unknown',
    memoryMb: Math.round(os.totalmem() / 1048576),
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
    nginx: nginxVersion,
    gitCommit: gitCommit(),
  };
}

/** Size of a SQLite database: the file plus its -wal, in MB (one decimal). */
export function dbSizeMb(dbFile: string): number {
  const bytes = ['', '-wal'].map((s) => dbFile + s).filter((f) => fs.existsSync(f)).reduce((sum, f) => sum + fs.statSync(f).size, 0);
  return Math.round((bytes / 1048576) * 10) / 10;
}
