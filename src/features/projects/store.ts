// Keeping the project database in step with the articles. Each article's drafts (projects/build.ts)
// are its events; a project is the fold of its events, oldest first, with an editor's override on
// top. Runs inside the article's write transaction, so pages never see half of it.
import type { Db } from '../../db/database.js';
import type { Facts, Stage } from '../../extraction/types.js';
import { articleDrafts, type ProjectDraft } from '../../projects/build.js';
import { partitionsOf, rebuildPartitions } from './stats-rollup.js';
import { statsSector } from '../../projects/stats-sector.js';
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

/** resolveKey for many keys, with one query when no editor merged any of them (the usual case). */
async function resolveKeys(db: Db, keys: readonly string[]): Promise<{ keys: Map<string, string>; patches: Map<string, ProjectPatch> }> {
  const out = new Map(keys.map((k) => [k, k]));
  const patches = new Map<string, ProjectPatch>();
  const rows = await db.selectFrom('project_overrides').select(['key', 'patch']).where('key', 'in', [...new Set(keys)]).execute();
  for (const r of rows) {
    const patch = JSON.parse(r.patch) as ProjectPatch;
    patches.set(r.key, patch);
    if (patch.mergeInto) out.set(r.key, await resolveKey(db, r.key));
  }
  return { keys: out, patches };
}

/** The article's place for a project: the one the facts say the article is about, else its own. */
function draftRegion(gz: Gazetteer, facts: Facts, fallback: string): string {
  // Facts stored before extractor version 3 have no place: their first region was it.
  const code = facts.place === undefined ? facts.regions[0]?.code : facts.place?.code;
  return code && gz.get(code) ? code : fallback;
}

export interface ArticleForProjects {
  readonly title: string;
  readonly body: string;
  readonly region_code: string;
  readonly published_at: string;
  readonly status: string;
  /** Just inserted: no reports of it to replace. */
  readonly fresh?: boolean | undefined;
}

/** What one article says of projects, computed at once and written now or at the end of a batch. */
interface ArticlePlan {
  readonly articleId: number;
  readonly drafts: readonly StoredDraft[];
  readonly date: string;
  readonly fresh?: boolean | undefined;
}

/**
 * A bulk write (the import, extract --all): the articles' project writes are queued and done
 * after the batch's other writes, then every touched project is folded once. Interleaved with the
 * full-text index's writes, the same inserts took three times as long; and a project reported by
 * many articles is folded once, not once per report.
 */
export class ProjectBatch {
  readonly queued: ArticlePlan[] = [];
  readonly folds = new Set<number>();
  /** Written whole, not folded: only the statistics need to hear of them. */
  readonly created = new Set<number>();
}

function planArticle(gz: Gazetteer, articleId: number, facts: Facts, article: ArticleForProjects | undefined): ArticlePlan {
  if (!article || article.status !== 'published') return { articleId, drafts: [], date: '' };
  // An article about a place outside Hunan (no tag, no Hunan place: filed under the province for
  // reading) holds no project of Hunan's, unless an editor placed it somewhere in Hunan.
  if (facts.place === null && gz.get(article.region_code)?.level === 'province') return { articleId, drafts: [], date: article.published_at };
  const regionCode = draftRegion(gz, facts, article.region_code);
  const drafts = articleDrafts(gz, { articleId, text: `${article.title}\n${article.body}`, facts, regionCode });
  return { articleId, drafts, date: article.published_at, fresh: article.fresh };
}

/**
 * Rebuilds what one article contributes: its old events go, the drafts of its current facts come
 * (none when it is not published), and every project touched is folded again — now, or with a
 * batch at the batch's end (flushProjects).
 */
export async function refreshArticleProjects(db: Db, gz: Gazetteer, articleId: number, facts: Facts, batch?: ProjectBatch, known?: ArticleForProjects): Promise<void> {
  const article = known ?? (await db.selectFrom('articles').select(['title', 'body', 'region_code', 'published_at', 'status']).where('id', '=', articleId).executeTakeFirst());
  const plan = planArticle(gz, articleId, facts, article);
  if (batch) {
    batch.queued.push(plan);
    return;
  }
  const touched = new Set<number>();
  const created = new Set<number>();
  await writePlan(db, gz, plan, touched, created);
  await foldProjects(db, gz, touched, created);
}

export async function flushProjects(db: Db, gz: Gazetteer, batch: ProjectBatch): Promise<void> {
  for (const plan of batch.queued) await writePlan(db, gz, plan, batch.folds, batch.created);
  batch.queued.length = 0;
  await foldProjects(db, gz, batch.folds, batch.created);
  batch.folds.clear();
  batch.created.clear();
}

