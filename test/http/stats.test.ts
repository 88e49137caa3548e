// /stats and /api/v1/stats against a recount from the stored projects: every figure, with a
// project reported twice counted once; the rollup kept up to date by writes equals one rebuilt
// from scratch; filters, CSV and bad input.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseJsonLines } from '../../src/content/listing.js';
import { importArticles } from '../../src/features/news/import.js';
import { rebuildRollup } from '../../src/features/projects/stats-rollup.js';
import type { StatsView } from '../../src/features/stats/service.js';
import { buildTestApp, type TestApp } from '../helpers/app.js';

let t: TestApp;
const db = () => t.runtime.database.db;
const settle = () => new Promise((r) => setTimeout(r, 300));
const jsonl = (rows: object[]) => parseJsonLines(rows.map((r) => JSON.stringify(r)).join('\n') + '\n');

async function stats(query = ''): Promise<StatsView> {
  const res = await t.app.inject({ method: 'GET', url: `/api/v1/stats${query}` });
  expect(res.statusCode, res.body).toBe(200);
  return res.json() as StatsView;
}

/** The figures recomputed from the projects table by other code than the rollup's SQL. */
type Recounted = { region_l2: string | null; stage: string | null; first_date: string; id: number; kind: string; sectors: string };

/** The one sector the statistics count a project under, written again here: a batch of several → multi. */
function countedSector(p: Recounted): string {
  const s = JSON.parse(p.sectors) as string[];
  return s.length === 0 ? '' : p.kind === 'group' && s.length > 1 ? 'multi' : (s[0] ?? '');
}

async function recount(filter: (p: Recounted) => boolean = () => true) {
  const projects = await db().selectFrom('projects').selectAll().where('hidden', '=', 0).execute();
  const members = await db().selectFrom('project_members').selectAll().execute();
  const byId = new Map(projects.map((p) => [p.id, p]));
  const batchesOf = (id: number) => members.filter((m) => m.project_id === id).map((m) => byId.get(m.parent_id)).filter((q) => q !== undefined);
  const byCity = new Map<string, { projects: number; amount: number }>();
  const bySector = new Map<string, { projects: number; amount: number }>();
  let projectsTotal = 0;
  let amountTotal = 0;
  for (const p of projects.filter(filter)) {
    const batches = batchesOf(p.id);
    const units = p.kind === 'group' ? (p.project_count ?? 1) : batches.length ? 0 : 1;
    const amount = batches.some((q) => q.amount_num !== null) ? 0 : (p.amount_num ?? 0);
    projectsTotal += units;
    amountTotal += amount;
    const c = byCity.get(p.region_l2 ?? '') ?? { projects: 0, amount: 0 };
    byCity.set(p.region_l2 ?? '', { projects: c.projects + units, amount: c.amount + amount });
    const s = bySector.get(countedSector(p)) ?? { projects: 0, amount: 0 };
    bySector.set(countedSector(p), { projects: s.projects + units, amount: s.amount + amount });
  }
  return { projectsTotal, amountTotal, byCity, bySector };
}

async function expectMatchesRecount(): Promise<void> {
  const v = await stats();
  const r = await recount();
  expect(v.totals.projects).toBe(r.projectsTotal);
  expect(Number(v.totals.amountYuan)).toBe(r.amountTotal);
  for (const region of v.regions) {
    const c = r.byCity.get(region.key) ?? { projects: 0, amount: 0 };
    expect([region.key, region.projects, Number(region.amountYuan)]).toEqual([region.key, c.projects, c.amount]);
  }
}

beforeAll(async () => {
  t = await buildTestApp();
});
afterAll(async () => {
  await t.close();
});

