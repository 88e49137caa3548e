// 0006: the statistics rollup — project counts and counted-once investment by place, month of
// first report, stage and sector — kept up to date as projects change (projects/stats-rollup.ts),
// so /stats and region pages read a few hundred rows instead of grouping every project. And, per
// project, whether its timeline went from signing to a start or a completion (the scorecard).
import { sql, type Kysely } from 'kysely';
import type { DialectInfo } from '../database.js';

export function m0006(_info: DialectInfo) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      for (const col of ['conv_signed', 'conv_started', 'conv_completed']) {
        await sql`alter table projects add column ${sql.raw(col)} integer not null default 0`.execute(db);
      }
      await sql`create index projects_partition on projects (region_l2, first_date)`.execute(db);
      // Three shapes of one rollup, each small enough for the questions asked of it:
      // by place × month × stage (totals, regions, stages, months, the scorecard);
      // the same by sector (sector views filtered by month); and by sector for all time.
      const measures = sql`projects integer not null,
        amount_sum double precision not null,
        amount_n integer not null,
        conv_signed integer not null,
        conv_started integer not null,
        conv_completed integer not null`;
      const place = sql`region_code varchar(12) not null,
        region_l1 varchar(12) not null,
        region_l2 varchar(12),
        region_l3 varchar(12)`;
      await sql`create table stats_rollup (${place}, month varchar(7) not null, stage varchar(24) not null, ${measures},
        primary key (region_code, month, stage))`.execute(db);
      await sql`create table stats_rollup_sector (${place}, month varchar(7) not null, stage varchar(24) not null, sector_id varchar(40) not null, ${measures},
        primary key (region_code, month, stage, sector_id))`.execute(db);
      await sql`create table stats_sector_total (${place}, stage varchar(24) not null, sector_id varchar(40) not null, ${measures},
        primary key (region_code, stage, sector_id))`.execute(db);
      for (const t of ['stats_rollup', 'stats_rollup_sector', 'stats_sector_total']) {
        for (const col of ['region_l1', 'region_l2', 'region_l3']) {
          await sql`create index ${sql.raw(`${t}_${col}`)} on ${sql.raw(t)} (${sql.raw(col)})`.execute(db);
        }
      }
      await sql`create index stats_rollup_sector_month on stats_rollup_sector (month)`.execute(db);
      await sql`create index stats_rollup_sector_sector on stats_rollup_sector (sector_id, month)`.execute(db);
    },
  };
}
