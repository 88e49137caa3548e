// Start-up shared by the server and the CLI: open the database, make sure its schema is current,
// keep the regions table equal to the gazetteer, and load the demo articles on first start.
import fs from 'node:fs';
import type { Config } from './config.js';
import { openDatabase, type Database } from './db/database.js';
import { assertSchemaCurrent, migrateToLatest } from './db/migrate.js';
import { parseArticlesFile, storageOrder } from './content/listing.js';
import { importInto, type ImportSummary } from './features/news/import.js';
import { countArticles, lockContentForWrite, readSiteState, setSiteStateOnce } from './features/news/repository.js';
import { demoDataFile, gazetteerDir } from './paths.js';
import { rebuildRollup } from './features/projects/stats-rollup.js';
import { Extractor, loadLexicons } from './extraction/index.js';
import { Gazetteer } from './regions/gazetteer.js';
import { syncRegions } from './regions/repository.js';
import { gazetteerWords, publishedDocs, searchIndexFor } from './search/documents.js';
import type { SearchIndex } from './search/search-index.js';
import { Segmenter } from './search/segmenter.js';

export interface Runtime {
  readonly database: Database;
  readonly gazetteer: Gazetteer;
  readonly extractor: Extractor;
  readonly segmenter: Segmenter;
  readonly search: SearchIndex;
  readonly migrated: string[];
  /** Articles indexed at start because the search index was new (null: it was current). */
  readonly reindexed: number | null;
  readonly demo: ImportSummary | null;
}

export async function boot(config: Config, opts: { migrate?: boolean; demo?: boolean } = {}): Promise<Runtime> {
  const gazetteer = Gazetteer.loadDir(gazetteerDir);
  // The lexicons are read once, here; every extraction afterwards uses this one object.
  const extractor = new Extractor(loadLexicons({ gazetteer }));
  const database = openDatabase(config.database);
  try {
    const migrated = (opts.migrate ?? config.autoMigrate) ? await migrateToLatest(database) : [];
    await assertSchemaCurrent(database);
    // A database that had projects before the statistics rollup existed gets its rollup now (the
    // scorecard columns fill in as projects are folded again: `zhaoshang extract --all`).
    if (migrated.includes('0006_stats') || migrated.includes('0009_stats_sector')) await rebuildRollup(database.db);
    await syncRegions(database.db, gazetteer);
    const segmenter = new Segmenter(gazetteerWords(gazetteer));
    const search = searchIndexFor(database, segmenter);
    const deps = { database, gazetteer, extractor, segmenter, search };
    const reindexed = (await readSiteState(database.db, SEARCH_INDEX_KEY)) ? null : await rebuildSearchIndex(deps);
    const demo = (opts.demo ?? config.demoData) ? await loadDemoOnce(deps) : null;
    return { ...deps, migrated, reindexed, demo };
  } catch (err) {
    await database.close();
    throw err;
  }
}

type Deps = Pick<Runtime, 'database' | 'gazetteer' | 'extractor' | 'segmenter' | 'search'>;

const SEARCH_INDEX_KEY = 'search_index';

/** Fills the search index from the articles table (start-up after migration 0002, or `zhaoshang reindex`). */
export async function rebuildSearchIndex({ database, gazetteer, search }: Deps, onProgress?: (done: number) => void): Promise<number> {
  const n = await search.rebuild(database.db, (trx) => publishedDocs(trx, gazetteer), onProgress);
  await database.db
    .insertInto('site_state')
    .values({ key: SEARCH_INDEX_KEY, value: new Date().toISOString() })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: new Date().toISOString() }))
    .execute();
  return n;
}

/**
 * The bundled articles, once: never again after the first load, even if they are later deleted.
 * Checked and loaded in one locked transaction, so instances starting together load it once.
 */
async function loadDemoOnce({ database, gazetteer, extractor, search }: Deps): Promise<ImportSummary | null> {
  const { db } = database;
  if (await readSiteState(db, 'demo_loaded')) return null;
  const text = fs.readFileSync(demoDataFile, 'utf8');
  const items = storageOrder(text, parseArticlesFile(text));
  return db.transaction().execute(async (trx) => {
    await lockContentForWrite(trx);
    if ((await readSiteState(trx, 'demo_loaded')) || (await countArticles(trx)) > 0) return null;
    const summary = await importInto(trx, { gazetteer, extractor, search }, items);
    await setSiteStateOnce(trx, 'demo_loaded', new Date().toISOString());
    return summary;
  });
}
