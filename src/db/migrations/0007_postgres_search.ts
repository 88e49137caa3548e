// 0007: the full-text index on PostgreSQL: one weighted tsvector per published article, built by
// the application from jieba's segmentation (src/search/postgres-fts.ts), indexed with RUM when
// the extension is installed (Debian postgresql-15-rum: ranked reads and phrases answered inside
// the index) and with GIN otherwise. SQLite keeps FTS5 (0002): nothing to do there.
import { sql, type Kysely } from 'kysely';
import type { DialectInfo } from '../database.js';

export function m0007(info: DialectInfo) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (info.name !== 'postgres') return;
      await sql`create table articles_search (id integer primary key, doc tsvector not null)`.execute(db);
      const rum = await sql<{ n: number }>`select count(*)::int as n from pg_available_extensions where name = 'rum'`.execute(db);
      if (rum.rows[0]?.n) {
        await sql`create extension if not exists rum`.execute(db);
        await sql`create index articles_search_doc on articles_search using rum (doc rum_tsvector_ops)`.execute(db);
      } else {
        await sql`create index articles_search_doc on articles_search using gin (doc)`.execute(db);
      }
      await sql`delete from site_state where key = 'search_index'`.execute(db);
    },
  };
}
