// 企业入驻 (/join, multipart with the licence), the directory (/enterprises), a company's profile,
// the invite link (/invite/:token), the company's own page (/account), and the back office's
// application queue with the licence served only to editors, as an attachment.
import path from 'node:path';
import type {} from '@fastify/multipart';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { html, type Html } from '../../html.js';
import { AppError } from '../../errors.js';
import { deleteUpload, openUpload, saveUpload, UploadError, MAX_UPLOAD_BYTES } from '../../uploads/store.js';
import { csrfInput, field, formErrorSummary, HONEYPOT, type FieldErrors } from '../../views/forms.js';
import { HTML, renderPage, type AppContext } from '../../web/context.js';
import { notifyEditors, notifySender, siteUrl } from '../admin/notify.js';
import { logAction } from '../admin/moderation-log.js';
import { passwordProblem } from '../auth/passwords.js';
import { requireRole, startSession } from '../auth/session.js';
import { inviteForCompany } from '../../mail/messages.js';
import { formPostsThisHour, recordFormPost } from '../submissions/challenge.js';
import { DecisionConflict } from '../submissions/service.js';
import { FORM_RATE_LIMIT } from '../submissions/routes.js';
import { findApplication, findEnterprise, listEnterprises, pendingApplications, pendingLicenceBytes, updateEnterprise, type ApplicationRow } from './repository.js';
import { applicationFields, profileFields } from './schema.js';
import { acceptInvite, approveApplication, checkInvite, INVITE_HOURS, InviteError, receiveApplication, rejectApplication } from './service.js';
import { applicationReceived, directoryPage, joinForm, profilePage, setPasswordForm, type ApplicationValues } from './views.js';
import { sector } from './sectors.js';
import { companyPostRoutes, needList, publishedNeeds } from './posts.js';
import { fieldErrors, idParams } from '../../forms/fields.js';
import { t, translateMarked } from '../../i18n/messages.js';

/**
 * Every accepted application keeps its licence file (up to 5 MB) until an editor decides it, so
 * one address may send this many an hour, and the files waiting for a decision may take at most
 * UPLOAD_QUOTA_MB: a flood of applications cannot fill the disk the database lives on.
 */
export const JOIN_PER_HOUR = 3;
const TOO_MANY_JOINS = `这个网络一小时内已提交 ${JOIN_PER_HOUR} 份入驻申请，请一小时后再提交（填写的内容仍在，执照文件需要重新选择）。`;
const QUOTA_FULL = '待审核的申请材料已达存储上限，暂时不能接收新的执照文件，请稍后再提交（填写的内容仍在）。';

const FIELDS = ['company_name', 'uscc', 'industry', 'region', 'address', 'contact_person', 'mobile', 'email', 'description'] as const;

/** Runs the CSRF check on fields read from a multipart body. */
function checkCsrf(app: FastifyInstance, request: FastifyRequest, reply: FastifyReply, token: string | undefined): Promise<void> {
  (request as { body: unknown }).body = { _csrf: token };
  return new Promise((resolve, reject) => {
    app.csrfProtection.call(app, request, reply, (err?: Error) => (err ? reject(err) : resolve()));
  });
}

