// The deployment of docs/DEPLOY.md on one machine, for the multi-instance test: a PostgreSQL 15
// primary and one streaming replica, two app instances as real child processes (`node --import
// tsx src/server.ts`), and nginx rendered from deploy/nginx.conf — all on 127.0.0.1, free ports,
// one temp folder. Whatever started is stopped again if a later step fails.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { FormClient, keepCookies } from './client.js';
import { withPgClient } from './postgres.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PG_BIN = ['/usr/lib/postgresql/15/bin', '/usr/lib/postgresql/16/bin'].find((d) => fs.existsSync(path.join(d, 'initdb')));
const NGINX = '/usr/sbin/nginx';
const isRoot = process.getuid?.() === 0;

export type InstanceName = 'a' | 'b';

export interface Instance {
  readonly name: InstanceName;
  readonly port: number;
  /** http://127.0.0.1:PORT */
  readonly url: string;
  /** The child process while it runs. */
  proc: ChildProcess | null;
  /** Its stdout and stderr, in order (also in <tmp>/app-NAME.log). */
  readonly log: string[];
}

export interface Cluster {
  readonly dir: string;
  readonly primaryUrl: string;
  readonly replicaUrl: string;
  readonly uploadDir: string;
  readonly instances: Record<InstanceName, Instance>;
  /** http://127.0.0.1:PORT of nginx (null when started without it). */
  readonly nginxUrl: string | null;
  /** SIGTERM (graceful: server.ts closes) or SIGKILL; resolves when the process has exited. */
  stopInstance(name: InstanceName, signal?: 'SIGTERM' | 'SIGKILL'): Promise<{ code: number | null; signal: string | null }>;
  /** Starts a stopped instance again on its port, resolved once /healthz answers 200. */
  startInstance(name: InstanceName): Promise<void>;
  /** nginx's error log so far (its retries are logged there as "upstream … while …"). */
  nginxErrors(): string;
  stop(): Promise<void>;
}

