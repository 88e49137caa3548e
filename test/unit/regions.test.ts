import { describe, expect, it } from 'vitest';
import { defaultRegion } from '../../src/regions/resolve.js';
import { extractor, gazetteer as gz, seedItems } from '../helpers/seed.js';

const resolveArticleRegion = (_gz: unknown, a: { tag: string | null; title: string; body: string }) => ({ region: extractor.articlePlace(a) ?? defaultRegion(gz) });

describe('gazetteer', () => {
  it('has Hunan: the province, 14 prefecture-level and 122 county-level divisions', () => {
    const count = (level: string) => gz.regions.filter((r) => r.level === level).length;
    expect([count('province'), count('city'), count('county')]).toEqual([1, 14, 122]);
    expect(gz.get('433101')).toMatchObject({ name: '吉首市', parent: '433100' });
    expect(gz.get('430725')).toMatchObject({ name: '桃源县', parent: '430700' });
    // Statistical zones are parks, not counties.
    expect(gz.get('430371')).toBeUndefined();
  });

  it.each([
    ['益阳', '430900'],
    ['益阳市', '430900'],
    ['湘西', '433100'],
    ['湘西土家族苗族自治州', '433100'],
    ['长沙', '430100'], // the city, not 长沙县
    ['长沙县', '430121'],
    ['桃源', '430725'],
    ['湖南', '430000'],
  ])('looks up %s', (name, code) => {
    expect(gz.lookup(name)?.code).toBe(code);
  });

  it('walks up the tree', () => {
    expect(gz.ancestry('430725').map((r) => r.code)).toEqual(['430725', '430700', '430000']);
    expect(gz.path('433101')).toEqual(['430000', '433100', '433101']);
    expect(gz.path('430000')).toEqual(['430000', null, null]);
  });
});

describe('article region', () => {
  const expected: Record<string, string> = {
    '2019年益阳市政府工作报告': '430900',
    '2020年长沙市政府工作报告': '430100',
    湖南省进出口总值开局良好: '430000',
    长沙黄花综保区: '430100',
    长沙新能源汽车产业: '430100',
    长沙可持续发展: '430100',
    京东湘潭电商产业园: '430300', // 【湖南招商】, but the text names 湘潭
    株洲高新区六大项目: '430200',
    湘西吉首集中启动: '433101',
    桃源县网络签约: '430725',
  };
  it.each(Object.entries(expected))('resolves %s → %s', (title, code) => {
    const a = seedItems.find((x) => x.title.includes(title));
    expect(a).toBeDefined();
    if (!a) return;
    expect(resolveArticleRegion(gz, a).region.code).toBe(code);
  });

  it('keeps a province tag when the body speaks of several prefectures', () => {
    const r = resolveArticleRegion(gz, { tag: '湖南招商', title: '全省项目集中开工', body: '长沙市、株洲市和湘潭市同步开工。长沙市项目最多。' });
    expect(r.region.code).toBe('430000');
  });

  it('refines a province tag by a body that names one prefecture', () => {
    const r = resolveArticleRegion(gz, { tag: '湖南招商', title: '项目集中开工', body: '郴州市举行集中开工仪式,郴州市委书记出席。' });
    expect(r.region.code).toBe('431000');
  });

  it('falls back to the province for an unknown tag', () => {
    expect(resolveArticleRegion(gz, { tag: '火星招商', title: '标题', body: '正文' }).region.code).toBe('430000');
  });
});

describe('another province as data', () => {
  it('loads a second file beside Hunan and resolves its places', async () => {
    const { Gazetteer } = await import('../../src/regions/gazetteer.js');
    const fs = await import('node:fs');
    const { gazetteerDir } = await import('../../src/paths.js');
    const hunan = JSON.parse(fs.readFileSync(`${gazetteerDir}/430000.json`, 'utf8')) as ConstructorParameters<typeof Gazetteer>[0][number];
    const hubei = {
      source: 'test',
      vintage: '2023',
      province: '420000',
      divisions: [
        { code: '420000', name: '湖北省', short: '湖北', level: 'province' as const, parent: null, en: 'Hubei Province' },
        { code: '420100', name: '武汉市', short: '武汉', level: 'city' as const, parent: '420000', en: 'Wuhan' },
        { code: '420111', name: '洪山区', short: '洪山', level: 'county' as const, parent: '420100', en: 'Hongshan District' },
      ],
    };
    const both = new Gazetteer([hunan, hubei]);
    expect(both.provinces.map((p) => p.code)).toEqual(['430000', '420000']);
    expect(both.lookup('武汉')?.code).toBe('420100');
    const { Extractor, loadLexicons } = await import('../../src/extraction/index.js');
    const ex = new Extractor(loadLexicons({ gazetteer: both }));
    expect(ex.articlePlace({ tag: '武汉招商', title: '洪山区项目签约', body: '' })?.code).toBe('420111');
    expect(both.lookup('长沙')?.code).toBe('430100');
  });
});
