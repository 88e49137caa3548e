// Sectors, companies, parks and named projects: the seed gold (test/fixtures/seed-gold.jsonl, a copy of ../shared/data/seed-gold.jsonl),
// our own labeled sentences from other places, and hostile input.
import { describe, expect, it } from 'vitest';
import { sectorNames } from '../../src/extraction/taxonomy.js';
import type { NamedFact } from '../../src/extraction/types.js';
import { extractor, gazetteer, seedItems } from '../helpers/seed.js';

const extractSectors = (t: string) => extractor.sectorFacts(t);
const extractCompanies = (t: string) => extractor.companyFacts(t);
const extractProjects = (t: string) => extractor.projectNames(t);
const sectorKeywords = extractor.sectors.vocabulary;
import { loadGold } from '../helpers/gold.js';

interface GoldRecord {
  item: number;
  title: string;
  partial?: boolean;
  sectors: string[];
  companies: string[];
  parks?: string[];
  projects?: string[];
}

const gold = loadGold<GoldRecord>();

/**
 * The gold's sector labels are the article's own words; this is how they map to our taxonomy
 * (null: not a sector — 高新技术 is a property of many sectors). 能源 in the 吉首 article is the
 * 500 kV substation, i.e. grid infrastructure; 材料 there is 高性能材料.
 */
const LABEL_TO_SECTOR: Record<string, string | null> = {
  外贸: 'trade',
  机电产品: 'equipment',
  高新技术产品: null,
  跨境电商: 'ecommerce',
  海产品: 'food',
  冷链物流: 'logistics',
  新能源汽车: 'nev',
  电池材料: 'new-energy',
  动力电池: 'new-energy',
  金融: 'finance',
  节能环保: 'green',
  智能制造: 'equipment',
  工程机械: 'construction-machinery',
  新材料: 'new-materials',
  电商: 'ecommerce',
  数字经济: 'digital',
  电子信息: 'electronics',
  环保综合利用: 'green',
  交通: 'infrastructure',
  物流: 'logistics',
  高新技术: null,
  材料: 'new-materials',
  现代农业: 'agriculture',
  能源: 'infrastructure',
  教育: 'education',
  医疗康养: 'health',
  鞋类制造: 'consumer-goods',
  体育用品: 'consumer-goods',
  新能源: 'new-energy',
  现代化农业: 'agriculture',
};

/** An exact gazetteer lookup; the combining module passes a first-mention lookup (byMention). */
const resolve = (name: string): string | null => gazetteer.lookup(name)?.code ?? null;
const byMention = (name: string): string | null => gazetteer.mentions(name)[0]?.region.code ?? null;

function spansHold(text: string, facts: readonly NamedFact[]): void {
  for (const f of facts) expect(text.slice(f.start, f.end)).toBe(f.name);
}

class Tally {
  tp = 0;
  expected = 0;
  tpP = 0;
  predicted = 0;
  add(got: readonly string[], want: readonly string[], partial: boolean): { hit: number; missed: string[]; extra: string[] } {
    const g = [...new Set(got)];
    const w = [...new Set(want)];
    const hit = w.filter((x) => g.includes(x)).length;
    this.tp += hit;
    this.expected += w.length;
    if (!partial) {
      this.predicted += g.length;
      this.tpP += g.filter((x) => w.includes(x)).length;
    }
    return { hit, missed: w.filter((x) => !g.includes(x)), extra: partial ? [] : g.filter((x) => !w.includes(x)) };
  }
  get p(): number {
    return this.predicted ? this.tpP / this.predicted : 1;
  }
  get r(): number {
    return this.expected ? this.tp / this.expected : 1;
  }
  line(name: string): string {
    return `  ${name.padEnd(10)} P ${this.p.toFixed(3)} (${this.tpP}/${this.predicted})  R ${this.r.toFixed(3)} (${this.tp}/${this.expected})`;
  }
}

