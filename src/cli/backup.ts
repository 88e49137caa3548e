// `zhaoshang backup [--out FILE]` and `zhaoshang restore FILE [--yes]`.
//
// Backup, online (the server may keep writing):
//   SQLite      better-sqlite3's backup API (the online backup API of SQLite) copies the database in
//               one step, i.e. one read snapshot (WAL: writers go on meanwhile); the copy is switched
//               to a rollback journal (one self-contained file) and must pass `pragma integrity_check`.
//   PostgreSQL  `pg_dump -Fc` reading a snapshot exported by our own repeatable-read transaction, so
//               the manifest's counts and checksums describe exactly what the dump holds.
// Every backup is written under a temporary name and renamed when complete (manifest first, the
// data file last): a failed backup never leaves a file that looks complete. The manifest (FILE.json)
// holds the engine, the migrations applied, the file's size and SHA-256, and per data table its row
// count and checksum (the functions of migrate-data.ts).
//
// Restore (stop the server first: it is not coordinated with a running one):
//   The file must match its manifest (size, SHA-256) before anything is touched; a target that is
//   not empty is replaced only with --yes.
//   SQLite      copy to a temporary file next to the target, integrity_check, counts and checksums
//               against the manifest, remove the target's -wal/-shm/-journal, rename over the target.
//   PostgreSQL  `pg_restore --clean --if-exists --no-owner --single-transaction`: all or nothing.
//   Afterwards the restored database's counts and checksums are compared with the manifest again.
//
// The search index: SQLite's FTS5 tables are inside the file; PostgreSQL's articles_search is in the
// dump. Uploaded files (UPLOAD_DIR) are not in the database and not in the backup.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import SQLite from 'better-sqlite3';
import { sql, type Transaction } from 'kysely';
import { z } from 'zod';
import { loadConfig, type Config } from '../config.js';
import { openDatabase, type Database } from '../db/database.js';
import { pendingMigrations } from '../db/migrate.js';
import type { DB } from '../db/schema.js';
import { CliError } from './cli-error.js';
import {
  connectPostgres,
  isPgSearch,
  MIGRATION_TABLES,
  pgChecksum,
  pgColumns,
  pgTables,
  redact,
  sourceRows,
  sqliteTableInfo,
  sqliteTables,
  TableHash,
  type TablePlan,
} from './migrate-data.js';

export interface TableStat {
  readonly table: string;
  readonly rows: number;
  /** SHA-256 (hex) of the table's rows in primary-key order (site_state: without search_index). */
  readonly checksum: string;
}

const manifestSchema = z.object({
  format: z.literal('zhaoshang-backup'),
  version: z.literal(1),
  createdAt: z.string(),
  engine: z.enum(['sqlite', 'postgres']),
  /** The data file's name (the manifest sits next to it). */
  file: z.string(),
  bytes: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  /** schema_migrations at backup time. */
  migrations: z.array(z.string()),
  tables: z.array(z.object({ table: z.string(), rows: z.number().int().nonnegative(), checksum: z.string() })),
});
export type Manifest = z.infer<typeof manifestSchema>;

type Log = (line: string) => void;

function fail(message: string): never {
  throw new CliError(message);
}

/** The manifest of a backup file: FILE.json. */
export const manifestPath = (file: string) => `${file}.json`;

// ---------------------------------------------------------------------------------------------
// Counts and checksums of every data table (the tables migrate-data copies), on either engine.

interface Contents {
  readonly migrations: string[];
  readonly tables: TableStat[];
}

/** One SQLite connection's view, in one read transaction. `checksums: false`: counts only. */
function sqliteContents(conn: SQLite.Database, checksums = true): Contents {
  conn.exec('begin');
  try {
    const names = sqliteTables(conn);
    const migrations = migrationNames(conn);
    const tables = names.map((table): TableStat => {
      if (!checksums) return { table, rows: Number((conn.prepare(`select count(*) as n from ${quoteId(table)}`).get() as { n: number }).n), checksum: '' };
      const info = sqliteTableInfo(conn, table);
      const columns = [...info.columns].sort();
      const plan: TablePlan = {
        name: table,
        columns: columns.map((name) => ({ name, pgType: '' })),
        orderBy: info.pk.length ? info.pk : columns,
        selfRefs: [],
        hasIdentity: false,
      };
      const hash = new TableHash(columns.map(() => false));
      for (const row of sourceRows(conn, plan)) hash.add(row);
      return { table, rows: hash.rows, checksum: hash.digest() };
    });
    return { migrations, tables };
  } finally {
    if (conn.inTransaction) conn.exec('commit');
  }
}

