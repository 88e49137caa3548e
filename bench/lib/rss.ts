// Resident memory of another process from /proc/<pid>/status (Linux): VmRSS sampled on a timer,
// and VmHWM, the kernel's own peak, read at the end.
import fs from 'node:fs';

export interface MemoryStatus {
  readonly rssKb: number;
  readonly hwmKb: number;
}

export function readMemory(pid: number): MemoryStatus | null {
  let text: string;
  try {
    text = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  } catch {
    return null;
  }
  const field = (name: string): number => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(text)?.[1] ?? NaN);
  return { rssKb: field('VmRSS'), hwmKb: field('VmHWM') };
}

export interface RssSummary {
  readonly samples: number;
  /** Highest sampled VmRSS (MB). */
  readonly peakSampledMb: number;
  /** VmHWM at the end (MB): the peak over the whole life of the process. */
  readonly hwmMb: number;
  /** VmRSS when sampling started (MB). */
  readonly startMb: number;
  /** VmRSS at the end (MB). */
  readonly endMb: number;
}

export const kbToMb = (kb: number): number => Math.round((kb / 1024) * 10) / 10;

export class RssSampler {
  private timer: NodeJS.Timeout | undefined;
  private peakKb = 0;
  private count = 0;
  private readonly startKb: number;

  constructor(
    private readonly pid: number,
    private readonly intervalMs = 200,
  ) {
    this.startKb = readMemory(pid)?.rssKb ?? NaN;
  }

  start(): this {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.intervalMs);
    this.timer.unref();
    return this;
  }

  private sample(): void {
    const m = readMemory(this.pid);
    if (!m) return;
    this.count++;
    this.peakKb = Math.max(this.peakKb, m.rssKb);
  }

  /** Stops sampling and reads VmHWM; call before the process ends. */
  stop(): RssSummary {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    const last = readMemory(this.pid);
    if (last) this.peakKb = Math.max(this.peakKb, last.rssKb);
    return {
      samples: this.count,
      peakSampledMb: kbToMb(this.peakKb),
      hwmMb: kbToMb(last?.hwmKb ?? NaN),
      startMb: kbToMb(this.startKb),
      endMb: kbToMb(last?.rssKb ?? NaN),
    };
  }
}
