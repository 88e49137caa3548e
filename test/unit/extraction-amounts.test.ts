import { describe, expect, it } from 'vitest';
import { extractAmounts } from '../../src/extraction/amounts.js';
import type { AmountFact, AmountKind } from '../../src/extraction/types.js';
import { seedItems } from '../helpers/seed.js';
import { loadGold } from '../helpers/gold.js';

// The hand-checked amounts of the seed articles (../shared/data/seed-gold.jsonl), kept here so the
// test stands on its own; a test below checks the copy against the shared file when it is there.
// partial: the record lists only some of the article's amounts (counts for recall, not precision).
interface GoldItem {
  readonly item: number;
  readonly partial: boolean;
  readonly amounts: ReadonlyArray<readonly [raw: string, valueYuan: string, kind: AmountKind]>;
}
const GOLD: readonly GoldItem[] = [
  {
    item: 1,
    partial: true,
    amounts: [
      ['合同引资396亿元', '39600000000', 'contract_investment'],
      ['引进市域外资金形成固定资产投资578亿元', '57800000000', 'other'],
      ['生产总值1782亿元', '178200000000', 'gdp'],
      ['一般公共预算收入125.8亿元', '12580000000', 'revenue'],
    ],
  },
  {
    item: 2,
    partial: true,
    amounts: [
      ['22条工业新兴及优势产业链完成投资875亿元', '87500000000', 'completed_investment'],
      ['三一集团销售收入突破1000亿元', '100000000000', 'revenue'],
      ['新引进长远锂科等投资50亿元以上项目8个', '5000000000', 'threshold'],
    ],
  },
  { item: 3, partial: false, amounts: [] },
  { item: 4, partial: false, amounts: [] },
  { item: 5, partial: false, amounts: [] },
  {
    item: 6,
    partial: false,
    amounts: [
      ['技术合同成交额突破300亿元', '30000000000', 'other'],
      ['管理资产规模突破万亿元', '1000000000000', 'other'],
    ],
  },
  { item: 7, partial: false, amounts: [] },
  {
    item: 8,
    partial: false,
    amounts: [
      ['总投资额达七亿元人民币', '700000000', 'total_investment'],
      ['预计年产值十亿元', '1000000000', 'annual_output'],
      ['年度计划投资总额达一百五十九亿元人民币', '15900000000', 'planned_investment'],
      ['已完成投资近三十亿元人民币', '3000000000', 'completed_investment'],
    ],
  },
  { item: 9, partial: false, amounts: [['总投资额达68亿元', '6800000000', 'total_investment']] },
  {
    item: 10,
    partial: false,
    amounts: [
      ['总投资额20.4亿元', '2040000000', 'total_investment'],
      ['该综合项目总投资6.1亿元', '610000000', 'project_investment'],
      ['嘉泰鞋业投资2亿元', '200000000', 'project_investment'],
    ],
  },
];

function seedText(item: number, withTitle: boolean): string {
  const a = seedItems[item - 1];
  if (!a) throw new Error(`no seed item ${item}`);
  return withTitle ? `${a.title}\n${a.body}` : a.body;
}

