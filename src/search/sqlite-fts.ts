// SearchIndex on SQLite FTS5: a contentless table over jieba-segmented title and body (precise
// tokens in order, and the sub-words of long tokens in their own columns) and place (names and
// codes of the article's region and its ancestors); bm25 with the title weighted highest.
// Reads go through the read-only connection as plain ids; writes through the caller's transaction.
import { sql, type Kysely } from 'kysely';
import type { Db } from '../db/database.js';
import type { SqliteHandles } from '../db/dialects/sqlite.js';
import type { DB } from '../db/schema.js';
import type { ParsedQuery, QueryTerm } from './query.js';
import { EmptyQueryError, RANK_CANDIDATES, type RankOptions, type SearchDoc, type SearchIndex } from './search-index.js';
import type { Segmenter } from './segmenter.js';

/** bm25 column weights: title, title_x, body, body_x, place. */
const WEIGHTS = '10.0, 5.0, 1.0, 0.5, 2.0';

interface FtsRow {
  id: number;
  title: string;
  title_x: string;
  body: string;
  body_x: string;
  place: string;
}

function quote(token: string): string {
  return `"${token.replace(/"/g, '""')}"`;
}

export class SqliteFtsIndex implements SearchIndex {
  /** One query object is matched, then ranked: build its expression once. */
  private readonly expressions = new WeakMap<ParsedQuery, Map<string, string>>();

  constructor(
    private readonly segmenter: Segmenter,
    private readonly sqlite: SqliteHandles,
  ) {}

  async upsert(db: Db, doc: SearchDoc): Promise<void> {
    const r = this.row(doc, this.segmenter.forIndex(doc.title), this.segmenter.forIndex(doc.body));
    await sql`insert or replace into articles_fts (rowid, title, title_x, body, body_x, place)
      values (${r.id}, ${r.title}, ${r.title_x}, ${r.body}, ${r.body_x}, ${r.place})`.execute(db);
  }

  async upsertMany(db: Db, docs: readonly SearchDoc[]): Promise<void> {
    for (const doc of docs) await this.upsert(db, doc);
  }

  async remove(db: Db, id: number): Promise<void> {
    await sql`delete from articles_fts where rowid = ${id}`.execute(db);
  }

  private row(doc: SearchDoc, title: { words: string; extra: string }, body: { words: string; extra: string }): FtsRow {
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
  private known(token: string): boolean {
    const n = this.sqlite.reader.prepare('select doc from articles_fts_vocab where term = ?').pluck().get(token);
    return typeof n === 'number' && n > 0;
  }

  /** One query word as FTS5: the token, its finer tiling as a phrase, and a prefix for one character or an unknown word. */
  private token(token: string): string {
    const alts = [quote(token)];
    const tiling = this.segmenter.tiling(token);
    if (tiling) alts.push(quote(tiling.join(' ')));
    if ([...token].length === 1 || !this.known(token)) alts.push(`${quote(token)}*`);
    return alts.length === 1 ? (alts[0] as string) : `(${alts.join(' OR ')})`;
  }

  /**
   * A term: one word; or several tokens (a "quoted phrase", or a word written as one and
   * segmented into several: 七亿元 → 七 亿元) in order, as the text has them; or, once loosened
   * (see loosen() in query.ts), those tokens anywhere.
   */
  private term(t: QueryTerm): string {
    let self: string;
    if (t.tokens.length === 1) self = this.token(t.tokens[0] as string);
    else if (t.loose) self = `(${t.tokens.map((x) => this.token(x)).join(' AND ')})`;
    // A last token of one character as a prefix: the text may join it with what follows
    // (天易科技城内 → 天 易 科技 城内). A longer one would expand to many words (发展*) for little.
    else self = `${quote(t.tokens.join(' '))}${[...(t.tokens.at(-1) ?? '')].length === 1 ? ' *' : ''}`;
    return t.or ? `(${self} OR ${this.term(t.or)})` : self;
  }

  /** The FTS5 expression: built from tokens only, every one quoted, so no user syntax reaches FTS5. */
  expression(q: ParsedQuery, regionCode?: string): string {
    let forQuery = this.expressions.get(q);
    if (!forQuery) this.expressions.set(q, (forQuery = new Map()));
    const cached = forQuery.get(regionCode ?? '');
    if (cached) return cached;
    if (q.must.length === 0) throw new EmptyQueryError('请至少输入一个要查找的词');
    const must = q.must.map((t) => this.term(t));
    if (regionCode) must.push(`place : ${quote(`r${regionCode}`)}`);
    let expr = must.join(' AND ');
    if (q.not.length > 0) expr = `(${expr}) NOT (${q.not.map((t) => this.term(t)).join(' OR ')})`;
    forQuery.set(regionCode ?? '', expr);
    return expr;
  }

  async matchAll(_db: Db, q: ParsedQuery): Promise<number[]> {
    return this.sqlite.reader.prepare('select rowid from articles_fts where articles_fts match ?').pluck().all(this.expression(q)) as number[];
  }

  async rankTop(_db: Db, q: ParsedQuery, o: RankOptions): Promise<number[]> {
    const candidates = Math.max(RANK_CANDIDATES, o.offset + o.limit);
    const stmt = this.sqlite.reader.prepare(`
      select id from (
        select rowid as id, bm25(articles_fts, ${WEIGHTS}) as score from articles_fts
        where articles_fts match ? order by rowid desc limit ?
      ) order by score, id desc limit ? offset ?`);
    return stmt.pluck().all(this.expression(q, o.regionCode), candidates, o.limit, o.offset) as number[];
  }

  /**
   * Rebuilds in one transaction on the writer connection. Segmentation of the next batch runs on
   * the libuv thread pool while this batch is written, so the two cores work at once.
   */
  async rebuild(db: Kysely<DB>, docs: (trx: Db) => AsyncIterable<SearchDoc[]>, onProgress?: (done: number) => void): Promise<number> {
    const { writer } = this.sqlite;
    const insert = writer.prepare('insert into articles_fts (rowid, title, title_x, body, body_x, place) values (@id, @title, @title_x, @body, @body_x, @place)');
    const segment = (batch: SearchDoc[]) =>
      Promise.all(batch.map(async (d) => this.row(d, await this.segmenter.forIndexAsync(d.title), await this.segmenter.forIndexAsync(d.body))));
    let done = 0;
    writer.exec('begin immediate');
    try {
      writer.exec(`insert into articles_fts (articles_fts) values ('delete-all')`);
      // No incremental merging while loading (one 'optimize' at the end does it once): ~15 % faster.
      writer.exec(`insert into articles_fts (articles_fts, rank) values ('automerge', 0)`);
      let pending: Promise<FtsRow[]> | null = null;
      const write = (rows: FtsRow[]) => {
        for (const r of rows) insert.run(r);
        done += rows.length;
        onProgress?.(done);
      };
      // Kysely reads on the same connection, inside this transaction.
      for await (const batch of docs(db)) {
        const next = segment(batch);
        if (pending) write(await pending);
        pending = next;
      }
      if (pending) write(await pending);
      writer.exec(`insert into articles_fts (articles_fts) values ('optimize')`);
      writer.exec(`insert into articles_fts (articles_fts, rank) values ('automerge', 4)`);
      writer.exec('commit');
    } catch (err) {
      if (writer.inTransaction) writer.exec('rollback');
      throw err;
    }
    return done;
  }
}
