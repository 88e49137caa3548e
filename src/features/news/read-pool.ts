// A second thread for a large import (the machine has two cores): items are read — repetition
// cut, facts extracted — a chunk ahead on it while this thread writes the chunk before. Used
// from IMPORT_POOL_AT items on; if the thread cannot start or fails, this thread reads instead
// (same code, same lexicons: the facts are the same either way).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { Extractor } from '../../extraction/index.js';
import { projectRoot } from '../../paths.js';
import { readArticle, type ArticleToRead, type ReadArticle } from './read.js';

/** Smaller imports are read here: starting the thread (lexicons included) costs about half a second. */
export const IMPORT_POOL_AT = 2000;
export const READ_CHUNK = 400;

type Reply = { readonly id: number; readonly read?: ReadArticle[]; readonly error?: string };

export class ReadPool {
  private readonly pending = new Map<number, { resolve: (r: ReadArticle[]) => void; reject: (e: Error) => void }>();
  private next = 0;
  private broken: Error | null = null;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: Reply) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.read) p.resolve(m.read);
      else p.reject(new Error(m.error ?? 'read failed'));
    });
    const fail = (err: Error) => {
      this.broken = err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => code !== 0 && fail(new Error(`read thread exited with ${code}`)));
  }

  static open(): ReadPool | null {
    try {
      return new ReadPool(new Worker(pathToFileURL(path.join(projectRoot, 'bin', 'read-worker.mjs'))));
    } catch {
      return null;
    }
  }

  /** Reads on the other thread; on any failure of it, here. */
  async read(ex: Extractor, items: readonly ArticleToRead[]): Promise<ReadArticle[]> {
    const here = () => items.map((a) => readArticle(ex, a));
    if (this.broken) return here();
    const id = this.next++;
    const job = new Promise<ReadArticle[]>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.worker.postMessage({ id, items: items.map((a) => ({ title: a.title, body: a.body, tag: a.tag })) });
    try {
      return await job;
    } catch {
      return here();
    }
  }

  async close(): Promise<void> {
    await this.worker.terminate();
  }
}
