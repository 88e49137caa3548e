// Forward-only migrations, listed in order. The server refuses a stale schema (see assertSchemaCurrent).
import { Migrator, type Migration, type MigrationResultSet } from 'kysely';
import type { Database } from './database.js';
import { m0001 } from './migrations/0001_regions_articles.js';
import { m0002 } from './migrations/0002_search.js';
import { m0003 } from './migrations/0003_people_and_moderation.js';
import { m0004 } from './migrations/0004_article_facts.js';
import { m0005 } from './migrations/0005_projects.js';
import { m0006 } from './migrations/0006_stats.js';
import { m0007 } from './migrations/0007_postgres_search.js';
import { m0008 } from './migrations/0008_rate_limits.js';
import { m0009 } from './migrations/0009_stats_sector.js';

function migrationsFor(database: Database): Record<string, Migration> {
  return {
    '0001_regions_articles': m0001(database.info),
    '0002_search': m0002(database.info),
    '0003_people_and_moderation': m0003(database.info),
    '0004_article_facts': m0004(database.info),
    '0005_projects': m0005(database.info),
    '0006_stats': m0006(database.info),
    '0007_postgres_search': m0007(database.info),
    '0008_rate_limits': m0008(database.info),
    '0009_stats_sector': m0009(database.info),
  };
}

function migrator(database: Database): Migrator {
  return new Migrator({
    db: database.db,
    provider: { getMigrations: async () => migrationsFor(database) },
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
}

export class MigrationError extends Error {}
export class StaleSchemaError extends Error {}

/** Applies every pending migration; throws (so the CLI exits non-zero) when one fails. */
export async function migrateToLatest(database: Database): Promise<string[]> {
  const result: MigrationResultSet = await migrator(database).migrateToLatest();
  const applied = (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? '?';
    throw new MigrationError(`迁移失败 (migration ${failed} failed): ${String(result.error)}`);
  }
  return applied;
}

export async function pendingMigrations(database: Database): Promise<string[]> {
  const all = await migrator(database).getMigrations();
  return all.filter((m) => !m.executedAt).map((m) => m.name);
}

export async function assertSchemaCurrent(database: Database): Promise<void> {
  const pending = await pendingMigrations(database);
  if (pending.length > 0) {
    throw new StaleSchemaError(
      `数据库结构不是最新的，缺少迁移：${pending.join(', ')}。请运行 \`npx zhaoshang migrate\` 后再启动。` +
        ` (The database schema is out of date; run \`npx zhaoshang migrate\`.)`,
    );
  }
}
