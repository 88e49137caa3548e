// Extraction as part of every article write: the import, a published tip or company news, the
// article editor. The facts' offsets refer to "title\nbody" of the stored article.
import type { Kysely } from 'kysely';
import type { Db } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { EXTRACTOR_VERSION, extractFacts } from '../../extraction/index.js';
import type { Facts } from '../../extraction/types.js';
import type { Gazetteer } from '../../regions/gazetteer.js';
import { saveFacts } from './repository.js';

export interface ArticleText {
  readonly id: number;
  readonly title: string;
  readonly body: string;
  readonly region_tag: string | null;
}

export function articleFacts(gz: Gazetteer, a: Omit<ArticleText, 'id'>): Facts {
  return extractFacts(`${a.title}\n${a.body}`, { gazetteer: gz, tag: a.region_tag });
}

export async function refreshFacts(db: Db, gz: Gazetteer, a: ArticleText): Promise<Facts> {
  const facts = articleFacts(gz, a);
  await saveFacts(db, a.id, EXTRACTOR_VERSION, facts);
  return facts;
}

/** Re-extracts every article (`zhaoshang extract --all`), a batch per transaction. */
export async function reextractAll(db: Kysely<DB>, gz: Gazetteer, onProgress?: (done: number) => void): Promise<number> {
  let after = 0;
  let done = 0;
  for (;;) {
    const rows = await db.selectFrom('articles').select(['id', 'title', 'body', 'region_tag']).where('id', '>', after).orderBy('id').limit(500).execute();
    if (rows.length === 0) return done;
    await db.transaction().execute(async (trx) => {
      for (const r of rows) await refreshFacts(trx, gz, r);
    });
    after = rows[rows.length - 1]?.id ?? after;
    done += rows.length;
    onProgress?.(done);
  }
}
