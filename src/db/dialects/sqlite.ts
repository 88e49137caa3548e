// Everything SQLite-specific lives here: opening the file, pragmas, and what the dialect can do.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DB } from '../schema.js';
import type { DialectInfo } from '../database.js';
import type { StorageFault } from '../storage-faults.js';

/**
 * The raw connections, for the few hot paths that Kysely's row objects slow down (search reads
 * 70,000 ids; a rebuild writes 100,000 rows). `reader` is a second, read-only connection: it never
 * sees another request's uncommitted transaction (WAL lets it read while the writer writes).
 */
export interface SqliteHandles {
  readonly writer: SQLite.Database;
  readonly reader: SQLite.Database;
}

const STATEMENT_CACHE = 300;

/**
 * Kysely prepares every query anew; a bulk write runs the same few statements hundreds of
 * thousands of times, and preparing was an eighth of an import's time. Statements are reused by
 * their SQL (least recently used dropped past STATEMENT_CACHE); one still being iterated is not
 * handed out again.
 */
function withStatementCache(native: SQLite.Database): { close(): void; prepare(sql: string): SQLite.Statement } {
  const cache = new Map<string, SQLite.Statement>();
  return {
    close: () => native.close(),
    prepare(sql: string): SQLite.Statement {
      const hit = cache.get(sql);
      if (hit && !hit.busy) {
        cache.delete(sql);
        cache.set(sql, hit);
        return hit;
      }
      const stmt = native.prepare(sql);
      if (!hit) {
        cache.set(sql, stmt);
        if (cache.size > STATEMENT_CACHE) cache.delete(cache.keys().next().value as string);
      }
      return stmt;
    },
  };
}

/** Below this much free space on the database's file system, healthz says the disk is full. */
const MIN_FREE_BYTES = 16 * 1024 * 1024;

function sqliteWriteProblem(native: SQLite.Database, file: string): StorageFault | null {
  if (native.pragma('query_only', { simple: true }) === 1 || native.readonly) return 'read_only';
  if (file === ':memory:') return null;
  try {
    fs.accessSync(file, fs.constants.W_OK);
  } catch {
    return 'read_only';
  }
  const st = fs.statfsSync(path.dirname(path.resolve(file)));
  return st.bavail * st.bsize < MIN_FREE_BYTES ? 'disk_full' : null;
}

export function openSqlite(file: string): { db: Kysely<DB>; info: DialectInfo; sqlite: SqliteHandles; close: () => Promise<void> } {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const native = new SQLite(file);
  native.pragma('journal_mode = WAL');
  native.pragma('synchronous = NORMAL');
  native.pragma('foreign_keys = ON');
  native.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: withStatementCache(native) }) });
  const reader = file === ':memory:' ? native : new SQLite(file, { readonly: true });
  if (reader !== native) reader.pragma('busy_timeout = 5000');
  return {
    db,
    sqlite: { writer: native, reader },
    info: {
      name: 'sqlite',
      identity: 'integer primary key autoincrement',
      pooled: false,
      replicas: 0,
      async ping() {
        native.prepare('select 1').get();
      },
      async replicasAnswering() {
        return 0;
      },
      async refreshStatistics() {
        native.pragma('optimize');
      },
      async writeProblem() {
        return sqliteWriteProblem(native, file);
      },
    },
    close: async () => {
      await db.destroy();
      if (reader !== native) reader.close();
    },
  };
}
