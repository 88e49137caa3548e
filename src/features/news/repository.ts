// SQL for articles. Plain functions taking the Kysely handle (or a transaction); no rules here.
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { ArticleRow, ArticleUpdate, NewArticleRow } from '../../db/schema.js';
import type { RegionLevel } from '../../regions/gazetteer.js';

export interface ListQuery {
  readonly region?: { readonly code: string; readonly level: RegionLevel } | undefined;
  readonly page: number;
  readonly pageSize: number;
}

export type ArticleSummary = Pick<
  ArticleRow,
  'id' | 'title' | 'region_tag' | 'region_code' | 'excerpt' | 'published_at'
>;

const LEVEL_COLUMN = { province: 'region_l1', city: 'region_l2', county: 'region_l3' } as const;

function listBase(db: Db, q: ListQuery) {
  let query = db.selectFrom('articles').where('status', '=', 'published');
  if (q.region) query = query.where(LEVEL_COLUMN[q.region.level], '=', q.region.code);
  return query;
}

/**
 * A page of published articles and their total. `knownTotal`: the caller already has it (a region
 * page from the per-version region counts), which spares counting 70,000 rows per request.
 */
export async function listPublished(db: Db, q: ListQuery, knownTotal?: number): Promise<{ items: ArticleSummary[]; total: number }> {
  const [items, total] = await Promise.all([
    listBase(db, q)
      .select(['id', 'title', 'region_tag', 'region_code', 'excerpt', 'published_at'])
      .orderBy('published_at', 'desc')
      .orderBy('id', 'desc')
      .limit(q.pageSize)
      .offset((q.page - 1) * q.pageSize)
      .execute(),
    knownTotal ?? listBase(db, q).select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow().then((c) => Number(c.n)),
  ]);
  return { items, total };
}

export async function findPublished(db: Db, id: number): Promise<ArticleRow | undefined> {
  return db.selectFrom('articles').selectAll().where('id', '=', id).where('status', '=', 'published').executeTakeFirst();
}

export async function findPublishedByIds(db: Db, ids: readonly number[]): Promise<ArticleRow[]> {
  if (ids.length === 0) return [];
  // By id alone, status checked here: with "and status = ?" SQLite chose the status index and
  // walked every published article (6 ms at 100,000) instead of 20 primary-key lookups.
  const rows = await db.selectFrom('articles').selectAll().where('id', 'in', ids).execute();
  return rows.filter((r) => r.status === 'published');
}

/** Title and body of published articles, for checking an exact string in many of them. */
export async function textsByIds(db: Db, ids: readonly number[]): Promise<Map<number, string>> {
  const out = new Map<number, string>();
  for (let i = 0; i < ids.length; i += 500) {
    const rows = await db.selectFrom('articles').select(['id', 'title', 'body']).where('id', 'in', ids.slice(i, i + 500)).execute();
    for (const r of rows) out.set(r.id, `${r.title}\n${r.body}`);
  }
  return out;
}

export async function findByImportKey(db: Db, key: string): Promise<Pick<ArticleRow, 'id' | 'content_hash' | 'status'> | undefined> {
  return db.selectFrom('articles').select(['id', 'content_hash', 'status']).where('import_key', '=', key).executeTakeFirst();
}

export async function insertArticle(db: Db, row: NewArticleRow): Promise<number> {
  const r = await db.insertInto('articles').values(row).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateArticle(db: Db, id: number, patch: ArticleUpdate): Promise<void> {
  await db.updateTable('articles').set(patch).where('id', '=', id).execute();
}

/** Published articles per stored region code (roll-ups to ancestors happen in the service). */
export async function countPublishedByRegion(db: Db): Promise<Map<string, number>> {
  const rows = await db
    .selectFrom('articles')
    .select(['region_code', (eb) => eb.fn.countAll<number | string>().as('n')])
    .where('status', '=', 'published')
    .groupBy('region_code')
    .execute();
  return new Map(rows.map((r) => [r.region_code, Number(r.n)]));
}

export async function countPublished(db: Db): Promise<number> {
  const r = await db.selectFrom('articles').select((eb) => eb.fn.countAll<number | string>().as('n')).where('status', '=', 'published').executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function countArticles(db: Db): Promise<number> {
  const r = await db.selectFrom('articles').select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * The first statement of every content-writing transaction: a write to the content-version row,
 * so the transaction holds the write lock from its start. SQLite then waits (busy_timeout) instead
 * of failing when two writers meet; PostgreSQL serializes content writers on the row.
 */
export async function lockContentForWrite(db: Db): Promise<void> {
  await sql`update site_state set value = value where key = 'content_version'`.execute(db);
}

/** Site-wide content version: bumped in the same transaction as every content write, read by page caches. */
export async function bumpContentVersion(db: Db): Promise<void> {
  await sql`update site_state set value = cast(cast(value as integer) + 1 as text) where key = 'content_version'`.execute(db);
}

export async function readContentVersion(db: Db): Promise<string> {
  return (await readSiteState(db, 'content_version')) ?? '0';
}

export async function readSiteState(db: Db, key: string): Promise<string | undefined> {
  const r = await db.selectFrom('site_state').select('value').where('key', '=', key).executeTakeFirst();
  return r?.value;
}

/** Sets a key once; a second call keeps the first value. */
export async function setSiteStateOnce(db: Db, key: string, value: string): Promise<void> {
  await db.insertInto('site_state').values({ key, value }).onConflict((oc) => oc.column('key').doNothing()).execute();
}
