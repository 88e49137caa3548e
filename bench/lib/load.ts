// One bounded load run with autocannon's programmatic API, preceded by a discarded warm-up run.
import autocannon from 'autocannon';
import { cpuMeter, type CpuShare } from './cpu.js';

export interface LoadSettings {
  readonly connections: number;
  /** Seconds of measured load. */
  readonly durationS: number;
  /** Seconds of load before measuring, discarded. */
  readonly warmupS: number;
  /** Seconds before a request counts as a timeout. */
  readonly timeoutS: number;
}

export interface LoadResult {
  readonly url: string;
  /** Mean of autocannon's per-second samples. */
  readonly reqPerSec: number;
  /** Completed requests divided by the run's duration. */
  readonly reqPerSecOverall: number;
  readonly latencyMs: { readonly mean: number; readonly p50: number; readonly p90: number; readonly p99: number; readonly max: number };
  readonly requests: number;
  readonly ok2xx: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  readonly bytesPerSec: number;
  readonly durationS: number;
  /** CPU during the measured run: the target's process group and the load generator (this process). */
  readonly cpu: CpuShare | null;
}

export const DEFAULT_LOAD: LoadSettings = { connections: 50, durationS: 10, warmupS: 2, timeoutS: 10 };

function summarize(url: string, r: autocannon.Result, cpu: CpuShare | null): LoadResult {
  const statusCodes = Object.fromEntries(Object.entries(r.statusCodeStats).map(([code, s]) => [code, Number(s.count)]));
  const requests = r.requests.total ?? 0;
  return {
    url,
    reqPerSec: r.requests.mean,
    reqPerSecOverall: r.duration > 0 ? Math.round((requests / r.duration) * 10) / 10 : 0,
    latencyMs: { mean: r.latency.mean, p50: r.latency.p50, p90: r.latency.p90, p99: r.latency.p99, max: r.latency.max },
    requests,
    ok2xx: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    statusCodes,
    bytesPerSec: r.throughput.mean,
    durationS: r.duration,
    cpu,
  };
}

/** Warm-up, then the measured run; `pgid`: the target's process group, for its CPU share. */
export async function runLoad(url: string, settings: LoadSettings = DEFAULT_LOAD, pgid?: number): Promise<LoadResult> {
  const base = { url, connections: settings.connections, timeout: settings.timeoutS };
  if (settings.warmupS > 0) await autocannon({ ...base, duration: settings.warmupS });
  const meter = pgid === undefined ? null : cpuMeter(pgid);
  const result = await autocannon({ ...base, duration: settings.durationS });
  return summarize(url, result, meter ? meter() : null);
}
