// Keeping the project database in step with the articles. Each article's drafts (projects/build.ts)
// are its events; a project is the fold of its events, oldest first, with an editor's override on
// top. Runs inside the article's write transaction, so pages never see half of it.
import type { Db } from '../../db/database.js';
import type { Facts, Stage } from '../../extraction/types.js';
import { buildProjects, type ProjectDraft } from '../../projects/build.js';
import type { Gazetteer } from '../../regions/gazetteer.js';

/** An editor's change to one project, stored by the project's key so it outlives rebuilds. */
export interface ProjectPatch {
  readonly name?: string;
  readonly stage?: Stage | null;
  readonly amountYuan?: string | null;
  readonly regionCode?: string;
  readonly hidden?: boolean;
  /** The key of the project this one is the same as: its events join that project's timeline. */
  readonly mergeInto?: string;
  /** Its name when merged, for the undo list. */
  readonly label?: string;
}

type StoredDraft = ProjectDraft & { readonly regionCode: string };

const STAGE_ORDER: Record<string, number> = { planned: 0, signing: 1, construction_start: 2, completion: 3, operating: 4 };

export async function loadPatch(db: Db, key: string): Promise<ProjectPatch> {
  const r = await db.selectFrom('project_overrides').select('patch').where('key', '=', key).executeTakeFirst();
  return r ? (JSON.parse(r.patch) as ProjectPatch) : {};
}

/** Follows "merged into" (a few hops at most, never in a circle) to the key that holds the events. */
async function resolveKey(db: Db, key: string): Promise<string> {
  let k = key;
  const seen = new Set([k]);
  for (let i = 0; i < 5; i++) {
    const next = (await loadPatch(db, k)).mergeInto;
    if (!next || seen.has(next)) break;
    seen.add(next);
    k = next;
  }
  return k;
}

/** The article's place for a project: the most specific region the facts name, else its own. */
function draftRegion(gz: Gazetteer, facts: Facts, fallback: string): string {
  const code = facts.regions[0]?.code;
  return code && gz.get(code) ? code : fallback;
}

/**
 * Rebuilds what one article contributes: its old events go, the drafts of its current facts come
 * (none when it is not published), and every project touched is folded again.
 */
export async function refreshArticleProjects(db: Db, gz: Gazetteer, articleId: number, facts: Facts): Promise<void> {
  const article = await db.selectFrom('articles').select(['title', 'body', 'region_code', 'published_at', 'status']).where('id', '=', articleId).executeTakeFirst();
  const old = await db.selectFrom('project_events').select('project_id').where('article_id', '=', articleId).execute();
  await db.deleteFrom('project_events').where('article_id', '=', articleId).execute();
  const touched = new Set(old.map((r) => r.project_id));
  if (article && article.status === 'published') {
    const regionCode = draftRegion(gz, facts, article.region_code);
    const [l1, l2] = gz.path(regionCode);
    const text = `${article.title}\n${article.body}`;
    const drafts = buildProjects({ articleId, text, facts, placeKey: l2 ?? l1 });
    const now = new Date().toISOString();
    for (const d of drafts) {
      const key = await resolveKey(db, d.key);
      let id = (await db.selectFrom('projects').select('id').where('key', '=', key).executeTakeFirst())?.id;
      if (id === undefined) {
        const [p1, p2, p3] = gz.path(regionCode);
        const row = await db
          .insertInto('projects')
          .values({
            key, kind: d.kind, parent_id: null, name: d.name, region_code: regionCode, region_l1: p1, region_l2: p2, region_l3: p3,
            park: null, stage: null, project_count: null, amount_yuan: null, amount_num: null, amount_approx: 0, sectors: '[]', companies: '[]',
            first_date: article.published_at, last_date: article.published_at, article_id: articleId, event_count: 0, hidden: 0, updated_at: now,
          })
          .returning('id')
          .executeTakeFirstOrThrow();
        id = Number(row.id);
      }
      const stored: StoredDraft = { ...d, regionCode };
      await db
        .insertInto('project_events')
        .values({ project_id: id, article_id: articleId, date: article.published_at, stage: d.stage, draft: JSON.stringify(stored) })
        .onConflict((oc) => oc.columns(['project_id', 'article_id']).doNothing())
        .execute();
      touched.add(id);
    }
  }
  // Batches first, so a named project finds its batch's id when folded.
  const ids = [...touched];
  const kinds = ids.length ? await db.selectFrom('projects').select(['id', 'kind']).where('id', 'in', ids).execute() : [];
  kinds.sort((a, b) => (a.kind === b.kind ? a.id - b.id : a.kind === 'group' ? -1 : 1));
  for (const { id } of kinds) await foldProject(db, gz, id);
}

