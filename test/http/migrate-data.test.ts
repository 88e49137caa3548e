// `zhaoshang migrate-data`: a real SQLite database of the app (the demo articles, their facts and
// projects, plus a row in every other table) copied into a real PostgreSQL 15 (a throwaway cluster).
// Counts and checksums equal, ids continue after the copied ones, a second run changes nothing, and
// every failure — unknown table, stale source, a failing insert, a checksum mismatch — leaves the
// target exactly as it was.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import SQLite from 'better-sqlite3';
import { sql } from 'kysely';
import { canonicalDecimal, migrateData, normalizeValue, type Report } from '../../src/cli/migrate-data.js';
import { CliError } from '../../src/cli/main.js';
import { openPostgres } from '../../src/db/dialects/postgres.js';
import { buildTestApp, tempDir } from '../helpers/app.js';
import { startPostgres, type PgCluster } from '../helpers/postgres.js';
import { fillEveryTable } from '../helpers/fill.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');

let cluster: PgCluster;
let target: ReturnType<typeof openPostgres>;
let dir: string;
let sourceFile: string;
let from: string;
let sourceCounts: Record<string, number>;
let firstArticle: { id: number; title: string; body: string };
let project: { id: number; amount_yuan: string | null; amount_num: number | null };

const DATA_TABLES_SQL = `select name from sqlite_master where type = 'table' and name not like 'sqlite_%'
  and name not like 'articles_fts%' and name not in ('schema_migrations', 'schema_migrations_lock') order by name`;

function countsOfSqlite(file: string): Record<string, number> {
  const db = new SQLite(file, { readonly: true });
  try {
    const tables = (db.prepare(DATA_TABLES_SQL).all() as { name: string }[]).map((r) => r.name);
    return Object.fromEntries(tables.map((t) => [t, (db.prepare(`select count(*) as n from "${t}"`).get() as { n: number }).n]));
  } finally {
    db.close();
  }
}

async function countsOfTarget(): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const t of Object.keys(sourceCounts)) {
    const r = await sql<{ n: string }>`select count(*) as n from ${sql.id(t)}`.execute(target.db);
    out[t] = Number(r.rows[0]?.n);
  }
  return out;
}

/** Everything on the target, for "nothing changed": every row of every table, as JSON. */
async function targetSnapshot(): Promise<string> {
  const parts: string[] = [];
  for (const t of Object.keys(sourceCounts).sort()) {
    const r = await sql<{ j: string }>`select coalesce(json_agg(x order by x::text), '[]')::text as j from ${sql.id(t)} x`.execute(target.db);
    parts.push(`${t}:${r.rows[0]?.j}`);
  }
  return parts.join('\n');
}

/** A copy of the source database to break in one way. */
function sourceCopy(name: string, change: (db: SQLite.Database) => void): string {
  const file = path.join(dir, `${name}.db`);
  fs.copyFileSync(sourceFile, file);
  const db = new SQLite(file);
  change(db);
  db.close();
  return `sqlite:${file}`;
}

async function migrate(opts: { from?: string } = {}): Promise<{ report: Report; lines: string[] }> {
  const lines: string[] = [];
  const report = await migrateData({ from: opts.from ?? from, to: cluster.url, log: (l) => lines.push(l) });
  return { report, lines };
}

async function failingMigrate(opts: { from?: string } = {}): Promise<string> {
  const lines: string[] = [];
  const err = await migrateData({ from: opts.from ?? from, to: cluster.url, log: (l) => lines.push(l) }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CliError);
  return (err as Error).message;
}

