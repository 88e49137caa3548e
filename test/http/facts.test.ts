// Facts are extracted with every article write and shown as 要点 on the article page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFacts } from '../../src/features/facts/repository.js';
import { countStale, reextractStale } from '../../src/features/facts/service.js';
import { EXTRACTOR_VERSION } from '../../src/extraction/index.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

async function idOf(titlePart: string): Promise<number> {
  const list = (await t.app.inject({ method: 'GET', url: '/api/v1/articles?pageSize=100' })).json() as { items: { id: number; title: string }[] };
  const a = list.items.find((x) => x.title.includes(titlePart));
  if (!a) throw new Error(titlePart);
  return a.id;
}

describe('facts of the demo articles', () => {
  it('are stored at import with the extractor version, offsets into "title\\nbody"', async () => {
    const id = await idOf('桃源县网络签约');
    const stored = await loadFacts(t.runtime.database.db, id);
    expect(stored?.version).toBe(EXTRACTOR_VERSION);
    const f = stored?.facts;
    expect(f?.stage).toBe('signing');
    expect(f?.place?.code).toBe('430725');
    expect(f?.regions.map((r) => r.code)).toContain('430725');
    expect(f?.amounts.map((a) => [a.valueYuan, a.kind])).toContainEqual(['2040000000', 'total_investment']);
    expect(f?.projectCounts[0]).toMatchObject({ value: 7, stage: 'signing' });
    const row = await t.runtime.database.db.selectFrom('articles').select(['title', 'body']).where('id', '=', id).executeTakeFirstOrThrow();
    const text = `${row.title}\n${row.body}`;
    for (const a of f?.amounts ?? []) expect(text.slice(a.start, a.end)).toBe(a.text);
  });

  it('the article page shows 要点 with region, stage, amount, count, sectors and companies', async () => {
    const res = await t.app.inject({ method: 'GET', url: `/articles/${await idOf('桃源县网络签约')}` });
    expect(res.body).toContain('aria-label="要点"');
    expect(res.body).toContain('<dt>阶段</dt><dd>签约</dd>');
    // Each fact links to the mark around its evidence in the text (#ev-START-END).
    expect(res.body).toMatch(/<dt>投资额<\/dt><dd><a href="#ev-\d+-\d+">20\.4亿元<\/a><\/dd>/);
    expect(res.body).toMatch(/<dt>项目数<\/dt><dd><a href="#ev-\d+-\d+">7 个<\/a>（签约）<\/dd>/);
    expect(res.body).toMatch(/<dt>企业<\/dt><dd>(?:(?!<\/dd>).)*<a href="#ev-\d+-\d+">嘉泰鞋业<\/a>/);
  });

  it('吉首: nine projects starting construction, 68亿元', async () => {
    const f = (await loadFacts(t.runtime.database.db, await idOf('湘西吉首')))?.facts;
    expect(f?.stage).toBe('construction_start');
    expect(f?.amounts.find((a) => a.kind === 'total_investment')?.valueYuan).toBe('6800000000');
    expect(f?.projectCounts.find((c) => c.value === 9)?.stage).toBe('construction_start');
  });
});

describe('an upgrade re-reads stored articles', () => {
  it('re-extracts the facts an older extractor wrote, batch by batch, and leaves current ones alone', async () => {
    const db = t.runtime.database.db;
    const id = await idOf('桃源县网络签约');
    const empty = JSON.stringify({ regions: [], amounts: [], projectCounts: [], stage: 'none', sectors: [], companies: [], parks: [], projects: [] });
    await db.updateTable('article_facts').set({ version: EXTRACTOR_VERSION - 1, facts: empty }).where('article_id', '=', id).execute();
    expect(await countStale(db)).toBe(1);
    const seen: number[] = [];
    expect(await reextractStale(db, t.runtime.extractor, { onProgress: (n) => seen.push(n) })).toBe(1);
    expect(seen).toEqual([1]);
    expect(await countStale(db)).toBe(0);
    const stored = await loadFacts(db, id);
    expect(stored?.version).toBe(EXTRACTOR_VERSION);
    expect(stored?.facts.stage).toBe('signing');
    expect(stored?.facts.amounts.map((a) => a.valueYuan)).toContain('2040000000');
    // Nothing stale: nothing done.
    expect(await reextractStale(db, t.runtime.extractor)).toBe(0);
  });
});
