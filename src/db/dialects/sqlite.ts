// Everything SQLite-specific lives here: opening the file, pragmas, and what the dialect can do.
import fs from 'node:fs';
import path from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import type { DB } from '../schema.js';
import type { DialectInfo } from '../database.js';

export function openSqlite(file: string): { db: Kysely<DB>; info: DialectInfo; close: () => Promise<void> } {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const native = new SQLite(file);
  native.pragma('journal_mode = WAL');
  native.pragma('synchronous = NORMAL');
  native.pragma('foreign_keys = ON');
  native.pragma('busy_timeout = 5000');
  const db = new Kysely<DB>({ dialect: new SqliteDialect({ database: native }) });
  return {
    db,
    info: {
      name: 'sqlite',
      identity: 'integer primary key autoincrement',
      async ping() {
        native.prepare('select 1').get();
      },
    },
    close: async () => {
      await db.destroy();
    },
  };
}
