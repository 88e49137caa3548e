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
import { Gazetteer } from './regions/gazetteer.js';
import { syncRegions } from './regions/repository.js';

export interface Runtime {
  readonly database: Database;
  readonly gazetteer: Gazetteer;
  readonly migrated: string[];
  readonly demo: ImportSummary | null;
}

export async function boot(config: Config, opts: { migrate?: boolean; demo?: boolean } = {}): Promise<Runtime> {
  const gazetteer = Gazetteer.loadDir(gazetteerDir);
  const database = openDatabase(config.database);
  try {
    const migrated = (opts.migrate ?? config.autoMigrate) ? await migrateToLatest(database) : [];
    await assertSchemaCurrent(database);
    await syncRegions(database.db, gazetteer);
    const demo = (opts.demo ?? config.demoData) ? await loadDemoOnce(database, gazetteer) : null;
    return { database, gazetteer, migrated, demo };
  } catch (err) {
    await database.close();
    throw err;
  }
}

/**
 * The bundled articles, once: never again after the first load, even if they are later deleted.
 * Checked and loaded in one locked transaction, so instances starting together load it once.
 */
async function loadDemoOnce(database: Database, gazetteer: Gazetteer): Promise<ImportSummary | null> {
  const { db } = database;
  if (await readSiteState(db, 'demo_loaded')) return null;
  const text = fs.readFileSync(demoDataFile, 'utf8');
  const items = storageOrder(text, parseArticlesFile(text));
  return db.transaction().execute(async (trx) => {
    await lockContentForWrite(trx);
    if ((await readSiteState(trx, 'demo_loaded')) || (await countArticles(trx)) > 0) return null;
    const summary = await importInto(trx, gazetteer, items);
    await setSiteStateOnce(trx, 'demo_loaded', new Date().toISOString());
    return summary;
  });
}
