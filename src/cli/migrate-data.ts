// `zhaoshang migrate-data --from sqlite:FILE --to postgres://…`: copies every data table of this
// app's SQLite database into a PostgreSQL database, in one target transaction (truncate, insert,
// reset the id sequences, verify row counts and per-table checksums, commit), so a failure leaves
// the target as it was and a second run gives the same result. Engine-specific by nature: it reads
// SQLite's catalogue (sqlite_master, pragmas) and PostgreSQL's (information_schema).
//
// Not copied: SQLite's FTS5 index (articles_fts*) and PostgreSQL's search tables (articles_search*),
// which the app builds itself (site_state.search_index is left unset on the target, so the first
// start rebuilds it); the migration bookkeeping (each side has its own); the uploaded files, which
// live in UPLOAD_DIR and are copied by hand.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import type SQLite from 'better-sqlite3';
import { sql, type RawBuilder, type Transaction } from 'kysely';
import type { Database } from '../db/database.js';
import { openPostgres } from '../db/dialects/postgres.js';
import { openSqlite } from '../db/dialects/sqlite.js';
import { migrateToLatest, pendingMigrations } from '../db/migrate.js';
import type { DB } from '../db/schema.js';
import { CliError } from './cli-error.js';

export interface TableReport {
  readonly table: string;
  /** Rows copied (site_state: without search_index). */
  readonly rows: number;
  /** SHA-256 (hex) of the table's rows, equal on both sides. */
  readonly checksum: string;
}

export interface Report {
  readonly tables: TableReport[];
  readonly rows: number;
  /** The target already held exactly this data: nothing was written. */
  readonly unchanged: boolean;
  /** Migrations applied to the target before copying. */
  readonly migrated: string[];
  readonly seconds: number;
}

/** Kysely's and the app's migration bookkeeping: each database keeps its own. */
export const MIGRATION_TABLES = new Set(['schema_migrations', 'schema_migrations_lock', 'kysely_migration', 'kysely_migration_lock']);
/** Built by the app from the articles, never copied: SQLite's FTS5 tables, PostgreSQL's tsvector tables. */
export const isSqliteSearch = (t: string) => t.startsWith('articles_fts');
export const isPgSearch = (t: string) => t.startsWith('articles_search');
/** Rows left out on both sides (and so from counts and checksums). */
const EXCLUDED_ROWS: Record<string, string> = { site_state: `"key" <> 'search_index'` };

const MAX_ROWS_PER_INSERT = 500;
/** PostgreSQL's limit on bind parameters in one statement. */
const MAX_PARAMS = 65_535;
const FETCH = 2000;

interface Column {
  readonly name: string;
  /** PostgreSQL's data_type (information_schema). */
  readonly pgType: string;
}

export interface TablePlan {
  readonly name: string;
  /** Sorted by name: the same order on both sides, for inserts and checksums. */
  readonly columns: Column[];
  /** The columns rows are ordered by for the checksum: the primary key, else every column. */
  readonly orderBy: string[];
  /** Foreign keys to the table itself: rows are inserted parents first. */
  readonly selfRefs: { from: string[]; to: string[] }[];
  readonly hasIdentity: boolean;
}

const NUMERIC_PG_TYPES = new Set(['smallint', 'integer', 'bigint', 'numeric', 'real', 'double precision']);
const TEXT_PG_TYPES = new Set(['text', 'character varying', 'character']);

/**
 * Opens a PostgreSQL database for a command and checks that it answers: a refused connection is a
 * plain message naming the address (password removed), and the pool is closed again.
 */
export async function connectPostgres(url: string, max: number, what = { zh: '数据库', en: 'the database' }): Promise<Database> {
  const database = openPostgres(url, { max });
  try {
    await database.info.ping();
    return database;
  } catch (err) {
    await database.close().catch(() => undefined);
    fail(`无法连接${what.zh} ${redact(url)}：${(err as Error).message} (cannot connect to ${what.en})`);
  }
}

function fail(message: string): never {
  throw new CliError(message);
}

/** sqlite:FILE → FILE. */
function sqlitePath(from: string): string {
  if (!from.startsWith('sqlite:') || from.length === 'sqlite:'.length) fail(`--from 应为 sqlite:文件路径，如 sqlite:./data/zhaoshang.db (--from must be sqlite:FILE): ${from}`);
  return from.slice('sqlite:'.length);
}

