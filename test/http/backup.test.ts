// `zhaoshang backup` / `zhaoshang restore`: round trips on a real SQLite file (backed up while another
// process keeps writing to it) and on a real PostgreSQL 15 (a throwaway cluster). The database holds
// the demo articles, their facts and projects, and a row in every other table; after the backup it is
// changed (articles deleted, rows added), restored, and EVERY table — search tables and migration
// bookkeeping included — compared with the state at backup time, independently of the code under
// test. Then the app boots on the restored database and finds 桃源 again. Refusals (a non-empty
// target without --yes, a truncated or damaged file) change nothing.
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import SQLite from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/app.js';
import { boot, type Runtime } from '../../src/boot.js';
import { backupDatabase, manifestPath, restoreDatabase, type Manifest } from '../../src/cli/backup.js';
import { CliError } from '../../src/cli/cli-error.js';
import { loadConfig } from '../../src/config.js';
import type { DB } from '../../src/db/schema.js';
import { insertUser } from '../../src/features/auth/repository.js';
import { buildTestApp, tempDir, type TestApp } from '../helpers/app.js';
import { startPostgres, withPgClient, type PgCluster } from '../helpers/postgres.js';
import { fillEveryTable } from '../helpers/fill.js';

const exec = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const BIN = path.join(ROOT, 'bin/zhaoshang.js');
const TAOYUAN = '桃源县网络签约';

/** The CLI as a user runs it; resolves with its output whatever the exit code. */
async function cli(args: string[], databaseUrl: string, cwd = ROOT): Promise<{ code: number; stdout: string; stderr: string }> {
  return exec(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, DATABASE_URL: databaseUrl } }).then(
    (r) => ({ code: 0, stdout: r.stdout, stderr: r.stderr }),
    (e: { code: number; stdout: string; stderr: string }) => ({ code: e.code, stdout: e.stdout, stderr: e.stderr }),
  );
}

async function refusal(p: Promise<unknown>): Promise<string> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(CliError);
  return (err as Error).message;
}

const digest = (lines: string[]) => `${lines.length}:${createHash('sha256').update(lines.sort().join('\n')).digest('hex')}`;

/** Every table of a SQLite file (FTS5 and its shadow tables, schema_migrations too): rows + a hash of all of them. */
function sqliteSnapshot(file: string): Record<string, string> {
  const db = new SQLite(file, { readonly: true, fileMustExist: true });
  try {
    const tables = (db.prepare(`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name`).all() as { name: string }[]).map((r) => r.name);
    return Object.fromEntries(tables.map((t) => [t, digest((db.prepare(`select * from "${t}"`).raw(true).all() as unknown[][]).map((r) => JSON.stringify(r)))]));
  } finally {
    db.close();
  }
}

const onPg = withPgClient;

/** Every base table of a PostgreSQL database (articles_search, schema_migrations too). */
async function pgSnapshot(url: string): Promise<Record<string, string>> {
  return onPg(url, async (c) => {
    const tables = (await c.query<{ t: string }>(`select table_name as t from information_schema.tables where table_schema = current_schema() and table_type = 'BASE TABLE' order by 1`)).rows.map((r) => r.t);
    const out: Record<string, string> = {};
    for (const t of tables) {
      const rows = (await c.query<{ j: string }>(`select row_to_json(x)::text as j from "${t}" x`)).rows.map((r) => r.j);
      out[t] = digest(rows);
    }
    return out;
  });
}

const rowsOf = (snap: Record<string, string>, table: string) => Number(snap[table]?.split(':')[0]);


