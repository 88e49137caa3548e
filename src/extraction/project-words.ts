// The vocabulary of named projects (projects.ts): suffixes, intro words, generic words, and the
// small patterns around a name that tell a project from a class of projects. Every pattern is a
// literal alternation or a bounded quantifier, tried at one position: no backtracking blowup.
import { INDUSTRY_FORMS } from './company-forms.js';
import { alternation, INTRO_WORDS, PLACE_INTRO_WORDS } from './names.js';
import type { SectorLexicon } from './sectors.js';

const PHASE = '[一二三四五六七八九十]期';
/** What a phase of a site builds: 高铁新城二期路网. */
/** （2.2亿元） after a listed name: its amount, in brackets. */
const BRACKET_AMOUNT = '[（(](?:总投资|投资|计划总投资)?约?[\\d.]+(?:亿|万)(?:美|港|欧)?元[）)]';
const PHASE_HEADS = '路网|管网|道路|厂房|标准厂房|安置房|安置小区|生产线|综合管廊|管廊|码头|泊位';
/** A phase with its head ends a name before these (路网建设, 路网、…); a bare phase only before building words. */
const AFTER_PHASE_HEAD = BRACKET_AMOUNT + '|\\s?[|｜]|建设|扩建|改造|开工|动工|竣工|完工|建成|投产|及|和|与|、|，|。|,|；|全面|正式|顺利|加快|已|将|$';
const AFTER_BARE_PHASE = '建设|扩建|开工|动工|竣工|完工|建成|投产';
/** What is built and named without 项目: 生产线, 生产基地, 产业园, 标准厂房, 车间, 综合体, 高速公路（某段） … */
const BUILT_HEADS = '生产线|装配线|中试线|基地|产业园|物流园|科技园|创业园|标准厂房|厂房|车间|加工厂|工厂|装置|中央厨房|综合体|产业城|小镇|度假区|科普馆|博物馆|展览馆|体验馆|纪念馆|文化馆|图书馆|体育馆|高速公路|公路|铁路|大桥|机场|水库|电站|码头';
/** …that the text then reports as started, finished, signed or invested in. */
const AFTER_BUILT_HEAD =
  '(?:已于|已|于|将于)?(?:\\d{1,2}月(?:\\d{1,2}日)?)?(?:在[^，。；,;]{1,12}?)?(?:也已|均已|正式|顺利|全面|同步|集中|开始|相继|也|均|已|破土)?(?:开工|动工|竣工|投产|建成|签约|落户|开园|运营|试产|试生产|投运|投用|投入运营|投入使用|上线运营)(?!大会|论坛)' +
  `|${BRACKET_AMOUNT}` +
  // 忠防镇200MW农光互补光伏电站 | 某公司 | 七亿元: a table's name cell (its investor may follow in brackets).
  // (Or a one-line item's dashes: 华容芥菜精深加工产业园——某公司——投资4.5亿元——签约.)
  '|(?:[（(][^（）()|｜]{2,30}[）)])?\\s?(?:[|｜]|——|—)' +
  '|(?:总投资|计划总投资|投资总额|投资额)|投资(?=[\\d零一二两三四五六七八九十百千万])|[，,](?:总投资|投资(?=[\\d零一二两三四五六七八九十百千万]))' +
  // 崀山文旅康养综合体由某公司与某公司合作开发: who builds it follows it.
  '|[，,]?由[^，。；;]{2,30}?(?:投资|建设|开发|承建|运营)';

// 中心 of 中心城市 and 工程 of 工程机械 are not names' ends.
export const PROJECT_SUFFIX_RE = new RegExp(
  [
    '(?:中心|工程)?项目',
    // 安化黑茶产业园二期, 卤菜产业园（二期）, …孵化园三期: a built place's phase, not followed by 项目.
    `(?<phased>(?:园|基地|产业城|综合体)(?:[（(]${PHASE}[）)]|${PHASE}))(?!项目|工程|[（(](?!(?:总投资|投资|计划总投资)?约?[\\d.]+(?:亿|万))|${PHASE_HEADS})`,
    '工程(?!机械|师|技术|院|学|局|兵|车|有限|股份|公司|集团|塑料|材料)',
    '中心(?![城区地位任环工思组线点镇村主医院广校大路街小幼]|[一二三四五六七八九十]期(?:项目|工程))',
    `(?:[（(]${PHASE}[）)]|${PHASE})(?:${PHASE_HEADS})(?=${AFTER_PHASE_HEAD})`,
    `${PHASE}(?=${AFTER_BARE_PHASE})`,
  ].join('|'),
  'gu',
);
/**
 * 智能小家电生产基地正式投产, 沅陵高新区标准厂房（三期）总投资2.1亿元: a built thing's name without
 * 项目, where its own stage or investment follows it. Matched apart from PROJECT_SUFFIX_RE and merged
 * with it, leftmost first (as one alternation, its twenty first characters made the scan try every
 * alternative at nearly every position).
 */
