// Import through the service and through the real CLI, on real SQLite files.
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJsonLines } from '../../src/content/listing.js';
import { importArticles } from '../../src/features/news/import.js';
import { countArticles } from '../../src/features/news/repository.js';
import { projectRoot } from '../../src/paths.js';
import { buildTestApp, tempDir, type TestApp } from '../helpers/app.js';
import { seedItems, seedText } from '../helpers/seed.js';
import { freshDatabase, type TestDatabase } from '../helpers/db.js';

const run = promisify(execFile);
const bin = path.join(projectRoot, 'bin', 'zhaoshang.js');

async function cli(args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [bin, ...args], { env: { ...process.env, LOG_LEVEL: 'silent', ...env }, cwd: projectRoot });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? '', stderr: e.stderr ?? '' };
  }
}

describe('import service', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await buildTestApp({ DEMO_DATA: '0' });
  });
  afterAll(async () => {
    await t.close();
  });

  it('adds, then finds everything unchanged, then updates what changed', async () => {
    const { db } = t.runtime.database;
    expect(await countArticles(db)).toBe(0);
    expect(await importArticles(db, t.runtime, seedItems)).toEqual({ added: 10, updated: 0, unchanged: 0 });
    expect(await importArticles(db, t.runtime, seedItems)).toEqual({ added: 0, updated: 0, unchanged: 10 });
    const changed = seedItems.map((a, i) => (i === 3 ? { ...a, body: a.body + '补充一句。' } : a));
    expect(await importArticles(db, t.runtime, changed)).toEqual({ added: 0, updated: 1, unchanged: 9 });
    expect(await countArticles(db)).toBe(10);
  });

  it('stores nothing from a file whose third item fails inside the transaction', async () => {
    const { db } = t.runtime.database;
    const before = await countArticles(db);
    const lines = [
      { id: 'tx-1', title: '【长沙招商】事务测试一', body: '正文。', publishedAt: '2025-01-01' },
      { id: 'tx-2', title: '【长沙招商】事务测试二', body: '正文。', publishedAt: '2025-01-02' },
      { id: 'tx-3', title: '【长沙招商】事务测试三', body: '正文。', publishedAt: '2025-01-03', region: '990000' },
    ];
    const items = parseJsonLines(lines.map((l) => JSON.stringify(l)).join('\n'));
    await expect(importArticles(db, t.runtime, items)).rejects.toThrow(/第 3 条.*未知的地区代码 990000/);
    expect(await countArticles(db)).toBe(before);
  });

  it('a running app shows an article imported by another process within a second', async () => {
    const home = async () => (await t.app.inject({ method: 'GET', url: '/' })).body;
    expect(await home()).not.toContain('跨进程可见性测试');
    const file = path.join(t.dir, 'one.jsonl');
    fs.writeFileSync(file, JSON.stringify({ id: 'x-proc', title: '【株洲招商】跨进程可见性测试', body: '株洲某项目签约。', publishedAt: '2026-01-01' }) + '\n');
    const r = await cli(['import', file], { DATABASE_URL: t.databaseUrl });
    expect(r.code, r.stderr).toBe(0);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(await home()).toContain('跨进程可见性测试');
  });
});

