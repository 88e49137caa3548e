// The migrated schema is pinned by a hash: change it only together with a new migration.
import { createHash } from 'node:crypto';
import { execFile } from 'node:child_process';
import path from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/db/database.js';
import { migrateToLatest, pendingMigrations } from '../../src/db/migrate.js';
import { boot } from '../../src/boot.js';
import { loadConfig } from '../../src/config.js';
import { projectRoot } from '../../src/paths.js';
import { tempDir } from '../helpers/app.js';

const EXPECTED_SQLITE_SCHEMA = 'a1ea931e6d93';

describe('schema', () => {
  it('migrates a fresh database to the pinned schema', async () => {
    const database = openDatabase({ kind: 'sqlite', path: path.join(tempDir(), 's.db') });
    await migrateToLatest(database);
    expect(await pendingMigrations(database)).toEqual([]);
    const rows = await sql<{ sql: string }>`select sql from sqlite_master where sql is not null and name not like 'sqlite_%' order by type, name`.execute(database.db);
    const hash = createHash('sha256').update(rows.rows.map((r) => r.sql.replace(/\s+/g, ' ')).join('\n')).digest('hex').slice(0, 12);
    await database.close();
    expect(hash, 'schema changed: write a migration, then update EXPECTED_SQLITE_SCHEMA').toBe(EXPECTED_SQLITE_SCHEMA);
  });

  it('refuses a stale schema and names the command that migrates', async () => {
    const config = loadConfig({ DATABASE_URL: `sqlite:${path.join(tempDir(), 'stale.db')}`, AUTO_MIGRATE: '0' });
    await expect(boot(config)).rejects.toThrow(/npx zhaoshang migrate/);
  });

  it('the server process exits 1 with that message', async () => {
    const run = promisify(execFile);
    const env = { ...process.env, DATABASE_URL: `sqlite:${path.join(tempDir(), 'stale2.db')}`, AUTO_MIGRATE: '0', PORT: '0' };
    const err = await run(process.execPath, ['--import', 'tsx', path.join(projectRoot, 'src', 'server.ts')], { env }).then(
      () => null,
      (e: { code?: number; stderr?: string }) => e,
    );
    expect(err?.code).toBe(1);
    expect(err?.stderr).toContain('npx zhaoshang migrate');
    expect(err?.stderr).not.toMatch(/\n\s+at /);
  });
});
