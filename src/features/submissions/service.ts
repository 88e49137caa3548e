// Tips: receive one, and publish or reject it. Publishing makes an article in the tip's region,
// indexed for search, in the same transaction as the decision and its log entry.
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { DB } from '../../db/schema.js';
import { excerpt } from '../../content/text.js';
import { removeInternalRepetition } from '../../content/repetition.js';
import { toSearchDoc } from '../../search/documents.js';
import type { AppContext } from '../../web/context.js';
import { logAction } from '../admin/moderation-log.js';
import { refreshFacts } from '../facts/service.js';
import { bumpContentVersion, insertArticle, lockContentForWrite } from '../news/repository.js';
import { decideSubmission, findSubmission, insertSubmission } from './repository.js';
import type { TipInput } from './schema.js';

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** ZS-XXXX-XXXX: 31^8 ≈ 8.5·10^11 codes, no 0/O or 1/I to misread. */
export function trackingCode(): string {
  const pick = () => Array.from({ length: 4 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  return `ZS-${pick()}-${pick()}`;
}

export async function receiveTip(db: Kysely<DB>, tip: TipInput): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const code = trackingCode();
    try {
      await insertSubmission(db, { tracking_code: code, title: tip.title, region_code: tip.region, body: tip.body, source_url: tip.source_url || null, name: tip.name, contact: tip.contact });
      return code;
    } catch (err) {
      if (attempt >= 3) throw err; // a code collision is astronomically rare; anything else repeats
    }
  }
}

export class DecisionConflict extends Error {}

/** Publishes a pending tip as an article (the editor may have edited title, body and region). */
export async function publishTip(ctx: AppContext, id: number, edited: { title: string; body: string; region: string }, editorId: number): Promise<number> {
  const region = ctx.gazetteer.get(edited.region);
  if (!region) throw new DecisionConflict('地区不存在');
  return ctx.database.db.transaction().execute(async (trx) => {
    await lockContentForWrite(trx);
    const tip = await findSubmission(trx, id);
    if (!tip || tip.status !== 'pending') throw new DecisionConflict('这条投稿已经处理过了');
    const now = new Date().toISOString();
    const [l1, l2, l3] = ctx.gazetteer.path(region.code);
    const body = removeInternalRepetition(edited.body).text;
    const row = {
      title: edited.title,
      region_tag: `${region.short}招商`,
      region_code: region.code,
      region_l1: l1,
      region_l2: l2,
      region_l3: l3,
      body,
      excerpt: excerpt(body),
      published_at: now.slice(0, 10),
      source_truncated: 0,
      source_note: null,
    };
    const articleId = await insertArticle(trx, { ...row, import_key: `tip:${id}`, content_hash: '', status: 'published', created_at: now, updated_at: now });
    await ctx.search.upsert(trx, toSearchDoc(ctx.gazetteer, { id: articleId, ...row }));
    await refreshFacts(trx, ctx.gazetteer, { id: articleId, ...row });
    if (!(await decideSubmission(trx, id, { status: 'published', reason: null, articleId, by: editorId }))) throw new DecisionConflict('这条投稿已经处理过了');
    await logAction(trx, { actorId: editorId, action: 'tip.publish', targetType: 'submission', targetId: id, details: { articleId, edited: edited.title !== tip.title || edited.body !== tip.body || edited.region !== tip.region_code } });
    await bumpContentVersion(trx);
    return articleId;
  });
}

export async function rejectTip(ctx: AppContext, id: number, reason: string, editorId: number): Promise<void> {
  await ctx.database.db.transaction().execute(async (trx) => {
    if (!(await decideSubmission(trx, id, { status: 'rejected', reason, articleId: null, by: editorId }))) throw new DecisionConflict('这条投稿已经处理过了');
    await logAction(trx, { actorId: editorId, action: 'tip.reject', targetType: 'submission', targetId: id, reason });
  });
}
