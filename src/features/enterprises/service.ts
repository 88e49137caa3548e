// 企业入驻: receive an application (with its licence already stored), approve it — a company, a
// company account and a one-time invite to set the password, in one transaction with the log —
// or reject it with a reason. Invites: only the token's sha256 is stored; 72 hours.
import { randomBytes } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Db } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { AppContext } from '../../web/context.js';
import { logAction } from '../admin/moderation-log.js';
import { hashPassword } from '../auth/passwords.js';
import { findInvite, findUserByEmail, findUserById, insertInvite, insertUser, updateUser, useInvite } from '../auth/repository.js';
import { tokenHash } from '../auth/session.js';
import { DecisionConflict, trackingCode } from '../submissions/service.js';
import { decideApplication, findApplication, findEnterpriseByUscc, insertApplication, insertEnterprise } from './repository.js';
import type { ApplicationInput } from './schema.js';

export const INVITE_HOURS = 72;

/** Stores an application, in one transaction with `also` (the abuse count of the post): both or neither. */
export async function receiveApplication(db: Kysely<DB>, a: ApplicationInput, licence: { storedName: string; mime: string; size: number }, also?: (trx: Db) => Promise<void>): Promise<string> {
  const code = trackingCode();
  await db.transaction().execute(async (trx) => {
    await also?.(trx);
    await insertApplication(trx, {
    tracking_code: code,
    company_name: a.company_name,
    uscc: a.uscc,
    industry: a.industry,
    region_code: a.region,
    address: a.address,
    contact_person: a.contact_person,
    mobile: a.mobile,
    email: a.email,
    description: a.description,
    licence_file: licence.storedName,
    licence_mime: licence.mime,
    licence_size: licence.size,
    });
  });
  return code;
}

/** Approves: returns the invite path (/invite/<token>) to log, mail and show to the editor. */
export async function approveApplication(ctx: AppContext, id: number, editorId: number): Promise<{ enterpriseId: number; invitePath: string; email: string; company: string }> {
  return ctx.database.db.transaction().execute(async (trx) => {
    const app = await findApplication(trx, id);
    if (!app || app.status !== 'pending') throw new DecisionConflict('这条申请已经处理过了');
    if (await findEnterpriseByUscc(trx, app.uscc)) throw new DecisionConflict('已有使用这个统一社会信用代码的企业');
    if (await findUserByEmail(trx, app.email)) throw new DecisionConflict('这个邮箱已经有账号了');
    const enterpriseId = await insertEnterprise(trx, {
      name: app.company_name,
      uscc: app.uscc,
      industry: app.industry,
      region_code: app.region_code,
      address: app.address,
      description: app.description,
      contact_person: app.contact_person,
      mobile: app.mobile,
      email: app.email,
      website: null,
    });
    const userId = await insertUser(trx, { email: app.email, passwordHash: null, role: 'company', name: app.contact_person, enterpriseId, status: 'invited' });
    const token = randomBytes(32).toString('base64url');
    await insertInvite(trx, tokenHash(token), userId, new Date(Date.now() + INVITE_HOURS * 3_600_000).toISOString());
    if (!(await decideApplication(trx, id, { status: 'approved', reason: null, enterpriseId, by: editorId }))) throw new DecisionConflict('这条申请已经处理过了');
    await logAction(trx, { actorId: editorId, action: 'application.approve', targetType: 'application', targetId: id, details: { enterpriseId, userId } });
    return { enterpriseId, invitePath: `/invite/${token}`, email: app.email, company: app.company_name };
  });
}

export async function rejectApplication(ctx: AppContext, id: number, reason: string, editorId: number): Promise<void> {
  await ctx.database.db.transaction().execute(async (trx) => {
    if (!(await decideApplication(trx, id, { status: 'rejected', reason, enterpriseId: null, by: editorId }))) throw new DecisionConflict('这条申请已经处理过了');
    await logAction(trx, { actorId: editorId, action: 'application.reject', targetType: 'application', targetId: id, reason });
  });
}

export class InviteError extends Error {}

/** A valid, unused, unexpired invite → the user it is for. */
export async function checkInvite(ctx: AppContext, token: string) {
  const invite = /^[A-Za-z0-9_-]{20,100}$/.test(token) ? await findInvite(ctx.database.db, tokenHash(token)) : undefined;
  if (!invite || invite.used_at || invite.expires_at < new Date().toISOString()) throw new InviteError('这个链接无效或已过期，请联系编辑重新发送。');
  return invite;
}

export async function acceptInvite(ctx: AppContext, token: string, password: string): Promise<number> {
  const invite = await checkInvite(ctx, token);
  const hash = await hashPassword(password);
  return ctx.database.db.transaction().execute(async (trx) => {
    // Only an account still waiting for its password: a disabled one stays disabled.
    const user = await findUserById(trx, invite.user_id);
    if (user?.status !== 'invited') throw new InviteError('这个链接无效或已过期，请联系编辑重新发送。');
    if (!(await useInvite(trx, tokenHash(token)))) throw new InviteError('这个链接已经用过了。');
    await updateUser(trx, invite.user_id, { password_hash: hash, status: 'active' });
    await logAction(trx, { actorId: invite.user_id, action: 'user.set_password', targetType: 'user', targetId: invite.user_id });
    return invite.user_id;
  });
}
