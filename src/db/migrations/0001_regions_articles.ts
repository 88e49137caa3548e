// 0001: the gazetteer table, articles, and a small key/value table for site-wide state.
import { sql, type Kysely } from 'kysely';
import type { DialectInfo } from '../database.js';

export function m0001(info: DialectInfo) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await db.schema
        .createTable('regions')
        .addColumn('code', 'varchar(12)', (c) => c.primaryKey())
        .addColumn('name', 'varchar(64)', (c) => c.notNull())
        .addColumn('short_name', 'varchar(64)', (c) => c.notNull())
        .addColumn('level', 'varchar(16)', (c) => c.notNull())
        .addColumn('parent_code', 'varchar(12)', (c) => c.references('regions.code'))
        .addColumn('en_name', 'varchar(128)', (c) => c.notNull())
        .addColumn('sort_order', 'integer', (c) => c.notNull())
        .execute();

      await sql`create table articles (
        id ${sql.raw(info.identity)},
        import_key varchar(128) not null unique,
        content_hash varchar(64) not null,
        title text not null,
        region_tag varchar(64),
        region_code varchar(12) not null references regions(code),
        region_l1 varchar(12) not null,
        region_l2 varchar(12),
        region_l3 varchar(12),
        body text not null,
        excerpt text not null,
        published_at varchar(10) not null,
        source_truncated integer not null default 0,
        source_note text,
        status varchar(16) not null default 'published',
        created_at varchar(32) not null,
        updated_at varchar(32) not null
      )`.execute(db);
      // Lists are newest first with id as the unique tie-breaker, by status and by region level.
      await sql`create index articles_list on articles (status, published_at desc, id desc)`.execute(db);
      await sql`create index articles_l1 on articles (region_l1, status, published_at desc, id desc)`.execute(db);
      await sql`create index articles_l2 on articles (region_l2, status, published_at desc, id desc)`.execute(db);
      await sql`create index articles_l3 on articles (region_l3, status, published_at desc, id desc)`.execute(db);

      await db.schema
        .createTable('site_state')
        .addColumn('key', 'varchar(64)', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
      await sql`insert into site_state (key, value) values ('content_version', '0')`.execute(db);
    },
  };
}