function hasTable(conn: SQLite.Database, name: string): boolean {
  return conn.prepare(`select 1 from sqlite_master where type = 'table' and name = ?`).get(name) !== undefined;
}

function migrationNames(conn: SQLite.Database): string[] {
  if (!hasTable(conn, 'schema_migrations')) return [];
  return (conn.prepare(`select name from schema_migrations order by name`).all() as { name: string }[]).map((r) => r.name);
}

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Inside a PostgreSQL transaction (repeatable read: one snapshot for every table). */
async function pgContents(trx: Transaction<DB>, checksums = true): Promise<Contents> {
  const all = await pgTables(trx);
  const names = all.filter((t) => !isPgSearch(t) && !MIGRATION_TABLES.has(t));
  const migrations = all.includes('schema_migrations')
    ? (await sql<{ name: string }>`select name from schema_migrations order by name`.execute(trx)).rows.map((r) => r.name)
    : [];
  if (!checksums) {
    const tables: TableStat[] = [];
    for (const table of names) {
      const r = await sql<{ n: string }>`select count(*) as n from ${sql.id(table)}`.execute(trx);
      tables.push({ table, rows: Number(r.rows[0]?.n ?? 0), checksum: '' });
    }
    return { migrations, tables };
  }
  const cols = await pgColumns(trx);
  const pk = new Map<string, string[]>();
  const pkRows = await sql<{ table_name: string; column_name: string }>`
    select tc.table_name, kcu.column_name from information_schema.table_constraints tc
    join information_schema.key_column_usage kcu
      on kcu.constraint_name = tc.constraint_name and kcu.table_schema = tc.table_schema and kcu.table_name = tc.table_name
    where tc.table_schema = current_schema() and tc.constraint_type = 'PRIMARY KEY'
    order by tc.table_name, kcu.ordinal_position`.execute(trx);
  for (const r of pkRows.rows) pk.set(r.table_name, [...(pk.get(r.table_name) ?? []), r.column_name]);
  const tables: TableStat[] = [];
  for (const table of names) {
    const columns = (cols.get(table) ?? []).map((c) => ({ name: c.name, pgType: c.type })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    const plan: TablePlan = { name: table, columns, orderBy: pk.get(table) ?? columns.map((c) => c.name), selfRefs: [], hasIdentity: false };
    const got = await pgChecksum(trx, plan);
    tables.push({ table, ...got });
  }
  return { migrations, tables };
}

/** The database's contents through the app's own connection (after a restore, or to see what a restore replaces). */
async function contentsOf(database: Database, checksums: boolean): Promise<Contents> {
  if (database.sqlite) return sqliteContents(database.sqlite.reader, checksums);
  return database.db.transaction().setIsolationLevel('repeatable read').execute((trx) => pgContents(trx, checksums));
}

/** What differs between the manifest and a database's contents, one line each. */
function differences(manifest: Manifest, got: Contents): string[] {
  const out: string[] = [];
  const have = new Map(got.tables.map((t) => [t.table, t] as const));
  const want = new Map(manifest.tables.map((t) => [t.table, t] as const));
  for (const t of manifest.tables) {
    const g = have.get(t.table);
    if (!g) out.push(`表 ${t.table}：恢复后不存在 (table missing)`);
    else if (g.rows !== t.rows) out.push(`表 ${t.table}：行数 备份 ${t.rows}，现在 ${g.rows} (row count differs)`);
    else if (g.checksum !== t.checksum) out.push(`表 ${t.table}：校验和不一致（${t.rows} 行）(checksum differs)`);
  }
  for (const t of got.tables) if (!want.has(t.table)) out.push(`表 ${t.table}：备份里没有这张表 (table not in the backup)`);
  if (got.migrations.join(',') !== manifest.migrations.join(',')) out.push(`已应用的迁移不同：备份 ${manifest.migrations.length} 个，现在 ${got.migrations.length} 个 (schema migrations differ)`);
  return out;
}

// ---------------------------------------------------------------------------------------------
// Files.

function sha256File(file: string): string {
  const hash = createHash('sha256');
  const fd = fs.openSync(file, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
    }
  } finally {
    fs.closeSync(fd);
  }
  return hash.digest('hex');
}

