// `zhaoshang` command line: import, migrate. Messages in zh-CN with an English gloss; exit 1 on failure.
import fs from 'node:fs';
import { parseArgs } from 'node:util';
import cliProgress from 'cli-progress';
import { boot, rebuildSearchIndex } from '../boot.js';
import { loadConfig } from '../config.js';
import { ImportFormatError, parseArticlesFile, storageOrder } from '../content/listing.js';
import { openDatabase } from '../db/database.js';
import { migrateToLatest } from '../db/migrate.js';
import { importArticles } from '../features/news/import.js';
import { logAction } from '../features/admin/moderation-log.js';
import { hashPassword, passwordProblem } from '../features/auth/passwords.js';
import { findUserByEmail, insertUser } from '../features/auth/repository.js';
import { normalizeEmail } from '../forms/validators.js';
import { Extractor, loadLexicons } from '../extraction/index.js';
import { countArticles, countPublished } from '../features/news/repository.js';
import { reextractAll } from '../features/facts/service.js';
import { migrateDataCommand } from './migrate-data.js';
import { backupCommand, restoreCommand } from './backup.js';
import { CliError } from './cli-error.js';

const USAGE = `用法 (usage):
  zhaoshang import FILE|-     导入文章：门户列表格式或 JSON Lines（- 为标准输入）
  zhaoshang migrate           把数据库结构升级到最新
  zhaoshang migrate-data --from sqlite:FILE --to postgres://…
                              把 SQLite 数据库的全部数据复制到 PostgreSQL (copy all data from SQLite to PostgreSQL)
  zhaoshang backup [--out FILE]
                              在线备份数据库（SQLite 备份 API 或 pg_dump），旁边写一个 FILE.json 清单 (online backup + manifest)
  zhaoshang restore FILE [--yes]
                              从备份恢复并按清单核对行数和校验和；先停止服务器，目标非空时需 --yes (restore and verify; stop the server first)
  zhaoshang reindex           重建全文搜索索引
  zhaoshang extract --json FILE|- [--tag 【…招商】]
                              抽取一篇文章（纯文本）的事实，输出一个 JSON 对象
  zhaoshang extract --all     重新抽取数据库里所有文章的事实
  zhaoshang admin create --email E --password-stdin [--name N] [--role admin|editor]
                              创建后台账号（密码从标准输入读取）
环境变量见 README（DATABASE_URL 等）。`;

export { CliError } from './cli-error.js';

async function readInput(file: string): Promise<string> {
  if (file === '-') {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  }
  if (!fs.existsSync(file)) throw new CliError(`找不到文件：${file} (file not found)`);
  return fs.readFileSync(file, 'utf8');
}

/** An import that stopped: nothing from the file was stored; say which item and line when known. */
function aborted(file: string, err: unknown): unknown {
  return err instanceof ImportFormatError ? new CliError(`导入中止，未写入任何内容 (import aborted, nothing stored): ${file} ${err.message}`) : err;
}

async function cmdImport(args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const file = positionals[0];
  if (!file || positionals.length > 1) throw new CliError(USAGE);
  const text = await readInput(file);
  let items;
  try {
    items = storageOrder(text, parseArticlesFile(text));
  } catch (err) {
    throw aborted(file, err);
  }
  if (items.length === 0) throw new CliError(`文件里没有文章：${file} (no articles found)`);
  const runtime = await boot(loadConfig(), { demo: false });
  const bar = process.stderr.isTTY && items.length >= 200 ? new cliProgress.SingleBar({ stream: process.stderr, format: '导入 [{bar}] {value}/{total} {percentage}%' }, cliProgress.Presets.shades_classic) : null;
  bar?.start(items.length, 0);
  // Without a terminal (a log file, a pipe): a plain line every tenth, so a log shows how far an
  // import got — everything is one transaction, stored only at "导入完成".
  let shownTenth = 0;
  const progress = (done: number, total: number) => {
    if (bar) return bar.update(done);
    const tenth = Math.floor((done * 10) / total);
    if (total < 200 || tenth <= shownTenth) return;
    shownTenth = tenth;
    console.error(done === total ? `已处理 ${done}/${total} 篇，正在写入索引并提交… (processed, committing)` : `已处理 ${done}/${total} 篇 (processed, not yet committed)`);
  };
  try {
    const s = await importArticles(runtime.database.db, runtime, items, progress);
    bar?.stop();
    // The planner's statistics for the new rows (PostgreSQL plans with stale counts until autovacuum).
    if (s.added + s.updated >= 1000) await runtime.database.info.refreshStatistics();
    if (s.added + s.updated === 0) console.log(`没有新内容：${s.unchanged} 篇均已存在 (nothing new: added 0, updated 0, unchanged ${s.unchanged})`);
    else console.log(`导入完成：新增 ${s.added}，更新 ${s.updated}，未变 ${s.unchanged} (added ${s.added}, updated ${s.updated}, unchanged ${s.unchanged})`);
  } catch (err) {
    bar?.stop();
    throw aborted(file, err);
  } finally {
    await runtime.database.close();
  }
}

