// zod field builders for every form, with the zh-CN messages people read beside the field.
import { z } from 'zod';
import { MAX_ROW_ID } from '../db/database.js';
import { checkContact } from './validators.js';

/** Text with line endings normalized and ends trimmed, between min and max characters (empty: 请填写). */
export function textField(label: string, min: number, max: number) {
  return z
    .string({ error: `请填写${label}` })
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .superRefine((s, c) => {
      const n = [...s].length;
      if (n === 0 && min > 0) c.addIssue({ code: 'custom', message: `请填写${label}` });
      else if (n < min) c.addIssue({ code: 'custom', message: `${label}至少 ${min} 个字` });
      else if (n > max) c.addIssue({ code: 'custom', message: `${label}最多 ${max} 个字` });
    });
}

/** A field checked by one of our validators, which also normalizes it. */
export function checkedField(label: string, check: (s: string) => { ok: true; value: string } | { ok: false; message: string }) {
  return z.string({ error: `请填写${label}` }).transform((s, c) => {
    const r = check(s);
    if (!r.ok) {
      c.addIssue({ code: 'custom', message: r.message });
      return z.NEVER;
    }
    return r.value;
  });
}

/** Phone (mobile or landline) or e-mail. */
export const contactField = checkedField('联系方式', checkContact);

/** An optional http(s) URL. */
export function optionalUrlField(label: string, max: number) {
  return z
    .string()
    .trim()
    .max(max, `${label}最多 ${max} 个字符`)
    .refine((s) => s === '' || /^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(s), `${label}应以 http:// 或 https:// 开头`)
    .default('');
}

/** The first message for each field, keyed by field name. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '_');
    out[key] ??= issue.message;
  }
  return out;
}

/** A route's :id: a positive row id that fits the database's 32-bit integer (a larger one is a 400, never a query). */
export const idParams = z.object({ id: z.coerce.number().int().positive().max(MAX_ROW_ID) });