export const BUILT_HEAD_WORDS: readonly string[] = BUILT_HEADS.split('|');
/** Tried sticky right after a BUILT_HEAD_WORDS word: its phase or section, then its stage or investment. */
export const BUILT_TAIL_RE = new RegExp(`(?:[（(]${PHASE}[）)]|${PHASE}|[（(][\\u4e00-\\u9fff]{1,6}段[）)])?(?=\\s?(?:${AFTER_BUILT_HEAD}))`, 'y');
export const PROJECT_WINDOW = 32;
export const JOIN_WINDOW = 16;

// A count in front (九大重点项目, 9个项目) is not part of a name; a plural one makes a class
// (169个年度污染防治项目), and so does a count right after (农村饮水单村工程30个).
export const COUNT_IN_NAME_RE = /[零一二两三四五六七八九十百千\d]{1,6}(?:个|大|项|批)/gu;
export const SINGLE_COUNT_RE = /^(?:一|1)(?:个|项)$/u;
export const COUNT_AFTER_RE = /(?:建设|完成|共计|共|达|总数)?[零一二两三四五六七八九十百千\d]{1,6}余?(?:个|项|处|所|座)(?!月|小时|百分点|工作日)/y;

/** Words that, cutting the window, tell what follows is a class (等百亿级项目, 列入省重点项目). */
export const CLASS_INTRO = new Set(['等', '列入', '纳入', '入选', '申报', '入围', '获批']);
/** 等 inside a word (高等, 中等, 平等) is no list's end. */
/** 向 inside a word (转向, 导向, 定向) is no intro (向国际级…集散中心 is). */
export const WORD_INTERNAL_XIANG = new Set(['转', '导', '方', '意', '取', '流', '走', '指', '动', '倾', '定', '双', '单', '横', '纵', '逆', '正']);
export const WORD_INTERNAL_DENG = new Set(['高', '中', '初', '平', '同', '对', '均', '相', '优', '上', '次']);
/** Coordination between two projects: 大湘西物流园与吉首经开区仓储项目. */
export const CONJ = new Set(['与', '和', '及', '以及']);

/** 就 (就…达成意向) opens no name. */
const PROJECT_INTROS = [...INTRO_WORDS, '就', '洽谈', '迎来', '另有', '首个', '扩建', '根据', '导致', '因为', '年内', '年底', '年初', '当年', '全年', '同年', '今年', '去年', '明年', '兴建', '共建', '先后有', '之内', '以来', '再迎', '喜迎'];
/**
 * Works a name ends with before 项目/工程 (污水处理厂提质改造工程, 古城文旅综合提升项目): intro words
 * elsewhere, part of the name when only such words stand between them and the suffix.
 */
export const NAME_FINAL_WORKS = ['提升', '提质', '提高', '改造', '完善', '优化', '升级', '扩建', '建设', '新建', '整治', '综合', '利用', '开发'];
export const PROJECT_INTRO_RE = new RegExp(
  alternation([
    ...PROJECT_INTROS, ...PLACE_INTRO_WORDS, '重点', '本次', '此次', '这些', '这类', '该类', '此类', '各类', '谋划', '储备', '新建', '该', '本', '年度',
    '以上', '以下', '以内', '完成', '建成', '做好', '铺排', '挖掘', '如期', '列入', '入围', '获批', '等等',
  ]),
  'gu',
);

