// SQL for feeds and sitemaps: the newest articles of the site, a region or a sector, and the public
// URLs with their last change. Plain functions taking the Kysely handle; no rules here.
import { sql } from 'kysely';
import type { Db } from '../../db/database.js';
import type { RegionLevel } from '../../regions/gazetteer.js';
import type { ArticleSummary } from '../news/repository.js';

const LEVEL_COLUMN = { province: 'region_l1', city: 'region_l2', county: 'region_l3' } as const;
const SUMMARY = ['id', 'title', 'region_tag', 'region_code', 'excerpt', 'published_at'] as const;

/** The newest published articles, of a region with all its descendants when given (one indexed equality). */
export async function newestPublished(db: Db, limit: number, region?: { code: string; level: RegionLevel }): Promise<ArticleSummary[]> {
  let q = db.selectFrom('articles').select(SUMMARY).where('status', '=', 'published');
  if (region) q = q.where(LEVEL_COLUMN[region.level], '=', region.code);
  return q.orderBy('published_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/**
 * The newest published articles whose stored facts name a sector. Facts are JSON text (the same
 * on every dialect), so the match is a LIKE on the serialized `"id":"<sector>"`: in Facts only
 * SectorFact has an `id` key, and a quote inside a string value is serialized as \", so the pattern
 * meets nothing but a sector entry. The articles_list index walks newest first and stops at
 * `limit` hits. Each hit is still parsed and checked, so a future Facts shape cannot add wrong items.
 * Not project_sectors: a project's sectors are folded across all its reports, and an article can
 * name a sector without reporting any project.
 */
export async function newestWithSector(db: Db, sectorId: string, limit: number): Promise<ArticleSummary[]> {
  // Sector ids are taxonomy ids ([a-z-], checked by the caller): nothing to escape for LIKE.
  const pattern = `%"id":${JSON.stringify(sectorId)}%`;
  const rows = await db
    .selectFrom('articles as a')
    .innerJoin('article_facts as f', 'f.article_id', 'a.id')
    .select(['a.id', 'a.title', 'a.region_tag', 'a.region_code', 'a.excerpt', 'a.published_at', 'f.facts'])
    .where('a.status', '=', 'published')
    .where('f.facts', 'like', pattern)
    .orderBy('a.published_at', 'desc')
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
  return rows.filter((r) => namesSector(r.facts, sectorId)).map(({ facts: _facts, ...summary }) => summary);
}

function namesSector(facts: string, sectorId: string): boolean {
  const parsed = JSON.parse(facts) as { sectors?: readonly { id?: unknown }[] };
  return (parsed.sectors ?? []).some((s) => s.id === sectorId);
}

// ---------------------------------------------------------------------------------------------
// Sitemaps: id and last change per public URL, in id order; a chunk is one id range of a table.

export interface Loc {
  readonly id: number;
  readonly lastmod: string | null;
}

export type SitemapSection = 'articles' | 'projects' | 'enterprises';

/** What makes a row public, per section. */
const VISIBLE = {
  articles: { table: 'articles', column: 'status', value: 'published' },
  projects: { table: 'projects', column: 'hidden', value: 0 },
  enterprises: { table: 'enterprises', column: 'status', value: 'active' },
} as const;

export async function sectionCounts(db: Db): Promise<Record<SitemapSection, number>> {
  const count = async (section: SitemapSection) => {
    const v = VISIBLE[section];
    const { rows } = await sql<{ n: number | string }>`select count(*) as n from ${sql.table(v.table)} where ${sql.ref(v.column)} = ${v.value}`.execute(db);
    // PostgreSQL returns counts as strings.
    return Number(rows[0]?.n ?? 0);
  };
  const [articles, projects, enterprises] = await Promise.all([count('articles'), count('projects'), count('enterprises')]);
  return { articles, projects, enterprises };
}

/**
 * The public rows of a section with afterId < id <= upToId, in id order. A chunk is an id range,
 * not an offset: an article stays in its chunk when others are unpublished, and SQLite answers a
 * range of 50,000 at 100,000 articles in ~130 ms (LIMIT/OFFSET: ~240 ms).
 */
export async function sectionLocs(db: Db, section: SitemapSection, afterId: number, upToId: number): Promise<Loc[]> {
  switch (section) {
    case 'articles':
      return db.selectFrom('articles').select(['id', 'updated_at as lastmod']).where('id', '>', afterId).where('id', '<=', upToId).where('status', '=', 'published').orderBy('id').execute();
    case 'projects':
      return db.selectFrom('projects').select(['id', 'updated_at as lastmod']).where('id', '>', afterId).where('id', '<=', upToId).where('hidden', '=', 0).orderBy('id').execute();
    case 'enterprises':
      return db.selectFrom('enterprises').select(['id', 'updated_at as lastmod']).where('id', '>', afterId).where('id', '<=', upToId).where('status', '=', 'active').orderBy('id').execute();
  }
}

/** The numbers of the non-empty chunks of a section, chunk n holding ids ((n-1)·size, n·size]. */
export async function sectionChunks(db: Db, section: SitemapSection, size: number): Promise<number[]> {
  const v = VISIBLE[section];
  const { rows } = await sql<{ n: number | string }>`select (id - 1) / ${sql.lit(Math.trunc(size))} + 1 as n from ${sql.table(v.table)}
    where ${sql.ref(v.column)} = ${v.value} group by (id - 1) / ${sql.lit(Math.trunc(size))} order by n`.execute(db);
  // PostgreSQL may return the integer as a string.
  return rows.map((r) => Number(r.n));
}

/**
 * The newest publication date in a region and below it: one lookup in the region's index, no
 * table access (a GROUP BY over all articles took ~200 ms at 100,000; these take ~0.05 ms each).
 */
export async function newestDayIn(db: Db, region: { code: string; level: RegionLevel }): Promise<string | null> {
  const r = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.max('published_at').as('newest'))
    .where(LEVEL_COLUMN[region.level], '=', region.code)
    .where('status', '=', 'published')
    .executeTakeFirst();
  return r?.newest ?? null;
}

/** The last change of the project and enterprise lists (null when empty). */
export async function newestListChanges(db: Db): Promise<{ projects: string | null; enterprises: string | null }> {
  const [p, e] = await Promise.all([
    db.selectFrom('projects').select((eb) => eb.fn.max('updated_at').as('m')).where('hidden', '=', 0).executeTakeFirst(),
    db.selectFrom('enterprises').select((eb) => eb.fn.max('updated_at').as('m')).where('status', '=', 'active').executeTakeFirst(),
  ]);
  return { projects: p?.m ?? null, enterprises: e?.m ?? null };
}
