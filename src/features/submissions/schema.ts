// The tip form (投稿): what each field must be, in words a person understands.
import { z } from 'zod';
import { contactField, optionalUrlField, textField as text } from '../../forms/fields.js';

export const tipFields = z.object({
  title: text('标题', 1, 200),
  region: z.string({ error: '请选择地区' }).regex(/^\d{6}$/, '请选择地区'),
  body: text('正文', 20, 20_000),
  source_url: optionalUrlField('来源网址', 500),
  name: text('称呼', 1, 50),
  contact: contactField,
});

export type TipInput = z.infer<typeof tipFields>;