/** A handful of statements per article, whatever its drafts; `touched` gets the projects to fold. */
async function writePlan(db: Db, gz: Gazetteer, plan: ArticlePlan, touched: Set<number>, created: Set<number>): Promise<void> {
  const { articleId, drafts } = plan;
  const old = plan.fresh ? [] : await db.deleteFrom('project_events').where('article_id', '=', articleId).returning(['project_id', 'draft']).execute();
  for (const r of old) touched.add(r.project_id);
  if (drafts.length === 0) return;
  const { keys, patches } = await resolveKeys(db, drafts.map((d) => d.key));
  const ids = new Map<string, number>();
  const existing = await db.selectFrom('projects').select(['id', 'key']).where('key', 'in', [...new Set(keys.values())]).execute();
  for (const r of existing) ids.set(r.key, r.id);
  const events = new Map<number, { project_id: number; article_id: number; date: string; stage: string | null; draft: string }>();
  for (const d of drafts) {
    const key = keys.get(d.key) ?? d.key;
    let id = ids.get(key) ?? (old.length ? await rekeyed(db, old, d, key) : undefined);
    const event = { project_id: 0, article_id: articleId, date: plan.date, stage: d.stage, draft: JSON.stringify(d) };
    if (id === undefined) {
      // New: written whole from this one report (an editor's patch may have outlived an earlier
      // project of this key: it applies).
      const folded = foldEvents(gz, [event], key === d.key ? (patches.get(key) ?? {}) : await loadPatch(db, key));
      const parentKey = folded.parentKeys[0];
      const parent = parentKey ? ids.get(keys.get(parentKey) ?? parentKey) : undefined;
      const row = await db
        .insertInto('projects')
        .values({ key, ...folded.columns, parent_id: parent ?? null })
        .returning('id')
        .executeTakeFirstOrThrow();
      id = Number(row.id);
      created.add(id);
      if (parent !== undefined) await db.insertInto('project_members').values({ parent_id: parent, project_id: id }).execute();
      if (folded.sectors.length) await db.insertInto('project_sectors').values(folded.sectors.map((sid) => ({ sector_id: sid, project_id: id as number }))).execute();
    } else {
      touched.add(id);
    }
    ids.set(key, id);
    // Two drafts of one article on one project (merged by an editor): the first one speaks.
    if (!events.has(id)) events.set(id, { ...event, project_id: id });
  }
  await db.insertInto('project_events').values([...events.values()]).execute();
}

/**
 * The same project under a new key: this article used to report, at the same words, a project
 * that nothing else reports (an editor renamed it in the facts, corrected a batch's stage, a new
 * extractor reads its name a little differently). That project takes the new key, keeping its
 * id, its address and the editors' corrections and merges made under the old key.
 */
async function rekeyed(db: Db, old: readonly { project_id: number; draft: string }[], d: ProjectDraft, key: string): Promise<number | undefined> {
  for (const o of old) {
    const was = JSON.parse(o.draft) as ProjectDraft;
    if (was.kind !== d.kind || was.key === key || !(was.evidence.start < d.evidence.end && d.evidence.start < was.evidence.end)) continue;
    const others = await db.selectFrom('project_events').select('article_id').where('project_id', '=', o.project_id).limit(1).execute();
    const row = await db.selectFrom('projects').select('key').where('id', '=', o.project_id).executeTakeFirst();
    if (others.length > 0 || !row) continue;
    await db.updateTable('projects').set({ key }).where('id', '=', o.project_id).execute();
    const hasOwn = await db.selectFrom('project_overrides').select('key').where('key', '=', key).executeTakeFirst();
    if (!hasOwn) await db.updateTable('project_overrides').set({ key }).where('key', '=', row.key).execute();
    for (const r of await db.selectFrom('project_overrides').select(['key', 'patch']).execute()) {
      const patch = JSON.parse(r.patch) as ProjectPatch;
      if (patch.mergeInto === row.key) await db.updateTable('project_overrides').set({ patch: JSON.stringify({ ...patch, mergeInto: key }) }).where('key', '=', r.key).execute();
    }
    return o.project_id;
  }
  return undefined;
}

/**
 * Folds projects, batches first so a named project finds its batch's id; then the statistics
 * rollup is rebuilt for every place and month they were in before or are in now.
 */
export async function foldProjects(db: Db, gz: Gazetteer, ids: Iterable<number>, created: Iterable<number> = []): Promise<void> {
  const all = [...ids];
  const added = [...created];
  if (all.length === 0 && added.length === 0) return;
  const before = await partitionsOf(db, all);
  await foldAll(db, gz, all);
  const now = await partitionsOf(db, [...all, ...added]);
  for (const p of now) before.add(p);
  await rebuildPartitions(db, before);
}

async function foldAll(db: Db, gz: Gazetteer, all: readonly number[]): Promise<void> {
  // Kinds read once; every batch folded before any single project, in id order within each.
  const groups: number[] = [];
  const singles: number[] = [];
  for (let i = 0; i < all.length; i += 500) {
    for (const k of await db.selectFrom('projects').select(['id', 'kind']).where('id', 'in', all.slice(i, i + 500)).execute()) (k.kind === 'group' ? groups : singles).push(k.id);
  }
  for (const id of [...groups.sort((a, b) => a - b), ...singles.sort((a, b) => a - b)]) await foldProject(db, gz, id);
}