describe('statistics', () => {
  it('every figure equals a recount from the stored projects (the seed: 95.4亿元)', async () => {
    await expectMatchesRecount();
    const v = await stats();
    expect(v.totals.amountYuan).toBe('9540000000');
    expect(v.regions).toHaveLength(14);
    expect(v.regions.find((r) => r.key === '430200')).toMatchObject({ amountYuan: '700000000', projects: 6 });
  });

  it('a project reported twice counts once; its later start shows in the scorecard', async () => {
    const before = await stats();
    await importArticles(db(), t.runtime, jsonl([
      { title: '【岳阳招商】岳阳城陵矶冷链物流园项目签约', body: '岳阳城陵矶冷链物流园项目签约，总投资12亿元。', date: '2031-03-02' },
      { title: '【岳阳招商】岳阳城陵矶冷链物流园项目开工', body: '岳阳城陵矶冷链物流园项目开工建设，总投资12亿元。', date: '2031-09-10' },
    ]));
    await settle();
    const after = await stats();
    expect(after.totals.projects).toBe(before.totals.projects + 1);
    expect(Number(after.totals.amountYuan) - Number(before.totals.amountYuan)).toBe(1_200_000_000);
    expect(after.conversion.find((c) => c.code === '430600')).toMatchObject({ signed: 1, started: 1, completed: 0, startedRate: 100 });
    await expectMatchesRecount();
  });

  it('filters by month, stage and sector match the recount', async () => {
    const v = await stats('?from=2031-01&to=2031-12');
    const r = await recount((p) => p.first_date >= '2031-01-01' && p.first_date <= '2031-12-31');
    expect([v.totals.projects, Number(v.totals.amountYuan)]).toEqual([r.projectsTotal, r.amountTotal]);
    const signing = await stats('?stage=signing');
    const rs = await recount((p) => p.stage === 'signing');
    expect([signing.totals.projects, Number(signing.totals.amountYuan)]).toEqual([rs.projectsTotal, rs.amountTotal]);
    // A sector filter counts the projects counted under that sector: the sector table's row.
    const health = await stats('?sector=health');
    const rh = await recount((p) => countedSector(p) === 'health');
    expect(health.sectors.map((s) => s.key)).toEqual(['health']);
    expect([health.totals.projects, Number(health.totals.amountYuan)]).toEqual([rh.projectsTotal, rh.amountTotal]);
  });

  it('the sector and region tables add up to the totals, shares to 100 %, each project once', async () => {
    const v = await stats();
    const r = await recount();
    const sum = (rows: readonly { projects: number; amountYuan: string }[]) => rows.reduce<[number, number]>(([n, y], x) => [n + x.projects, y + Number(x.amountYuan)], [0, 0]);
    expect(sum(v.sectors)).toEqual([v.totals.projects, Number(v.totals.amountYuan)]);
    expect(sum(v.unplaced ? [...v.regions, v.unplaced] : v.regions)).toEqual([v.totals.projects, Number(v.totals.amountYuan)]);
    for (const s of v.sectors) expect([s.key, s.projects, Number(s.amountYuan)]).toEqual([s.key, r.bySector.get(s.key)?.projects ?? 0, r.bySector.get(s.key)?.amount ?? 0]);
    // The seed's batches span several sectors: their totals are one 多个行业 row, not a share in each.
    expect(v.sectors.find((s) => s.key === 'multi')?.name).toBe('多个行业');
    const shares = v.sectors.reduce((a, s) => a + Number(s.amountYuan) / Number(v.totals.amountYuan), 0);
    expect(shares).toBeCloseTo(1, 9);
  });

  it('the rollups kept by writes equal ones rebuilt from scratch', async () => {
    const read = async () => ({
      plain: await db().selectFrom('stats_rollup').selectAll().orderBy('region_code').orderBy('month').orderBy('stage').execute(),
      bySector: await db().selectFrom('stats_rollup_sector').selectAll().orderBy('region_code').orderBy('month').orderBy('stage').orderBy('sector_id').execute(),
      total: await db().selectFrom('stats_sector_total').selectAll().orderBy('region_code').orderBy('stage').orderBy('sector_id').execute(),
    });
    const kept = await read();
    expect(kept.total.length).toBeGreaterThan(0);
    await rebuildRollup(db());
    expect(kept).toEqual(await read());
  });

  it('/stats renders the tables, /stats.csv downloads each, bad input keeps the form', async () => {
    const page = await t.app.inject({ method: 'GET', url: '/stats' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<caption>各市州的项目与投资额</caption>');
    expect(page.body).toContain('id="stats-data"');
    const csv = await t.app.inject({ method: 'GET', url: '/stats.csv?table=sectors&stage=signing' });
    expect(csv.headers['content-disposition']).toContain('zhaoshang-stats-sectors.csv');
    expect(csv.body.startsWith('\uFEFFsector,projects,amount_yuan')).toBe(true);
    const bad = await t.app.inject({ method: 'GET', url: '/stats?from=2024-13&stage=signing' });
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('开始月份应为 YYYY-MM');
    expect(bad.body).toContain('value="2024-13"');
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/stats?sector=nope' })).json()).toMatchObject({ error: { code: 'invalid_parameter' } });
    expect((await t.app.inject({ method: 'GET', url: '/api/v1/stats?region=439999' })).statusCode).toBe(404);
  });

  it('a region page shows its figures and latest projects', async () => {
    const res = await t.app.inject({ method: 'GET', url: '/regions/430700' });
    expect(res.body).toContain('<h2 id="rf-h">项目与投资</h2>');
    expect(res.body).toContain('<strong>20.4亿元</strong>');
    expect(res.body).toContain('嘉泰鞋业项目');
  });
});
