// Articles as the search index sees them, and the index that fits the database.
import type { Database, Db } from '../db/database.js';
import type { Gazetteer } from '../regions/gazetteer.js';
import type { SearchDoc, SearchIndex } from './search-index.js';
import type { Segmenter } from './segmenter.js';
import { SqliteFtsIndex } from './sqlite-fts.js';

export function searchIndexFor(database: Database, segmenter: Segmenter): SearchIndex {
  if (database.sqlite) return new SqliteFtsIndex(segmenter, database.sqlite);
  throw new Error(`no search index for ${database.info.name}`);
}

/** Words the segmenter must keep whole: every gazetteer name and short form. */
export function gazetteerWords(gz: Gazetteer): string[] {
  return gz.regions.flatMap((r) => [r.name, r.short]);
}

export function toSearchDoc(gz: Gazetteer, a: { id: number; title: string; body: string; region_code: string }): SearchDoc {
  const chain = gz.ancestry(a.region_code);
  return {
    id: a.id,
    title: a.title,
    body: a.body,
    places: [...new Set(chain.flatMap((r) => [r.name, r.short]))],
    regionCodes: chain.map((r) => r.code),
  };
}

/** Published articles in id order, a batch at a time (keyset pagination: constant cost per batch). */
export async function* publishedDocs(db: Db, gz: Gazetteer, batchSize = 1000): AsyncGenerator<SearchDoc[]> {
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('articles')
      .select(['id', 'title', 'body', 'region_code'])
      .where('status', '=', 'published')
      .where('id', '>', after)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return;
    yield rows.map((r) => toSearchDoc(gz, r));
    after = Number(rows[rows.length - 1]?.id ?? after);
  }
}
