// The public API's response shapes, as zod schemas. They are the routes' `response` metadata, so
// /api/openapi.json and /api/docs are generated from them; at run time they cost nothing (every
// 200 is sent as prepared bytes from the page cache, which Fastify never re-serializes), and
// test/http/openapi.test.ts checks real responses against the generated document, so a field
// added to a view model without being added here fails a test instead of going undocumented.
// Reused shapes carry an `id`: they become components (#/components/schemas/…).
import { z } from 'zod';
import { PROJECT_STAGES } from '../projects/schema.js';

const d = <T extends z.ZodType>(schema: T, description: string): T => schema.describe(description);

export const apiError = z
  .object({
    error: z.object({
      code: d(z.string(), '错误代码 (error code)：invalid_parameter、not_found、rate_limited、internal …'),
      message: d(z.string(), '给人看的中文说明 (zh-CN message)'),
    }),
  })
  .meta({ id: 'Error', description: '错误 (error)：/api 下的所有错误都是这个形状' });

export const regionRef = z
  .object({
    code: d(z.string(), '行政区划代码 (GB/T 2260 division code)'),
    name: d(z.string(), '地区名称 (name)'),
    level: d(z.enum(['province', 'city', 'county']), '级别 (level)：省 / 地级 / 县级'),
  })
  .meta({ id: 'RegionRef' });

export const articleItem = z
  .object({
    id: z.number().int(),
    title: z.string(),
    regionTag: d(z.string().nullable(), '来源标注的地区标签，不带括号 (source tag)，如 长沙招商'),
    region: regionRef,
    publishedAt: d(z.string(), '发布日期 (YYYY-MM-DD)'),
    excerpt: d(z.string(), '摘要 (excerpt)'),
    url: d(z.string(), '网页地址 (page path)'),
  })
  .meta({ id: 'ArticleItem' });

/** Fields every paginated list shares: {items, page, pageSize, total}. */
const paged = <T extends z.ZodType>(item: T) => ({
  items: z.array(item),
  page: d(z.number().int(), '当前页码 (page, 1-based)'),
  pageSize: d(z.number().int(), '每页条数 (page size)'),
  total: d(z.number().int(), '符合条件的总数 (total matches)'),
});

export const articleList = z.object(paged(articleItem));

const section = z.object({
  id: d(z.string(), '锚点 (anchor id)：s0 为导语，之后 s1、s2 …'),
  level: d(z.number().int().min(0).max(3), '层级 (level)：0 导语，1–3 由外到内'),
  marker: d(z.string(), '序号 (marker)：一、 /（一） / 空'),
  title: z.string(),
  paragraphs: z.array(z.string()),
});

export const articleDetail = articleItem
  .extend({
    body: d(z.string(), '正文全文 (body text)'),
    sections: d(z.array(section), '按标题切分的正文 (sections)'),
    sourceTruncated: d(z.boolean(), '来源原文是否在句中被截断 (source cut mid-sentence)'),
    sourceNote: d(z.string().nullable(), '关于来源的说明 (source note)'),
  })
  .meta({ id: 'ArticleDetail' });

export const regionList = z.object({
  items: z.array(
    z.object({
      code: z.string(),
      name: z.string(),
      level: z.enum(['province', 'city', 'county']),
      parent: d(z.string().nullable(), '上级地区代码 (parent code)'),
      articleCount: d(z.number().int(), '文章数，含下级地区 (articles, descendants included)'),
    }),
  ),
});

export const searchResponse = z.object({
  query: d(z.string(), '实际查找的词 (normalized query)'),
  notices: d(z.array(z.string()), '对查询的处理说明 (notices)，如按拼音地名查找、查询被截短'),
  ...paged(
    z.object({
      id: z.number().int(),
      title: z.string(),
      regionTag: z.string().nullable(),
      region: regionRef,
      publishedAt: z.string(),
      url: z.string(),
      snippet: d(z.string(), 'HTML 片段 (snippet)：匹配处用 <mark>，其余已转义'),
    }),
  ),
  facets: z.object({ region: d(z.array(z.object({ code: z.string(), name: z.string(), count: z.number().int() })), '按地区计数 (counts by region)') }),
});

export const sectorRef = z.object({ id: d(z.string(), '行业代码 (sector id)'), name: d(z.string(), '行业名称') }).meta({ id: 'Sector' });
export const sectorList = z.object({ items: z.array(sectorRef) });