function checkPostgresUrl(to: string): void {
  if (!/^postgres(ql)?:\/\/.+/.test(to)) fail(`--to 应为 postgres://用户@主机:端口/数据库 (--to must be a postgres:// URL): ${redact(to)}`);
}

/** A URL for the log without its password. */
export function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/:[^:@/]*@/, ':***@');
  }
}

const quoteId = (name: string) => `"${name.replace(/"/g, '""')}"`;

// ---------------------------------------------------------------------------------------------
// Checksums: the same text for a value whichever engine returned it.

/** A plain decimal without exponent, leading or trailing zeros: 1e-7 → 0.0000001, 1.50 → 1.5, -0 → 0. */
export function canonicalDecimal(s: string): string | null {
  const m = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/.exec(s.trim());
  if (!m || (!m[2] && !m[3])) return null;
  const sign = m[1] === '-' ? '-' : '';
  let digits = (m[2] ?? '') + (m[3] ?? '');
  let point = (m[2] ?? '').length + Number(m[4] ?? 0);
  if (point < 0) {
    digits = '0'.repeat(-point) + digits;
    point = 0;
  } else if (point > digits.length) {
    digits += '0'.repeat(point - digits.length);
  }
  const int = digits.slice(0, point).replace(/^0+/, '') || '0';
  const frac = digits.slice(point).replace(/0+$/, '');
  const out = frac ? `${int}.${frac}` : int;
  return out === '0' ? '0' : sign + out;
}

/**
 * One value as text both engines agree on: numbers (SQLite's numbers and BigInts, PostgreSQL's
 * numbers and the strings it returns for bigint/numeric) → canonical decimal; booleans → 1/0 (as
 * SQLite stores them); bytes → hex; null → a marker no text can equal.
 */
export function normalizeValue(v: unknown, numericColumn: boolean): string | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return BigInt(v).toString();
    if (!Number.isFinite(v)) return String(v);
    return canonicalDecimal(String(v)) ?? String(v);
  }
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'boolean') return v ? '1' : '0';
  if (typeof v === 'string') return numericColumn ? (canonicalDecimal(v) ?? v) : v;
  if (v instanceof Uint8Array) return `x'${Buffer.from(v).toString('hex')}'`;
  if (v instanceof Date) return v.toISOString();
  return JSON.stringify(v);
}

export class TableHash {
  private readonly hash = createHash('sha256');
  rows = 0;
  constructor(private readonly numeric: boolean[]) {}
  add(values: readonly unknown[]): void {
    this.rows += 1;
    const parts: string[] = [];
    values.forEach((v, i) => {
      const s = normalizeValue(v, this.numeric[i] ?? false);
      // Length-prefixed: no value can run into the next.
      parts.push(s === null ? '\u0000N' : `${s.length}:${s}`);
    });
    this.hash.update(`${parts.join('\u0000')}\n`, 'utf8');
  }
  digest(): string {
    return this.hash.digest('hex');
  }
}

// ---------------------------------------------------------------------------------------------
// The source: SQLite, read through the read-only connection in one snapshot.

export function sqliteTables(reader: SQLite.Database): string[] {
  const rows = reader.prepare(`select name from sqlite_master where type = 'table' order by name`).all() as { name: string }[];
  return rows.map((r) => r.name).filter((t) => !t.startsWith('sqlite_') && !isSqliteSearch(t) && !MIGRATION_TABLES.has(t));
}

export interface SqliteTableInfo {
  readonly columns: string[];
  readonly pk: string[];
  readonly fks: { parent: string; from: string[]; to: string[] }[];
}

export function sqliteTableInfo(reader: SQLite.Database, table: string): SqliteTableInfo {
  const cols = reader.prepare(`select name, pk from pragma_table_info(?) order by cid`).all(table) as { name: string; pk: number }[];
  const pk = cols.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
  const fkRows = reader.prepare(`select id, seq, "table" as parent, "from", "to" from pragma_foreign_key_list(?) order by id, seq`).all(table) as {
    id: number;
    parent: string;
    from: string;
    to: string | null;
  }[];
  const byId = new Map<number, { parent: string; from: string[]; to: string[] }>();
  for (const r of fkRows) {
    const fk = byId.get(r.id) ?? { parent: r.parent, from: [], to: [] };
    fk.from.push(r.from);
    // `references t` without columns: the parent's primary key (single-column here).
    fk.to.push(r.to ?? '');
    byId.set(r.id, fk);
  }
  return { columns: cols.map((c) => c.name), pk, fks: [...byId.values()] };
}

