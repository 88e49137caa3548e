// Statistics from the rollup (stats_rollup): a few hundred rows grouped per request, never the
// projects themselves. Counted-once rules are already in the rollup (projects/stats-rollup.ts).
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.js';
import type { RegionLevel } from '../../regions/gazetteer.js';

export interface StatsFilter {
  readonly region: { readonly code: string; readonly level: RegionLevel };
  /** YYYY-MM, inclusive. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly sector?: string | undefined;
  readonly stage?: string | undefined;
}

export interface Measures {
  readonly projects: number;
  /** Yuan, counted once. */
  readonly amount: number;
  /** Projects with an amount. */
  readonly withAmount: number;
}

export interface Row extends Measures {
  readonly key: string;
}

export interface ConversionRow {
  readonly key: string;
  readonly signed: number;
  readonly started: number;
  readonly completed: number;
}

const LEVEL_COLUMN = { province: 'region_l1', city: 'region_l2', county: 'region_l3' } as const;

/**
 * Which rollup answers: by place × month × stage without a sector; by sector per month when a
 * sector is involved and months are filtered; by sector for all time otherwise (small enough for
 * the unfiltered page to group in a few milliseconds at 100,000 articles).
 */
function source(f: StatsFilter, bySector: boolean): RawBuilder<unknown> {
  if (!bySector && !f.sector) return sql`stats_rollup`;
  return f.from || f.to ? sql`stats_rollup_sector` : sql`stats_sector_total`;
}

/** Conditions on the rollup (`stage: false` ignores the stage filter: the scorecard spans stages). */
function where(f: StatsFilter, opts: { stage?: boolean } = {}): RawBuilder<boolean> {
  const parts: RawBuilder<unknown>[] = [sql`${sql.ref(LEVEL_COLUMN[f.region.level])} = ${f.region.code}`];
  if (f.sector) parts.push(sql`sector_id = ${f.sector}`);
  if (f.stage && opts.stage !== false) parts.push(sql`stage = ${f.stage}`);
  if (f.from) parts.push(sql`month >= ${f.from}`);
  if (f.to) parts.push(sql`month <= ${f.to}`);
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

const MEASURES = sql`coalesce(sum(projects), 0) as projects, coalesce(sum(amount_sum), 0) as amount, coalesce(sum(amount_n), 0) as with_amount`;

type RawRow = { key: string | null; projects: number | string; amount: number | string; with_amount: number | string };
const toRow = (r: RawRow): Row => ({ key: r.key ?? '', projects: Number(r.projects), amount: Number(r.amount), withAmount: Number(r.with_amount) });

async function grouped(db: Db, from: RawBuilder<unknown>, column: RawBuilder<unknown>, cond: RawBuilder<boolean>, order: RawBuilder<unknown>): Promise<Row[]> {
  const r = await sql<RawRow>`select ${column} as key, ${MEASURES} from ${from} where ${cond} group by ${column} order by ${order}`.execute(db);
  return r.rows.map(toRow);
}

export async function totals(db: Db, f: StatsFilter): Promise<Measures> {
  const r = await sql<RawRow>`select '' as key, ${MEASURES} from ${source(f, false)} where ${where(f)}`.execute(db);
  const row = r.rows[0];
  return row ? toRow(row) : { projects: 0, amount: 0, withAmount: 0 };
}

/** By the next level down: prefectures of the province, counties of a prefecture. */
export async function byChildRegion(db: Db, f: StatsFilter): Promise<Row[]> {
  const column = f.region.level === 'province' ? sql.ref('region_l2') : sql.ref('region_l3');
  return (await grouped(db, source(f, false), column, where(f), sql`amount desc, projects desc`)).filter((r) => r.key !== '');
}

export async function bySector(db: Db, f: StatsFilter): Promise<Row[]> {
  return grouped(db, source(f, true), sql.ref('sector_id'), where(f), sql`amount desc, projects desc, key`);
}

export async function byStage(db: Db, f: StatsFilter): Promise<Row[]> {
  return grouped(db, source(f, false), sql.ref('stage'), where(f), sql`key`);
}

export async function byMonth(db: Db, f: StatsFilter): Promise<Row[]> {
  // Months need the monthly tables: with a sector, the per-sector one.
  const from = f.sector ? sql`stats_rollup_sector` : sql`stats_rollup`;
  return grouped(db, from, sql.ref('month'), where(f), sql`key`);
}

/** Of the projects reported signed, how many were later reported started and completed — by the next level down. */
export async function conversion(db: Db, f: StatsFilter): Promise<ConversionRow[]> {
  const column = f.region.level === 'province' ? sql.ref('region_l2') : sql.ref('region_l3');
  const r = await sql<{ key: string | null; signed: number | string; started: number | string; completed: number | string }>`select ${column} as key,
      coalesce(sum(conv_signed), 0) as signed, coalesce(sum(conv_started), 0) as started, coalesce(sum(conv_completed), 0) as completed
    from ${source(f, false)} where ${where(f, { stage: false })} group by ${column} order by signed desc, key`.execute(db);
  return r.rows.filter((x) => x.key).map((x) => ({ key: x.key ?? '', signed: Number(x.signed), started: Number(x.started), completed: Number(x.completed) }));
}