export const projectItem = z
  .object({
    id: z.number().int(),
    url: z.string(),
    name: d(z.string(), '项目名称 (name)'),
    kind: d(z.enum(['group', 'single']), 'group：一批集中签约/开工的项目；single：单个项目'),
    stage: d(z.enum(PROJECT_STAGES).nullable(), '阶段 (stage)'),
    stageLabel: d(z.string().nullable(), '阶段的中文名'),
    count: d(z.number().int().nullable(), '一批项目的个数 (projects in a batch)'),
    amountYuan: d(z.string().nullable(), '投资额，元，精确十进制字符串 (amount in yuan)'),
    amountText: d(z.string().nullable(), '投资额的中文写法，如 20.4亿元'),
    approx: d(z.boolean(), '投资额是约数 (approximate)'),
    region: z.object({ code: z.string(), name: z.string() }),
    park: d(z.string().nullable(), '园区 (park)'),
    sectors: z.array(sectorRef),
    companies: d(z.array(z.string()), '企业 (companies)'),
    firstDate: d(z.string(), '首次报道日期 (YYYY-MM-DD)'),
    lastDate: d(z.string(), '最近报道日期 (YYYY-MM-DD)'),
    parentId: d(z.number().int().nullable(), '所属批次 (batch id)'),
    reports: d(z.number().int(), '报道篇数 (articles on its timeline)'),
    articleId: d(z.number().int(), '首篇来源文章 (source article id)'),
  })
  .meta({ id: 'ProjectItem' });

export const projectList = z.object({
  ...paged(projectItem),
  sumYuan: d(z.string(), '投资额合计，元，一笔金额只计一次 (sum, counted once)'),
  withAmount: d(z.number().int(), '计入合计的项目数 (projects with an amount)'),
  projectsCounted: d(
    z.number().int(),
    '按统计口径的项目数：批次按其报道的个数计，批次中的项目不再计 (projects as /api/v1/stats counts them; equals its totals.projects for the same region and stage)',
  ),
});

export const projectDetail = projectItem.extend({
  timeline: z.array(
    z.object({
      articleId: z.number().int(),
      title: z.string(),
      date: z.string(),
      stage: z.enum(PROJECT_STAGES).nullable(),
      stageLabel: z.string().nullable(),
      amountYuan: z.string().nullable(),
      amountText: z.string().nullable(),
      evidenceUrl: d(z.string(), '文章中依据所在的位置 (evidence link)'),
      amountEvidenceUrl: z.string().nullable(),
    }),
  ),
  parent: z.object({ id: z.number().int(), name: z.string(), url: z.string() }).nullable(),
  children: z.array(projectItem),
});

export const projectExport = z.object({
  total: d(z.number().int(), '符合条件的项目总数 (total matches)'),
  truncated: d(z.boolean(), '是否因超过上限而截断 (cut at the export cap)'),
  items: z.array(projectItem),
});

export const enterpriseItem = z
  .object({
    id: z.number().int(),
    name: d(z.string(), '企业名称'),
    url: d(z.string(), '企业主页 (profile page path)'),
    sector: sectorRef,
    region: z.object({ code: z.string(), name: z.string() }),
    excerpt: d(z.string(), '简介的前 120 个字 (excerpt)'),
  })
  .meta({ id: 'EnterpriseItem' });

export const enterpriseList = z.object(paged(enterpriseItem));

export const enterpriseDetail = enterpriseItem.extend({
  uscc: d(z.string(), '统一社会信用代码 (unified social credit code)'),
  description: d(z.string(), '企业简介'),
  address: d(z.string(), '地址'),
  contactPerson: d(z.string(), '联系人姓名（手机与邮箱不公开）(contact name only)'),
  website: z.string().nullable(),
  needs: d(
    z.array(
      z.object({
        title: z.string(),
        body: z.string(),
        sector: sectorRef.nullable(),
        region: z.object({ code: z.string(), name: z.string() }).nullable(),
        amountMinWan: d(z.string().nullable(), '金额下限，万元'),
        amountMaxWan: d(z.string().nullable(), '金额上限，万元'),
        spaceNeed: d(z.string().nullable(), '用地或场地需求'),
      }),
    ),
    '已发布的投资需求 (published investment needs)',
  ),
});
