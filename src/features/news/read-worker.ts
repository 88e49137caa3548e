// The import's second thread (read-pool.ts): reads items — repetition cut, facts extracted — with
// an extractor of its own, built from the same lexicons as the app's.
import { parentPort } from 'node:worker_threads';
import { Extractor, loadLexicons } from '../../extraction/index.js';
import { readArticle, type ArticleToRead } from './read.js';

const extractor = new Extractor(loadLexicons());

parentPort?.on('message', (msg: { readonly id: number; readonly items: readonly ArticleToRead[] }) => {
  try {
    parentPort?.postMessage({ id: msg.id, read: msg.items.map((a) => readArticle(extractor, a)) });
  } catch (err) {
    parentPort?.postMessage({ id: msg.id, error: err instanceof Error ? err.message : String(err) });
  }
});
