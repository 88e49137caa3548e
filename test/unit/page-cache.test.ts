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
