// The database a test app runs on: a SQLite file in the test's folder, or — in the PostgreSQL
// projects (ZS_TEST_DB=postgres) — a fresh database in the run's throwaway cluster.
import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type pg from 'pg';
import { inject } from 'vitest';
import { withPgClient } from './postgres.js';

export type TestDialect = 'sqlite' | 'postgres';
export const testDialect: TestDialect = process.env.ZS_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';

export interface TestDatabase {
  readonly url: string;
  drop(): Promise<void>;
}

function admin<T>(run: (c: pg.Client) => Promise<T>): Promise<T> {
  return withPgClient(inject('pgUrl'), run);
}

/** A new, empty database: `dir` holds the SQLite file. */
export async function freshDatabase(dir: string, name = 'test'): Promise<TestDatabase> {
  if (testDialect === 'sqlite') return { url: `sqlite:${path.join(dir, `${name}.db`)}`, drop: async () => {} };
  const db = `zs_${name.replace(/\W/g, '_')}_${randomBytes(5).toString('hex')}`;
  await admin((c) => c.query(`create database ${db}`));
  const url = new URL(inject('pgUrl'));
  url.pathname = `/${db}`;
  return { url: url.toString(), drop: () => admin(async (c) => void (await c.query(`drop database if exists ${db} with (force)`))) };
}
