// SQL for users, sessions, invites and login failures.
import { clientKey } from '../openapi/rate-window.js';
import type { Db } from '../../db/database.js';
import type { Role, UsersTable } from '../../db/schema.js';
import type { Selectable } from 'kysely';

export type UserRow = Selectable<UsersTable>;

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', email.toLowerCase()).executeTakeFirst();
}

export async function findUserById(db: Db, id: number): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertUser(
  db: Db,
  u: { email: string; passwordHash: string | null; role: Role; name: string; enterpriseId?: number | null; status?: UserRow['status'] },
): Promise<number> {
  const now = new Date().toISOString();
  const r = await db
    .insertInto('users')
    .values({ email: u.email.toLowerCase(), password_hash: u.passwordHash, role: u.role, name: u.name, enterprise_id: u.enterpriseId ?? null, status: u.status ?? 'active', created_at: now, updated_at: now })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('role').orderBy('email').orderBy('id').execute();
}

export async function updateUser(db: Db, id: number, patch: Partial<Pick<UserRow, 'role' | 'status' | 'password_hash' | 'name' | 'last_login_at'>>): Promise<void> {
  await db.updateTable('users').set({ ...patch, updated_at: new Date().toISOString() }).where('id', '=', id).execute();
}

export async function insertSession(db: Db, s: { id: string; userId: number; expiresAt: string; ip: string | null; userAgent: string | null }): Promise<void> {
  const now = new Date().toISOString();
  await db.insertInto('sessions').values({ id: s.id, user_id: s.userId, created_at: now, expires_at: s.expiresAt, last_seen_at: now, ip: s.ip, user_agent: s.userAgent }).execute();
}

export async function findSession(db: Db, id: string) {
  return db
    .selectFrom('sessions')
    .innerJoin('users', 'users.id', 'sessions.user_id')
    .select(['sessions.id as session_id', 'sessions.created_at', 'sessions.expires_at', 'sessions.last_seen_at', 'users.id', 'users.email', 'users.role', 'users.name', 'users.enterprise_id', 'users.status'])
    .where('sessions.id', '=', id)
    .executeTakeFirst();
}

export async function touchSession(db: Db, id: string, expiresAt: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: new Date().toISOString(), expires_at: expiresAt }).where('id', '=', id).execute();
}

export async function deleteSession(db: Db, id: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', id).execute();
}

export async function deleteSessionsOfUser(db: Db, userId: number): Promise<void> {
  await db.deleteFrom('sessions').where('user_id', '=', userId).execute();
}

/** `ip` is stored as its client key: an IPv6 client counts by its /64, as every limit does. */
export async function recordLoginFailure(db: Db, email: string, ip: string): Promise<void> {
  await db.insertInto('login_failures').values({ email: email.toLowerCase(), ip: clientKey(ip), at: new Date().toISOString() }).execute();
}

export async function countLoginFailures(db: Db, email: string, ip: string, since: string): Promise<{ byEmail: number; byIp: number }> {
  const count = (column: 'email' | 'ip', value: string) =>
    db.selectFrom('login_failures').select((eb) => eb.fn.countAll<number | string>().as('n')).where(column, '=', value).where('at', '>=', since).executeTakeFirstOrThrow();
  const [e, i] = await Promise.all([count('email', email.toLowerCase()), count('ip', clientKey(ip))]);
  return { byEmail: Number(e.n), byIp: Number(i.n) };
}

export async function clearLoginFailures(db: Db, email: string): Promise<void> {
  await db.deleteFrom('login_failures').where('email', '=', email.toLowerCase()).execute();
}

export async function insertInvite(db: Db, tokenHash: string, userId: number, expiresAt: string): Promise<void> {
  await db.insertInto('invites').values({ token_hash: tokenHash, user_id: userId, created_at: new Date().toISOString(), expires_at: expiresAt, used_at: null }).execute();
}

export async function findInvite(db: Db, tokenHash: string) {
  return db.selectFrom('invites').selectAll().where('token_hash', '=', tokenHash).executeTakeFirst();
}

export async function useInvite(db: Db, tokenHash: string): Promise<boolean> {
  const r = await db.updateTable('invites').set({ used_at: new Date().toISOString() }).where('token_hash', '=', tokenHash).where('used_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