/** A project from its events: the latest stage and amount (an amount counts once), the most specific place. */
export async function foldProject(db: Db, gz: Gazetteer, id: number): Promise<void> {
  const project = await db.selectFrom('projects').select(['key']).where('id', '=', id).executeTakeFirst();
  if (!project) return;
  const events = await db.selectFrom('project_events').select(['article_id', 'date', 'stage', 'draft']).where('project_id', '=', id).execute();
  if (events.length === 0) {
    await db.updateTable('projects').set({ parent_id: null }).where('parent_id', '=', id).execute();
    await db.deleteFrom('project_sectors').where('project_id', '=', id).execute();
    await db.deleteFrom('projects').where('id', '=', id).execute();
    return;
  }
  events.sort((a, b) => a.date.localeCompare(b.date) || (STAGE_ORDER[a.stage ?? ''] ?? -1) - (STAGE_ORDER[b.stage ?? ''] ?? -1) || a.article_id - b.article_id);
  const drafts = events.map((e) => JSON.parse(e.draft) as StoredDraft);
  const first = drafts[0] as StoredDraft;
  const latest = <T>(pick: (d: StoredDraft) => T | null): T | null => {
    for (let i = drafts.length - 1; i >= 0; i--) {
      const v = pick(drafts[i] as StoredDraft);
      if (v !== null && v !== undefined) return v;
    }
    return null;
  };
  const patch = await loadPatch(db, project.key);
  const withAmount = [...drafts].reverse().find((d) => d.amountYuan !== null);
  let regionCode = drafts.map((d) => d.regionCode).reduce((best, c) => (gz.path(c).filter(Boolean).length > gz.path(best).filter(Boolean).length ? c : best), first.regionCode);
  if (patch.regionCode && gz.get(patch.regionCode)) regionCode = patch.regionCode;
  const [l1, l2, l3] = gz.path(regionCode);
  const parentKey = drafts.find((d) => d.parentKey)?.parentKey ?? null;
  const parent = parentKey ? await db.selectFrom('projects').select('id').where('key', '=', await resolveKey(db, parentKey)).executeTakeFirst() : undefined;
  const amountYuan = patch.amountYuan !== undefined ? patch.amountYuan : (withAmount?.amountYuan ?? null);
  const sectors = [...new Set(drafts.flatMap((d) => d.sectors))];
  await db
    .updateTable('projects')
    .set({
      kind: drafts.some((d) => d.kind === 'group') ? 'group' : 'single',
      parent_id: parent && parent.id !== id ? parent.id : null,
      name: patch.name ?? first.name,
      region_code: regionCode,
      region_l1: l1,
      region_l2: l2,
      region_l3: l3,
      park: latest((d) => d.park),
      stage: patch.stage !== undefined ? patch.stage : latest((d) => d.stage),
      project_count: latest((d) => d.count),
      amount_yuan: amountYuan,
      amount_num: amountYuan === null ? null : Number(amountYuan),
      amount_approx: patch.amountYuan !== undefined ? 0 : withAmount?.approx ? 1 : 0,
      sectors: JSON.stringify(sectors),
      companies: JSON.stringify([...new Set(drafts.flatMap((d) => d.companies))]),
      first_date: events[0]?.date ?? '',
      last_date: events[events.length - 1]?.date ?? '',
      article_id: events[0]?.article_id ?? 0,
      event_count: events.length,
      hidden: patch.hidden ? 1 : 0,
      updated_at: new Date().toISOString(),
    })
    .where('id', '=', id)
    .execute();
  await db.deleteFrom('project_sectors').where('project_id', '=', id).execute();
  if (sectors.length) await db.insertInto('project_sectors').values(sectors.map((s) => ({ sector_id: s, project_id: id }))).execute();
}
