// SQL for the project database (项目库). The filters are one function of a table alias, so the
// "counted once" sum can apply them to a project and to its batch alike.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from '../../db/database.js';
import type { ProjectsTable } from '../../db/schema.js';
import type { Selectable } from 'kysely';
import type { RegionLevel } from '../../regions/gazetteer.js';
import { UNITS } from './stats-rollup.js';

export type ProjectRow = Selectable<ProjectsTable>;

export interface ProjectFilter {
  readonly region?: { readonly code: string; readonly level: RegionLevel } | undefined;
  readonly sector?: string | undefined;
  readonly stage?: string | undefined;
  /** Yuan. */
  readonly minYuan?: number | undefined;
  readonly maxYuan?: number | undefined;
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly q?: string | undefined;
  /** The back office sees hidden projects too. */
  readonly includeHidden?: boolean | undefined;
}

export type ProjectSort = 'newest' | 'amount' | 'amount_asc' | 'name';

const LEVEL_COLUMN = { province: 'region_l1', city: 'region_l2', county: 'region_l3' } as const;

/** LIKE with the user's % and _ taken literally. */
function likeContains(s: string): string {
  return `%${s.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The filters as one SQL condition on alias `t` (hidden projects never match). */
function where(f: ProjectFilter, t: string): RawBuilder<boolean> {
  const c = (col: string) => sql.ref(`${t}.${col}`);
  const parts: RawBuilder<unknown>[] = [f.includeHidden ? sql`1 = 1` : sql`${c('hidden')} = 0`];
  if (f.region) parts.push(sql`${c(LEVEL_COLUMN[f.region.level])} = ${f.region.code}`);
  if (f.stage) parts.push(sql`${c('stage')} = ${f.stage}`);
  if (f.minYuan !== undefined) parts.push(sql`${c('amount_num')} >= ${f.minYuan}`);
  if (f.maxYuan !== undefined) parts.push(sql`${c('amount_num')} <= ${f.maxYuan}`);
  if (f.from) parts.push(sql`${c('last_date')} >= ${f.from}`);
  if (f.to) parts.push(sql`${c('first_date')} <= ${f.to}`);
  if (f.q) parts.push(sql`${c('search_text')} like ${likeContains(f.q)} escape '\\'`);
  if (f.sector) parts.push(sql`exists (select 1 from project_sectors s where s.project_id = ${c('id')} and s.sector_id = ${f.sector})`);
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

const ORDER: Record<ProjectSort, RawBuilder<unknown>> = {
  newest: sql`p.last_date desc, p.id desc`,
  amount: sql`p.amount_num is null, p.amount_num desc, p.id desc`,
  amount_asc: sql`p.amount_num is null, p.amount_num asc, p.id desc`,
  name: sql`p.name asc, p.id asc`,
};

export async function listProjects(
  db: Db,
  f: ProjectFilter,
  sort: ProjectSort,
  page: number,
  pageSize: number,
): Promise<{ items: ProjectRow[]; total: number; sumYuan: number; withAmount: number; counted: number }> {
  const items = await sql<ProjectRow>`select p.* from projects p where ${where(f, 'p')} order by ${ORDER[sort]} limit ${pageSize} offset ${(page - 1) * pageSize}`.execute(db);
  // An amount counts once: a named project inside any batch that matches too and states its total
  // is already in that total.
  // Nested, not a join: with the filter on q in a join, SQLite chose to walk every q of the region
  // for every p (minutes at 100,000); this way it is one primary-key lookup per batch membership.
  const inShownBatch = sql`exists (select 1 from project_members m where m.project_id = p.id
      and exists (select 1 from projects q where q.id = m.parent_id and q.amount_num is not null and ${where(f, 'q')}))`;
  // counted: the projects as /stats counts them (a batch by its count, its members not again).
  const agg = await sql<{ n: number | string; s: number | null; k: number | string; u: number | string | null }>`select count(*) as n,
      sum(case when not ${inShownBatch} then p.amount_num end) as s,
      count(case when not ${inShownBatch} then p.amount_num end) as k,
      sum(${UNITS}) as u
    from projects p
    where ${where(f, 'p')}`.execute(db);
  const a = agg.rows[0];
  return { items: items.rows, total: Number(a?.n ?? 0), sumYuan: Number(a?.s ?? 0), withAmount: Number(a?.k ?? 0), counted: Number(a?.u ?? 0) };
}

/** One slice of a listing without the totals, for the export (which pages through every row). */
export async function listProjectRows(db: Db, f: ProjectFilter, sort: ProjectSort, offset: number, limit: number): Promise<ProjectRow[]> {
  const rows = await sql<ProjectRow>`select p.* from projects p where ${where(f, 'p')} order by ${ORDER[sort]} limit ${limit} offset ${offset}`.execute(db);
  return rows.rows;
}

export async function findProject(db: Db, id: number): Promise<ProjectRow | undefined> {
  return db.selectFrom('projects').selectAll().where('id', '=', id).executeTakeFirst();
}

/** The projects reported in a batch (a project may be in several). */
export async function childProjects(db: Db, id: number): Promise<ProjectRow[]> {
  return db
    .selectFrom('project_members as m')
    .innerJoin('projects as p', 'p.id', 'm.project_id')
    .selectAll('p')
    .where('m.parent_id', '=', id)
    .where('p.hidden', '=', 0)
    .orderBy('p.id')
    .execute();
}

export interface ProjectEventRow {
  readonly article_id: number;
  readonly date: string;
  readonly stage: string | null;
  readonly draft: string;
  readonly title: string;
}

/** The timeline: what each published article said, oldest first. */
export async function projectEvents(db: Db, id: number): Promise<ProjectEventRow[]> {
  return db
    .selectFrom('project_events as e')
    .innerJoin('articles as a', 'a.id', 'e.article_id')
    .select(['e.article_id', 'e.date', 'e.stage', 'e.draft', 'a.title'])
    .where('e.project_id', '=', id)
    .orderBy('e.date')
    .orderBy('e.article_id')
    .execute();
}

/** Projects an article contributes to, for its page. */
export async function projectsOfArticle(db: Db, articleId: number): Promise<Pick<ProjectRow, 'id' | 'name' | 'kind' | 'stage' | 'amount_yuan'>[]> {
  return db
    .selectFrom('project_events as e')
    .innerJoin('projects as p', 'p.id', 'e.project_id')
    .select(['p.id', 'p.name', 'p.kind', 'p.stage', 'p.amount_yuan'])
    .where('e.article_id', '=', articleId)
    .where('p.hidden', '=', 0)
    .orderBy('p.kind')
    .orderBy('p.id')
    .execute();
}