async function cmdReindex(): Promise<void> {
  const runtime = await boot(loadConfig(), { demo: false });
  try {
    const total = await countPublished(runtime.database.db);
    const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ stream: process.stderr, format: '索引 [{bar}] {value}/{total} {percentage}% 预计剩余 {eta}s' }, cliProgress.Presets.shades_classic) : null;
    bar?.start(total, 0);
    const started = performance.now();
    const n = await rebuildSearchIndex(runtime, (done) => bar?.update(done));
    bar?.stop();
    const seconds = (performance.now() - started) / 1000;
    console.log(`索引完成：${n} 篇，用时 ${seconds.toFixed(1)} 秒 (indexed ${n} articles in ${seconds.toFixed(1)} s, ${Math.round(n / Math.max(seconds, 0.001))}/s)`);
  } finally {
    await runtime.database.close();
  }
}

async function cmdAdmin(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args,
    allowPositionals: true,
    options: { email: { type: 'string' }, 'password-stdin': { type: 'boolean' }, name: { type: 'string' }, role: { type: 'string' } },
  });
  if (positionals[0] !== 'create' || !values.email || !values['password-stdin']) throw new CliError(USAGE);
  const email = normalizeEmail(values.email);
  if (!email) throw new CliError(`邮箱格式不对：${values.email}`);
  const role = values.role ?? 'admin';
  if (role !== 'admin' && role !== 'editor') throw new CliError('角色只能是 admin 或 editor');
  const password = (await readInput('-')).replace(/\r?\n$/, '');
  const problem = passwordProblem(password);
  if (problem) throw new CliError(problem);
  const runtime = await boot(loadConfig(), { demo: false });
  try {
    if (await findUserByEmail(runtime.database.db, email)) throw new CliError(`账号已存在：${email}`);
    const id = await insertUser(runtime.database.db, { email, passwordHash: await hashPassword(password), role, name: values.name ?? email.split('@')[0] ?? email });
    await logAction(runtime.database.db, { actorId: null, action: 'user.create', targetType: 'user', targetId: id, details: { role, via: 'cli' } });
    console.log(`已创建${role === 'admin' ? '管理员' : '编辑'}：${email} (created ${role} ${email})`);
  } finally {
    await runtime.database.close();
  }
}

async function cmdExtract(args: string[]): Promise<void> {
  const { positionals, values } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, all: { type: 'boolean' }, tag: { type: 'string' }, 'usd-rate': { type: 'string' } } });
  if (values.all) return extractAll();
  const file = positionals[0];
  if (!file || !values.json || positionals.length > 1) throw new CliError(USAGE);
  if (values['usd-rate'] !== undefined && !/^\d+(\.\d+)?$/.test(values['usd-rate'])) throw new CliError('--usd-rate 应为数字，如 7.2');
  const text = (await readInput(file)).replace(/^\uFEFF/, '');
  const facts = new Extractor(loadLexicons()).extract(text, { tag: values.tag, usdRate: values['usd-rate'] });
  console.log(JSON.stringify(facts));
}

async function extractAll(): Promise<void> {
  const runtime = await boot(loadConfig(), { demo: false });
  try {
    const total = await countArticles(runtime.database.db);
    const bar = process.stderr.isTTY ? new cliProgress.SingleBar({ stream: process.stderr, format: '抽取 [{bar}] {value}/{total} {percentage}%' }, cliProgress.Presets.shades_classic) : null;
    bar?.start(total, 0);
    const started = performance.now();
    const n = await reextractAll(runtime.database.db, runtime.extractor, (done) => bar?.update(done));
    bar?.stop();
    console.log(`抽取完成：${n} 篇，用时 ${((performance.now() - started) / 1000).toFixed(1)} 秒 (extracted ${n} articles)`);
  } finally {
    await runtime.database.close();
  }
}

async function cmdMigrate(): Promise<void> {
  const database = openDatabase(loadConfig().database);
  try {
    const applied = await migrateToLatest(database);
    console.log(applied.length ? `已应用迁移 (applied): ${applied.join(', ')}` : '数据库结构已是最新 (schema is up to date)');
  } finally {
    await database.close();
  }
}

export async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  try {
    if (cmd === 'import') await cmdImport(rest);
    else if (cmd === 'migrate') await cmdMigrate();
    else if (cmd === 'migrate-data') await migrateDataCommand(rest, USAGE);
    else if (cmd === 'backup') await backupCommand(rest, USAGE);
    else if (cmd === 'restore') await restoreCommand(rest, USAGE);
    else if (cmd === 'reindex') await cmdReindex();
    else if (cmd === 'admin') await cmdAdmin(rest);
    else if (cmd === 'extract') await cmdExtract(rest);
    else if (cmd === undefined || cmd === 'help' || cmd === '--help' || cmd === '-h') console.log(USAGE);
    else throw new CliError(`未知命令：${cmd}\n${USAGE}`);
    return 0;
  } catch (err) {
    console.error(err instanceof Error ? err.message : String(err));
    return 1;
  }
}
