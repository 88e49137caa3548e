// Request schemas for news pages and the articles API, with zh-CN messages.
import { z } from 'zod';

export const pageField = z.coerce
  .number({ error: '页码必须是数字' })
  .int('页码必须是整数')
  .min(1, '页码从 1 开始')
  .max(10_000, '页码不能超过 10000')
  .default(1);

export const pageSizeField = z.coerce
  .number({ error: '每页条数必须是数字' })
  .int('每页条数必须是整数')
  .min(1, '每页至少 1 条')
  .max(100, '每页最多 100 条')
  .default(20);

export const regionCodeField = z.string().regex(/^\d{6}$/, '地区代码应为 6 位数字,如 430725');

export const pageQuery = z.object({ page: pageField });

export const articleListQuery = z.object({
  page: pageField,
  pageSize: pageSizeField,
  region: regionCodeField.optional(),
});

export const articleIdParams = z.object({
  id: z.coerce.number({ error: '文章编号必须是数字' }).int('文章编号必须是整数').min(1, '文章编号必须是正整数').max(2_147_483_647, '文章编号太大'),
});

export const regionParams = z.object({ code: regionCodeField });