beforeAll(async () => {
  cluster = await startPostgres();
  target = openPostgres(cluster.url, { max: 2 });
  dir = tempDir('zs-migrate-data-');
  sourceFile = path.join(dir, 'source.db');
  from = `sqlite:${sourceFile}`;

  // The source: the app on SQLite with its demo data, and a row in every table the demo leaves empty.
  const t = await buildTestApp();
  try {
    const db = t.runtime.database.db;
    // More form_posts rows than one multi-row insert holds.
    firstArticle = await fillEveryTable(db, { formPosts: 1234 });
    const projects = await db.selectFrom('projects').select('id').orderBy('id').execute();
    expect(projects.length).toBeGreaterThan(1);
    const p2 = projects[1] as { id: number }; // the project fillEveryTable gave an inexact double
    // A chain of regions longer than one insert where every child sorts before its parent: the
    // copy must put parents first across batches (the target checks foreign keys per statement).
    const chain = Array.from({ length: 600 }, (_, i) => ({
      code: `49${String(i).padStart(4, '0')}`,
      name: `测试区${i}`,
      short_name: `测${i}`,
      level: 'county' as const,
      parent_code: i < 599 ? `49${String(i + 1).padStart(4, '0')}` : null,
      en_name: `Test ${i}`,
      sort_order: 10_000 + i,
    }));
    t.runtime.database.sqlite?.writer.exec('pragma foreign_keys = off');
    for (const r of chain) await db.insertInto('regions').values(r).execute();
    t.runtime.database.sqlite?.writer.exec('pragma foreign_keys = on');
    project = await db.selectFrom('projects').select(['id', 'amount_yuan', 'amount_num']).where('id', '=', p2.id).executeTakeFirstOrThrow();
    // A consistent copy of the file, then the app closes (and removes its folder).
    t.runtime.database.sqlite?.writer.exec(`vacuum into '${sourceFile.replace(/'/g, "''")}'`);
  } finally {
    await t.close();
  }
  sourceCounts = countsOfSqlite(sourceFile);
}, 120_000);

