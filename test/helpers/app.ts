// Builds the real app on a real database (SQLite, or PostgreSQL in the *-pg projects: see db.ts)
// with its files in a fresh temporary folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { boot, type Runtime } from '../../src/boot.js';
import { loadConfig, type Config } from '../../src/config.js';
import { freshDatabase } from './db.js';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly runtime: Runtime;
  readonly config: Config;
  readonly dir: string;
  /** DATABASE_URL of the app's database, for a second process (the CLI) to open. */
  readonly databaseUrl: string;
  close(): Promise<void>;
}

export function tempDir(prefix = 'zs-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function buildTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = tempDir();
  const database = await freshDatabase(dir);
  const config = loadConfig({ DATABASE_URL: database.url, AUTO_MIGRATE: 'true', UPLOAD_DIR: path.join(dir, 'uploads'), LOG_LEVEL: 'silent', ...env });
  const runtime = await boot(config);
  const app = await buildApp({ config, database: runtime.database, gazetteer: runtime.gazetteer, extractor: runtime.extractor, segmenter: runtime.segmenter, search: runtime.search, cachePollMs: 100 });
  await app.ready();
  return {
    app,
    runtime,
    config,
    dir,
    databaseUrl: database.url,
    async close() {
      await app.close();
      await runtime.database.close();
      await database.drop();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
