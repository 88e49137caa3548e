// /login, /logout. Login is throttled per account and per IP (failures counted in the database,
// so several instances share the count).
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { html } from '../../html.js';
import { csrfInput, field, formErrorSummary } from '../../views/forms.js';
import { HTML, renderPage, type AppContext } from '../../web/context.js';
import { verifyPassword } from './passwords.js';
import { clearLoginFailures, countLoginFailures, findUserByEmail, recordLoginFailure, updateUser } from './repository.js';
import { endSession, startSession } from './session.js';
import { t, translateMarked } from '../../i18n/messages.js';

const WINDOW_MS = 15 * 60_000;
const MAX_PER_ACCOUNT = 5;
const MAX_PER_IP = 20;

/** Only our own paths, in printable ASCII (a redirect header takes nothing else): never an open redirect. */
export function safeNext(next: unknown): string {
  return typeof next === 'string' && next.length <= 500 && /^\/(?![/\\])[\x21-\x7e]*$/.test(next) ? next : '/admin';
}

function loginForm(v: { email?: string; next: string; error?: string; csrf: string }) {
  return html`<h1>${t('登录')}</h1>
${v.error ? html`<p class="notice" role="alert">${translateMarked(v.error)}</p>` : formErrorSummary({})}
<form class="stack" method="post" action="/login">
${csrfInput(v.csrf)}<input type="hidden" name="next" value="${v.next}">
${field({ name: 'email', label: t('邮箱'), type: 'email', value: v.email, required: true, autocomplete: 'username' })}
${field({ name: 'password', label: t('密码'), type: 'password', required: true, autocomplete: 'current-password' })}
<button class="primary" type="submit">${t('登录')}</button>
</form>`;
}

export function authRoutes(app: FastifyInstance, ctx: AppContext): void {
  const page = (title: string) => ({ title: `${title} · ${t(ctx.config.site.name)}` });

  app.get('/login', async (request, reply) => {
    const next = safeNext((request.query as { next?: unknown }).next);
    return reply.type(HTML).header('cache-control', 'no-store').send(renderPage(ctx, page(t('登录')), loginForm({ next, csrf: reply.generateCsrf() })));
  });

  app.post('/login', { preValidation: app.csrfProtection, config: { rateLimit: { max: 20, timeWindow: '1 minute' } } }, async (request, reply) => {
    const body = z.object({ email: z.string().default(''), password: z.string().default(''), next: z.string().optional() }).safeParse(request.body);
    const email = body.success ? body.data.email.trim().toLowerCase().slice(0, 254) : '';
    const password = body.success ? body.data.password : '';
    const next = safeNext(body.success ? body.data.next : undefined);
    const { db } = ctx.database;
    const fail = (status: number, error: string) =>
      reply.code(status).type(HTML).header('cache-control', 'no-store').send(renderPage(ctx, page(t('登录')), loginForm({ email, next, error, csrf: reply.generateCsrf() })));

    // Every attempt counts as a failure until the password is right: parallel guesses see each
    // other's rows before any password check ends.
    await recordLoginFailure(db, email || '-', request.ip);
    const since = new Date(Date.now() - WINDOW_MS).toISOString();
    const counts = await countLoginFailures(db, email || '-', request.ip, since);
    if (counts.byEmail > MAX_PER_ACCOUNT || counts.byIp > MAX_PER_IP) {
      reply.header('retry-after', String(WINDOW_MS / 1000));
      return fail(429, '登录失败次数太多，请 15 分钟后再试。');
    }
    const user = email ? await findUserByEmail(db, email) : undefined;
    const ok = await verifyPassword(user?.password_hash ?? null, password);
    if (!user || !ok || user.status !== 'active') return fail(401, '邮箱或密码不对。');
    await clearLoginFailures(db, email);
    await updateUser(db, user.id, { last_login_at: new Date().toISOString() });
    await startSession(ctx, request, reply, user.id);
    return reply.redirect(user.role === 'company' && next === '/admin' ? '/account' : next, 303);
  });

  app.post('/logout', { preValidation: app.csrfProtection }, async (request, reply) => {
    await endSession(ctx, request, reply);
    return reply.redirect('/', 303);
  });
}
