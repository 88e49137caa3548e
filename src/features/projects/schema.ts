// 项目库 parameters, shared by /projects and /api/v1/projects, with zh-CN messages.
import { z } from 'zod';
import { MAX_ROW_ID } from '../../db/database.js';
import { STAGES } from '../../extraction/types.js';
import { sectorNames } from '../../extraction/taxonomy.js';
import { dateField, optional, pageField, pageSizeField, regionCodeField } from '../news/schema.js';


export const PROJECT_STAGES = STAGES;
export const PROJECT_SORTS = ['newest', 'amount', 'amount_asc', 'name'] as const;

/** 亿元, as typed: 0.5, 20, 1,000 (commas allowed); at most 7 digits before the point. */
const yi = (label: string) =>
  z
    .string()
    .transform((s) => s.replace(/[,，\s]/gu, ''))
    .pipe(z.string().regex(/^\d{1,7}(\.\d{1,4})?$/, `${label}应为以亿元计的数字，如 5 或 0.5`))
    .transform(Number);

export const projectQuery = z
  .object({
    page: pageField,
    pageSize: pageSizeField,
    region: optional(regionCodeField),
    sector: optional(z.string().refine((s) => sectorNames.has(s), '没有这个行业（见 /api/v1/sectors）')),
    stage: optional(z.enum(PROJECT_STAGES, { error: '阶段只能是 signing、construction_start、completion、operating 或 planned' })),
    min: optional(yi('最低金额')),
    max: optional(yi('最高金额')),
    from: optional(dateField('开始日期')),
    to: optional(dateField('结束日期')),
    q: optional(z.string().max(100, '关键词最多 100 个字')),
    sort: z.preprocess((v) => (v === '' ? undefined : v), z.enum(PROJECT_SORTS, { error: '排序只能是 newest、amount、amount_asc 或 name' }).default('newest')),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: '开始日期不能晚于结束日期', path: ['from'] })
  .refine((v) => v.min === undefined || v.max === undefined || v.min <= v.max, { message: '最低金额不能大于最高金额', path: ['min'] });

export const projectIdParams = z.object({ id: z.string().regex(/^\d{1,10}$/, '项目编号必须是整数').transform(Number).pipe(z.number().min(1, '项目编号不能小于 1').max(MAX_ROW_ID, '项目编号太大')) });

export type ProjectParams = z.infer<typeof projectQuery>;
