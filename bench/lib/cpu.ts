// CPU time of a process group (the server, or nginx master + worker) from /proc, and of this
// process (the load generator), so each run can say who was the bottleneck.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** utime + stime (seconds) of every process whose process group is `pgid`; 0 without /proc. */
export function groupCpuSeconds(pgid: number): number {
  let ticks = 0;
  let entries: string[];
  try {
    entries = fs.readdirSync('/proc').filter((e) => /^\d+$/.test(e));
  } catch {
    return 0;
  }
  for (const pid of entries) {
    let stat: string;
    try {
      stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // ended meanwhile
    }
    // Fields after "(comm)": state ppid pgrp … utime(14) stime(15), counted from 1 over the whole line.
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(rest[2]) !== pgid) continue;
    ticks += Number(rest[11]) + Number(rest[12]);
  }
  return ticks / clockTicks();
}

export interface CpuShare {
  /** Percent of one core used by the measured process group. */
  readonly targetPct: number;
  /** Percent of one core used by this process (the load generator). */
  readonly loadgenPct: number;
}

/** Starts a measurement; call the returned function when the run ends. */
export function cpuMeter(pgid: number): () => CpuShare {
  const wall = performance.now();
  const target = groupCpuSeconds(pgid);
  const self = process.cpuUsage();
  return () => {
    const seconds = (performance.now() - wall) / 1000;
    const used = process.cpuUsage(self);
    const pct = (s: number) => Math.round((s / seconds) * 100);
    return { targetPct: pct(groupCpuSeconds(pgid) - target), loadgenPct: pct((used.user + used.system) / 1e6) };
  };
}