describe('seed gold: sectors, companies, parks, projects', () => {

  it('maps every gold sector label to a taxonomy id or to nothing, on purpose', () => {
    for (const g of gold) for (const label of g.sectors) expect(LABEL_TO_SECTOR, label).toHaveProperty(label);
    for (const id of Object.values(LABEL_TO_SECTOR)) if (id) expect(sectorNames.has(id), id).toBe(true);
  });

  it('prints per-field precision/recall and reaches companies recall ≥ 0.75', () => {
    const sectors = new Tally();
    const companies = new Tally();
    const parks = new Tally();
    const projects = new Tally();
    const rows: string[] = [];
    for (const g of gold) {
      const a = seedItems.find((x) => x.item === g.item);
      expect(a, `seed item ${g.item}`).toBeDefined();
      if (!a) continue;
      const partial = g.partial === true;
      // As the combining module reads an article: the title, a newline, the body.
      const text = `${a.title}\n${a.body}`;
      const s = extractSectors(text);
      for (const f of s) expect(sectorKeywords.get(text.slice(f.start, f.end))).toBe(f.id);
      const c = extractCompanies(text);
      const pk = extractor.parkFacts(text);
      const pj = extractProjects(text);
      spansHold(text, c);
      spansHold(text, pk);
      spansHold(text, pj);
      const wantSectors = g.sectors.map((l) => LABEL_TO_SECTOR[l]).filter((x): x is string => typeof x === 'string');
      // Partial records list no sectors at all: nothing to score there.
      const rs = partial && g.sectors.length === 0 ? null : sectors.add(s.map((x) => x.id), wantSectors, partial);
      const rc = companies.add(c.map((x) => x.name), g.companies, partial);
      const rp = g.parks ? parks.add(pk.map((x) => x.name), g.parks, partial) : null;
      const rj = g.projects ? projects.add(pj.map((x) => x.name), g.projects, partial) : null;
      const fmt = (r: { missed: string[]; extra: string[] } | null) => (r ? `missed [${r.missed.join(' ')}] extra [${r.extra.join(' ')}]` : 'not scored');
      rows.push(
        `  ${g.item}${partial ? ' (partial)' : ''}\n` +
          `     sectors   ${fmt(rs)}\n     companies ${fmt(rc)}\n     parks     ${fmt(rp)}\n     projects  ${fmt(rj)}`,
      );
    }
    console.log(
      `extraction entities on the seed gold (partial records count for recall only):\n${rows.join('\n')}\n` +
        [sectors.line('sectors'), companies.line('companies'), parks.line('parks'), projects.line('projects')].join('\n'),
    );
    // 0.78 once the names that only the demo articles needed left the known-name list (was ≥ 0.9 with them).
    expect(companies.r).toBeGreaterThanOrEqual(0.75);
    // Guards at the level measured when this was written, so a change that loses ground shows.
    expect(sectors.r).toBeGreaterThanOrEqual(0.9);
    expect(parks.r).toBeGreaterThanOrEqual(0.85);
    expect(parks.p).toBeGreaterThanOrEqual(0.85);
    expect(companies.p).toBeGreaterThanOrEqual(0.85);
    expect(projects.r).toBeGreaterThanOrEqual(1);
    expect(projects.p).toBeGreaterThanOrEqual(1);
  });

  it('ties parks to the region their name gives', () => {
    const zz = seedItems.find((a) => a.title.includes('株洲高新区'));
    const ts = seedItems.find((a) => a.title.includes('京东湘潭'));
    expect(zz && ts).toBeTruthy();
    if (!zz || !ts) return;
    expect(extractor.parkFacts(zz.body).find((p) => p.name === '株洲高新区')?.regionCode).toBe('430200');
    expect(extractor.parkFacts(ts.body).find((p) => p.name === '京东湘潭电商产业园')?.regionCode).toBe('430300');
  });
});

describe('sectors', () => {
  it('uses only known ids and lists no keyword twice (checked at load)', () => {
    for (const id of sectorKeywords.values()) expect(sectorNames.has(id)).toBe(true);
    expect(sectorKeywords.size).toBeGreaterThan(200);
  });

  it('prefers the longest keyword and reports each sector once, at its first mention', () => {
    const text = '长沙新能源汽车产业加速崛起，动力电池和新能源客车齐头并进，新能源汽车产量增长。';
    const s = extractSectors(text);
    expect(s.map((x) => x.id)).toEqual(['nev', 'new-energy']);
    expect(s[0]).toMatchObject({ name: '新能源汽车', start: 2, end: 7 });
    expect(text.slice(s[1]?.start, s[1]?.end)).toBe('动力电池');
  });

  it.each([
    ['跨境电商、电子商务和外贸进出口', ['ecommerce', 'trade']],
    ['建设冷链物流园，开展海产品进口', ['logistics', 'food', 'trade']],
    ['涵盖医疗康养、鞋类制造、体育用品及新能源等领域', ['health', 'consumer-goods', 'new-energy']],
    ['通过数字化工具降低门槛', []],
    ['衡阳高新区引进电子信息和新材料项目', ['electronics', 'new-materials']],
    ['中国农业银行湖南分行', ['finance']],
  ])('%s', (text, ids) => {
    expect(extractSectors(text).map((x) => x.id)).toEqual(ids);
  });
});

