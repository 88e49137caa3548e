// wrk (C, epoll) as a cross-check where it is installed: autocannon is JavaScript and, on 2 cores,
// tops out near 20k req/s for a 13 KB page, which hides how fast nginx really is.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { promisify } from 'node:util';
import { cpuMeter, type CpuShare } from './cpu.js';

export const WRK_BIN = '/usr/bin/wrk';

export interface WrkResult {
  readonly url: string;
  readonly reqPerSec: number;
  readonly latencyMs: { readonly p50: number; readonly p99: number };
  readonly requests: number;
  readonly non2xx3xx: number;
  readonly socketErrors: number;
  readonly durationS: number;
  /** CPU during the run: the target's process group; loadgenPct is this process, not wrk. */
  readonly cpu: CpuShare | null;
}

export function hasWrk(bin = WRK_BIN): boolean {
  return fs.existsSync(bin);
}

const UNIT_MS: Record<string, number> = { us: 0.001, ms: 1, s: 1000, m: 60_000 };

function toMs(value: string | undefined, unit: string | undefined): number {
  return value === undefined ? NaN : Number(value) * (UNIT_MS[unit ?? 'ms'] ?? NaN);
}

export function parseWrk(url: string, out: string, durationS: number, cpu: CpuShare | null): WrkResult {
  const pct = (p: string) => {
    const m = new RegExp(`^\\s*${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(out);
    return toMs(m?.[1], m?.[2]);
  };
  const num = (re: RegExp) => Number(re.exec(out)?.[1] ?? 0);
  const sock = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(out);
  return {
    url,
    reqPerSec: num(/Requests\/sec:\s+([\d.]+)/),
    latencyMs: { p50: pct('50'), p99: pct('99') },
    requests: num(/(\d+) requests in/),
    non2xx3xx: num(/Non-2xx or 3xx responses: (\d+)/),
    socketErrors: sock ? sock.slice(1).reduce((s, n) => s + Number(n), 0) : 0,
    durationS,
    cpu,
  };
}

/** One thread, the same connections; no warm-up of its own (run it after the autocannon run). */
export async function runWrk(url: string, opts: { connections: number; durationS: number; pgid?: number }): Promise<WrkResult> {
  const meter = opts.pgid === undefined ? null : cpuMeter(opts.pgid);
  const { stdout } = await promisify(execFile)(WRK_BIN, ['-t1', `-c${opts.connections}`, `-d${opts.durationS}s`, '--latency', url], { encoding: 'utf8' });
  return parseWrk(url, stdout, opts.durationS, meter ? meter() : null);
}
