// 0008: request counters shared by every app instance (forms, login, the open API): one row per
// limit and client, a fixed window each. Used on PostgreSQL, where several instances serve one
// site; a single SQLite process keeps its counters in memory (web/shared-rate.ts).
import { sql, type Kysely } from 'kysely';
import type { DialectInfo } from '../database.js';

export function m0008(_info: DialectInfo) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`create table rate_limits (
        key varchar(200) primary key,
        window_start bigint not null,
        hits integer not null
      )`.execute(db);
      await sql`create index rate_limits_window on rate_limits (window_start)`.execute(db);
    },
  };
}
