// SearchIndex on PostgreSQL: one weighted tsvector per article, written as a tsvector literal
// from jieba's segmentation (PostgreSQL's parser never sees Chinese text), and queries written as
// tsquery literals from our parsed query, so no user syntax reaches PostgreSQL either.
// Weights: A title, B place names and region codes, C body, D the sub-words of long tokens.
// Ranking is bounded like SQLite's: the newest RANK_CANDIDATES hits, ordered by ts_rank
// (ranking every hit of 长沙 — 70,000 at 100,000 articles — took 390 ms). Reads go through the
// search connections (dialects/postgres.ts SearchReader: replicas when allowed, planner settings
// that keep to the index). The RUM index answers phrases without reading the documents (GIN must
// recheck each: 150–250 ms for "高质量发展" against 30–40 ms) but is slow to update (~5 ms a
// document), so a rebuild or a large import writes a new table, indexes it once (~20 s for
// 100,000) and swaps it in at the end of its transaction.
import { sql, type Kysely } from 'kysely';
import type { SearchReader } from '../db/dialects/postgres.js';
import { lockContentForWrite } from '../features/news/repository.js';
import type { Db } from '../db/database.js';
import type { DB } from '../db/schema.js';
import type { ParsedQuery, QueryTerm } from './query.js';
import { EmptyQueryError, RANK_CANDIDATES, type RankOptions, type SearchDoc, type SearchIndex } from './search-index.js';
import type { Segmenter } from './segmenter.js';

/** ts_rank weights {D, C, B, A}: title ten times the body, as bm25's column weights on SQLite. */
const WEIGHTS = '{0.05, 0.1, 0.2, 1.0}';
/** PostgreSQL's limits: positions 1..16383, 256 positions kept per lexeme. */
const MAX_POS = 16383;
const MAX_POSITIONS = 256;
/** Sections apart by more than one position, so a phrase never runs from one into the next. */
const GAP = 2;
const WRITE_BATCH = 500;
const KNOWN = -1;
const UNKNOWN_TTL_MS = 60_000;
const VOCABULARY_MAX = 100_000;
/** A bulk write this large, and a tenth of the index or more, rebuilds the table instead. */
const SWAP_MIN_DOCS = 1000;

/** A lexeme as a tsvector/tsquery literal: quoted, quotes doubled, backslashes escaped. */
function lexeme(token: string): string {
  return `'${token.replace(/\\/g, '\\\\').replace(/'/g, "''")}'`;
}

/** The tsvector literal of a document: every lexeme with its positions and weights. */
export function tsvectorLiteral(sections: readonly { tokens: readonly string[]; weight: 'A' | 'B' | 'C' | 'D' }[]): string {
  const positions = new Map<string, string[]>();
  let pos = 0;
  for (const s of sections) {
    for (const raw of s.tokens) {
      pos = Math.min(pos + 1, MAX_POS);
      const tok = raw.toLowerCase();
      if (!tok) continue;
      let list = positions.get(tok);
      if (!list) positions.set(tok, (list = []));
      if (list.length < MAX_POSITIONS) list.push(`${pos}${s.weight}`);
    }
    pos = Math.min(pos + GAP, MAX_POS);
  }
  let out = '';
  for (const [tok, list] of positions) out += `${out ? ' ' : ''}${lexeme(tok)}:${list.join(',')}`;
  return out;
}

const split = (s: string): string[] => (s ? s.split(' ') : []);

export class PostgresFtsIndex implements SearchIndex {
  /** A query's words as tsquery parts, built once (the vocabulary probes with them), whatever the region. */
  private readonly parts = new WeakMap<ParsedQuery, Promise<{ must: string; not: string | null }>>();
  /**
   * Tokens the index holds (KNOWN), or when one was found missing: SQLite answers this from the
   * FTS5 vocabulary in one seek; RUM finds the first document of a common word only after reading
   * its whole posting list (12–15 ms for 长沙). A token in the index stays there (an article's
   * removal may leave it stale: a needless prefix alternative, no wrong result); a missing one is
   * asked again after UNKNOWN_TTL_MS, as new articles may bring it.
   */
  private readonly vocabulary = new Map<string, number>();

  constructor(
    private readonly segmenter: Segmenter,
    private readonly reader: SearchReader,
  ) {}

  private literal(doc: SearchDoc, title: { words: string; extra: string }, body: { words: string; extra: string }): string {
    return tsvectorLiteral([
      { tokens: split(title.words), weight: 'A' },
      { tokens: [...doc.places, ...doc.regionCodes.map((c) => `r${c}`)], weight: 'B' },
      { tokens: split(body.words), weight: 'C' },
      { tokens: [...split(title.extra), ...split(body.extra)], weight: 'D' },
    ]);
  }

