// 0009: the one sector each project is counted under in the statistics (projects/stats-sector.ts),
// so the sector table adds up to the total: filled in for the projects already there; boot then
// rebuilds the rollup by it.
import { sql, type Kysely } from 'kysely';
import { statsSector } from '../../projects/stats-sector.js';
import type { DialectInfo } from '../database.js';

export function m0009(_info: DialectInfo) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`alter table projects add column stats_sector varchar(40) not null default ''`.execute(db);
      const rows = (await sql<{ id: number; kind: 'group' | 'single'; sectors: string }>`select id, kind, sectors from projects`.execute(db)).rows;
      for (const r of rows) {
        const s = statsSector(r.kind, JSON.parse(r.sectors) as string[]);
        if (s !== '') await sql`update projects set stats_sector = ${s} where id = ${r.id}`.execute(db);
      }
    },
  };
}
