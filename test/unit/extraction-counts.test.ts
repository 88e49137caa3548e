// Project counts and the article's stage: the seed gold (test/fixtures/seed-gold.jsonl, a copy of ../shared/data/seed-gold.jsonl), our own
// labeled articles from other places and stages, and hostile input.
import { describe, expect, it } from 'vitest';
import { articleStage, draftingStage, extractProjectCounts, parseChineseCount, projectStages, scoreArticleStage, stageWords } from '../../src/extraction/counts.js';
import type { ArticleStage, ProjectCountFact, Stage } from '../../src/extraction/types.js';
import { seedItems } from '../helpers/seed.js';
import { loadGold } from '../helpers/gold.js';

interface GoldRecord {
  item: number;
  title: string;
  partial?: boolean;
  stage: ArticleStage;
  project_counts: { raw: string; value: number; stage: Stage | null }[];
}

const gold = loadGold<GoldRecord>();

function spansHold(text: string, facts: readonly ProjectCountFact[]): void {
  for (const f of facts) expect(text.slice(f.start, f.end)).toBe(f.text);
}

describe('Chinese counts', () => {
  it.each([
    ['七', 7],
    ['九', 9],
    ['两', 2],
    ['十', 10],
    ['十二', 12],
    ['七十八', 78],
    ['二十', 20],
    ['一百五十九', 159],
    ['一百零五', 105],
    ['两千', 2000],
    ['一千二百', 1200],
    ['三万', 30000],
    ['一万二千', 12000],
  ])('%s = %i', (s, n) => {
    expect(parseChineseCount(s)).toBe(n);
  });

  it.each(['', '一三', '百', '十百', '零', '七七', '万'])('rejects %j', (s) => {
    expect(parseChineseCount(s)).toBeNull();
  });
});

describe('project counts', () => {
  it.each([
    ['桃源县通过网络签约活动成功引进七个重点招商投资项目，总投资额20.4亿元。', 7, 'signing'],
    ['吉首市近日集中开工建设九大重点项目，总投资额达68亿元。', 9, 'construction_start'],
    ['六个新兴产业链项目集中竣工，涵盖电子信息。', 6, 'completion'],
    ['株洲高新区六大项目竣工投资七亿元', 6, 'completion'],
    ['全力实施省“5个100”工程。新开工项目242个，新投产项目216个。', 242, 'construction_start'],
    ['新开工项目242个，新投产项目216个。', 216, 'completion'],
    ['对外开放取得突破。节会签约项目117个，合同引资396亿元。', 117, 'signing'],
    ['高新区年内安排重点建设项目共计七十八个，年度计划投资总额达一百五十九亿元。', 78, 'planned'],
    ['重大项目支撑有力，新引进2亿元以上重大项目162个；', 162, 'signing'],
    ['新引进长远锂科等投资50亿元以上项目8个、百度阿波罗智行等500强企业项目21个，', 21, 'signing'],
    ['园区现有6个项目。', 6, null],
    ['两个项目已建成投产，', 2, 'completion'],
    ['已有30余个项目入驻运营。', 30, 'operating'],
  ] as const)('%s → %i (%s)', (text, value, stage) => {
    const counts = extractProjectCounts(text);
    spansHold(text, counts);
    expect(counts.map((c) => [c.value, c.stage])).toContainEqual([value, stage]);
  });

  it('keeps one count per value: later mentions of the same six projects add nothing', () => {
    const text = '六个新兴产业链项目集中竣工。六大产业项目竣工标志着新进展。本次六个项目的顺利投产，得益于政策扶持。';
    expect(extractProjectCounts(text).map((c) => [c.value, c.stage])).toEqual([[6, 'completion']]);
  });

  it('reads no count where there is none', () => {
    for (const text of [
      '一年来，我们突出抓好六个方面工作。',
      '全力实施省“5个100”和市“6个10”工程。',
      '这是第一个项目。',
      '这是一个好项目。',
      '三大攻坚战取得决定性成就。',
      '长沙拥有13家新能源汽车整车及核心零部件生产企业。',
    ]) {
      expect(extractProjectCounts(text), text).toEqual([]);
    }
  });

  it('reports a count given in the headline and again in the body at its body mention', () => {
    const text = '桃源县网络签约活动成功引进7个重点招商投资项目\n桃源县通过网络签约活动成功引进七个重点招商投资项目，总投资额20.4亿元。';
    const counts = extractProjectCounts(text);
    expect(counts).toHaveLength(1);
    expect(counts[0]).toMatchObject({ text: '七个重点招商投资项目', value: 7, stage: 'signing' });
    expect(counts[0]?.start).toBeGreaterThan(text.indexOf('\n'));
  });

  it('gives the text of a 项目N个 count from its subject', () => {
    const [c] = extractProjectCounts('对外开放取得突破。节会签约项目117个，合同引资396亿元。');
    expect(c?.text).toBe('节会签约项目117个');
    const [d] = extractProjectCounts('新引进长远锂科等投资50亿元以上项目8个，');
    expect(d?.text).toBe('投资50亿元以上项目8个');
  });
});