function fsyncFile(file: string): void {
  const fd = fs.openSync(file, 'r+');
  try {
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

function fsyncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Not every platform opens folders; the rename is atomic either way.
  }
}

function humanSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

/** 20261127-130501 in local time. */
function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** ./data/backups/zhaoshang-STAMP.EXT, not taken yet. */
function defaultOut(ext: string, now: Date): string {
  const dir = path.resolve('data', 'backups');
  const base = `zhaoshang-${stamp(now)}`;
  for (let i = 1; ; i += 1) {
    const file = path.join(dir, `${base}${i === 1 ? '' : `-${i}`}.${ext}`);
    if (!fs.existsSync(file) && !fs.existsSync(manifestPath(file))) return file;
  }
}

// ---------------------------------------------------------------------------------------------
// PostgreSQL's client programs.

/** pg_dump / pg_restore: on PATH, else the newest under /usr/lib/postgresql/VERSION/bin. */
export function findPgTool(name: 'pg_dump' | 'pg_restore'): string {
  const root = '/usr/lib/postgresql';
  let versions: string[] = [];
  try {
    versions = fs.readdirSync(root).filter((v) => /^\d+(\.\d+)?$/.test(v)).sort((a, b) => Number(b) - Number(a));
  } catch {
    // No Debian-style PostgreSQL installation.
  }
  const candidates = [name, ...versions.map((v) => path.join(root, v, 'bin', name)).filter((f) => fs.existsSync(f))];
  for (const c of candidates) {
    const r = spawnSync(c, ['--version'], { stdio: 'ignore' });
    if (!r.error && r.status === 0) return c;
  }
  fail(
    `找不到 ${name}：请安装 PostgreSQL 客户端（与服务器同一主版本或更新，如 apt-get install postgresql-client-15），或把它所在的目录加入 PATH。` +
      ` (${name} not found: install the PostgreSQL client programs or put them on PATH.)`,
  );
}

/** The URL for libpq without its password, which goes in PGPASSWORD (never on a command line or in a message). */
function libpqConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv; secret: string } {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    fail(`DATABASE_URL 不是有效的地址 (invalid DATABASE_URL): ${redact(url)}`);
  }
  const secret = u.password ? decodeURIComponent(u.password) : '';
  u.password = '';
  return { dbname: u.toString(), env: secret ? { ...process.env, PGPASSWORD: secret } : { ...process.env }, secret };
}

