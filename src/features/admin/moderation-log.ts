// The moderation log: every action an editor or admin takes, with who, what, when and why.
// Written explicitly by each service in the same transaction as the action.
import type { Db } from '../../db/database.js';

export interface LogEntry {
  readonly actorId: number | null;
  readonly action: string; // tip.publish, tip.reject, article.unpublish, user.role …
  readonly targetType: string;
  readonly targetId: number;
  readonly reason?: string | null | undefined;
  readonly details?: Record<string, unknown> | undefined;
}

export async function logAction(db: Db, e: LogEntry): Promise<void> {
  await db
    .insertInto('moderation_log')
    .values({
      actor_id: e.actorId,
      action: e.action,
      target_type: e.targetType,
      target_id: e.targetId,
      reason: e.reason ?? null,
      details: e.details ? JSON.stringify(e.details) : null,
      created_at: new Date().toISOString(),
    })
    .execute();
}

export async function recentLog(db: Db, limit = 100) {
  return db
    .selectFrom('moderation_log')
    .leftJoin('users', 'users.id', 'moderation_log.actor_id')
    .select(['moderation_log.id', 'moderation_log.action', 'moderation_log.target_type', 'moderation_log.target_id', 'moderation_log.reason', 'moderation_log.created_at', 'users.email as actor_email'])
    .orderBy('moderation_log.created_at', 'desc')
    .orderBy('moderation_log.id', 'desc')
    .limit(limit)
    .execute();
}
