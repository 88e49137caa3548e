// Named projects: our own labeled sentences in the style of Hunan investment-promotion news, from
// places and stages the seed does not cover (signing, construction start, completion), positives
// and negatives, plus the seed articles whose project names were checked by hand.
import { describe, expect, it } from 'vitest';
import type { NamedFact } from '../../src/extraction/types.js';
import { extractor, seedItem } from '../helpers/seed.js';

function names(text: string): string[] {
  const got: NamedFact[] = extractor.projectNames(text);
  for (const f of got) expect(text.slice(f.start, f.end)).toBe(f.name);
  return got.map((p) => p.name);
}

describe('named projects: positives', () => {
  it.each([
    // Construction start; a phase of a named site and what it builds (…三期标准厂房建设).
    ['6月18日，岳阳经开区集中开工12个项目，其中岳阳临港高新区三期标准厂房建设全面启动。', ['岳阳临港高新区三期标准厂房']],
    ['衡阳白沙洲工业园二期路网及配套管网工程同步开工。', ['衡阳白沙洲工业园二期路网']],
    // Signing; A与B项目 where A is a project-like noun phrase, with a stage word before it.
    ['现场签约的怀化国际陆港冷链物流园与鹤城区中药材加工项目，总投资18亿元。', ['怀化国际陆港冷链物流园', '鹤城区中药材加工项目']],
    ['会上，永州经开区与比亚迪签约永州比亚迪储能电池项目，东安县签约湘南现代农机装备制造基地项目。', ['永州比亚迪储能电池项目', '湘南现代农机装备制造基地项目']],
    ['衡东县经开区与深圳客商签约总投资20亿元的衡东电子信息产业园项目。', ['衡东电子信息产业园项目']],
    ['娄底经开区与三一集团签约的娄底三一中兴液压件项目投资30亿元。', ['娄底三一中兴液压件项目']],
    // An investor's 投资(…亿元)(建设)的 + a park or base: that investor's project.
    ['湖南华信新材料集团投资15亿元建设的娄底硅钢深加工产业园正式开工。', ['娄底硅钢深加工产业园']],
    // A name opening with 年产 and a quantity is whole, an intro word (培育) inside it or not; an alias bracket before it.
    ['签约项目中，某钻石科技有限公司年产500万克拉培育钻石项目投资12亿元。', ['年产500万克拉培育钻石项目']],
    ['某环保科技有限公司（以下简称“某环保”）退役动力电池梯次利用及再生项目，投资5亿元。', ['退役动力电池梯次利用及再生项目']],
    // Two partners' project (甲公司与乙公司合作的…).
    ['其中，张家界某旅游集团有限公司与北京某文化旅游发展有限公司合作的八大公山生态旅游综合开发项目总投资6.8亿元。', ['八大公山生态旅游综合开发项目']],
    // The investor in front, a place in brackets in its name, is not the project's name.
    ['天能电池集团（安徽）有限公司新型铅碳储能电池（一期）项目投资9.2亿元。', ['新型铅碳储能电池（一期）项目']],
    // A list's items before 等…项目 with a stage after; 年产… needs no head; a park's phase; a road's 至.
    ['年内新能源商用车动力总成产业园、年产30万吨铜箔项目等一批重大项目建成投产。', ['新能源商用车动力总成产业园', '年产30万吨铜箔项目']],
    ['舜源新材料年产6万吨改性塑料、九嶷山文旅康养小镇等项目开工建设。', ['年产6万吨改性塑料', '九嶷山文旅康养小镇']],
    ['电子信息产业园二期建成投产，玉林至湛江高速公路（玉林段）开工建设。', ['电子信息产业园二期', '玉林至湛江高速公路（玉林段）']],
    // Read forward: past 其…的, up to a head and its bare phase; 兴建/共建 open a name.
    ['德国某精密机械有限公司投资1.2亿美元，建设其在欧洲以外规模最大的精密液压件工厂。', ['精密液压件工厂']],
    ['某公司在宜章投资建设的氟化工新材料生产基地一期在宜章县氟化学循环工业园竣工投产。', ['氟化工新材料生产基地一期']],
    ['某集团有限公司与某区合作共建五雷山康养度假区项目，总投资15亿元。', ['五雷山康养度假区项目']],
    // A list's numbers are not part of names; + is (G8.5+基板玻璃).
    ['（1）汽车用超高强钢深加工项目，投资15亿元；②冷水江市锑基新材料产业园项目。', ['汽车用超高强钢深加工项目', '冷水江市锑基新材料产业园项目']],
    ['某玻璃有限公司G8.5+基板玻璃窑炉冷修技改项目开工。', ['G8.5+基板玻璃窑炉冷修技改项目']],
    // A built thing named without 项目, its stage or investment right after it.
    ['深圳某智能科技有限公司投资的智能小家电生产基地正式投产。', ['智能小家电生产基地']],
    ['沅陵高新区标准厂房（三期）总投资2.1亿元，已于6月竣工。', ['沅陵高新区标准厂房（三期）']],
    ['水口山有色金属深加工产业园于3月开工。', ['水口山有色金属深加工产业园']],
    // A built place's phase, with or without brackets, is a name without 项目.
    ['去年开工的某浮标钓具产业园二期已建成投产。', ['某浮标钓具产业园二期']],
    ['今年将推动卤菜产业园（二期）开工建设。', ['卤菜产业园（二期）']],
    ['正在建设的稀土新材料产业园（二期）标准厂房将于10月交付使用。', ['稀土新材料产业园（二期）标准厂房']],
    // …将在(某地)投资…，建设…; …（以下简称“…”）投资…; …将在(某地)新建…: the same investor's project.
    ['某电器有限公司将在某经开区投资3亿元，建设小家电智能制造基地。', ['小家电智能制造基地']],
    ['某信息设备有限公司（以下简称“某信息”）投资10亿元建设信创整机及服务器研发制造基地；', ['信创整机及服务器研发制造基地']],
    ['某汽车工业有限公司将在某经开区新建新能源汽车零部件配套产业园，总投资约12亿元。', ['新能源汽车零部件配套产业园']],
    // Completion; a list before 等(一批重点)项目 names its projects.
    ['湘西高新区新材料产业园、龙山县农副产品加工基地等一批重点项目集中开工。', ['湘西高新区新材料产业园', '龙山县农副产品加工基地']],
    ['娄底万宝新区产业园、涟源市钢材深加工基地等项目建成投产。', ['娄底万宝新区产业园', '涟源市钢材深加工基地']],
    ['7月1日，常德经开区中联重科高空作业机械智能制造项目一期竣工投产。', ['常德经开区中联重科高空作业机械智能制造项目一期']],
    // Names this round's writers taught: 升级 is no class's 级, 工程塑料 no 工程, a Latin word before
    // a Latin-opening name is its own, 一 after a place is "a", a bracketed amount ends a list item.
    ['由某公司投资4亿元打造的南岳景区提质升级项目开工。', ['南岳景区提质升级项目']],
    ['某公司投资2.2亿元，新建年产1.5万吨改性工程塑料生产线。', ['年产1.5万吨改性工程塑料生产线']],
    ['某光电的Mini LED背光模组项目正式投产。', ['Mini LED背光模组项目']],
    ['株洲一轨道交通零部件项目开工', ['轨道交通零部件项目']],
    ['开工项目包括年产1万吨柠檬饮品项目（1.5亿元）、临澧县冷链物流园（2.2亿元）和生物质热电联产项目（3.6亿元）。', ['年产1万吨柠檬饮品项目', '临澧县冷链物流园', '生物质热电联产项目']],
    ['郴州有色金属产业园铜箔项目、永兴县稀贵金属再生资源产业基地与嘉禾县铸造产业园三期工程相继竣工投产。', ['郴州有色金属产业园铜箔项目', '永兴县稀贵金属再生资源产业基地', '嘉禾县铸造产业园三期工程']],
    ['建成霞凝港区三期工程，完成浏阳经开区惠科项目主体工程。', ['霞凝港区三期工程', '浏阳经开区惠科项目']],
    ['益阳市加快推进兰溪河引水工程建设，做好益阳电厂三期扩建前期工作。', ['兰溪河引水工程', '益阳电厂三期']],
  ])('%s', (text, want) => {
    expect(names(text)).toEqual(want);
  });
});