/** Runs a client program; resolves with its stderr, rejects (CliError) with `what` and its last lines. */
function runTool(cmd: string, args: string[], env: NodeJS.ProcessEnv, secret: string, what: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(new CliError(`${what}: ${e.message}`)));
    child.on('close', (code, signal) => {
      const hide = (s: string) => (secret ? s.split(secret).join('***') : s);
      const stderr = hide(Buffer.concat(err).toString('utf8'));
      const stdout = Buffer.concat(out).toString('utf8');
      if (code === 0) resolve({ stdout, stderr });
      else {
        const tail = stderr.trim().split('\n').slice(-8).join('\n');
        reject(new CliError(`${what} (${path.basename(cmd)} ${signal ? `signal ${signal}` : `exit ${code}`})${tail ? `:\n${tail}` : ''}`));
      }
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Backup.

export interface BackupResult {
  readonly file: string;
  readonly manifestFile: string;
  readonly manifest: Manifest;
}

export async function backupDatabase(config: Config, opts: { out?: string | undefined; log?: Log } = {}): Promise<BackupResult> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const now = new Date();
  const engine = config.database.kind;
  const out = path.resolve(opts.out ?? defaultOut(engine === 'sqlite' ? 'db' : 'dump', now));
  if (fs.existsSync(out)) fail(`备份文件已存在，不会覆盖：${out} (the backup file exists; not overwritten)`);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.partial-${process.pid}`;
  const tmpManifest = `${manifestPath(out)}.partial-${process.pid}`;
  try {
    const contents = config.database.kind === 'sqlite' ? await backupSqlite(config.database.path, tmp) : await backupPostgres(config.database.url, tmp);
    fsyncFile(tmp);
    const manifest: Manifest = {
      format: 'zhaoshang-backup',
      version: 1,
      createdAt: now.toISOString(),
      engine,
      file: path.basename(out),
      bytes: fs.statSync(tmp).size,
      sha256: sha256File(tmp),
      migrations: contents.migrations,
      tables: contents.tables,
    };
    fs.writeFileSync(tmpManifest, `${JSON.stringify(manifest, null, 2)}\n`);
    fsyncFile(tmpManifest);
    // The manifest first, the data file last: a data file is there only when both are complete.
    fs.renameSync(tmpManifest, manifestPath(out));
    fs.renameSync(tmp, out);
    fsyncDir(path.dirname(out));
    const rows = manifest.tables.reduce((s, t) => s + t.rows, 0);
    log(`备份完成 (backup written): ${out}（${humanSize(manifest.bytes)}）`);
    log(`清单 (manifest): ${manifestPath(out)}`);
    const width = Math.max(...manifest.tables.map((t) => t.table.length), 0);
    for (const t of manifest.tables) log(`  ${t.table.padEnd(width)}  ${t.rows} 行`);
    log(`共 ${manifest.tables.length} 张表，${rows} 行；已应用迁移 ${manifest.migrations.length} 个 (${manifest.tables.length} tables, ${rows} rows, ${manifest.migrations.length} migrations)`);
    log('注意：上传的文件（UPLOAD_DIR，如营业执照）不在数据库里，也不在备份里，请另行备份 (back up UPLOAD_DIR separately)');
    return { file: out, manifestFile: manifestPath(out), manifest };
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    fs.rmSync(`${tmp}-journal`, { force: true });
    fs.rmSync(tmpManifest, { force: true });
    throw err;
  }
}

async function backupSqlite(file: string, tmp: string): Promise<Contents> {
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) fail(`找不到数据库文件：${file} (database file not found)`);
  let source: SQLite.Database;
  try {
    source = new SQLite(file, { readonly: true, fileMustExist: true });
    source.pragma('busy_timeout = 5000');
  } catch (err) {
    fail(`无法打开数据库 ${file}：${(err as Error).message} (cannot open the database)`);
  }
  try {
    // After the first (empty) step, every remaining page in one step: one read snapshot, so writes
    // by the server meanwhile neither restart the copy nor end up half in it.
    await source.backup(tmp, { progress: () => 0x7fffffff });
  } catch (err) {
    fail(`备份失败 (backup failed): ${(err as Error).message}`);
  } finally {
    source.close();
  }
  const copy = new SQLite(tmp, { fileMustExist: true });
  try {
    // One self-contained file: no -wal next to it.
    copy.pragma('journal_mode = DELETE');
    const check = integrityCheck(copy);
    if (check) fail(`备份副本未通过完整性检查，已删除 (the copy failed integrity_check; removed): ${check}`);
    return sqliteContents(copy);
  } finally {
    copy.close();
  }
}

/** null when `pragma integrity_check` says ok, else its first lines. */
function integrityCheck(conn: SQLite.Database): string | null {
  const rows = conn.pragma('integrity_check') as { integrity_check: string }[];
  const lines = rows.map((r) => r.integrity_check);
  return lines.length === 1 && lines[0] === 'ok' ? null : lines.slice(0, 5).join('; ');
}

async function backupPostgres(url: string, tmp: string): Promise<Contents> {
  const pgDump = findPgTool('pg_dump');
  const conn = libpqConnection(url);
  const database = await connectPostgres(url, 1);
  try {
    // pg_dump reads our transaction's snapshot: the manifest describes exactly what the dump holds.
    return await database.db
      .transaction()
      .setIsolationLevel('repeatable read')
      .setAccessMode('read only')
      .execute(async (trx) => {
        const snapshot = (await sql<{ s: string }>`select pg_export_snapshot() as s`.execute(trx)).rows[0]?.s ?? '';
        await runTool(pgDump, ['--format=custom', `--snapshot=${snapshot}`, `--file=${tmp}`, `--dbname=${conn.dbname}`], conn.env, conn.secret, '备份失败 (pg_dump failed)');
        return pgContents(trx);
      });
  } finally {
    await database.close();
  }
}

// ---------------------------------------------------------------------------------------------
// Restore.

function readManifest(file: string): Manifest {
  const mf = manifestPath(file);
  if (!fs.existsSync(mf)) fail(`找不到备份清单 ${mf}：恢复要用它核对数据 (manifest not found; restore verifies against it)`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(fs.readFileSync(mf, 'utf8'));
  } catch (err) {
    fail(`备份清单不是有效的 JSON：${mf} (${(err as Error).message}) (the manifest is not valid JSON)`);
  }
  const r = manifestSchema.safeParse(parsed);
  if (!r.success) fail(`备份清单格式不对：${mf} (not a zhaoshang backup manifest)`);
  return r.data;
}

/** The backup file as its manifest describes it, before anything is touched. */
function checkBackupFile(file: string, manifest: Manifest): void {
  const size = fs.statSync(file).size;
  if (size !== manifest.bytes) {
    fail(`备份文件不完整或已损坏：应为 ${manifest.bytes} 字节，实际 ${size} 字节；未作任何改动 (the backup file is incomplete or damaged: size differs from its manifest; nothing changed)`);
  }
  if (sha256File(file) !== manifest.sha256) {
    fail(`备份文件已损坏：SHA-256 与清单不符；未作任何改动 (the backup file is damaged: checksum differs from its manifest; nothing changed)`);
  }
}

/** "3 张表共 120 行（文章 31 篇、账号 2 个）" */
function describeContents(contents: Contents): string {
  const rows = contents.tables.reduce((s, t) => s + t.rows, 0);
  const n = (table: string) => contents.tables.find((t) => t.table === table)?.rows ?? 0;
  return `${contents.tables.filter((t) => t.rows > 0).length} 张表共 ${rows} 行（文章 ${n('articles')} 篇、账号 ${n('users')} 个、企业 ${n('enterprises')} 家）`;
}

const isEmpty = (c: Contents) => c.tables.every((t) => t.rows === 0);

export async function restoreDatabase(config: Config, opts: { file: string; yes?: boolean; log?: Log }): Promise<void> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const file = path.resolve(opts.file);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) fail(`找不到备份文件：${opts.file} (backup file not found)`);
  const manifest = readManifest(file);
  const engine = config.database.kind;
  if (manifest.engine !== engine) {
    fail(`备份来自 ${manifest.engine}，而 DATABASE_URL 指向 ${engine}：不能跨数据库恢复（换库请用 migrate-data）(the backup is from ${manifest.engine}, the target is ${engine})`);
  }
  checkBackupFile(file, manifest);
  const target = config.database.kind === 'sqlite' ? `sqlite:${path.resolve(config.database.path)}` : redact(config.database.url);
  const confirm = (current: string) => {
    if (opts.yes) return;
    fail(
      `目标数据库 ${target} 不是空的：${current}。恢复会用备份 ${path.basename(file)}（${manifest.createdAt}）整体替换它。` +
        `确认请加 --yes；恢复前请先停止服务器。未作任何改动。` +
        ` (The target database is not empty: restoring replaces all of it. Stop the server and add --yes to confirm. Nothing changed.)`,
    );
  };

  if (config.database.kind === 'sqlite') await restoreSqlite(config.database.path, file, manifest, confirm);
  else await restorePostgres(config.database.url, file, confirm);

  // Verify the restored database itself, through the app's own connection.
  const database = openDatabase(config.database);
  try {
    const got = await contentsOf(database, true);
    const diff = differences(manifest, got);
    if (diff.length) fail(`恢复后的数据与备份清单不一致 (the restored data does not match the manifest):\n  ${diff.join('\n  ')}`);
    const rows = got.tables.reduce((s, t) => s + t.rows, 0);
    log(`恢复完成 (restored): ${file} → ${target}`);
    log(`备份时间 (backup of): ${manifest.createdAt}`);
    const width = Math.max(...got.tables.map((t) => t.table.length), 0);
    for (const t of got.tables) log(`  ${t.table.padEnd(width)}  ${t.rows} 行`);
    log(`行数和校验和与备份清单一致：${got.tables.length} 张表，${rows} 行 (row counts and checksums match the manifest)`);
    const pending = await pendingMigrations(database);
    if (pending.length) {
      log(`备份的数据库结构较旧，还有 ${pending.length} 个迁移待应用：${pending.join(', ')}；运行 \`npx zhaoshang migrate\`（SQLite 上服务器启动时也会自动应用）(pending migrations: run \`npx zhaoshang migrate\`)`);
    }
  } finally {
    await database.close();
  }
}

