// Per-request read routing when the database has replicas (db/read-routing.ts): GET and HEAD read
// from a replica; any request that writes tells its client, with a short cookie, to read from the
// primary — and past the page cache — for the next few seconds, so a writer sees its own write
// on whichever instance answers, whatever the replica's lag.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { hasWritePriority, withReadRoute, withWritePriority, currentReadRoute, type ReadRoute } from '../db/read-routing.js';

export const FRESH_COOKIE = 'zs_fresh';
/** Longer than any replica lag worth serving pages through. */
const FRESH_SECONDS = 10;

const routes = new WeakMap<FastifyRequest, ReadRoute>();

function routeOf(request: FastifyRequest): ReadRoute {
  let route = routes.get(request);
  if (!route) {
    const fresh = request.cookies[FRESH_COOKIE] === '1';
    route = { replica: !fresh && (request.method === 'GET' || request.method === 'HEAD'), wrote: false, fresh };
    routes.set(request, route);
  }
  return route;
}

export function readRoutingHooks(app: FastifyInstance, replicas: number): void {
  if (replicas === 0) return;
  // Entered again in preValidation, as the locale is: a body read may leave the request's context.
  const enter = (request: FastifyRequest, _reply: unknown, done: () => void) => {
    const route = routeOf(request);
    if (currentReadRoute() === route) return done();
    withReadRoute(route, done);
  };
  app.addHook('onRequest', enter);
  app.addHook('preValidation', enter);
  app.addHook('onSend', (request, reply, payload, done) => {
    if (routes.get(request)?.wrote) reply.setCookie(FRESH_COOKIE, '1', { path: '/', maxAge: FRESH_SECONDS, httpOnly: true, sameSite: 'lax', secure: 'auto' });
    done(null, payload);
  });
}

/**
 * Requests that may write (any method but GET and HEAD) take the next free database connection
 * before waiting page renders (db/dialects/writers-first.ts), so a read storm cannot hold a form
 * post for a second. On SQLite there is no pool and this changes nothing.
 */
export function writePriorityHooks(app: FastifyInstance): void {
  const enter = (request: FastifyRequest, _reply: unknown, done: () => void) => {
    if (request.method === 'GET' || request.method === 'HEAD' || hasWritePriority()) return done();
    withWritePriority(done);
  };
  app.addHook('onRequest', enter);
  app.addHook('preValidation', enter);
}

/** This request must see the newest data: no page cache (only when replicas are in use). */
export function mustReadFresh(): boolean {
  return currentReadRoute()?.fresh === true;
}

/** Runs `fn` reading from a replica (the content version poll: pages are cached as replicas see them). */
export function onReplica<T>(fn: () => Promise<T>): Promise<T> {
  return withReadRoute({ replica: true, wrote: false, fresh: false }, fn);
}
