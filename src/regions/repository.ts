// Keeps the regions table equal to the gazetteer data files (they are the source of truth).
// Upserts, so several instances starting at once do not collide.
import type { Kysely } from 'kysely';
import type { DB } from '../db/schema.js';
import type { Gazetteer } from './gazetteer.js';

export async function syncRegions(db: Kysely<DB>, gz: Gazetteer): Promise<void> {
  const existing = new Map((await db.selectFrom('regions').selectAll().execute()).map((r) => [r.code, r]));
  const rows = gz.regions.map((r, i) => ({ code: r.code, name: r.name, short_name: r.short, level: r.level, parent_code: r.parent, en_name: r.en, sort_order: i }));
  const changed = rows.filter((row) => {
    const old = existing.get(row.code);
    return !old || (Object.keys(row) as (keyof typeof row)[]).some((k) => old[k] !== row[k]);
  });
  if (changed.length === 0) return;
  await db.transaction().execute(async (trx) => {
    // Parents before children (the data lists them in that order) for the foreign key.
    for (const row of changed) {
      const { code: _code, ...rest } = row;
      await trx.insertInto('regions').values(row).onConflict((oc) => oc.column('code').doUpdateSet(rest)).execute();
    }
  });
}
