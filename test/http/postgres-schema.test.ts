// The migrations on PostgreSQL 15 (a throwaway cluster on 127.0.0.1): they apply, and both
// dialects produce the same logical schema — the same tables with the same columns, the search
// index's storage aside (FTS5 tables on SQLite, articles_search on PostgreSQL).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { openPostgres } from '../../src/db/dialects/postgres.js';
import { openSqlite } from '../../src/db/dialects/sqlite.js';
import { migrateToLatest } from '../../src/db/migrate.js';
import type { Database } from '../../src/db/database.js';
import { startPostgres, type PgCluster } from '../helpers/postgres.js';
import { tempDir } from '../helpers/app.js';

let cluster: PgCluster;
let pgDb: Database;

beforeAll(async () => {
  cluster = await startPostgres();
  pgDb = openPostgres(cluster.url);
}, 60_000);
afterAll(async () => {
  await pgDb?.close();
  cluster?.stop();
});

async function pgColumns(): Promise<Map<string, string[]>> {
  const rows = await sql<{ table_name: string; column_name: string }>`select table_name, column_name from information_schema.columns
    where table_schema = 'public' order by table_name, column_name`.execute(pgDb.db);
  const out = new Map<string, string[]>();
  for (const r of rows.rows) out.set(r.table_name, [...(out.get(r.table_name) ?? []), r.column_name]);
  return out;
}

describe('PostgreSQL schema', () => {
  it('every migration applies on PostgreSQL 15', async () => {
    const applied = await migrateToLatest(pgDb);
    expect(applied.length).toBeGreaterThanOrEqual(6);
    expect(await migrateToLatest(pgDb)).toEqual([]);
  });

  it('both dialects have the same tables and columns (search storage aside)', async () => {
    const lite = openSqlite(`${tempDir()}/schema.db`);
    await migrateToLatest(lite);
    const tables = await sql<{ name: string }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' and name not like 'articles_fts%' order by name`.execute(lite.db);
    const sqliteCols = new Map<string, string[]>();
    for (const { name } of tables.rows) {
      const cols = await sql<{ name: string }>`select name from pragma_table_info(${name}) order by name`.execute(lite.db);
      sqliteCols.set(name, cols.rows.map((c) => c.name).sort());
    }
    await lite.close();
    const pgCols = await pgColumns();
    pgCols.delete('articles_search');
    for (const [t, cols] of pgCols) pgCols.set(t, [...cols].sort());
    expect(Object.fromEntries([...pgCols].sort())).toEqual(Object.fromEntries([...sqliteCols].sort()));
  });
});