async function restoreSqlite(targetPath: string, file: string, manifest: Manifest, confirm: (current: string) => void): Promise<void> {
  const target = path.resolve(targetPath);
  // What would be replaced (and the old database's WAL folded in, so nothing is lost if we stop early).
  if (fs.existsSync(target) && fs.statSync(target).size > 0) {
    let current: string;
    let conn: SQLite.Database | null = null;
    try {
      conn = new SQLite(target, { fileMustExist: true });
      conn.pragma('busy_timeout = 5000');
      const c = sqliteContents(conn, false);
      current = isEmpty(c) ? '' : describeContents(c);
      conn.pragma('wal_checkpoint(TRUNCATE)');
    } catch (err) {
      current = `不是可读的数据库 (${(err as Error).message})`;
    } finally {
      conn?.close();
    }
    if (current) confirm(current);
  }
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const tmp = `${target}.restore-${process.pid}.tmp`;
  try {
    fs.copyFileSync(file, tmp);
    let conn: SQLite.Database | null = null;
    try {
      conn = new SQLite(tmp, { fileMustExist: true });
      const check = integrityCheck(conn);
      if (check) fail(`备份文件未通过完整性检查：${check}；未作任何改动 (the backup failed integrity_check; nothing changed)`);
      const diff = differences(manifest, sqliteContents(conn));
      if (diff.length) fail(`备份文件的数据与清单不一致，未作任何改动 (the backup does not match its manifest; nothing changed):\n  ${diff.join('\n  ')}`);
    } catch (err) {
      if (err instanceof CliError) throw err;
      fail(`备份文件已损坏或不是有效的 SQLite 数据库：${(err as Error).message}；未作任何改动 (the backup is damaged or not a SQLite database; nothing changed)`);
    } finally {
      conn?.close();
    }
    fsyncFile(tmp);
    // A stale WAL or journal of the old database would be replayed onto the restored one.
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(`${target}${suffix}`, { force: true });
    fs.renameSync(tmp, target);
    fsyncDir(path.dirname(target));
  } finally {
    fs.rmSync(tmp, { force: true });
    for (const suffix of ['-wal', '-shm', '-journal']) fs.rmSync(`${tmp}${suffix}`, { force: true });
  }
}

