// Request schemas for news pages and the articles API, with zh-CN messages.
import { z } from 'zod';
import { MAX_ROW_ID } from '../../db/database.js';
import { isValidDate } from '../../content/listing.js';

/** A whole number written as digits only (no 1e3, +1, 0x10, 1.0), within [min, max]. */
function wholeNumber(label: string, min: number, max: number) {
  return z
    .string()
    .regex(/^\d{1,10}$/, `${label}必须是整数`)
    .transform(Number)
    .pipe(z.number().min(min, `${label}不能小于 ${min}`).max(max, `${label}不能大于 ${max}`));
}

export const pageField = wholeNumber('页码', 1, 10_000).default(1);
/** Articles on a list page, and the API's default page size. */
export const PAGE_SIZE = 20;
export const pageSizeField = wholeNumber('每页条数', 1, 100).default(PAGE_SIZE);

/** A form sends empty fields (to=): they mean "not set". */
export const optional = <T extends z.ZodType>(field: T) => z.preprocess((v) => (v === '' ? undefined : v), field.optional());

export const dateField = (label: string) => z.string().refine(isValidDate, `${label}应为 YYYY-MM-DD 格式的有效日期`);

export const regionCodeField = z.string().regex(/^\d{6}$/, '地区代码应为 6 位数字，如 430725');

export const pageQuery = z.object({ page: pageField });

export const articleListQuery = z.object({
  page: pageField,
  pageSize: pageSizeField,
  region: regionCodeField.optional(),
});

export const articleIdParams = z.object({ id: wholeNumber('文章编号', 1, MAX_ROW_ID) });

export const regionParams = z.object({ code: regionCodeField });