describe('seed gold amounts', () => {
  it('the copy above matches the gold file', () => {
    const records = loadGold<{ item: number; partial?: boolean; amounts: Array<{ raw: string; value_yuan: number; kind: string }> }>();
    expect(records.map((r) => r.item)).toEqual(GOLD.map((g) => g.item));
    for (const r of records) {
      const g = GOLD.find((x) => x.item === r.item)!;
      expect(g.partial).toBe(r.partial === true);
      expect(r.amounts.map((a) => [a.raw, BigInt(a.value_yuan).toString(), a.kind])).toEqual(g.amounts);
    }
  });

  const cases = GOLD.flatMap((g) => g.amounts.map(([raw, value, kind]) => [g.item, raw, value, kind] as const));
  describe.each([
    ['title + body', true],
    ['body', false],
  ])('on %s', (_label, withTitle) => {
    it.each(cases)('item %i: %s', (item, raw, value, kind) => {
      const text = seedText(item, withTitle);
      const facts = extractAmounts(text);
      // The mention inside the gold phrase, with the gold value and kind.
      const at = text.indexOf(raw);
      expect(at).toBeGreaterThanOrEqual(0);
      const fact = facts.find((f) => f.start >= at && f.end <= at + raw.length);
      expect(fact, `no amount found in ${raw}`).toBeDefined();
      expect(fact).toMatchObject({ valueYuan: value, value, currency: 'CNY', kind });
      expect(fact!.approx).toBe(/近|突破|以上/.test(fact!.text));
    });

    it.each(GOLD.filter((g) => !g.partial).map((g) => [g.item, g] as const))(
      'item %i: every amount found is a gold amount (precision)',
      (item, g) => {
        const wanted = new Set(g.amounts.map(([, v, k]) => `${v} ${k}`));
        const found = extractAmounts(seedText(item, withTitle)).map((f) => `${f.valueYuan} ${f.kind}`);
        expect(found.filter((f) => !wanted.has(f))).toEqual([]);
        // And every gold amount is among them (recall).
        expect([...wanted].filter((w) => !found.includes(w))).toEqual([]);
      },
    );
  });

  it('reads the title too: 株洲高新区六大项目竣工投资七亿元 is the six projects’ total', () => {
    const facts = extractAmounts(seedText(8, true));
    expect(facts[0]).toMatchObject({ text: '七亿元', start: 13, value: '700000000', kind: 'total_investment' });
  });

  it('keeps offsets into the original text', () => {
    for (const item of seedItems) {
      const text = `【${item.tag}】${item.title}\n${item.body}`;
      for (const f of extractAmounts(text)) expect(text.slice(f.start, f.end)).toBe(f.text);
    }
  });
});

type Expect = Partial<AmountFact> & { text: string };

function amounts(text: string, opts?: { usdRate?: string }) {
  return extractAmounts(text, opts);
}

