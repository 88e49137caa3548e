// Places from the text (extraction/places.ts): our own sentences, with and without a tag, against
// same-named places outside Hunan and short forms that are ordinary words.
import { describe, expect, it } from 'vitest';
import { extractor } from '../helpers/seed.js';

const codes = (text: string, tag: string | null = null) => extractor.extract(text, { tag }).regions.map((r) => r.code);
const place = (text: string, tag: string | null = null) => extractor.extract(text, { tag }).place?.code ?? null;

describe('places named in the text', () => {
  it('finds a county and its prefecture without a tag, with real offsets, and the county as the place', () => {
    const text = '株洲市茶陵县今日举行重大项目集中签约仪式，共签约项目12个，总投资56亿元。';
    const f = extractor.extract(text);
    expect(f.place).toMatchObject({ code: '430224', start: 3, end: 6 });
    for (const r of f.regions) expect(text.slice(r.start, r.end)).toBe(r.name);
    expect(f.regions.map((r) => r.code)).toEqual(['430200', '430224']);
  });

  it.each([
    ['岳阳华容：项目签约', ['430600', '430623']], // its prefecture in front
    ['华容县招商\n项目落户华容，华容工业集中区再添新项目。', ['430623']], // full name elsewhere, park after
    ['郴州集中开工\n宜章、临武、汝城等分会场同步开工。', ['431000', '431022', '431025', '431026']], // a list in a named prefecture
    ['荷塘区、赫山区、娄星区签约', ['430202', '430903', '431302']], // districts
    ['长沙县与长沙市签约', ['430121', '430100']],
  ])('%s', (text, want) => {
    expect(codes(text)).toEqual(want);
  });

  it.each([
    ['会同有关部门研究落实。', []], // 会同 as a verb
    ['项目资金到位后，投资兴业环境持续改善。', []], // 资兴 inside 投资兴业
    ['沅江两岸风光秀丽。', []], // a river, no evidence
  ])('a short form that is an ordinary word is no place: %s', (text, want) => {
    expect(codes(text)).toEqual(want);
  });

  it('keeps places outside Hunan out, also where they share a Hunan name', () => {
    expect(codes('福建龙岩市永定区举行招商推介会\n永定区签约项目8个。')).toEqual([]);
    expect(place('福建龙岩市永定区举行招商推介会\n永定区签约项目8个。')).toBeNull();
    expect(codes('四川资阳集中开工\n资阳市今天开工项目20个。')).toEqual([]);
    expect(codes('苏州平江路改造提升\n江苏苏州平江路历史街区项目开工。')).toEqual([]);
    // The same name in a Hunan article is Hunan's.
    expect(codes('张家界永定区签约\n永定区今天签约。')).toEqual(['430800', '430802']);
  });

  it('does not count a place inside a company name as the text naming it', () => {
    expect(codes('湖南钧恒光伏科技有限公司投资12亿元建设光伏项目，落户岳阳。')).toEqual(['430600']);
  });
});

describe('places in hostile text', () => {
  it('a megabyte of place names without a stop reads, places and does not overflow the stack', () => {
    const text = '湖南长沙株洲湘潭衡阳华容、湘阴、'.repeat(70_000);
    const f = extractor.extract(text);
    expect(f.regions.length).toBeGreaterThan(3);
    expect(f.place?.code).toBe('430000');
  });
});