  async upsert(db: Db, doc: SearchDoc): Promise<void> {
    const literal = this.literal(doc, this.segmenter.forIndex(doc.title), this.segmenter.forIndex(doc.body));
    await sql`insert into articles_search (id, doc) values (${doc.id}, ${literal}::tsvector)
      on conflict (id) do update set doc = excluded.doc`.execute(db);
  }

  /**
   * Segmented on the thread pool a batch ahead, written WRITE_BATCH rows a statement; a large
   * share of the index is written as a new table (see the top of this file).
   */
  async upsertMany(db: Db, docs: readonly SearchDoc[]): Promise<void> {
    if (docs.length < SWAP_MIN_DOCS) return this.writeSegmented(db, docs, 'articles_search', true);
    const n = Number((await sql<{ n: string }>`select count(*) as n from articles_search`.execute(db)).rows[0]?.n ?? 0);
    if (docs.length * 10 < n) return this.writeSegmented(db, docs, 'articles_search', true);
    const ids = docs.map((d) => d.id);
    await this.swapIn(db, async (table) => {
      await sql`insert into ${sql.table(table)} (id, doc) select id, doc from articles_search where id <> all(${ids}::int[])`.execute(db);
      await this.writeSegmented(db, docs, table, false);
    });
  }

  private async writeSegmented(db: Db, docs: readonly SearchDoc[], table: string, replace: boolean): Promise<void> {
    let pending: Promise<{ id: number; doc: string }[]> | null = null;
    for (let i = 0; i < docs.length; i += WRITE_BATCH) {
      const next = this.segmentAll(docs.slice(i, i + WRITE_BATCH));
      if (pending) await this.insertRows(db, await pending, table, replace);
      pending = next;
    }
    if (pending) await this.insertRows(db, await pending, table, replace);
  }

  /** Fills a new table through `fill`, indexes it as the current one is, and puts it in its place. */
  private async swapIn(db: Db, fill: (table: string) => Promise<void>): Promise<void> {
    const am = await sql<{ amname: string }>`select am.amname from pg_class c join pg_am am on am.oid = c.relam where c.relname = 'articles_search_doc'`.execute(db);
    const using = am.rows[0]?.amname === 'rum' ? sql`rum (doc rum_tsvector_ops)` : sql`gin (doc)`;
    await sql`drop table if exists articles_search_next`.execute(db);
    await sql`create table articles_search_next (id integer primary key, doc tsvector not null)`.execute(db);
    await fill('articles_search_next');
    await sql`set local maintenance_work_mem = '256MB'`.execute(db);
    await sql`create index articles_search_next_doc on articles_search_next using ${using}`.execute(db);
    await sql`drop table articles_search`.execute(db);
    await sql`alter table articles_search_next rename to articles_search`.execute(db);
    await sql`alter index articles_search_next_doc rename to articles_search_doc`.execute(db);
    await sql`alter index articles_search_next_pkey rename to articles_search_pkey`.execute(db);
  }

  private segmentAll(batch: readonly SearchDoc[]): Promise<{ id: number; doc: string }[]> {
    return Promise.all(batch.map(async (d) => ({ id: d.id, doc: this.literal(d, await this.segmenter.forIndexAsync(d.title), await this.segmenter.forIndexAsync(d.body)) })));
  }

  private async insertRows(db: Db, rows: readonly { id: number; doc: string }[], table: string, replace: boolean): Promise<void> {
    for (let i = 0; i < rows.length; i += WRITE_BATCH) {
      const part = rows.slice(i, i + WRITE_BATCH);
      await sql`insert into ${sql.table(table)} (id, doc) select * from unnest(${part.map((r) => r.id)}::int[], ${part.map((r) => r.doc)}::tsvector[])
        ${replace ? sql`on conflict (id) do update set doc = excluded.doc` : sql``}`.execute(db);
    }
  }

  async remove(db: Db, id: number): Promise<void> {
    await db.deleteFrom('articles_search').where('id', '=', id).execute();
  }

  /** Does any indexed document hold this exact token? (one index probe) */
  private async known(token: string): Promise<boolean> {
    const seen = this.vocabulary.get(token);
    if (seen === KNOWN) return true;
    if (seen !== undefined && Date.now() - seen < UNKNOWN_TTL_MS) return false;
    const rows = await this.reader.query<{ hit: boolean }>('select exists (select 1 from articles_search where doc @@ $1::tsquery) as hit', [lexeme(token)]);
    const hit = rows[0]?.hit === true;
    if (this.vocabulary.size >= VOCABULARY_MAX) this.vocabulary.clear();
    this.vocabulary.set(token, hit ? KNOWN : Date.now());
    return hit;
  }

