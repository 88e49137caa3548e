import { describe, expect, it } from 'vitest';
import { PageCache } from '../../src/web/page-cache.js';
import { etagMatches } from '../../src/web/context.js';

const entry = (body: string) => ({ status: 200, type: 'text/plain', body: Buffer.from(body), etag: '"x"' });

describe('page cache', () => {
  it('does not store a response rendered before a clear', () => {
    const cache = new PageCache(10);
    const generation = cache.currentGeneration;
    cache.clear(); // a write landed while the page was being rendered
    cache.set('/', entry('old'), generation);
    expect(cache.get('/')).toBeUndefined();
    cache.set('/', entry('new'), cache.currentGeneration);
    expect(cache.get('/')?.body.toString()).toBe('new');
  });

  it('renders a missing page once for every request that asks at the same time', async () => {
    const cache = new PageCache(10);
    let renders = 0;
    let finish!: () => void;
    const gate = new Promise<void>((r) => (finish = r));
    const render = async () => {
      renders++;
      await gate;
      return entry(`render ${renders}`);
    };
    const waiting = Array.from({ length: 50 }, () => cache.getOrRender('/', render));
    finish();
    const got = await Promise.all(waiting);
    expect(renders).toBe(1);
    expect(new Set(got.map((e) => e.body.toString()))).toEqual(new Set(['render 1']));
    expect(cache.get('/')?.body.toString()).toBe('render 1');
  });

  it('shares a failed render with those waiting, then tries again; a clear starts a new render', async () => {
    const cache = new PageCache(10);
    let renders = 0;
    const failing = async () => {
      renders++;
      throw new Error('database down');
    };
    const both = await Promise.allSettled([cache.getOrRender('/', failing), cache.getOrRender('/', failing)]);
    expect(both.map((r) => r.status)).toEqual(['rejected', 'rejected']);
    expect(renders).toBe(1);
    await expect(cache.getOrRender('/', failing)).rejects.toThrow('database down');
    expect(renders).toBe(2);

    // A render that began before a clear is not joined by requests after it, nor stored.
    let release!: () => void;
    const slow = cache.getOrRender('/a', () => new Promise((r) => (release = () => r(entry('before')))));
    cache.clear();
    const fresh = cache.getOrRender('/a', async () => entry('after'));
    release();
    expect((await slow).body.toString()).toBe('before');
    expect((await fresh).body.toString()).toBe('after');
    expect(cache.get('/a')?.body.toString()).toBe('after');
  });

  it('with no room (PAGE_CACHE_ENTRIES=0) every request renders', async () => {
    const cache = new PageCache(0);
    let renders = 0;
    await Promise.all([1, 2, 3].map(() => cache.getOrRender('/', async () => entry(String(++renders)))));
    expect(renders).toBe(3);
  });

  it('evicts the least recently used entry', () => {
    const cache = new PageCache(2);
    const g = cache.currentGeneration;
    cache.set('a', entry('a'), g);
    cache.set('b', entry('b'), g);
    cache.get('a');
    cache.set('c', entry('c'), g);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBeDefined();
  });

  it('clears when the stored version changes, and memoizes per version', async () => {
    const cache = new PageCache(10);
    let version = '1';
    let computed = 0;
    await cache.checkVersion(async () => version);
    const produce = async () => ++computed;
    expect(await cache.memo('n', produce)).toBe(1);
    expect(await cache.memo('n', produce)).toBe(1);
    version = '2';
    await cache.checkVersion(async () => version);
    expect(await cache.memo('n', produce)).toBe(2);
  });

  it('matches If-None-Match like HTTP says', () => {
    expect(etagMatches('"a"', '"a"')).toBe(true);
    expect(etagMatches('W/"a"', '"a"')).toBe(true);
    expect(etagMatches('"b", "a"', '"a"')).toBe(true);
    expect(etagMatches('*', '"a"')).toBe(true);
    expect(etagMatches('"b"', '"a"')).toBe(false);
    expect(etagMatches(undefined, '"a"')).toBe(false);
  });
});
