// Rendered responses kept in memory, keyed by URL, dropped whenever the content version changes.
// The version lives in the database (site_state.content_version, bumped in the same transaction
// as each content write), so a write by another process — the import CLI, another instance — is
// noticed by polling within `pollMs`.
import { createHash } from 'node:crypto';

export interface CachedResponse {
  readonly status: number;
  readonly type: string;
  /** Encoded once, sent as is. */
  readonly body: Buffer;
  readonly etag: string;
}

export function etagOf(body: Buffer | string): string {
  return `"${createHash('sha1').update(body).digest('base64url').slice(0, 22)}"`;
}

export class PageCache {
  private readonly entries = new Map<string, CachedResponse>();
  /** Values derived from the content (counts by region…), dropped with the pages. */
  private readonly derived = new Map<string, Promise<unknown>>();
  /** Pages being rendered: a second request for the same key waits for the first one. */
  private readonly rendering = new Map<string, Promise<CachedResponse>>();
  private version: string | null = null;
  /** Bumped on every clear: a response rendered before a clear must not be stored after it. */
  private generation = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly maxEntries: number) {}

  get(key: string): CachedResponse | undefined {
    const hit = this.entries.get(key);
    if (hit) {
      // LRU: move to the back.
      this.entries.delete(key);
      this.entries.set(key, hit);
    }
    return hit;
  }

  /** The generation to hand back to set(): take it before reading the database. */
  get currentGeneration(): number {
    return this.generation;
  }

  set(key: string, value: CachedResponse, generation: number): void {
    if (this.maxEntries === 0 || generation !== this.generation) return;
    this.entries.set(key, value);
    if (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest !== undefined) this.entries.delete(oldest);
    }
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
    this.derived.clear();
    // A render begun before the clear may show the old content: later requests start their own.
    this.rendering.clear();
  }

  /**
   * The cached response for `key`, or one render of it shared by every request that misses at
   * the same time (after a publish clears the cache, 200 readers of the home page cost one
   * render, not 200 queued on the database pool). A failed render is shared too, then forgotten.
   */
  getOrRender(key: string, render: () => Promise<CachedResponse>): Promise<CachedResponse> {
    const hit = this.get(key);
    if (hit) return Promise.resolve(hit);
    if (this.maxEntries === 0) return render();
    const running = this.rendering.get(key);
    if (running) return running;
    const generation = this.generation;
    const p: Promise<CachedResponse> = render()
      .then((entry) => {
        this.set(key, entry, generation);
        return entry;
      })
      .finally(() => {
        // Unless a clear() came meanwhile and another render took the key.
        if (this.rendering.get(key) === p) this.rendering.delete(key);
      });
    this.rendering.set(key, p);
    return p;
  }

  /** Computes a content-derived value once per content version; a failed computation is not kept. */
  memo<T>(key: string, produce: () => Promise<T>): Promise<T> {
    const hit = this.derived.get(key) as Promise<T> | undefined;
    if (hit) return hit;
    const p = produce();
    this.derived.set(key, p);
    p.catch(() => {
      if (this.derived.get(key) === p) this.derived.delete(key);
    });
    return p;
  }

  /** Clears the cache when the stored version differs from the one last seen. */
  async checkVersion(read: () => Promise<string>): Promise<void> {
    const v = await read();
    if (v !== this.version) {
      this.version = v;
      this.clear();
    }
  }

  startPolling(read: () => Promise<string>, pollMs: number, onError: (err: unknown) => void): void {
    this.stopPolling();
    this.timer = setInterval(() => {
      this.checkVersion(read).catch(onError);
    }, pollMs);
    this.timer.unref();
  }

  stopPolling(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }
}
