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

/** Transaction control: neither a read nor a write of its own. */
const CONTROL = /^\s*(begin|start|commit|rollback|savepoint|release)\b/i;

class LazyConnection implements DatabaseConnection {
  private held: { driver: Driver; conn: DatabaseConnection } | null = null;
  pinned = false;

  constructor(private readonly router: RoutingDriver) {}

  async target(q: CompiledQuery | null): Promise<DatabaseConnection> {
    if (!this.held) {
      const route = currentReadRoute();
      const toReplica = !this.pinned && q !== null && route?.replica === true && isPlainRead(q);
      const driver = toReplica ? this.router.nextReplica() : this.router.primary;
      this.held = { driver, conn: await driver.acquireConnection() };
    }
    if (q && !isPlainRead(q) && !CONTROL.test(q.sql)) {
      const route = currentReadRoute();
      if (route) {
        route.wrote = true;
        route.replica = false;
      }
    }
    return this.held.conn;
  }

  async executeQuery<R>(q: CompiledQuery): Promise<QueryResult<R>> {
    return (await this.target(q)).executeQuery<R>(q);
  }

  async *streamQuery<R>(q: CompiledQuery, chunkSize?: number): AsyncIterableIterator<QueryResult<R>> {
    yield* (await this.target(q)).streamQuery<R>(q, chunkSize);
  }

  async release(): Promise<void> {
    const held = this.held;
    this.held = null;
    if (held) await held.driver.releaseConnection(held.conn);
  }
}

export class RoutingDriver implements Driver {
  private turn = 0;

  constructor(
    readonly primary: Driver,
    private readonly replicas: readonly Driver[],
  ) {}

  nextReplica(): Driver {
    this.turn = (this.turn + 1) % this.replicas.length;
    return this.replicas[this.turn] as Driver;
  }

  async init(): Promise<void> {
    await Promise.all([this.primary.init(), ...this.replicas.map((r) => r.init())]);
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
    await Promise.all([this.primary.destroy(), ...this.replicas.map((r) => r.destroy())]);
  }
}
