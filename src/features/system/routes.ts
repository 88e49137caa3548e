// /healthz and the stylesheet.
import fs from 'node:fs';
import path from 'node:path';
import { createHash } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { AppContext } from '../../web/context.js';
import { clearFault, currentFault, FAULT_HEALTH, noteFault } from '../../db/storage-faults.js';
import { assetsDir } from '../../paths.js';

export function loadStylesheet(): { href: string; body: string } {
  const body = fs.readFileSync(path.join(assetsDir, 'site.css'), 'utf8');
  const hash = createHash('sha1').update(body).digest('hex').slice(0, 10);
  return { href: `/assets/site.${hash}.css`, body };
}

export function systemRoutes(app: FastifyInstance, ctx: AppContext, css: { href: string; body: string }): void {
  app.get('/healthz', async (_request, reply) => {
    const { info } = ctx.database;
    reply.header('cache-control', 'no-store');
    try {
      await info.ping();
    } catch (err) {
      app.log.error({ err }, 'health check failed');
      return reply.code(503).send({ status: 'error', database: '数据库无响应' });
    }
    // Replicas: a missing one is not an outage (the primary takes its reads), but say so.
    const replicas = info.replicas > 0 ? { replicas: info.replicas, replicasAnswering: await info.replicasAnswering() } : {};
    // Reads work; can writes? (a check that takes no lock, or the last write that failed)
    const now = await info.writeProblem().catch(() => null);
    if (now) noteFault(now);
    else if (currentFault()?.fault === 'read_only') clearFault();
    const fault = currentFault();
    if (fault) {
      return reply.code(503).send({ status: 'degraded', database: info.name, reads: 'ok', writes: FAULT_HEALTH[fault.fault], since: fault.at, ...replicas });
    }
    return reply.send({ status: 'ok', database: info.name, ...replicas });
  });

  const icon = fs.readFileSync(path.join(assetsDir, 'favicon.svg'), 'utf8');
  for (const url of ['/favicon.svg', '/favicon.ico']) {
    app.get(url, async (_request, reply) => reply.type('image/svg+xml').header('cache-control', 'public, max-age=86400').send(icon));
  }

  app.get(css.href, async (_request, reply) =>
    reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=31536000, immutable').send(css.body),
  );
}
