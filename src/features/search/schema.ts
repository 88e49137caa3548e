// Search parameters, with zh-CN messages. The query text itself is never rejected for its content:
// parseQuery cuts and cleans it.
import { z } from 'zod';
import { dateField, optional, pageField, pageSizeField, regionCodeField } from '../news/schema.js';


export const searchQuery = z
  .object({
    q: z.string().default(''),
    page: pageField,
    pageSize: pageSizeField,
    sort: z.preprocess((v) => (v === '' ? undefined : v), z.enum(['relevance', 'newest'], { error: '排序方式只能是 relevance（相关度）或 newest（最新）' }).default('relevance')),
    region: optional(regionCodeField),
    from: optional(dateField('开始日期')),
    to: optional(dateField('结束日期')),
  })
  .refine((v) => !v.from || !v.to || v.from <= v.to, { message: '开始日期不能晚于结束日期', path: ['from'] });

export type SearchParams = z.infer<typeof searchQuery>;
