// Keeps the regions table equal to the gazetteer data files (they are the source of truth).
import type { Db } from '../features/news/repository.js';
import type { Gazetteer } from './gazetteer.js';

export async function syncRegions(db: Db, gz: Gazetteer): Promise<number> {
  const existing = new Map((await db.selectFrom('regions').selectAll().execute()).map((r) => [r.code, r]));
  let changed = 0;
  // Parents before children (the data lists them in that order) for the foreign key.
  for (const [i, r] of gz.regions.entries()) {
    const row = { code: r.code, name: r.name, short_name: r.short, level: r.level, parent_code: r.parent, en_name: r.en, sort_order: i };
    const old = existing.get(r.code);
    if (!old) {
      await db.insertInto('regions').values(row).execute();
      changed++;
    } else if (old.name !== row.name || old.short_name !== row.short_name || old.level !== row.level || old.parent_code !== row.parent_code || old.en_name !== row.en_name || old.sort_order !== row.sort_order) {
      await db.updateTable('regions').set(row).where('code', '=', r.code).execute();
      changed++;
    }
  }
  return changed;
}