/** Deletes articles with everything that refers to them (their projects too), and their index entries. */
async function deleteArticles(rt: Runtime, ids: number[]): Promise<void> {
  await rt.database.db.transaction().execute(async (trx) => {
    for (const id of ids) await rt.search.remove(trx, id);
    const projectIds = (await trx.selectFrom('projects').select('id').where('article_id', 'in', ids).execute()).map((r) => r.id);
    if (projectIds.length) {
      await trx.updateTable('projects').set({ parent_id: null }).where('parent_id', 'in', projectIds).execute();
      await trx.deleteFrom('project_members').where((eb) => eb.or([eb('parent_id', 'in', projectIds), eb('project_id', 'in', projectIds)])).execute();
      await trx.deleteFrom('project_sectors').where('project_id', 'in', projectIds).execute();
      await trx.deleteFrom('project_events').where('project_id', 'in', projectIds).execute();
    }
    await trx.deleteFrom('project_events').where('article_id', 'in', ids).execute();
    if (projectIds.length) await trx.deleteFrom('projects').where('id', 'in', projectIds).execute();
    await trx.deleteFrom('article_facts').where('article_id', 'in', ids).execute();
    await trx.deleteFrom('fact_corrections').where('article_id', 'in', ids).execute();
    await trx.updateTable('submissions').set({ article_id: null }).where('article_id', 'in', ids).execute();
    await trx.updateTable('company_posts').set({ article_id: null }).where('article_id', 'in', ids).execute();
    await trx.deleteFrom('articles').where('id', 'in', ids).execute();
  });
}

/** Changes after the backup: the 桃源 article and another deleted, rows added. Returns the 桃源 article's id. */
async function changeEverything(rt: Runtime): Promise<number> {
  const db = rt.database.db;
  const taoyuan = (await db.selectFrom('articles').select('id').where('title', 'like', `%${TAOYUAN}%`).executeTakeFirstOrThrow()).id;
  const other = (await db.selectFrom('articles').select('id').where('id', '<>', taoyuan).orderBy('id', 'desc').executeTakeFirstOrThrow()).id;
  await deleteArticles(rt, [taoyuan, other]);
  await db.insertInto('contact_messages').values({ name: '备份之后', organization: null, contact: 'after@example.org', subject: '备份后新增', message: '恢复后不应存在', status: 'new', created_at: 'now', handled_at: null, handled_by: null }).execute();
  await insertUser(db, { email: 'after@example.org', passwordHash: 'x', role: 'editor', name: '后来的编辑' });
  expect(await db.selectFrom('articles').select('id').where('id', '=', taoyuan).executeTakeFirst()).toBeUndefined();
  return taoyuan;
}

