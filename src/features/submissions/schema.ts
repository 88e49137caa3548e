// The tip form (投稿): what each field must be, in words a person understands.
import { z } from 'zod';
import { checkContact } from '../../forms/validators.js';

const text = (label: string, min: number, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().min(min, min <= 1 ? `请填写${label}` : `${label}至少 ${min} 个字`).max(max, `${label}最多 ${max} 个字`));

export const tipFields = z.object({
  title: text('标题', 1, 200),
  region: z.string({ error: '请选择地区' }).regex(/^\d{6}$/, '请选择地区'),
  body: text('正文', 20, 20_000),
  source_url: z
    .string()
    .trim()
    .max(500, '来源网址最多 500 个字符')
    .refine((s) => s === '' || /^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(s), '来源网址应以 http:// 或 https:// 开头')
    .default(''),
  name: text('称呼', 1, 50),
  contact: z
    .string({ error: '请填写联系方式' })
    .transform((s, c) => {
      const r = checkContact(s);
      if (!r.ok) {
        c.addIssue({ code: 'custom', message: r.message });
        return z.NEVER;
      }
      return r.value;
    }),
});

export type TipInput = z.infer<typeof tipFields>;

/** The first message for each field, keyed by field name. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? '_');
    out[key] ??= issue.message;
  }
  return out;
}