describe('zhaoshang import (CLI)', () => {
  const dir = tempDir();
  let database: TestDatabase;
  const env: Record<string, string> = { AUTO_MIGRATE: 'true' };
  beforeAll(async () => {
    database = await freshDatabase(dir, 'cli');
    env.DATABASE_URL = database.url;
  });
  afterAll(async () => {
    await database.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('imports the seed page, then says nothing is new', async () => {
    const file = path.join(dir, 'seed.txt');
    fs.writeFileSync(file, seedText);
    const first = await cli(['import', file], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain('added 10, updated 0, unchanged 0');
    const again = await cli(['import', file], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('没有新内容');
    expect(again.stdout).toContain('unchanged 10');
  });

  it('reads JSON Lines from stdin', async () => {
    const file = path.join(dir, 'in.jsonl');
    fs.writeFileSync(file, JSON.stringify({ id: 'stdin-1', title: '【岳阳招商】标准输入测试', body: '岳阳项目开工。', publishedAt: '2025-03-01' }) + '\n');
    const { stdout } = await run('bash', ['-c', `"${process.execPath}" "${bin}" import - < "${file}"`], { env: { ...process.env, ...env } });
    expect(stdout).toContain('added 1');
  });

  it.each([
    ['2025-13-40', '-\n【长沙招商】好的一条\n正文\n2025-01-01\n-\n【长沙招商】坏日期\n正文\n2025-13-40\n', '第 2 条（第 8 行）：日期不存在'],
    ['no date', '-\n【长沙招商】好的一条\n正文\n2025-01-01\n-\n【长沙招商】没有日期\n正文\n', '第 2 条（第 6 行）：缺少日期'],
    ['empty title', '-\n【长沙招商】\n正文\n2025-01-01\n', '第 1 条（第 2 行）：标题为空'],
  ])('stops on a malformed item (%s), names it, stores nothing', async (_name, text, message) => {
    const file = path.join(dir, `bad-${_name}.txt`);
    fs.writeFileSync(file, text);
    const r = await cli(['import', file], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain('未写入任何内容');
    const check = await cli(['import', path.join(dir, 'seed.txt')], env);
    expect(check.stdout).toContain('added 0'); // the good first item was not stored either
  });

  it('two imports at once both finish: the second waits for the first', async () => {
    const files = [0, 1].map((k) => {
      const file = path.join(dir, `par-${k}.jsonl`);
      const lines = Array.from({ length: 300 }, (_, i) => JSON.stringify({ id: `par-${k}-${i}`, title: `【衡阳招商】并发导入 ${k}-${i}`, body: '衡阳项目签约。'.repeat(20), publishedAt: '2025-05-01' }));
      fs.writeFileSync(file, lines.join('\n') + '\n');
      return file;
    });
    const [a, b] = await Promise.all(files.map((f) => cli(['import', f], env)));
    expect(a?.code, a?.stderr).toBe(0);
    expect(b?.code, b?.stderr).toBe(0);
    expect(a?.stdout).toContain('added 300');
    expect(b?.stdout).toContain('added 300');
  });

  it('reindex rebuilds the search index and says how many', async () => {
    const r = await cli(['reindex'], env);
    expect(r.code, r.stderr).toBe(0);
    // The seed's ten and the one from stdin, at least (a rebuild that indexed nothing said 0 here).
    expect(Number(r.stdout.match(/索引完成：(\d+) 篇/)?.[1])).toBeGreaterThanOrEqual(11);
  });

  it('says what is missing', async () => {
    const r = await cli(['import', path.join(dir, 'nope.txt')], env);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('找不到文件');
    expect((await cli(['frobnicate'], env)).stderr).toContain('未知命令');
  });
});

describe('zhaoshang extract --json', () => {
  it('prints the facts of a plain-text article as one JSON object', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'a.txt');
    fs.writeFileSync(file, '衡阳市集中签约12个项目\n衡阳市举行招商引资项目集中签约仪式，共签约项目12个，总投资120亿元。其中某新能源汽车零部件项目投资15亿元。');
    const r = await cli(['extract', '--json', file, '--tag', '【衡阳招商】'], {});
    expect(r.code, r.stderr).toBe(0);
    const facts = JSON.parse(r.stdout) as { regions: { code: string }[]; amounts: { text: string; value: string; valueYuan: string; kind: string; start: number; end: number }[]; stage: string; projectCounts: { value: number; stage: string }[] };
    expect(facts.regions[0]?.code).toBe('430400');
    expect(facts.stage).toBe('signing');
    expect(facts.amounts[0]).toMatchObject({ text: '120亿元', valueYuan: '12000000000', kind: 'total_investment' });
    expect(facts.projectCounts[0]).toMatchObject({ value: 12, stage: 'signing' });
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads an untagged article from standard input and finds the county it names, with offsets', async () => {
    const text = '株洲市茶陵县今日举行重大项目集中签约仪式，共签约项目12个，总投资56亿元。';
    const child = spawn(process.execPath, [bin, 'extract', '--json', '-'], { cwd: projectRoot, env: { ...process.env, LOG_LEVEL: 'silent' } });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stdin.end(text);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    const facts = JSON.parse(stdout) as { place: { code: string; start: number; end: number }; regions: { code: string; name: string; start: number; end: number }[] };
    expect(facts.place).toMatchObject({ code: '430224', start: 3, end: 6 });
    expect(facts.regions.map((r) => [r.code, text.slice(r.start, r.end)])).toEqual([
      ['430200', '株洲市'],
      ['430224', '茶陵县'],
    ]);
  });
});