export interface ClusterOptions {
  /** Start the app instances (default true). */
  apps?: boolean;
  /** Start nginx in front of them (default true; needs apps). */
  nginx?: boolean;
  /** Extra environment for both instances. */
  env?: Record<string, string>;
  /** Runs once the primary and replica are up, before the first instance starts (its URL). */
  beforeApps?: (primaryUrl: string) => Promise<void>;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const a = s.address();
      s.close(() => (a && typeof a === 'object' ? resolve(a.port) : reject(new Error('no port'))));
    });
  });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const quote = (a: string) => `'${a.replace(/'/g, `'\\''`)}'`;

/** A PostgreSQL program, as the postgres user when we are root (initdb and postgres refuse root). */
function pgRun(program: string, args: readonly string[]): string {
  if (!PG_BIN) throw new Error('PostgreSQL 15 not found under /usr/lib/postgresql: `apt-get install -y postgresql`');
  const cmd = path.join(PG_BIN, program);
  try {
    if (isRoot) return execFileSync('su', ['postgres', '-s', '/bin/sh', '-c', [cmd, ...args].map(quote).join(' ')], { stdio: 'pipe', encoding: 'utf8' });
    return execFileSync(cmd, [...args], { stdio: 'pipe', encoding: 'utf8' });
  } catch (err) {
    const e = err as { stderr?: string; stdout?: string; message: string };
    throw new Error(`${program} ${args.join(' ')} failed: ${e.stderr || e.stdout || e.message}`);
  }
}

/**
 * The postgres options both servers run with: replication on, fsync off (a test). synchronous_commit
 * stays on: with it off the WAL reaches the replica only every wal_writer_delay (200 ms). So does
 * full_page_writes: with it off the replica cannot replay the RUM search index's WAL ("PANIC: WAL
 * contains references to invalid pages", a page RUM added that the replica never saw).
 */
function pgOptions(port: number, socketDir: string): string {
  return [
    'listen_addresses=127.0.0.1',
    `port=${port}`,
    `unix_socket_directories=${socketDir}`,
    'wal_level=replica',
    'max_wal_senders=5',
    'hot_standby=on',
    'fsync=off',
    'max_connections=200',
  ]
    .map((o) => `-c ${o}`)
    .join(' ');
}

function query<T>(url: string, sql: string): Promise<T[]> {
  return withPgClient(url, async (c) => (await c.query(sql)).rows as T[], { connectionTimeoutMillis: 2000 });
}

/** Thrown inside a waitFor() check: stop waiting at once (the process being waited for exited). */
export class GiveUp extends Error {}

/** Polls until fn() returns true (errors count as false, but GiveUp ends the wait); throws with the last error after ms. */
export async function waitFor(what: string, fn: () => Promise<boolean>, ms: number, every = 100): Promise<void> {
  const until = Date.now() + ms;
  let last: unknown = null;
  for (;;) {
    try {
      if (await fn()) return;
      last = null;
    } catch (err) {
      if (err instanceof GiveUp) throw err;
      last = err;
    }
    if (Date.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(every);
  }
}

// --- nginx ------------------------------------------------------------------------------------

export interface NginxRender {
  dir: string;
  port: number;
  upstreams: readonly [number, number];
}

/**
 * deploy/nginx.conf for a test: the same upstream, proxy, retry, limit and cache settings, with
 * the ports, paths and TLS of this machine's temp folder. Each rewrite must match as many times as
 * expected, so an edit of the deploy file that the test would silently stop covering fails here.
 */
export function renderNginxConf(source: string, r: NginxRender): string {
  let conf = source;
  const sub = (what: string, re: RegExp, to: string, times = 1) => {
    const n = (conf.match(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`)) ?? []).length;
    if (n !== times) throw new Error(`renderNginxConf: ${what}: expected ${times} match(es) of ${re}, found ${n} — deploy/nginx.conf changed?`);
    conf = conf.replace(new RegExp(re.source, re.flags.includes('g') ? re.flags : `${re.flags}g`), to);
  };
  const p = (f: string) => path.join(r.dir, f);
  sub('user', /^user www-data;$/m, isRoot ? 'user root;' : '');
  sub('pid (given with -g)', /^pid [^;]+;$/m, '');
  sub('error_log', /^error_log \S+ (\w+);$/m, `error_log ${p('nginx-error.log')} info;`);
  sub('access_log', /^(\s*)access_log \S+;$/m, `$1access_log ${p('nginx-access.log')};`);
  sub('proxy_cache_path', /proxy_cache_path \S+ /, `proxy_cache_path ${p('nginx-cache')} `);
  sub(
    'temp paths',
    /^http \{$/m,
    ['http {', ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((k) => `    ${k}_temp_path ${p(`nginx-${k}`)};`)].join('\n'),
  );
  sub('upstream a', /server 127\.0\.0\.1:3001 /, `server 127.0.0.1:${r.upstreams[0]} `);
  sub('upstream b', /server 127\.0\.0\.1:3002 /, `server 127.0.0.1:${r.upstreams[1]} `);
  // The port-80 server only redirects to https: not part of what is tested.
  sub('http → https server', /\n    server \{\n        listen 80;[\s\S]*?return 301[\s\S]*?\n    \}\n/, '\n');
  sub('listen 443', /^(\s*)listen 443 ssl http2;$/m, `$1listen 127.0.0.1:${r.port};`);
  sub('listen [::]:443', /^\s*listen \[::\]:443 ssl http2;\n/m, '');
  sub('ssl_ lines', /^\s*ssl_\w+ [^;]+;\n/m, '', 4);
  return conf;
}

export interface Nginx {
  readonly url: string;
  errors(): string;
  stop(): Promise<void>;
}