describe('labeled cases from other places and stages', () => {
  const cases: ReadonlyArray<readonly [string, Expect[]]> = [
    // Signing
    ['衡阳市签约项目总投资120亿元。', [{ text: '120亿元', value: '12000000000', kind: 'total_investment' }]],
    ['永州市共签约项目45个，签约金额达312亿元。', [{ text: '312亿元', value: '31200000000', kind: 'contract_investment' }]],
    ['2019湖南—粤港澳大湾区投资贸易洽谈周上，郴州现场签约85亿元。', [{ text: '85亿元', kind: 'contract_investment' }]],
    ['浏阳经开区新签约项目18个，总签约额236亿元，其中50亿元以上项目2个。', [
      { text: '236亿元', kind: 'contract_investment' },
      { text: '50亿元以上', value: '5000000000', kind: 'threshold', approx: true },
    ]],
    ['邵阳县引进湘商回归项目12个，合同引资45亿元，其中外资项目2个、合同外资1.2亿美元。', [
      { text: '45亿元', kind: 'contract_investment' },
      { text: '1.2亿美元', value: '120000000', currency: 'USD', valueYuan: null, kind: 'contract_investment' },
    ]],
    // Construction start
    ['怀化市集中开工项目32个，总投资156.8亿元。', [{ text: '156.8亿元', value: '15680000000', kind: 'total_investment' }]],
    ['吉怀高速公路金坪(联合)互通项目开工，项目总投资12亿元。', [{ text: '12亿元', kind: 'project_investment' }]],
    ['其中，中伟新材料项目总投资50亿元，达产后可实现产值100亿元。', [
      { text: '50亿元', kind: 'project_investment' },
      { text: '100亿元', kind: 'annual_output' },
    ]],
    ['中联重科智慧产业城项目总投资约120亿元，计划2025年全面投产，达产后年产值300亿元。', [
      { text: '约120亿元', value: '12000000000', approx: true, kind: 'project_investment' },
      { text: '300亿元', kind: 'annual_output' },
    ]],
    ['蓝思科技在浏阳投资建设的项目总投资逾200亿元。', [{ text: '逾200亿元', approx: true, kind: 'project_investment' }]],
    ['两个项目分别投资3亿元和5亿元。', [
      { text: '3亿元', kind: 'project_investment' },
      { text: '5亿元', kind: 'project_investment' },
    ]],
    ['总投资超百亿的比亚迪项目落户长沙。', [{ text: '超百亿', value: '10000000000', approx: true, kind: 'project_investment' }]],
    ['该项目投资20亿，建成后年销售收入可达30亿元。', [
      { text: '20亿', value: '2000000000', kind: 'project_investment' },
      { text: '30亿元', kind: 'revenue' },
    ]],
    ['华为公司拟投资100亿元建设数据中心。', [{ text: '100亿元', kind: 'project_investment' }]],
    ['美国某公司投资5000万美元建设研发中心。', [{ text: '5000万美元', value: '50000000', currency: 'USD', kind: 'project_investment' }]],
    ['三元锂电池正极材料项目总投资8亿元。', [{ text: '8亿元', kind: 'project_investment' }]],
    ['这些项目投资额合计达16.7亿元。', [{ text: '16.7亿元', kind: 'total_investment' }]],
    ['此次集中签约的20个项目总投资达318亿元，其中制造业项目12个，投资额216亿元。', [
      { text: '318亿元', kind: 'total_investment' },
      { text: '216亿元', kind: 'total_investment' },
    ]],
    ['该项目由三一集团投资建设，总投资50亿元，分两期建设，一期投资20亿元，二期投资30亿元。', [
      { text: '50亿元', kind: 'project_investment' },
      { text: '20亿元', kind: 'project_investment' },
      { text: '30亿元', kind: 'project_investment' },
    ]],
    ['岳阳市2023年一季度重大项目集中开工，共开工项目86个，总投资426亿元，年度计划投资135亿元。', [
      { text: '426亿元', kind: 'total_investment' },
      { text: '135亿元', kind: 'planned_investment' },
    ]],
    // Plans and progress
    ['郴州市计划投资35亿元，推进重点项目建设。', [{ text: '35亿元', kind: 'planned_investment' }]],
    ['湘潭市今年安排省市重点项目100个，年度计划投资300亿元，1-6月完成投资168.5亿元。', [
      { text: '300亿元', kind: 'planned_investment' },
      { text: '168.5亿元', value: '16850000000', kind: 'completed_investment' },
    ]],
    ['岳阳经开区完成投资超80亿元。', [{ text: '超80亿元', value: '8000000000', approx: true, kind: 'completed_investment' }]],
    ['衡阳白沙洲工业园全年完成固定资产投资45亿元，同比增长12%。', [{ text: '45亿元', kind: 'completed_investment' }]],
    // 计划总投资 is a project's whole cost (as 总投资); 计划投资 and 年度计划投资总额 are a year's plan.
    ['该项目计划总投资约2亿至3亿元。', [{ text: '约2亿至3亿元', value: '200000000', approx: true, kind: 'project_investment' }]],
    ['全市年度计划投资总额达159亿元。', [{ text: '159亿元', kind: 'planned_investment' }]],
    ['全年安排重点项目120个，年度计划投资82亿元。', [{ text: '82亿元', kind: 'planned_investment' }]],
    // Completion and operation
    ['项目全部建成后，年产值可达50亿元，实现税收2.3亿元。', [
      { text: '50亿元', kind: 'annual_output' },
      { text: '2.3亿元', value: '230000000', kind: 'tax' },
    ]],
    ['项目建成后年纳税5000万元，带动就业1200人。', [{ text: '5000万元', value: '50000000', kind: 'tax' }]],
    ['该公司2022年实现营业收入12.5亿元，净利润1.3亿元，纳税8000万元。', [
      { text: '12.5亿元', kind: 'revenue' },
      { text: '1.3亿元', kind: 'other' },
      { text: '8000万元', kind: 'tax' },
    ]],
    ['预计年营业收入2亿元左右。', [{ text: '2亿元左右', approx: true, kind: 'revenue' }]],
    // The economy
    ['全市实现地区生产总值4200亿元，人均GDP达7万元。', [
      { text: '4200亿元', kind: 'gdp' },
      { text: '7万元', value: '70000', kind: 'other' },
    ]],
    ['湘江新区GDP突破3000亿，营收超10亿。', [
      { text: '突破3000亿', value: '300000000000', approx: true, kind: 'gdp' },
      { text: '超10亿', approx: true, kind: 'revenue' },
    ]],
    ['湘西州实现一般公共预算收入78.6亿元。', [{ text: '78.6亿元', kind: 'revenue' }]],
    ['常德市招商引资实际到位资金580亿元，增长12%。', [{ text: '580亿元', kind: 'other' }]],
    // Thresholds: a bound on each project
    ['益阳高新区新引进亿元以上项目26个。', [{ text: '亿元以上', value: '100000000', kind: 'threshold' }]],
    ['娄底经开区投资3-5亿元的项目有12个。', [{ text: '3-5亿元', value: '300000000', approx: true, kind: 'threshold' }]],
    ['全年新开工投资超过5亿元的项目10个。', [{ text: '超过5亿元', kind: 'threshold' }]],
    ['郴州高新区引进投资过亿元项目15个。', [{ text: '过亿元', value: '100000000', approx: true, kind: 'threshold' }]],
    ['一季度，全市实际利用外资3.2亿美元，同比增长21%；实际到位内资285亿元。', [
      { text: '3.2亿美元', currency: 'USD', kind: 'other' },
      { text: '285亿元', kind: 'other' },
    ]],
    ['项目达产后，预计可实现年销售收入15亿元、利税2亿元，新增就业岗位800个。', [
      { text: '15亿元', kind: 'revenue' },
      { text: '2亿元', kind: 'tax' },
    ]],
    ['每年实现税收2亿元，产能5亿元/年。', [
      { text: '2亿元', kind: 'tax' },
      { text: '5亿元', kind: 'other' },
    ]],
    ['消除年集体经济收入10万元以下的薄弱村100个。', [{ text: '10万元以下', value: '100000', kind: 'threshold' }]],
    // Intensities are not sums
    ['注册资本1亿元，单价3000元/平方米，投资强度不低于300万元/亩。', [
      { text: '1亿元', kind: 'other' },
      { text: '3000元', kind: 'other' },
      { text: '不低于300万元', approx: true, kind: 'other' },
    ]],
    // Written in Chinese numerals
    ['张家界市文旅项目总投资一百二十亿元，其中一期投资三十五亿元。', [
      { text: '一百二十亿元', value: '12000000000', kind: 'total_investment' },
      { text: '三十五亿元', value: '3500000000' },
    ]],
    ['项目总投资一亿五千万元。', [{ text: '一亿五千万元', value: '150000000' }]],
    ['投资三到五亿元。', [{ text: '三到五亿元', value: '300000000', approx: true }]],
    ['市属国企资产总额突破1.2万亿元。', [{ text: '突破1.2万亿元', value: '1200000000000', approx: true, kind: 'other' }]],
    ['总投资1亿5000万元。', [{ text: '1亿5000万元', value: '150000000' }]],
  ];

  it.each(cases)('%s', (text, want) => {
    const got = amounts(text);
    expect(got).toHaveLength(want.length);
    want.forEach((w, i) => {
      const g = got[i]!;
      expect(g).toMatchObject(w);
      expect(text.slice(g.start, g.end)).toBe(g.text);
      if (g.currency === 'CNY') expect(g.valueYuan).toBe(g.value);
    });
  });
});

