// The statistics rollup, kept exact as projects change. Every write that folds projects rebuilds
// the partitions — prefecture × month of first report — its projects were in before and are in
// now, in stats_rollup (place × month × stage) and stats_rollup_sector (the same by the one sector
// each project is counted under, so sectors add up to the total), from
// the projects themselves with one grouped insert each, so the counted-once rules live in one SQL
// expression. stats_sector_total (by sector, all time) follows by the difference a partition's
// rebuild made, so a write never regroups a whole prefecture.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.js';
import type { StatsSectorTotalTable } from '../../db/schema.js';

/** Past this many partitions (an import) one full rebuild is cheaper than many small ones. */
const FULL_REBUILD_AT = 200;
const CHUNK = 500;

/** "l2|YYYY-MM"; l2 is '' for projects placed only at the province. */
type Partition = string;

/** The partitions of these projects and of the projects inside them (a batch's total decides whether theirs count). */
export async function partitionsOf(db: Db, ids: readonly number[]): Promise<Set<Partition>> {
  const out = new Set<Partition>();
  for (let i = 0; i < ids.length; i += CHUNK) {
    const chunk = ids.slice(i, i + CHUNK);
    const rows = await db
      .selectFrom('projects')
      .select(['region_l2', 'first_date'])
      .where((eb) => eb.or([eb('id', 'in', chunk), eb('id', 'in', eb.selectFrom('project_members').select('project_id').where('parent_id', 'in', chunk))]))
      .execute();
    for (const r of rows) out.add(`${r.region_l2 ?? ''}|${r.first_date.slice(0, 7)}`);
  }
  return out;
}

/** Projects: a batch counts its projects, a project inside a shown batch nothing more (also /projects' count). */
export const UNITS = sql`case when p.kind = 'group' then coalesce(p.project_count, 1)
  when exists (select 1 from project_members m where m.project_id = p.id and exists (select 1 from projects q where q.id = m.parent_id and q.hidden = 0)) then 0
  else 1 end`;
/** Investment counted once: nothing for a project inside a shown batch that states its total. */
const COUNTED = sql`case when exists (select 1 from project_members m where m.project_id = p.id
  and exists (select 1 from projects q where q.id = m.parent_id and q.hidden = 0 and q.amount_num is not null)) then null else p.amount_num end`;
/** amount_n: the projects (as UNITS counts them) whose amount is known; the rest are 金额未披露. */
const MEASURES = sql`sum(${UNITS}), coalesce(sum(${COUNTED}), 0), sum(case when ${COUNTED} is not null then ${UNITS} else 0 end), sum(p.conv_signed), sum(p.conv_started), sum(p.conv_completed)`;
const MEASURE_COLUMNS = sql`projects, amount_sum, amount_n, conv_signed, conv_started, conv_completed`;
const MONTH = sql`substr(p.first_date, 1, 7)`;

function rebuildPlain(where: RawBuilder<unknown>) {
  return sql`insert into stats_rollup (region_code, region_l1, region_l2, region_l3, month, stage, ${MEASURE_COLUMNS})
    select p.region_code, p.region_l1, p.region_l2, p.region_l3, ${MONTH}, coalesce(p.stage, ''), ${MEASURES}
      from projects p where p.hidden = 0 and ${where}
      group by p.region_code, p.region_l1, p.region_l2, p.region_l3, ${MONTH}, coalesce(p.stage, '')`;
}

/** By the one sector each project is counted under (projects/stats-sector.ts): the rows add up to the totals. */
function rebuildBySector(where: RawBuilder<unknown>) {
  return sql`insert into stats_rollup_sector (region_code, region_l1, region_l2, region_l3, month, stage, sector_id, ${MEASURE_COLUMNS})
    select p.region_code, p.region_l1, p.region_l2, p.region_l3, ${MONTH}, coalesce(p.stage, ''), p.stats_sector, ${MEASURES}
      from projects p where p.hidden = 0 and ${where}
      group by p.region_code, p.region_l1, p.region_l2, p.region_l3, ${MONTH}, coalesce(p.stage, ''), p.stats_sector`;
}

type SectorRow = StatsSectorTotalTable;

const SECTOR_COLUMNS = ['region_code', 'region_l1', 'region_l2', 'region_l3', 'stage', 'sector_id', 'projects', 'amount_sum', 'amount_n', 'conv_signed', 'conv_started', 'conv_completed'] as const;
const NUMBERS = ['projects', 'amount_sum', 'amount_n', 'conv_signed', 'conv_started', 'conv_completed'] as const;

