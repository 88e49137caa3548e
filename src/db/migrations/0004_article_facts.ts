// 0004: the facts extraction read out of each article, with the extractor's version, so a newer
// extractor can redo exactly the articles it has not seen.
import { sql, type Kysely } from 'kysely';
import type { DialectInfo } from '../database.js';

export function m0004(_info: DialectInfo) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      await sql`create table article_facts (
        article_id integer primary key references articles(id),
        version integer not null,
        facts text not null,
        extracted_at varchar(32) not null
      )`.execute(db);
      await sql`create index article_facts_version on article_facts (version, article_id)`.execute(db);
    },
  };
}