// Our own articles, written like the portal's, from places and stages the seed does not have.
const OWN: { place: string; title: string; body: string; counts: [number, Stage | null][]; stage: ArticleStage }[] = [
  {
    place: '衡阳',
    title: '衡阳市深圳招商推介会现场签约12个项目 总投资156亿元',
    body:
      '6月18日，2024年衡阳（深圳）招商推介会在深圳举行，现场集中签约项目12个，总投资156亿元。其中，湖南恒远新材料科技有限公司' +
      '投资30亿元的高性能复合材料项目落户衡阳高新区，比亚迪电池配套项目落户衡阳松木经开区。衡阳市商务局负责人表示，将为签约企业' +
      '提供全程代办服务，推动项目早落地、早开工、早投产。',
    counts: [[12, 'signing']],
    stage: 'signing',
  },
  {
    place: '郴州',
    title: '郴州市第二季度重大项目集中开工 28个项目总投资150亿元',
    body:
      '4月10日，郴州市2024年第二季度重大项目集中开工仪式在郴州高新区举行。本次集中开工项目28个，总投资150亿元，涵盖电子信息、' +
      '有色金属精深加工、现代物流等领域。其中，湘南国际物流园二期工程计划投资12亿元，嘉禾县铸造产业园项目投资8亿元，项目建成后' +
      '预计年产值30亿元。郴州市将为开工项目做好要素保障。',
    counts: [[28, 'construction_start']],
    stage: 'construction_start',
  },
  {
    place: '岳阳',
    title: '岳阳经开区8个项目集中竣工投产',
    body:
      '近日，岳阳经济技术开发区举行项目集中竣工投产活动。华电岳阳电厂三期扩建工程、岳阳林纸股份有限公司高档文化纸技改项目等' +
      '8个项目集中竣工投产，总投资42亿元，达产后预计年产值60亿元，新增就业岗位1500个。今年以来，岳阳经开区已有15个项目' +
      '建成投产，园区规模以上工业增加值增长9.2%。',
    counts: [
      [8, 'completion'],
      [15, 'completion'],
    ],
    stage: 'completion',
  },
  {
    place: '常德',
    title: '常德市发布2024年重点建设项目计划',
    body:
      '常德市发展改革委日前发布2024年重点建设项目计划，全年安排市级重点建设项目300个，计划总投资1200亿元，年度计划投资' +
      '420亿元。其中产业项目180个，基础设施项目70个，社会民生项目50个。各区县（市）要加强项目调度，确保按计划推进。',
    counts: [
      [300, 'planned'],
      [180, 'planned'],
      [70, 'planned'],
      [50, 'planned'],
    ],
    stage: 'planned',
  },
  {
    place: '常德',
    title: '常德经开区中联重科灌溪工业园满产运营 订单排到年底',
    body:
      '走进常德经开区中联重科灌溪工业园，生产线开足马力，一台台起重机下线后直接装车发往全国各地。园区自投入运营以来，' +
      '产量逐年攀升，产品销往30多个国家和地区。园区负责人介绍，今年订单已排到年底，正在加快智能化改造。',
    counts: [],
    stage: 'operating',
  },
  {
    place: '资兴',
    title: '资兴市签约5个项目 开工3个项目',
    body:
      '资兴市日前举行重大项目集中签约和开工活动，现场签约5个项目，总投资36亿元；同时集中开工3个项目，总投资18亿元，' +
      '涵盖新材料、电子信息和文化旅游等领域。',
    counts: [
      [5, 'signing'],
      [3, 'construction_start'],
    ],
    stage: 'mixed',
  },
  {
    place: '岳阳',
    title: '岳阳市一季度外贸进出口同比增长18%',
    body:
      '据岳阳海关统计，今年一季度岳阳市外贸进出口总值132亿元，同比增长18%。其中出口76亿元，进口56亿元。城陵矶港集装箱' +
      '吞吐量稳步增长，对东盟贸易保持较快增长。',
    counts: [],
    stage: 'none',
  },
];

