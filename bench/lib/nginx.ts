// nginx as the static-file yardstick: the exact bytes of each page, served from a throwaway root
// with a minimal config where every path (pid, logs, temp dirs) lives under the run's tmp dir.
import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { spawnChild, waitForOk, type ManagedChild } from './process.js';

export const NGINX_BIN = '/usr/sbin/nginx';

export interface NginxInfo {
  readonly bin: string;
  readonly version: string;
  /** Temp-path kinds compiled in (client_body, proxy, fastcgi, uwsgi, scgi), from `nginx -V`. */
  readonly tempPaths: readonly string[];
}

export function detectNginx(bin = NGINX_BIN): NginxInfo | null {
  if (!fs.existsSync(bin)) return null;
  const r = spawnSync(bin, ['-V'], { encoding: 'utf8' }); // prints to stderr
  const text = `${r.stdout}${r.stderr}`;
  const version = /nginx version: nginx\/(\S+)/.exec(text)?.[1] ?? 'unknown';
  const tempPaths = [...text.matchAll(/--http-([a-z-]+)-temp-path=/g)].map((m) => (m[1] ?? '').replace(/-/g, '_'));
  return { bin, version, tempPaths };
}

/** Writes each page at its URL path under `root` ("/" → index.html). */
export function writePages(root: string, pages: ReadonlyMap<string, Buffer>): void {
  fs.rmSync(root, { recursive: true, force: true });
  for (const [urlPath, bytes] of pages) {
    const rel = urlPath === '/' ? 'index.html' : urlPath.replace(/^\/+/, '');
    const file = path.join(root, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, bytes);
  }
}

export function nginxConfig(opts: { dir: string; root: string; port: number; tempPaths: readonly string[] }): string {
  const temp = opts.tempPaths.map((k) => `  ${k}_temp_path ${path.join(opts.dir, `nginx-${k}`)};`).join('\n');
  return `# Written by bench/pages.ts for one run; not a deployment config.
user root;
worker_processes 1;
daemon off;
pid ${path.join(opts.dir, 'nginx.pid')};
error_log ${path.join(opts.dir, 'nginx-error.log')} warn;

events {
  worker_connections 1024;
}

http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  keepalive_requests 1000000;
  types {}
  default_type "text/html; charset=utf-8";
${temp}

  server {
    listen 127.0.0.1:${opts.port};
    root ${opts.root};
    index index.html;
  }
}
`;
}

export async function startNginx(info: NginxInfo, opts: { dir: string; root: string; port: number }): Promise<ManagedChild> {
  const conf = path.join(opts.dir, 'nginx.conf');
  fs.writeFileSync(conf, nginxConfig({ ...opts, tempPaths: info.tempPaths }));
  const args = ['-p', opts.dir, '-e', path.join(opts.dir, 'nginx-error.log'), '-c', conf];
  execFileSync(info.bin, [...args, '-t', '-q'], { stdio: ['ignore', 'ignore', 'pipe'] });
  const child = spawnChild({ name: 'nginx', command: info.bin, args, cwd: opts.dir, logFile: path.join(opts.dir, 'nginx-stdout.log') });
  await waitForOk(`http://127.0.0.1:${opts.port}/`, child);
  return child;
}
