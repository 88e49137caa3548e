// A connection pool that serves writes first. Under a read storm (200 readers missing the page
// cache) every PostgreSQL connection is taken by page renders, and a form post waited its turn
// behind them: about a second per write in the load test. Here a request that may write (any
// method but GET and HEAD: db/read-routing.ts `withWritePriority`) takes the next connection
// freed before any waiting read. The pg pool underneath has the same size, so it never queues.
import type pg from 'pg';
import { hasWritePriority } from '../read-routing.js';

export class WritersFirstPool {
  private inUse = 0;
  private readonly writers: (() => void)[] = [];
  private readonly readers: (() => void)[] = [];

  constructor(
    private readonly pool: pg.Pool,
    private readonly max: number,
  ) {}

  async connect(): Promise<pg.PoolClient> {
    if (this.inUse < this.max) this.inUse++;
    // A permit handed over by free(): inUse stays as it is.
    else await new Promise<void>((resolve) => (hasWritePriority() ? this.writers : this.readers).push(resolve));
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      this.free();
      throw err;
    }
    // pg-pool sets a new release() at every checkout: wrapping this one frees our permit once.
    const release = client.release;
    let released = false;
    client.release = (err?: Error | boolean) => {
      release.call(client, err);
      if (!released) {
        released = true;
        this.free();
      }
    };
    return client;
  }

  private free(): void {
    const next = this.writers.shift() ?? this.readers.shift();
    if (next) next();
    else this.inUse--;
  }

  /** Waiting requests (for /healthz-like diagnostics and tests). */
  get waiting(): { writers: number; readers: number } {
    return { writers: this.writers.length, readers: this.readers.length };
  }

  end(): Promise<void> {
    return this.pool.end();
  }
}
