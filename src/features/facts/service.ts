// Extraction as part of every article write: the import, a published tip or company news, the
// article editor, an editor's correction. The facts' offsets refer to "title\nbody" of the stored
// article. What is stored is the extractor's output with the editors' corrections applied in
// order, so a correction survives every re-extraction; the project database follows.
import type { Kysely } from 'kysely';
import type { Db } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { applyCorrections, type Correction } from '../../extraction/corrections.js';
import { EXTRACTOR_VERSION, type Extractor } from '../../extraction/index.js';
import type { Facts } from '../../extraction/types.js';
import { sectorNames } from '../../extraction/taxonomy.js';
import { flushProjects, ProjectBatch, refreshArticleProjects } from '../projects/store.js';
import { bumpContentVersion } from '../news/repository.js';
import { saveFacts } from './repository.js';

export interface ArticleText {
  readonly id: number;
  readonly title: string;
  readonly body: string;
  readonly region_tag: string | null;
}

export function articleFacts(ex: Extractor, a: Omit<ArticleText, 'id'>): Facts {
  return ex.extract(`${a.title}\n${a.body}`, { tag: a.region_tag });
}

export interface StoredCorrection {
  readonly id: number;
  readonly correction: Correction;
  readonly userId: number | null;
  readonly createdAt: string;
}

export async function loadCorrections(db: Db, articleId: number): Promise<StoredCorrection[]> {
  const rows = await db.selectFrom('fact_corrections').select(['id', 'correction', 'user_id', 'created_at']).where('article_id', '=', articleId).orderBy('id').execute();
  return rows.map((r) => ({ id: r.id, correction: JSON.parse(r.correction) as Correction, userId: r.user_id, createdAt: r.created_at }));
}

/**
 * Extracts (unless `extracted` already holds this text's facts), applies the article's corrections,
 * stores the facts and rebuilds its projects. Returns the corrections that no longer match.
 * `written`: the writer's own view of the row (place, date, status), which spares reading it back.
 */
export async function refreshFacts(
  db: Db,
  ex: Extractor,
  a: ArticleText,
  projects?: ProjectBatch,
  written?: { region_code: string; published_at: string; status: string; fresh?: boolean },
  extracted?: Facts,
): Promise<{ facts: Facts; orphans: number[] }> {
  const raw = extracted ?? articleFacts(ex, a);
  const corrections = written?.fresh ? [] : await loadCorrections(db, a.id);
  let facts = raw;
  let orphans: number[] = [];
  if (corrections.length) {
    const applied = applyCorrections(`${a.title}\n${a.body}`, raw, corrections.map((c) => c.correction), (id) => sectorNames.get(id));
    facts = applied.facts;
    orphans = applied.orphans.map((i) => corrections[i]?.id ?? -1);
  }
  await saveFacts(db, a.id, EXTRACTOR_VERSION, facts);
  await refreshArticleProjects(db, ex.gazetteer, a.id, facts, projects, written && { title: a.title, body: a.body, ...written });
  return { facts, orphans };
}

/** Re-extracts every article (`zhaoshang extract --all`), a batch per transaction. */
export async function reextractAll(db: Kysely<DB>, ex: Extractor, onProgress?: (done: number) => void): Promise<number> {
  let after = 0;
  let done = 0;
  for (;;) {
    const rows = await db.selectFrom('articles').select(['id', 'title', 'body', 'region_tag']).where('id', '>', after).orderBy('id').limit(500).execute();
    if (rows.length === 0) return done;
    await db.transaction().execute(async (trx) => {
      const batch = new ProjectBatch();
      for (const r of rows) await refreshFacts(trx, ex, r, batch);
      await flushProjects(trx, ex.gazetteer, batch);
      // Pages (in this or another process) show the new facts within their cache poll.
      await bumpContentVersion(trx);
    });
    after = rows[rows.length - 1]?.id ?? after;
    done += rows.length;
    onProgress?.(done);
  }
}

/** Articles whose stored facts come from an older extractor (or that have none). */
function staleArticles(db: Kysely<DB>) {
  return db
    .selectFrom('articles')
    .leftJoin('article_facts', 'article_facts.article_id', 'articles.id')
    .where((eb) => eb.or([eb('article_facts.version', 'is', null), eb('article_facts.version', '<', EXTRACTOR_VERSION)]));
}

export async function countStale(db: Kysely<DB>): Promise<number> {
  const r = await staleArticles(db).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/**
 * After an upgrade: re-reads every article whose facts an older extractor wrote, a batch per
 * transaction (editors' corrections replayed, projects and the statistics' rollups rebuilt), while
 * the portal goes on answering. Several instances may start it at once: `claim` (PostgreSQL: a
 * transaction-scoped advisory lock) lets one batch run at a time, the others wait their turn.
 */
export async function reextractStale(
  db: Kysely<DB>,
  ex: Extractor,
  opts: { claim?: (trx: Db) => Promise<boolean>; onProgress?: (done: number) => void; batchSize?: number } = {},
): Promise<number> {
  let done = 0;
  for (;;) {
    const rows = await staleArticles(db).select(['articles.id']).orderBy('articles.id').limit(opts.batchSize ?? 200).execute();
    if (rows.length === 0) return done;
    const ids = rows.map((r) => r.id);
    const did = await db.transaction().execute(async (trx) => {
      if (opts.claim && !(await opts.claim(trx))) return 0;
      // Read again inside the transaction: another instance may have done these meanwhile.
      const articles = await staleArticles(trx).select(['articles.id', 'articles.title', 'articles.body', 'articles.region_tag']).where('articles.id', 'in', ids).execute();
      const batch = new ProjectBatch();
      for (const a of articles) await refreshFacts(trx, ex, a, batch);
      await flushProjects(trx, ex.gazetteer, batch);
      await bumpContentVersion(trx);
      return articles.length;
    });
    if (did === 0) await new Promise((r) => setTimeout(r, 200));
    done += did;
    opts.onProgress?.(done);
  }
}
