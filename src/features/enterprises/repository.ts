// SQL for company applications (企业入驻), companies and invites.
import type { Selectable } from 'kysely';
import type { Db } from '../../db/database.js';
import type { EnterpriseApplicationsTable, EnterprisesTable } from '../../db/schema.js';

export type ApplicationRow = Selectable<EnterpriseApplicationsTable>;
export type EnterpriseRow = Selectable<EnterprisesTable>;

/** Bytes of licence files waiting for a decision (the upload quota counts these). */
export async function pendingLicenceBytes(db: Db): Promise<number> {
  const r = await db.selectFrom('enterprise_applications').select((eb) => eb.fn.sum<number | string | null>('licence_size').as('n')).where('status', '=', 'pending').executeTakeFirstOrThrow();
  return Number(r.n ?? 0);
}

export async function insertApplication(db: Db, a: Omit<ApplicationRow, 'id' | 'status' | 'reason' | 'enterprise_id' | 'created_at' | 'decided_at' | 'decided_by'>): Promise<number> {
  const r = await db
    .insertInto('enterprise_applications')
    .values({ ...a, status: 'pending', reason: null, enterprise_id: null, created_at: new Date().toISOString(), decided_at: null, decided_by: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function findApplication(db: Db, id: number): Promise<ApplicationRow | undefined> {
  return db.selectFrom('enterprise_applications').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findApplicationByCode(db: Db, code: string): Promise<ApplicationRow | undefined> {
  return db.selectFrom('enterprise_applications').selectAll().where('tracking_code', '=', code).executeTakeFirst();
}

export async function pendingApplications(db: Db): Promise<ApplicationRow[]> {
  return db.selectFrom('enterprise_applications').selectAll().where('status', '=', 'pending').orderBy('created_at').orderBy('id').limit(200).execute();
}

export async function decideApplication(db: Db, id: number, d: { status: 'approved' | 'rejected'; reason: string | null; enterpriseId: number | null; by: number }): Promise<boolean> {
  const r = await db
    .updateTable('enterprise_applications')
    .set({ status: d.status, reason: d.reason, enterprise_id: d.enterpriseId, decided_at: new Date().toISOString(), decided_by: d.by })
    .where('id', '=', id)
    .where('status', '=', 'pending')
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

export async function findEnterpriseByUscc(db: Db, uscc: string): Promise<EnterpriseRow | undefined> {
  return db.selectFrom('enterprises').selectAll().where('uscc', '=', uscc).executeTakeFirst();
}

export async function findEnterprise(db: Db, id: number): Promise<EnterpriseRow | undefined> {
  return db.selectFrom('enterprises').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertEnterprise(db: Db, e: Omit<EnterpriseRow, 'id' | 'status' | 'created_at' | 'updated_at'>): Promise<number> {
  const now = new Date().toISOString();
  const r = await db.insertInto('enterprises').values({ ...e, status: 'active', created_at: now, updated_at: now }).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateEnterprise(db: Db, id: number, patch: Partial<Pick<EnterpriseRow, 'address' | 'description' | 'contact_person' | 'mobile' | 'email' | 'website'>>): Promise<void> {
  await db.updateTable('enterprises').set({ ...patch, updated_at: new Date().toISOString() }).where('id', '=', id).execute();
}

export async function listEnterprises(db: Db, f: { regionCodes?: readonly string[] | undefined; industry?: string | undefined; page: number; pageSize: number }) {
  let q = db.selectFrom('enterprises').where('status', '=', 'active');
  if (f.regionCodes) q = q.where('region_code', 'in', f.regionCodes);
  if (f.industry) q = q.where('industry', '=', f.industry);
  const [items, count] = await Promise.all([
    q.selectAll().orderBy('name').orderBy('id').limit(f.pageSize).offset((f.page - 1) * f.pageSize).execute(),
    q.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}