/** The app on a restored database: boots, finds 桃源, shows the article. */
async function appServes(databaseUrl: string, dir: string, taoyuanId: number): Promise<void> {
  const config = loadConfig({ DATABASE_URL: databaseUrl, LOG_LEVEL: 'silent', UPLOAD_DIR: path.join(dir, 'uploads') });
  const rt = await boot(config);
  const app = await buildApp({ config, ...rt, cachePollMs: 100 });
  try {
    await app.ready();
    expect(rt.migrated).toEqual([]);
    // The index came back with the data: nothing was rebuilt at start.
    expect(rt.reindexed).toBeNull();
    const search = await app.inject({ url: `/search?q=${encodeURIComponent('桃源')}` });
    expect(search.statusCode).toBe(200);
    expect(search.body).toContain(`href="/articles/${taoyuanId}"`);
    const page = await app.inject({ url: `/articles/${taoyuanId}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain(TAOYUAN);
  } finally {
    await app.close();
    await rt.database.close();
  }
}

function readManifest(file: string): Manifest {
  return JSON.parse(fs.readFileSync(manifestPath(file), 'utf8')) as Manifest;
}

/** A copy of a backup and its manifest, broken by `change`; `fixManifest`: size and SHA-256 made to match. */
function brokenCopy(file: string, name: string, change: (bytes: Buffer) => Buffer, fixManifest: boolean): string {
  const out = path.join(path.dirname(file), name);
  const bytes = change(fs.readFileSync(file));
  fs.writeFileSync(out, bytes);
  const m = readManifest(file);
  fs.writeFileSync(manifestPath(out), JSON.stringify(fixManifest ? { ...m, bytes: bytes.length, sha256: createHash('sha256').update(bytes).digest('hex') } : m));
  return out;
}

const truncate = (bytes: Buffer) => bytes.subarray(0, Math.floor(bytes.length / 2));
/** Garbage over most of the file (the header kept), the length kept. */
function scribble(bytes: Buffer): Buffer {
  const b = Buffer.from(bytes);
  for (let i = Math.floor(b.length * 0.1); i < Math.floor(b.length * 0.9); i += 1) b[i] = (i * 131) & 0xff;
  return b;
}

// ---------------------------------------------------------------------------------------------

describe('SQLite: backup while writing, restore, compare every table', () => {
  let t: TestApp;
  let dir: string;
  let dbFile: string;
  let url: string;
  let backupFile: string;
  let atBackup: Record<string, string>;
  let changed: Record<string, string>;
  let taoyuanId: number;
  let writer: ChildProcess | null = null;

  beforeAll(async () => {
    t = await buildTestApp();
    dir = tempDir('zs-backup-');
    url = t.databaseUrl;
    dbFile = url.slice('sqlite:'.length);
    await fillEveryTable(t.runtime.database.db);
  }, 120_000);

  let appClosed = false;

  afterAll(async () => {
    writer?.kill('SIGKILL');
    if (appClosed) fs.rmSync(t.dir, { recursive: true, force: true });
    else await t?.close();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('backs up online: another process writes throughout; the copy is one consistent moment', async () => {
    // A second process commits a row after row into form_posts until told to stop.
    const script = `
      const SQLite = require('better-sqlite3');
      const db = new SQLite(process.env.ZS_FILE);
      db.pragma('journal_mode = WAL'); db.pragma('synchronous = NORMAL'); db.pragma('busy_timeout = 5000');
      const ins = db.prepare("insert into form_posts (ip_hash, form, at) values (?, 'background', ?)");
      let n = 0, stop = false;
      process.on('SIGTERM', () => { stop = true; });
      (function loop() {
        for (let i = 0; i < 5; i++) ins.run('w' + n++, new Date().toISOString());
        if (n === 50) process.stdout.write('ready\\n');
        if (stop) { db.close(); process.stdout.write('stopped ' + n + '\\n'); process.exit(0); }
        setTimeout(loop, 1);
      })();`;
    const child = spawn(process.execPath, ['-e', script], { cwd: ROOT, env: { ...process.env, ZS_FILE: dbFile }, stdio: ['ignore', 'pipe', 'inherit'] });
    writer = child;
    let out = '';
    child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
    await expect.poll(() => out, { timeout: 20_000 }).toContain('ready');
    const written = () => {
      const db = new SQLite(dbFile, { readonly: true });
      try {
        return (db.prepare(`select count(*) as n from form_posts where form = 'background'`).get() as { n: number }).n;
      } finally {
        db.close();
      }
    };
    const before = written();

    // The CLI, with no --out: ./data/backups/zhaoshang-YYYYMMDD-HHMMSS.db under its working folder.
    const r = await cli(['backup'], url, dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const after = written();
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
    writer = null;
    expect(out).toMatch(/stopped \d+/);

    const files = fs.readdirSync(path.join(dir, 'data', 'backups'));
    const name = files.find((f) => /^zhaoshang-\d{8}-\d{6}\.db$/.test(f));
    expect(name, files.join(', ')).toBeDefined();
    backupFile = path.join(dir, 'data', 'backups', name as string);
    expect(files.sort()).toEqual([name, `${name}.json`].sort());
    expect(r.stdout).toContain(`备份完成 (backup written): ${backupFile}`);
    expect(r.stdout).toMatch(/articles\s+\d+ 行/);
    expect(r.stdout).toContain('UPLOAD_DIR');

    // The copy: integrity ok, one self-contained file, the writer's rows up to one moment.
    const copy = new SQLite(backupFile, { readonly: true });
    try {
      expect(copy.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(copy.pragma('journal_mode', { simple: true })).toBe('delete');
      const inCopy = copy.prepare(`select count(*) as n, max(id) as m from form_posts where form = 'background'`).get() as { n: number; m: number };
      expect(inCopy.n).toBeGreaterThanOrEqual(before);
      expect(inCopy.n).toBeLessThanOrEqual(after);
      expect(after).toBeGreaterThan(before);
      // No gaps: every row the writer committed up to the copy's last one is in it.
      const source = new SQLite(dbFile, { readonly: true });
      const upTo = (source.prepare(`select count(*) as n from form_posts where id <= ?`).get(inCopy.m) as { n: number }).n;
      source.close();
      expect((copy.prepare(`select count(*) as n from form_posts`).get() as { n: number }).n).toBe(upTo);
    } finally {
      copy.close();
    }
    atBackup = sqliteSnapshot(backupFile);
    // Apart from the writer's table, the source is what the copy holds.
    const now = sqliteSnapshot(dbFile);
    expect({ ...now, form_posts: '' }).toEqual({ ...atBackup, form_posts: '' });

    // The manifest: engine, migrations, size, SHA-256, and every data table with its count.
    const m = readManifest(backupFile);
    expect(m).toMatchObject({ format: 'zhaoshang-backup', engine: 'sqlite', file: name, bytes: fs.statSync(backupFile).size });
    expect(m.sha256).toBe(createHash('sha256').update(fs.readFileSync(backupFile)).digest('hex'));
    expect(m.migrations.length).toBeGreaterThanOrEqual(8);
    expect(m.tables.length).toBeGreaterThanOrEqual(25);
    for (const table of m.tables) {
      expect(table.rows, table.table).toBe(table.table === 'site_state' ? rowsOf(atBackup, 'site_state') - 1 : rowsOf(atBackup, table.table));
      expect(table.rows, `${table.table} has rows`).toBeGreaterThan(0);
      expect(table.checksum).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('the database changes after the backup; then the server stops', async () => {
    taoyuanId = await changeEverything(t.runtime);
    await t.app.close();
    await t.runtime.database.close();
    appClosed = true;
    changed = sqliteSnapshot(dbFile);
    expect(changed).not.toEqual(atBackup);
    expect(rowsOf(changed, 'articles')).toBe(rowsOf(atBackup, 'articles') - 2);
  });

  it('without --yes a non-empty target is refused and left alone', async () => {
    const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' });
    const message = await refusal(restoreDatabase(config, { file: backupFile, log: () => {} }));
    expect(message).toContain(`目标数据库 sqlite:${dbFile} 不是空的`);
    expect(message).toMatch(/共 \d+ 行（文章 \d+ 篇、账号 \d+ 个/);
    expect(message).toContain('--yes');
    expect(sqliteSnapshot(dbFile)).toEqual(changed);
  });

  it('a truncated or damaged backup is refused, even with --yes, and nothing changes', async () => {
    const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' });
    const truncated = brokenCopy(backupFile, 'truncated.db', truncate, false);
    expect(await refusal(restoreDatabase(config, { file: truncated, yes: true, log: () => {} }))).toMatch(/备份文件不完整或已损坏.*未作任何改动/);
    // Damaged, with a manifest that matches the damaged bytes: SQLite's own checks and the table checksums catch it.
    const damaged = brokenCopy(backupFile, 'damaged.db', scribble, true);
    expect(await refusal(restoreDatabase(config, { file: damaged, yes: true, log: () => {} }))).toMatch(/(完整性检查|不是有效的 SQLite|与清单不一致)[^]*未作任何改动/);
    // Not a database at all.
    const junk = brokenCopy(backupFile, 'junk.db', (b) => Buffer.alloc(b.length, 7), true);
    expect(await refusal(restoreDatabase(config, { file: junk, yes: true, log: () => {} }))).toMatch(/不是有效的 SQLite 数据库[^]*未作任何改动/);
    // No manifest.
    const bare = path.join(dir, 'bare.db');
    fs.copyFileSync(backupFile, bare);
    expect(await refusal(restoreDatabase(config, { file: bare, yes: true, log: () => {} }))).toContain('找不到备份清单');
    expect(sqliteSnapshot(dbFile)).toEqual(changed);
    expect(fs.readdirSync(path.dirname(dbFile)).filter((f) => f.includes('.restore-'))).toEqual([]);
  });

  it('restore --yes (the CLI) brings back every table as it was at backup time; the app boots on it', async () => {
    const r = await cli(['restore', backupFile, '--yes'], url);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('恢复完成 (restored)');
    expect(r.stdout).toContain('行数和校验和与备份清单一致');
    expect(sqliteSnapshot(dbFile)).toEqual(atBackup);
    await appServes(url, dir, taoyuanId);
  });

  it('an empty target needs no --yes', async () => {
    const fresh = path.join(dir, 'fresh', 'zhaoshang.db');
    const lines: string[] = [];
    await restoreDatabase(loadConfig({ DATABASE_URL: `sqlite:${fresh}`, LOG_LEVEL: 'silent' }), { file: backupFile, log: (l) => lines.push(l) });
    expect(lines.some((l) => l.includes('行数和校验和与备份清单一致'))).toBe(true);
    expect(sqliteSnapshot(fresh)).toEqual(atBackup);
  });

  it('a backup is never written over an existing file, and a failed one leaves nothing', async () => {
    const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' });
    expect(await refusal(backupDatabase(config, { out: backupFile, log: () => {} }))).toContain('备份文件已存在');
    const missing = loadConfig({ DATABASE_URL: `sqlite:${path.join(dir, 'nope.db')}`, LOG_LEVEL: 'silent' });
    const out = path.join(dir, 'failed', 'x.db');
    expect(await refusal(backupDatabase(missing, { out, log: () => {} }))).toContain('找不到数据库文件');
    expect(fs.readdirSync(path.dirname(out))).toEqual([]);
  });
});

// ---------------------------------------------------------------------------------------------

describe('PostgreSQL: pg_dump, pg_restore in one transaction, compare every table', () => {
  let cluster: PgCluster;
  let dir: string;
  let url: string;
  /** The same database with a password in the URL (trust auth ignores it): it must never be printed. */
  let urlWithPassword: string;
  let backupFile: string;
  let atBackup: Record<string, string>;
  let changed: Record<string, string>;
  let taoyuanId: number;
  const SECRET = 'zs-very-secret-pw';

  beforeAll(async () => {
    cluster = await startPostgres();
    url = cluster.url;
    const u = new URL(url);
    u.password = SECRET;
    urlWithPassword = u.toString();
    dir = tempDir('zs-backup-pg-');
    const rt = await boot(loadConfig({ DATABASE_URL: url, AUTO_MIGRATE: 'true', LOG_LEVEL: 'silent', UPLOAD_DIR: path.join(dir, 'uploads') }));
    try {
      await fillEveryTable(rt.database.db);
    } finally {
      await rt.database.close();
    }
  }, 120_000);

  afterAll(() => {
    cluster?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  it('backs up with pg_dump -Fc (the CLI), never printing the password', async () => {
    backupFile = path.join(dir, 'site.dump');
    const r = await cli(['backup', '--out', backupFile], urlWithPassword);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
    expect(r.stdout).toContain(`备份完成 (backup written): ${backupFile}`);
    expect(fs.readFileSync(backupFile).subarray(0, 5).toString()).toBe('PGDMP');
    expect(fs.readFileSync(manifestPath(backupFile), 'utf8')).not.toContain(SECRET);
    expect(fs.readdirSync(dir).filter((f) => f.includes('partial'))).toEqual([]);
    atBackup = await pgSnapshot(url);
    expect(Object.keys(atBackup)).toContain('articles_search');
    const m = readManifest(backupFile);
    expect(m).toMatchObject({ engine: 'postgres', file: 'site.dump', bytes: fs.statSync(backupFile).size });
    expect(m.migrations.length).toBeGreaterThanOrEqual(8);
    expect(m.tables.length).toBeGreaterThanOrEqual(25);
    for (const table of m.tables) {
      expect(table.rows, table.table).toBe(table.table === 'site_state' ? rowsOf(atBackup, 'site_state') - 1 : rowsOf(atBackup, table.table));
      expect(table.rows, `${table.table} has rows`).toBeGreaterThan(0);
    }
  });

  it('the database changes after the backup', async () => {
    const rt = await boot(loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent', UPLOAD_DIR: path.join(dir, 'uploads') }));
    try {
      taoyuanId = await changeEverything(rt);
    } finally {
      await rt.database.close();
    }
    changed = await pgSnapshot(url);
    expect(changed).not.toEqual(atBackup);
  });

  it('without --yes a non-empty target is refused and left alone', async () => {
    const message = await refusal(restoreDatabase(loadConfig({ DATABASE_URL: urlWithPassword, LOG_LEVEL: 'silent' }), { file: backupFile, log: () => {} }));
    expect(message).toContain('不是空的');
    expect(message).toContain('--yes');
    expect(message).not.toContain(SECRET);
    expect(await pgSnapshot(url)).toEqual(changed);
  });

  it('a truncated or damaged dump is refused, even with --yes, and nothing changes', async () => {
    const config = loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' });
    const truncated = brokenCopy(backupFile, 'truncated.dump', truncate, false);
    expect(await refusal(restoreDatabase(config, { file: truncated, yes: true, log: () => {} }))).toMatch(/备份文件不完整或已损坏.*未作任何改动/);
    // Cut short with a manifest that matches: pg_restore fails partway, and its one transaction rolls back.
    const cut = brokenCopy(backupFile, 'cut.dump', (b) => b.subarray(0, Math.floor(b.length * 0.7)), true);
    expect(await refusal(restoreDatabase(config, { file: cut, yes: true, log: () => {} }))).toMatch(/(已整体回滚，目标数据库未改动|不是完整的 pg_dump 归档)/);
    const junk = brokenCopy(backupFile, 'junk.dump', (b) => Buffer.alloc(b.length, 7), true);
    expect(await refusal(restoreDatabase(config, { file: junk, yes: true, log: () => {} }))).toContain('不是完整的 pg_dump 归档');
    expect(await pgSnapshot(url)).toEqual(changed);
  });

  it('a SQLite backup is not restored into PostgreSQL', async () => {
    const fake = path.join(dir, 'other.db');
    fs.writeFileSync(fake, 'x');
    fs.writeFileSync(manifestPath(fake), JSON.stringify({ ...readManifest(backupFile), engine: 'sqlite', bytes: 1, sha256: createHash('sha256').update('x').digest('hex') }));
    expect(await refusal(restoreDatabase(loadConfig({ DATABASE_URL: url, LOG_LEVEL: 'silent' }), { file: fake, yes: true, log: () => {} }))).toContain('不能跨数据库恢复');
  });

  it('restore --yes (the CLI) brings back every table as it was at backup time; the app boots on it', async () => {
    const r = await cli(['restore', backupFile, '--yes'], urlWithPassword);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(`${r.stdout}${r.stderr}`).not.toContain(SECRET);
    expect(r.stdout).toContain('行数和校验和与备份清单一致');
    expect(await pgSnapshot(url)).toEqual(atBackup);
    // Ids continue after the restored ones.
    const id = await onPg(url, async (c) => (await c.query<{ id: number }>(`insert into contact_messages (name, contact, subject, message, status, created_at) values ('新', 'n@example.org', '恢复后', '新留言', 'new', 'now') returning id`)).rows[0]?.id);
    const max = await onPg(url, async (c) => (await c.query<{ m: number }>(`select max(id) as m from contact_messages where subject <> '恢复后'`)).rows[0]?.m);
    expect(id).toBe(Number(max) + 1);
    await onPg(url, (c) => c.query(`delete from contact_messages where subject = '恢复后'`));
    await appServes(url, dir, taoyuanId);
  });

  it('into a new, empty database: no --yes needed', async () => {
    await onPg(url, (c) => c.query('create database restored'));
    const u = new URL(url);
    u.pathname = '/restored';
    const lines: string[] = [];
    await restoreDatabase(loadConfig({ DATABASE_URL: u.toString(), LOG_LEVEL: 'silent' }), { file: backupFile, log: (l) => lines.push(l) });
    expect(lines.some((l) => l.includes('行数和校验和与备份清单一致'))).toBe(true);
    expect(await pgSnapshot(u.toString())).toEqual(atBackup);
  });
});

describe('the command line', () => {
  it('prints the usage and exits 1 for missing or unknown arguments', async () => {
    const url = `sqlite:${path.join(tempDir('zs-backup-cli-'), 'x.db')}`;
    const missing = await cli(['restore'], url);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('restore 需要一个备份文件');
    expect(missing.stderr).toContain('用法 (usage)');
    expect(missing.stderr).toContain('zhaoshang backup [--out FILE]');
    expect(missing.stderr).toContain('zhaoshang restore FILE [--yes]');
    const unknown = await cli(['backup', '--to', 'x'], url);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain('用法 (usage)');
    const noFile = await cli(['restore', '/nonexistent/backup.db'], url);
    expect(noFile.code).toBe(1);
    expect(noFile.stderr).toContain('找不到备份文件');
  });
});
