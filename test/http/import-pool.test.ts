// A large import reads its items on a second thread (features/news/read-pool.ts): the facts it
// stores are the ones this thread's extractor reads from the same text, item for item.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateArticles, toJsonLines } from '../../bench/corpus.js';
import { parseJsonLines } from '../../src/content/listing.js';
import { loadFacts } from '../../src/features/facts/repository.js';
import { importArticles } from '../../src/features/news/import.js';
import { IMPORT_POOL_AT, ReadPool } from '../../src/features/news/read-pool.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp({ DEMO_DATA: '0' });
});
afterAll(async () => {
  await t.close();
});

describe('an import large enough for the second thread', () => {
  it('starts the reading thread', async () => {
    const pool = ReadPool.open();
    expect(pool).not.toBeNull();
    await pool?.close();
  });

  it('stores, for every item, the facts this thread reads from its stored text', async () => {
    const items = parseJsonLines(toJsonLines(generateArticles(IMPORT_POOL_AT + 150)));
    const summary = await importArticles(t.runtime.database.db, t.runtime, items);
    expect(summary.added).toBe(items.length);
    const rows = await t.runtime.database.db.selectFrom('articles').select(['id', 'title', 'body', 'region_tag']).orderBy('id').execute();
    let same = 0;
    for (const r of rows) {
      const stored = await loadFacts(t.runtime.database.db, r.id);
      const here = t.runtime.extractor.extract(`${r.title}\n${r.body}`, { tag: r.region_tag });
      expect(JSON.parse(JSON.stringify(stored?.facts))).toEqual(JSON.parse(JSON.stringify(here)));
      same++;
    }
    expect(same).toBe(items.length);
  }, 120_000);
});