describe('named projects: negatives', () => {
  it.each([
    // Generic heads and 项目 in non-names.
    '全市新开工重大项目86个，竣工项目42个，项目建设持续提速。',
    '该项目建成后，将带动上下游企业落户，这些项目的实施为县域经济注入动能。',
    '益阳市着力抓好一批重点项目和重大工程，其他项目也在加快推进。',
    '九大重点项目涵盖交通、能源等领域，总投资68亿元。',
    // A head that only says what kind (重要生产基地), or a conference (开园大会); classes and prepositions.
    '引进区外境内项目到位资金六百三十五亿元，省外产业项目12个，这批项目大多为补链延链项目。',
    '根据项目进度，公司项目负责人表示将按期投产。',
    // A place and one or two kinds of industry is a class of that place's projects.
    '双峰县农机装备产业项目加快推进。',
    '督导项目进度，协议所涉项目尽快落地。',
    '该项目是公司在资兴布局的重要生产基地，项目投资二十亿元。',
    '某电商产业园开园大会在湘潭高新区举行。',
    // A place and a class of projects; the 中 of 项目中.
    '长沙县先进制造业项目集中签约活动在星沙举行。',
    '岳阳市在用地指标上对临湘产业项目给予了倾斜支持。',
    '澧县经开区项目建设持续提速。',
    '其中赫山、资阳两区项目占半数。',
    '本批开工项目中先进制造业项目占比超过六成。',
    '项目经理部与施工单位签订安全责任书，确保项目质量。',
    '开福区全年实施重大项目建设“十大攻坚行动”。',
    '长沙工程机械产业集群加快发展，引进工程技术人才200名。',
    '园区二期建设正在推进。',
    // Classes of projects: a list, a plural count in front or behind, a kind (…级, …型).
    '邵阳市共有37个项目列入省重点项目，数量居全省前列。',
    '张家界市谋划储备文旅项目120个，举办项目推介会3场。',
    '实施龙山县等8个国家级贫困县扶贫项目379个，169个年度污染防治项目全面完成。',
    '新引进2亿元以上重大项目162个，引进航空偏好型项目30余个，百亿级项目开工建设。',
    '桑植县全年共实施民生工程28项，易地扶贫搬迁安置项目全面完工。',
    '长沙、株洲、湘潭等地的重点项目加快推进。',
    '宝庆科技工业园等园区的一批招商项目集中签约。',
    // Programmes, not building sites.
    '实施社会主义核心价值观引领工程和新旧动能转换工程。',
    // Coordination with no project named, or no stage: a park next to a project is not one.
    '依托岳阳经开区与城陵矶新港区，推进一批项目建设。',
    '湘潭市政府投资的项目全部纳入监管，政府投资的现代农业产业园也不例外。',
  ])('finds no project in %s', (text) => {
    expect(names(text)).toEqual([]);
  });

  it('takes a coordinated phrase only where the sentence starts, builds or signs the projects', () => {
    expect(names('大湘西物流园与吉首经开区仓储项目相距不远。')).toEqual(['吉首经开区仓储项目']);
    expect(names('大湘西物流园与吉首经开区仓储项目的启动，旨在打造物流枢纽。')).toEqual(['大湘西物流园', '吉首经开区仓储项目']);
  });
});

