// Child processes for benchmarks: spawn in their own process group, log to a file, stop for sure.
// Every child is registered so that an error, Ctrl-C or a plain exit still ends it.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface ManagedChild {
  readonly name: string;
  readonly pid: number;
  readonly logFile: string;
  /** Resolves with the exit code (or signal) once the process has ended. */
  readonly exited: Promise<string>;
  isRunning(): boolean;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves when the process has exited. */
  stop(graceMs?: number): Promise<void>;
}

export interface SpawnSpec {
  readonly name: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly cwd: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly logFile: string;
}

const live = new Set<ManagedChild>();
let hooksInstalled = false;

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // Last resort: synchronous, so it also runs on process.exit().
  process.on('exit', () => {
    for (const c of live) killGroup(c.pid, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      console.error(`\n${signal}: stopping child processes…`);
      void stopAll().finally(() => process.exit(130));
    });
  }
}

export function spawnChild(spec: SpawnSpec): ManagedChild {
  installExitHooks();
  const log = fs.openSync(spec.logFile, 'w');
  const proc: ChildProcess = spawn(spec.command, [...spec.args], {
    cwd: spec.cwd,
    env: spec.env ?? process.env,
    stdio: ['ignore', log, log],
    detached: true, // own process group: nginx workers and the like go with it
  });
  fs.closeSync(log);
  const pid = proc.pid;
  if (pid === undefined) throw new Error(`${spec.name}: could not start ${spec.command}`);
  let running = true;
  const exited = new Promise<string>((resolve) => {
    proc.once('exit', (code, signal) => {
      running = false;
      live.delete(child);
      resolve(signal ?? `exit ${code ?? '?'}`);
    });
  });
  const child: ManagedChild = {
    name: spec.name,
    pid,
    logFile: spec.logFile,
    exited,
    isRunning: () => running,
    async stop(graceMs = 5000) {
      if (!running) return;
      killGroup(pid, 'SIGTERM');
      const done = await Promise.race([exited.then(() => true), sleep(graceMs).then(() => false)]);
      if (!done) {
        killGroup(pid, 'SIGKILL');
        await exited;
      }
      // The leader is gone; make sure no straggler of its group survives.
      killGroup(pid, 'SIGKILL');
    },
  };
  live.add(child);
  return child;
}

export async function stopAll(): Promise<void> {
  await Promise.all([...live].map((c) => c.stop()));
}

/**
 * Runs a benchmark script's main(): an error fails the run with its stack; the child processes
 * stop either way, then `cleanup` (what is not a child process, such as a PostgreSQL cluster).
 */
export function runMain(main: () => Promise<void>, cleanup?: () => void): void {
  main()
    .catch((err: unknown) => {
      console.error(`[bench] failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exitCode = 1;
    })
    .finally(async () => {
      await stopAll();
      cleanup?.();
    });
}

/** A TCP port that was free on 127.0.0.1 a moment ago. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => (port ? resolve(port) : reject(new Error('no port assigned'))));
    });
  });
}

export function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

/** Polls `url` until it answers 200; fails early if the child dies, with the end of its log. */
export async function waitForOk(url: string, child: ManagedChild, timeoutMs = 20_000): Promise<number> {
  const started = performance.now();
  while (performance.now() - started < timeoutMs) {
    if (!child.isRunning()) throw new Error(`${child.name} exited (${await child.exited}) before ${url} answered:\n${tail(child.logFile)}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(1000) });
      await res.arrayBuffer();
      if (res.ok) return performance.now() - started;
    } catch {
      // Not listening yet.
    }
    await sleep(50);
  }
  throw new Error(`${child.name}: ${url} not ready after ${timeoutMs} ms:\n${tail(child.logFile)}`);
}
