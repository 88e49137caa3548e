// Editors' corrections, of an article's facts and of a project. Each is stored apart from what
// the extractor writes (fact_corrections, project_overrides), applied on every rebuild, logged, and
// written in one transaction with the content version bumped, so every page agrees at once.
import type { Db } from '../../db/database.js';
import { AppError } from '../../errors.js';
import type { Correction } from '../../extraction/corrections.js';
import type { AppContext } from '../../web/context.js';
import { logAction } from '../admin/moderation-log.js';
import { loadFacts } from '../facts/repository.js';
import { refreshFacts } from '../facts/service.js';
import { bumpContentVersion, lockContentForWrite } from '../news/repository.js';
import { findProject } from './repository.js';
import { foldProjects, loadPatch, refreshArticleProjects, type ProjectPatch } from './store.js';

/** The correction does not fit the article as it is now (its words are not in the text…). */
export class CorrectionRejected extends Error {}

async function articleText(db: Db, id: number) {
  const a = await db.selectFrom('articles').select(['id', 'title', 'body', 'region_tag']).where('id', '=', id).executeTakeFirst();
  if (!a) throw new AppError('not_found', '没有这篇文章。');
  return a;
}

async function inWriteTransaction<T>(ctx: AppContext, work: (trx: Db) => Promise<T>): Promise<T> {
  const out = await ctx.database.db.transaction().execute(async (trx) => {
    await lockContentForWrite(trx);
    const r = await work(trx);
    await bumpContentVersion(trx);
    return r;
  });
  ctx.cache.clear();
  return out;
}

export async function addFactCorrection(ctx: AppContext, articleId: number, c: Correction, userId: number, reason: string | null): Promise<void> {
  await inWriteTransaction(ctx, async (trx) => {
    const a = await articleText(trx, articleId);
    const row = await trx
      .insertInto('fact_corrections')
      .values({ article_id: articleId, correction: JSON.stringify(c), user_id: userId, created_at: new Date().toISOString() })
      .returning('id')
      .executeTakeFirstOrThrow();
    const { orphans } = await refreshFacts(trx, ctx.extractor, a);
    // Rolled back with the transaction: a correction that changes nothing is not kept.
    if (orphans.includes(Number(row.id))) throw new CorrectionRejected(c.op === 'add' ? '原文中找不到填写的依据文字，或填写的值不正确。' : '这条要点已经变了（文章可能刚被修改），请刷新后再更正。');
    await logAction(trx, { actorId: userId, action: 'facts.correct', targetType: 'article', targetId: articleId, reason, details: { correction: c } });
  });
}

export async function revokeFactCorrection(ctx: AppContext, articleId: number, correctionId: number, userId: number, reason: string | null): Promise<void> {
  await inWriteTransaction(ctx, async (trx) => {
    const row = await trx.selectFrom('fact_corrections').select(['correction']).where('id', '=', correctionId).where('article_id', '=', articleId).executeTakeFirst();
    if (!row) throw new CorrectionRejected('这条更正已经撤销了。');
    await trx.deleteFrom('fact_corrections').where('id', '=', correctionId).execute();
    await refreshFacts(trx, ctx.extractor, await articleText(trx, articleId));
    await logAction(trx, { actorId: userId, action: 'facts.revoke', targetType: 'article', targetId: articleId, reason, details: { correction: JSON.parse(row.correction) as unknown } });
  });
}

/** Every article on the projects' timelines is rebuilt (a merge moves events between projects). */
async function rebuildArticlesOf(trx: Db, ctx: AppContext, projectIds: readonly number[]): Promise<void> {
  if (projectIds.length === 0) return;
  const rows = await trx.selectFrom('project_events').select('article_id').distinct().where('project_id', 'in', projectIds).execute();
  for (const { article_id } of rows) {
    const stored = await loadFacts(trx, article_id);
    if (stored) await refreshArticleProjects(trx, ctx.gazetteer, article_id, stored.facts);
  }
}

/**
 * Replaces a project's correction (null clears it). `mergeIntoId` makes it part of another
 * project: its reports join that timeline and its amount is no longer counted on its own.
 */
