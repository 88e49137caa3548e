// The search index behind a small interface: SQLite FTS5 here, PostgreSQL tsvector in its own file.
import type { Kysely } from 'kysely';
import type { Db } from '../db/database.js';
import type { DB } from '../db/schema.js';
import type { ParsedQuery } from './query.js';

/**
 * Relevance is exact for queries with up to this many hits; beyond, the best of the newest this
 * many (by id). On SQLite, bm25 over all 70,000 hits of 长沙 costs ~45 ms; over 2,000, ~3 ms. For a term in
 * most documents bm25's idf is near zero anyway, so the order among old hits carries little.
 */
export const RANK_CANDIDATES = 2000;

/** What the index knows of a published article. */
export interface SearchDoc {
  readonly id: number;
  readonly title: string;
  readonly body: string;
  /** Names of the article's place and its ancestors (长沙市 长沙 湖南省 湖南), and its region codes. */
  readonly places: readonly string[];
  readonly regionCodes: readonly string[];
}

export interface RankOptions {
  /** Only articles in this region or below it. */
  readonly regionCode?: string | undefined;
  readonly limit: number;
  readonly offset: number;
}

export interface SearchIndex {
  /** Adds or replaces one article, inside the caller's transaction. */
  upsert(db: Db, doc: SearchDoc): Promise<void>;
  /** Adds or replaces many (a bulk import), inside the caller's transaction. */
  upsertMany(db: Db, docs: readonly SearchDoc[]): Promise<void>;
  remove(db: Db, id: number): Promise<void>;
  /** Every article id that matches (any order). */
  matchAll(db: Db, query: ParsedQuery): Promise<number[]>;
  /** Ids in relevance order. May rank a bounded set of candidates: see the implementation. */
  rankTop(db: Db, query: ParsedQuery, options: RankOptions): Promise<number[]>;
  /**
   * Rebuilds in one transaction from `docs`, which reads through the transaction it is given;
   * returns how many articles were indexed.
   */
  rebuild(db: Kysely<DB>, docs: (trx: Db) => AsyncIterable<SearchDoc[]>, onProgress?: (done: number) => void): Promise<number>;
}

/** Thrown for a query that has nothing to look for (only exclusions, only punctuation). */
export class EmptyQueryError extends Error {}