const GENERIC_PROJECT = new Set([
  '重点', '重大', '产业', '建设', '招商', '投资', '签约', '新开工', '开工', '在建', '竣工', '续建', '新建', '民生', '基础设施', '交通', '工业', '大',
  '好', '新', '省', '市', '县', '区', '国家', '省级', '市级', '农业', '水利', '电网', '管网', '绿化', '亮化', '路网', '系统', '数据', '研发', '交易',
  '物流', '仓储', '恒温', '集散', '服务', '孵化', '检测', '运营', '培训', '金融', '会展', '展示', '文化', '体育', '医疗', '康复', '养老', '技术',
  '信息', '指挥', '调度', '合作', '引资', '政府', '扶贫', '示范', '试点', '科技', '创新', '技改', '各类', '其他', '多个', '一批', '相关', '配套',
  '社区', '服务', '公共', '综合', '商务', '商业', '贸易', '营销', '结算', '运输', '监测', '应急', '数字', '智慧', '智能', '科研', '旅游', '民生实事',
  '攻坚', '环保', '生态', '治理', '改造', '提质', '升级', '扩建', '搬迁', '安置', '易地扶贫', '棚户区', '保障性', '住房', '学校', '医院', '道路',
  '水', '电', '气', '路', '桥', '网', '园', '区域', '城市', '农村', '乡村', '全市', '全县', '全省', '中部地区', '华中', '全国', '国际', '大型',
  '规模最大', '最大', '首个', '标志性', '核心', '重要', '主要', '公司', '省外', '区外', '市外', '县外', '境内', '境外', '补链', '延链', '强链', '推介',
  '督导', '所涉', '协议', '观摩', '调度', '融合', '配套工程', '主体', '附属', '一期', '二期', '三期', '四期', '期',
  '二期工程', '子', '分', '总', '储备', '前期', '后续', '单个', '单体', 'PPP', '援建', '对口', '帮扶', '五个', '双', '千', '百', '万',
  '省重点', '市重点', '十大', '百大', '承接产业转移', '产业链', '新兴', '高新技术', '高新', '先进', '制造', '制造业', '战略性', '研发中心', '公益',
  '研究', '中心', '建', '全区', '全州', '全镇', '百亿', '千亿', '十亿', '湘商', '邵商', '浙商', '粤商', '闽商', '徽商', '苏商', '鲁商', '川商', '赣商', '港商', '台商', '侨商', '客商', '外商', '主会场', '分会场', '具体', '实行', '行政', '游客', '及', '和', '与', '募投', '募集资金', '首次公开发行股票', '股票', '红旗', '流动红旗', '蜗牛', '黄旗', '政府性', '类', '型', '性', '领域', '板块', '方面', '产品', '重大产品', '重大科技', '度', '年度', '全年', '当年', '下半年', '上半年',
  // Quantities and kinds: 更多项目, 存量项目, 房建项目, 政府购买服务项目, 村(社区)综合文化中心 …
  '春季', '夏季', '秋季', '冬季', '批次', '转移', '先进制造业', '更多', '部分', '若干', '其余', '全部', '系列', '首批', '存量', '增量', '审计', '房建', '房屋建筑', '购买', '级', '村', '乡', '镇', '村级', '基层',
  '事务', '外资', '内资', '扩能', '扩产', '设计', '集体', '集体经济', '居家', '福利', '社会', '全民', '健身', '标准化', '普惠', '污染防治', '会议', '创意', '新型', '重要', '优质', '同类', '单位',
]);

/** Words that alone make no project's name; a sector word makes a kind of project (新能源项目, 鞋类制造项目). */
export interface GenericWords {
  readonly words: ReadonlySet<string>;
  readonly max: number;
  /** How many characters of `s`'s start are place names (长沙县, 临湘, 赫山、资阳两区): 0 when none. */
  readonly leadingPlaces?: ((s: string) => number) | undefined;
  /** Class words and industry keywords: behind a place, one or two of them are still a class (射洪市锂电材料项目). */
  readonly kinds?: ReadonlySet<string> | undefined;
  readonly kindsMax?: number | undefined;
}

/**
 * Words that say only which class of projects (长沙县先进制造业项目, 临湘产业项目, 澧县经开区项目):
 * behind a place they still name no project. Facilities (仓储, 物流园) are not among them: 吉首经开区
 * 仓储项目 is one project.
 */