async function partitionRows(db: Db, place: RawBuilder<unknown>, month: string): Promise<SectorRow[]> {
  const cols = sql.join(SECTOR_COLUMNS.map((c) => sql.ref(c)));
  return (await sql<SectorRow>`select ${cols} from stats_rollup_sector where ${place} and month = ${month}`.execute(db)).rows;
}

/** Adds `sign` × rows to the all-time sector table (one upsert per place, stage and sector). */
function addToTotals(rows: readonly SectorRow[], sign: 1 | -1, into: Map<string, SectorRow>): void {
  for (const r of rows) {
    const key = `${r.region_code}|${r.stage}|${r.sector_id}`;
    const acc = into.get(key) ?? { ...r, projects: 0, amount_sum: 0, amount_n: 0, conv_signed: 0, conv_started: 0, conv_completed: 0 };
    for (const n of NUMBERS) acc[n] += sign * Number(r[n]);
    into.set(key, acc);
  }
}

export async function rebuildPartitions(db: Db, parts: ReadonlySet<Partition>): Promise<void> {
  if (parts.size === 0) return;
  if (parts.size >= FULL_REBUILD_AT) return rebuildRollup(db);
  const delta = new Map<string, SectorRow>();
  for (const part of parts) {
    const [l2 = '', month = ''] = part.split('|');
    const range = sql`p.first_date >= ${`${month}-01`} and p.first_date < ${`${month}-32`}`;
    const place = l2 ? sql`p.region_l2 = ${l2}` : sql`p.region_l2 is null`;
    const rollupPlace = l2 ? sql`region_l2 = ${l2}` : sql`region_l2 is null`;
    addToTotals(await partitionRows(db, rollupPlace, month), -1, delta);
    await sql`delete from stats_rollup where ${rollupPlace} and month = ${month}`.execute(db);
    await sql`delete from stats_rollup_sector where ${rollupPlace} and month = ${month}`.execute(db);
    await rebuildPlain(sql`${place} and ${range}`).execute(db);
    await rebuildBySector(sql`${place} and ${range}`).execute(db);
    addToTotals(await partitionRows(db, rollupPlace, month), 1, delta);
  }
  for (const d of delta.values()) {
    if (NUMBERS.every((n) => d[n] === 0)) continue;
    await db
      .insertInto('stats_sector_total')
      .values(d)
      .onConflict((oc) =>
        oc.columns(['region_code', 'stage', 'sector_id']).doUpdateSet((eb) => ({
          projects: eb('stats_sector_total.projects', '+', eb.ref('excluded.projects')),
          amount_sum: eb('stats_sector_total.amount_sum', '+', eb.ref('excluded.amount_sum')),
          amount_n: eb('stats_sector_total.amount_n', '+', eb.ref('excluded.amount_n')),
          conv_signed: eb('stats_sector_total.conv_signed', '+', eb.ref('excluded.conv_signed')),
          conv_started: eb('stats_sector_total.conv_started', '+', eb.ref('excluded.conv_started')),
          conv_completed: eb('stats_sector_total.conv_completed', '+', eb.ref('excluded.conv_completed')),
        })),
      )
      .execute();
  }
  await dropZeroTotals(db);
}

/**
 * A row of zeros says nothing: a sector no longer in a place and stage, or one holding only
 * projects inside a shown batch (counted there). Dropped after every rebuild, full or partial,
 * so the two give the same table.
 */
async function dropZeroTotals(db: Db): Promise<void> {
  await sql`delete from stats_sector_total where projects = 0 and amount_sum = 0 and amount_n = 0 and conv_signed = 0 and conv_started = 0 and conv_completed = 0`.execute(db);
}

/** The whole rollup from scratch (an import, a migration, or to check the incremental one). */
export async function rebuildRollup(db: Db): Promise<void> {
  await sql`delete from stats_rollup`.execute(db);
  await sql`delete from stats_rollup_sector`.execute(db);
  await sql`delete from stats_sector_total`.execute(db);
  await rebuildPlain(sql`1 = 1`).execute(db);
  await rebuildBySector(sql`1 = 1`).execute(db);
  await sql`insert into stats_sector_total (region_code, region_l1, region_l2, region_l3, stage, sector_id, ${MEASURE_COLUMNS})
    select region_code, region_l1, region_l2, region_l3, stage, sector_id,
      sum(projects), sum(amount_sum), sum(amount_n), sum(conv_signed), sum(conv_started), sum(conv_completed)
    from stats_rollup_sector group by region_code, region_l1, region_l2, region_l3, stage, sector_id`.execute(db);
  await dropZeroTotals(db);
}
