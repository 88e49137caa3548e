// Import: parsed articles in, stored articles out — one transaction per file, idempotent by key.
import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Db } from '../../db/database.js';
import type { DB } from '../../db/schema.js';
import type { ParsedArticle } from '../../content/listing.js';
import { ImportFormatError } from '../../content/listing.js';
import type { Gazetteer } from '../../regions/gazetteer.js';
import type { SearchIndex } from '../../search/search-index.js';
import type { Extractor } from '../../extraction/index.js';
import { defaultRegion } from '../../regions/resolve.js';
import { bumpContentVersion, findByImportKey, insertArticle, lockContentForWrite, updateArticle } from './repository.js';
import { afterArticleWrite, articleColumns, type ArticleWriteDeps, BulkWrite, flushBulkWrite } from './write.js';
import { readArticle, type ReadArticle } from './read.js';
import { IMPORT_POOL_AT, READ_CHUNK, ReadPool } from './read-pool.js';

export interface ImportSummary {
  added: number;
  updated: number;
  unchanged: number;
}

function sha256(s: string): string {
  return createHash('sha256').update(s).digest('hex');
}

export function importKey(a: ParsedArticle): string {
  return a.externalId ? `ext:${a.externalId}` : `h:${sha256([a.tag ?? '', a.title, a.publishedAt].join('\u0000')).slice(0, 40)}`;
}

/**
 * What the importer makes of one parsed item: the stored text once, its facts (read once: the
 * place they find is the article's unless the item names its region), and a note on the source.
 */
export function prepareArticle(ex: Extractor, a: ParsedArticle, read: ReadArticle = readArticle(ex, a)) {
  const gz = ex.gazetteer;
  const { dedupe, facts } = read;
  let region = a.regionCode ? gz.get(a.regionCode) : undefined;
  if (a.regionCode && !region) throw new ImportFormatError(a.item, a.line, `未知的地区代码 ${a.regionCode}`);
  region ??= (facts.place && gz.get(facts.place.code)) || defaultRegion(gz);
  const notes: string[] = [];
  if (dedupe.repeatAt !== null) {
    notes.push(`原文自第 ${dedupe.repeatAt + 1} 字起把开头部分重复了一遍（${dedupe.removedChars} 字，已去除）`);
    if (dedupe.truncated) notes.push('重复部分在句中截断，原文不完整');
  } else if (dedupe.truncated) {
    notes.push('原文在句中截断，结尾不完整');
  }
  const row = {
    ...articleColumns(gz, region, { title: a.title, body: dedupe.text, publishedAt: a.publishedAt, tag: a.tag }),
    source_truncated: dedupe.truncated ? 1 : 0,
    source_note: notes.length ? notes.join(';') + '。' : null,
  };
  return { row, facts };
}

/** What an import writes to besides the articles table. */
export interface ImportDeps {
  readonly gazetteer: Gazetteer;
  readonly extractor: Extractor;
  readonly search: SearchIndex;
}

/** One file, one transaction: everything is stored and indexed, or (on any error) nothing. */
export async function importArticles(
  db: Kysely<DB>,
  deps: ImportDeps,
  items: readonly ParsedArticle[],
  onProgress?: (done: number, total: number) => void,
): Promise<ImportSummary> {
  return db.transaction().execute(async (trx) => {
    await lockContentForWrite(trx);
    return importInto(trx, deps, items, onProgress);
  });
}

/** The import itself, inside the caller's transaction (which holds the content write lock). */
export async function importInto(
  trx: Db,
  { gazetteer: gz, extractor, search }: ImportDeps,
  items: readonly ParsedArticle[],
  onProgress?: (done: number, total: number) => void,
): Promise<ImportSummary> {
  const summary: ImportSummary = { added: 0, updated: 0, unchanged: 0 };
  const now = new Date().toISOString();
  const deps = { gazetteer: gz, extractor, search, bulk: new BulkWrite() };
  // A large import reads (extracts) a chunk ahead on a second thread while this one writes.
  const pool = items.length >= IMPORT_POOL_AT ? ReadPool.open() : null;
  try {
    let ahead = pool ? pool.read(extractor, items.slice(0, READ_CHUNK)) : null;
    for (let c = 0; c < items.length; c += READ_CHUNK) {
      const chunk = items.slice(c, c + READ_CHUNK);
      const reads = ahead ? await ahead : chunk.map((a) => readArticle(extractor, a));
      ahead = pool && c + READ_CHUNK < items.length ? pool.read(extractor, items.slice(c + READ_CHUNK, c + 2 * READ_CHUNK)) : null;
      for (const [k, a] of chunk.entries()) {
        summary[await importOne(trx, deps, a, reads[k], now)]++;
        const i = c + k;
        if (onProgress && (i % 200 === 0 || i === items.length - 1)) onProgress(i + 1, items.length);
      }
    }
  } finally {
    await pool?.close();
  }
  await flushBulkWrite(trx, deps, deps.bulk);
  if (summary.added + summary.updated > 0) await bumpContentVersion(trx);
  return summary;
}

/** One item: added, updated (its text or place changed), or unchanged. */
async function importOne(trx: Db, deps: ArticleWriteDeps, a: ParsedArticle, read: ReadArticle | undefined, now: string): Promise<keyof ImportSummary> {
  const { row, facts } = prepareArticle(deps.extractor, a, read);
  const key = importKey(a);
  const hash = sha256(JSON.stringify([row.region_tag, row.title, a.body, row.published_at, row.region_code]));
  const existing = await findByImportKey(trx, key);
  if (!existing) {
    const id = await insertArticle(trx, { ...row, import_key: key, content_hash: hash, status: 'published', created_at: now, updated_at: now });
    await afterArticleWrite(trx, deps, { id, ...row }, true, { facts, fresh: true });
    return 'added';
  }
  if (existing.content_hash !== hash) {
    await updateArticle(trx, existing.id, { ...row, content_hash: hash, updated_at: now });
    // An unpublished article stays out of the index until an editor publishes it again.
    await afterArticleWrite(trx, deps, { id: existing.id, ...row }, existing.status === 'published', { facts });
    return 'updated';
  }
  return 'unchanged';
}