export const CLASS_WORDS = new Set([
  '重点', '重大', '产业', '招商', '投资', '签约', '新开工', '开工', '在建', '竣工', '续建', '新建', '民生', '基础设施', '工业', '先进', '制造',
  '制造业', '高新技术', '新兴', '战略性', '省重点', '市重点', '产业链', '承接产业转移', '各类', '其他', '多个', '一批', '相关', '年度', '全年',
  '经开区', '高新区', '开发区', '工业园', '园区', '两区', '三区', '各区', '工业集中区', '经济开发区', '高新技术产业开发区',
]);
export const CLASS_WORDS_MAX = Math.max(...[...CLASS_WORDS].map((w) => w.length));

export function genericProjectWords(sectors: SectorLexicon, leadingPlaces?: (s: string) => number): GenericWords {
  const words = new Set([...GENERIC_PROJECT, ...sectors.keywords.keys()]);
  const kinds = new Set([...CLASS_WORDS, ...sectors.keywords.keys()]);
  return { words, max: Math.max(...[...words].map((w) => w.length)), leadingPlaces, kinds, kindsMax: Math.max(...[...kinds].map((w) => w.length)) };
}

/** A name whose last word says "of this kind" (百亿级项目, 航空偏好型项目) is a class. */
export const CLASS_TAIL_RE = /(?<![升转])[级型类]$/u;
/** 工程 as a programme, not a building site (科技创新引领工程, 新旧动能转换工程, 把招商引资作为“一号工程”). */
export const PROGRAMME_RE = /(?:引领|转换|培育|振兴|惠民|铸魂|育人|强基|固本|一号|头号|民心|德政|希望|菜篮子|米袋子)工程$/u;

/** Project-like ends of a phrase coordinated with a named project (大湘西物流园与…项目). */
export const COORD_HEAD_RE = /(?:园|路网|管网|基地|大桥|隧道|小学|中学|学校|幼儿园|医院|工厂|厂|体育馆|博物馆|图书馆|馆|广场|公路|铁路|高速|电站|水库|码头|生产线|综合体|产业城|小镇|车间|装置|机组)(?:[（(][一二三四五六七八九十]期[）)]|[一二三四五六七八九十]期)?$/u;
/** Words around a coordination that show it is about projects being started, built, signed. */
const STAGE = '启动|开工|动工|破土|奠基|封顶|建设|实施|推进|竣工|投产|试产|投用|点火|签约|落地|开园|运营|完工|建成|落户|开建';
export const STAGE_AFTER_RE = new RegExp(`(?:的|均|已|将|也|正式|同时|同步|相继|先后|顺利|全面|集中|开始|即将|陆续){0,2}(?:${STAGE})`, 'y');
export const STAGE_BEFORE_RE = new RegExp(`(?:${STAGE}|签署|引进|加快|完成|包括)的?$`, 'u');

/**
 * An investor in front of a phrase: 德雅集团联合浦泰公司投资的…, 湖南某公司投资10亿元建设的….
 * The phrase after 的, up to a project's head, names that investor's project.
 */
/** A sum as investors' clauses write it: 3.5亿元, 一点五亿元, 45,600万元, 6亿港元, 3800万欧元. */
const MONEY = '(?:人民币)?[\\d.,点零〇一二两三四五六七八九十百千万]{1,12}(?:亿|万)(?:美|港|欧)?元';
/** What an investor's name ends with (all two characters): 公司, 集团, …, and the industry forms (铋业). */
export const INVESTOR_ENDS: readonly string[] = ['公司', '由其', '集团', '企业', '股份', '资本', '基金', '客商', '外商', '港商', '台商', '会社', ...INDUSTRY_FORMS.filter((w) => w !== '投资')];
/**
 * What follows an investor's name before the name of what it builds (tried, sticky, right after
 * each INVESTOR_ENDS word: a regular expression opening with forty alternatives was tried at every
 * position of every text).
 */