export async function correctProject(ctx: AppContext, id: number, patch: ProjectPatch | null, mergeIntoId: number | null, userId: number, reason: string | null): Promise<void> {
  await inWriteTransaction(ctx, async (trx) => {
    const p = await findProject(trx, id);
    if (!p) throw new AppError('not_found', '没有这个项目。');
    const before = await loadPatch(trx, p.key);
    let next: ProjectPatch = { ...(patch ?? {}) };
    let target: number | null = null;
    if (mergeIntoId !== null) {
      const into = await findProject(trx, mergeIntoId);
      if (!into || into.id === id) throw new CorrectionRejected('要并入的项目不存在，或就是它自己。');
      if ((await loadPatch(trx, into.key)).mergeInto === p.key) throw new CorrectionRejected('那个项目已经并入了这个项目，不能互相合并。');
      next = { ...next, mergeInto: into.key, label: p.name };
      target = into.id;
    }
    if (Object.keys(next).length === 0) await trx.deleteFrom('project_overrides').where('key', '=', p.key).execute();
    else {
      const row = { key: p.key, patch: JSON.stringify(next), user_id: userId, updated_at: new Date().toISOString() };
      await trx.insertInto('project_overrides').values(row).onConflict((oc) => oc.column('key').doUpdateSet({ patch: row.patch, user_id: userId, updated_at: row.updated_at })).execute();
    }
    if (target !== null) await rebuildArticlesOf(trx, ctx, [id, target]);
    else await foldProjects(trx, ctx.gazetteer, [id]);
    await logAction(trx, { actorId: userId, action: target !== null ? 'project.merge' : 'project.correct', targetType: 'project', targetId: id, reason, details: { name: p.name, from: before, to: next } });
  });
}

/** Projects merged into this one, by key, for undoing a merge. */
export async function mergedInto(db: Db, key: string): Promise<{ key: string; name: string }[]> {
  const rows = await db.selectFrom('project_overrides').select(['key', 'patch']).execute();
  return rows
    .map((r) => ({ key: r.key, patch: JSON.parse(r.patch) as ProjectPatch }))
    .filter((r) => r.patch.mergeInto === key)
    .map((r) => ({ key: r.key, name: r.patch.label ?? r.key }));
}

/** Undoes a merge: the merged project's reports come back as a project of their own. */
export async function unmerge(ctx: AppContext, intoId: number, key: string, userId: number, reason: string | null): Promise<void> {
  await inWriteTransaction(ctx, async (trx) => {
    const into = await findProject(trx, intoId);
    if (!into) throw new AppError('not_found', '没有这个项目。');
    const { mergeInto: _m, label: _l, ...rest } = await loadPatch(trx, key);
    if (Object.keys(rest).length === 0) await trx.deleteFrom('project_overrides').where('key', '=', key).execute();
    else await trx.updateTable('project_overrides').set({ patch: JSON.stringify(rest), user_id: userId, updated_at: new Date().toISOString() }).where('key', '=', key).execute();
    await rebuildArticlesOf(trx, ctx, [intoId]);
    await logAction(trx, { actorId: userId, action: 'project.unmerge', targetType: 'project', targetId: intoId, reason, details: { key } });
  });
}

/**
 * Corrections whose project no longer exists (its article was unpublished, or its name changed in
 * a way that could not be followed) and that are not merges: listed so an editor can see that
 * they no longer apply and drop them.
 */
export async function strandedOverrides(db: Db): Promise<{ key: string; label: string; updatedAt: string }[]> {
  const rows = await db
    .selectFrom('project_overrides as o')
    .leftJoin('projects as p', 'p.key', 'o.key')
    .select(['o.key', 'o.patch', 'o.updated_at'])
    .where('p.id', 'is', null)
    .orderBy('o.updated_at', 'desc')
    .limit(200)
    .execute();
  return rows
    .map((r) => ({ r, patch: JSON.parse(r.patch) as ProjectPatch }))
    .filter(({ patch }) => !patch.mergeInto)
    .map(({ r, patch }) => ({ key: r.key, label: patch.name ?? patch.label ?? r.key.replace(/^[a-z]:[^:]*:/, ''), updatedAt: r.updated_at }));
}

export async function dropOverride(ctx: AppContext, key: string, userId: number): Promise<boolean> {
  return inWriteTransaction(ctx, async (trx) => {
    const row = await trx.selectFrom('project_overrides').select('patch').where('key', '=', key).executeTakeFirst();
    if (!row) return false;
    await trx.deleteFrom('project_overrides').where('key', '=', key).execute();
    await logAction(trx, { actorId: userId, action: 'project.drop_correction', targetType: 'project', targetId: 0, reason: null, details: { key, patch: JSON.parse(row.patch) as unknown } });
    return true;
  });
}
