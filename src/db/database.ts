// Opens the configured database and hands out { db, info, close }. Only dialects/ knows the engine.
import type { Kysely, Transaction } from 'kysely';
import type { Config } from '../config.js';
import type { DB } from './schema.js';
import type { StorageFault } from './storage-faults.js';
import { openSqlite, type SqliteHandles } from './dialects/sqlite.js';
import { openPostgres, type SearchReader } from './dialects/postgres.js';

export type DialectName = 'sqlite' | 'postgres';

/** A handle repositories take: the database or a transaction on it. */
export type Db = Kysely<DB> | Transaction<DB>;

/** What a dialect can do, declared once instead of `if (sqlite)` checks scattered through the code. */
export interface DialectInfo {
  readonly name: DialectName;
  /** DDL for an auto-increment integer primary key column. */
  readonly identity: string;
  /** Requests wait for pooled connections (PostgreSQL), so which goes first matters; SQLite answers in process. */
  readonly pooled: boolean;
  /** Replicas that page and API reads may go to (PostgreSQL streaming replicas; 0 on SQLite). */
  readonly replicas: number;
  /** A cheap round trip: throws when the database does not answer. */
  ping(): Promise<void>;
  /** A reason writes would fail now, found without taking a lock (healthz), or null. */
  writeProblem(): Promise<StorageFault | null>;
  /** How many of the replicas answer a query now. */
  replicasAnswering(): Promise<number>;
  /**
   * Brings the planner's statistics up to date after a bulk write (an import, a data migration):
   * until autovacuum gets to it, PostgreSQL plans with the counts of an empty database (a seq scan
   * of every project for each article page: 3.8 ms instead of 0.03 ms).
   */
  refreshStatistics(): Promise<void>;
}

export interface Database {
  readonly db: Kysely<DB>;
  readonly info: DialectInfo;
  /** SQLite only: the raw connections (see dialects/sqlite.ts). */
  readonly sqlite?: SqliteHandles | undefined;
  /** PostgreSQL only: the search index's read connections (see dialects/postgres.ts). */
  readonly searchReader?: SearchReader | undefined;
  close(): Promise<void>;
}

/** Row ids are 32-bit integers on both engines: a larger id in a URL is refused, never sent to SQL. */
export const MAX_ROW_ID = 2_147_483_647;

export function openDatabase(database: Config['database']): Database {
  if (database.kind === 'sqlite') return openSqlite(database.path);
  return openPostgres(database.url, { replicas: database.replicas, max: database.poolSize });
}
