// How Chinese company names are built, shared by every extractor that must tell a company: the
// 企业名称登记管理规定 (State Council, revised 2020), article 6 — a name is 行政区划 + 字号 +
// 行业或者经营特点 + 组织形式 (湖南 + 金旺 + 铋业 + 股份有限公司). News writes the full name once and
// then drops parts: the 组织形式 (嘉泰鞋业, 湘佳牧业), or the place too (金旺铋业).

/** 组织形式: the legal forms, longest first where one contains another (株式会社: a Japanese company's). */
export const LEGAL_FORMS = ['有限责任公司', '股份有限公司', '有限公司', '公司', '集团', '株式会社'] as const;

/**
 * 行业 words that can end a name whose legal form was dropped (嘉泰鞋业, 中联重科). The trades' …业
 * words (a metal, a material, a product + 业), never the economy's (产业, 企业, 农业, 工业, 物业),
 * and a few trade words that names carry (科技, 电气, 重工).
 */
export const INDUSTRY_FORMS = [
  // metals and mining (Hunan's non-ferrous trades among them)
  '矿业', '钢业', '铝业', '铜业', '锌业', '铅业', '钨业', '锡业', '锑业', '铋业', '锂业', '镍业', '钴业',
  // materials and goods
  '瓷业', '陶业', '纸业', '塑业', '鞋业', '药业', '酒业', '茶业', '乳业', '糖业', '牧业',
  // trade words
  '实业', '置业', '科技', '电气', '制药', '重工', '控股', '传媒', '电器', '新材', '投资',
] as const;

/**
 * Forms that are ordinary words far more often than a name's end (新材 of 新材料, 投资 the verb):
 * only before a legal form (华耀投资有限公司).
 */
const ORDINARY = new Set(['传媒', '电器', '新材', '投资']);
/** The industry forms that may end a company's short name (嘉泰鞋业, 中联重科 …). */
export const SHORT_NAME_FORMS = INDUSTRY_FORMS.filter((w) => !ORDINARY.has(w));
