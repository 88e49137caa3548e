// Editors' corrections replayed over extracted facts: each op, matching by span then by text,
// orphans, duplicate adds, ordering, immutability, hostile shapes, and a real article re-extracted.
import { describe, expect, it } from 'vitest';
import { applyCorrections, refOf, type Correction } from '../../src/extraction/corrections.js';
import { sectorNames } from '../../src/extraction/taxonomy.js';
import type { AmountFact, Facts, SectorFact } from '../../src/extraction/types.js';
import { extractor } from '../helpers/seed.js';

const sectorName = (id: string) => sectorNames.get(id);

// Offsets:   0         1         2         3
//            0123456789012345678901234567890123
const TEXT = '甲公司投资5亿元建设乙项目\n甲公司再投资3亿元，园区内乙项目签约2个项目';
const at = (s: string, from = 0) => TEXT.indexOf(s, from);

function amount(text: string, start: number, value: string, kind: AmountFact['kind'] = 'project_investment'): AmountFact {
  return { text, start, end: start + text.length, value, currency: 'CNY', valueYuan: value, approx: false, kind };
}

function baseFacts(): Facts {
  const first = at('甲公司');
  const second = at('甲公司', first + 1);
  return {
    regions: [
      { code: '430725', name: '桃源县', level: 'county', start: 0, end: 0 },
      { code: '430700', name: '常德市', level: 'city', start: 0, end: 0 },
    ],
    amounts: [amount('5亿元', at('5亿元'), '500000000'), amount('3亿元', at('3亿元'), '300000000')],
    projectCounts: [{ text: '2个项目', start: at('2个项目'), end: at('2个项目') + 4, value: 2, stage: 'signing' }],
    stage: 'signing',
    sectors: [],
    companies: [
      { name: '甲公司', start: first, end: first + 3 },
      { name: '甲公司', start: second, end: second + 3 },
    ],
    parks: [],
    projects: [{ name: '乙项目', start: at('乙项目'), end: at('乙项目') + 3 }],
  };
}

/** Applies and asserts nothing was orphaned. */
function apply(corrections: readonly Correction[], facts = baseFacts(), text = TEXT): Facts {
  const r = applyCorrections(text, facts, corrections, sectorName);
  expect(r.orphans).toEqual([]);
  return r.facts;
}

function deepFreeze<T>(x: T): T {
  if (typeof x === 'object' && x !== null) {
    for (const v of Object.values(x)) deepFreeze(v);
    Object.freeze(x);
  }
  return x;
}

describe('refOf', () => {
  it('keys amounts and counts by their text, everything else by name', () => {
    const f = baseFacts();
    expect(refOf('amounts', f.amounts[0]!)).toEqual({ list: 'amounts', start: 5, end: 8, text: '5亿元' });
    expect(refOf('projectCounts', f.projectCounts[0]!).text).toBe('2个项目');
    expect(refOf('companies', f.companies[1]!)).toEqual({ list: 'companies', start: 14, end: 17, text: '甲公司' });
    const sector: SectorFact = { id: 'health', name: '医疗康养', start: 1, end: 5 };
    expect(refOf('sectors', sector).text).toBe('医疗康养');
    expect(refOf('regions', f.regions[0]!).text).toBe('桃源县');
  });
});

