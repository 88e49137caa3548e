// Project drafts from facts (projects/build.ts): the batches and named projects of the seed
// articles, and cases written for other places and stages.
import { describe, expect, it } from 'vitest';
import { buildProjects, projectKeyName, type ProjectDraft } from '../../src/projects/build.js';
import { extractor, gazetteer, seedItem } from '../helpers/seed.js';

function draftsOf(title: string, body: string, tag: string | null = null, articleId = 1): ProjectDraft[] {
  const text = `${title}\n${body}`;
  const facts = extractor.extract(text, { tag });
  const code = facts.regions[0]?.code ?? '430000';
  const [l1, l2] = gazetteer.path(code);
  return buildProjects({ articleId, text, facts, placeKey: l2 ?? l1 });
}

const seed = (part: string) => {
  const a = seedItem(part);
  return { drafts: draftsOf(a.title, a.body, a.tag), text: `${a.title}\n${a.body}` };
};

describe('the seed articles', () => {
  it('桃源县: a batch of 7 signings, 20.4亿元, with the 6.1亿元 park and 嘉泰鞋业 2亿元 inside it', () => {
    const { drafts, text } = seed('桃源县网络签约');
    const [batch, ...rest] = drafts;
    expect(batch).toMatchObject({ kind: 'group', stage: 'signing', count: 7, amountYuan: '2040000000', key: 'g:1:signing' });
    expect(text.slice(batch?.evidence.start, batch?.evidence.end)).toBe('七个重点招商投资项目');
    const park = rest.find((d) => d.name === '医疗康养及现代化农业产业园');
    expect(park).toMatchObject({ amountYuan: '610000000', parentKey: 'g:1:signing', stage: 'signing' });
    expect(park?.companies).toEqual(expect.arrayContaining(['德雅集团', '浦泰公司']));
    expect(rest.find((d) => d.companies.includes('嘉泰鞋业'))).toMatchObject({ name: '嘉泰鞋业项目', amountYuan: '200000000' });
    // Every amount is used once: the two named amounts are not the batch's.
    expect(drafts.filter((d) => d.amountYuan).map((d) => d.amountYuan).sort()).toEqual(['200000000', '2040000000', '610000000']);
  });

  it('吉首市: nine projects starting construction, 68亿元, each named one inside the batch', () => {
    const { drafts } = seed('湘西吉首');
    const [batch, ...named] = drafts;
    expect(batch).toMatchObject({ kind: 'group', stage: 'construction_start', count: 9, amountYuan: '6800000000' });
    expect(named.map((d) => d.name)).toEqual(expect.arrayContaining(['吉怀高速公路金坪(联合)互通项目', '高铁新城二期路网', '大湘西物流园', '乾东芙蓉小学项目']));
    expect(named.every((d) => d.parentKey === batch?.key && d.stage === 'construction_start')).toBe(true);
  });

  it('株洲高新区: six completed, 七亿元, the park named in the title', () => {
    const [batch] = seed('株洲高新区六大项目').drafts;
    expect(batch).toMatchObject({ kind: 'group', stage: 'completion', count: 6, amountYuan: '700000000', park: '株洲高新区' });
  });

  it('a government work report yields only named projects with a stage of their own, no batch', () => {
    const { drafts } = seed('2019年益阳市政府工作报告');
    expect(drafts.every((d) => d.kind === 'single' && d.stage !== null)).toBe(true);
  });
});

