// The 企业入驻 form: each field's rule and message. The licence file is checked by the upload store.
import { z } from 'zod';
import { checkEmail, checkMobile, checkUscc } from '../../forms/validators.js';
import { checkedField, optionalUrlField, textField as text } from '../../forms/fields.js';
import { sector } from './sectors.js';



export const applicationFields = z.object({
  company_name: text('企业名称', 2, 100),
  uscc: checkedField('统一社会信用代码', checkUscc),
  industry: z.string({ error: '请选择行业' }).refine((s) => sector(s) !== undefined, '请选择行业'),
  region: z.string({ error: '请选择地区' }).regex(/^\d{6}$/, '请选择地区'),
  address: text('地址', 4, 200),
  contact_person: text('联系人', 1, 50),
  mobile: checkedField('手机号码', checkMobile),
  email: checkedField('电子邮箱', checkEmail),
  description: text('企业简介', 10, 1000),
});

export type ApplicationInput = z.infer<typeof applicationFields>;

export const profileFields = z.object({
  address: text('地址', 4, 200),
  contact_person: text('联系人', 1, 50),
  mobile: checkedField('手机号码', checkMobile),
  email: checkedField('电子邮箱', checkEmail),
  description: text('企业简介', 10, 1000),
  website: optionalUrlField('网址', 300),
});
