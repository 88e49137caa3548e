// What each query and path parameter means, in one glossary. The API uses one name for one idea
// on every endpoint (region, sector, from, to, sort, page, pageSize), so the words live here once
// instead of on every schema; types, patterns, ranges and enums still come from the zod schemas.
// A description written on a schema itself (.describe()) wins; `tag.name` entries refine a name
// for one resource.

const GLOSSARY: Record<string, string> = {
  page: '页码 (page)，从 1 开始',
  pageSize: '每页条数 (page size)，1–100，默认 20',
  region: '地区 (region)：6 位行政区划代码，结果含其下级地区；代码见 /api/v1/regions',
  sector: '行业 (sector)：行业代码，见 /api/v1/sectors',
  from: '起始 (from)，含这一天；格式见约束',
  to: '截止 (to)，含这一天；格式见约束',
  stage: '阶段 (stage)：signing 签约，construction_start 开工，completion 竣工投产，operating 运营，planned 计划',
  sort: '排序 (sort)',
  q: '关键词 (keywords)',
  id: '编号 (id)',
  'search.q': '查询 (query)：空格分开的词都要出现；"带引号" 按短语；-词 排除；A OR B 任一；地名可写拼音。必填',
  'search.sort': '排序 (sort)：relevance 相关度，newest 最新',
  'search.from': '发布日期不早于 (published on or after)，YYYY-MM-DD',
  'search.to': '发布日期不晚于 (published on or before)，YYYY-MM-DD',
  'projects.q': '关键词 (keywords)：在项目名称、企业、园区中查找，最多 100 字',
  'projects.from': '报道时间不早于 (last reported on or after)，YYYY-MM-DD',
  'projects.to': '报道时间不晚于 (first reported on or before)，YYYY-MM-DD',
  'projects.sort': '排序 (sort)：newest 最新报道，amount 金额从高到低，amount_asc 金额从低到高，name 名称',
  'stats.from': '起始月份 (from month)：YYYY-MM，含这个月',
  'stats.to': '截止月份 (to month)：YYYY-MM，含这个月',
  'projects.min': '最低投资额 (min amount)，亿元，如 0.5',
  'projects.max': '最高投资额 (max amount)，亿元',
};

/** Example values for the curl lines on /api/docs. */
export const EXAMPLES: Record<string, string> = {
  q: '长沙 新能源',
  region: '430100',
  sector: 'new-energy',
  id: '1',
  pageSize: '5',
};

export function describeParameter(tag: string, name: string): string | undefined {
  return GLOSSARY[`${tag}.${name}`] ?? GLOSSARY[name];
}

type JsonObject = Record<string, unknown>;

/** Adds the glossary's words to the querystring and params JSON schemas of one route. */
export function describeParameters<T extends object>(schema: T, tag: string): T {
  const out = { ...schema } as JsonObject;
  for (const part of ['querystring', 'params']) {
    const s = out[part] as { properties?: Record<string, JsonObject> } | undefined;
    if (!s?.properties) continue;
    const properties = Object.fromEntries(
      Object.entries(s.properties).map(([name, p]) => {
        const words = describeParameter(tag, name);
        return [name, p['description'] || !words ? p : { ...p, description: words }];
      }),
    );
    out[part] = { ...s, properties };
  }
  return out as T;
}