describe('own labeled articles (衡阳, 郴州, 岳阳, 常德)', () => {
  it.each(OWN.map((o) => [`${o.place}: ${o.title}`, o] as const))('%s', (_name, o) => {
    const counts = extractProjectCounts(o.body);
    spansHold(o.body, counts);
    expect(counts.map((c) => [c.value, c.stage])).toEqual(o.counts);
    expect(articleStage(o.title, o.body, counts)).toBe(o.stage);
  });
});

describe('the named projects have their say', () => {
  const spanOf = (text: string, name: string) => {
    const start = text.indexOf(name);
    return { start, end: start + name.length };
  };
  const title = '某园区上半年新签约入园项目9个';
  const body =
    '今年以来，某园区新签约入园项目9个。甲电子有限公司投资的电容器项目（二期）厂房已经封顶；乙科技有限公司投资2亿元新建的' +
    '固态电池生产线已于5月投产。园区还储备了丙材料项目，预计年底前签约。';
  const text = `${title}\n${body}`;
  const projects = ['电容器项目（二期）', '固态电池生产线', '丙材料项目'].map((n) => spanOf(text, n));

  it('a signing article whose named projects were started and completed is mixed', () => {
    const counts = extractProjectCounts(text);
    expect(scoreArticleStage(title, text, counts).stage).toBe('signing');
    expect([...projectStages(text, projects)].sort()).toEqual(['completion', 'construction_start']);
    expect(articleStage(title, text, counts, projects)).toBe('mixed');
  });

  it('its projects are still drafted under the stage its words give, unless an editor set one', () => {
    const counts = extractProjectCounts(text);
    expect(scoreArticleStage(title, text, counts, projects)).toMatchObject({ stage: 'mixed', byWords: 'signing' });
    expect(draftingStage({ stage: 'mixed', stageByWords: 'signing' })).toBe('signing');
    // An editor's stage drops stageByWords (corrections.ts): it is the one drafted under.
    expect(draftingStage({ stage: 'completion' })).toBe('completion');
  });

  it('one stage all its named projects reached replaces a plan', () => {
    const t = '某县推进产业项目建设\n某县谋划储备一批项目。甲公司投资的智能纺纱生产线于5月投产，乙公司计划投资建设鞋材项目。';
    const ps = ['智能纺纱生产线', '鞋材项目'].map((n) => spanOf(t, n));
    expect(articleStage(titleOf(t), t, extractProjectCounts(t), [])).toBe('planned');
    expect(articleStage(titleOf(t), t, extractProjectCounts(t), ps)).toBe('completion');
  });

  it('a sentence or a report paragraph that sets out a plan plans every stage word in it', () => {
    const t = '今年，我们将力争新签约项目30个，推动某度假区项目开工建设。\n2025年，我们将坚持项目为王。重点推进某航运枢纽工程开工建设，确保某产业基地年内投产。\n某产业园已于3月开工。';
    expect(stageWords(t).map((w) => [t.slice(w.start, w.end), w.future])).toEqual([
      ['签约', true],
      ['开工', true],
      ['开工', true],
      ['投产', true],
      ['开工', false],
    ]);
  });

  it('counts of projects reported at two stages make the article mixed; one pair’s history does not', () => {
    const bulletin = '某市2024年统计公报（节选）\n全年新签约亿元以上项目682个，新开工亿元以上项目451个。';
    expect(articleStage(titleOf(bulletin), bulletin, extractProjectCounts(bulletin))).toBe('mixed');
    const pair = '某县两个招商项目建成投产\n某县经济开发区内的两个项目同日建成投产。这两个项目从签约到投产用时均不到一年。';
    expect(articleStage(titleOf(pair), pair, extractProjectCounts(pair))).toBe('completion');
  });

  it('a condition covers the whole run of stage words it closes (建成投产后)', () => {
    const t = '甲公司投资建设稻虾产业园（二期）项目，建成投产后年加工小龙虾5万吨。';
    expect(stageWords(t).map((w) => [t.slice(w.start, w.end), w.future])).toEqual([
      ['建成', true],
      ['投产', true],
    ]);
  });
});

