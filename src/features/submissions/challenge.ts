// A self-hosted challenge (svg-captcha) for an IP that already sent a form in the last hour.
// State lives in the database so any instance can check the answer; each challenge works once.
import { createHash, randomBytes } from 'node:crypto';
import svgCaptcha from 'svg-captcha';
import type { Db } from '../../db/database.js';
import { purgeRateLimits } from '../../web/shared-rate.js';
import { clientKey } from '../openapi/rate-window.js';

const TTL_MS = 10 * 60_000;
const WINDOW_MS = 60 * 60_000;

function answerHash(id: string, answer: string): string {
  return createHash('sha256').update(`${id}:${answer.trim().toLowerCase()}`).digest('hex');
}

/** Who sent a form, as stored: the client key (an IPv6 client by its /64, as every limit counts), hashed. */
export function ipHash(ip: string): string {
  return createHash('sha256').update(`zhaoshang:${clientKey(ip)}`).digest('hex');
}

export async function needsChallenge(db: Db, ip: string): Promise<boolean> {
  const since = new Date(Date.now() - WINDOW_MS).toISOString();
  const r = await db.selectFrom('form_posts').select('id').where('ip_hash', '=', ipHash(ip)).where('at', '>=', since).limit(1).executeTakeFirst();
  return r !== undefined;
}

/** How many times this address sent `form` in the last hour. */
export async function formPostsThisHour(db: Db, ip: string, form: string): Promise<number> {
  const since = new Date(Date.now() - WINDOW_MS).toISOString();
  const r = await db.selectFrom('form_posts').select((eb) => eb.fn.countAll<number | string>().as('n')).where('ip_hash', '=', ipHash(ip)).where('form', '=', form).where('at', '>=', since).executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function recordFormPost(db: Db, ip: string, form: string): Promise<void> {
  await db.insertInto('form_posts').values({ ip_hash: ipHash(ip), form, at: new Date().toISOString() }).execute();
}

/** Old rows of the abuse controls and of sessions: nothing here is needed once it has expired. */
export async function purgeExpired(db: Db): Promise<void> {
  const now = new Date().toISOString();
  const hourAgo = new Date(Date.now() - WINDOW_MS).toISOString();
  const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
  await db.deleteFrom('challenges').where('expires_at', '<', now).execute();
  await db.deleteFrom('form_posts').where('at', '<', hourAgo).execute();
  await db.deleteFrom('login_failures').where('at', '<', dayAgo).execute();
  await db.deleteFrom('sessions').where('expires_at', '<', now).execute();
  await purgeRateLimits(db);
}

export async function createChallenge(db: Db): Promise<{ id: string; svg: string }> {
  const c = svgCaptcha.create({ size: 4, noise: 2, ignoreChars: '0oO1iIlL', color: false, background: '#ffffff' });
  const id = randomBytes(16).toString('hex');
  await db.insertInto('challenges').values({ id, answer_hash: answerHash(id, c.text), expires_at: new Date(Date.now() + TTL_MS).toISOString(), used: 0 }).execute();
  return { id, svg: c.data };
}

/** True once per challenge, for the right answer before it expires. */
export async function passChallenge(db: Db, id: string, answer: string): Promise<boolean> {
  if (!/^[0-9a-f]{32}$/.test(id) || !answer) return false;
  const r = await db
    .updateTable('challenges')
    .set({ used: 1 })
    .where('id', '=', id)
    .where('used', '=', 0)
    .where('answer_hash', '=', answerHash(id, answer))
    .where('expires_at', '>', new Date().toISOString())
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The answer of a challenge, for tests only: reads nothing secret (it recomputes from a guess). */
export { answerHash as challengeAnswerHash };
