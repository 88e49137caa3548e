// Tips: receive one, and publish or reject it. Publishing makes an article in the tip's region,
// indexed for search, in the same transaction as the decision and its log entry.
import { randomInt } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Db } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import { storageFault } from '../../db/storage-faults.js';
import { removeInternalRepetition } from '../../content/repetition.js';
import type { AppContext } from '../../web/context.js';
import { logAction } from '../admin/moderation-log.js';
import { bumpContentVersion, lockContentForWrite } from '../news/repository.js';
import { decideSubmission, findSubmission, insertSubmission } from './repository.js';
import type { TipInput } from './schema.js';
import { insertPublishedArticle } from '../news/write.js';

const CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';

/** ZS-XXXX-XXXX: 31^8 ≈ 8.5·10^11 codes, no 0/O or 1/I to misread. */
export function trackingCode(): string {
  const pick = () => Array.from({ length: 4 }, () => CODE_ALPHABET[randomInt(CODE_ALPHABET.length)]).join('');
  return `ZS-${pick()}-${pick()}`;
}

/**
 * Stores a tip under a new tracking code, in one transaction with `also` (the abuse count of the
 * post): both or neither, so a failed write leaves nothing half stored.
 */
export async function receiveTip(db: Kysely<DB>, tip: TipInput, also?: (trx: Db) => Promise<void>): Promise<string> {
  for (let attempt = 0; ; attempt++) {
    const code = trackingCode();
    try {
      await db.transaction().execute(async (trx) => {
        await also?.(trx);
        await insertSubmission(trx, { tracking_code: code, title: tip.title, region_code: tip.region, body: tip.body, source_url: tip.source_url || null, name: tip.name, contact: tip.contact });
      });
      return code;
    } catch (err) {
      if (attempt >= 3 || storageFault(err) !== null) throw err; // a code collision is astronomically rare; a storage fault is not one
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
    const body = removeInternalRepetition(edited.body).text;
    const articleId = await insertPublishedArticle(trx, ctx, { title: edited.title, body, region, importKey: `tip:${id}` });
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
