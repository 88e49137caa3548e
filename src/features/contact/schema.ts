// The message form (联系我们): what each field must be, in words a person understands.
import { z } from 'zod';
import { contactField, textField as text } from '../../forms/fields.js';

export const contactFields = z.object({
  name: text('称呼', 1, 50),
  organization: z.string().trim().max(100, '单位最多 100 个字').default(''),
  contact: contactField,
  subject: text('主题', 1, 100),
  message: text('留言内容', 5, 5000),
});

export type ContactInput = z.infer<typeof contactFields>;
