// Stored facts per article (article_facts): written in the same transaction as the article.
import type { Db } from '../../db/database.js';
import type { Facts } from '../../extraction/types.js';

export async function saveFacts(db: Db, articleId: number, version: number, facts: Facts): Promise<void> {
  const row = { article_id: articleId, version, facts: JSON.stringify(facts), extracted_at: new Date().toISOString() };
  const { article_id: _id, ...rest } = row;
  await db.insertInto('article_facts').values(row).onConflict((oc) => oc.column('article_id').doUpdateSet(rest)).execute();
}

export async function loadFacts(db: Db, articleId: number): Promise<{ version: number; facts: Facts } | undefined> {
  const r = await db.selectFrom('article_facts').select(['version', 'facts']).where('article_id', '=', articleId).executeTakeFirst();
  return r ? { version: r.version, facts: JSON.parse(r.facts) as Facts } : undefined;
}