describe('remove', () => {
  it('removes the fact with the same span and text', () => {
    const f = baseFacts();
    const out = apply([{ op: 'remove', ref: refOf('companies', f.companies[1]!) }], f);
    expect(out.companies).toEqual([f.companies[0]]);
  });

  it('falls back to the fact with the same text nearest where it was when the span moved', () => {
    const f = baseFacts();
    // The second 甲公司 (at 14) moved to 16 after an edit: that one goes, not the first.
    expect(apply([{ op: 'remove', ref: { list: 'companies', start: 16, end: 19, text: '甲公司' } }], f).companies).toEqual([f.companies[0]]);
    expect(apply([{ op: 'remove', ref: { list: 'companies', start: 2, end: 5, text: '甲公司' } }], f).companies).toEqual([f.companies[1]]);
  });

  it('prefers the exact span over an earlier fact with the same text', () => {
    const f = baseFacts();
    const out = apply([{ op: 'remove', ref: { list: 'companies', start: 14, end: 17, text: '甲公司' } }], f);
    expect(out.companies.map((c) => c.start)).toEqual([0]);
  });

  it('a span match with a different text does not count', () => {
    const f = baseFacts();
    const r = applyCorrections(TEXT, f, [{ op: 'remove', ref: { list: 'companies', start: 0, end: 3, text: '丙公司' } }], sectorName);
    expect(r.orphans).toEqual([0]);
    expect(r.facts).toEqual(f);
  });

  it('removes a region, keeping the others in order', () => {
    const f = baseFacts();
    const out = apply([{ op: 'remove', ref: refOf('regions', f.regions[0]!) }], f);
    expect(out.regions.map((r) => r.code)).toEqual(['430700']);
  });
});

describe('edit', () => {
  it('an amount: value becomes yuan (value, valueYuan, CNY) and kind is replaced', () => {
    const f = baseFacts();
    const usd: AmountFact = { ...amount('1亿美元', 0, '100000000'), currency: 'USD', valueYuan: null };
    const facts: Facts = { ...f, amounts: [usd, ...f.amounts] };
    const out = apply([{ op: 'edit', ref: refOf('amounts', usd), patch: { value: '0720000000.50', kind: 'total_investment' } }], facts);
    expect(out.amounts[0]).toEqual({ ...usd, value: '720000000.5', valueYuan: '720000000.5', currency: 'CNY', kind: 'total_investment' });
    expect(out.amounts.slice(1)).toEqual(f.amounts);
  });

  it('an amount: kind alone leaves value and currency be', () => {
    const f = baseFacts();
    const out = apply([{ op: 'edit', ref: refOf('amounts', f.amounts[1]!), patch: { kind: 'contract_investment' } }], f);
    expect(out.amounts[1]).toEqual({ ...f.amounts[1], kind: 'contract_investment' });
  });

  it.each([
    ['negative', { value: '-5' }],
    ['exponent', { value: '1e9' }],
    ['comma', { value: '1,000' }],
    ['empty', { value: '' }],
    ['number, not string', { value: 5 }],
    ['unknown kind', { kind: 'bribe' }],
    ['valid kind, bad value', { kind: 'tax', value: 'x' }],
    ['nothing that applies', { name: '某' }],
    ['empty patch', {}],
  ])('an amount patch that is %s is an orphan', (_label, patch) => {
    const f = baseFacts();
    const c = { op: 'edit', ref: refOf('amounts', f.amounts[0]!), patch } as unknown as Correction;
    const r = applyCorrections(TEXT, f, [c], sectorName);
    expect(r.orphans).toEqual([0]);
    expect(r.facts).toEqual(f);
  });

  it('a project count: value and/or stage; null clears the stage', () => {
    const f = baseFacts();
    const ref = refOf('projectCounts', f.projectCounts[0]!);
    expect(apply([{ op: 'edit', ref, patch: { value: '3' } }], f).projectCounts[0]).toMatchObject({ value: 3, stage: 'signing' });
    expect(apply([{ op: 'edit', ref, patch: { stage: 'completion' } }], f).projectCounts[0]).toMatchObject({ value: 2, stage: 'completion' });
    expect(apply([{ op: 'edit', ref, patch: { stage: null } }], f).projectCounts[0]!.stage).toBeNull();
  });

  it.each(['0', '1.5', '-2', '02', '99999999999999999999'])('a project count value %s is an orphan', (value) => {
    const f = baseFacts();
    const r = applyCorrections(TEXT, f, [{ op: 'edit', ref: refOf('projectCounts', f.projectCounts[0]!), patch: { value } }], sectorName);
    expect(r.orphans).toEqual([0]);
  });

  it('a project count stage that is not a stage is an orphan', () => {
    const f = baseFacts();
    const c = { op: 'edit', ref: refOf('projectCounts', f.projectCounts[0]!), patch: { stage: 'mixed' } } as unknown as Correction;
    expect(applyCorrections(TEXT, f, [c], sectorName).orphans).toEqual([0]);
  });

  it('companies, parks and projects: the name, trimmed', () => {
    const f: Facts = { ...baseFacts(), parks: [{ name: '园区', start: at('园区'), end: at('园区') + 2, regionCode: '430725' }] };
    const out = apply(
      [
        { op: 'edit', ref: refOf('companies', f.companies[0]!), patch: { name: ' 甲集团 ' } },
        { op: 'edit', ref: refOf('parks', f.parks[0]!), patch: { name: '桃源高新区' } },
        { op: 'edit', ref: refOf('projects', f.projects[0]!), patch: { name: '乙产业园项目' } },
      ],
      f,
    );
    expect(out.companies.map((c) => c.name)).toEqual(['甲集团', '甲公司']);
    expect(out.parks[0]).toEqual({ ...f.parks[0], name: '桃源高新区' });
    expect(out.projects[0]).toEqual({ ...f.projects[0], name: '乙产业园项目' });
  });

  it('an empty name, a sector or a region edit is an orphan', () => {
    const f: Facts = { ...baseFacts(), sectors: [{ id: 'health', name: '医疗康养', start: 1, end: 3 }] };
    const r = applyCorrections(
      TEXT,
      f,
      [
        { op: 'edit', ref: refOf('companies', f.companies[0]!), patch: { name: '   ' } },
        { op: 'edit', ref: refOf('sectors', f.sectors[0]!), patch: { name: '现代农业' } },
        { op: 'edit', ref: refOf('regions', f.regions[0]!), patch: { name: '鼎城区' } },
      ],
      sectorName,
    );
    expect(r.orphans).toEqual([0, 1, 2]);
    expect(r.facts).toEqual(f);
  });
});

