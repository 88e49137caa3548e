// 0002: the full-text index. SQLite: a contentless FTS5 table (segmented title, body, place) and
// its vocabulary view. Filled by the application (segmentation is jieba's), not by SQL: boot sees
// search_index unset and rebuilds it.
import { sql, type Kysely } from 'kysely';
import type { DialectInfo } from '../database.js';

export function m0002(info: DialectInfo) {
  return {
    async up(db: Kysely<unknown>): Promise<void> {
      if (info.name === 'sqlite') {
        // title/body: precise tokens in order (phrases); title_x/body_x: sub-words of long tokens.
        await sql`create virtual table articles_fts using fts5(
          title, title_x, body, body_x, place,
          content = '', contentless_delete = 1,
          tokenize = 'unicode61 remove_diacritics 0'
        )`.execute(db);
        await sql`create virtual table articles_fts_vocab using fts5vocab(articles_fts, 'row')`.execute(db);
      }
      await sql`delete from site_state where key = 'search_index'`.execute(db);
    },
  };
}