afterAll(async () => {
  await target?.close();
  cluster?.stop();
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

describe('migrate-data: SQLite → PostgreSQL', () => {
  it('the source has a row in every data table', () => {
    expect(Object.keys(sourceCounts).length).toBeGreaterThanOrEqual(25);
    for (const [table, n] of Object.entries(sourceCounts)) expect(n, table).toBeGreaterThan(0);
  });

  it('copies every table: counts, checksums, values equal; no search index state', async () => {
    const { report, lines } = await migrate();
    expect(report.unchanged).toBe(false);
    expect(report.migrated.length).toBeGreaterThanOrEqual(6);
    const siteStateSource = sourceCounts.site_state as number;
    const hasSearchKey = (() => {
      const db = new SQLite(sourceFile, { readonly: true });
      const r = db.prepare(`select 1 from site_state where key = 'search_index'`).get();
      db.close();
      return r !== undefined;
    })();
    expect(hasSearchKey).toBe(true);

    const counts = await countsOfTarget();
    expect(counts).toEqual({ ...sourceCounts, site_state: siteStateSource - 1 });
    expect(report.tables.map((t) => t.table).sort()).toEqual(Object.keys(sourceCounts).sort());
    expect(Object.fromEntries(report.tables.map((t) => [t.table, t.rows]))).toEqual({ ...sourceCounts, site_state: siteStateSource - 1 });
    // Parents before children.
    const at = (t: string) => report.tables.findIndex((x) => x.table === t);
    expect(at('regions')).toBeLessThan(at('articles'));
    expect(at('articles')).toBeLessThan(at('project_events'));
    expect(at('enterprises')).toBeLessThan(at('users'));

    expect(lines).toContain(`表 articles: ${sourceCounts.articles} 行，校验和一致 (checksum ok)`);
    expect(lines.filter((l) => l.startsWith('表 '))).toHaveLength(report.tables.length);
    expect(lines.some((l) => l.startsWith('迁移完成'))).toBe(true);
    expect(lines.some((l) => l.includes('UPLOAD_DIR'))).toBe(true);

    const a = await target.db.selectFrom('articles').select(['title', 'body']).where('id', '=', firstArticle.id).executeTakeFirstOrThrow();
    expect(a).toEqual({ title: firstArticle.title, body: firstArticle.body });
    const p = await target.db.selectFrom('projects').select(['amount_yuan', 'amount_num']).where('id', '=', project.id).executeTakeFirstOrThrow();
    expect(p).toEqual({ amount_yuan: '123456789.5', amount_num: 0.1 + 0.2 });
    expect(project.amount_yuan).toBe('123456789.5');
    const e = await target.db.selectFrom('enterprises').select('description').executeTakeFirstOrThrow();
    expect(e.description).toBe('“引号”、\\反斜杠、emoji 🚀 和\n换行');
    expect(await target.db.selectFrom('site_state').select('key').where('key', '=', 'search_index').executeTakeFirst()).toBeUndefined();
  });

  it('a second run (the CLI) finds the same data and changes nothing', async () => {
    const before = await targetSnapshot();
    const { stdout, stderr } = await run(process.execPath, [path.join(ROOT, 'bin/zhaoshang.js'), 'migrate-data', '--from', from, '--to', cluster.url], { cwd: ROOT });
    expect(stderr).toBe('');
    expect(stdout).toContain(`表 articles: ${sourceCounts.articles} 行，校验和一致 (checksum ok)`);
    expect(stdout).toContain('未作改动');
    expect(stdout).toContain('UPLOAD_DIR');
    expect(await targetSnapshot()).toBe(before);
  });

  it('new rows on the target get fresh ids; a run after target changes copies again, same result', async () => {
    const maxId = Number((await sql<{ m: number }>`select max(id) as m from articles`.execute(target.db)).rows[0]?.m);
    const r = await sql<{ id: number }>`insert into articles (import_key, content_hash, title, region_code, region_l1, body, excerpt, published_at, created_at, updated_at)
      values ('new-on-pg', 'h', '新文章', '430000', '430000', '正文', '摘要', '2024-06-01', 'now', 'now') returning id`.execute(target.db);
    expect(r.rows[0]?.id).toBe(maxId + 1);
    // Every identity sequence continues after its table's largest id.
    for (const t of ['users', 'enterprises', 'form_posts', 'projects', 'moderation_log', 'fact_corrections']) {
      const seq = (await sql<{ s: string }>`select pg_get_serial_sequence(${t}, 'id') as s`.execute(target.db)).rows[0]?.s as string;
      const st = (await sql<{ last_value: string; is_called: boolean }>`select last_value, is_called from ${sql.raw(seq)}`.execute(target.db)).rows[0];
      const max = (await sql<{ m: number }>`select max(id) as m from ${sql.id(t)}`.execute(target.db)).rows[0]?.m;
      const s = { rows: [{ next: Number(st?.last_value) + (st?.is_called ? 1 : 0), max }] };
      expect(Number(s.rows[0]?.next), t).toBe(Number(s.rows[0]?.max) + 1);
    }

    const { report } = await migrate();
    expect(report.unchanged).toBe(false);
    expect(await countsOfTarget()).toEqual({ ...sourceCounts, site_state: (sourceCounts.site_state as number) - 1 });
    expect(await target.db.selectFrom('articles').select('id').where('import_key', '=', 'new-on-pg').executeTakeFirst()).toBeUndefined();
    const again = await migrate();
    expect(again.report.unchanged).toBe(true);
    expect(again.report.tables).toEqual(report.tables);
  });

  describe('failures leave the target as it was', () => {
    let before: string;
    beforeAll(async () => {
      // The target holds a copy plus one row of its own: a run that went through would remove it.
      await target.db.insertInto('contact_messages').values({ name: '目标', organization: null, contact: 't@example.org', subject: '目标独有', message: '这行不应被删除', status: 'new', created_at: 'now', handled_at: null, handled_by: null }).execute();
      before = await targetSnapshot();
    });
    afterAll(async () => {
      expect(await targetSnapshot()).toBe(before);
    });

    it('a table the target does not have', async () => {
      const broken = sourceCopy('extra-table', (db) => db.exec(`create table extra_things (id integer primary key, x text); insert into extra_things (x) values ('a')`));
      expect(await failingMigrate({ from: broken })).toMatch(/源数据库有目标数据库没有的表：extra_things/);
      expect(await targetSnapshot()).toBe(before);
    });

    it('a table only the target has (search tables aside)', async () => {
      await sql`create table pg_only (id integer primary key)`.execute(target.db);
      try {
        expect(await failingMigrate()).toMatch(/目标数据库有源数据库没有的表：pg_only/);
      } finally {
        await sql`drop table pg_only`.execute(target.db);
      }
      expect(await targetSnapshot()).toBe(before);
    });

    it('columns that differ', async () => {
      const broken = sourceCopy('extra-column', (db) => db.exec(`alter table articles add column color text`));
      expect(await failingMigrate({ from: broken })).toMatch(/表 articles 两边的列不同：仅源有 \(source only\): color/);
    });

    it('a source whose migrations are not the latest', async () => {
      const stale = sourceCopy('stale', (db) => db.exec(`delete from schema_migrations where name = '0006_stats'`));
      expect(await failingMigrate({ from: stale })).toMatch(/源数据库结构不是最新的，缺少迁移：0006_stats/);
    });

    it('an insert that fails halfway rolls back the truncation and the tables already copied', async () => {
      await sql`create function zs_test_fail() returns trigger language plpgsql as $$ begin raise exception 'refused by test'; end $$`.execute(target.db);
      await sql`create trigger zs_test_fail before insert on project_events for each row execute function zs_test_fail()`.execute(target.db);
      try {
        const message = await failingMigrate();
        expect(message).toMatch(/复制表 project_events 时出错，已回滚/);
        expect(message).toContain('refused by test');
      } finally {
        await sql`drop trigger zs_test_fail on project_events`.execute(target.db);
        await sql`drop function zs_test_fail()`.execute(target.db);
      }
      expect(await targetSnapshot()).toBe(before);
    });

    it('a value that arrives changed fails the checksum and rolls back', async () => {
      await sql`create function zs_test_alter() returns trigger language plpgsql as $$ begin new.en_name := new.en_name || ' '; return new; end $$`.execute(target.db);
      await sql`create trigger zs_test_alter before insert on regions for each row execute function zs_test_alter()`.execute(target.db);
      try {
        expect(await failingMigrate()).toMatch(/表 regions 校验和不一致.*已回滚/);
      } finally {
        await sql`drop trigger zs_test_alter on regions`.execute(target.db);
        await sql`drop function zs_test_alter()`.execute(target.db);
      }
      expect(await targetSnapshot()).toBe(before);
    });

    it('bad arguments: a missing file, a wrong URL', async () => {
      expect(await failingMigrate({ from: `sqlite:${path.join(dir, 'nope.db')}` })).toMatch(/找不到源数据库文件/);
      expect(fs.existsSync(path.join(dir, 'nope.db'))).toBe(false);
      expect(await failingMigrate({ from: sourceFile })).toMatch(/--from 应为 sqlite:文件路径/);
      await expect(migrateData({ from, to: 'mysql://x', log: () => {} })).rejects.toThrow(/--to 应为 postgres:\/\//);
    });
  });
});

describe('the command line', () => {
  it('prints the usage and exits 1 without --from/--to', async () => {
    const err = await run(process.execPath, [path.join(ROOT, 'bin/zhaoshang.js'), 'migrate-data', '--from', 'sqlite:x.db'], { cwd: ROOT }).then(
      () => null,
      (e: unknown) => e as { code: number; stderr: string; stdout: string },
    );
    expect(err?.code).toBe(1);
    expect(err?.stderr).toContain('migrate-data 需要 --from 和 --to');
    expect(err?.stderr).toContain('用法 (usage)');
    expect(err?.stderr).toContain('zhaoshang migrate-data --from sqlite:FILE --to postgres://');
  });
});

describe('value normalisation', () => {
  it('one text for a value whichever engine returned it', () => {
    expect(normalizeValue(5, true)).toBe('5');
    expect(normalizeValue(5n, true)).toBe('5');
    expect(normalizeValue('5', true)).toBe('5');
    expect(normalizeValue('1.50', true)).toBe('1.5');
    expect(normalizeValue(1e21, true)).toBe('1000000000000000000000');
    expect(normalizeValue(1e-7, true)).toBe('0.0000001');
    expect(normalizeValue(-0, true)).toBe('0');
    expect(normalizeValue(true, true)).toBe('1');
    expect(normalizeValue(null, true)).toBeNull();
    expect(normalizeValue('007', false)).toBe('007');
    expect(canonicalDecimal('-000.0')).toBe('0');
    expect(canonicalDecimal('abc')).toBeNull();
  });
});