interface EventRow {
  readonly article_id: number;
  readonly date: string;
  readonly stage: string | null;
  readonly draft: string;
}

/**
 * A project's columns from its events, oldest first: the first name, the latest stage, count and
 * park, the latest stated amount (an amount counts once), the most specific place, every sector
 * and company; an editor's patch on top. Pure, so a new project is written whole at once.
 */
function foldEvents(gz: Gazetteer, events: EventRow[], patch: ProjectPatch) {
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
  const withAmount = [...drafts].reverse().find((d) => d.amountYuan !== null);
  const depth = (c: string) => gz.path(c).filter(Boolean).length;
  let regionCode = drafts.map((d) => d.regionCode).reduce((best, c) => (depth(c) > depth(best) ? c : best), first.regionCode);
  if (patch.regionCode && gz.get(patch.regionCode)) regionCode = patch.regionCode;
  const [l1, l2, l3] = gz.path(regionCode);
  const amountYuan = patch.amountYuan !== undefined ? patch.amountYuan : (withAmount?.amountYuan ?? null);
  const sectors = [...new Set(drafts.flatMap((d) => d.sectors))];
  const companies = [...new Set(drafts.flatMap((d) => d.companies))];
  // The scorecard, for projects with a timeline of their own (not batches): a signing report,
  // and a later report of a start or a completion.
  const signedAt = drafts.some((d) => d.kind === 'group') ? -1 : events.findIndex((e) => e.stage === 'signing');
  const after = signedAt === -1 ? [] : events.slice(signedAt + 1).map((e) => e.stage);
  const name = patch.name ?? first.name;
  return {
    /** Every batch it was reported in, the first first. */
    parentKeys: [...new Set(drafts.flatMap((d) => (d.parentKey ? [d.parentKey] : [])))],
    sectors,
    columns: {
      kind: drafts.some((d) => d.kind === 'group') ? ('group' as const) : ('single' as const),
      name,
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
      stats_sector: statsSector(drafts.some((d) => d.kind === 'group') ? 'group' : 'single', sectors),
      companies: JSON.stringify(companies),
      search_text: [name, ...companies].join(' '),
      first_date: events[0]?.date ?? '',
      last_date: events[events.length - 1]?.date ?? '',
      article_id: events[0]?.article_id ?? 0,
      event_count: events.length,
      hidden: patch.hidden ? 1 : 0,
      updated_at: new Date().toISOString(),
      conv_signed: signedAt === -1 ? 0 : 1,
      conv_started: after.some((st) => st === 'construction_start' || st === 'completion' || st === 'operating') ? 1 : 0,
      conv_completed: after.some((st) => st === 'completion' || st === 'operating') ? 1 : 0,
    },
  };
}

/** A project from its events: the latest stage and amount (an amount counts once), the most specific place. */
export async function foldProject(db: Db, gz: Gazetteer, id: number): Promise<void> {
  const project = await db
    .selectFrom('projects as p')
    .leftJoin('project_overrides as o', 'o.key', 'p.key')
    .select(['p.key', 'p.sectors', 'o.patch'])
    .where('p.id', '=', id)
    .executeTakeFirst();
  if (!project) return;
  const events = await db.selectFrom('project_events').select(['article_id', 'date', 'stage', 'draft']).where('project_id', '=', id).execute();
  if (events.length === 0) {
    await db.updateTable('projects').set({ parent_id: null }).where('parent_id', '=', id).execute();
    await db.deleteFrom('project_members').where((eb) => eb.or([eb('project_id', '=', id), eb('parent_id', '=', id)])).execute();
    await db.deleteFrom('project_sectors').where('project_id', '=', id).execute();
    await db.deleteFrom('projects').where('id', '=', id).execute();
    return;
  }
  const patch = project.patch ? (JSON.parse(project.patch) as ProjectPatch) : {};
  const folded = foldEvents(gz, events, patch);
  const parentBy = (key: string) => db.selectFrom('projects').select('id').where('key', '=', key).executeTakeFirst();
  const parents: number[] = [];
  for (const key of folded.parentKeys) {
    const parent = (await parentBy(key)) ?? (await parentBy(await resolveKey(db, key)));
    if (parent && parent.id !== id && !parents.includes(parent.id)) parents.push(parent.id);
  }
  await db
    .updateTable('projects')
    .set({ ...folded.columns, parent_id: parents[0] ?? null })
    .where('id', '=', id)
    .execute();
  await db.deleteFrom('project_members').where('project_id', '=', id).execute();
  if (parents.length) await db.insertInto('project_members').values(parents.map((parent_id) => ({ parent_id, project_id: id }))).execute();
  const { sectors } = folded;
  const sectorsJson = folded.columns.sectors;
  if (sectorsJson === project.sectors) return;
  await db.deleteFrom('project_sectors').where('project_id', '=', id).execute();
  if (sectors.length) await db.insertInto('project_sectors').values(sectors.map((s) => ({ sector_id: s, project_id: id }))).execute();
}