describe('companies', () => {
  it.each([
    ['重点项目中有代表性案例，如德雅集团联合浦泰公司投资的医疗康养及现代化农业产业园。', ['德雅集团', '浦泰公司']],
    ['另一项目嘉泰鞋业投资2亿元，布局四条生产线。', ['嘉泰鞋业']],
    ['包括株洲维通利电气公司项目、湖南新程检测技术项目及其他四个工程。', ['株洲维通利电气公司', '湖南新程检测技术']],
    ['该区域引入平安银行、民生银行等全国性金融机构区域总部。', ['平安银行', '民生银行']],
    // 众泰 and the brand 阿波罗智行 were in the known-name list only because a demo article named them: no longer.
    ['以长沙比亚迪、长沙众泰等为代表的新能源汽车企业快速成长。', ['长沙比亚迪']],
    ['新引进长远锂科等投资50亿元以上项目8个、百度阿波罗智行等500强企业项目21个。', ['长远锂科', '百度']],
    ['6月18日，湖南恒远新材料科技有限公司投资30亿元的高性能复合材料项目落户衡阳高新区。', ['湖南恒远新材料科技有限公司']],
    ['华电岳阳电厂三期扩建工程、岳阳林纸股份有限公司高档文化纸技改项目等8个项目集中竣工。', ['岳阳林纸股份有限公司']],
    ['郴州市与中国建设银行湖南省分行签署战略合作协议，郴州农商银行同步授信。', ['中国建设银行', '郴州农商银行']],
    ['京东集团与湘潭市人民政府签署全面战略合作协议，京东将布局智能仓储。', ['京东集团']],
    // 投资 before a legal form is the name's trade (华耀投资有限公司); 株式会社 is a legal form.
    ['签约项目中，香港华耀投资有限公司拟投资1.5亿美元新建生产线。', ['香港华耀投资有限公司']],
    ['其中，丰荣精密工业株式会社投资1.8亿美元建设壳体项目。', ['丰荣精密工业株式会社']],
    // A place or 集团 in brackets before the legal form.
    ['与凯德投资（中国）有限公司、博格华纳汽车零部件（肇庆）有限公司签约。', ['凯德投资（中国）有限公司', '博格华纳汽车零部件（肇庆）有限公司']],
    // A county or park before a name that opens with its province is where it is; a 字号 may hold 和.
    ['竣工项目中，道县湖南某鞋业有限公司的运动鞋项目去年开工。', ['湖南某鞋业有限公司']],
    ['益阳丸和精密部件有限公司二期开工。', ['益阳丸和精密部件有限公司']],
  ])('%s', (text, names) => {
    const got = extractCompanies(text);
    spansHold(text, got);
    expect(got.map((c) => c.name)).toEqual(names);
  });

  it.each([
    '全面清理政府性投资项目，平台公司转型平稳推进。',
    '充分发挥市融资担保公司作用，新增担保业务10亿元以上。',
    '引进股份制商业银行，推进非银行类金融机构建设。',
    '推动科技创新和科技金融发展，新增上市公司2家。',
    '打掉涉黑犯罪组织17个、涉恶犯罪集团41个。',
    '沿北京东路建设商业街。',
    '全市加大投资力度，民间投资增长8%。',
    // "The company" of a notice.
    '本次投资符合本公司及股东的整体利益，根据公司章程无需提交股东大会审议。',
  ])('finds no company in %s', (text) => {
    expect(extractCompanies(text)).toEqual([]);
  });
});

