// SQL for tips (投稿).
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { SubmissionsTable } from '../../db/schema.js';

export type SubmissionRow = Selectable<SubmissionsTable>;

export async function insertSubmission(db: Db, s: Pick<SubmissionRow, 'tracking_code' | 'title' | 'region_code' | 'body' | 'source_url' | 'name' | 'contact'>): Promise<number> {
  const r = await db
    .insertInto('submissions')
    .values({ ...s, status: 'pending', reason: null, article_id: null, created_at: new Date().toISOString(), decided_at: null, decided_by: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function findSubmission(db: Db, id: number): Promise<SubmissionRow | undefined> {
  return db.selectFrom('submissions').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findSubmissionByCode(db: Db, code: string): Promise<SubmissionRow | undefined> {
  return db.selectFrom('submissions').selectAll().where('tracking_code', '=', code).executeTakeFirst();
}

export async function pendingSubmissions(db: Db): Promise<SubmissionRow[]> {
  return db.selectFrom('submissions').selectAll().where('status', '=', 'pending').orderBy('created_at').orderBy('id').limit(200).execute();
}

/** Decides a pending tip; false when it was no longer pending (another editor was first). */
export async function decideSubmission(db: Db, id: number, d: { status: 'published' | 'rejected'; reason: string | null; articleId: number | null; by: number }): Promise<boolean> {
  const r = await db
    .updateTable('submissions')
    .set({ status: d.status, reason: d.reason, article_id: d.articleId, decided_at: new Date().toISOString(), decided_by: d.by })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** Queue figures: how many wait, since when, and the median time to a decision (last 200). */
export async function queueStats(db: Db, table: 'submissions' | 'enterprise_applications' | 'company_posts') {
  const pending = await db
    .selectFrom(table)
    .select((eb) => [eb.fn.countAll<number | string>().as('n'), eb.fn.min('created_at').as('oldest')])
    .where('status', '=', 'pending')
    .executeTakeFirstOrThrow();
  const decided = await db
    .selectFrom(table)
    .select(['created_at', 'decided_at'])
    .where('decided_at', 'is not', null)
    .orderBy('decided_at', 'desc')
    .limit(200)
    .execute();
  return { pending: Number(pending.n), oldest: (pending.oldest as string | null) ?? null, medianMs: medianWaitMs(decided.map((r) => [r.created_at, r.decided_at])) };
}

/** The median time from arrival to decision (the lower middle for an even count); null for none. */
export function medianWaitMs(pairs: readonly (readonly [string, string | null])[]): number | null {
  const waits = pairs.map(([from, to]) => Date.parse(to ?? '') - Date.parse(from)).filter((x) => x >= 0).sort((a, b) => a - b);
  return waits.length ? (waits[Math.floor((waits.length - 1) / 2)] ?? null) : null;
}
