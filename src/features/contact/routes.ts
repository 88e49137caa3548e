// 联系我们: /contact (the operator's details and a message form → /contact/sent), and the back
// office's inbox for editors. The form has the protections of /submit: CSRF, a per-IP rate limit,
// a honeypot, and a challenge once an IP has sent a form in the hour.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../errors.js';
import { html, type Html } from '../../html.js';
import { HONEYPOT, type FieldErrors } from '../../views/forms.js';
import { HTML, renderPage, type AppContext } from '../../web/context.js';
import { notifyEditors } from '../admin/notify.js';
import { t } from '../../i18n/messages.js';
import { requireRole } from '../auth/session.js';
import { createChallenge, needsChallenge, passChallenge, recordFormPost } from '../submissions/challenge.js';
import { FORM_RATE_LIMIT, FORM_VIEW_RATE_LIMIT } from '../submissions/routes.js';
import { fieldErrors, idParams } from '../../forms/fields.js';
import { findContactMessage, handleContactMessage, inboxCounts, inboxMessages, insertContactMessage } from './repository.js';
import { contactFields } from './schema.js';
import { contactPage, contactSent, inboxList, inboxMessage, inboxNav, type ContactFormValues } from './views.js';

const editors = requireRole('editor', 'admin');

export function contactRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { db } = ctx.database;
  const title = (text: string) => ({ title: `${text} · ${t(ctx.config.site.name)}` });

  async function showForm(reply: FastifyReply, ip: string, values: ContactFormValues, errors: FieldErrors, status = 200) {
    const challenge = (await needsChallenge(db, ip)) ? await createChallenge(db) : null;
    const body = renderPage(ctx, title(t('联系我们')), contactPage({ site: ctx.config.site, values, errors, csrf: reply.generateCsrf(), challenge }));
    return reply.code(status).type(HTML).header('cache-control', 'no-store').send(body);
  }

  app.get('/contact', { config: { rateLimit: FORM_VIEW_RATE_LIMIT } }, async (request, reply) => showForm(reply, request.ip, {}, {}));

  app.post('/contact', { preValidation: app.csrfProtection, config: { rateLimit: FORM_RATE_LIMIT } }, async (request, reply) => {
    const raw = z.record(z.string(), z.unknown()).catch({}).parse(request.body);
    const str = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : undefined);
    const values: ContactFormValues = { name: str('name'), organization: str('organization'), contact: str('contact'), subject: str('subject'), message: str('message') };
    // A filled honeypot: a bot. Answer as if all went well; store nothing.
    if (str(HONEYPOT)) return reply.redirect('/contact/sent', 303);
    const parsed = contactFields.safeParse(values);
    const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
    if (await needsChallenge(db, request.ip)) {
      const ok = await passChallenge(db, str('challenge_id') ?? '', str('challenge') ?? '');
      if (!ok) errors['challenge'] = '图中字符没有填对，请再试一次（已换一张图）';
    }
    if (!parsed.success || Object.keys(errors).length > 0) return showForm(reply, request.ip, values, errors, 400);
    // The message and the abuse count of its post in one transaction: both or neither, so a database
    // lost or full between them leaves nothing half stored and no stored message answered "没有保存".
    await db.transaction().execute(async (trx) => {
      await recordFormPost(trx, request.ip, 'contact');
      await insertContactMessage(trx, parsed.data);
    });
    notifyEditors(ctx, { kind: 'contact', title: parsed.data.subject, adminPath: '/admin/inbox' });
    return reply.redirect('/contact/sent', 303);
  });

  app.get('/contact/sent', async (_request, reply) =>
    reply.type(HTML).header('cache-control', 'no-store').send(renderPage(ctx, title(t('留言已收到')), contactSent())),
  );

  // --- Back office: the inbox ---------------------------------------------------------------

  const send = (reply: FastifyReply, t: string, content: Html, status = 200) =>
    reply.code(status).type(HTML).header('cache-control', 'no-store').send(renderPage(ctx, { title: `${t} · 后台 · ${ctx.config.site.name}`, nav: 'admin' }, html`${inboxNav(reply.generateCsrf())}${content}`));

  /** The message a URL names; a malformed id is a page that does not exist, not a server error. */
  async function messageOf(params: unknown) {
    const p = idParams.safeParse(params);
    const m = p.success ? await findContactMessage(db, p.data.id) : undefined;
    if (!m) throw new AppError('not_found', '没有这条留言。');
    return m;
  }

  app.get('/admin/inbox', { preHandler: editors }, async (_request, reply) => {
    return send(reply, '留言', inboxList({ rows: await inboxMessages(db), counts: await inboxCounts(db) }));
  });

  app.get('/admin/inbox/:id', { preHandler: editors }, async (request, reply) => {
    const m = await messageOf(request.params);
    return send(reply, m.subject, inboxMessage({ m, csrf: reply.generateCsrf() }));
  });

  app.post('/admin/inbox/:id/handled', { preHandler: editors, preValidation: app.csrfProtection }, async (request, reply) => {
    const m = await messageOf(request.params);
    // Already handled (another editor, or a second click): nothing to do, nothing to log.
    await handleContactMessage(db, m.id, request.user?.id ?? 0);
    return reply.redirect('/admin/inbox', 303);
  });
}