describe('parks', () => {
  it.each([
    ['在招商引资的推动下，湖南省株洲市高新技术产业开发区迎来突破。株洲高新区天易科技城内，多个项目建成投产。株洲高新区将继续努力。', ['株洲高新区', '天易科技城']],
    ['以黄花综合保税区为核心载体，推动"世界海鲜产业园"发展。长沙黄花综合保税区依托中部交通枢纽地位。', ['长沙黄花综合保税区', '世界海鲜产业园']],
    ['湖南自贸试验区、综合保税区等开放平台作用日益凸显。', ['湖南自贸试验区', '综合保税区']],
    ['位于湘江新区的湖南金融中心集聚了300家金融机构。', ['湘江新区', '湖南金融中心']],
    ['比亚迪电池配套项目落户衡阳松木经开区，另有3个项目进驻郴州高新区。', ['衡阳松木经开区', '郴州高新区']],
    ['合作围绕电商产业园建设为核心，加快现代农业产业园提质升级，国家级高新区引领带动。', []],
  ])('%s', (text, names) => {
    const got = extractor.parkFacts(text);
    spansHold(text, got);
    expect(got.map((p) => p.name).sort()).toEqual([...names].sort());
  });

  it('resolves the place in a park name', () => {
    const text =
      '比亚迪电池配套项目落户衡阳松木经开区，岳阳经济技术开发区举行竣工仪式。湖南省株洲市高新技术产业开发区迎来突破，' +
      '吉首经开区仓储项目启动，京东湘潭电商产业园开园，大湘西物流园开工，湘江新区发布新政。';
    expect(extractor.parkFacts(text).map((p) => [p.name, p.regionCode])).toEqual([
      ['衡阳松木经开区', '430400'],
      ['岳阳经济技术开发区', '430600'],
      ['湖南省株洲市高新技术产业开发区', '430200'],
      ['吉首经开区', '433101'],
      ['京东湘潭电商产业园', '430300'],
      ['大湘西物流园', '433100'],
      ['湘江新区', null],
    ]);
  });
});

describe('named projects', () => {
  it('reads the project names of an article about one starting ceremony', () => {
    const text =
      '本次开工的重大项目中，吉怀高速公路金坪(联合)互通项目的实施旨在加强衔接。大湘西物流园与吉首经开区仓储项目的启动，' +
      '旨在打造物流枢纽。东方红产业园高性能材料结构研发中心暨三期工程则专注于材料研发。湘西500千伏变电工程是省级电网的组成部分。' +
      '这些交通工程的同步建设，将增强承载力。此次吉首市九个重点项目的集群式启动，体现了统筹规划。';
    const got = extractProjects(text);
    spansHold(text, got);
    expect(got.map((p) => p.name)).toEqual([
      '吉怀高速公路金坪(联合)互通项目',
      '大湘西物流园',
      '吉首经开区仓储项目',
      '东方红产业园高性能材料结构研发中心暨三期工程',
      '湘西500千伏变电工程',
    ]);
  });

  it('reads names in other places', () => {
    const text = '其中，郴州湘南国际物流园二期工程计划投资12亿元，嘉禾县铸造产业园项目投资8亿元，项目建成后预计年产值30亿元。';
    expect(extractProjects(text).map((p) => p.name)).toEqual(['郴州湘南国际物流园二期工程', '嘉禾县铸造产业园项目']);
  });
});

describe('hostile input', () => {
  const MB = 1 << 20;
  const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
  const texts: [string, string][] = [
    ['项目项目…', fill('项目')],
    ['公司公司…', fill('公司')],
    ['集团有限公司…', fill('长沙集团有限公司')],
    ['高新区高新区…', fill('株洲高新区')],
    ['unbalanced brackets', fill('((（（【“吉首项目')],
    ['closing brackets', fill(')）)项目工程中心')],
    ['long CJK runs', fill('湖南长沙株洲湘潭衡阳电子信息新材料产业园区')],
    ['digits', fill('1234567890亿')],
    ['known names', fill('京东百度阿波罗智行三一')],
    ['coordinated projects', fill('湘西物流园与吉首仓储项目的启动、')],
    ['investor phrases', fill('集团投资10亿元的园园园园园园园园园园园园园园园园园园园园园园园园园')],
    ['phases', fill('高铁新城二期路网建设二期二期建设')],
    ['quotations between names', fill('“好。”甲乙科技园项目开工。')],
    ['a company named again and again', fill('湖南湘丰茶业集团股份有限公司在长沙。')],
    ['short forms after many names', fill('。长沙县新能源汽车零部件智能制造产业园项目开工')],
  ];

  it.each(texts)('%s: 1 MB in under a second for each extractor', (_name, text) => {
    for (const [label, run] of [
      ['companies', () => extractCompanies(text)],
      ['parks', () => extractor.parkFacts(text)],
      ['projects', () => extractProjects(text)],
      ['sectors', () => extractSectors(text)],
    ] as const) {
      const t0 = performance.now();
      run();
      const ms = performance.now() - t0;
      expect(ms, label).toBeLessThan(1000);
    }
  });
});
