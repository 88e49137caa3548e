// /stats and /api/v1/stats parameters, with zh-CN messages.
import { z } from 'zod';
import { sectorNames } from '../../extraction/taxonomy.js';
import { optional, regionCodeField } from '../news/schema.js';
import { PROJECT_STAGES } from '../projects/schema.js';

const month = (label: string) => z.string().regex(/^(19|20)\d{2}-(0[1-9]|1[0-2])$/, `${label}应为 YYYY-MM 格式的月份，如 2024-03`);

export const statsQuery = z
  .object({
    region: z.preprocess((v) => (v === '' ? undefined : v), regionCodeField.default('430000')),
    from: optional(month('开始月份')),
    to: optional(month('结束月份')),
    sector: optional(z.string().refine((s) => sectorNames.has(s), '没有这个行业（见 /api/v1/sectors）')),
    stage: optional(z.enum(PROJECT_STAGES, { error: '阶段只能是 signing、construction_start、completion、operating 或 planned' })),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: '开始月份不能晚于结束月份', path: ['from'] });

export type StatsParams = z.infer<typeof statsQuery>;
