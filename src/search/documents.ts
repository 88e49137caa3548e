// Articles as the search index sees them, and the index that fits the database.
import type { Database, Db } from '../db/database.js';
import type { Gazetteer } from '../regions/gazetteer.js';
import type { SearchDoc, SearchIndex } from './search-index.js';
import type { Segmenter } from './segmenter.js';
import { SqliteFtsIndex } from './sqlite-fts.js';
import { PostgresFtsIndex } from './postgres-fts.js';

export function searchIndexFor(database: Database, segmenter: Segmenter): SearchIndex {
  if (database.sqlite) return new SqliteFtsIndex(segmenter, database.sqlite);
  if (database.searchReader) return new PostgresFtsIndex(segmenter, database.searchReader);
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

/**
 * Published articles in id order, a batch at a time: keyset pagination on the primary key, status
 * checked here (with "status = ?" in SQL, SQLite picked the status index and sorted every batch:
 * 3.7 s instead of 1.2 s for 100,000 articles).
 */
export async function* publishedDocs(db: Db, gz: Gazetteer, batchSize = 1000): AsyncGenerator<SearchDoc[]> {
  const places = new Map<string, Pick<SearchDoc, 'places' | 'regionCodes'>>();
  let after = 0;
  for (;;) {
    const rows = await db
      .selectFrom('articles')
      .select(['id', 'title', 'body', 'region_code', 'status'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(batchSize)
      .execute();
    if (rows.length === 0) return;
    after = Number(rows[rows.length - 1]?.id ?? after);
    const docs: SearchDoc[] = [];
    for (const r of rows) {
      if (r.status !== 'published') continue;
      let p = places.get(r.region_code);
      if (!p) places.set(r.region_code, (p = toSearchDoc(gz, { ...r, title: '', body: '' })));
      docs.push({ id: r.id, title: r.title, body: r.body, places: p.places, regionCodes: p.regionCodes });
    }
    if (docs.length > 0) yield docs;
  }
}