  /** One query word: the token, its finer tiling as a phrase, and a prefix for one character or an unknown word. */
  private async token(token: string): Promise<string> {
    const t = token.toLowerCase();
    const alts = [lexeme(t)];
    const tiling = this.segmenter.tiling(token);
    if (tiling) alts.push(`(${tiling.map((x) => lexeme(x.toLowerCase())).join(' <-> ')})`);
    if ([...t].length === 1 || !(await this.known(t))) alts.push(`${lexeme(t)}:*`);
    return alts.length === 1 ? (alts[0] as string) : `(${alts.join(' | ')})`;
  }

  /** As SqliteFtsIndex.term: one word; several in order (a phrase); or, loosened, anywhere. */
  private async term(t: QueryTerm): Promise<string> {
    let self: string;
    if (t.tokens.length === 1) self = await this.token(t.tokens[0] as string);
    else if (t.loose) self = `(${(await Promise.all(t.tokens.map((x) => this.token(x)))).join(' & ')})`;
    else {
      const last = t.tokens.length - 1;
      // A last token of one character as a prefix: the text may join it with what follows.
      self = `(${t.tokens.map((x, i) => `${lexeme(x.toLowerCase())}${i === last && [...x].length === 1 ? ':*' : ''}`).join(' <-> ')})`;
    }
    return t.or ? `(${self} | ${await this.term(t.or)})` : self;
  }

  /** The tsquery literal, built from tokens only: every lexeme quoted. */
  private async expression(q: ParsedQuery, regionCode?: string): Promise<string> {
    let parts = this.parts.get(q);
    if (!parts) this.parts.set(q, (parts = this.build(q)));
    const { must, not } = await parts;
    const expr = regionCode ? `${must} & ${lexeme(`r${regionCode}`)}:B` : must;
    return not ? `(${expr}) & !(${not})` : expr;
  }

  private async build(q: ParsedQuery): Promise<{ must: string; not: string | null }> {
    if (q.must.length === 0) throw new EmptyQueryError('请至少输入一个要查找的词');
    const must = (await Promise.all(q.must.map((t) => this.term(t)))).join(' & ');
    const not = q.not.length > 0 ? (await Promise.all(q.not.map((t) => this.term(t)))).join(' | ') : null;
    return { must, not };
  }

  async matchAll(db: Db, q: ParsedQuery): Promise<number[]> {
    const expr = await this.expression(q);
    // One value, the ids packed as 4-byte integers, not a row per hit: node-postgres spent ~20 ms
    // making 74,000 row objects (as text joined by commas: ~3 ms to split; packed: ~0.7 ms).
    const rows = await this.reader.query<{ ids: Buffer | null }>("select string_agg(int4send(id), ''::bytea) as ids from articles_search where doc @@ $1::tsquery", [expr]);
    const packed = rows[0]?.ids;
    if (!packed) return [];
    const ids = new Array<number>(packed.length >> 2);
    for (let i = 0; i < ids.length; i++) ids[i] = packed.readInt32BE(i << 2);
    return ids;
  }

  async rankTop(db: Db, q: ParsedQuery, o: RankOptions): Promise<number[]> {
    const expr = await this.expression(q, o.regionCode);
    const candidates = Math.max(RANK_CANDIDATES, o.offset + o.limit);
    const rows = await this.reader.query<{ id: number }>(
      `select id from (
        select id, doc from articles_search where doc @@ $1::tsquery order by id desc limit $2
      ) c order by ts_rank($3::float4[], doc, $1::tsquery, 1) desc, id desc limit $4 offset $5`,
      [expr, candidates, WEIGHTS, o.limit, o.offset],
    );
    return rows.map((x) => x.id);
  }

  /**
   * Rebuilds in one transaction that holds the content lock (a publish waits, as on SQLite): a new
   * table filled a batch at a time (writeSegmented), then swapped in.
   */
  async rebuild(db: Kysely<DB>, docs: (trx: Db) => AsyncIterable<SearchDoc[]>, onProgress?: (done: number) => void): Promise<number> {
    return db.transaction().execute(async (trx) => {
      await lockContentForWrite(trx);
      let done = 0;
      await this.swapIn(trx, async (table) => {
        for await (const batch of docs(trx)) {
          await this.writeSegmented(trx, batch, table, false);
          done += batch.length;
          onProgress?.(done);
        }
      });
      return done;
    });
  }
}
