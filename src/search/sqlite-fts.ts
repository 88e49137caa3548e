// SearchIndex on SQLite FTS5: a contentless table over jieba-segmented title, body and place
// (names and codes of the article's region and its ancestors), bm25 with the title weighted
// highest. Snippets are built by the caller from the stored text.
import { sql, type Kysely } from 'kysely';
import type { Db } from '../db/database.js';
import type { DB } from '../db/schema.js';
import type { ParsedQuery, QueryTerm } from './query.js';
import { EmptyQueryError, type RankOptions, type SearchDoc, type SearchIndex } from './search-index.js';
import type { Segmenter } from './segmenter.js';

/** bm25 column weights: title, title_x, body, body_x, place. */
const WEIGHTS = sql.raw('10.0, 5.0, 1.0, 0.5, 2.0');
/**
 * Relevance is exact for queries with up to this many hits; beyond, the best of the newest this
 * many (by id). bm25 over all 70,000 hits of 长沙 costs ~30 ms; over 2,000, ~2 ms. For a term in
 * most documents bm25's idf is near zero anyway, so the order among old hits carries little.
 */
export const RANK_CANDIDATES = 2000;
const BATCH = 500;

function quote(token: string): string {
  return `"${token.replace(/"/g, '""')}"`;
}

export class SqliteFtsIndex implements SearchIndex {
  constructor(private readonly segmenter: Segmenter) {}

  async upsert(db: Db, doc: SearchDoc): Promise<void> {
    const r = this.row(doc);
    await sql`insert or replace into articles_fts (rowid, title, title_x, body, body_x, place)
      values (${r.id}, ${r.title}, ${r.title_x}, ${r.body}, ${r.body_x}, ${r.place})`.execute(db);
  }

  async remove(db: Db, id: number): Promise<void> {
    await sql`delete from articles_fts where rowid = ${id}`.execute(db);
  }

  private row(doc: SearchDoc) {
    const title = this.segmenter.forIndex(doc.title);
    const body = this.segmenter.forIndex(doc.body);
    return {
      id: doc.id,
      title: title.words,
      title_x: title.extra,
      body: body.words,
      body_x: body.extra,
      // Place names as whole tokens, and codes (r430100) for region filters inside the index.
      place: [...doc.places, ...doc.regionCodes.map((c) => `r${c}`)].join(' '),
    };
  }

  /** Does any indexed document hold this exact token? (fts5vocab, one index seek) */
  private async known(db: Db, token: string): Promise<boolean> {
    const r = await sql<{ n: number }>`select doc as n from articles_fts_vocab where term = ${token}`.execute(db);
    return (r.rows[0]?.n ?? 0) > 0;
  }

  /** One query word as FTS5: the token, its finer tiling as a phrase, and a prefix for one character or an unknown word. */
  private async token(db: Db, token: string): Promise<string> {
    const alts = [quote(token)];
    const tiling = this.segmenter.tiling(token);
    if (tiling) alts.push(quote(tiling.join(' ')));
    if ([...token].length === 1 || !(await this.known(db, token))) alts.push(`${quote(token)}*`);
    return alts.length === 1 ? (alts[0] as string) : `(${alts.join(' OR ')})`;
  }

  /**
   * A term: one word; or several tokens (a "quoted phrase", or a word written as one and
   * segmented into several: 七亿元 → 七 亿元) in order, as the text has them; or, once loosened
   * (see loosen() in query.ts), those tokens anywhere.
   */
  private async term(db: Db, t: QueryTerm): Promise<string> {
    let self: string;
    if (t.tokens.length === 1) self = await this.token(db, t.tokens[0] as string);
    else if (t.loose) self = `(${(await Promise.all(t.tokens.map((x) => this.token(db, x)))).join(' AND ')})`;
    // The last token as a prefix: the text may join it with what follows (科技城内 → 科技 城内).
    else self = `${quote(t.tokens.join(' '))} *`;
    return t.or ? `(${self} OR ${await this.term(db, t.or)})` : self;
  }

  /** The FTS5 expression: built from tokens only, every one quoted, so no user syntax reaches FTS5. */
  async expression(db: Db, q: ParsedQuery, regionCode?: string): Promise<string> {
    if (q.must.length === 0) throw new EmptyQueryError('请至少输入一个要查找的词');
    const must = await Promise.all(q.must.map((t) => this.term(db, t)));
    if (regionCode) must.push(`place : ${quote(`r${regionCode}`)}`);
    let expr = must.join(' AND ');
    if (q.not.length > 0) expr = `(${expr}) NOT (${(await Promise.all(q.not.map((t) => this.term(db, t)))).join(' OR ')})`;
    return expr;
  }

  async matchAll(db: Db, q: ParsedQuery): Promise<number[]> {
    const expr = await this.expression(db, q);
    const r = await sql<{ id: number }>`select rowid as id from articles_fts where articles_fts match ${expr}`.execute(db);
    return r.rows.map((x) => x.id);
  }

  async rankTop(db: Db, q: ParsedQuery, o: RankOptions): Promise<number[]> {
    const expr = await this.expression(db, q, o.regionCode);
    const candidates = Math.max(RANK_CANDIDATES, o.offset + o.limit);
    const r = await sql<{ id: number }>`
      select id from (
        select rowid as id, bm25(articles_fts, ${WEIGHTS}) as score from articles_fts
        where articles_fts match ${expr} order by rowid desc limit ${candidates}
      ) order by score, id desc limit ${o.limit} offset ${o.offset}`.execute(db);
    return r.rows.map((x) => x.id);
  }

  async rebuild(db: Kysely<DB>, docs: (trx: Db) => AsyncIterable<SearchDoc[]>, onProgress?: (done: number) => void): Promise<number> {
    let done = 0;
    await db.transaction().execute(async (trx) => {
      await sql`insert into articles_fts (articles_fts) values ('delete-all')`.execute(trx);
      for await (const batch of docs(trx)) {
        for (let i = 0; i < batch.length; i += BATCH) {
          const rows = batch.slice(i, i + BATCH).map((d) => this.row(d));
          const values = sql.join(rows.map((r) => sql`(${r.id}, ${r.title}, ${r.title_x}, ${r.body}, ${r.body_x}, ${r.place})`));
          await sql`insert into articles_fts (rowid, title, title_x, body, body_x, place) values ${values}`.execute(trx);
        }
        done += batch.length;
        onProgress?.(done);
      }
      await sql`insert into articles_fts (articles_fts) values ('optimize')`.execute(trx);
    });
    return done;
  }
}
