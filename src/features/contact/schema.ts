// The message form (联系我们): what each field must be, in words a person understands.
import { z } from 'zod';
import { checkContact } from '../../forms/validators.js';

const text = (label: string, min: number, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().min(1, `请填写${label}`).min(min, `${label}至少 ${min} 个字`).max(max, `${label}最多 ${max} 个字`));

export const contactFields = z.object({
  name: text('称呼', 1, 50),
  organization: z.string().trim().max(100, '单位最多 100 个字').default(''),
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
  subject: text('主题', 1, 100),
  message: text('留言内容', 5, 5000),
});

export type ContactInput = z.infer<typeof contactFields>;