async function restorePostgres(url: string, file: string, confirm: (current: string) => void): Promise<void> {
  const pgRestore = findPgTool('pg_restore');
  const conn = libpqConnection(url);
  // The archive must be readable before the target is touched.
  await runTool(pgRestore, ['--list', file], conn.env, conn.secret, `备份文件无法读取，不是完整的 pg_dump 归档；未作任何改动 (the backup is not a readable pg_dump archive; nothing changed)`);
  const database = await connectPostgres(url, 1);
  try {
    const current = await database.db.transaction().setIsolationLevel('repeatable read').execute((trx) => pgContents(trx, false));
    if (!isEmpty(current)) confirm(describeContents(current));
  } finally {
    await database.close();
  }
  await runTool(
    pgRestore,
    ['--clean', '--if-exists', '--no-owner', '--single-transaction', `--dbname=${conn.dbname}`, file],
    conn.env,
    conn.secret,
    '恢复失败，已整体回滚，目标数据库未改动（请确认服务器已停止）(restore failed and was rolled back; the target is unchanged — is the server stopped?)',
  );
}

// ---------------------------------------------------------------------------------------------
// The commands.

/** `zhaoshang backup [--out FILE]` */
export async function backupCommand(args: string[], usage: string): Promise<void> {
  let values: { out?: string | undefined };
  try {
    ({ values } = parseArgs({ args, allowPositionals: false, options: { out: { type: 'string' } } }));
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${usage}`);
  }
  if (values.out === '') throw new CliError(`--out 需要文件名 (--out needs a file name)\n${usage}`);
  await backupDatabase(loadConfig(), { out: values.out });
}

/** `zhaoshang restore FILE [--yes]` */
export async function restoreCommand(args: string[], usage: string): Promise<void> {
  let positionals: string[];
  let values: { yes?: boolean | undefined };
  try {
    ({ positionals, values } = parseArgs({ args, allowPositionals: true, options: { yes: { type: 'boolean' } } }));
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${usage}`);
  }
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new CliError(`restore 需要一个备份文件 (restore needs one backup file)\n${usage}`);
  await restoreDatabase(loadConfig(), { file, yes: values.yes === true });
}