export function enterpriseRoutes(app: FastifyInstance, ctx: AppContext): void {
  const { db } = ctx.database;
  const dir = path.resolve(ctx.config.uploadDir);
  const page = (reply: FastifyReply, title: string, content: Html, status = 200) =>
    reply.code(status).type(HTML).header('cache-control', 'no-store').send(renderPage(ctx, { title: `${title} · ${t(ctx.config.site.name)}` }, content));
  const showJoin = (reply: FastifyReply, values: ApplicationValues, errors: FieldErrors, status = 200) =>
    page(reply, t('企业入驻'), joinForm({ values, errors, csrf: reply.generateCsrf(), gz: ctx.gazetteer }), status);

  app.get('/join', async (_request, reply) => showJoin(reply, {}, {}));

  app.post('/join', { config: { rateLimit: FORM_RATE_LIMIT } }, async (request, reply) => {
    if (!request.isMultipart()) throw new AppError('bad_request', '请用页面上的表单提交。');
    const values: Record<string, string> = {};
    let licence: { storedName: string; mime: string; size: number } | null = null;
    let licenceError: string | undefined;
    /** 429 or 503 when a limit above refused the file. */
    let refused: 429 | 503 | undefined;
    let csrfChecked = false;
    try {
      // The plugin's own limit is a backstop above ours: the upload store says 'over 5 MB' first.
      for await (const part of request.parts({ limits: { fileSize: MAX_UPLOAD_BYTES + 1024 * 1024, files: 1, fields: 40, fieldSize: 20_000 } })) {
        if (part.type === 'field') {
          if (part.fieldname === '_csrf' && !csrfChecked) {
            await checkCsrf(app, request, reply, String(part.value));
            csrfChecked = true;
          } else if (typeof part.value === 'string') values[part.fieldname] = part.value;
          continue;
        }
        // The token comes first in the form: no file is stored for a request without it.
        if (!csrfChecked) await checkCsrf(app, request, reply, undefined);
        if (part.fieldname !== 'licence' || licence) {
          part.file.resume();
          continue;
        }
        if ((await formPostsThisHour(db, request.ip, 'join')) >= JOIN_PER_HOUR) {
          [refused, licenceError] = [429, TOO_MANY_JOINS];
          part.file.resume();
          continue;
        }
        try {
          licence = await saveUpload(part.file, { dir, maxBytes: MAX_UPLOAD_BYTES });
          if ((await pendingLicenceBytes(db)) + licence.size > ctx.config.uploadQuotaBytes) {
            await deleteUpload(dir, licence.storedName);
            licence = null;
            [refused, licenceError] = [503, QUOTA_FULL];
          }
        } catch (err) {
          if (!(err instanceof UploadError)) throw err;
          licenceError = err.message;
          part.file.resume();
        }
      }
      if (!csrfChecked) await checkCsrf(app, request, reply, undefined);
    } catch (err) {
      if (licence) await deleteUpload(dir, licence.storedName).catch(() => false);
      licence = null;
      const e = err as { code?: string; message?: string };
      // A broken multipart body (no boundary, cut off): the sender's problem, a 400.
      if (/multipart|boundary|unexpected end/i.test(e.message ?? '') && !e.code?.startsWith('FST_CSRF')) {
        throw new AppError('bad_request', '上传的表单不完整或格式不对，请重新提交。');
      }
      // Far over the limit: the multipart plugin stops the upload; say so beside the field.
      if (e.code !== 'FST_REQ_FILE_TOO_LARGE') throw err;
      licenceError = new UploadError('too_large').message;
    }
    const kept: ApplicationValues = Object.fromEntries(FIELDS.map((k) => [k, values[k]]));
    if (values[HONEYPOT]) {
      if (licence) await deleteUpload(dir, licence.storedName);
      return page(reply, t('申请已提交'), applicationReceived('ZS-0000-0000'));
    }
    const parsed = applicationFields.safeParse(kept);
    const errors: FieldErrors = parsed.success ? {} : fieldErrors(parsed.error);
    if (parsed.success && !ctx.gazetteer.get(parsed.data.region)) errors['region'] = '请选择地区';
    if (licenceError) errors['licence'] = licenceError;
    else if (!licence) errors['licence'] = '请上传营业执照';
    if (!parsed.success || Object.keys(errors).length > 0 || !licence) {
      if (licence) await deleteUpload(dir, licence.storedName);
      if (refused) reply.header('retry-after', refused === 429 ? '3600' : '600');
      return showJoin(reply, kept, { ...errors, ...(licence && !errors['licence'] ? { licence: '请重新选择营业执照文件（出于安全，文件没有保留）' } : {}) }, refused ?? 400);
    }
    // The application and the abuse count of its post in one transaction (see contact/routes.ts).
    const code = await receiveApplication(db, parsed.data, licence, (trx) => recordFormPost(trx, request.ip, 'join'));
    notifyEditors(ctx, { kind: 'application', title: parsed.data.company_name, adminPath: '/admin/applications' });
    return reply.redirect(`/join/done?code=${encodeURIComponent(code)}`, 303);
  });

  app.get('/join/done', async (request, reply) => {
    const q = z.object({ code: z.string().regex(/^ZS-[A-Z0-9]{4}-[A-Z0-9]{4}$/) }).safeParse(request.query);
    if (!q.success) return reply.redirect('/join', 303);
    return page(reply, t('申请已提交'), applicationReceived(q.data.code));
  });

  const dirQuery = z.object({ region: z.string().optional(), industry: z.string().optional(), page: z.string().optional() });
  app.get('/enterprises', { schema: { querystring: dirQuery } }, async (request, reply) => {
    const q = request.query as z.infer<typeof dirQuery>;
    const region = q.region ? ctx.gazetteer.get(q.region) : undefined;
    const industry = q.industry && sector(q.industry) ? q.industry : '';
    const pageNo = Math.min(Math.max(Number.parseInt(q.page ?? '1', 10) || 1, 1), 10_000);
    const regionCodes = region ? [region.code, ...ctx.gazetteer.regions.filter((r) => ctx.gazetteer.isWithin(r.code, region.code)).map((r) => r.code)] : undefined;
    const { items, total } = await listEnterprises(db, { regionCodes, industry: industry || undefined, page: pageNo, pageSize: 20 });
    const href = (n: number) => `/enterprises?${new URLSearchParams({ ...(region ? { region: region.code } : {}), ...(industry ? { industry } : {}), ...(n > 1 ? { page: String(n) } : {}) }).toString()}`;
    return page(reply, t('入驻企业'), directoryPage({ items, page: { page: pageNo, pageSize: 20, total }, region: region?.code ?? '', industry, gz: ctx.gazetteer, href }));
  });

  app.get('/enterprises/:id', async (request, reply) => {
    const id = Number((request.params as { id: string }).id);
    const e = Number.isInteger(id) && id > 0 ? await findEnterprise(db, id) : undefined;
    if (!e || e.status !== 'active') throw new AppError('not_found', '没有这家企业。');
    return page(reply, e.name, html`${profilePage(e, ctx.gazetteer)}${needList(await publishedNeeds(db, e.id), ctx)}`);
  });

  app.get('/invite/:token', async (request, reply) => {
    const token = (request.params as { token: string }).token;
    try {
      const invite = await checkInvite(ctx, token);
      const user = await db.selectFrom('users').leftJoin('enterprises', 'enterprises.id', 'users.enterprise_id').select(['users.email', 'enterprises.name']).where('users.id', '=', invite.user_id).executeTakeFirstOrThrow();
      return page(reply, t('设置密码'), setPasswordForm({ token, company: user.name ?? '', email: user.email, csrf: reply.generateCsrf() }));
    } catch (err) {
      if (err instanceof InviteError) return page(reply, t('链接无效'), html`<h1>${t('链接无效')}</h1><p>${translateMarked(err.message)}</p>`, 404);
      throw err;
    }
  });

  app.post('/invite/:token', { preValidation: app.csrfProtection }, async (request, reply) => {
    const token = (request.params as { token: string }).token;
    const password = z.object({ password: z.string().default('') }).catch({ password: '' }).parse(request.body).password;
    const problem = passwordProblem(password);
    try {
      const invite = await checkInvite(ctx, token);
      if (problem) {
        const user = await db.selectFrom('users').select('email').where('id', '=', invite.user_id).executeTakeFirstOrThrow();
        return page(reply, t('设置密码'), setPasswordForm({ token, company: '', email: user.email, csrf: reply.generateCsrf(), error: problem }), 400);
      }
      const userId = await acceptInvite(ctx, token, password);
      await startSession(ctx, request, reply, userId);
      return reply.redirect('/account', 303);
    } catch (err) {
      if (err instanceof InviteError) return page(reply, t('链接无效'), html`<h1>${t('链接无效')}</h1><p>${translateMarked(err.message)}</p>`, 404);
      throw err;
    }
  });

  const company = requireRole('company');
  const accountForm = (reply: FastifyReply, e: NonNullable<Awaited<ReturnType<typeof findEnterprise>>>, v: Record<string, string | undefined>, errors: FieldErrors, status = 200, saved = false) =>
    page(
      reply,
      '企业账号',
      html`<h1>${e.name}</h1><p><a href="/enterprises/${e.id}">查看公开主页</a> · <a href="/account/posts">企业动态与投资需求</a></p>
${saved ? html`<p class="notice" role="status">已保存。</p>` : formErrorSummary(errors)}
<form class="stack" method="post" action="/account">${csrfInput(reply.generateCsrf())}
${field({ name: 'address', label: '地址', value: v['address'] ?? e.address, error: errors['address'], required: true })}
${field({ name: 'contact_person', label: '联系人', value: v['contact_person'] ?? e.contact_person, error: errors['contact_person'], required: true })}
${field({ name: 'mobile', label: '手机号码', type: 'tel', value: v['mobile'] ?? e.mobile, error: errors['mobile'], required: true })}
${field({ name: 'email', label: '电子邮箱', type: 'email', value: v['email'] ?? e.email, error: errors['email'], required: true })}
${field({ name: 'website', label: '网站（可不填）', type: 'url', value: v['website'] ?? e.website ?? '', error: errors['website'] })}
${field({ name: 'description', label: '企业简介', type: 'textarea', rows: 6, value: v['description'] ?? e.description, error: errors['description'], required: true })}
<button class="primary" type="submit">保存</button></form>
<form method="post" action="/logout">${csrfInput(reply.generateCsrf())}<button type="submit">退出登录</button></form>`,
      status,
    );

  async function ownEnterprise(request: FastifyRequest) {
    const e = request.user?.enterpriseId ? await findEnterprise(db, request.user.enterpriseId) : undefined;
    if (!e) throw new AppError('forbidden', '这个账号没有关联企业。');
    return e;
  }

  app.get('/account', { preHandler: company }, async (request, reply) => accountForm(reply, await ownEnterprise(request), {}, {}, 200, (request.query as { saved?: string }).saved === '1'));

  app.post('/account', { preValidation: app.csrfProtection, preHandler: company }, async (request, reply) => {
    const e = await ownEnterprise(request);
    const raw = z.record(z.string(), z.unknown()).catch({}).parse(request.body);
    const v = Object.fromEntries(['address', 'contact_person', 'mobile', 'email', 'website', 'description'].map((k) => [k, typeof raw[k] === 'string' ? (raw[k] as string) : undefined]));
    const parsed = profileFields.safeParse(v);
    if (!parsed.success) return accountForm(reply, e, v, fieldErrors(parsed.error), 400);
    await db.transaction().execute(async (trx) => {
      await updateEnterprise(trx, e.id, { ...parsed.data, website: parsed.data.website || null });
      await logAction(trx, { actorId: request.user?.id ?? null, action: 'enterprise.edit', targetType: 'enterprise', targetId: e.id });
    });
    return reply.redirect('/account?saved=1', 303);
  });

  adminApplicationRoutes(app, ctx, dir);
  companyPostRoutes(app, ctx);
}

