// Sessions stored in the database (so several instances share them): a random token in an
// httpOnly, SameSite=Lax cookie (Secure over TLS), only its sha256 stored; a new one at login;
// logout deletes it. Also the role guard every back-office and company route goes through.
import { createHash, randomBytes } from 'node:crypto';
import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import { outsideReadRoute } from '../../db/read-routing.js';
import type { Role } from '../../db/schema.js';
import { AppError } from '../../errors.js';
import type { AppContext } from '../../web/context.js';
import { deleteSession, findSession, insertSession, touchSession } from './repository.js';

export const SESSION_COOKIE = 'zs_session';
const SESSION_DAYS = 14;
const TOUCH_EVERY_MS = 5 * 60_000;

export interface CurrentUser {
  readonly id: number;
  readonly email: string;
  readonly role: Role;
  readonly name: string;
  readonly enterpriseId: number | null;
  readonly sessionId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    user: CurrentUser | null;
  }
}

export function tokenHash(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** 14 days from now, but never past 14 days after the login (`createdAt`): use does not extend a session for ever. */
function expiry(createdAt?: string): string {
  const limit = createdAt ? Date.parse(createdAt) + SESSION_DAYS * 86_400_000 : Infinity;
  return new Date(Math.min(Date.now() + SESSION_DAYS * 86_400_000, limit)).toISOString();
}

export function sessionHooks(app: FastifyInstance, ctx: AppContext): void {
  app.decorateRequest('user', null);
  app.addHook('onRequest', async (request) => {
    const token = request.cookies[SESSION_COOKIE];
    if (!token || token.length > 100) return;
    const s = await findSession(ctx.database.db, tokenHash(token));
    const now = new Date().toISOString();
    // Ended by expiry, or by the absolute limit (sessions stored before the limit had none).
    if (!s || s.status !== 'active' || s.expires_at < now || expiry(s.created_at) < now) return;
    request.user = { id: s.id, email: s.email, role: s.role, name: s.name, enterpriseId: s.enterprise_id, sessionId: s.session_id };
    // Bookkeeping, not the request's own write: it must not send the reader to the primary past
    // the page cache for the next seconds (read-routing.ts), as a form post does.
    if (Date.now() - Date.parse(s.last_seen_at) > TOUCH_EVERY_MS) await outsideReadRoute(() => touchSession(ctx.database.db, s.session_id, expiry(s.created_at)));
  });
}

/** A new session for the user (always a new id: no fixation), replacing the request's old one. */
export async function startSession(ctx: AppContext, request: FastifyRequest, reply: FastifyReply, userId: number): Promise<void> {
  const old = request.cookies[SESSION_COOKIE];
  if (old) await deleteSession(ctx.database.db, tokenHash(old));
  const token = randomBytes(32).toString('base64url');
  await insertSession(ctx.database.db, { id: tokenHash(token), userId, expiresAt: expiry(), ip: request.ip, userAgent: request.headers['user-agent']?.slice(0, 300) ?? null });
  reply.setCookie(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: request.protocol === 'https', maxAge: SESSION_DAYS * 86_400 });
}

export async function endSession(ctx: AppContext, request: FastifyRequest, reply: FastifyReply): Promise<void> {
  const token = request.cookies[SESSION_COOKIE];
  if (token) await deleteSession(ctx.database.db, tokenHash(token));
  reply.clearCookie(SESSION_COOKIE, { path: '/' });
}

/** The roles a route needs; the route table states them for every back-office and company route. */
export function requireRole(...roles: Role[]): preHandlerAsyncHookHandler {
  return async function guard(request, reply) {
    if (!request.user) {
      if ((request.method === 'GET' || request.method === 'HEAD') && !request.url.startsWith('/api/')) {
        return reply.redirect(`/login?next=${encodeURIComponent(request.url)}`, 303);
      }
      throw new AppError('unauthorized');
    }
    if (!roles.includes(request.user.role)) throw new AppError('forbidden');
  };
}