describe('not money', () => {
  it.each([
    '年产能力超过400万双',
    '创造稳定就业岗位约1200个',
    '建设5万平方米的海鲜主题商业综合体',
    '实现每周超500吨的进口吞吐量',
    '储能电站容量5GWh',
    '2019年1月8日',
    '2023年1-2月，同比增长170%',
    '全市接待国内外游客1.7亿人次',
    '城镇新增就业14.8万人',
    '年发电量10亿千瓦时',
    '长沙将扩建10万吨级智能冷库',
    '形成千亿级海鲜产业集群',
    '打造10亿元级产业集群',
    '创建亿元楼宇5栋，万企帮万村',
    '三元锂电池、一元化管理、二元结构',
    '湘西500千伏变电工程',
    '稻虾等生态种养面积达78万亩',
    '每万人拥有有效发明专利2.3件',
    'G234南县至茅草街，PM2.5年均浓度',
    '第一亿元', // an ordinal, not an amount
    '零元购',
  ])('%s', (text) => {
    expect(amounts(text)).toEqual([]);
  });

  it('keeps 港元 and 欧元 in their own unit, never as yuan; leaves 日元 out', () => {
    const got = extractAmounts('投资5亿港元，3000万欧元，2亿日元');
    expect(got.map((a) => [a.text, a.currency, a.value, a.valueYuan])).toEqual([
      ['5亿港元', 'HKD', '500000000', null],
      ['3000万欧元', 'EUR', '30000000', null],
    ]);
  });
});

