// Which server a query goes to, per request: a page or API read may go to a replica; writes, reads
// inside a transaction, and every read after a write (in the request, and for a few seconds in
// the writer's later requests) go to the primary. Set by web/read-routing.ts, read by
// dialects/routing.ts; outside a request everything goes to the primary.
import { AsyncLocalStorage } from 'node:async_hooks';

export interface ReadRoute {
  /** Plain reads of this request may go to a replica. */
  replica: boolean;
  /** This request wrote: its later reads go to the primary, and its answer says so (a cookie). */
  wrote: boolean;
  /** The client wrote a moment ago: read everything from the primary, and skip the page cache. */
  readonly fresh: boolean;
}

const storage = new AsyncLocalStorage<ReadRoute>();

export function withReadRoute<T>(route: ReadRoute, fn: () => T): T {
  return storage.run(route, fn);
}

export function currentReadRoute(): ReadRoute | undefined {
  return storage.getStore();
}

const writers = new AsyncLocalStorage<true>();

/** Runs `fn` as a request that may write: it takes a free database connection before any reader. */
export function withWritePriority<T>(fn: () => T): T {
  return writers.run(true, fn);
}

export function hasWritePriority(): boolean {
  return writers.getStore() === true;
}

/** Runs `fn` as outside any request: bookkeeping writes (rate counters) that no reader needs to see. */
export function outsideReadRoute<T>(fn: () => T): T {
  return storage.exit(fn);
}