export const INVEST_RE = new RegExp(
  // 湖南某公司（以下简称“某某”）投资…: the short name it introduces stands between.
  '(?:[（(]以下简称[^）)]{1,14}[）)])?' +
    // 将在望城经开区新建…, 投资3亿元在隆回经开区建设…: a short place phrase may stand before either verb.
    '(?:共同|联合|合作|携手|独资|合资)?(?:拟|计划|将)?(?:[在于][^，。；,;]{1,12}?)?' +
    `(?:(?:追加投资|投资|投建|出资|兴建|增资)(?:${MONEY})?` +
    // 投资3亿元，建设…: the amount's clause, then what it builds.
    '(?:[，,]?(?:在[^，。；,;]{1,12}?)?(?:建设|兴建|打造|新建)的?|的)' +
    '|(?:新建|兴建|打造|设立)的?|(?:建设|承建)的|(?<=公司|集团)的' +
    // 甲公司与乙公司合作的…: the partners' project.
    '|(?:合作|合资|携手)(?:建设|打造)?的)',
  'y',
);
/**
 * Openers of a project's name read forward, other than an investor's name right before: a clause of
 * its own that invests an amount (，投资22亿元建设…), that says what will be built (，将在东部新区建设…),
 * who builds it (由四川时代投资建设的…), a partnership (合作共建…), or a signing (签约年产…).
 */
export const CLAUSE_INVEST_RE = new RegExp(
  [
    '[，,；;](?:将|拟|计划)在[^，。；,;]{1,12}?(?:投资)?(?:建设|兴建|新建|打造)的?',
    // （暂定名），投资建设…: the investment without its amount.
    '[，,；;](?:拟|计划|将|共同|合作)?投资(?:建设|兴建|新建)的?',
    '由[^，。；,;]{2,24}?(?:投资建设|投资兴建|兴建|承建)的',
    '(?:合作共建|共同建设|携手共建|签约共建)的?',
    // 企业还计划投资2亿元建设铝型材深加工二期, 拟建设…, 计划明年上半年开工建设…: a plan's project.
    `(?:计划|拟|打算)(?:投资${MONEY})?(?:[^，。；,;]{1,8}?开工)?(?:建设|新建|兴建)的?`,
    // 前者将在平江高新区建设…，后者投资3.2亿元建设…: the signing parties named by reference.
    `(?:前者|后者|双方|该公司)(?:将|拟|计划)?(?:在[^，。；,;]{1,12}?)?(?:投资${MONEY})?(?:建设|兴建|新建|打造)的?`,
    '签约(?=年产)',
  ].join('|'),
  'gu',
);
/**
 * ，投资22亿元建设…; 。丰泰物流将在金霞经开区投资1.8亿美元，建设…: the clause's subject (a short
 * name, at most eight characters) may stand before the investment — not a project or its phase
 * (该项目总投资…，建设发酵车间; 其中一期投资3亿元，建设…: what the project builds). Found from the
 * investment (INVEST_CLAUSE_RE) and checked back to the clause's start (INVEST_SUBJECT_RE): as one
 * regular expression it was tried at every punctuation mark of every text.
 */
export const INVEST_CLAUSE_RE = new RegExp(`(?<!总)(?:投资|投入|出资|增资)${MONEY}(?:[，,]?(?:在[^，。；,;]{1,12}?)?(?:建设|兴建|打造|新建)的?)`, 'gu');
export const INVEST_SUBJECT_RE = /[，,；;：:。\n](?!其中)(?:(?:(?!项目|工程)[\u4e00-\u9fff]){2,8}?(?<!期))?(?:拟|计划|将|共同|合作)?(?:在[^，。；,;]{1,12}?)?$/u;
/** How far back INVEST_SUBJECT_RE may reach: a mark, eight characters, 共同 and 在 with twelve. */
export const INVEST_SUBJECT_REACH = 26;
export const FORWARD_WINDOW = 24;
export const FORWARD_HEAD_RE = /园区|园|基地|生产线|装配线|中试线|综合体|产业城|小镇|加工厂|工厂|车间|厂房|机组|装置|电站|中央厨房|实验室|项目|工程(?!塑料|材料|机械|师|技术)|中心|[一二三四五六七八九十]期/gu;
export const PROJECT_TAIL_RE = /项目|工程/y;
/** What may follow a name read forward: the end of the run, or a word that is no name's part. */
export const AFTER_NAME_RE = new RegExp(
  `(?:${alternation([...INTRO_WORDS, ...PLACE_INTRO_WORDS, STAGE, '总投资', '占地', '预计', '计划', '规划', '正式', '顺利', '正在', '正满', '正开', '目前', '进入', '年底', '今年', '明年', '保持', '上线', '上半年', '下半年', '同步', '已'].flatMap((w) => w.split('|')))})`,
  'y',
);
