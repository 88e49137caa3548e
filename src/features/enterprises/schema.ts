// The 企业入驻 form: each field's rule and message. The licence file is checked by the upload store.
import { z } from 'zod';
import { checkEmail, checkMobile, checkUscc } from '../../forms/validators.js';
import { sector } from './sectors.js';

const text = (label: string, min: number, max: number) =>
  z
    .string({ error: `请填写${label}` })
    .transform((s) => s.replace(/\r\n?/g, '\n').trim())
    .pipe(z.string().min(min, min <= 1 ? `请填写${label}` : `${label}至少 ${min} 个字`).max(max, `${label}最多 ${max} 个字`));

const checked = (label: string, check: (s: string) => { ok: true; value: string } | { ok: false; message: string }) =>
  z.string({ error: `请填写${label}` }).transform((s, c) => {
    const r = check(s);
    if (!r.ok) {
      c.addIssue({ code: 'custom', message: r.message });
      return z.NEVER;
    }
    return r.value;
  });

export const applicationFields = z.object({
  company_name: text('企业名称', 2, 100),
  uscc: checked('统一社会信用代码', checkUscc),
  industry: z.string({ error: '请选择行业' }).refine((s) => sector(s) !== undefined, '请选择行业'),
  region: z.string({ error: '请选择地区' }).regex(/^\d{6}$/, '请选择地区'),
  address: text('地址', 4, 200),
  contact_person: text('联系人', 1, 50),
  mobile: checked('手机号码', checkMobile),
  email: checked('电子邮箱', checkEmail),
  description: text('企业简介', 10, 1000),
});

export type ApplicationInput = z.infer<typeof applicationFields>;

export const profileFields = z.object({
  address: text('地址', 4, 200),
  contact_person: text('联系人', 1, 50),
  mobile: checked('手机号码', checkMobile),
  email: checked('电子邮箱', checkEmail),
  description: text('企业简介', 10, 1000),
  website: z
    .string()
    .trim()
    .max(300, '网址最多 300 个字符')
    .refine((s) => s === '' || /^https?:\/\/[^\s/$.?#].[^\s]*$/i.test(s), '网址应以 http:// 或 https:// 开头')
    .default(''),
});