/** nginx from deploy/nginx.conf in front of two upstream ports, its files in dir; up when /healthz answers. */
export async function startNginx(dir: string, upstreams: readonly [number, number]): Promise<Nginx> {
  const port = await freePort();
  const confFile = path.join(dir, 'nginx.conf');
  fs.writeFileSync(confFile, renderNginxConf(fs.readFileSync(path.join(ROOT, 'deploy/nginx.conf'), 'utf8'), { dir, port, upstreams }));
  const errorLog = path.join(dir, 'nginx-error.log');
  const errors = () => (fs.existsSync(errorLog) ? fs.readFileSync(errorLog, 'utf8') : '');
  const out: string[] = [];
  const proc = spawn(NGINX, ['-p', dir, '-c', confFile, '-g', `daemon off; pid ${path.join(dir, 'nginx.pid')};`], { stdio: ['ignore', 'pipe', 'pipe'] });
  proc.stdout?.on('data', (c: Buffer) => out.push(c.toString()));
  proc.stderr?.on('data', (c: Buffer) => out.push(c.toString()));
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  const stop = async () => {
    if (proc.exitCode === null && proc.signalCode === null) {
      proc.kill('SIGTERM');
      await Promise.race([exited, sleep(5000)]);
      if (proc.exitCode === null && proc.signalCode === null) proc.kill('SIGKILL');
    }
  };
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitFor(
      'nginx to answer /healthz',
      async () => {
        if (proc.exitCode !== null) throw new GiveUp(`nginx exited ${proc.exitCode}: ${out.join('')}${errors()}`);
        return (await request(`${url}/healthz`, { timeoutMs: 2000 })).status === 200;
      },
      15_000,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, errors, stop };
}

// --- the cluster ------------------------------------------------------------------------------