describe('add', () => {
  it('an amount at the first occurrence of its evidence, in yuan, exact', () => {
    const f: Facts = { ...baseFacts(), amounts: [] };
    const out = apply([{ op: 'add', list: 'amounts', evidence: '3亿元', item: { value: '300000000', kind: 'planned_investment' } }], f);
    expect(out.amounts).toEqual([
      { text: '3亿元', start: at('3亿元'), end: at('3亿元') + 3, value: '300000000', currency: 'CNY', valueYuan: '300000000', approx: false, kind: 'planned_investment' },
    ]);
  });

  it.each([
    ['without value', { kind: 'tax' }],
    ['without kind', { value: '1' }],
    ['with a bad value', { value: '１', kind: 'tax' }],
  ])('an amount %s is an orphan', (_label, item) => {
    const c = { op: 'add', list: 'amounts', evidence: '3亿元', item } as unknown as Correction;
    expect(applyCorrections(TEXT, baseFacts(), [c], sectorName).orphans).toEqual([0]);
  });

  it('evidence not in the text, or empty, is an orphan', () => {
    const r = applyCorrections(
      TEXT,
      baseFacts(),
      [
        { op: 'add', list: 'companies', evidence: '丙公司', item: {} },
        { op: 'add', list: 'companies', evidence: '', item: { name: '丙公司' } },
      ],
      sectorName,
    );
    expect(r.orphans).toEqual([0, 1]);
    expect(r.facts).toEqual(baseFacts());
  });

  it('a project count: positive integer and a stage (default null)', () => {
    const f: Facts = { ...baseFacts(), projectCounts: [] };
    const out = apply([{ op: 'add', list: 'projectCounts', evidence: '2个项目', item: { value: '2' } }], f);
    expect(out.projectCounts).toEqual([{ text: '2个项目', start: at('2个项目'), end: at('2个项目') + 4, value: 2, stage: null }]);
    const r = applyCorrections(TEXT, f, [{ op: 'add', list: 'projectCounts', evidence: '2个项目', item: { value: '0', stage: 'signing' } }], sectorName);
    expect(r.orphans).toEqual([0]);
  });

  it('a sector takes its name from the taxonomy; an unknown id is an orphan', () => {
    const text = '医疗康养及现代化农业产业园';
    const f: Facts = { ...baseFacts(), sectors: [] };
    const out = apply([{ op: 'add', list: 'sectors', evidence: '现代化农业', item: { sectorId: 'agriculture' } }], f, text);
    expect(out.sectors).toEqual([{ id: 'agriculture', name: '现代农业', start: 5, end: 10 }]);
    const r = applyCorrections(text, f, [{ op: 'add', list: 'sectors', evidence: '医疗', item: { sectorId: 'nope' } }], sectorName);
    expect(r.orphans).toEqual([0]);
  });

  it('companies and projects default their name to the evidence; parks take a region code (default null)', () => {
    const f: Facts = { ...baseFacts(), companies: [], projects: [] };
    const out = apply(
      [
        { op: 'add', list: 'companies', evidence: '甲公司', item: {} },
        { op: 'add', list: 'projects', evidence: '乙项目', item: { name: '乙产业园' } },
        { op: 'add', list: 'parks', evidence: '园区', item: {} },
        { op: 'add', list: 'parks', evidence: '园区内', item: { name: '桃源工业园', regionCode: '430725' } },
      ],
      f,
    );
    expect(out.companies).toEqual([{ name: '甲公司', start: 0, end: 3 }]);
    expect(out.projects).toEqual([{ name: '乙产业园', start: at('乙项目'), end: at('乙项目') + 3 }]);
    expect(out.parks).toEqual([
      { name: '园区', start: at('园区'), end: at('园区') + 2, regionCode: null },
      { name: '桃源工业园', start: at('园区'), end: at('园区') + 3, regionCode: '430725' },
    ]);
  });

  it('a duplicate (same list, span and name/id) is a no-op, not an orphan', () => {
    const f = baseFacts();
    const r = applyCorrections(
      TEXT,
      f,
      [
        { op: 'add', list: 'companies', evidence: '甲公司', item: {} },
        { op: 'add', list: 'amounts', evidence: '5亿元', item: { value: '1', kind: 'tax' } },
      ],
      sectorName,
    );
    expect(r.orphans).toEqual([]);
    expect(r.facts).toEqual(f);
  });

  it('the same span under another name is not a duplicate', () => {
    const out = apply([{ op: 'add', list: 'companies', evidence: '甲公司', item: { name: '甲控股' } }]);
    expect(out.companies.map((c) => [c.start, c.name])).toEqual([
      [0, '甲公司'],
      [0, '甲控股'],
      [14, '甲公司'],
    ]);
  });

  it('keeps the list sorted by start, after facts with the same start', () => {
    const out = apply([{ op: 'add', list: 'amounts', evidence: '投资5亿元', item: { value: '500000000', kind: 'total_investment' } }]);
    expect(out.amounts.map((a) => a.start)).toEqual([3, 5, 20]);
    expect(out.amounts.map((a) => a.text)).toEqual(['投资5亿元', '5亿元', '3亿元']);
  });

  it('regions cannot be added', () => {
    const c = { op: 'add', list: 'regions', evidence: '甲', item: { name: '甲' } } as unknown as Correction;
    expect(applyCorrections(TEXT, baseFacts(), [c], sectorName).orphans).toEqual([0]);
  });
});

