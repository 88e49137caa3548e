// The process: read config, boot, build the app, listen, close gracefully on SIGINT/SIGTERM.
import type { FastifyBaseLogger } from 'fastify';
import { sql } from 'kysely';
import { buildApp } from './app.js';
import { boot, type Runtime } from './boot.js';
import type { Db } from './db/database.js';
import { EXTRACTOR_VERSION } from './extraction/index.js';
import { countStale, reextractStale } from './features/facts/service.js';
import { loadConfig } from './config.js';

async function main(): Promise<void> {
  const config = loadConfig();
  const runtime = await boot(config);
  const app = await buildApp({ config, ...runtime });
  if (runtime.migrated.length) app.log.info({ migrations: runtime.migrated }, 'database migrated');
  if (runtime.reindexed !== null) app.log.info({ articles: runtime.reindexed }, 'search index built');
  if (runtime.demo) app.log.info(runtime.demo, 'demo articles loaded');

  let closing = false;
  // Behind nginx a stop must fail no request: from SIGTERM on, every answer closes its connection
  // (nginx sends nothing more down it), and keep-alive connections are closed as soon as they are
  // idle — not only those idle at the signal — so close() does not wait for nginx to reuse one.
  app.addHook('onSend', (_request, reply, payload, done) => {
    if (closing) reply.header('connection', 'close');
    done(null, payload);
  });
  const close = async (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, 'shutting down');
    const force = setTimeout(() => process.exit(1), 10_000).unref();
    const sweep = setInterval(() => app.server.closeIdleConnections(), 50).unref();
    try {
      await app.close();
      clearInterval(sweep);
      await runtime.database.close();
    } finally {
      clearTimeout(force);
      process.exit(0);
    }
  };
  process.on('SIGINT', () => void close('SIGINT'));
  process.on('SIGTERM', () => void close('SIGTERM'));

  await app.listen({ port: config.port, host: config.host });
  // A new extractor re-reads the stored articles in the background; pages answer meanwhile.
  void reextractInBackground(runtime, app.log);
}

async function reextractInBackground(runtime: Runtime, log: FastifyBaseLogger): Promise<void> {
  try {
    const stale = await countStale(runtime.database.db);
    if (stale === 0) return;
    log.info({ articles: stale, version: EXTRACTOR_VERSION }, 're-extracting articles read by an older extractor');
    const started = performance.now();
    const claim = runtime.database.info.name === 'postgres' ? async (trx: Db) => (await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(1480311) as ok`.execute(trx)).rows[0]?.ok === true : undefined;
    const n = await reextractStale(runtime.database.db, runtime.extractor, { claim, onProgress: (done) => log.debug({ done, of: stale }, 're-extracting') });
    log.info({ articles: n, seconds: Math.round((performance.now() - started) / 1000) }, 're-extraction done');
  } catch (err) {
    log.warn({ err }, 're-extraction stopped; it resumes at the next start');
  }
}

main().catch((err: unknown) => {
  // Start-up problems (bad config, stale schema) are for the operator: the message, not a trace.
  const message = err instanceof Error ? err.message : String(err);
  console.error(`启动失败 (failed to start): ${message}`);
  process.exit(1);
});
