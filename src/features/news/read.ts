// Reading an imported item: its text stored once (a source that repeats its own opening is cut)
// and its facts. Pure and free of the database, so an import can do it on a second thread
// (read-pool.ts) while the first writes.
import { removeInternalRepetition } from '../../content/repetition.js';
import type { Extractor } from '../../extraction/index.js';
import type { Facts } from '../../extraction/types.js';

export interface ArticleToRead {
  readonly title: string;
  readonly body: string;
  readonly tag: string | null;
}

export interface ReadArticle {
  readonly dedupe: ReturnType<typeof removeInternalRepetition>;
  readonly facts: Facts;
}

export function readArticle(ex: Extractor, a: ArticleToRead): ReadArticle {
  const dedupe = removeInternalRepetition(a.body);
  return { dedupe, facts: ex.extract(`${a.title}\n${dedupe.text}`, { tag: a.tag }) };
}