export async function startCluster(opts: ClusterOptions = {}): Promise<Cluster> {
  const withApps = opts.apps ?? true;
  const withNginx = withApps && (opts.nginx ?? true);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'zs-cluster-'));
  fs.chmodSync(dir, 0o777);
  const cleanups: Array<() => Promise<void> | void> = [() => fs.rmSync(dir, { recursive: true, force: true })];
  const cleanup = async () => {
    for (const f of cleanups.splice(0).reverse()) {
      try {
        await f();
      } catch {
        // keep cleaning
      }
    }
  };

  try {
    // PostgreSQL: a folder the postgres user owns, the primary, then a base backup as the replica.
    const pgDir = path.join(dir, 'pg');
    fs.mkdirSync(pgDir, { mode: 0o700 });
    if (isRoot) execFileSync('chown', ['postgres', pgDir]);
    const primaryData = path.join(pgDir, 'primary');
    const replicaData = path.join(pgDir, 'replica');
    pgRun('initdb', ['-D', primaryData, '-U', 'zs', '--auth=trust', '-E', 'UTF8', '--no-locale']);
    fs.writeFileSync(
      path.join(primaryData, 'pg_hba.conf'),
      ['local all all trust', 'host all all 127.0.0.1/32 trust', 'host replication all 127.0.0.1/32 trust', ''].join('\n'),
    );
    if (isRoot) execFileSync('chown', ['postgres', path.join(primaryData, 'pg_hba.conf')]);
    const primaryPort = await freePort();
    pgRun('pg_ctl', ['-D', primaryData, '-l', path.join(pgDir, 'primary.log'), '-o', pgOptions(primaryPort, pgDir), '-w', 'start']);
    cleanups.push(() => void pgRun('pg_ctl', ['-D', primaryData, '-m', 'immediate', 'stop']));
    pgRun('createdb', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'zs', 'zhaoshang']);
    const primaryUrl = `postgres://zs@127.0.0.1:${primaryPort}/zhaoshang`;

    pgRun('pg_basebackup', ['-h', '127.0.0.1', '-p', String(primaryPort), '-U', 'zs', '-D', replicaData, '-R', '-X', 'stream', '--checkpoint=fast']);
    const replicaPort = await freePort();
    pgRun('pg_ctl', ['-D', replicaData, '-l', path.join(pgDir, 'replica.log'), '-o', pgOptions(replicaPort, pgDir), '-w', 'start']);
    cleanups.push(() => void pgRun('pg_ctl', ['-D', replicaData, '-m', 'immediate', 'stop']));
    const replicaUrl = `postgres://zs@127.0.0.1:${replicaPort}/zhaoshang`;
    await waitFor(
      'the replica to answer as a standby',
      async () => (await query<{ r: boolean }>(replicaUrl, 'select pg_is_in_recovery() as r'))[0]?.r === true,
      15_000,
    );
    await waitFor(
      'the primary to stream to the replica',
      async () => (await query<{ n: string }>(primaryUrl, "select count(*) as n from pg_stat_replication where state = 'streaming'"))[0]?.n === '1',
      15_000,
    );

    /** PANIC and FATAL lines of the PostgreSQL logs: why an instance could not reach a server. */
    const pgTrouble = () =>
      ['primary', 'replica']
        .flatMap((n) => {
          const f = path.join(pgDir, `${n}.log`);
          return fs.existsSync(f) ? fs.readFileSync(f, 'utf8').split('\n').filter((l) => /PANIC|FATAL|WARNING/.test(l)).map((l) => `${n}: ${l}`) : [];
        })
        .slice(-10)
        .join('\n');
    await opts.beforeApps?.(primaryUrl);

    const uploadDir = path.join(dir, 'uploads');
    fs.mkdirSync(uploadDir);
    const instances = {} as Record<InstanceName, Instance>;
    for (const name of ['a', 'b'] as const) {
      const port = await freePort();
      instances[name] = { name, port, url: `http://127.0.0.1:${port}`, proc: null, log: [] };
    }

    const env = (i: Instance): NodeJS.ProcessEnv => ({
      PATH: process.env['PATH'],
      HOME: process.env['HOME'],
      NODE_ENV: 'production',
      PORT: String(i.port),
      HOST: '127.0.0.1',
      DATABASE_URL: primaryUrl,
      DATABASE_REPLICA_URLS: replicaUrl,
      AUTO_MIGRATE: 'true',
      DEMO_DATA: 'true',
      TRUST_PROXY: 'true',
      LOG_LEVEL: 'warn',
      UPLOAD_DIR: uploadDir,
      ...opts.env,
    });

    const startInstance = async (name: InstanceName): Promise<void> => {
      const i = instances[name];
      if (i.proc) throw new Error(`instance ${name} is running`);
      const logFile = fs.createWriteStream(path.join(dir, `app-${name}.log`), { flags: 'a' });
      const proc = spawn(process.execPath, ['--import', 'tsx', 'src/server.ts'], { cwd: ROOT, env: env(i), stdio: ['ignore', 'pipe', 'pipe'] });
      i.proc = proc;
      const keep = (chunk: Buffer) => {
        const s = chunk.toString('utf8');
        i.log.push(s);
        if (i.log.length > 2000) i.log.splice(0, 1000);
        logFile.write(s);
      };
      proc.stdout?.on('data', keep);
      proc.stderr?.on('data', keep);
      let exited: string | null = null;
      proc.on('exit', (code, signal) => {
        exited = `exited with ${signal ?? code}`;
        if (i.proc === proc) i.proc = null;
        logFile.end();
      });
      try {
        await waitFor(
          `instance ${name} on :${i.port} to answer /healthz`,
          async () => {
            if (exited) throw new GiveUp(`instance ${name} ${exited}`);
            const res = await request(`${i.url}/healthz`, { timeoutMs: 2000 });
            return res.status === 200;
          },
          60_000,
          200,
        );
      } catch (err) {
        const trouble = pgTrouble();
        const tail = `--- its log ---\n${i.log.join('').slice(-4000)}${trouble ? `\n--- PostgreSQL ---\n${trouble}` : ''}`;
        if (exited) throw new Error(`instance ${name} ${exited} before answering /healthz:\n${tail}`);
        throw new Error(`${(err as Error).message}\n${tail}`);
      }
    };

    const stopInstance = async (name: InstanceName, signal: 'SIGTERM' | 'SIGKILL' = 'SIGTERM') => {
      const proc = instances[name].proc;
      if (!proc || proc.exitCode !== null || proc.signalCode !== null) return { code: proc?.exitCode ?? null, signal: proc?.signalCode ?? null };
      const done = new Promise<{ code: number | null; signal: string | null }>((resolve) => proc.once('exit', (code, sig) => resolve({ code, signal: sig })));
      proc.kill(signal);
      const timer = setTimeout(() => proc.kill('SIGKILL'), 20_000);
      try {
        return await done;
      } finally {
        clearTimeout(timer);
      }
    };
    cleanups.push(async () => {
      await Promise.all((['a', 'b'] as const).map((n) => stopInstance(n, 'SIGKILL')));
    });

    if (withApps) {
      // The first alone: it migrates and loads the demo articles once; the second finds them.
      await startInstance('a');
      await startInstance('b');
    }

    let nginx: Nginx | null = null;
    if (withNginx) {
      nginx = await startNginx(dir, [instances.a.port, instances.b.port]);
      cleanups.push(() => nginx?.stop());
    }

    return {
      dir,
      primaryUrl,
      replicaUrl,
      uploadDir,
      instances,
      nginxUrl: nginx?.url ?? null,
      stopInstance,
      startInstance,
      nginxErrors: () => nginx?.errors() ?? '',
      stop: cleanup,
    };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

