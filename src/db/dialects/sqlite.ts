// Everything SQLite-specific lives here: opening the file, pragmas, and what the dialect can do.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DB } from '../schema.js';
import type { DialectInfo } from '../database.js';

/**
 * The raw connections, for the few hot paths that Kysely's row objects slow down (search reads
 * 70,000 ids; a rebuild writes 100,000 rows). `reader` is a second, read-only connection: it never
 * sees another request's uncommitted transaction (WAL lets it read while the writer writes).
 */
export interface SqliteHandles {
  readonly writer: SQLite.Database;
  readonly reader: SQLite.Database;
}

export function openSqlite(file: string): { db: Kysely<DB>; info: DialectInfo; sqlite: SqliteHandles; close: () => Promise<void> } {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const native = new SQLite(file);
  native.pragma('journal_mode = WAL');
  native.pragma('synchronous = NORMAL');
  native.pragma('foreign_keys = ON');
  native.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: native }) });
  const reader = file === ':memory:' ? native : new SQLite(file, { readonly: true });
  if (reader !== native) reader.pragma('busy_timeout = 5000');
  return {
    db,
    sqlite: { writer: native, reader },
    info: {
      name: 'sqlite',
      identity: 'integer primary key autoincrement',
      async ping() {
        native.prepare('select 1').get();
      },
    },
    close: async () => {
      await db.destroy();
      if (reader !== native) reader.close();
    },
  };
}
