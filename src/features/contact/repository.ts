// SQL for messages (联系我们): store one, read the inbox, mark one handled.
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { ContactMessagesTable } from '../../db/schema.js';
import { logAction } from '../admin/moderation-log.js';
import type { ContactInput } from './schema.js';

export type ContactMessageRow = Selectable<ContactMessagesTable>;
export type ContactStatus = ContactMessageRow['status'];

export async function insertContactMessage(db: Db, m: ContactInput): Promise<number> {
  const r = await db
    .insertInto('contact_messages')
    .values({
      name: m.name,
      organization: m.organization || null,
      contact: m.contact,
      subject: m.subject,
      message: m.message,
      status: 'new',
      created_at: new Date().toISOString(),
      handled_at: null,
      handled_by: null,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

/** One message, with the name of the editor who handled it (if any). */
export async function findContactMessage(db: Db, id: number) {
  return db
    .selectFrom('contact_messages')
    .leftJoin('users', 'users.id', 'contact_messages.handled_by')
    .selectAll('contact_messages')
    .select(['users.name as handler_name', 'users.email as handler_email'])
    .where('contact_messages.id', '=', id)
    .executeTakeFirst();
}

/** Messages of one status, newest first (id breaks ties); one range scan of contact_messages_queue. */
export async function contactMessagesByStatus(db: Db, status: ContactStatus, limit: number): Promise<ContactMessageRow[]> {
  return db.selectFrom('contact_messages').selectAll().where('status', '=', status).orderBy('created_at', 'desc').orderBy('id', 'desc').limit(limit).execute();
}

/** The inbox: new messages first, then handled ones; newest first within each. */
export async function inboxMessages(db: Db, limits = { new: 200, handled: 100 }): Promise<ContactMessageRow[]> {
  return [...(await contactMessagesByStatus(db, 'new', limits.new)), ...(await contactMessagesByStatus(db, 'handled', limits.handled))];
}

export async function inboxCounts(db: Db): Promise<Record<ContactStatus, number>> {
  const rows = await db
    .selectFrom('contact_messages')
    .select((eb) => ['status', eb.fn.countAll<number | string>().as('n')])
    .groupBy('status')
    .execute();
  const out: Record<ContactStatus, number> = { new: 0, handled: 0 };
  for (const r of rows) if (r.status === 'new' || r.status === 'handled') out[r.status] = Number(r.n);
  return out;
}

/**
 * Marks a new message handled and logs it, in one transaction. False when it was not new any
 * more (another editor was first): nothing is written then.
 */
export async function handleContactMessage(db: Db, id: number, editorId: number): Promise<boolean> {
  const run = async (trx: Db) => {
    const r = await trx
      .updateTable('contact_messages')
      .set({ status: 'handled', handled_at: new Date().toISOString(), handled_by: editorId })
      .where('id', '=', id)
      .where('status', '=', 'new')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) return false;
    await logAction(trx, { actorId: editorId, action: 'contact.handle', targetType: 'contact_message', targetId: id });
    return true;
  };
  return db.isTransaction ? run(db) : db.transaction().execute(run);
}