describe('other places and stages', () => {
  it('a one-project construction start with its amount in the body', () => {
    const drafts = draftsOf('岳阳经开区电子信息产业园项目开工', '3月18日，岳阳经开区电子信息产业园项目正式开工，项目总投资12亿元，建成后年产值可达30亿元。', '岳阳招商');
    expect(drafts).toHaveLength(1);
    expect(drafts[0]).toMatchObject({ kind: 'single', stage: 'construction_start', amountYuan: '1200000000' });
    expect(drafts[0]?.key).toMatch(/^n:430600:/);
  });

  it('a list header (开工项目中，…；… 签约项目中，…) gives its stage to every project of its sentence', () => {
    const drafts = draftsOf(
      '某县8个项目集中开工 5个项目同步签约',
      '活动现场，8个项目集中开工，总投资26.4亿元；5个项目现场签约，签约金额15.7亿元。\n' +
        '开工项目中，某铝业有限公司投资9.8亿元建设高端铝板带箔深加工项目，建成后可年产铝板带箔20万吨；某红茶产业园项目总投资2.6亿元，将新建茶叶精制车间。签约项目中，某频谱股份有限公司拟投资5亿元，在某高新区建设大健康理疗设备生产基地项目。',
    );
    const stageOf = (name: string) => drafts.find((d) => d.name === name)?.stage;
    expect(stageOf('高端铝板带箔深加工项目')).toBe('construction_start');
    expect(stageOf('某红茶产业园项目')).toBe('construction_start');
    expect(stageOf('大健康理疗设备生产基地项目')).toBe('signing');
    expect(drafts.some((d) => d.name.endsWith('有限公司项目'))).toBe(false);
  });

  it('a shorter form of a name later in the text is the same project: its clause gives the amount', () => {
    const drafts = draftsOf(
      '某瓷业拟投资5.2亿元建设醴陵高端日用陶瓷智能制造项目',
      '湖南某瓷业股份有限公司（以下简称“某瓷业”）4月24日公告，公司拟以自有资金投资5.2亿元，在醴陵经济开发区建设高端日用陶瓷智能制造项目。项目建设期为两年。',
    );
    expect(drafts.map((d) => [d.name, d.amountYuan])).toEqual([['醴陵高端日用陶瓷智能制造项目', '520000000']]);
  });

  it('an investor’s name in front of a long project name is cut off, the name kept whole', () => {
    const drafts = draftsOf('某市集中开工', '主会场开工的株洲中车时代电气股份有限公司功率半导体产业化（二期）项目总投资36.5亿元。');
    expect(drafts.find((d) => d.kind === 'single')).toMatchObject({ name: '功率半导体产业化（二期）项目', amountYuan: '3650000000' });
  });

  it('a company’s signed investment without a project name is its project, not the batch’s total', () => {
    const drafts = draftsOf(
      '某经开区新签约项目3个',
      '11月以来，某经开区先后与3家企业签订投资协议。11月8日，深圳市某电子有限公司与园区签约，投资6亿元建设某智能终端产业园项目；11月22日，广东某鞋业有限公司签约投资1.2亿元建设运动鞋生产线。',
    );
    expect(drafts.find((d) => d.kind === 'group')?.amountYuan).toBeNull();
    expect(drafts.find((d) => d.name === '广东某鞋业有限公司项目')).toMatchObject({ amountYuan: '120000000', stage: 'signing' });
  });

  it('a company’s short name + 项目 after its named project is that project again, not another', () => {
    const drafts = draftsOf(
      '某市集中签约2个项目',
      '签约项目包括：广东正辉电器集团有限公司年产500万台小家电生产基地项目，投资9.6亿元；湖南祁香食品有限公司（以下简称“祁香食品”）年产3万吨油茶籽油精炼项目，投资2.3亿元。据了解，正辉电器项目将租用园区标准厂房；祁香食品项目力争年内开工。',
    );
    expect(drafts.filter((d) => d.kind === 'single').map((d) => d.name)).toEqual(['年产500万台小家电生产基地项目', '年产3万吨油茶籽油精炼项目']);
  });

  it('A项目、B项目分别投资X、Y: the amounts go to the names in order', () => {
    const drafts = draftsOf(
      '某市8个项目集中开工',
      '9月26日，某市8个项目同步开工，总投资32.5亿元。湘乡粮食仓储物流中心项目、城西绿色化工片区污水处理厂项目同期动工，分别投资1.9亿元、1.3亿元。',
    );
    const amountOf = (name: string) => drafts.find((d) => d.name === name)?.amountYuan;
    expect(amountOf('湘乡粮食仓储物流中心项目')).toBe('190000000');
    expect(amountOf('城西绿色化工片区污水处理厂项目')).toBe('130000000');
  });

  it('该基地 speaks of the named base; a phase’s own amount is the phase’s; 公司的 + name is that company’s', () => {
    const drafts = draftsOf(
      '茶饮料智能制造基地（一期）建成投产',
      '近日，位于某经开区的茶饮料智能制造基地（一期）正式建成投产。该基地由湖南某茗饮品有限公司与某县农业发展集团有限公司合资建设，总投资六亿元，其中一期投资三亿八千万元。同日投产的还有郴州某茶业有限公司的年产500吨茶精深加工生产线，项目投资五千万元。',
    );
    expect(drafts.filter((d) => d.kind === 'single').map((d) => [d.name, d.amountYuan])).toEqual([
      ['茶饮料智能制造基地（一期）', '380000000'],
      ['年产500吨茶精深加工生产线', '50000000'],
    ]);
  });

  it('a project whose only figure is its planned investment takes it; a year’s plan is no project’s', () => {
    const drafts = draftsOf(
      '某县签约2个项目',
      '某县举行项目集中签约仪式，桂阳预制菜产业园项目计划投资3亿元；年产20万立方米竹材精深加工项目年度计划投资8000万元。',
    );
    const amountOf = (name: string) => drafts.find((d) => d.name === name)?.amountYuan;
    expect(amountOf('桂阳预制菜产业园项目')).toBe('300000000');
    expect(amountOf('年产20万立方米竹材精深加工项目')).toBeNull();
  });

  it('a report keeps the items of a list whose stage closes the list (A、B等一批重大项目建成投产), and its plans as planned', () => {
    const drafts = draftsOf(
      '某市政府工作报告（摘要）',
      '过去一年，电子信息产业园二期、年产6GWh锂电池储能项目等一批重大项目建成投产。\n今年，我们将推动年产10万吨电子级玻纤布项目开工建设。',
    );
    expect(drafts.filter((d) => d.kind === 'single').map((d) => [d.name, d.stage])).toEqual([
      ['电子信息产业园二期', 'completion'],
      ['年产6GWh锂电池储能项目', 'completion'],
      ['年产10万吨电子级玻纤布项目', 'planned'],
    ]);
  });

  it('a signing batch with no total stays a batch without an amount', () => {
    const drafts = draftsOf('衡阳市集中签约12个项目', '衡阳市举行招商引资项目集中签约仪式，现场签约12个项目，涵盖装备制造、电子信息等领域。', '衡阳招商');
    expect(drafts[0]).toMatchObject({ kind: 'group', stage: 'signing', count: 12, amountYuan: null });
  });

  it('the same project in two articles has the same key; 500kV and 500千伏 are one name', () => {
    const a = draftsOf('湘西500千伏变电工程开工', '湘西500千伏变电工程开工建设。', '吉首市招商', 1);
    const b = draftsOf('湘西500kV变电工程投产', '湘西500kV变电工程竣工投产。', '吉首市招商', 2);
    expect(a[0]?.key).toBe(b[0]?.key);
    expect([a[0]?.stage, b[0]?.stage]).toEqual(['construction_start', 'completion']);
  });

  it('news without a stage or a project makes no project', () => {
    expect(draftsOf('湖南省进出口总值开局良好', '一季度湖南省进出口总值1200亿元，同比增长。', '湖南招商')).toEqual([]);
  });

  it('a record’s fields, one per line or after ；, are its project’s: 总投资：X is its investment', () => {
    const drafts = draftsOf(
      '常宁市第三批重点项目集中开工',
      '本批开工项目如下：\n（一）项目名称：年产3000吨高纯锡材料项目；投资方：湖南某某有色科技有限公司；总投资：6.4亿元；建设内容：新建提纯车间。\n（二）项目名称：油茶籽冷榨加工项目；投资方：湖南某某油茶有限公司；总投资：2.1亿元。',
      '常宁市招商',
    );
    expect(drafts.find((d) => d.name === '年产3000吨高纯锡材料项目')).toMatchObject({ amountYuan: '640000000', stage: 'construction_start' });
    expect(drafts.find((d) => d.name === '油茶籽冷榨加工项目')).toMatchObject({ amountYuan: '210000000' });
  });

  it('a flattened table: the name cell ends at |, the amount cell is the row’s, the status cell its stage', () => {
    const drafts = draftsOf(
      '临湘市上半年重点项目推进情况',
      '部分项目推进情况如下：\n项目名称 | 投资主体 | 投资额 | 推进情况\n年产8万吨电解液添加剂项目 | 湖南某某材料有限公司 | 12亿元 | 已开工\n港区冷链物流园 | 临湘市某某物流有限公司 | 4.6亿元 | 已开工',
      '临湘市招商',
    );
    expect(drafts.find((d) => d.name === '年产8万吨电解液添加剂项目')).toMatchObject({ amountYuan: '1200000000', stage: 'construction_start' });
    expect(drafts.find((d) => d.name === '港区冷链物流园')).toMatchObject({ amountYuan: '460000000' });
  });

  it('前者/后者 after two named projects give the first and the last their own amounts', () => {
    const drafts = draftsOf(
      '醴陵两个项目同日投产',
      '11月20日，湖南某某瓷业有限公司年产3000万件骨质瓷生产线技改项目和湖南某某电子有限公司陶瓷基板项目同日竣工投产。前者总投资2.7亿元，新建窑炉3条；后者投资1.9亿元，主要生产氮化铝基板。',
      '醴陵市招商',
    );
    expect(drafts.find((d) => d.name === '年产3000万件骨质瓷生产线技改项目')).toMatchObject({ amountYuan: '270000000', stage: 'completion' });
    expect(drafts.find((d) => d.name === '陶瓷基板项目')).toMatchObject({ amountYuan: '190000000', stage: 'completion' });
  });

  it('a heading line gives its numbered items its stage; 该项目 after a quotation is the project named before', () => {
    const drafts = draftsOf(
      '安乡县本周招商引资工作动态',
      '一、本周新签约项目\n1.湖南某某电子有限公司电容器扩产项目，总投资2.2亿元。\n二、本周新开工项目\n1.湖南某某食品有限公司年产1万吨菱角休闲食品项目。“原料就在家门口。”公司负责人说。据介绍，该项目总投资1.3亿元。',
      '安乡县招商',
    );
    expect(drafts.find((d) => d.name === '电容器扩产项目')).toMatchObject({ stage: 'signing', amountYuan: '220000000' });
    expect(drafts.find((d) => d.name === '年产1万吨菱角休闲食品项目')).toMatchObject({ stage: 'construction_start', amountYuan: '130000000' });
  });

  it('key names: one form of brackets, no 公司, no final 项目', () => {
    expect(projectKeyName('株洲维通利电气公司项目')).toBe(projectKeyName('株洲维通利电气项目'));
    expect(projectKeyName('高新工业集中区（一期）项目')).toBe(projectKeyName('高新工业集中区(一期)'));
    expect(projectKeyName('一期工程')).not.toBe(projectKeyName('二期工程'));
  });
});