describe('approximations', () => {
  it.each([
    ['已完成投资近三十亿元人民币', '近三十亿元人民币', true],
    ['总投资约10亿元', '约10亿元', true],
    ['总投资超10亿元', '超10亿元', true],
    ['总投资超过10亿元', '超过10亿元', true],
    ['总投资逾10亿元', '逾10亿元', true],
    ['累计投资20余亿元', '20余亿元', true],
    ['累计投资300多亿元', '300多亿元', true],
    ['新增贷款150亿元以上。', '150亿元以上', true],
    ['年营业收入2亿元左右。', '2亿元左右', true],
    ['销售收入突破1000亿元', '突破1000亿元', true],
    ['总投资额达68亿元', '68亿元', false],
    ['现场签约5亿元', '5亿元', false],
    ['总投资额20.4亿元', '20.4亿元', false],
  ])('%s → %s (approx %s)', (text, want, approx) => {
    const [f] = amounts(text);
    expect(f).toMatchObject({ text: want, approx });
  });
});

describe('dollars', () => {
  it('keeps dollars in dollars, with no yuan value unless a rate is configured', () => {
    expect(amounts('实现进出口总额11亿美元')).toMatchObject([
      { text: '11亿美元', value: '1100000000', currency: 'USD', valueYuan: null, kind: 'other' },
    ]);
    expect(amounts('实现进出口总额11亿美元', { usdRate: '7.1' })).toMatchObject([
      { value: '1100000000', currency: 'USD', valueYuan: '7810000000' },
    ]);
    expect(amounts('某公司投资5000万美元', { usdRate: '7.1234' })).toMatchObject([
      { text: '5000万美元', value: '50000000', valueYuan: '356170000', kind: 'project_investment' },
    ]);
    expect(amounts('500美金')).toMatchObject([{ value: '500', currency: 'USD' }]);
    // Yuan amounts are untouched by the rate.
    expect(amounts('总投资20.4亿元', { usdRate: '7.1' })).toMatchObject([{ valueYuan: '2040000000', currency: 'CNY' }]);
  });

  it('rejects a rate that is not a positive decimal', () => {
    expect(() => amounts('11亿美元', { usdRate: '7,1' })).toThrow(RangeError);
    expect(() => amounts('11亿美元', { usdRate: '0' })).toThrow(RangeError);
  });
});

describe('offsets', () => {
  it('points at the amount as written, approximation words included', () => {
    const text = '六个项目集中竣工，总投资额达七亿元人民币，预计年产值十亿元；已完成投资近三十亿元。';
    const facts = amounts(text);
    expect(facts.map((f) => f.text)).toEqual(['七亿元人民币', '十亿元', '近三十亿元']);
    for (const f of facts) expect(text.slice(f.start, f.end)).toBe(f.text);
    expect(facts[0]).toMatchObject({ start: 14, end: 20 });
  });

  it('counts UTF-16 code units (an astral character before the amount)', () => {
    const text = '𠀀𠀀总投资5亿元';
    const [f] = amounts(text);
    expect(f).toMatchObject({ text: '5亿元', start: 7, end: 10 });
    expect(text.slice(f!.start, f!.end)).toBe('5亿元');
  });
});

describe('linear time', () => {
  const MB = 1 << 20;
  const fill = (unit: string, chars: number) => unit.repeat(Math.ceil(chars / unit.length)).slice(0, chars);

  it('1 MB of hostile text in under a second', () => {
    const parts = [
      '1', // a long digit run
      '亿',
      '一',
      '(【（“《', // unbalanced brackets
      '1.',
      '1,',
      '亿元',
      '投资1亿元，',
      '3-',
      '近约超逾',
      '总投资一百五十九亿元人民币以上项目',
    ];
    const text = parts.map((p) => fill(p, Math.floor(MB / parts.length))).join('');
    expect(text.length).toBeGreaterThan(MB - 20);
    const t0 = performance.now();
    const facts = extractAmounts(text);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(1000);
    expect(facts.length).toBeGreaterThan(10_000);
  });

  it.each([
    ['digits', '1'],
    ['亿亿亿', '亿'],
    ['一一一', '一'],
    ['1.1.1.1', '1.'],
    ['brackets', '(【（“《'],
  ])('1 MB of %s in under a second', (_name, unit) => {
    const text = fill(unit, MB);
    const t0 = performance.now();
    expect(extractAmounts(text)).toEqual([]);
    expect(performance.now() - t0).toBeLessThan(1000);
  });
});