// --- HTTP over real sockets -------------------------------------------------------------------

export interface HttpResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface RequestOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  /** The source address (any 127.x.y.z on Linux): a distinct client IP for nginx and the app. */
  localAddress?: string;
  agent?: http.Agent | false;
  timeoutMs?: number;
}

/** One HTTP request; a network error rejects (the caller counts it as a failure). */
export function request(url: string, o: RequestOptions = {}): Promise<HttpResponse> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      url,
      { method: o.method ?? 'GET', headers: o.headers, localAddress: o.localAddress, agent: o.agent ?? false, timeout: o.timeoutMs ?? 30_000 },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout: ${o.method ?? 'GET'} ${url}`)));
    req.on('error', reject);
    if (o.body !== undefined) req.write(o.body);
    req.end();
  });
}

/**
 * A visitor over real HTTP, like test/helpers/client.ts's FormClient: one cookie jar for every
 * host (an instance, the other instance, nginx: the same site), the CSRF token read from forms.
 */
export class HttpClient {
  private readonly cookies = new Map<string, string>();

  constructor(readonly localAddress?: string) {}

  cookie(name: string): string | undefined {
    return this.cookies.get(name);
  }

  private keep(res: HttpResponse): void {
    keepCookies(this.cookies, res.headers['set-cookie']);
  }

  private headers(extra: Record<string, string> = {}): Record<string, string> {
    const cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    return { ...(cookie ? { cookie } : {}), ...extra };
  }

  async get(url: string): Promise<HttpResponse> {
    const res = await request(url, { headers: this.headers(), localAddress: this.localAddress });
    this.keep(res);
    return res;
  }

  static csrf(html: string): string {
    return FormClient.csrf(html);
  }

  /** Posts a form; the CSRF token comes from GET csrfFrom (default: the same URL) unless given. */
  async post(url: string, fields: Record<string, string>, opts: { csrfFrom?: string } = {}): Promise<HttpResponse> {
    const body = new URLSearchParams(fields);
    if (!fields['_csrf']) {
      const page = await this.get(opts.csrfFrom ?? url);
      body.set('_csrf', HttpClient.csrf(page.body));
    }
    const res = await request(url, {
      method: 'POST',
      body: body.toString(),
      headers: this.headers({ 'content-type': 'application/x-www-form-urlencoded' }),
      localAddress: this.localAddress,
    });
    this.keep(res);
    return res;
  }
}
