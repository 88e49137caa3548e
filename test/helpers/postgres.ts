// A throwaway PostgreSQL 15 cluster on 127.0.0.1 for tests: initdb into a temp folder owned by the
// postgres user (initdb refuses root), pg_ctl start on a free port, one database. `scripts/test.sh`
// installs Debian's postgresql when it is missing.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';

const BIN = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin'].find((d) => fs.existsSync(path.join(d, 'initdb')));

/** Where PostgreSQL's programs are (pg_ctl, pg_amcheck, …); empty when it is not installed. */
export const PG_BIN = BIN ?? '';

export interface PgCluster {
  readonly url: string;
  /** The cluster's folder (owned by postgres): data/, log, the socket. */
  readonly dir: string;
  readonly dataDir: string;
  /** pg_ctl with these arguments, as the postgres user (e.g. ['-m', 'immediate', 'stop']). */
  ctl(args: readonly string[]): void;
  /** Starts the cluster again after a stop (same port, same settings). */
  start(): void;
  stop(): void;
}

export interface PgOptions {
  /** fsync=off by default (a throwaway cluster); true where a crash of PostgreSQL itself is tested. */
  readonly fsync?: boolean;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

/** Runs a command as the postgres user when we are root (initdb and postgres refuse root). */
export function runAsPostgres(cmd: string, args: readonly string[]): void {
  if (process.getuid?.() === 0) execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', [cmd, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ')], { stdio: 'pipe' });
  else execFileSync(cmd, [...args], { stdio: 'pipe' });
}

export async function startPostgres(opts: PgOptions = {}): Promise<PgCluster> {
  if (!BIN) throw new Error('PostgreSQL 15 not found under /usr/lib/postgresql: `apt-get install -y postgresql` (scripts/test.sh does it)');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-pg-'));
  fs.chmodSync(dir, 0o777);
  const data = path.join(dir, 'data');
  if (process.getuid?.() === 0) execFileSync('chown', ['postgres', dir]);
  runAsPostgres(path.join(BIN, 'initdb'), ['-D', data, '-U', 'zs', '--auth=trust', '-E', 'UTF8', '--no-locale']);
  const port = await freePort();
  const bin = BIN;
  const ctl = (args: readonly string[]) => runAsPostgres(path.join(bin, 'pg_ctl'), ['-D', data, ...args]);
  const start = () => ctl(['-l', path.join(dir, 'log'), '-o', `-c listen_addresses=127.0.0.1 -c port=${port} -c unix_socket_directories=${dir} -c fsync=${opts.fsync ? 'on' : 'off'}`, '-w', 'start']);
  start();
  runAsPostgres(path.join(BIN, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'zs', 'zhaoshang']);
  return {
    url: `postgres://zs@127.0.0.1:${port}/zhaoshang`,
    dir,
    dataDir: data,
    ctl,
    start,
    stop() {
      try {
        ctl(['-m', 'immediate', 'stop']);
      } catch {
        // Already stopped (a test stopped or killed it).
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}

/** One client connection to `url` for the length of `run` (setup and checks beside the app's pools). */
export async function withPgClient<T>(url: string, run: (c: pg.Client) => Promise<T>, opts: { connectionTimeoutMillis?: number } = {}): Promise<T> {
  const c = new pg.Client({ connectionString: url, ...opts });
  try {
    await c.connect();
    return await run(c);
  } finally {
    await c.end().catch(() => undefined);
  }
}
