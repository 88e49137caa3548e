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

/** What each action is called on the log page. */
export const ACTION_LABEL: Readonly<Record<string, string>> = {
  'tip.publish': '发布投稿',
  'tip.reject': '退回投稿',
  'article.create': '写文章',
  'article.edit': '修改文章',
  'article.publish': '重新发布文章',
  'article.unpublish': '下线文章',
  'facts.correct': '更正要点',
  'facts.revoke': '撤销要点更正',
  'project.correct': '更正项目',
  'project.merge': '合并项目',
  'project.unmerge': '撤销合并',
  'project.drop_correction': '删除未生效的项目更正',
  'application.approve': '批准入驻',
  'application.reject': '退回入驻申请',
  'enterprise.edit': '修改企业资料',
  'post.publish': '发布企业动态',
  'post.reject': '退回企业动态',
  'contact.handle': '处理留言',
  'user.create': '创建账号',
  'user.role': '更改角色',
  'user.status': '停用或启用账号',
  'user.set_password': '设置密码',
};

const TARGET_LABEL: Readonly<Record<string, string>> = { article: '文章', project: '项目', submission: '投稿', application: '入驻申请', enterprise: '企业', company_post: '企业动态', contact_message: '留言', user: '用户' };

/** The target as a label and, where the back office has a page for it, its address. */
export function targetOf(type: string, id: number): { label: string; href: string | null } {
  const href =
    type === 'article' ? `/admin/articles/${id}/edit` : type === 'project' ? `/admin/projects/${id}` : type === 'submission' ? `/admin/tips/${id}` : type === 'user' ? '/admin/users' : null;
  return { label: `${TARGET_LABEL[type] ?? type} #${id}`, href };
}
