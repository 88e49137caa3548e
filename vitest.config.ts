import { defineConfig } from 'vitest/config';

// The HTTP and browser suites run twice: on SQLite (the default) and on PostgreSQL 15 (the *-pg
// projects: one throwaway cluster per run, a database per test app). Files that choose their
// engines themselves run once, in the first projects.
const SQLITE_ONLY = ['test/http/schema.test.ts', 'test/http/postgres-schema.test.ts', 'test/http/migrate-data.test.ts', 'test/http/read-routing.test.ts', 'test/http/shared-limits.test.ts', 'test/http/backup.test.ts', 'test/http/storage-faults.test.ts'];
const onPostgres = { env: { ZS_TEST_DB: 'postgres' }, globalSetup: ['test/helpers/pg-global.ts'] };

export default defineConfig({
  test: {
    reporters: ['default'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'http', include: ['test/http/**/*.test.ts'] } },
      { extends: true, test: { name: 'http-pg', include: ['test/http/**/*.test.ts'], exclude: SQLITE_ONLY, ...onPostgres } },
      // One browser at a time: the machine has two cores.
      { extends: true, test: { name: 'e2e', include: ['test/e2e/**/*.test.ts'], fileParallelism: false, testTimeout: 60_000 } },
      { extends: true, test: { name: 'e2e-pg', include: ['test/e2e/**/*.test.ts'], fileParallelism: false, testTimeout: 60_000, ...onPostgres } },
      // Seeded hostile input over every form and API route, then the stored payloads in Chromium
      // (1,500 requests here; `npm run test:fuzz` runs 10,000).
      { extends: true, test: { name: 'fuzz', include: ['test/fuzz/**/*.test.ts'], fileParallelism: false, testTimeout: 900_000, hookTimeout: 120_000, env: { FUZZ_SHORT: '1' } } },
      // Processes and clusters of their own: nginx, two instances, a PostgreSQL primary and a
      // streaming replica (docs/DEPLOY.md §9); PostgreSQL made read-only and out of disk (pg-faults).
      { extends: true, test: { name: 'cluster', include: ['test/cluster/**/*.test.ts'], fileParallelism: false, testTimeout: 120_000, hookTimeout: 180_000 } },
    ],
  },
});