describe('named projects: seed articles', () => {
  it('reads the nine projects of the 吉首 starting ceremony, as the facts service gives the text', () => {
    const a = seedItem('湘西吉首集中启动九大重点建设项目');
    expect(names(`${a.title}\n${a.body}`)).toEqual([
      '吉怀高速公路金坪(联合)互通项目',
      '高铁新城二期路网',
      '大湘西物流园',
      '吉首经开区仓储项目',
      '吉首经开区高新工业集中区(一期)项目',
      '东方红产业园高性能材料结构研发中心暨三期工程',
      '湘鄂渝黔现代农业产业园农产品交易中心项目',
      '湘西500千伏变电工程',
      '乾东芙蓉小学项目',
    ]);
  });

  it('keeps the 株洲 completions, one fact per project however it is written', () => {
    const a = seedItem('株洲高新区六大项目竣工');
    expect(names(`${a.title}\n${a.body}`)).toEqual(['株洲维通利电气公司项目', '湖南新程检测技术项目']);
  });

  it('reads the investor’s project of the 桃源县 signing', () => {
    const a = seedItem('桃源县网络签约活动');
    expect(names(`${a.title}\n${a.body}`)).toEqual(['医疗康养及现代化农业产业园']);
  });

  it.each(['湖南省进出口总值开局良好', '长沙新能源汽车产业加速崛起', '京东湘潭电商产业园盛大启动', '长沙黄花综保区聚力打造'])(
    'finds no project in the seed article %s',
    (title) => {
      const a = seedItem(title);
      expect(names(`${a.title}\n${a.body}`)).toEqual([]);
    },
  );
});
