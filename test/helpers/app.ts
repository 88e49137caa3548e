// Builds the real app on a real SQLite database in a fresh temporary folder.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { boot, type Runtime } from '../../src/boot.js';
import { loadConfig, type Config } from '../../src/config.js';

export interface TestApp {
  readonly app: FastifyInstance;
  readonly runtime: Runtime;
  readonly config: Config;
  readonly dir: string;
  close(): Promise<void>;
}

export function tempDir(prefix = 'zs-test-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export async function buildTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = tempDir();
  const config = loadConfig({ DATABASE_URL: `sqlite:${path.join(dir, 'test.db')}`, UPLOAD_DIR: path.join(dir, 'uploads'), LOG_LEVEL: 'silent', ...env });
  const runtime = await boot(config);
  const app = await buildApp({ config, database: runtime.database, gazetteer: runtime.gazetteer, segmenter: runtime.segmenter, search: runtime.search, cachePollMs: 100 });
  await app.ready();
  return {
    app,
    runtime,
    config,
    dir,
    async close() {
      await app.close();
      await runtime.database.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}
