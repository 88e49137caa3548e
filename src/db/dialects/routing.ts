// A Kysely driver over a primary and its replicas (PostgreSQL streaming replication). A connection
// is taken only at its first query: a plain read in a request routed to replicas goes to one of
// them (in turn); a write, a transaction, or anything outside such a request goes to the primary.
// A write marks the request (read-routing.ts), so its later reads see what it wrote.
import type { CompiledQuery, DatabaseConnection, Driver, QueryCompiler, QueryResult, TransactionSettings } from 'kysely';
import { currentReadRoute } from '../read-routing.js';

/** A statement that only reads: a SELECT from the query builder, or raw SQL starting with select. */
export function isPlainRead(q: CompiledQuery): boolean {
  const kind = q.query.kind;
  if (kind === 'SelectQueryNode') return true;
  return kind === 'RawNode' && /^\s*select\b/i.test(q.sql) && !/\bfor\s+(update|share)\b/i.test(q.sql);
}

/**
 * An error that says the replica, not the query, is the problem: no SQLSTATE (the connection
 * failed or ended), connection exceptions (08…), shutdown or not yet accepting (57…), or a read
 * cancelled by a conflict with recovery (40001).
 */
export function replicaTrouble(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return true;
  return code.startsWith('08') || code.startsWith('57') || code === '40001';
}

/** Transaction control: neither a read nor a write of its own. */
const CONTROL = /^\s*(begin|start|commit|rollback|savepoint|release)\b/i;

class LazyConnection implements DatabaseConnection {
  private held: { driver: Driver; conn: DatabaseConnection } | null = null;
  pinned = false;

  constructor(private readonly router: RoutingDriver) {}

  private async hold(q: CompiledQuery | null): Promise<{ driver: Driver; conn: DatabaseConnection }> {
    if (this.held) return this.held;
    const route = currentReadRoute();
    const replica = !this.pinned && q !== null && route?.replica === true && isPlainRead(q) ? this.router.replicas.next() : null;
    if (replica) {
      try {
        return (this.held = { driver: replica, conn: await replica.acquireConnection() });
      } catch (err) {
        this.router.replicas.markDown(replica, err);
      }
    }
    return (this.held = { driver: this.router.primary, conn: await this.router.primary.acquireConnection() });
  }

  async target(q: CompiledQuery | null): Promise<DatabaseConnection> {
    const held = await this.hold(q);
    if (q && !isPlainRead(q) && !CONTROL.test(q.sql)) {
      const route = currentReadRoute();
      if (route) {
        route.wrote = true;
        route.replica = false;
      }
    }
    return held.conn;
  }

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    const conn = await this.target(q);
    try {
      return await conn.executeQuery<R>(q);
    } catch (err) {
      // A replica that went away (or cancelled the read for recovery): the primary answers instead.
      const held = this.held;
      if (!held || held.driver === this.router.primary || !replicaTrouble(err)) throw err;
      this.router.replicas.markDown(held.driver, err);
      await this.release();
      this.held = { driver: this.router.primary, conn: await this.router.primary.acquireConnection() };
      return this.held.conn.executeQuery<R>(q);
    }
  }

  async *streamQuery<R>(q: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    yield* (await this.target(q)).streamQuery<R>(q, chunkSize);
  }

  async release(): Promise<void> {
    const held = this.held;
    this.held = null;
    if (held) await held.driver.releaseConnection(held.conn).catch(() => undefined);
  }
}

/** A replica that failed is left alone this long; the primary serves its reads meanwhile. */
export const REPLICA_RETRY_MS = 5000;

/** Replicas taken in turn, skipping one that failed in the last REPLICA_RETRY_MS. */
export class ReplicaRotation<T> {
  private turn = 0;
  private readonly downUntil = new Map<T, number>();

  constructor(
    private readonly replicas: readonly T[],
    private readonly onDown: (err: unknown) => void = () => undefined,
  ) {}

  /** The next replica in turn that is not resting after a failure, or null. */
  next(): T | null {
    const now = Date.now();
    for (let i = 0; i < this.replicas.length; i++) {
      this.turn = (this.turn + 1) % this.replicas.length;
      const r = this.replicas[this.turn] as T;
      if ((this.downUntil.get(r) ?? 0) <= now) return r;
    }
    return null;
  }

  /** Rests a replica that failed; says so once per failure, not on every read meanwhile. */
  markDown(replica: T, err: unknown): void {
    if ((this.downUntil.get(replica) ?? 0) <= Date.now()) this.onDown(err);
    this.downUntil.set(replica, Date.now() + REPLICA_RETRY_MS);
  }
}

export class RoutingDriver implements Driver {
  readonly replicas: ReplicaRotation<Driver>;

  constructor(
    readonly primary: Driver,
    private readonly drivers: readonly Driver[],
    onDown: (err: unknown) => void = () => undefined,
  ) {
    this.replicas = new ReplicaRotation(drivers, onDown);
  }

  async init(): Promise<void> {
    await Promise.all([this.primary.init(), ...this.drivers.map((r) => r.init())]);
  }

  async acquireConnection(): Promise<DatabaseConnection> {
    return new LazyConnection(this);
  }

  private async pin(connection: DatabaseConnection): Promise<DatabaseConnection> {
    const lazy = connection as LazyConnection;
    lazy.pinned = true;
    await lazy.target(null);
    return lazy;
  }

  async beginTransaction(connection: DatabaseConnection, settings: TransactionSettings): Promise<void> {
    await this.primary.beginTransaction(await this.pin(connection), settings);
  }

  async commitTransaction(connection: DatabaseConnection): Promise<void> {
    await this.primary.commitTransaction(connection);
  }

  async rollbackTransaction(connection: DatabaseConnection): Promise<void> {
    await this.primary.rollbackTransaction(connection);
  }

  async savepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.primary.savepoint?.(connection, name, compile);
  }

  async rollbackToSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.primary.rollbackToSavepoint?.(connection, name, compile);
  }

  async releaseSavepoint(connection: DatabaseConnection, name: string, compile: QueryCompiler['compileQuery']): Promise<void> {
    await this.primary.releaseSavepoint?.(connection, name, compile);
  }

  async releaseConnection(connection: DatabaseConnection): Promise<void> {
    await (connection as LazyConnection).release();
  }

  async destroy(): Promise<void> {
    await Promise.all([this.primary.destroy(), ...this.drivers.map((r) => r.destroy())]);
  }
}