describe('stage', () => {
  it('sets the article stage; anything else is an orphan', () => {
    expect(apply([{ op: 'stage', stage: 'mixed' }]).stage).toBe('mixed');
    const r = applyCorrections(TEXT, baseFacts(), [{ op: 'stage', stage: 'done' } as unknown as Correction], sectorName);
    expect(r.orphans).toEqual([0]);
    expect(r.facts.stage).toBe('signing');
  });

  it('an editor’s stage is also the one projects are drafted under; what no correction touches is kept', () => {
    const place = { code: '430725', name: '桃源县', level: 'county' as const, start: 0, end: 0 };
    const facts: Facts = { ...baseFacts(), place, stage: 'mixed', stageByWords: 'signing' };
    expect(apply([], facts)).toMatchObject({ place, stage: 'mixed', stageByWords: 'signing' });
    const set = apply([{ op: 'stage', stage: 'completion' }], facts);
    expect(set.stage).toBe('completion');
    expect(set.stageByWords).toBeUndefined();
    expect(set.place).toEqual(place);
  });
});

describe('order and orphans', () => {
  it('applies in order: a later correction sees what an earlier one did', () => {
    const f = baseFacts();
    const out = apply([
      { op: 'edit', ref: refOf('companies', f.companies[0]!), patch: { name: '甲集团' } },
      // The form, built from the corrected facts, keys the renamed company by its new name.
      { op: 'remove', ref: { list: 'companies', start: 0, end: 3, text: '甲集团' } },
      { op: 'add', list: 'projects', evidence: '园区', item: { name: '园区项目' } },
      { op: 'remove', ref: { list: 'projects', start: at('园区'), end: at('园区') + 2, text: '园区项目' } },
      { op: 'stage', stage: 'none' },
      { op: 'stage', stage: 'planned' },
    ]);
    expect(out.companies).toEqual([f.companies[1]]);
    expect(out.projects).toEqual(f.projects);
    expect(out.stage).toBe('planned');
  });

  it('reports only the indexes that did not apply, and they change nothing', () => {
    const f = baseFacts();
    const r = applyCorrections(
      TEXT,
      f,
      [
        { op: 'remove', ref: refOf('projects', f.projects[0]!) },
        { op: 'remove', ref: refOf('projects', f.projects[0]!) }, // already gone
        { op: 'stage', stage: 'completion' },
        { op: 'edit', ref: refOf('projects', f.projects[0]!), patch: { name: '丁' } }, // gone too
      ],
      sectorName,
    );
    expect(r.orphans).toEqual([1, 3]);
    expect(r.facts.projects).toEqual([]);
    expect(r.facts.stage).toBe('completion');
  });

  it('malformed corrections from a JSON column are orphans, never a throw', () => {
    const junk = [
      null,
      42,
      'remove',
      [],
      {},
      { op: 'explode' },
      { op: 'remove' },
      { op: 'remove', ref: null },
      { op: 'remove', ref: { list: 'widgets', start: 0, end: 3, text: '甲公司' } },
      { op: 'remove', ref: { list: 'companies', start: '0', end: 3, text: '甲公司' } },
      { op: 'remove', ref: { list: 'companies', start: 0, end: 3 } },
      { op: 'edit', ref: { list: 'companies', start: 0, end: 3, text: '甲公司' } },
      { op: 'edit', ref: { list: 'companies', start: 0, end: 3, text: '甲公司' }, patch: 'x' },
      { op: 'add', list: 'companies', evidence: '甲公司' },
      { op: 'add', list: 'companies', evidence: 7, item: {} },
      { op: 'add', list: 'parks', evidence: '园区', item: { regionCode: 430725 } },
      { op: 'add', list: 'toString', evidence: '甲', item: {} },
      { op: 'stage' },
      { op: '__proto__', stage: 'signing' },
    ] as unknown as Correction[];
    const f = baseFacts();
    const r = applyCorrections(TEXT, f, junk, sectorName);
    expect(r.orphans).toEqual(junk.map((_, i) => i));
    expect(r.facts).toEqual(f);
    expect(applyCorrections(TEXT, f, null as unknown as Correction[], sectorName)).toEqual({ facts: f, orphans: [] });
  });

  it('never mutates its input', () => {
    const f = deepFreeze(baseFacts());
    const corrections = deepFreeze<Correction[]>([
      { op: 'remove', ref: refOf('companies', f.companies[0]!) },
      { op: 'edit', ref: refOf('amounts', f.amounts[0]!), patch: { value: '1' } },
      { op: 'add', list: 'companies', evidence: '乙项目', item: { name: '乙' } },
      { op: 'stage', stage: 'none' },
    ]);
    const before = JSON.stringify([f, corrections]);
    const r = applyCorrections(TEXT, f, corrections, sectorName);
    expect(r.orphans).toEqual([]);
    expect(JSON.stringify([f, corrections])).toBe(before);
    expect(r.facts.companies).not.toBe(f.companies);
    expect(r.facts.regions).not.toBe(f.regions);
    expect(r.facts.amounts[0]!.value).toBe('1');
  });
});

