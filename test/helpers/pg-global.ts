// vitest globalSetup for the PostgreSQL projects (http-pg, e2e-pg): one throwaway cluster for the
// run; each test app gets its own database in it (test/helpers/db.ts).
import type { TestProject } from 'vitest/node';
import { startPostgres } from './postgres.js';

declare module 'vitest' {
  export interface ProvidedContext {
    pgUrl: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const cluster = await startPostgres();
  project.provide('pgUrl', cluster.url);
  return () => cluster.stop();
}