function adminApplicationRoutes(app: FastifyInstance, ctx: AppContext, dir: string): void {
  const { db } = ctx.database;
  const editors = requireRole('editor', 'admin');
  const send = (reply: FastifyReply, title: string, content: Html, status = 200) =>
    reply.code(status).type(HTML).header('cache-control', 'no-store').send(renderPage(ctx, { title: `${title} · 后台 · ${ctx.config.site.name}`, nav: 'admin' }, html`<nav class="admin-nav" aria-label="后台"><a href="/admin">概览</a> · <a href="/admin/applications">企业入驻</a></nav>${content}`));

  app.get('/admin/applications', { preHandler: editors }, async (_request, reply) => {
    const rows = await pendingApplications(db);
    return send(
      reply,
      '企业入驻',
      html`<h1>待审核的入驻申请（${rows.length}）</h1>
<table class="admin"><thead><tr><th>企业</th><th>行业</th><th>地区</th><th>提交时间</th></tr></thead><tbody>${rows.map(
        (r) => html`<tr><td><a href="/admin/applications/${r.id}">${r.company_name}</a></td><td>${sector(r.industry)?.name ?? r.industry}</td><td>${ctx.gazetteer.get(r.region_code)?.name ?? r.region_code}</td><td>${r.created_at.slice(0, 16).replace('T', ' ')}</td></tr>`,
      )}</tbody></table>`,
    );
  });

  const detail = (reply: FastifyReply, a: ApplicationRow, extra: Html | string = '', error?: string, status = 200) =>
    send(
      reply,
      a.company_name,
      html`<h1>${a.company_name}</h1>${extra}
<dl class="track"><dt>统一社会信用代码</dt><dd>${a.uscc}</dd><dt>行业</dt><dd>${sector(a.industry)?.name ?? a.industry}</dd><dt>地区</dt><dd>${ctx.gazetteer.get(a.region_code)?.name ?? a.region_code}</dd>
<dt>地址</dt><dd>${a.address}</dd><dt>联系人</dt><dd>${a.contact_person}（${a.mobile}，${a.email}）</dd><dt>简介</dt><dd>${a.description}</dd>
<dt>营业执照</dt><dd><a href="/admin/applications/${a.id}/licence">下载（${a.licence_mime}，${Math.ceil(a.licence_size / 1024)} KB）</a></dd><dt>状态</dt><dd>${a.status}${a.reason ? `（${a.reason}）` : ''}</dd></dl>
${a.status === 'pending'
  ? html`<form class="stack" method="post" action="/admin/applications/${a.id}/approve">${csrfInput(reply.generateCsrf())}<button class="primary" type="submit">通过</button></form>
<form class="stack" method="post" action="/admin/applications/${a.id}/reject">${csrfInput(reply.generateCsrf())}
${field({ name: 'reason', label: '不通过的原因（申请人能看到）', error, required: true, maxlength: 500 })}<button type="submit">不通过</button></form>`
  : ''}`,
      status,
    );

  async function load(request: FastifyRequest): Promise<ApplicationRow> {
    const { id } = idParams.parse(request.params);
    const a = await findApplication(db, id);
    if (!a) throw new AppError('not_found', '没有这条申请。');
    return a;
  }

  app.get('/admin/applications/:id', { preHandler: editors }, async (request, reply) => detail(reply, await load(request)));

  app.get('/admin/applications/:id/licence', { preHandler: editors }, async (request, reply) => {
    const a = await load(request);
    const stream = await openUpload(dir, a.licence_file).catch(() => null);
    if (!stream) throw new AppError('not_found', '文件不存在。');
    const ext = a.licence_file.split('.').pop() ?? 'bin';
    return reply
      .type(a.licence_mime)
      .header('content-disposition', `attachment; filename="licence-${a.id}.${ext}"`)
      .header('x-content-type-options', 'nosniff')
      .header('cache-control', 'private, no-store')
      .send(stream);
  });

  app.post('/admin/applications/:id/approve', { preValidation: app.csrfProtection, preHandler: editors }, async (request, reply) => {
    const a = await load(request);
    try {
      const r = await approveApplication(ctx, a.id, request.user?.id ?? 0);
      const base = siteUrl(ctx, request);
      const link = `${base}${r.invitePath}`;
      // The link sets the account's password: it goes to the editor's page and the mail, never to a log.
      ctx.log.info({ application: a.id, enterprise: r.enterpriseId }, 'company invite created');
      if (ctx.mailer) void ctx.mailer.send({ to: r.email, ...inviteForCompany({ companyName: r.company, setPasswordUrl: link, expiresHours: INVITE_HOURS }) });
      const fresh = await findApplication(db, a.id);
      return detail(reply, fresh ?? a, html`<p class="notice" role="status">已通过。设置密码的链接（${INVITE_HOURS} 小时内有效${ctx.mailer ? '，已发邮件' : '；未配置邮件，请转交申请人'}）：<br><code>${link}</code></p>`);
    } catch (err) {
      if (err instanceof DecisionConflict) return detail(reply, a, html`<p class="notice" role="alert">${err.message}</p>`, undefined, 409);
      throw err;
    }
  });

  app.post('/admin/applications/:id/reject', { preValidation: app.csrfProtection, preHandler: editors }, async (request, reply) => {
    const a = await load(request);
    const reason = z.object({ reason: z.string().trim().max(500).default('') }).catch({ reason: '' }).parse(request.body).reason;
    if (!reason) return detail(reply, a, '', '请写明不通过的原因', 400);
    try {
      await rejectApplication(ctx, a.id, reason, request.user?.id ?? 0);
    } catch (err) {
      if (err instanceof DecisionConflict) return detail(reply, a, html`<p class="notice" role="alert">${err.message}</p>`, undefined, 409);
      throw err;
    }
    notifySender(ctx, a.email, { kind: 'application', title: a.company_name, decision: 'rejected', reason, trackPath: `/track?code=${a.tracking_code}` });
    return reply.redirect('/admin/applications', 303);
  });
}