describe('a real article, corrected and then re-extracted after an edit', () => {
  const original = '桃源县网络签约活动成功引进7个项目\n…德雅集团联合浦泰公司投资的医疗康养及现代化农业产业园，该综合项目总投资6.1亿元';
  const edited = '桃源县网络签约活动成功引进7个项目\n3月18日，德雅集团联合浦泰有限公司投资的医疗康养及现代化农业产业园，该综合项目总投资6.1亿元';

  /** What an editor saved against the original extraction. */
  function editorsCorrections(facts: Facts): Correction[] {
    const amount = facts.amounts.find((a) => a.text === '6.1亿元');
    const count = facts.projectCounts.find((c) => c.text === '7个项目');
    const pu = facts.companies.find((c) => c.name === '浦泰公司');
    if (!amount || !count || !pu) throw new Error('the extractor no longer finds what this test corrects');
    return [
      // 该综合项目总投资: the whole complex's total, not one project's.
      { op: 'edit', ref: refOf('amounts', amount), patch: { kind: 'total_investment' } },
      { op: 'add', list: 'projects', evidence: '医疗康养及现代化农业产业园', item: {} },
      { op: 'edit', ref: refOf('companies', pu), patch: { name: '湖南浦泰农业科技有限公司' } },
      { op: 'edit', ref: refOf('projectCounts', count), patch: { stage: 'signing' } },
      { op: 'stage', stage: 'signing' },
    ];
  }

  it('applies to the original extraction', () => {
    const facts = extractor.extract(original);
    const corrections = editorsCorrections(facts);
    const { facts: out, orphans } = applyCorrections(original, facts, corrections, sectorName);
    expect(orphans).toEqual([]);
    const total = out.amounts.find((a) => a.text === '6.1亿元')!;
    expect(total).toMatchObject({ value: '610000000', valueYuan: '610000000', currency: 'CNY', kind: 'total_investment' });
    expect(original.slice(total.start, total.end)).toBe('6.1亿元');
    const park = out.projects.find((p) => p.name === '医疗康养及现代化农业产业园')!;
    expect(original.slice(park.start, park.end)).toBe(park.name);
    expect(out.companies.map((c) => c.name)).toContain('湖南浦泰农业科技有限公司');
    expect(out.companies.map((c) => c.name)).not.toContain('浦泰公司');
    expect(out.stage).toBe('signing');
    for (const list of [out.amounts, out.projectCounts, out.sectors, out.companies, out.parks, out.projects]) {
      expect(list.map((x) => x.start)).toEqual([...list.map((x) => x.start)].sort((a, b) => a - b));
    }
    // Replayed over its own result nothing changes: the add is a duplicate, the edits find their
    // facts (bar the rename, whose old name is gone — by design, it would be an orphan).
    const again = applyCorrections(original, out, corrections.filter((c) => c.op !== 'edit' || c.ref.list !== 'companies'), sectorName);
    expect(again.orphans).toEqual([]);
    expect(again.facts).toEqual(out);
  });

  it('survives re-extraction of the edited text: moved offsets fall back to the text, vanished facts are orphans', () => {
    const corrections = editorsCorrections(extractor.extract(original));
    const facts = extractor.extract(edited);
    const { facts: out, orphans } = applyCorrections(edited, facts, corrections, sectorName);
    const total = out.amounts.find((a) => a.text === '6.1亿元')!;
    expect(total.kind).toBe('total_investment');
    expect(edited.slice(total.start, total.end)).toBe('6.1亿元');
    const park = out.projects.find((p) => p.name === '医疗康养及现代化农业产业园')!;
    expect(edited.slice(park.start, park.end)).toBe(park.name);
    // 浦泰公司 is now written 浦泰有限公司: the rename has nothing to hold on to, and says so.
    const rename = corrections.findIndex((c) => c.op === 'edit' && c.ref.list === 'companies');
    expect(orphans).toEqual([rename]);
    expect(out.companies.map((c) => c.name)).toContain('浦泰有限公司');
    expect(out.companies.map((c) => c.name)).not.toContain('湖南浦泰农业科技有限公司');
    expect(out.stage).toBe('signing');
  });
});