function sqliteSelect(plan: TablePlan, ordered: boolean): string {
  const cols = plan.columns.map((c) => quoteId(c.name)).join(', ');
  const where = EXCLUDED_ROWS[plan.name] ? ` where ${EXCLUDED_ROWS[plan.name]}` : '';
  const order = ordered ? ` order by ${plan.orderBy.map((c) => `${quoteId(c)} collate binary asc nulls first`).join(', ')}` : '';
  return `select ${cols} from ${quoteId(plan.name)}${where}${order}`;
}

export function sourceRows(reader: SQLite.Database, plan: TablePlan, ordered = true): IterableIterator<unknown[]> {
  const stmt = reader.prepare(sqliteSelect(plan, ordered));
  stmt.raw(true);
  // Exact integers past 2^53 too: they come back as BigInt.
  stmt.safeIntegers(true);
  return stmt.iterate() as IterableIterator<unknown[]>;
}

/** A self-referencing table's rows, parents before their children (regions, projects' batches). */
function parentsFirst(rows: unknown[][], plan: TablePlan): unknown[][] {
  const index = (names: string[]) => names.map((n) => plan.columns.findIndex((c) => c.name === n));
  const keyOf = (row: unknown[], idx: number[]) => (idx.some((i) => row[i] === null) ? null : JSON.stringify(idx.map((i) => normalizeValue(row[i], false))));
  const refs = plan.selfRefs.map((r) => ({ from: index(r.from), to: index(r.to) }));
  const byKey = refs.map((r) => new Map(rows.map((row, i) => [keyOf(row, r.to), i] as const)));
  const out: unknown[][] = [];
  const state = new Uint8Array(rows.length); // 0 new, 1 visiting, 2 emitted
  const visit = (start: number) => {
    // Iterative depth-first: a deep chain must not overflow the stack.
    const stack: number[] = [start];
    while (stack.length) {
      const i = stack[stack.length - 1] as number;
      if (state[i] === 2) {
        stack.pop();
        continue;
      }
      state[i] = 1;
      let pending = false;
      refs.forEach((r, k) => {
        const key = keyOf(rows[i] as unknown[], r.from);
        const parent = key === null ? undefined : byKey[k]?.get(key);
        if (parent === undefined || parent === i || state[parent] === 2) return;
        if (state[parent] === 1) fail(`表 ${plan.name} 的行互相引用成环，无法按先父后子的顺序复制 (rows of ${plan.name} reference each other in a cycle)`);
        stack.push(parent);
        pending = true;
      });
      if (!pending) {
        state[i] = 2;
        out.push(rows[i] as unknown[]);
        stack.pop();
      }
    }
  };
  for (let i = 0; i < rows.length; i += 1) if (state[i] === 0) visit(i);
  return out;
}

