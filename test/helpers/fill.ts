// Test data that puts a row in every table: for the tests that copy or restore a whole database.
import type { Kysely } from 'kysely';
import type { DB } from '../../src/db/schema.js';
import { insertUser } from '../../src/features/auth/repository.js';

/**
 * A row in every table the demo data leaves empty, with values that are hard to copy exactly
 * (quotes, a backslash, emoji and a newline; a double that is not exact in decimal), and
 * `formPosts` rows of form_posts (more than one multi-row insert holds, where that matters).
 * Returns the first article, which the submission and the fact correction refer to.
 */
export async function fillEveryTable(db: Kysely<DB>, opts: { formPosts?: number } = {}): Promise<{ id: number; title: string; body: string }> {
  const now = '2024-05-01T08:00:00.000Z';
  const enterpriseId = Number(
    (
      await db
        .insertInto('enterprises')
        .values({ name: '长沙某某科技有限公司', uscc: '91430100MA4L000000', industry: '电子信息', region_code: '430100', address: '长沙市岳麓区', description: '“引号”、\\反斜杠、emoji 🚀 和\n换行', contact_person: '张三', mobile: '13800000000', email: 'a@example.org', website: null, status: 'active', created_at: now, updated_at: now })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id,
  );
  const editor = await insertUser(db, { email: 'editor@example.org', passwordHash: 'x', role: 'editor', name: '编辑' });
  const company = await insertUser(db, { email: 'co@example.org', passwordHash: null, role: 'company', name: '企业', enterpriseId, status: 'invited' });
  await db.insertInto('sessions').values({ id: 's'.repeat(64), user_id: editor, created_at: now, expires_at: now, last_seen_at: now, ip: '127.0.0.1', user_agent: null }).execute();
  await db.insertInto('invites').values({ token_hash: 'i'.repeat(64), user_id: company, created_at: now, expires_at: now, used_at: null }).execute();
  await db.insertInto('login_failures').values({ email: 'x@example.org', ip: '10.0.0.1', at: now }).execute();
  const article = await db.selectFrom('articles').select(['id', 'title', 'body']).orderBy('id').executeTakeFirstOrThrow();
  await db.insertInto('submissions').values({ tracking_code: 'ZS-TEST1', title: '投稿', region_code: '430100', body: '正文', source_url: null, name: '李四', contact: 'l@example.org', status: 'published', reason: null, article_id: article.id, created_at: now, decided_at: now, decided_by: editor }).execute();
  await db.insertInto('contact_messages').values({ name: '王五', organization: null, contact: 'w@example.org', subject: '咨询', message: '你好', status: 'handled', created_at: now, handled_at: now, handled_by: editor }).execute();
  await db.insertInto('enterprise_applications').values({ tracking_code: 'QY-TEST1', company_name: '长沙某某科技有限公司', uscc: '91430100MA4L000000', industry: '电子信息', region_code: '430100', address: '长沙', contact_person: '张三', mobile: '13800000000', email: 'a@example.org', description: '简介', licence_file: 'abc.pdf', licence_mime: 'application/pdf', licence_size: 12345, status: 'approved', reason: null, enterprise_id: enterpriseId, created_at: now, decided_at: now, decided_by: editor }).execute();
  await db.insertInto('company_posts').values({ enterprise_id: enterpriseId, kind: 'need', title: '需求', body: '厂房', sector: null, region_code: null, amount_min: '1000000', amount_max: null, space_need: '5000㎡', status: 'pending', reason: null, article_id: null, created_at: now, decided_at: null, decided_by: null }).execute();
  await db.insertInto('moderation_log').values({ actor_id: editor, action: 'tip.publish', target_type: 'submission', target_id: 1, reason: null, details: '{"a":1}', created_at: now }).execute();
  await db.insertInto('challenges').values({ id: 'c'.repeat(64), answer_hash: 'h'.repeat(64), expires_at: now, used: 1 }).execute();
  await db.insertInto('rate_limits').values({ key: 'form POST /contact 10.0.0.1', window_start: Date.now(), hits: 2 }).execute();
  for (let i = 0; i < (opts.formPosts ?? 50); i += 1) await db.insertInto('form_posts').values({ ip_hash: `ip${i % 7}`, form: 'submit', at: now }).execute();
  const projects = await db.selectFrom('projects').select(['id', 'key']).orderBy('id').execute();
  const [p1, p2] = projects as [{ id: number; key: string }, { id: number; key: string }];
  await db.insertInto('project_overrides').values({ key: p1.key, patch: '{"name":"改名"}', user_id: editor, updated_at: now }).execute();
  await db.insertInto('fact_corrections').values({ article_id: article.id, correction: '{"op":"drop"}', user_id: null, created_at: now }).execute();
  await db.updateTable('projects').set({ amount_num: 0.1 + 0.2, amount_yuan: '123456789.5' }).where('id', '=', p2.id).execute();
  if (!(await db.selectFrom('project_members').select('project_id').executeTakeFirst())) {
    await db.insertInto('project_members').values({ parent_id: p1.id, project_id: p2.id }).execute();
  }
  return article;
}