const titleOf = (t: string) => t.slice(0, t.indexOf('\n'));

describe('seed gold: counts and article stage', () => {

  it('scores counts and stage against the gold, and gets the stage of all ten right', () => {
    let tp = 0;
    let predicted = 0; // on records that count for precision
    let tpPrecision = 0;
    let expected = 0;
    const rows: string[] = [];
    let stageRight = 0;
    for (const g of gold) {
      const a = seedItems.find((x) => x.item === g.item);
      expect(a, `seed item ${g.item}`).toBeDefined();
      if (!a) continue;
      expect(g.title).toBe(`【${a.tag}】${a.title}`);
      // As the combining module reads an article: the title, a newline, the body.
      const text = `${a.title}\n${a.body}`;
      const counts = extractProjectCounts(text);
      spansHold(text, counts);
      const got = counts.map((c) => `${c.value}:${c.stage}`);
      const want = g.project_counts.map((c) => `${c.value}:${c.stage}`);
      // A count matches a gold count with the same value and stage whose text it overlaps.
      const matched = (c: GoldRecord['project_counts'][number]) => {
        const at = text.indexOf(c.raw);
        return counts.some((p) => p.value === c.value && p.stage === c.stage && (at === -1 || (p.start < at + c.raw.length && p.end > at)));
      };
      const hit = g.project_counts.filter(matched).length;
      tp += hit;
      expected += want.length;
      if (!g.partial) {
        predicted += got.length;
        tpPrecision += hit;
      }
      const { stage, scores } = scoreArticleStage(a.title, text, counts);
      if (stage === g.stage) stageRight++;
      rows.push(
        `  ${String(g.item).padStart(2)} ${stage === g.stage ? '✓' : '✗'} stage ${stage.padEnd(18)} gold ${g.stage.padEnd(18)} counts ${hit}/${want.length}` +
          `${g.partial ? ' (partial)' : ''} got [${got.join(', ')}] scores ${JSON.stringify(scores)}`,
      );
    }
    const p = predicted ? tpPrecision / predicted : 1;
    const r = expected ? tp / expected : 1;
    console.log(
      `extraction counts/stage on the seed gold:\n${rows.join('\n')}\n` +
        `  project counts (value+stage): P ${p.toFixed(3)} (${tpPrecision}/${predicted}, partial records excluded) R ${r.toFixed(3)} (${tp}/${expected})\n` +
        `  article stage: ${stageRight}/${gold.length}`,
    );
    expect(stageRight).toBe(gold.length);
    expect(r).toBeGreaterThanOrEqual(0.9);
    expect(p).toBeGreaterThanOrEqual(0.9);
  });
});

describe('hostile input', () => {
  const MB = 1 << 20;
  const fill = (unit: string) => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);
  const texts: [string, string][] = [
    ['项目项目…', fill('项目')],
    ['七个七个…', fill('七个')],
    ['七十七十…项目', fill('七十') + '个项目'],
    ['digits', fill('1234567890') + '个项目'],
    ['亿亿亿…', fill('亿')],
    ['项目个个…', '项目' + fill('个')],
    ['unbalanced brackets', fill('(（【“项目签约')],
    ['mixed', fill('新开工项目242个，签约七个重点项目竣工投产运营')],
  ];

  it.each(texts)('%s: 1 MB in under a second', (_name, text) => {
    const t0 = performance.now();
    const counts = extractProjectCounts(text);
    articleStage(text.slice(0, 200), text, counts);
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(1000);
  });
});
