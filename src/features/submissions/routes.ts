// 投稿: /submit (form → receipt with a tracking code) and /track. Abuse control without outside
// services: CSRF, a per-IP rate limit, a honeypot, and a challenge once an IP has sent in the hour.
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { HTML, renderPage, type AppContext } from '../../web/context.js';
import { HONEYPOT, type FieldErrors } from '../../views/forms.js';
import { createChallenge, needsChallenge, passChallenge, recordFormPost } from './challenge.js';
import { findSubmissionByCode } from './repository.js';
import { fieldErrors } from '../../forms/fields.js';
import { tipFields } from './schema.js';
import { receiveTip } from './service.js';
import { APPLICATION_STATUS, tipForm, tipReceived, trackPage, type TipFormValues } from './views.js';
import { findApplicationByCode } from '../enterprises/repository.js';
import { notifyEditors } from '../admin/notify.js';
import { t } from '../../i18n/messages.js';

export const FORM_RATE_LIMIT = { max: 5, timeWindow: '1 minute' } as const;
/** Viewing a form may create a challenge row: bounded too. */
export const FORM_VIEW_RATE_LIMIT = { max: 30, timeWindow: '1 minute' } as const;

export function submissionRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { db } = ctx.database;
  const title = (text: string) => ({ title: `${text} · ${t(ctx.config.site.name)}`, nav: 'submit' as const });

  async function showForm(reply: FastifyReply, ip: string, values: TipFormValues, errors: FieldErrors, status = 200) {
    const challenge = (await needsChallenge(db, ip)) ? await createChallenge(db) : null;
    const body = renderPage(ctx, title(t('投稿')), tipForm({ values, errors, csrf: reply.generateCsrf(), gz: ctx.gazetteer, challenge }));
    return reply.code(status).type(HTML).header('cache-control', 'no-store').send(body);
  }

  app.get('/submit', { config: { rateLimit: FORM_VIEW_RATE_LIMIT } }, async (request, reply) => showForm(reply, request.ip, {}, {}));

  app.post('/submit', { preValidation: app.csrfProtection, config: { rateLimit: FORM_RATE_LIMIT } }, async (request, reply) => {
    const raw = z.record(z.string(), z.unknown()).catch({}).parse(request.body);
    const str = (k: string) => (typeof raw[k] === 'string' ? (raw[k] as string) : undefined);
    const values: TipFormValues = { title: str('title'), region: str('region'), body: str('body'), source_url: str('source_url'), name: str('name'), contact: str('contact') };
    // A filled honeypot: a bot. Answer as if all went well; store nothing.
    if (str(HONEYPOT)) return reply.type(HTML).send(renderPage(ctx, title(t('已收到')), tipReceived('ZS-0000-0000')));
    const parsed = tipFields.safeParse(values);
    const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
    if (parsed.success && !ctx.gazetteer.get(parsed.data.region)) errors['region'] = '请选择地区';
    if (await needsChallenge(db, request.ip)) {
      const ok = await passChallenge(db, str('challenge_id') ?? '', str('challenge') ?? '');
      if (!ok) errors['challenge'] = '图中字符没有填对，请再试一次（已换一张图）';
    }
    if (!parsed.success || Object.keys(errors).length > 0) return showForm(reply, request.ip, values, errors, 400);
    // The tip and the abuse count of its post in one transaction (see contact/routes.ts).
    const code = await receiveTip(db, parsed.data, (trx) => recordFormPost(trx, request.ip, 'tip'));
    notifyEditors(ctx, { kind: 'tip', title: parsed.data.title, adminPath: '/admin/tips' });
    return reply.redirect(`/submit/done?code=${encodeURIComponent(code)}`, 303);
  });

  app.get('/submit/done', async (request, reply) => {
    const code = z.object({ code: z.string().regex(/^ZS-[A-Z0-9]{4}-[A-Z0-9]{4}$/) }).safeParse(request.query);
    if (!code.success) return reply.redirect('/submit', 303);
    return reply.type(HTML).header('cache-control', 'no-store').send(renderPage(ctx, title(t('已收到')), tipReceived(code.data.code)));
  });

  // Codes are 40 bits: a limit per client makes guessing them pointless.
  app.get('/track', { config: { rateLimit: FORM_VIEW_RATE_LIMIT } }, async (request, reply) => {
    const q = z.object({ code: z.string().max(40).optional() }).catch({}).parse(request.query);
    const code = (q.code ?? '').trim().toUpperCase();
    const valid = /^ZS-[A-Z0-9]{4}-[A-Z0-9]{4}$/.test(code);
    const tip = valid ? await findSubmissionByCode(db, code) : undefined;
    const application = valid && !tip ? await findApplicationByCode(db, code) : undefined;
    const found = tip ?? (application ? { title: application.company_name, status: application.status === 'approved' ? ('published' as const) : application.status, reason: application.reason, article_id: null, created_at: application.created_at, decided_at: application.decided_at } : null);
    return reply
      .code(code && !found ? 404 : 200)
      .type(HTML)
      .header('cache-control', 'no-store')
      .send(renderPage(ctx, title(t('查询处理结果')), trackPage({ code, found, labels: application ? APPLICATION_STATUS : undefined })));
  });
}