/** Tables ordered so that every table comes after the tables it references. */
function parentsFirstTables(tables: string[], infos: Map<string, SqliteTableInfo>): string[] {
  const remaining = new Set(tables);
  const out: string[] = [];
  while (remaining.size) {
    const ready = [...remaining].filter((t) => (infos.get(t)?.fks ?? []).every((fk) => fk.parent === t || !remaining.has(fk.parent)));
    if (ready.length === 0) fail(`外键成环，无法确定复制顺序 (foreign keys form a cycle): ${[...remaining].join(', ')}`);
    for (const t of ready.sort()) {
      out.push(t);
      remaining.delete(t);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The target: PostgreSQL, everything inside one transaction.

type Trx = Transaction<DB>;

export async function pgTables(db: Database['db']): Promise<string[]> {
  const r = await sql<{ table_name: string }>`select table_name from information_schema.tables
    where table_schema = current_schema() and table_type = 'BASE TABLE' order by table_name`.execute(db);
  return r.rows.map((x) => x.table_name);
}

export async function pgColumns(db: Database['db']): Promise<Map<string, { name: string; type: string; identity: boolean }[]>> {
  const r = await sql<{ table_name: string; column_name: string; data_type: string; is_identity: string; column_default: string | null }>`
    select table_name, column_name, data_type, is_identity, column_default from information_schema.columns
    where table_schema = current_schema() order by table_name, column_name`.execute(db);
  const out = new Map<string, { name: string; type: string; identity: boolean }[]>();
  for (const c of r.rows) {
    const identity = c.is_identity === 'YES' || (c.column_default ?? '').startsWith('nextval(');
    out.set(c.table_name, [...(out.get(c.table_name) ?? []), { name: c.column_name, type: c.data_type, identity }]);
  }
  return out;
}

function pgOrderBy(plan: TablePlan): RawBuilder<unknown> {
  const type = (n: string) => plan.columns.find((c) => c.name === n)?.pgType ?? '';
  // Byte order for text, as SQLite's BINARY collation, whatever the database's locale.
  return sql.raw(plan.orderBy.map((c) => `${quoteId(c)}${TEXT_PG_TYPES.has(type(c)) ? ' collate "C"' : ''} asc nulls first`).join(', '));
}

export async function pgCount(trx: Trx, plan: TablePlan): Promise<number> {
  const where = EXCLUDED_ROWS[plan.name] ? sql.raw(` where ${EXCLUDED_ROWS[plan.name]}`) : sql.raw('');
  const r = await sql<{ n: string | number }>`select count(*) as n from ${sql.id(plan.name)}${where}`.execute(trx);
  return Number(r.rows[0]?.n ?? 0);
}

/** The table's checksum on the target, read through a cursor in primary-key order. */
export async function pgChecksum(trx: Trx, plan: TablePlan): Promise<{ rows: number; checksum: string }> {
  const hash = new TableHash(plan.columns.map((c) => NUMERIC_PG_TYPES.has(c.pgType)));
  const cols = sql.join(plan.columns.map((c) => sql.id(c.name)));
  const where = EXCLUDED_ROWS[plan.name] ? sql.raw(` where ${EXCLUDED_ROWS[plan.name]}`) : sql.raw('');
  await sql`declare zs_migrate_data no scroll cursor for select ${cols} from ${sql.id(plan.name)}${where} order by ${pgOrderBy(plan)}`.execute(trx);
  try {
    for (;;) {
      const r = await sql<Record<string, unknown>>`fetch forward ${sql.raw(String(FETCH))} from zs_migrate_data`.execute(trx);
      for (const row of r.rows) hash.add(plan.columns.map((c) => row[c.name]));
      if (r.rows.length < FETCH) break;
    }
  } finally {
    await sql`close zs_migrate_data`.execute(trx);
  }
  return { rows: hash.rows, checksum: hash.digest() };
}

async function insertRows(trx: Trx, plan: TablePlan, rows: unknown[][]): Promise<void> {
  if (rows.length === 0) return;
  const cols = sql.join(plan.columns.map((c) => sql.id(c.name)));
  // Explicit ids into identity columns: allowed for BY DEFAULT, needed for ALWAYS.
  const overriding = plan.hasIdentity ? sql.raw(' overriding system value') : sql.raw('');
  const values = sql.join(rows.map((r) => sql`(${sql.join(r)})`));
  await sql`insert into ${sql.id(plan.name)} (${cols})${overriding} values ${values}`.execute(trx);
}

// ---------------------------------------------------------------------------------------------

export async function migrateData(opts: { from: string; to: string; log?: (line: string) => void }): Promise<Report> {
  const log = opts.log ?? ((line: string) => console.log(line));
  const started = performance.now();
  const file = sqlitePath(opts.from);
  checkPostgresUrl(opts.to);
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) fail(`找不到源数据库文件：${file} (source database not found)`);

  let source: ReturnType<typeof openSqlite>;
  try {
    source = openSqlite(file);
  } catch (err) {
    fail(`无法打开源数据库 ${file}：${(err as Error).message} (cannot open the source)`);
  }
  let target: Database | null = null;
  try {
    // --- the source: current schema, its tables and their foreign keys ---
    let pending: string[];
    try {
      pending = await pendingMigrations(source);
    } catch (err) {
      fail(`无法读取源数据库 ${file}：${(err as Error).message} (cannot read the source)`);
    }
    if (pending.length > 0) {
      fail(
        `源数据库结构不是最新的，缺少迁移：${pending.join(', ')}。请先运行 \`DATABASE_URL=sqlite:${file} npx zhaoshang migrate\` 再迁移数据。` +
          ` (The source schema is out of date: migrate it first.)`,
      );
    }
    const reader = source.sqlite.reader;
    // One snapshot of the source for checksums and copy alike, even if the app is writing to it.
    reader.exec('begin');
    try {
      const srcTables = sqliteTables(reader);
      const infos = new Map(srcTables.map((t) => [t, sqliteTableInfo(reader, t)] as const));

      // --- the target: connect, bring its schema up to date ---
      log(`源 (from): sqlite:${file}`);
      log(`目标 (to): ${redact(opts.to)}`);
      target = await connectPostgres(opts.to, 2, { zh: '目标数据库', en: 'the target' });
      const migrated = await migrateToLatest(target);
      if (migrated.length) log(`目标数据库已应用迁移 (target migrations applied): ${migrated.join(', ')}`);

      // --- the same tables and columns on both sides ---
      const allPgTables = await pgTables(target.db);
      const pgSearchTables = allPgTables.filter(isPgSearch);
      const dstTables = allPgTables.filter((t) => !isPgSearch(t) && !MIGRATION_TABLES.has(t));
      const onlySource = srcTables.filter((t) => !dstTables.includes(t));
      const onlyTarget = dstTables.filter((t) => !srcTables.includes(t));
      if (onlySource.length) fail(`源数据库有目标数据库没有的表：${onlySource.join(', ')}，未复制任何数据 (tables only in the source; nothing copied)`);
      if (onlyTarget.length) fail(`目标数据库有源数据库没有的表：${onlyTarget.join(', ')}，未复制任何数据 (tables only in the target; nothing copied)`);
      const pgCols = await pgColumns(target.db);
      const plans = new Map<string, TablePlan>();
      for (const t of srcTables) {
        const info = infos.get(t) as SqliteTableInfo;
        const dst = pgCols.get(t) ?? [];
        const srcNames = [...info.columns].sort();
        const dstNames = dst.map((c) => c.name).sort();
        const missing = srcNames.filter((c) => !dstNames.includes(c));
        const extra = dstNames.filter((c) => !srcNames.includes(c));
        if (missing.length || extra.length) {
          const parts = [missing.length ? `仅源有 (source only): ${missing.join(', ')}` : '', extra.length ? `仅目标有 (target only): ${extra.join(', ')}` : ''].filter(Boolean);
          fail(`表 ${t} 两边的列不同：${parts.join('；')}，未复制任何数据 (columns differ; nothing copied)`);
        }
        const columns = srcNames.map((name) => ({ name, pgType: dst.find((c) => c.name === name)?.type ?? '' }));
        plans.set(t, {
          name: t,
          columns,
          orderBy: info.pk.length ? info.pk : srcNames,
          selfRefs: info.fks.filter((fk) => fk.parent === t).map((fk) => ({ from: fk.from, to: fk.to.map((c, i) => c || info.pk[i] || '') })),
          hasIdentity: dst.some((c) => c.identity),
        });
      }
      const order = parentsFirstTables(srcTables, infos).map((t) => plans.get(t) as TablePlan);

      // --- the source's counts and checksums ---
      const expected = new Map<string, { rows: number; checksum: string }>();
      for (const plan of order) {
        const hash = new TableHash(plan.columns.map((c) => NUMERIC_PG_TYPES.has(c.pgType)));
        for (const row of sourceRows(reader, plan)) hash.add(row);
        expected.set(plan.name, { rows: hash.rows, checksum: hash.digest() });
      }
      const tables: TableReport[] = order.map((p) => ({ table: p.name, ...(expected.get(p.name) as { rows: number; checksum: string }) }));
      const totalRows = tables.reduce((s, t) => s + t.rows, 0);
      const line = (t: TableReport) => `表 ${t.table}: ${t.rows} 行，校验和一致 (checksum ok)`;

      const unchanged = await target.db.transaction().execute(async (trx) => {
        // Already the same data (a second run): leave the target, its search index included, alone.
        if (await sameData(trx, order, expected)) return true;

        await sql`truncate table ${sql.join([...order.map((p) => p.name), ...pgSearchTables].map((t) => sql.id(t)))} restart identity cascade`.execute(trx);
        for (const plan of order) {
          const perInsert = Math.max(1, Math.min(MAX_ROWS_PER_INSERT, Math.floor(MAX_PARAMS / plan.columns.length)));
          try {
            const rows = plan.selfRefs.length ? parentsFirst([...sourceRows(reader, plan, false)], plan) : sourceRows(reader, plan, false);
            let batch: unknown[][] = [];
            for (const row of rows) {
              batch.push(row);
              if (batch.length >= perInsert) {
                await insertRows(trx, plan, batch);
                batch = [];
              }
            }
            await insertRows(trx, plan, batch);
          } catch (err) {
            if (err instanceof CliError) throw err;
            fail(`复制表 ${plan.name} 时出错，已回滚，目标数据库未改动 (copying ${plan.name} failed; rolled back): ${(err as Error).message}`);
          }
        }
        // New rows get ids after the copied ones.
        for (const plan of order) {
          for (const col of (pgCols.get(plan.name) ?? []).filter((c) => c.identity)) {
            await sql`select setval(pg_get_serial_sequence(${quoteId(plan.name)}, ${col.name}), coalesce(max(${sql.id(col.name)}), 0) + 1, false) from ${sql.id(plan.name)}`.execute(trx);
          }
        }
        // Verify before committing: any difference rolls everything back.
        for (const t of tables) {
          const plan = plans.get(t.table) as TablePlan;
          // One read of the table: the checksum pass counts its rows too.
          const got = await pgChecksum(trx, plan);
          if (got.rows !== t.rows) fail(`表 ${t.table} 行数不一致：源 ${t.rows}，目标 ${got.rows}，已回滚 (row counts differ; rolled back)`);
          if (got.checksum !== t.checksum) fail(`表 ${t.table} 校验和不一致（${t.rows} 行），已回滚，目标数据库未改动 (checksum mismatch; rolled back)`);
          log(line(t));
        }
        return false;
      });

      if (unchanged) {
        for (const t of tables) log(line(t));
        log(`目标数据库的数据已与源数据库相同，未作改动 (the target already holds the same data: nothing changed): ${tables.length} 张表，${totalRows} 行`);
      }
      // Planner statistics for the copied rows, before the app's first query plans with none.
      if (!unchanged) await target.info.refreshStatistics();
      const seconds = (performance.now() - started) / 1000;
      if (!unchanged) {
        log(`迁移完成：${tables.length} 张表，共 ${totalRows} 行，用时 ${seconds.toFixed(1)} 秒 (copied ${tables.length} tables, ${totalRows} rows)`);
        log('搜索索引未复制：应用在 PostgreSQL 上首次启动时会重建 (the search index is rebuilt on first start)');
      }
      log('注意：上传的文件（UPLOAD_DIR，如营业执照）不在数据库里，请另行复制到新服务器的 UPLOAD_DIR；数据库只保存它们的记录 (copy UPLOAD_DIR separately: the database keeps only the uploads\' records)');
      return { tables, rows: totalRows, unchanged, migrated, seconds };
    } finally {
      if (reader.inTransaction) reader.exec('commit');
    }
  } finally {
    await target?.close();
    await source.close();
  }
}

/** Whether the target holds exactly the source's rows (counts first: cheap). */
async function sameData(trx: Trx, order: TablePlan[], expected: Map<string, { rows: number; checksum: string }>): Promise<boolean> {
  for (const plan of order) if ((await pgCount(trx, plan)) !== expected.get(plan.name)?.rows) return false;
  for (const plan of order) if ((await pgChecksum(trx, plan)).checksum !== expected.get(plan.name)?.checksum) return false;
  return true;
}

/** `zhaoshang migrate-data --from sqlite:FILE --to postgres://…` */
export async function migrateDataCommand(args: string[], usage: string): Promise<void> {
  let values: { from?: string | undefined; to?: string | undefined };
  try {
    ({ values } = parseArgs({ args, allowPositionals: false, options: { from: { type: 'string' }, to: { type: 'string' } } }));
  } catch (err) {
    throw new CliError(`${(err as Error).message}\n${usage}`);
  }
  if (!values.from || !values.to) throw new CliError(`migrate-data 需要 --from 和 --to (both --from and --to are required)\n${usage}`);
  await migrateData({ from: values.from, to: values.to });
}
